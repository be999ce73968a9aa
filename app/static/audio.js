// Play and slow-play buttons (templates/_audio_buttons.html): ask the server for the clip's
// URL (it is generated on first use, which can take a moment), then play it.
(function () {
  "use strict";
  if (window.phrasebookAudio) {
    return;
  }
  var known = new Map();  // "<src>|<speed>" -> {url, rate}
  var player = null;

  function setStatus(group, text) {
    var status = group.querySelector(".audio-status");
    if (status) {
      status.textContent = text;
    }
  }

  function play(url, rate) {
    if (player) {
      player.pause();
    }
    player = new Audio(url);
    if (rate && rate !== 1) {
      // A person's recording played slowly: slower, same voice (pitch kept).
      player.preservesPitch = true;
      player.playbackRate = rate;
    }
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
          var clip = { url: body.url, rate: body.rate || 1 };
          known.set(cacheKey, clip);
          return clip;
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
      play(cached.url, cached.rate).catch(function () {});
      return;
    }
    button.setAttribute("aria-busy", "true");
    group.classList.add("audio-generating");
    setStatus(group, group.getAttribute("data-label-generating"));
    clipUrl(src, speed)
      .then(function (clip) {
        setStatus(group, "");
        return play(clip.url, clip.rate).catch(function (error) {
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
