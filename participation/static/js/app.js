// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Focus the error summary after a failed submit so screen readers announce it.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // Ask before destructive actions marked with data-confirm.
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    var msg = form.getAttribute && form.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { ev.preventDefault(); }
  });
})();
