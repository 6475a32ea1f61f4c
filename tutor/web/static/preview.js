// The live preview: as the student types, show how the answer reads (or where it cannot be read).
// Only reading: the server parses the text and returns it as MathML; nothing is checked.
(function () {
  "use strict";
  var input = document.getElementById("answer");
  var box = document.getElementById("preview");
  if (!input || !box) return;
  var url = box.getAttribute("data-url");
  var timer = null, asked = 0;

  function show(data, text) {
    box.textContent = "";
    box.className = "preview " + (data.ok ? "ok" : (data.message ? "problem" : ""));
    if (data.ok) {
      var label = document.createElement("span");
      label.textContent = "Interpreted as: ";
      box.appendChild(label);
      if (data.mathml) {
        // MathML the server printed from its own parse of the text (SymPy's printer): markup, not the text
        var holder = document.createElement("span");
        holder.className = "math";
        holder.innerHTML = data.mathml;
        box.appendChild(holder);
      }
      var plain = document.createElement("code");
      plain.textContent = " " + data.text;
      box.appendChild(plain);
    } else if (data.message) {
      box.appendChild(document.createTextNode("Cannot read this yet: " + data.message));
      if (data.column) {
        var caret = document.createElement("span");
        caret.className = "caret";
        caret.textContent = text + "\n" + " ".repeat(Math.max(0, data.column - 1)) + "^";
        box.appendChild(caret);
      }
    }
  }

  function ask() {
    var text = input.value;
    var mine = ++asked;
    if (!text.trim()) { show({ok: false, message: ""}, text); return; }
    fetch(url + "?answer=" + encodeURIComponent(text), {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data && mine === asked) show(data, text); })
      .catch(function () { /* the preview is a help: the form still works without it */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 150);
  });
  if (input.value) ask();
})();
