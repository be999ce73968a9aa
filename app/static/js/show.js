// Show mode: next/previous with the arrow keys or a swipe; Escape closes.
(function () {
  "use strict";

  var stage = document.querySelector(".show");
  if (!stage) {
    return;
  }
  var previous = stage.getAttribute("data-prev");
  var next = stage.getAttribute("data-next");
  var close = document.querySelector(".show-close");

  function go(url) {
    if (url) {
      window.location.assign(url);
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || stage.classList.contains("answering")) {
      return;
    }
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      go(next);
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      go(previous);
    } else if (event.key === "Escape" && close) {
      go(close.getAttribute("href"));
    }
  });

  var startX = null;
  var startY = null;
  stage.addEventListener("touchstart", function (event) {
    if (event.touches.length === 1) {
      startX = event.touches[0].clientX;
      startY = event.touches[0].clientY;
    }
  }, { passive: true });
  stage.addEventListener("touchend", function (event) {
    if (startX === null || !event.changedTouches.length || stage.classList.contains("answering")) {
      return;
    }
    var dx = event.changedTouches[0].clientX - startX;
    var dy = event.changedTouches[0].clientY - startY;
    startX = null;
    if (Math.abs(dx) > 60 && Math.abs(dx) > 1.5 * Math.abs(dy)) {
      go(dx < 0 ? next : previous);  // swipe left: the next phrase comes in from the right
    }
  }, { passive: true });
})();
