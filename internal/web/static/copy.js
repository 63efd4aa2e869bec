// Copy buttons: <button class="copy" data-copy="ID"> copies the text of
// the element with that id. The clipboard API needs a secure context
// (https or localhost); elsewhere the text is selected for Ctrl+C.
(function () {
  "use strict";
  function select(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
  function done(button, text) {
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    button.textContent = text;
    button.classList.add("copied");
    setTimeout(function () {
      button.textContent = label;
      button.classList.remove("copied");
    }, 2000);
  }
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest("button.copy");
    if (!button) return;
    var el = document.getElementById(button.getAttribute("data-copy"));
    if (!el) return;
    var text = el.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        done(button, "Copied");
      }, function () {
        select(el);
        done(button, "Press Ctrl+C");
      });
    } else {
      select(el);
      done(button, document.execCommand && document.execCommand("copy") ? "Copied" : "Press Ctrl+C");
    }
  });
})();
