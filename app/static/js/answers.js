// Show mode answers: "Let them answer" turns the screen to the other person with the question's
// panel (yes/no, choice, pain scale, number, time, body map) in their language; a tap shows the
// reader what was chosen, in the reader's language, with Play to confirm it aloud. "Ask next"
// keeps the answer in a short summary at the top of show mode. Everything stays in this
// browser tab (sessionStorage): nothing is sent to the server.
(function () {
  "use strict";

  var SUMMARY_KEY = "phrasebook.answers";
  var section = document.querySelector("[data-answer]");
  var dataBlock = document.getElementById("answer-data");
  var summaryBox = document.querySelector("[data-answer-summary]");
  var show = document.querySelector(".show");

  function readSummary() {
    try {
      var items = JSON.parse(window.sessionStorage.getItem(SUMMARY_KEY) || "[]");
      return Array.isArray(items) ? items : [];
    } catch (e) {
      return [];
    }
  }

  function writeSummary(items) {
    try {
      window.sessionStorage.setItem(SUMMARY_KEY, JSON.stringify(items.slice(-12)));
    } catch (e) { /* private mode: the summary lives as long as the page */ }
  }

  function drawSummary() {
    if (!summaryBox) {
      return;
    }
    var items = readSummary();
    var list = summaryBox.querySelector("[data-answer-summary-items]");
    list.textContent = "";
    items.forEach(function (item) {
      var entry = document.createElement("li");
      var question = document.createElement("span");
      question.className = "summary-question";
      question.textContent = item.question;
      var answer = document.createElement("strong");
      answer.textContent = item.answer;
      entry.appendChild(question);
      entry.appendChild(document.createTextNode(" "));
      entry.appendChild(answer);
      list.appendChild(entry);
    });
    summaryBox.hidden = items.length === 0;
  }

  if (summaryBox) {
    summaryBox.querySelector("[data-answer-clear]").addEventListener("click", function () {
      writeSummary([]);
      drawSummary();
    });
    drawSummary();
  }
  if (!section || !dataBlock || !show) {
    return;
  }

  var panel = JSON.parse(dataBlock.textContent);
  var labels = section.dataset;
  var targetLang = labels.targetLang;
  var readerLang = labels.reader;
  var options = section.querySelector(".answer-options");
  var chosenBox = section.querySelector(".answer-chosen");
  var openButton = document.querySelector("[data-answer-open]");
  var chosen = null;

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

  function relative(lang, amount, unit, auto) {
    try {
      var format = new Intl.RelativeTimeFormat(lang, { numeric: auto ? "auto" : "always" });
      return format.format(-amount, unit);
    } catch (e) {
      return String(amount) + " " + unit;
    }
  }

  // A choice: what the other person tapped, in both languages, and the phrase to play.
  function choose(answer) {
    chosen = answer;
    options.hidden = true;
    var body = section.querySelector(".answer-body");
    if (body) {
      body.hidden = true;
    }
    section.querySelector(".answer-question").hidden = true;
    chosenBox.textContent = "";
    var heading = element("p", "chosen-reader",
      labels.labelChose.replace("{answer}", answer.reader), answer.readerLang);
    chosenBox.appendChild(heading);
    chosenBox.appendChild(element("p", "chosen-target", answer.target, targetLang));
    var actions = element("div", "chosen-actions");
    if (answer.phrase && window.phrasebookAudioButtons) {
      var src = labels.audioTemplate.replace("UID", encodeURIComponent(answer.phrase))
        .replace("LANG", encodeURIComponent(answer.lang || targetLang));
      actions.appendChild(window.phrasebookAudioButtons(labels, src, answer.target));
    }
    var next = element("button", "answer-next", labels.labelNext);
    next.type = "button";
    next.addEventListener("click", askNext);
    var again = element("button", "answer-again", labels.labelAgain);
    again.type = "button";
    again.addEventListener("click", open);
    actions.appendChild(next);
    actions.appendChild(again);
    chosenBox.appendChild(actions);
    chosenBox.hidden = false;
    next.focus();
  }

  function askNext() {
    var items = readSummary();
    items.push({ question: labels.questionReader, answer: chosen.reader });
    writeSummary(items);
    var nextUrl = show.getAttribute("data-next");
    if (nextUrl) {
      window.location.assign(nextUrl);
      return;
    }
    close();
    drawSummary();
  }

  function optionButton(label, extraClass) {
    var button = element("button", "answer-option" + (extraClass ? " " + extraClass : ""));
    button.type = "button";
    button.appendChild(element("span", "option-target", label.target, label.target_lang));
    if (label.reader && label.reader !== label.target) {
      button.appendChild(element("span", "option-reader", label.reader, label.reader_lang));
    }
    button.addEventListener("click", function () {
      choose({ reader: label.reader, readerLang: label.reader_lang, target: label.target,
        phrase: label.phrase, lang: label.target_lang });
    });
    return button;
  }

  function drawOptions() {
    panel.labels.forEach(function (label) {
      options.appendChild(optionButton(label));
    });
  }

  function drawScale() {
    var low = panel.labels.filter(function (l) { return l.key === "low"; })[0];
    var high = panel.labels.filter(function (l) { return l.key === "high"; })[0];
    var grid = element("div", "answer-scale");
    for (var value = panel.min; value <= panel.max; value += 1) {
      (function (value) {
        var button = element("button", "answer-option scale-value");
        button.type = "button";
        button.appendChild(element("span", "option-target", String(value)));
        var end = value === panel.min ? low : (value === panel.max ? high : null);
        if (end) {
          button.appendChild(element("span", "option-words", end.target, end.target_lang));
          button.classList.add("scale-end");
        }
        button.addEventListener("click", function () {
          var reader = String(value) + (end ? " — " + end.reader : "");
          var target = String(value) + (end ? " — " + end.target : "");
          choose({ reader: reader, readerLang: readerLang, target: target,
            phrase: end ? end.phrase : null });
        });
        grid.appendChild(button);
      })(value);
    }
    options.appendChild(grid);
  }

  function words(lang, value) {
    var table = panel.numbers[lang];
    return table ? table[value - panel.min] : "";
  }

  // A keypad for numbers (and the number of a time); ``done`` gets the value.
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
        var said = words(targetLang, value);
        if (panel.numbers.native && value > 0 && value < 100) {
          said = panel.numbers["native"][value - panel.min] + " · " + said;
        }
        spoken.textContent = said;
      }
      onValue(value, true);
    }
    var pad = element("div", "answer-keypad");
    ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "✓"].forEach(function (key) {
      var button = element("button", "keypad-key", key);
      button.type = "button";
      if (key === "⌫") {
        button.setAttribute("aria-label", labels.labelDelete);
      }
      if (key === "✓") {
        button.setAttribute("aria-label", labels.labelDone);
        button.classList.add("keypad-done");
      }
      button.addEventListener("click", function () {
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
      pad.appendChild(button);
    });
    options.appendChild(display);
    options.appendChild(pad);
    update();
  }

  function drawNumber() {
    drawKeypad(function (value, typing) {
      if (typing || value < panel.min) {
        return;
      }
      var target = String(value) + " — " + words(targetLang, value);
      choose({ reader: String(value) + " — " + words(readerLang, value),
        readerLang: readerLang, target: target, phrase: null });
    });
  }

  function drawTime() {
    var units = element("div", "answer-units");
    var amount = 0;
    var now = element("button", "answer-option unit-now");
    now.type = "button";
    now.textContent = relative(targetLang, 0, "second", true);
    now.addEventListener("click", function () {
      choose({ reader: relative(readerLang, 0, "second", true), readerLang: readerLang,
        target: relative(targetLang, 0, "second", true), phrase: null });
    });
    var buttons = panel.units.map(function (plural) {
      var unit = plural.replace(/s$/, "");
      var button = element("button", "answer-option unit", "", targetLang);
      button.type = "button";
      button.addEventListener("click", function () {
        choose({ reader: relative(readerLang, amount, unit, true), readerLang: readerLang,
          target: relative(targetLang, amount, unit, true), phrase: null });
      });
      button.dataset.unit = unit;
      units.appendChild(button);
      return button;
    });
    drawKeypad(function (value) {
      amount = value;
      buttons.forEach(function (button) {
        button.textContent = relative(targetLang, amount, button.dataset.unit, true);
      });
    });
    options.querySelector(".keypad-done").hidden = true;  // a unit button ends the answer
    options.insertBefore(now, options.firstChild);
    options.appendChild(units);
  }

  function drawBody() {
    var body = section.querySelector(".answer-body");
    var byKey = {};
    panel.labels.forEach(function (label) { byKey[label.key] = label; });
    body.querySelectorAll("[data-region]").forEach(function (region) {
      function pick() {
        var label = byKey[region.getAttribute("data-region")];
        if (!label) {
          return;
        }
        body.querySelectorAll(".chosen").forEach(function (old) { old.classList.remove("chosen"); });
        body.querySelectorAll('[data-region="' + label.key + '"]').forEach(function (same) {
          same.classList.add("chosen");
        });
        choose({ reader: label.reader, readerLang: label.reader_lang, target: label.target,
          phrase: label.phrase, lang: label.target_lang });
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

  var drawn = false;
  function open() {
    if (!drawn) {
      if (panel.kind === "yes-no" || panel.kind === "choice") {
        drawOptions();
      } else if (panel.kind === "scale") {
        drawScale();
      } else if (panel.kind === "number") {
        drawNumber();
      } else if (panel.kind === "time") {
        drawTime();
      } else if (panel.kind === "body") {
        drawBody();
      }
      drawn = true;
    }
    show.classList.add("answering");
    section.hidden = false;
    section.querySelector(".answer-question").hidden = false;
    options.hidden = false;
    var body = section.querySelector(".answer-body");
    if (body) {
      body.hidden = false;
    }
    chosenBox.hidden = true;
    var first = section.querySelector(".answer-option, [data-region], .keypad-key");
    if (first) {
      first.focus();
    }
  }

  function close() {
    show.classList.remove("answering");
    section.hidden = true;
    if (openButton) {
      openButton.focus();
    }
  }

  if (openButton) {
    openButton.hidden = false;
    openButton.addEventListener("click", open);
  }
  section.querySelector("[data-answer-close]").addEventListener("click", close);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && show.classList.contains("answering")) {
      event.stopImmediatePropagation();
      close();
    }
  }, true);
})();
