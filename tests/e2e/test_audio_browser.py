"""The play buttons in headless Chromium: keyboard press, "generating" state, real playback
of an espeak-ng clip served by the app; nothing leaves the machine."""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

UID = "safety.do-not-shoot"

RECORD_STATUS = """
window.__audioStates = [];
document.addEventListener("DOMContentLoaded", () => {
  const record = () => document.querySelectorAll(".audio-buttons").forEach((group) => {
    window.__audioStates.push([group.classList.contains("audio-generating"),
                               group.querySelector(".audio-status").textContent]);
  });
  new MutationObserver(record).observe(document.body,
    {subtree: true, childList: true, characterData: true, attributes: true});
});
"""

PLAYING = """() => {
  const player = window.phrasebookAudio && window.phrasebookAudio.current();
  return player && !player.paused && player.currentTime > 0;
}"""


@pytest.fixture
def served(live_server: Any) -> Any:
    yield live_server
    live_server.app.extensions["phrasebook"].close()


def test_keyboard_play_shows_generating_then_plays(
    served: Any, page: Any, browser_requests: Any
) -> None:
    page.add_init_script(RECORD_STATUS)
    page.goto(f"{served.url}/phrases/{UID}")
    play = page.get_by_role("button", name=re.compile(r"^Play: "))
    slow = page.get_by_role("button", name=re.compile(r"^Slow: "))
    assert play.count() == 1 and slow.count() == 1

    play.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(PLAYING)
    source = page.evaluate("window.phrasebookAudio.current().src")
    assert re.search(r"/audio/[0-9a-f]{32}\.mp3$", source)
    states = page.evaluate("window.__audioStates")
    assert [True, "Generating audio…"] in states  # the visible "generating" state
    assert states[-1] == [False, ""]  # and it went away once the clip played

    slow.focus()
    page.keyboard.press("Space")
    page.wait_for_function(
        f"() => window.phrasebookAudio.current().src !== {source!r} && ({PLAYING})()"
    )
    assert any("speed=slow" in url for url in browser_requests.all)
    assert browser_requests.external == []
