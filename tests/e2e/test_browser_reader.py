"""The reader side in real headless Chromium: language switch, search as you type (Hangul,
choseong, Cyrillic ё/е), phrase page and show mode, my card, escaping, no external requests,
and screenshots of the phrase list (desktop, phone) and show mode."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from phrasebook import editing
from tests.support.contrast import COLOURS_JS, contrast

pytestmark = pytest.mark.browser

XSS = "<script>alert(1)</script>"


def add_phrase(app: Any, uid: str, **texts: str) -> None:
    store = app.extensions["phrasebook"].store
    editing.create_phrase(
        store.uow(), uid=uid, category="basics", texts=texts, by="tester",
        languages=store.settings.languages, sets=["basics"],
    )  # fmt: skip


def test_switch_ui_language(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="українська").click()
    page.wait_for_url(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.get_by_role("heading", name="Набори фраз").is_visible()
    assert "корейська" in page.locator("#pair-target").inner_text()
    page.get_by_role("link", name="한국어").click()
    assert page.locator("html").get_attribute("lang") == "ko"
    assert "우크라이나어" in page.locator("#pair-reader").inner_text()


def test_choose_language_pair(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/sets/basics")
    page.select_option("#pair-reader", "ru")
    page.select_option("#pair-target", "en")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"/sets/basics$"))
    first = page.locator(".phrase-card").first
    assert first.locator(".reader-text").get_attribute("lang") == "ru"
    assert first.locator(".target-text").inner_text() == "Hello."


def _live_results(page: Any) -> list[str]:
    return page.locator("#search-results .phrase-card").evaluate_all(
        "cards => cards.map(card => card.getAttribute('data-uid'))"
    )


@pytest.mark.parametrize(
    ("typed", "uid", "marked"),
    [
        ("감사", "basics.thank-you", "감사"),
        ("ㄱㅅㅎ", "basics.thank-you", "감사합"),
        ("ВСЕ БУДЕТ", "basics.everything-will-be-all-right", "Всё будет"),
    ],
)
def test_search_as_you_type(live_server: Any, page: Any, typed: str, uid: str, marked: str) -> None:
    page.goto(live_server.url + "/search")
    page.locator("#search-q").press_sequentially(typed, delay=30)
    card = page.locator(f'#search-results .phrase-card[data-uid="{uid}"]')
    card.wait_for()
    marks = card.locator("mark").all_inner_texts()
    assert marked in "".join(marks) or marked.split()[0] in marks, marks
    assert page.url.endswith("/search?q=" + quote(typed))
    assert uid in _live_results(page)
    card.get_by_role("link", name="Show full screen").click()
    page.wait_for_url(re.compile(rf"/phrases/{re.escape(uid)}/show"))


def test_live_results_warn_and_fold_notes(live_server: Any, page: Any) -> None:
    """As-you-type results carry the false-friend warning and the folded usage note, as the
    server-rendered cards do (an English reader: 네 sounds like "nay")."""
    page.goto(live_server.url + "/prefs?reader=en&target=ko&ui=en&next=/search")
    page.locator("#search-q").press_sequentially("Yes", delay=30)
    card = page.locator('#search-results .phrase-card[data-uid="questions.yes"]')
    card.wait_for()
    assert "sounds like “nay”" in card.locator(".false-friend").inner_text()
    page.locator("#search-q").fill("")
    page.locator("#search-q").press_sequentially("shoot", delay=30)
    card = page.locator('#search-results .phrase-card[data-uid="safety.do-not-shoot"]')
    card.wait_for()
    note = card.locator("details.usage-notes")
    assert not card.locator(".usage-note").first.is_visible()  # folded until tapped
    note.locator("summary").click()
    assert "쏘지 마세요" in card.locator(".usage-note").first.inner_text()


def test_search_without_javascript_uses_the_page(live_server: Any, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/search")
        page.fill("#search-q", "елка")  # no fir tree in the seeds: ё folded both ways
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/search\?q="))
        page.fill("#search-q", "ещё")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"q=%D0%B5%D1%89%D1%91"))
        assert page.locator(".phrase-card").count() >= 2
        assert "ещё" in page.locator(".phrase-card mark").all_inner_texts()
    finally:
        context.close()


def test_phrase_page_and_show_mode(live_server: Any, page: Any, artifacts_dir: Path) -> None:
    page.goto(live_server.url + "/sets/basics")
    page.locator('.phrase-card[data-uid="basics.hello"]').get_by_role("link", name="Open").click()
    page.wait_for_url(re.compile(r"/phrases/basics\.hello"))
    assert page.locator(".target-large").inner_text() == "안녕하세요."
    page.get_by_role("link", name="Show full screen").click()
    page.wait_for_url(re.compile(r"/phrases/basics\.hello/show"))
    target = page.locator(".show-target")
    assert target.inner_text() == "안녕하세요."
    assert target.get_attribute("lang") == "ko"
    size = float(target.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
    assert size >= 44
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"/phrases/basics\.nice-to-meet-you/show"))
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"/phrases/basics\.hello/show"))
    page.get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"/phrases/basics\.nice-to-meet-you/show"))
    page.get_by_role("link", name="Previous").click()
    page.wait_for_url(re.compile(r"/phrases/basics\.hello/show"))
    page.screenshot(path=str(artifacts_dir / "show-mode-desktop.png"))
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/phrases/basics\.hello\?set=basics$"))


def test_show_mode_on_a_phone_swipes(live_server: Any, browser: Any, artifacts_dir: Path) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True, locale="uk-UA"
    )
    try:
        page = context.new_page()
        page.goto(live_server.url + "/phrases/basics.nice-to-meet-you/show?set=basics")
        stage = page.locator(".show")
        box = page.locator(".show-nav").bounding_box()
        assert box is not None and box["y"] + box["height"] <= 740  # buttons within thumb reach
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360
        page.screenshot(path=str(artifacts_dir / "show-mode-phone.png"))
        swipe = """(el, dx) => {
            const touch = (x) => new Touch({identifier: 1, target: el, clientX: x, clientY: 300});
            el.dispatchEvent(new TouchEvent('touchstart', {touches: [touch(250)], bubbles: true}));
            el.dispatchEvent(new TouchEvent('touchend',
                {touches: [], changedTouches: [touch(250 + dx)], bubbles: true}));
        }"""
        stage.evaluate(swipe, -150)
        page.wait_for_url(re.compile(r"/phrases/basics\.my-name-is/show\?set=basics"))
        page.locator(".show").evaluate(swipe, 150)
        page.wait_for_url(re.compile(r"/phrases/basics\.nice-to-meet-you/show"))
    finally:
        context.close()


def test_my_card_keeps_pins_in_the_browser(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/sets/basics")
    page.locator('.phrase-card[data-uid="basics.goodbye"] button.pin').click()
    page.locator('.phrase-card[data-uid="basics.hello"] button.pin').click()
    assert page.locator("[data-card-count]").inner_text() == "2"
    pressed = page.locator('.phrase-card[data-uid="basics.hello"] button.pin')
    assert pressed.get_attribute("aria-pressed") == "true"
    page.goto(live_server.url + "/mycard")
    page.wait_for_url(re.compile(r"/mycard\?ids="))
    uids = page.locator(".phrase-card").evaluate_all("cs => cs.map(c => c.dataset.uid)")
    assert uids == ["basics.goodbye", "basics.hello"]
    assert page.get_by_role("button", name="Print").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator(".phrase-card").first.is_visible()


def test_user_text_is_shown_as_text(live_server: Any, page: Any) -> None:
    add_phrase(live_server.app, "test.xss", en=XSS, uk=XSS, ko=f"공격 {XSS}")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + "/sets/basics")
    card = page.locator('.phrase-card[data-uid="test.xss"]')
    assert card.locator(".reader-text").inner_text() == XSS
    assert card.locator(".target-text").inner_text() == f"공격 {XSS}"
    page.goto(live_server.url + "/search")
    page.locator("#search-q").press_sequentially("alert", delay=20)
    page.locator('#search-results .phrase-card[data-uid="test.xss"]').wait_for()
    assert page.locator("#search-results script").count() == 0
    page.goto(live_server.url + "/phrases/test.xss/show")
    assert page.locator(".show-target").inner_text() == f"공격 {XSS}"
    assert dialogs == []


def test_no_request_leaves_the_machine(live_server: Any, page: Any, browser_requests: Any) -> None:
    paths = ("/", "/sets/basics", "/phrases/basics.hello", "/phrases/basics.hello/show",
             "/search?q=%EA%B0%90", "/mycard?ids=basics.hello", "/categories/basics")  # fmt: skip
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.goto(live_server.url + "/search")
    page.locator("#search-q").press_sequentially("hello", delay=20)
    page.locator("#search-results .phrase-card").first.wait_for()
    assert browser_requests.external == []
    assert any("/static/css/app.css" in url for url in browser_requests.all)
    assert any("/api/v1/search" in url for url in browser_requests.all)


@pytest.mark.parametrize(("width", "name"), [(1280, "desktop"), (360, "phone")])
def test_phrase_list_screenshots(
    live_server: Any, browser: Any, artifacts_dir: Path, width: int, name: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="uk-UA")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/sets/basics")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(artifacts_dir / f"phrase-list-{name}.png"))
        page.screenshot(path=str(artifacts_dir / f"phrase-list-{name}-full.png"), full_page=True)
        page.keyboard.press("Tab")  # the skip link is the first stop and becomes visible
        assert page.locator(".skip-link").evaluate("el => el === document.activeElement")
        outline = page.locator(".skip-link").evaluate("el => getComputedStyle(el).outlineStyle")
        assert outline == "solid"
    finally:
        context.close()


def test_text_colours_meet_wcag_aa(live_server: Any, page: Any) -> None:
    add_phrase(live_server.app, "test.draft", en="Draft here", ko="초안")
    page.goto(live_server.url + "/search?q=here")
    selectors = [".badge-draft", ".reader-text", ".target-text", ".card-actions a",
                 "button.pin", "mark", ".brand", ".site-nav a", ".pair-form label",
                 ".pair-form button", ".hint", ".site-footer p"]  # fmt: skip
    page.locator("button.pin").first.wait_for()
    for selector in selectors:
        ratio = contrast(page.locator(selector).first.evaluate(COLOURS_JS))
        assert ratio >= 4.5, (selector, round(ratio, 2))
    page.goto(live_server.url + "/phrases/test.draft/show")
    for selector in (".show-target", ".show-reader", ".show-close", ".badge-draft"):
        ratio = contrast(page.locator(selector).first.evaluate(COLOURS_JS))
        assert ratio >= 4.5, (selector, round(ratio, 2))
    # The false-friend warning (Korean 네 "yes" for an English reader) and a usage note.
    checks = [
        ("/phrases/questions.yes", ".false-friend"),
        ("/phrases/questions.yes/show", ".false-friend"),
        ("/phrases/safety.do-not-shoot", ".usage-note"),
        ("/phrases/safety.do-not-shoot/show", ".usage-note"),
    ]
    for path, selector in checks:
        page.goto(live_server.url + path)
        element = page.locator(selector).first
        assert element.is_visible(), (path, selector)
        ratio = contrast(element.evaluate(COLOURS_JS))
        assert ratio >= 4.5, (path, selector, round(ratio, 2))


def test_every_reader_page_fits_a_phone(live_server: Any, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="ru-RU")
    try:
        page = context.new_page()
        for path in ("/", "/sets/safety", "/phrases/basics.hello", "/search?q=%D0%B2%D1%81%D0%B5",
                     "/mycard?ids=basics.hello", "/categories/basics"):  # fmt: skip
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    finally:
        context.close()
