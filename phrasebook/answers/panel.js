// The answer panel, drawn in the browser: shared by the web app's show mode (app/static/js/
// answers.js) and the field kit (phrasebook/kit), which inlines this file.
//
// window.phrasebookAnswerPanel(root, panel, options) fills ``root`` with the question, the
// panel's choices (yes/no and choice buttons, the pain scale, a keypad for numbers and times,
// the body map) in the other person's language, and shows the reader what was chosen.
// ``panel`` is Panel.as_json() (phrasebook/answers/__init__.py), with ``bodyMap`` (the drawn
// map's geometry) for a body panel. ``options``: question (the target text), targetLang,
// readerLang, strings {chose, next, again, delete, done}, audio(answer) -> an element with
// Play buttons or null, next(answer). Returns {open: function}.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function element(tag, className, text, lang) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    if (lang) {
      node.setAttribute("lang", lang);
    }
    return node;
  }

  function button(className, text, lang) {
    var node = element("button", className, text, lang);
    node.type = "button";
    return node;
  }

  function relative(lang, amount, unit, auto) {
    try {
      var format = new Intl.RelativeTimeFormat(lang, { numeric: auto ? "auto" : "always" });
      return format.format(-amount, unit);
    } catch (e) {
      return String(amount) + " " + unit;
    }
  }

  function bodyMap(geometry, labels, lang) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "body-map");
    svg.setAttribute("viewBox", geometry.viewBox);
    svg.setAttribute("role", "group");
    svg.setAttribute("lang", lang);
    // Left to right, as drawn (JSON objects may come with their keys sorted).
    var views = Object.keys(geometry.views).sort(function (a, b) {
      return geometry.views[a].x - geometry.views[b].x;
    });
    views.forEach(function (view) {
      var group = document.createElementNS(SVG, "g");
      group.setAttribute("class", "body-view body-" + view);
      if (labels[view]) {
        var caption = document.createElementNS(SVG, "text");
        caption.setAttribute("x", geometry.views[view].x);
        caption.setAttribute("y", "398");
        caption.setAttribute("text-anchor", "middle");
        caption.textContent = labels[view].target;
        group.appendChild(caption);
      }
      geometry.regions.forEach(function (region) {
        var d = region.paths[view];
        var label = labels[region.id];
        if (!d || !label) {
          return;
        }
        var path = document.createElementNS(SVG, "path");
        path.setAttribute("id", "body-" + view + "-" + region.id);
        path.setAttribute("data-region", region.id);
        path.setAttribute("d", d);
        path.setAttribute("role", "button");
        path.setAttribute("tabindex", "0");
        path.setAttribute("aria-label", label.target);
        var title = document.createElementNS(SVG, "title");
        title.textContent = label.target;
        path.appendChild(title);
        group.appendChild(path);
      });
      svg.appendChild(group);
    });
    return svg;
  }

  window.phrasebookAnswerPanel = function (root, panel, options) {
    var strings = options.strings;
    var targetLang = options.targetLang;
    var readerLang = options.readerLang;
    var byKey = {};
    panel.labels.forEach(function (label) { byKey[label.key] = label; });
    var question = element("p", "answer-question", options.question, targetLang);
    var choices = element("div", "answer-options answer-kind-" + panel.kind);
    var chosenBox = element("div", "answer-chosen");
    chosenBox.setAttribute("role", "status");
    chosenBox.setAttribute("aria-live", "polite");
    chosenBox.hidden = true;
    root.appendChild(question);
    root.appendChild(choices);
    root.appendChild(chosenBox);

    function fromLabel(label) {
      return { reader: label.reader, readerLang: label.reader_lang, target: label.target,
        phrase: label.phrase, lang: label.target_lang };
    }

    function choose(answer) {
      question.hidden = true;
      choices.hidden = true;
      chosenBox.textContent = "";
      chosenBox.appendChild(element("p", "chosen-reader",
        strings.chose.replace("{answer}", answer.reader), answer.readerLang));
      chosenBox.appendChild(element("p", "chosen-target", answer.target, answer.lang || targetLang));
      var actions = element("div", "chosen-actions");
      var audio = answer.phrase ? options.audio(answer) : null;
      if (audio) {
        actions.appendChild(audio);
      }
      var next = button("answer-next", strings.next);
      next.addEventListener("click", function () { options.next(answer); });
      var again = button("answer-again", strings.again);
      again.addEventListener("click", open);
      actions.appendChild(next);
      actions.appendChild(again);
      chosenBox.appendChild(actions);
      chosenBox.hidden = false;
      next.focus();
    }

    function optionButton(label) {
      var node = button("answer-option");
      node.appendChild(element("span", "option-target", label.target, label.target_lang));
      if (label.reader && label.reader !== label.target) {
        node.appendChild(element("span", "option-reader", label.reader, label.reader_lang));
      }
      node.addEventListener("click", function () { choose(fromLabel(label)); });
      return node;
    }

    function drawOptions() {
      panel.labels.forEach(function (label) { choices.appendChild(optionButton(label)); });
    }

    function drawScale() {
      var grid = element("div", "answer-scale");
      for (var value = panel.min; value <= panel.max; value += 1) {
        (function (value) {
          var node = button("answer-option scale-value");
          node.appendChild(element("span", "option-target", String(value)));
          var end = value === panel.min ? byKey.low : (value === panel.max ? byKey.high : null);
          if (end) {
            node.appendChild(element("span", "option-words", end.target, end.target_lang));
            node.classList.add("scale-end");
          }
          node.addEventListener("click", function () {
            choose({ reader: String(value) + (end ? " — " + end.reader : ""),
              readerLang: readerLang, target: String(value) + (end ? " — " + end.target : ""),
              phrase: end ? end.phrase : null });
          });
          grid.appendChild(node);
        })(value);
      }
      choices.appendChild(grid);
    }

    function words(side, value) {
      var table = panel.numbers[side];
      return table ? table[value - panel.min] : "";
    }

    // A keypad; ``onValue(value, typing)`` hears every key, typing false for ✓.
    function drawKeypad(onValue) {
      var display = element("output", "answer-number");
      var digits = element("span", "number-digits", "0");
      var spoken = element("span", "number-words", "", targetLang);
      display.appendChild(digits);
      display.appendChild(spoken);
      var value = 0;
      var max = panel.kind === "number" ? panel.max : 999;
      function update() {
        digits.textContent = String(value);
        if (panel.kind === "number") {
          var said = words("target", value);
          if (panel.numbers["native"] && value > 0 && value < 100) {
            said = panel.numbers["native"][value - panel.min] + " · " + said;
          }
          spoken.textContent = said;
        }
        onValue(value, true);
      }
      var pad = element("div", "answer-keypad");
      ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "✓"].forEach(function (key) {
        var node = button("keypad-key", key);
        if (key === "⌫") {
          node.setAttribute("aria-label", strings["delete"]);
        }
        if (key === "✓") {
          node.setAttribute("aria-label", strings.done);
          node.classList.add("keypad-done");
        }
        node.addEventListener("click", function () {
          if (key === "⌫") {
            value = Math.floor(value / 10);
          } else if (key === "✓") {
            onValue(value, false);
            return;
          } else if (value * 10 + Number(key) <= max) {
            value = value * 10 + Number(key);
          }
          update();
        });
        pad.appendChild(node);
      });
      choices.appendChild(display);
      choices.appendChild(pad);
      update();
    }

    function drawNumber() {
      drawKeypad(function (value, typing) {
        if (typing || value < panel.min) {
          return;
        }
        choose({ reader: String(value) + " — " + words("reader", value), readerLang: readerLang,
          target: String(value) + " — " + words("target", value), phrase: null });
      });
    }

    function drawTime() {
      var amount = 0;
      var now = button("answer-option unit-now", relative(targetLang, 0, "second", true), targetLang);
      now.addEventListener("click", function () {
        choose({ reader: relative(readerLang, 0, "second", true), readerLang: readerLang,
          target: relative(targetLang, 0, "second", true), phrase: null });
      });
      choices.appendChild(now);
      var units = element("div", "answer-units");
      var buttons = panel.units.map(function (plural) {
        var unit = plural.replace(/s$/, "");
        var node = button("answer-option unit", "", targetLang);
        node.addEventListener("click", function () {
          choose({ reader: relative(readerLang, amount, unit, true), readerLang: readerLang,
            target: relative(targetLang, amount, unit, true), phrase: null });
        });
        node.setAttribute("data-unit", unit);
        units.appendChild(node);
        return node;
      });
      drawKeypad(function (value) {
        amount = value;
        buttons.forEach(function (node) {
          node.textContent = relative(targetLang, amount, node.getAttribute("data-unit"), true);
        });
      });
      choices.querySelector(".keypad-done").hidden = true;  // a unit button ends the answer
      choices.appendChild(units);
    }

    function drawBody() {
      var holder = element("div", "answer-body");
      var svg = bodyMap(panel.bodyMap, byKey, targetLang);
      holder.appendChild(svg);
      choices.appendChild(holder);
      svg.querySelectorAll("[data-region]").forEach(function (region) {
        function pick() {
          var key = region.getAttribute("data-region");
          svg.querySelectorAll(".chosen").forEach(function (old) { old.classList.remove("chosen"); });
          svg.querySelectorAll('[data-region="' + key + '"]').forEach(function (same) {
            same.classList.add("chosen");
          });
          choose(fromLabel(byKey[key]));
        }
        region.addEventListener("click", pick);
        region.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            pick();
          }
        });
      });
    }

    var drawers = { "yes-no": drawOptions, choice: drawOptions, scale: drawScale,
      number: drawNumber, time: drawTime, body: drawBody };
    var drawn = false;

    function open() {
      if (!drawn) {
        drawers[panel.kind]();
        drawn = true;
      }
      question.hidden = false;
      choices.hidden = false;
      chosenBox.hidden = true;
      var first = choices.querySelector(".answer-option, [data-region], .keypad-key");
      if (first) {
        first.focus();
      }
    }

    return { open: open };
  };
})();
