// Play and slow-play buttons (templates/_audio_buttons.html): ask the server for the clip's
// URL (it is generated on first use, which can take a moment), then play it.
(function () {
  "use strict";
  if (window.phrasebookAudio) {
    return;
  }
  var known = new Map();  // "<src>|<speed>" -> audio URL
  var player = null;

  function setStatus(group, text) {
    var status = group.querySelector(".audio-status");
    if (status) {
      status.textContent = text;
    }
  }

  function play(url) {
    if (player) {
      player.pause();
    }
    player = new Audio(url);
    return player.play();
  }

  function clipUrl(src, speed) {
    var cacheKey = src + "|" + speed;
    var query = "?speed=" + encodeURIComponent(speed) + "&format=json";
    return fetch(src + query, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok || !body.url) {
            throw new Error(body.error || String(response.status));
          }
          known.set(cacheKey, body.url);
          return body.url;
        });
      });
  }

  function onClick(event) {
    var button = event.target.closest("button.audio-play");
    if (!button || button.getAttribute("aria-busy") === "true") {
      return;
    }
    var group = button.closest(".audio-buttons");
    var src = group.getAttribute("data-audio-src");
    var speed = button.getAttribute("data-speed") || "normal";
    var cached = known.get(src + "|" + speed);
    if (cached) {
      // Played inside the click itself: mobile Safari refuses play() started later.
      play(cached).catch(function () {});
      return;
    }
    button.setAttribute("aria-busy", "true");
    group.classList.add("audio-generating");
    setStatus(group, group.getAttribute("data-label-generating"));
    clipUrl(src, speed)
      .then(function (url) {
        setStatus(group, "");
        return play(url).catch(function (error) {
          if (error && error.name === "NotAllowedError") {
            // The browser wants a fresh press once the clip exists; the next one plays at once.
            setStatus(group, group.getAttribute("data-label-ready"));
            return;
          }
          throw error;
        });
      })
      .catch(function (error) {
        var label = group.getAttribute("data-label-failed");
        setStatus(group, label + " " + (error && error.message ? error.message : ""));
      })
      .finally(function () {
        button.removeAttribute("aria-busy");
        group.classList.remove("audio-generating");
      });
  }

  document.addEventListener("click", onClick);
  window.phrasebookAudio = {
    play: play,
    current: function () {
      return player;
    },
  };
})();
