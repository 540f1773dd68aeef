// Progressive enhancement for the unit page: selecting words in the unit text fills the
// "Kutipan" field. Typing or pasting the quote works the same without this file.
(function () {
  "use strict";
  var source = document.querySelector("[data-quote-source]");
  var target = document.querySelector("[data-quote-target]");
  if (!source || !target) { return; }
  var timer = null;

  function take() {
    var sel = window.getSelection ? window.getSelection() : null;
    if (!sel || sel.isCollapsed || sel.rangeCount === 0) { return; }
    var range = sel.getRangeAt(0);
    // only a selection that lies wholly inside the unit's own text is a quote of it
    if (!source.contains(range.startContainer) || !source.contains(range.endContainer)) { return; }
    var text = sel.toString().replace(/\s+/g, " ").trim();
    if (text.length < 2 || text.length > 2000) { return; }
    target.value = text;
    target.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // selectionchange also covers touch handles on phones; wait until the selection settles
  document.addEventListener("selectionchange", function () {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(take, 250);
  });
})();
