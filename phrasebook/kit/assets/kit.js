/* The field kit's script: everything a reader does, offline, inside one file.
   It reads its data from the JSON blocks of the page (never a URL: the page's
   Content-Security-Policy forbids every request), and builds the page with textContent
   only, so no phrase text is ever parsed as HTML. */
(function () {
  "use strict";

  function json(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  var data = json("kit-data");
  var S = json("kit-strings");
  var F = data.fold;
  var clips = null; // parsed on first play: the phrases show before the audio is read
  var byId = new Map(data.phrases.map(function (p) { return [p.id, p]; }));
  var PINS = "phrasebook-kit:pins";
  var THEME = "phrasebook-kit:theme";

  // --- storage that survives a browser refusing it (private mode, some file:// pages) ---
  var memory = {};
  function load(key, fallback) {
    try {
      var raw = window.localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (e) {
      return key in memory ? memory[key] : fallback;
    }
  }
  function save(key, value) {
    memory[key] = value;
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* memory only */ }
  }

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (whole, name) {
      return name in values ? String(values[name]) : whole;
    });
  }

  // --- folding: phrasebook/search/keys.py normalize(), with the tables it uses ---
  var APOSTROPHES = new Set(Array.from(F.apostrophes));
  // Python's str.isspace(), which differs from JavaScript's \s (U+FEFF, U+0085, U+001C-1F).
  var SPACES = new Set(Array.from("\t\n\u000b\f\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680" +
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"));
  var CASEFOLD_EXTRA = { "ß": "ss", "ẞ": "ss", "ς": "σ", "ſ": "s", "ﬅ": "st", "ﬆ": "st" };
  var INITIAL_SET = new Set(Array.from(F.initials));

  function split(letter) { return F.split[letter] || letter; }
  function casefold(text) {
    return Array.from(text.toLowerCase()).map(function (c) { return CASEFOLD_EXTRA[c] || c; }).join("");
  }
  function foldChar(ch) {
    var c = ch.codePointAt(0);
    if (c >= 0xac00 && c <= 0xd7a3) {
      var i = c - 0xac00;
      return F.initials[Math.floor(i / 588)] + split(F.medials[Math.floor((i % 588) / 28)]) +
        Array.from(F.finals[i % 28]).map(split).join("");
    }
    if (c >= F.conjoiningInitial && c < F.conjoiningInitial + F.initials.length) return split(F.initials[c - F.conjoiningInitial]);
    if (c >= F.conjoiningMedial && c < F.conjoiningMedial + F.medials.length) return split(F.medials[c - F.conjoiningMedial]);
    if (c >= F.conjoiningFinal && c < F.conjoiningFinal + F.finals.length - 1) return split(F.finals[c - F.conjoiningFinal + 1]);
    if (c >= 0x3131 && c <= 0x318e) return split(ch);
    if (APOSTROPHES.has(ch)) return "'";
    if (SPACES.has(ch)) return " ";
    return Array.from(casefold(ch.normalize("NFKC"))).map(function (x) { return F.folds[x] || x; }).join("");
  }
  function normalize(text) {
    var out = "";
    var previousSpace = true;
    Array.from(text.normalize("NFC")).forEach(function (ch) {
      var piece = foldChar(ch);
      if (piece === " ") {
        if (previousSpace) return;
        previousSpace = true;
      } else {
        previousSpace = false;
      }
      out += piece;
    });
    return out.endsWith(" ") ? out.slice(0, -1) : out;
  }
  function isChoseong(term) {
    return term.length > 0 && Array.from(term).every(function (c) { return INITIAL_SET.has(c); });
  }
  function queryTerms(query) {
    var terms = Array.from(new Set(normalize(query).split(" ").filter(Boolean)));
    return terms.sort(function (a, b) {
      var byLength = Array.from(b).length - Array.from(a).length;
      return byLength || (a < b ? -1 : a > b ? 1 : 0);
    });
  }
  // --- word forms of a query: phrasebook/search/forms.py korean_stems(), the same rules and
  // the same lists (data.korean), so that 물을, 아파요 or 추워요 find 물, 아프다, 춥다 as on the
  // server. (Ukrainian, Russian and English queries are matched as typed and by typos: their
  // dictionaries are the server's; the phrases' own word forms are in their keys.) ---
  var K = data.korean || { particles: [], endings: [] };
  var VOWEL_ENDINGS = ["어", "아", "으", "었", "았"];
  var QUERY_WORD = /[\p{L}\p{M}]+(?:['’ʼ][\p{L}\p{M}]+)*/gu;  // Python's [^\W\d_]+(?:['’ʼ][^\W\d_]+)*
  function isSyllable(ch) { var c = ch.codePointAt(0); return c >= 0xac00 && c <= 0xd7a3; }
  function decompose(ch) {
    var i = ch.codePointAt(0) - 0xac00;
    return [F.initials[Math.floor(i / 588)], F.medials[Math.floor((i % 588) / 28)], F.finals[i % 28]];
  }
  function compose(initial, medial, final) {
    return String.fromCodePoint(0xac00 + (F.initials.indexOf(initial) * F.medials.length +
      F.medials.indexOf(medial)) * F.finals.length + F.finals.indexOf(final || ""));
  }
  function irregularStems(stem, ending) {
    var last = stem[stem.length - 1];
    if (!isSyllable(last)) return [];
    var d = decompose(last);
    var head = stem.slice(0, -1).join("");
    var found = [];
    if (!d[2] && (d[1] === "ㅏ" || d[1] === "ㅓ")) found.push(head + compose(d[0], "ㅡ", ""));
    if (!d[2] && d[1] === "ㅐ" && d[0] === "ㅎ") found.push(head + "하");
    var before = stem.length >= 2 && isSyllable(stem[stem.length - 2]) ? stem[stem.length - 2] : "";
    if (before) {
      var b = decompose(before);
      var head2 = stem.slice(0, -2).join("");
      if (d[0] === "ㅇ" && !d[2] && ["ㅜ", "ㅝ", "ㅘ"].indexOf(d[1]) >= 0 && !b[2]) found.push(head2 + compose(b[0], b[1], "ㅂ"));
      if (d[0] === "ㄹ" && !d[2] && (d[1] === "ㅏ" || d[1] === "ㅓ") && b[2] === "ㄹ") found.push(head2 + compose(b[0], b[1], "") + "르");
    }
    if (VOWEL_ENDINGS.some(function (e) { return ending.startsWith(e); })) {
      if (d[2] === "ㄹ") found.push(head + compose(d[0], d[1], "ㄷ"));
      if (!d[2]) found.push(head + compose(d[0], d[1], "ㅅ"));
    }
    return found;
  }
  function koreanStems(word) {
    var chars = Array.from(word);
    var found = [];
    var i;
    for (i = 0; i < K.particles.length; i += 1) {
      var particle = K.particles[i];
      if (word.endsWith(particle) && chars.length > Array.from(particle).length) {
        found.push(chars.slice(0, chars.length - Array.from(particle).length).join(""));
        break;
      }
    }
    var stem = null;
    var ending = "";
    var n = chars.length;
    if (n >= 3 && (word.endsWith("니다") || word.endsWith("니까")) && isSyllable(chars[n - 3])) {
      var d = decompose(chars[n - 3]);
      if (d[2] === "ㅂ") stem = chars.slice(0, n - 3).concat([compose(d[0], d[1], "")]);  // 아픕니다 → 아프
    }
    if (stem === null) {
      for (i = 0; i < K.endings.length; i += 1) {
        var candidate = K.endings[i];
        var length = Array.from(candidate).length;
        if (word.endsWith(candidate) && n > length) {
          stem = chars.slice(0, n - length);
          ending = candidate;
          break;
        }
      }
    }
    if (stem !== null && stem.join("") !== word) {
      found.push(stem.join(""));
      found = found.concat(irregularStems(stem, ending));
    }
    return unique(found.filter(function (f) { return f && f !== word; }));
  }
  function unique(items) { return Array.from(new Set(items)); }
  function wordForms(word) {
    return Array.from(word).some(isSyllable) ? koreanStems(word) : [];
  }
  // phrasebook/search/keys.py term_alternatives(): each normalized term's normalized forms.
  function termAlternatives(query) {
    var found = {};
    query.split(/\s+/).forEach(function (raw) {
      var term = normalize(raw);
      if (!term) return;
      var words = raw.toLowerCase().match(QUERY_WORD) || [];
      var forms = words.length === 1 ? wordForms(words[0]).map(normalize) : [];
      found[term] = unique(forms.filter(function (f) { return f && f !== term; }));
    });
    return found;
  }

  // phrasebook/search/ranking.py rank(), _grade() and sort_key(): texts and aids as typed
  // (tier 0) before word-form and Latin-spelling lines (marked with U+001F, tier 1), before the
  // words nearest a typo (tier 2); lines of the reader's and target's languages before others
  // (group); then equal, whole word, starting with the query, word start, inside; reviewed
  // first; shorter first.
  var FORM_MARK = "\u001f";
  var WORDS = /[\p{L}\p{N}]+/gu;  // Python's [^\W_]: letters and digits
  var MARKS = "0123456789abcdefghijklmnopqrstuvwxyz";
  var preferred = new Set([data.edition.reader, data.edition.target].map(function (tag) {
    return MARKS.charAt((data.languages || []).indexOf(tag.split("-")[0]));
  }).filter(Boolean));
  function wholeWord(line, term) {
    return (line.match(WORDS) || []).indexOf(term) >= 0;
  }
  function grade(lines, terms) {
    var query = terms.join(" ");
    var best = [5, 10000];
    lines.forEach(function (line) {
      var found = terms.filter(function (t) { return line.indexOf(t) >= 0; });
      if (!found.length) return;
      var g;
      if (line === query) g = 0;
      else if (found.some(function (t) { return wholeWord(line, t); })) g = 1;
      else if (line.startsWith(query)) g = 2;
      else if (found.some(function (t) { return line.startsWith(t) || line.indexOf(" " + t) >= 0; })) g = 3;
      else g = 4;
      var candidate = [g, Array.from(line).length];
      if (candidate[0] < best[0] || (candidate[0] === best[0] && candidate[1] < best[1])) best = candidate;
    });
    return best;
  }
  // The lines of ``text`` holding one of ``wanted``: [line number, line] pairs.
  function linesHolding(text, wanted) {
    var found = new Map();
    wanted.forEach(function (term) {
      var at = text.indexOf(term);
      while (at >= 0) {
        var start = text.lastIndexOf("\n", at) + 1;
        var end = text.indexOf("\n", at);
        if (end < 0) end = text.length;
        if (!found.has(start)) found.set(start, text.slice(start, end));
        at = text.indexOf(term, end);
      }
    });
    return Array.from(found.entries()).map(function (entry) {
      var number = 0;
      for (var i = text.indexOf("\n"); i >= 0 && i < entry[0]; i = text.indexOf("\n", i + 1)) number += 1;
      return [number, entry[1]];
    });
  }
  function holdsAll(lines, forms) {
    return forms.every(function (termForms) {
      return termForms.some(function (f) { return lines.some(function (l) { return l[1].indexOf(f) >= 0; }); });
    });
  }
  function later(a, b) {
    for (var i = 0; i < a.length; i += 1) { if (a[i] !== b[i]) return b[i] > a[i] ? b : a; }
    return a;
  }
  function rank(phrase, query) {
    var grades = [];
    if (query.others.length) {
      var key = phrase.keys;
      var cut = key.indexOf("\n" + FORM_MARK);
      var literal = cut < 0 ? key : key.slice(0, cut);
      var found = null;
      for (var i = 0; i < query.tiers.length && !found; i += 1) {
        var tier = query.tiers[i][0];
        var forms = query.tiers[i][1];
        var text = tier === 0 ? literal : key;
        if (!forms.every(function (termForms) { return termForms.some(function (f) { return text.indexOf(f) >= 0; }); })) continue;
        var wanted = [].concat.apply([], forms);
        var lines = linesHolding(text, wanted);
        var group = 0;
        if (preferred.size && phrase.langs) {
          var mine = lines.filter(function (l) { return preferred.has(phrase.langs.charAt(l[0])); });
          if (holdsAll(mine, forms)) lines = mine;
          else group = 1;
        }
        found = [group, tier].concat(grade(lines.map(function (l) { return l[1].replace(FORM_MARK, ""); }), wanted));
      }
      if (!found) return null;
      grades.push(found);
    }
    if (query.letters.length) {
      if (!query.letters.every(function (t) { return phrase.initials.indexOf(t) >= 0; })) return null;
      grades.push([0, 0].concat(grade(phrase.initials.split("\n"), query.letters)));
    }
    return grades.reduce(later);
  }
  function prepare(text) {
    var terms = queryTerms(text);
    var alternatives = termAlternatives(text);
    var letters = terms.filter(isChoseong);
    var others = terms.filter(function (t) { return !isChoseong(t); });
    return { terms: terms, letters: letters, others: others, alternatives: alternatives, typos: null,
      tiers: [[0, others.map(function (t) { return [t]; })],
              [1, others.map(function (t) { return [t].concat(alternatives[t] || []); })]] };
  }
  function withTypos(query, typos) {
    var forms = query.others.map(function (t) { return [t].concat(query.alternatives[t] || [], typos[t] || []); });
    return Object.assign({}, query, { typos: typos, tiers: query.tiers.concat([[2, forms]]) });
  }

  // phrasebook/search/typos.py: words of five letters or more that find fewer than five
  // phrases are also looked for as the kit's words within one edit (two from eight letters),
  // optimal string alignment (a swap of neighbours is one edit), the six nearest.
  var TYPOS = data.typos;
  var TYPO_WORD = /^\p{L}+$/u;  // Python's [^\W\d_]+ (letters)
  var vocabulary = null;
  function kitWords() {
    if (vocabulary) return vocabulary;
    var seen = new Set();
    vocabulary = {};
    data.phrases.forEach(function (p) {
      (p.keys.match(/\p{L}+/gu) || []).forEach(function (w) {
        var n = Array.from(w).length;
        if (n < TYPOS.minLetters - 1 || seen.has(w)) return;
        seen.add(w);
        (vocabulary[n] = vocabulary[n] || []).push(w);
      });
    });
    return vocabulary;
  }
  function distance(a, b, limit) {
    // optimal string alignment distance, or limit + 1 once it must exceed limit
    a = Array.from(a); b = Array.from(b);
    var rows = [];
    for (var i = 0; i <= a.length; i += 1) {
      rows.push([i]);
      for (var j = 1; j <= b.length; j += 1) rows[i].push(i === 0 ? j : 0);
    }
    for (i = 1; i <= a.length; i += 1) {
      var smallest = rows[i][0];
      for (j = 1; j <= b.length; j += 1) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i][j] = d;
        smallest = Math.min(smallest, d);
      }
      if (smallest > limit) return limit + 1;
    }
    return rows[a.length][b.length];
  }
  function near(term) {
    var length = Array.from(term).length;
    var limit = length < TYPOS.twoEditsFrom ? 1 : 2;
    var words = kitWords();
    var found = [];
    for (var n = length - limit; n <= length + limit; n += 1) {
      (words[n] || []).forEach(function (w) {
        if (w === term) return;
        var d = distance(term, w, limit);
        if (d <= limit) found.push([d, w]);
      });
    }
    found.sort(function (x, y) { return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0); });
    return found.slice(0, TYPOS.nearest).map(function (x) { return x[1]; });
  }
  function wantsTypos(term) { return Array.from(term).length >= TYPOS.minLetters && TYPO_WORD.test(term); }

  function ranked(query) {
    var found = [];
    data.phrases.forEach(function (p, order) {
      var r = rank(p, query);
      // sort_key: tier, group, grade, reviewed first, length, order
      if (r) found.push({ phrase: p, key: [r[1], r[0], r[2], p.status === "reviewed" ? 0 : 1, r[3], order] });
    });
    return found;
  }
  function search(text) {
    var query = prepare(text);
    if (!query.terms.length) return [];
    var found = ranked(query);
    var long = query.others.filter(wantsTypos);
    if (found.length < TYPOS.few && long.length) {
      var typos = {};
      long.forEach(function (t) { var n = near(t); if (n.length) typos[t] = n; });
      if (Object.keys(typos).length) found = ranked(withTypos(query, typos));
    }
    return found.sort(function (a, b) {
      for (var i = 0; i < a.key.length; i += 1) { if (a.key[i] !== b.key[i]) return a.key[i] - b.key[i]; }
      return 0;
    }).map(function (r) { return r.phrase; });
  }

  // --- elements ---
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "onclick") node.addEventListener("click", attrs[name]);
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  var state = { tab: data.sets.length ? "sets" : "categories", group: null, query: "", open: null, shown: 30 };
  var pins = load(PINS, []);
  if (!Array.isArray(pins)) pins = [];
  var root = document.getElementById("kit");
  var player = el("audio", { id: "kit-player", preload: "none" });
  var list = el("main", { id: "list" });
  var searchBox = el("input", { type: "search", id: "kit-search", placeholder: S.search, "aria-label": S.search,
    autocomplete: "off", autocapitalize: "off", spellcheck: "false" });
  var themeButton = el("button", { type: "button", class: "icon", id: "kit-theme", "aria-label": S.theme, title: S.theme, text: "◐" });
  var tabs = el("div", { class: "tabs", role: "toolbar" });
  var chips = el("div", { class: "chips", role: "toolbar" });
  var show = el("div", { class: "show", id: "kit-show", hidden: "", role: "dialog", "aria-modal": "true" });

  // --- theme ---
  function applyTheme(theme) { document.documentElement.setAttribute("data-theme", theme); }
  var prefersDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  applyTheme(load(THEME, prefersDark ? "dark" : "light"));
  themeButton.addEventListener("click", function () {
    var next = document.documentElement.getAttribute("data-theme") === "dark" ? "light" : "dark";
    applyTheme(next);
    save(THEME, next);
  });

  // --- audio: play and slow (0.7x, pitch kept) ---
  function play(phrase, rate) {
    if (phrase.audio === null) return;
    if (clips === null) clips = json("kit-audio") || [];
    player.src = clips[phrase.audio];
    player.defaultPlaybackRate = rate;
    player.playbackRate = rate;
    player.preservesPitch = true;
    var started = player.play();
    if (started && started.catch) started.catch(function () { /* a refused autoplay: tap again */ });
  }

  function statusBadge(status) {
    if (status === "reviewed") return null;
    return el("span", { class: "badge", text: status === "machine" ? S.machine : S.draft });
  }

  function isPinned(id) { return pins.indexOf(id) >= 0; }
  function togglePin(id) {
    pins = isPinned(id) ? pins.filter(function (p) { return p !== id; }) : pins.concat([id]);
    save(PINS, pins);
    render();
  }

  // --- the rows ---
  function row(phrase, items) {
    var open = state.open === phrase.id;
    var head = el("button", { type: "button", class: "head", "aria-expanded": String(open), "data-id": phrase.id }, [
      el("span", { class: "reader", lang: phrase.readerLang, text: phrase.reader }),
      el("span", { class: "target", lang: phrase.targetLang, text: phrase.target }, [statusBadge(phrase.status)]),
      phrase.aid ? el("span", { class: "aid", text: phrase.aid }) : null
    ]);
    head.addEventListener("click", function () {
      state.open = open ? null : phrase.id;
      render();
    });
    var item = el("li", { class: "row" + (open ? " open" : ""), "data-id": phrase.id }, [head]);
    if (open) {
      phrase.variants.forEach(function (v) {
        item.appendChild(el("span", { class: "variant", lang: v.lang }, [
          el("strong", { text: v.lang + " " }), document.createTextNode(v.text + (v.aid ? " · " + v.aid : "")), statusBadge(v.status)
        ]));
      });
      if (phrase.warnings.length || phrase.notes.length) {
        var notes = el("div", { class: "notes" });
        phrase.warnings.forEach(function (w) {
          notes.appendChild(el("p", { class: "warn", text: "⚠ " + fmt(S.falseFriend, {
            word: w.word, meaning: w.means, sounds_like: w.soundsLike, sounds_meaning: w.whichMeans }) }));
        });
        phrase.notes.forEach(function (n) { notes.appendChild(el("p", { lang: n.lang, text: n.text })); });
        item.appendChild(notes);
      }
      var actions = el("div", { class: "actions" });
      if (phrase.audio !== null) {
        actions.appendChild(el("button", { type: "button", class: "primary play", text: "▶ " + S.play, onclick: function () { play(phrase, 1); } }));
        actions.appendChild(el("button", { type: "button", class: "slow", text: S.slow, onclick: function () { play(phrase, 0.7); } }));
        actions.appendChild(el("span", { class: "voice", text: phrase.voice ? fmt(S.recorded, { speaker: phrase.voice }) : S.synthetic }));
      }
      actions.appendChild(el("button", { type: "button", class: "show-one", text: S.show, onclick: function () { openShow(items, items.indexOf(phrase)); } }));
      actions.appendChild(el("button", { type: "button", class: "pin", "aria-pressed": String(isPinned(phrase.id)),
        text: isPinned(phrase.id) ? S.unpin : S.pin, onclick: function () { togglePin(phrase.id); } }));
      item.appendChild(actions);
    }
    return item;
  }

  function groups() { return state.tab === "sets" ? data.sets : data.categories; }
  function currentItems() {
    if (state.query) return search(state.query);
    if (state.tab === "card") return pins.map(function (id) { return byId.get(id); }).filter(Boolean);
    var chosen = groups().filter(function (g) { return g.id === state.group; })[0] || groups()[0];
    if (!chosen) return data.phrases;
    state.group = chosen.id;
    return chosen.phrases.map(function (id) { return byId.get(id); }).filter(Boolean);
  }

  function renderTabs() {
    tabs.textContent = "";
    [["sets", S.sets, data.sets.length], ["categories", S.categories, data.categories.length], ["card", S.card, 1]]
      .forEach(function (tab) {
        if (!tab[2]) return;
        tabs.appendChild(el("button", { type: "button", "data-tab": tab[0], "aria-pressed": String(state.tab === tab[0] && !state.query),
          text: tab[1] + (tab[0] === "card" && pins.length ? " (" + pins.length + ")" : ""),
          onclick: function () { state.tab = tab[0]; state.group = null; state.open = null; clearSearch(); render(); } }));
      });
    chips.textContent = "";
    if (state.query || state.tab === "card") return;
    groups().forEach(function (g) {
      chips.appendChild(el("button", { type: "button", "data-group": g.id, "aria-pressed": String(g.id === state.group),
        text: g.name, onclick: function () { state.group = g.id; state.open = null; state.shown = PAGE; render(); } }));
    });
  }

  // A page of rows at a time: the first keystroke of a search matches most of the book, and
  // drawing every match would keep a slow phone busy for most of a second.
  var PAGE = 30;
  function render() {
    var items = currentItems();
    renderTabs();
    list.textContent = "";
    if (!items.length) {
      var empty = state.tab === "card" && !state.query ? S.emptyCard
        : fmt(S.nothingFor, { query: state.query.trim(), languages: S.searched });
      list.appendChild(el("p", { class: "empty", role: "status", text: empty }));
      return;
    }
    var rows = el("ol", { class: "rows" });
    items.slice(0, state.shown).forEach(function (p) { rows.appendChild(row(p, items)); });
    list.appendChild(rows);
    if (items.length > state.shown) {
      list.appendChild(el("button", { type: "button", class: "more", "data-more": "",
        text: fmt(S.more, { count: Math.min(PAGE, items.length - state.shown), total: items.length }),
        onclick: function () { state.shown += PAGE; render(); } }));
    }
  }

  function clearSearch() { searchBox.value = ""; state.query = ""; state.shown = PAGE; }
  searchBox.addEventListener("input", function () {
    state.query = searchBox.value;
    state.open = null;
    state.shown = PAGE;
    render();
  });

  // --- show mode: big text, swipe or arrow keys for the next phrase ---
  var showItems = [];
  var showIndex = 0;
  var touchX = null;
  function openShow(items, index) {
    showItems = items;
    showIndex = Math.max(0, index);
    drawShow();
    show.hidden = false;
    document.body.style.overflow = "hidden";
  }
  function closeShow() {
    show.hidden = true;
    document.body.style.overflow = "";
  }
  function step(delta) {
    if (!showItems.length) return;
    showIndex = (showIndex + delta + showItems.length) % showItems.length;
    drawShow();
  }
  function drawShow() {
    var phrase = showItems[showIndex];
    answering = false;
    show.textContent = "";
    show.appendChild(el("p", { class: "count", text: fmt(S.position, { position: showIndex + 1, total: showItems.length }) }));
    drawSummary();
    show.appendChild(el("div", { class: "big" }, [
      el("span", { class: "target", lang: phrase.targetLang, text: phrase.target }),
      phrase.aid ? el("span", { class: "aid", text: phrase.aid }) : null,
      el("span", { class: "reader", lang: phrase.readerLang, text: phrase.reader })
    ]));
    if (phrase.audio !== null) {
      show.appendChild(el("div", { class: "bar" }, [
        el("button", { type: "button", class: "primary play", text: "▶ " + S.play, onclick: function () { play(phrase, 1); } }),
        el("button", { type: "button", class: "slow", text: S.slow, onclick: function () { play(phrase, 0.7); } })
      ]));
    }
    if (phrase.answers !== null && window.phrasebookAnswerPanel) {
      show.appendChild(el("div", { class: "bar" }, [
        el("button", { type: "button", class: "answer-open", text: S.answer, onclick: function () { drawAnswer(phrase); } })
      ]));
    }
    show.appendChild(el("nav", {}, [
      el("button", { type: "button", class: "previous", text: "← " + S.previous, onclick: function () { step(-1); } }),
      el("button", { type: "button", class: "close", text: S.close, onclick: closeShow }),
      el("button", { type: "button", class: "next", text: S.next + " →", onclick: function () { step(1); } })
    ]));
  }

  // --- answers: the other person points (phrasebook/answers/panel.js draws the panel); this
  // conversation's answers stay in memory, above the phrase, until cleared ---
  var answering = false;
  var summary = [];
  function drawSummary() {
    if (!summary.length) return;
    show.appendChild(el("aside", { class: "answer-summary" }, [
      el("ul", {}, summary.map(function (item) {
        return el("li", {}, [el("span", { class: "summary-question", text: item.question + " " }), el("strong", { text: item.answer })]);
      })),
      el("button", { type: "button", class: "clear-answers", text: S.clearAnswers, onclick: function () { summary = []; drawShow(); } })
    ]));
  }
  function drawAnswer(phrase) {
    answering = true;
    show.textContent = "";
    show.appendChild(el("button", { type: "button", class: "answer-close", text: "✕ " + S.back, onclick: drawShow }));
    var holder = el("div", { class: "answer" });
    show.appendChild(holder);
    var panel = window.phrasebookAnswerPanel(holder, data.panels[phrase.answers], {
      question: phrase.target,
      targetLang: phrase.targetLang,
      readerLang: phrase.readerLang || data.edition.reader,
      strings: { chose: S.chose.replace("%(answer)s", "{answer}"), next: S.askNext, again: S.again, "delete": S["delete"], done: S.done,
        whole: S.whole, list: S.list, closer: S.closer },
      audio: function (answer) {
        var label = byId.get(answer.phrase);
        if (!label || label.audio === null) return null;
        return el("span", { class: "audio-buttons" }, [
          el("button", { type: "button", class: "primary play", text: "▶ " + S.play, onclick: function () { play(label, 1); } }),
          el("button", { type: "button", class: "slow", text: S.slow, onclick: function () { play(label, 0.7); } })
        ]);
      },
      next: function (answer) {
        summary.push({ question: phrase.reader || phrase.target, answer: answer.reader });
        summary = summary.slice(-12);
        step(1);
      }
    });
    panel.open();
  }

  show.addEventListener("touchstart", function (e) { touchX = e.changedTouches[0].clientX; }, { passive: true });
  show.addEventListener("touchend", function (e) {
    if (touchX === null || answering) return;
    var dx = e.changedTouches[0].clientX - touchX;
    touchX = null;
    if (Math.abs(dx) > 50) step(dx < 0 ? 1 : -1);
  });
  document.addEventListener("keydown", function (e) {
    if (show.hidden) return;
    if (answering) {
      if (e.key === "Escape") drawShow();
      return;
    }
    if (e.key === "ArrowRight") step(1);
    else if (e.key === "ArrowLeft") step(-1);
    else if (e.key === "Escape") closeShow();
  });

  // --- the page ---
  var edition = data.edition;
  var stamp = fmt(S.edition, { date: edition.made, version: edition.version });
  var review = edition.unreviewed
    ? fmt(S.unreviewed, { count: edition.unreviewed, total: edition.phrases })
    : S.allReviewed;
  root.appendChild(el("header", { class: "top" }, [el("h1", { class: "visually-hidden", text: S.title }), searchBox, themeButton]));
  root.appendChild(tabs);
  root.appendChild(chips);
  root.appendChild(list);
  root.appendChild(el("footer", { id: "kit-edition" }, [el("p", { text: stamp }), el("p", { text: review })]));
  root.appendChild(show);
  root.appendChild(player);
  window.phrasebookKit = { normalize: normalize, koreanStems: koreanStems,
    search: function (q) { return search(q).map(function (p) { return p.id; }); } };
  render();
  // The moment the first list is in the page: bench/kit.py reads it.
  if (window.performance && performance.mark) performance.mark("kit-shown");
  // While the reader looks at the list, search once for nothing in particular: the browser
  // compiles the search then, not on the first letter typed (140 ms of a slow phone's first
  // keystroke; 30 ms once warm).
  var warm = function () { search("а"); search("a"); search("가"); };
  if (window.requestIdleCallback) window.requestIdleCallback(warm, { timeout: 2000 });
  else window.setTimeout(warm, 500);
})();
