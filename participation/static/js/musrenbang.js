// Progressive enhancement for the usulan form: show similar usulan of the same kelurahan while
// the title is typed. Without JavaScript the "Cek kemiripan" button does the same on the server.
(function () {
  "use strict";
  var form = document.getElementById("usulan-form");
  if (!form || !window.fetch) { return; }
  var title = document.getElementById("title");
  var box = document.getElementById("similar");
  var url = form.getAttribute("data-similar-url");
  var timer = null;
  function kelurahan() {
    var select = document.getElementById("kelurahan_code");
    return select ? select.value : form.getAttribute("data-kelurahan");
  }
  function render(items) {
    box.textContent = "";
    if (!items.length) { return; }
    var wrap = document.createElement("div");
    wrap.className = "similar";
    var h = document.createElement("h2");
    h.textContent = "Usulan serupa sudah ada di kelurahan ini";
    wrap.appendChild(h);
    var ul = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url; a.textContent = item.title;
      li.appendChild(a);
      li.appendChild(document.createTextNode(" (" + item.status + ")"));
      ul.appendChild(li);
    });
    wrap.appendChild(ul);
    box.appendChild(wrap);
  }
  function check() {
    var code = kelurahan();
    if (!code || title.value.trim().length < 4) { render([]); return; }
    var q = url + "?kelurahan=" + encodeURIComponent(code) + "&judul=" + encodeURIComponent(title.value) +
      "&kecuali=" + encodeURIComponent(form.getAttribute("data-exclude") || "");
    fetch(q, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(render)
      .catch(function () { /* the server-side button still works */ });
  }
  title.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 400);
  });
})();
