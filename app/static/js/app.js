// phrasebook reader: "my card" pins kept in localStorage, and search results as you type.
// Plain JavaScript, no build step; every page works without it.
(function () {
  "use strict";

  var CARD_KEY = "phrasebook.card";

  function readCard() {
    try {
      var value = JSON.parse(window.localStorage.getItem(CARD_KEY) || "[]");
      return Array.isArray(value) ? value.filter(function (id) { return typeof id === "string"; }) : [];
    } catch (error) {
      return [];
    }
  }

  function writeCard(ids) {
    try {
      window.localStorage.setItem(CARD_KEY, JSON.stringify(ids));
    } catch (error) {
      // Storage full or disabled: the pin simply does not stick.
    }
  }

  function cardUrl(ids) {
    return "/mycard" + (ids.length ? "?ids=" + ids.map(encodeURIComponent).join(",") : "");
  }

  function refreshCardLinks() {
    var ids = readCard();
    document.querySelectorAll("[data-card-count]").forEach(function (badge) {
      badge.textContent = String(ids.length);
      badge.hidden = ids.length === 0;
    });
    document.querySelectorAll("[data-card-tile]").forEach(function (tile) {
      tile.hidden = ids.length === 0;
    });
    document.querySelectorAll("a.my-card-link").forEach(function (link) {
      link.setAttribute("href", cardUrl(ids));
    });
    document.querySelectorAll("button[data-pin]").forEach(function (button) {
      var pinned = ids.indexOf(button.getAttribute("data-pin")) >= 0;
      button.hidden = false;
      button.setAttribute("aria-pressed", pinned ? "true" : "false");
      button.textContent = button.getAttribute(pinned ? "data-label-remove" : "data-label-add");
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-pin]") : null;
    if (!button) {
      return;
    }
    var id = button.getAttribute("data-pin");
    var ids = readCard();
    var at = ids.indexOf(id);
    if (at >= 0) {
      ids.splice(at, 1);
    } else {
      ids.push(id);
    }
    writeCard(ids);
    refreshCardLinks();
  });

  // --- phones: rows that open in place, the folded language pair, the theme switch ---
  var NARROW = window.matchMedia ? window.matchMedia("(max-width: 40rem)") : null;
  function isNarrow() { return NARROW !== null && NARROW.matches; }

  document.addEventListener("click", function (event) {
    if (!isNarrow() || !event.target.closest) return;
    var card = event.target.closest(".phrase-list .phrase-card");
    // Buttons, links and notes inside the row keep their own meaning.
    if (!card || event.target.closest("a, button, summary, input, select, textarea")) return;
    var opening = !card.classList.contains("open");
    document.querySelectorAll(".phrase-list .phrase-card.open").forEach(function (other) {
      other.classList.remove("open");
      other.setAttribute("aria-expanded", "false");
    });
    if (opening) {
      card.classList.add("open");
      card.setAttribute("aria-expanded", "true");
    }
  });

  function setUpPhoneControls() {
    var header = document.querySelector(".site-header");
    var pairToggle = document.querySelector("[data-pair-toggle]");
    if (header && pairToggle) {
      pairToggle.addEventListener("click", function () {
        var open = header.classList.toggle("pair-open");
        pairToggle.setAttribute("aria-expanded", open ? "true" : "false");
        if (open) {
          header.scrollIntoView();  // the pair form is in the header, above the sticky box
        }
      });
    }
    // A set's description is cut to two lines on a phone; a tap shows all of it.
    document.querySelectorAll("main .description").forEach(function (description) {
      description.addEventListener("click", function () {
        if (isNarrow()) {
          description.classList.toggle("expanded");
        }
      });
    });
    // The QR code for another phone: open on a desk, folded on a phone.
    document.querySelectorAll("details[data-open-on-desk]").forEach(function (details) {
      if (!isNarrow()) {
        details.open = true;
      }
    });
    var themeToggle = document.querySelector("[data-theme-toggle]");
    if (themeToggle) {
      themeToggle.hidden = false;
      themeToggle.addEventListener("click", function () {
        var root = document.documentElement;
        var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
        root.setAttribute("data-theme", next);
        try { window.localStorage.setItem("phrasebook.theme", next); } catch (e) { /* session only */ }
      });
    }
  }

  function setUpMyCardPage() {
    var page = document.querySelector("[data-my-card]");
    if (!page) {
      return;
    }
    var shown = page.getAttribute("data-ids");
    var stored = readCard();
    if (!shown && stored.length) {
      window.location.replace(cardUrl(stored));
      return;
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // --- search as you type --------------------------------------------------------------------

  function textWithMarks(segments) {
    var fragment = document.createDocumentFragment();
    segments.forEach(function (segment) {
      var node = document.createTextNode(segment[0]);
      if (segment[1]) {
        var mark = document.createElement("mark");
        mark.appendChild(node);
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(node);
      }
    });
    return fragment;
  }

  function paragraph(className, text) {
    var element = document.createElement("p");
    element.className = className;
    element.setAttribute("lang", text.lang);
    element.appendChild(textWithMarks(text.segments));
    return element;
  }

  function link(href, label) {
    var element = document.createElement("a");
    element.setAttribute("href", href);
    element.textContent = label;
    return element;
  }

  // The same Play and Slow buttons as _audio_buttons.html; audio.js plays them.
  // voice: the speaker of the person's recording that plays (null: an engine speaks).
  function audioButtons(labels, src, text, voice) {
    var group = document.createElement("span");
    group.className = "audio-buttons";
    group.setAttribute("data-audio-src", src);
    group.setAttribute("data-label-generating", labels.labelGenerating);
    group.setAttribute("data-label-failed", labels.labelFailed);
    group.setAttribute("data-label-ready", labels.labelReady);
    [["normal", labels.labelPlay], ["slow", labels.labelSlow]].forEach(function (kind) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "audio-play";
      button.setAttribute("data-speed", kind[0]);
      button.setAttribute("aria-label", kind[1] + ": " + text);
      var icon = document.createElement("span");
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = "▶";
      button.appendChild(icon);
      button.appendChild(document.createTextNode(" " + kind[1]));
      group.appendChild(button);
    });
    if (labels.labelSynthetic) {
      var whose = document.createElement("span");
      whose.className = voice ? "audio-voice recorded" : "audio-voice";
      whose.textContent = voice ? labels.labelRecorded.replace("{speaker}", voice) : labels.labelSynthetic;
      group.appendChild(whose);
    }
    var status = document.createElement("span");
    status.className = "audio-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    group.appendChild(status);
    return group;
  }

  window.phrasebookAudioButtons = audioButtons;  // show mode's answers play their choice

  function renderResults(container, data) {
    var labels = container.dataset;
    var summary = container.querySelector(".result-summary");
    container.querySelectorAll(".phrase-list, .list-tools").forEach(function (old) { old.remove(); });
    if (!data.query) {
      summary.textContent = "";
      return;
    }
    if (!data.results.length) {
      summary.textContent = labels.labelNone;
      return;
    }
    var count = String(data.results.length) + (data.more ? "+" : "");
    summary.textContent = labels.labelFound.replace("{num}", count);
    var list = document.createElement("ul");
    list.className = "phrase-list";
    data.results.forEach(function (result) {
      var item = document.createElement("li");
      item.className = "phrase-card";
      item.setAttribute("data-uid", result.id);
      if (result.reader) {
        item.appendChild(paragraph("reader-text", result.reader));
      }
      if (result.target) {
        var line = document.createElement("div");
        line.className = "target-line";
        line.appendChild(paragraph("target-text", result.target));
        if (result.pronunciation) {
          var aid = document.createElement("p");
          aid.className = "pronunciation";
          aid.setAttribute("lang", result.pronunciation.lang);
          aid.textContent = result.pronunciation.text;
          line.appendChild(aid);
        }
        item.appendChild(line);
        if (result.audio_url) {
          item.appendChild(audioButtons(labels, result.audio_url, result.target.text, result.voice));
        }
        (result.false_friends || []).forEach(function (friend) {
          var warning = document.createElement("p");
          warning.className = "false-friend";
          warning.setAttribute("role", "note");
          warning.textContent = "⚠ " + friend.message;
          item.appendChild(warning);
        });
        var status = result.target.status;
        if (status === "draft" || status === "machine") {
          var badge = document.createElement("span");
          badge.className = "badge badge-" + status;
          badge.textContent = status === "draft" ? labels.labelDraft : labels.labelMachine;
          line.appendChild(badge);
        }
      }
      if (result.matched) {
        var why = document.createElement("p");
        why.className = "why";
        why.textContent = labels.labelMatched.replace("{word}", result.matched);
        item.appendChild(why);
      }
      result.other_matches.forEach(function (other) {
        item.appendChild(paragraph("other-match", other));
      });
      if (result.notes && result.notes.length) {
        var details = document.createElement("details");
        details.className = "usage-notes";
        var summary = document.createElement("summary");
        summary.textContent = labels.labelNote;
        details.appendChild(summary);
        result.notes.forEach(function (note) {
          var line = document.createElement("p");
          line.className = "usage-note";
          line.setAttribute("lang", note.lang);
          line.textContent = note.text + (note.fallback ? " " + labels.labelInEnglish : "");
          details.appendChild(line);
        });
        item.appendChild(details);
      }
      var actions = document.createElement("p");
      actions.className = "card-actions";
      actions.appendChild(link(result.url, labels.labelOpen));
      if (result.show_url) {
        actions.appendChild(link(result.show_url, labels.labelShow));
      }
      item.appendChild(actions);
      list.appendChild(item);
    });
    container.appendChild(list);
  }

  // Every form[data-live-search] draws its results into the element named by data-results:
  // the search page (which also keeps the address in step) and the phone's header box.
  function setUpLiveSearch(form) {
    var container = document.getElementById(form.getAttribute("data-results"));
    if (!container || !window.fetch) {
      return;
    }
    var input = form.querySelector("input[name=q]");
    var timer = null;
    var controller = null;
    var summary = container.querySelector(".result-summary");
    summary.textContent = summary.textContent.trim();
    var floating = container.hasAttribute("hidden");  // the header box opens over the page

    function run() {
      var query = input.value.trim();
      if (floating && !query) {
        container.hidden = true;
        renderResults(container, { query: "" });
        return;
      }
      var url = form.getAttribute("data-api") + "?q=" + encodeURIComponent(query) +
        "&reader=" + encodeURIComponent(container.dataset.reader) +
        "&target=" + encodeURIComponent(container.dataset.target);
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      window.fetch(url, { signal: controller ? controller.signal : undefined, headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data && data.query === input.value.trim().slice(0, 200)) {
            renderResults(container, data);
            container.hidden = false;
            if (form.hasAttribute("data-keep-url")) {
              var page = window.location.pathname + (query ? "?q=" + encodeURIComponent(query) : "");
              window.history.replaceState(null, "", page);
            }
          }
        })
        .catch(function () { /* aborted by a newer keystroke, or offline server gone */ });
    }

    function soon() {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 200);
    }
    input.addEventListener("input", soon);
    // Korean input: the composed syllable arrives at compositionend.
    input.addEventListener("compositionend", soon);
    if (floating) {
      input.addEventListener("keydown", function (event) {
        if (event.key === "Escape") {
          input.value = "";
          soon();
        }
      });
    }
  }

  // A form with data-confirm asks before it is sent (delete buttons).
  function setUpConfirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) {
          event.preventDefault();
        }
      });
    });
  }

  // A background job's progress (a batch fill), polled until it ends.
  function setUpJobProgress() {
    document.querySelectorAll(".mt-job[data-job-url]").forEach(function (box) {
      var bar = box.querySelector("progress");
      var label = box.querySelector(".mt-job-status");
      var labels = JSON.parse(box.dataset.labels || "{}");
      function poll() {
        window.fetch(box.dataset.jobUrl, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (job) {
            bar.max = Math.max(job.total, 1);
            bar.value = job.done;
            label.textContent = (labels[job.status] || job.status) + " " + job.done + "/" +
              job.total + (job.message ? " — " + job.message : "");
            if (job.status === "queued" || job.status === "running") {
              window.setTimeout(poll, 1000);
            }
          });
      }
      poll();
    });
  }

  function start() {
    setUpConfirmations();
    setUpJobProgress();
    refreshCardLinks();
    setUpMyCardPage();
    setUpPhoneControls();
    document.querySelectorAll("form[data-live-search]").forEach(setUpLiveSearch);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
