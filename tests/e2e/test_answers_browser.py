"""Show mode answers in real headless Chromium with touch at 360x640: the panel turns to the
other person, a tap shows the reader what was chosen (and plays it), "Ask next" keeps a
summary; body map, pain scale, yes/no, number, time, and the keyboard alone. Nothing is sent
to the server. Screenshots go to test-artifacts/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

PLAYING = """() => {
  const player = window.phrasebookAudio && window.phrasebookAudio.current();
  return player && !player.paused && player.currentTime > 0;
}"""


def show(page: Any, live_server: Any, uid: str, set_slug: str) -> None:
    page.goto(f"{live_server.url}/phrases/{uid}/show?set={set_slug}")
    page.locator("[data-answer-open]").tap()
    page.locator("[data-answer]").wait_for()


def test_the_body_map_answers_where_it_hurts_and_the_summary_keeps_it(
    live_server: Any, make_phone_page: Any, browser_requests: Any, artifacts_dir: Path
) -> None:
    page = make_phone_page()
    show(page, live_server, "medical.where-does-it-hurt", "medical")
    assert not page.locator(".show-target").is_visible()  # the panel replaces the question
    assert page.locator(".answer-question").inner_text() == "어디가 아프세요?"
    regions = page.locator(".answer-body [data-region]")
    assert regions.count() >= 30  # 22 regions, most drawn front and back
    # One view at a time, whole: its four quarters are what a finger taps first.
    assert page.locator(".body-front").get_attribute("display") == "inline"
    assert page.locator(".body-back").get_attribute("display") == "none"
    quarters = page.locator("[data-band]")
    assert quarters.count() == 4
    for quarter in quarters.all():
        box = quarter.bounding_box()
        assert box is not None and box["width"] >= 100 and box["height"] >= 60, box
    page.screenshot(path=str(artifacts_dir / "answers-body-map.png"))
    page.locator('[data-band="legs"]').tap()
    # The quarter across the panel: even a knee is a gloved thumb's size.
    knee = page.locator("#body-front-left-knee")
    box = knee.bounding_box()
    assert knee.get_attribute("role") == "button"
    assert box is not None and box["width"] >= 44 and box["height"] >= 44, box
    page.screenshot(path=str(artifacts_dir / "answers-body-map-legs.png"))
    knee.tap()
    chosen = page.locator(".answer-chosen")
    assert chosen.locator(".chosen-reader").inner_text() == "Вибрано: Ліве коліно"
    assert chosen.locator(".chosen-target").inner_text() == "왼쪽 무릎"
    # both views mark the same region
    assert page.locator('.answer-body [data-region="left-knee"].chosen').count() == 2
    # Play, Slow and whose voice stay inside the screen (they once ran off both edges).
    for button in chosen.locator(".audio-play").all():
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    chosen.locator('.audio-play[data-speed="normal"]').tap()
    page.wait_for_function(PLAYING)  # the label's own recording of 왼쪽 무릎, from the app
    page.screenshot(path=str(artifacts_dir / "answers-body-chosen.png"))
    chosen.locator(".answer-next").tap()
    page.wait_for_url("**/medical.show-me-where-it-hurts/show?set=medical")
    summary = page.locator("[data-answer-summary]")
    assert summary.is_visible()
    assert summary.locator("li").first.inner_text() == "Де болить? Ліве коліно"
    summary.locator("[data-answer-clear]").tap()
    assert not summary.is_visible()
    assert browser_requests.sent == [] and browser_requests.external == []


def test_pain_scale_and_yes_no_taps(
    live_server: Any, make_phone_page: Any, browser_requests: Any, artifacts_dir: Path
) -> None:
    page = make_phone_page()
    show(page, live_server, "medical.how-bad-is-the-pain", "medical")
    values = page.locator(".scale-value")
    assert values.count() == 11
    for button in values.all():
        box = button.bounding_box()
        assert box is not None and box["height"] >= 64 and box["width"] >= 64, box
    assert "통증 없음" in values.first.inner_text()
    assert "가장 심한 통증" in values.last.inner_text()
    page.screenshot(path=str(artifacts_dir / "answers-pain-scale.png"))
    values.nth(7).tap()
    assert page.locator(".chosen-reader").inner_text() == "Вибрано: 7"
    with page.expect_navigation():
        page.locator(".answer-next").tap()

    show(page, live_server, "medical.are-you-wounded", "medical")
    options = page.locator(".answer-option")
    texts = [option.inner_text().split("\n") for option in options.all()]
    assert texts[0] == ["네", "Так"]  # the reader's own word beside 네
    assert texts[1] == ["아니요", "Ні"] and len(texts) == 6
    page.screenshot(path=str(artifacts_dir / "answers-yes-no.png"))
    options.first.tap()
    assert page.locator(".chosen-reader").inner_text() == "Вибрано: Так"
    with page.expect_navigation():
        page.locator(".answer-next").tap()
    items = page.locator("[data-answer-summary] li").all_inner_texts()
    assert items == ["Наскільки сильний біль, від 0 до 10? 7", "Ви поранені? Так"]
    assert browser_requests.sent == []


def test_numbers_and_times_read_back_in_both_languages(
    live_server: Any, make_phone_page: Any, artifacts_dir: Path
) -> None:
    page = make_phone_page()
    show(page, live_server, "safety.how-many-of-you-are-there", "safety")
    for key in ("2", "3"):
        page.locator(".keypad-key", has_text=key).first.tap()
    assert page.locator(".number-digits").inner_text() == "23"
    assert page.locator(".number-words").inner_text() == "스물셋 · 이십삼"  # native · Sino-Korean
    keys = page.locator(".keypad-key")
    assert keys.count() == 12
    assert all(k.bounding_box()["height"] >= 64 for k in keys.all())
    page.screenshot(path=str(artifacts_dir / "answers-number.png"))
    page.locator(".keypad-done").tap()
    assert page.locator(".chosen-reader").inner_text() == "Вибрано: 23 — двадцять три"
    assert page.locator(".chosen-target").inner_text() == "23 — 이십삼"

    show(page, live_server, "medical.how-long-ago-were-you-wounded", "medical")
    page.locator(".keypad-key", has_text="2").first.tap()
    units = page.locator(".answer-units .answer-option").all_inner_texts()
    assert "2시간 전" in units and "그저께" in units  # 2 days ago, as Korean says it
    page.screenshot(path=str(artifacts_dir / "answers-time.png"))
    page.locator(".answer-units .answer-option", has_text="2시간 전").tap()
    assert page.locator(".chosen-reader").inner_text() == "Вибрано: 2 години тому"


def test_keyboard_alone_opens_answers_and_closes(live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/prefs?reader=en&target=ko&next=/")
    page.goto(f"{live_server.url}/phrases/medical.where-does-it-hurt/show?set=medical")
    page.locator("[data-answer-open]").focus()
    page.keyboard.press("Enter")
    # the first control has the focus: the Front view of the body map
    assert page.evaluate("document.activeElement.className") == "body-mode"
    for _step in range(4):  # Back, List, the head quarter, the chest quarter
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-band')") == "chest"
    page.keyboard.press("Enter")  # that quarter across the panel; its first region focused
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "가슴"
    page.keyboard.press("Enter")
    assert page.locator(".chosen-reader").inner_text() == "You chose: Chest"
    assert page.evaluate("document.activeElement.className") == "answer-next"
    page.keyboard.press("Escape")
    assert not page.locator("[data-answer]").is_visible()
    assert page.locator(".show-target").is_visible()
    assert page.url.endswith("/medical.where-does-it-hurt/show?set=medical")  # Escape: not closed


def test_the_phrase_page_goes_straight_to_the_panel(live_server: Any, make_phone_page: Any) -> None:
    page = make_phone_page()
    page.goto(f"{live_server.url}/phrases/medical.are-you-wounded?set=medical")
    link = page.locator("a.answer-link")
    assert link.inner_text() == "Нехай відповість"
    link.tap()
    page.locator("[data-answer] .answer-option").first.wait_for()
    assert not page.locator(".show-target").is_visible()
    page.goto(f"{live_server.url}/phrases/basics.thank-you")  # no panel: no link
    assert page.locator("a.answer-link").count() == 0
