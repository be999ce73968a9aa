// The colour theme, set before the page is drawn (loaded without defer in <head>): the
// reader's choice kept in this browser, else the system's (prefers-color-scheme).
(function () {
  "use strict";
  var chosen = null;
  try { chosen = window.localStorage.getItem("phrasebook.theme"); } catch (e) { /* none */ }
  if (chosen !== "light" && chosen !== "dark") {
    var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
    chosen = dark ? "dark" : "light";
  }
  document.documentElement.setAttribute("data-theme", chosen);
})();
