// What a screen reader hears on the room's pages (see index.html.j2): the open step when it
// changes, each status line (stored, refused) when it changes; on the trainee's page the focus
// goes to the new step's first control. Controls ipywidgets draws without a name get one.
(function () {
  "use strict";
  var live = document.getElementById("planning-announce");
  var said = new WeakMap();
  var lastStep = "";
  var timer = null;

  function say(text) {
    if (!live || !text) return;
    live.textContent = "";
    window.setTimeout(function () { live.textContent = text; }, 120);
  }

  function usable(el) {
    return !el.disabled && el.getClientRects().length > 0;
  }

  function firstControlAfter(heading) {
    var all = document.querySelectorAll(
      ".planning-trainee input, .planning-trainee select, .planning-trainee textarea, " +
      ".planning-trainee button");
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (heading.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && usable(el)) {
        return el;
      }
    }
    return null;
  }

  function focusAfter(heading, tries) {
    var el = document.body.contains(heading) ? firstControlAfter(heading) : null;
    if (el) { el.focus(); return; }
    if (tries > 0) window.setTimeout(function () { focusAfter(heading, tries - 1); }, 250);
  }

  function nameControls() {
    // A control whose only words are its placeholder or a tooltip gets them as its name.
    var controls = document.querySelectorAll(
      ".planning-room input:not([aria-label]), .planning-room select:not([aria-label]), " +
      ".planning-room textarea:not([aria-label]), .planning-room button:not([aria-label])");
    for (var i = 0; i < controls.length; i++) {
      var el = controls[i];
      if (el.labels && el.labels.length) continue;
      if (el.tagName === "BUTTON" && el.textContent.trim()) continue;
      var words = el.getAttribute("placeholder") || el.getAttribute("title") || "";
      if (!words) {
        var box = el.closest(".widget-inline-hbox, .widget-inline-vbox");
        var label = box && box.querySelector(".widget-label");
        words = label ? label.textContent.trim() : "";
      }
      if (words) el.setAttribute("aria-label", words);
    }
  }

  function markCards() {
    // A picture card says whether it is the one chosen (its words start with a check mark).
    var cards = document.querySelectorAll(".planning-pic-button");
    for (var i = 0; i < cards.length; i++) {
      var chosen = cards[i].textContent.trim().indexOf("\u2713") === 0;
      cards[i].setAttribute("aria-pressed", chosen ? "true" : "false");
    }
  }

  function look() {
    nameControls();
    markCards();
    var step = document.querySelector(".planning-room-now, .planning-facilitator .planning-guide-title");
    var text = step ? step.textContent.trim() : "";
    if (text && text !== lastStep) {
      lastStep = text;
      say(text);
      if (step.closest(".planning-trainee")) focusAfter(step, 20);
    }
    var lines = document.querySelectorAll(".planning-room .planning-status");
    for (var i = 0; i < lines.length; i++) {
      var words = lines[i].textContent.trim();
      if (words && said.get(lines[i]) !== words) {
        said.set(lines[i], words);
        say(words);
      }
    }
  }

  new MutationObserver(function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(look, 150);
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
})();
