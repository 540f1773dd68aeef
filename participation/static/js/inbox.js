// Keyboard shortcuts for the tim penyusun's inbox (issue 15). Every action is also a link or a
// field on the page: without this file nothing is lost.
//   /            the inbox's search field (from a comment's page: the inbox, search focused)
//   j or →       the next comment matching the filter (one-by-one page)
//   k or ←       the previous one
// Ignored while typing in a field, and with Ctrl, Alt or Meta held.
(function () {
  "use strict";
  function typing(el) {
    if (!el) { return false; }
    var tag = (el.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || el.isContentEditable;
  }
  function follow(selector) {
    var link = document.querySelector(selector);
    if (link && link.href) { window.location.href = link.href; return true; }
    return false;
  }
  var search = document.querySelector("[data-search]");
  if (search && window.location.hash === "#f-q") { search.focus(); }
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) { return; }
    if (typing(event.target)) { return; }
    var key = event.key;
    var done = false;
    if (key === "/") {
      if (search) { search.focus(); search.select(); done = true; }
      else {
        var home = document.querySelector("[data-search-home]");
        if (home) { window.location.href = home.href + "#f-q"; done = true; }
      }
    } else if (key === "j" || key === "ArrowRight") {
      done = follow("[data-nav=next]");
    } else if (key === "k" || key === "ArrowLeft") {
      done = follow("[data-nav=prev]");
    }
    if (done) { event.preventDefault(); }
  });
})();
