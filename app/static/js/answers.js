// Show mode answers: "Let them answer" turns the screen to the other person with the
// question's panel (phrasebook/answers/panel.js draws it); "Ask next" keeps the answer in a
// short summary at the top of show mode and goes to the next phrase. Everything stays in
// this browser tab (sessionStorage): nothing is sent to the server.
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
  if (!section || !dataBlock || !show || !window.phrasebookAnswerPanel) {
    return;
  }

  var labels = section.dataset;
  var openButton = document.querySelector("[data-answer-open]");
  var panel = window.phrasebookAnswerPanel(
    section.querySelector(".answer-panel"), JSON.parse(dataBlock.textContent), {
      question: labels.question,
      targetLang: labels.targetLang,
      readerLang: labels.reader,
      strings: { chose: labels.labelChose, next: labels.labelNext, again: labels.labelAgain,
        "delete": labels.labelDelete, done: labels.labelDone, whole: labels.labelWhole,
        list: labels.labelList, closer: labels.labelCloser },
      audio: function (answer) {
        if (!window.phrasebookAudioButtons) {
          return null;
        }
        var src = labels.audioTemplate.replace("UID", encodeURIComponent(answer.phrase))
          .replace("LANG", encodeURIComponent(answer.lang));
        return window.phrasebookAudioButtons(labels, src, answer.target);
      },
      next: function (answer) {
        var items = readSummary();
        items.push({ question: labels.questionReader, answer: answer.reader });
        writeSummary(items);
        var nextUrl = show.getAttribute("data-next");
        if (nextUrl) {
          window.location.assign(nextUrl);
          return;
        }
        close();
        drawSummary();
      }
    });

  function open() {
    show.classList.add("answering");
    section.hidden = false;
    panel.open();
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
  if (window.location.hash === "#answer") {
    open();  // "Let them answer" on the phrase's page: straight to the panel
  }
  section.querySelector("[data-answer-close]").addEventListener("click", close);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && show.classList.contains("answering")) {
      event.stopImmediatePropagation();
      close();
    }
  }, true);
})();
