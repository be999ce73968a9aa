"""Reader pages on a phone, in real headless Chromium with touch at 360x640 and 320x568:
compact rows that open in place, a one-tap Play, the search box that stays on top, the
folded language pair, night and sunlight themes (WCAG AA both), nothing wider than the
screen. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.contrast import COLOURS_JS, contrast

pytestmark = pytest.mark.browser

SIZES = [(360, 640), (320, 568)]
PLAYING = """() => {
  const player = window.phrasebookAudio && window.phrasebookAudio.current();
  return player && !player.paused && player.currentTime > 0;
}"""


@pytest.fixture(params=SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
def phone(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[Any, int, int]]:
    width, height = request.param
    context = browser.new_context(
        viewport={"width": width, "height": height}, has_touch=True, is_mobile=True,
        locale="uk-UA",
    )  # fmt: skip
    external: list[str] = []

    def guard(route: Any) -> None:  # every request off this machine is aborted and counted
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page, width, height
    finally:
        context.close()
    assert external == [], external


def rows(page: Any) -> Any:
    return page.locator(".phrase-list .phrase-card")


def test_a_set_is_compact_rows_with_nothing_wider_than_the_screen(
    live_server: Any, phone: tuple[Any, int, int], artifacts_dir: Path
) -> None:
    page, width, height = phone
    page.goto(live_server.url + "/sets/safety")
    count = rows(page).count()
    assert count == 60
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    heights = rows(page).evaluate_all("cs => cs.map(c => c.getBoundingClientRect().height)")
    # Two or three short lines each: a card used to be about 320 px tall.
    assert max(heights) <= 180, max(heights)  # the longest phrase of the set: 6 short lines
    assert sum(heights) / count <= 85, sum(heights) / count
    total = page.evaluate("document.body.scrollHeight")
    # Header, tools and 60 rows within 100 px a phrase: about 8.5 (360 px) and 10 (320 px)
    # screen heights; the cards were about 320 px a phrase.
    assert total <= 100 * count, (total, total / height)
    hidden = rows(page).first.locator(".card-actions")
    assert not hidden.is_visible()
    page.screenshot(path=str(artifacts_dir / f"phone-set-{width}.png"))


def test_rows_open_in_place_one_at_a_time(
    live_server: Any, phone: tuple[Any, int, int], artifacts_dir: Path
) -> None:
    page, width, _height = phone
    page.goto(live_server.url + "/sets/safety")
    first, second = rows(page).nth(1), rows(page).nth(2)
    first.locator(".target-text").tap()
    assert "open" in (first.get_attribute("class") or "")
    assert first.locator(".card-actions").is_visible()
    assert first.locator('.audio-play[data-speed="slow"]').is_visible()
    for control in first.locator(".card-actions a, .audio-play, button.pin").all():
        box = control.bounding_box()
        assert box is not None and box["height"] >= 48, box
    page.screenshot(path=str(artifacts_dir / f"phone-row-open-{width}.png"))
    second.locator(".reader-text").tap()
    assert "open" not in (first.get_attribute("class") or "")
    assert "open" in (second.get_attribute("class") or "")
    second.locator(".reader-text").tap()
    assert page.locator(".phrase-card.open").count() == 0


def test_each_closed_row_has_a_one_tap_play(live_server: Any, phone: tuple[Any, int, int]) -> None:
    page, _width, _height = phone
    page.goto(live_server.url + "/sets/safety")
    row = rows(page).first
    play = row.locator('.audio-play[data-speed="normal"]')
    box = play.bounding_box()
    assert play.is_visible() and box is not None
    assert box["width"] >= 48 and box["height"] >= 48, box
    play.tap()
    # Play plays (a real espeak-ng clip from the app); it does not open the row.
    page.wait_for_function(PLAYING)
    assert "open" not in (row.get_attribute("class") or "")


def test_the_search_box_stays_on_top_and_finds(
    live_server: Any, phone: tuple[Any, int, int]
) -> None:
    page, _width, _height = phone
    page.goto(live_server.url + "/sets/safety")
    page.evaluate("window.scrollTo(0, 3000)")
    box = page.locator(".header-search").bounding_box()
    assert box is not None and box["y"] == 0, box
    page.locator(".header-search input[type=search]").fill("зброю")
    page.locator(".header-search input[type=search]").press("Enter")
    page.wait_for_url("**/search?q=*")
    page.locator(".phrase-card").first.wait_for()
    assert "зброю" in page.locator(".phrase-card").first.inner_text().lower()


def test_the_language_pair_folds_into_one_line(
    live_server: Any, phone: tuple[Any, int, int]
) -> None:
    page, _width, _height = phone
    page.goto(live_server.url + "/sets/safety")
    toggle = page.locator("[data-pair-toggle]")
    assert toggle.inner_text().startswith("uk → ko")
    assert not page.locator(".pair-form").is_visible()
    toggle.tap()
    assert page.locator(".pair-form").is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"


def test_the_pair_bar_stays_open_on_a_desktop(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/sets/safety")
    assert page.locator(".pair-form").is_visible()
    assert not page.locator("[data-pair-toggle]").is_visible()
    assert not page.locator(".header-search").is_visible()


SELECTORS = [".phrase-card .reader-text", ".phrase-card .target-text",
             ".phrase-card .pronunciation", ".breadcrumbs a", "h1", ".brand",
             ".site-nav a", ".list-tools .button"]  # fmt: skip


def test_both_themes_meet_wcag_aa_switch_and_persist(
    live_server: Any, phone: tuple[Any, int, int], artifacts_dir: Path
) -> None:
    page, width, _height = phone
    page.goto(live_server.url + "/sets/safety")
    seen = []
    for _round in range(2):
        theme = page.evaluate("document.documentElement.dataset.theme")
        seen.append(theme)
        for selector in SELECTORS:
            ratio = contrast(page.locator(selector).first.evaluate(COLOURS_JS))
            assert ratio >= 4.5, (theme, selector, round(ratio, 2))
        page.screenshot(path=str(artifacts_dir / f"phone-theme-{theme}-{width}.png"))
        page.locator("[data-theme-toggle]").tap()
    assert seen == ["light", "dark"]
    page.locator("[data-theme-toggle]").tap()  # dark again, then reload
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"


def test_the_system_dark_preference_is_the_default(live_server: Any, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert page.evaluate("document.documentElement.dataset.theme") == "dark"
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert background == "rgb(17, 20, 23)"
    finally:
        context.close()
