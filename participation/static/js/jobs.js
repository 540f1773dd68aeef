// The job status page, with JavaScript: poll the job's JSON and move the bar in place instead
// of reloading the whole page (without JavaScript, a <noscript> meta refresh does that). When the
// job ends the page reloads once, to show the result link or the reason and the retry button.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-poll]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-job-poll");
  var status = box.getAttribute("data-status");
  if (status !== "queued" && status !== "running") { return; }
  var bar = box.querySelector("progress");
  var percent = box.querySelector(".job-percent");
  var step = box.querySelector(".job-step");
  var sep = box.querySelector(".job-step-sep");
  var state = box.querySelector(".job-state");
  var delay = 1000;

  function show(data) {
    bar.value = data.progress;
    bar.textContent = data.progress + "%";
    if (percent.textContent !== data.progress + "%") { percent.textContent = data.progress + "%"; }
    if (step.textContent !== data.step) {
      step.textContent = data.step;
      sep.textContent = data.step ? " — " : "";
    }
    if (state.textContent !== data.status_label) {
      state.textContent = data.status_label;
      state.className = "job-state job-state-" + data.status;
    }
    box.setAttribute("data-status", data.status);
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store",
                 headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.finished) { window.location.reload(); return; }
        delay = 1000;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        // the network or the server is away for a moment: wait longer, up to 30 s
        delay = Math.min(delay * 2, 30000);
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
