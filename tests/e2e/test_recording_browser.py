"""Recording in headless Chromium with a fake microphone (a voice-like WAV made by the
test): an editor records on the translation page, sees the level move, listens back, trims,
saves; a reviewer approves; the reader's play button then plays the person's clip, which
decodes to about the voice's length. And a record session walks a set phrase by phrase."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from phrasebook.audio.recordings import recordings_page
from phrasebook.store import Store
from tests.e2e.conftest import FAKE_VOICE_SECONDS
from tests.support.accounts import app_of, fill_store, sign_in_page
from tests.support.sounds import duration_of

pytestmark = pytest.mark.browser


@pytest.fixture
def app(make_store: Callable[..., Store]) -> Any:
    """Known phrases and one account per role (replaces the seeded app of the live server)."""
    store = make_store()
    fill_store(store)
    return app_of(store)


def _record(page: Any, seconds_of_sound: float) -> float:
    """Press Record, wait until the meter has heard ``seconds_of_sound``, press Stop; the
    length the page says it recorded."""
    page.click(".record-start")
    page.wait_for_function("() => document.querySelector('.record-level').value > 0.05")
    page.wait_for_timeout(int(seconds_of_sound * 1000))
    page.click(".record-stop")
    page.wait_for_function("() => document.querySelector('.record-playback').duration > 0")
    return float(page.locator(".trim-end").input_value())


def test_an_editor_records_listens_trims_and_saves_and_readers_hear_it(
    microphone_page: Any, live_server: Any, browser_requests: Any, artifacts_dir: Any
) -> None:
    page, base = microphone_page, live_server.url
    store: Store = live_server.app.config["PHRASEBOOK_STORE"]
    sign_in_page(page, base, "editor")
    page.goto(f"{base}/edit/phrases/thanks/ko")
    assert page.locator(".read-aloud").inner_text() == "감사합니다"
    recorded = _record(page, FAKE_VOICE_SECONDS + 0.6)
    assert recorded >= FAKE_VOICE_SECONDS
    # Listen back: the page's own player holds the take.
    page.evaluate("() => document.querySelector('.record-playback').play()")
    page.wait_for_function("() => document.querySelector('.record-playback').currentTime > 0")
    # Trim: keep the first 2 s at most, and the file field now holds that WAV.
    page.fill(".trim-end", "2.0")
    page.dispatch_event(".trim-end", "change")
    page.wait_for_function(
        "() => Math.abs(document.querySelector('.record-playback').duration - 2.0) < 0.1"
    )
    assert page.evaluate("document.querySelector('.record-file').files[0].name") == (
        "recording.wav"
    )
    page.fill("input[name=speaker]", "Kim")
    page.check("input[name=consent]")
    page.screenshot(path=str(artifacts_dir / "recording.png"), full_page=True)
    page.click(".record-save")
    page.wait_for_url(f"{base}/edit/phrases/thanks/ko#recordings")
    assert "Recording saved" in page.content()

    views = recordings_page(store.uow(), "thanks", "ko")
    assert len(views) == 1
    stored = views[0].recording
    assert (stored.source, stored.speaker, stored.status) == ("browser", "Kim", "draft")
    # Trimmed of its silence: no longer than the 2 s kept, about one voice's length.
    assert 0.8 < stored.duration <= 2.1

    reviewer = page.context.browser.new_context(permissions=["microphone"])
    review_page = reviewer.new_page()
    try:
        sign_in_page(review_page, base, "reviewer")
        review_page.goto(f"{base}/edit/phrases/thanks/ko")
        review_page.click(".recording-review")
        review_page.wait_for_url(f"{base}/edit/phrases/thanks/ko#recordings")
        reader = review_page
        reader.goto(f"{base}/phrases/thanks")
        assert reader.locator(".audio-voice").inner_text() == "recorded: Kim"
        reader.get_by_role("button", name="Play: 감사합니다").click()
        reader.wait_for_function(
            "() => { const p = window.phrasebookAudio.current(); return p && p.currentTime > 0; }"
        )
        source = reader.evaluate("window.phrasebookAudio.current().src")
        assert source.endswith(f"/audio/{stored.filename}")
        clip = reader.request.get(source)
        assert abs(duration_of(clip.body()) - stored.duration) < 0.1
        reader.get_by_role("button", name="Slow: 감사합니다").click()
        reader.wait_for_function(
            "() => { const p = window.phrasebookAudio.current();"
            " return p && p.playbackRate === 0.75 && p.preservesPitch && p.currentTime > 0; }"
        )
    finally:
        reviewer.close()
    assert browser_requests.external == []


def _wait_for_position(page: Any, position: str) -> None:
    page.wait_for_function(
        "(want) => document.querySelector('.session-position')?.textContent.trim() === want",
        arg=position,
    )
    assert page.locator(".session-position").inner_text() == position


def test_a_record_session_walks_the_set_with_skip_and_redo(
    microphone_page: Any, live_server: Any
) -> None:
    page, base = microphone_page, live_server.url
    store: Store = live_server.app.config["PHRASEBOOK_STORE"]
    sign_in_page(page, base, "editor")
    page.goto(f"{base}/edit/sets/surrender")
    page.click("a.record-session-link[href$='/record/ko']")
    # (each step loads a new page: wait for it, not for the old page's copy of the element)
    _wait_for_position(page, "Phrase 1 of 3")
    first = page.locator(".read-aloud").inner_text()
    page.click(".session-skip")
    _wait_for_position(page, "Phrase 2 of 3")
    second = page.locator(".read-aloud").inner_text()
    assert second != first
    _record(page, 0.8)
    _record(page, FAKE_VOICE_SECONDS)  # redo: the second take replaces the first
    page.fill("input[name=speaker]", "Olena")
    page.check("input[name=consent]")
    page.click(".record-save")
    _wait_for_position(page, "Phrase 3 of 3")
    page.click(".session-skip")
    page.wait_for_selector(".session-done")
    assert page.locator(".session-done").count() == 1
    assert page.locator(".session-position").count() == 0
    recorded = {
        uid: len(recordings_page(store.uow(), uid, "ko")) for uid in ("stop", "thanks", "water")
    }
    assert sorted(recorded.values()) == [0, 0, 1]
