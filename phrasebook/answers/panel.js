// The answer panel, drawn in the browser: shared by the web app's show mode (app/static/js/
// answers.js) and the field kit (phrasebook/kit), which inlines this file.
//
// window.phrasebookAnswerPanel(root, panel, options) fills ``root`` with the question, the
// panel's choices (yes/no and choice buttons, the pain scale, a keypad for numbers and times,
// the body map) in the other person's language, and shows the reader what was chosen.
// ``panel`` is Panel.as_json() (phrasebook/answers/__init__.py), with ``bodyMap`` (the drawn
// map's geometry) for a body panel. ``options``: question (the target text), targetLang,
// readerLang, strings {chose, next, again, delete, done, whole, list, closer}, audio(answer) -> an element with
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

  // The body map, one view (front or back) at a time. The whole figure is too small on a phone
  // for a gloved finger (the neck is 12 of 400 units), so it first offers its quarters
  // (``geometry.bands``: head, chest and arms, hips and hands, legs and feet) as large
  // targets; a tap on one shows that quarter across the panel, where every region is at least
  // 44 px, and a tap there chooses. Returns {svg, show(view, band, onZoom)}.
  function bodyMap(geometry, labels, lang, zoomLabel) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "body-map");
    svg.setAttribute("role", "group");
    svg.setAttribute("lang", lang);
    var groups = {};
    var bandTargets = [];
    Object.keys(geometry.views).forEach(function (view) {
      var group = document.createElementNS(SVG, "g");
      group.setAttribute("class", "body-view body-" + view);
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
        path.setAttribute("aria-label", label.target);
        var title = document.createElementNS(SVG, "title");
        title.textContent = label.target;
        path.appendChild(title);
        group.appendChild(path);
      });
      groups[view] = group;
      svg.appendChild(group);
    });
    var centre = function (view) { return geometry.views[view].x; };
    // A region belongs to the quarter its middle lies in (from its path data, ``M x,y L x,y …
    // Z`` as tools/draw_body_map.py writes it: known before anything is drawn, read once).
    // Its neighbours' parts in view are drawn for orientation, not offered (they may be cut
    // small).
    var middles = new Map();
    svg.querySelectorAll("[data-region]").forEach(function (path) {
      var ys = (path.getAttribute("d").match(/-?[\d.]+/g) || []).filter(function (v, i) {
        return i % 2 === 1;
      }).map(Number);
      middles.set(path, (Math.min.apply(null, ys) + Math.max.apply(null, ys)) / 2);
    });
    var inBand = function (path, band) {
      var middle = middles.get(path);
      return middle >= band.top && middle < band.bottom;
    };
    function regionsOf(view, band) {
      return Array.prototype.filter.call(groups[view].querySelectorAll("[data-region]"),
        function (path) { return !band || inBand(path, band); });
    }
    function show(view, band, onZoom) {
      bandTargets.forEach(function (target) { target.remove(); });
      bandTargets = [];
      Object.keys(groups).forEach(function (name) {
        groups[name].setAttribute("display", name === view ? "inline" : "none");
      });
      var paths = regionsOf(view, null);
      if (band) {
        svg.setAttribute("viewBox", [centre(view) - band.width / 2, band.top, band.width,
          band.bottom - band.top].join(" "));
        paths.forEach(function (path) {
          if (inBand(path, band)) {
            path.setAttribute("role", "button");
            path.setAttribute("tabindex", "0");
          } else {
            path.removeAttribute("role");
            path.removeAttribute("tabindex");
          }
        });
        return;
      }
      // The whole figure: its quarters are the targets, its regions only drawn.
      svg.setAttribute("viewBox", [centre(view) - 60, 0, 120, 400].join(" "));
      paths.forEach(function (path) {
        path.removeAttribute("role");
        path.removeAttribute("tabindex");
      });
      geometry.bands.forEach(function (quarter, index) {
        var next = geometry.bands[index + 1];
        var top = index === 0 ? 0 : quarter.top;
        var bottom = next ? next.top : 400;
        var names = regionsOf(view, quarter).map(function (path) {
          return path.getAttribute("aria-label");
        });
        var target = document.createElementNS(SVG, "rect");
        target.setAttribute("class", "body-band");
        target.setAttribute("data-band", quarter.id);
        target.setAttribute("x", String(centre(view) - 60));
        target.setAttribute("y", String(top));
        target.setAttribute("width", "120");
        target.setAttribute("height", String(bottom - top));
        target.setAttribute("role", "button");
        target.setAttribute("tabindex", "0");
        target.setAttribute("aria-label", zoomLabel + ": " + names.join(", "));
        target.addEventListener("click", function () { onZoom(quarter); });
        target.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            onZoom(quarter);
          }
        });
        svg.appendChild(target);
        bandTargets.push(target);
      });
    }
    return { svg: svg, show: show };
  }

  window.phrasebookAnswerPanel = function (root, panel, options) {
    var strings = options.strings;
    var targetLang = options.targetLang;
    var readerLang = options.readerLang;
    var byKey = {};
    panel.labels.forEach(function (label) { byKey[label.key] = label; });
    // The page's heading while the panel is open (what was asked, in the other's language).
    var question = element("h1", "answer-question", options.question, targetLang);
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
      chosenBox.appendChild(element("h1", "chosen-reader",
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
      var geometry = panel.bodyMap;
      var views = Object.keys(geometry.views).sort(function (a, b) {
        return geometry.views[a].x - geometry.views[b].x;  // as drawn: front, then back
      });
      var holder = element("div", "answer-body");
      var modes = element("div", "body-modes");
      var map = bodyMap(geometry, byKey, targetLang, strings.closer || "+");
      var list = element("div", "body-list");
      list.hidden = true;
      var whole = button("body-whole", "⤢ " + (strings.whole || ""));
      var state = { view: views[0], band: null };
      var tabs = {};

      function pick(key) {
        map.svg.querySelectorAll(".chosen").forEach(function (old) { old.classList.remove("chosen"); });
        map.svg.querySelectorAll('[data-region="' + key + '"]').forEach(function (same) {
          same.classList.add("chosen");
        });
        choose(fromLabel(byKey[key]));
      }
      function draw(focusFirst) {
        var listing = state.view === "list";
        list.hidden = !listing;
        map.svg.style.display = listing ? "none" : "";
        whole.hidden = listing || !state.band;
        Object.keys(tabs).forEach(function (name) {
          tabs[name].setAttribute("aria-pressed", name === state.view ? "true" : "false");
        });
        if (!listing) {
          map.show(state.view, state.band, function (band) {
            state.band = band;
            draw(true);
          });
        }
        if (focusFirst) {
          var first = listing ? list.querySelector("button")
            : map.svg.querySelector('[data-region][role="button"], [data-band]');
          if (first) {
            first.focus();
          }
        }
      }
      views.concat(["list"]).forEach(function (view) {
        var caption = view === "list" ? null : byKey[view];
        var tab = button("body-mode");
        if (caption) {
          tab.appendChild(element("span", "option-target", caption.target, caption.target_lang));
          if (caption.reader && caption.reader !== caption.target) {
            tab.appendChild(element("span", "option-reader", caption.reader, caption.reader_lang));
          }
        } else {
          tab.textContent = "☰ " + (strings.list || "");
        }
        tab.addEventListener("click", function () {
          state.view = view;
          state.band = null;
          draw(false);
        });
        tabs[view] = tab;
        modes.appendChild(tab);
      });
      whole.addEventListener("click", function () {
        state.band = null;
        draw(false);
      });
      geometry.regions.forEach(function (region) {
        if (byKey[region.id]) {
          list.appendChild(optionButton(byKey[region.id]));
        }
      });
      holder.appendChild(modes);
      holder.appendChild(map.svg);
      holder.appendChild(list);
      holder.appendChild(whole);
      choices.appendChild(holder);
      map.svg.querySelectorAll("[data-region]").forEach(function (region) {
        region.addEventListener("click", function () {
          if (region.getAttribute("role") === "button") {
            pick(region.getAttribute("data-region"));
          }
        });
        region.addEventListener("keydown", function (event) {
          if ((event.key === "Enter" || event.key === " ") && region.getAttribute("role")) {
            event.preventDefault();
            pick(region.getAttribute("data-region"));
          }
        });
      });
      draw(false);
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
      var first = choices.querySelector(
        ".answer-option, .body-mode, [data-band], [data-region][role], .keypad-key");
      if (first) {
        first.focus();
      }
    }

    return { open: open };
  };
})();
