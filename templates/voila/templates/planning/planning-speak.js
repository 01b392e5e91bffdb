// Read aloud on the phone (issue 25): a tap on a .planning-speak button says its data-speak
// text with the browser's own speech synthesis, in the button's language (data-lang), only
// where the phone has a voice of that language (Indonesian: a voice whose lang starts "id").
// Where it has none the buttons stay hidden and nothing is said. Nothing is sent anywhere:
// speechSynthesis speaks on the phone, and this script makes no request.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var LANGS = ["id", "en"];

  function voiceFor(lang) {
    if (!synth) return null;
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().indexOf(lang) === 0) return voices[i];
    }
    return null;
  }

  function mark() {
    for (var i = 0; i < LANGS.length; i++) {
      document.body.classList.toggle("planning-can-speak-" + LANGS[i], !!voiceFor(LANGS[i]));
    }
  }

  if (synth) {
    mark();
    if ("onvoiceschanged" in synth) synth.addEventListener("voiceschanged", mark);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".planning-speak") : null;
    if (!button) return;
    event.preventDefault();
    var voice = voiceFor(button.getAttribute("data-lang") || "id");
    if (!voice) return;  // no voice of that language on this phone: say nothing
    var words = new SpeechSynthesisUtterance(button.getAttribute("data-speak") || "");
    words.voice = voice;
    words.lang = voice.lang;
    synth.cancel();
    synth.speak(words);
  });
})();
