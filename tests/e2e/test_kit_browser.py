"""The field kit in real headless Chromium, as a phone opens it: a file:// URL, every network
request aborted and recorded, a 360x640 touch viewport. The kit is built once for the module
from the seeds (the basics set, with real espeak-ng audio) plus a phrase full of markup."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from phrasebook import __version__, editing
from phrasebook.audio.service import AudioService
from phrasebook.kit import KitRequest
from phrasebook.kit.installation import installation_kit
from phrasebook.search.forms import korean_stems
from phrasebook.search.keys import normalize, query_terms, term_alternatives
from phrasebook.search.typos import Vocabulary, key_words, wants_typos
from tests.support.contrast import COLOURS_JS, contrast
from tests.support.relevance import relevance_cases
from tests.support.stores import open_store

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 640}, "has_touch": True, "is_mobile": True}
HOSTILE = '</script><script>window.broken = 1</script><img src=x onerror="window.broken=2">'
# Strings the kit's script must fold exactly as phrasebook.search.keys.normalize does.
FOLD_SAMPLES = [
    "감사합니다",
    "ㄱㅅ",
    "감ㅅ",
    "과",
    "값",
    "Ёлка",
    "ПІД’ЇЗД",
    "it's",
    "It’s  OK ",
    "straße",
    "ÉCOLE",
    "ﬁne",
    "ｆｕｌｌ",
    "\u1100\u1161",
    "  spaced\tout  ",
    "Ѐ",
]


@pytest.fixture(scope="module")
def kit_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("kit")
    store = open_store(root / "data", seeded=True)
    editing.create_phrase(
        store.uow(), uid="test.markup", category="basics",
        texts={"uk": HOSTILE, "ko": "표시 " + HOSTILE}, by="test",
        languages=store.settings.languages, sets=["basics"],
    )  # fmt: skip
    audio = AudioService(store.settings)
    try:
        kit = installation_kit(
            store, KitRequest("uk", "ko", sets=("basics",)), audio,
            made_at=datetime(2026, 12, 2, tzinfo=UTC),
        )  # fmt: skip
    finally:
        audio.close()
        store.close()
    assert kit.clips == 24 and not kit.missing_audio
    path = root / "phrasebook-uk-ko-basics.html"
    path.write_text(kit.html, "utf-8")
    yield path


@pytest.fixture
def phone(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A phone-sized page whose every request is recorded; all but the kit file aborted."""
    context = browser.new_context(**PHONE, locale="uk-UA")
    requests: list[str] = []

    def guard(route: Any) -> None:
        requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page, requests
    finally:
        context.close()
    assert not errors, errors


def open_kit(page: Any, kit_file: Path) -> None:
    page.goto(kit_file.as_uri())
    page.locator("#list .row").first.wait_for()


def search_for(page: Any, query: str) -> None:
    page.locator("input[type=search]").fill(query)
    page.locator("#list .row").first.wait_for()


def show_first(page: Any, query: str) -> None:
    """Show mode for the first phrase the query finds."""
    search_for(page, query)
    page.locator("#list .row button.head").first.tap()
    page.locator("#list .row button.show-one").first.tap()


def targets(page: Any) -> list[str]:
    return [t.strip() for t in page.locator("#list .row .target").all_inner_texts()]


def test_it_opens_offline_and_makes_no_request(
    phone: tuple[Any, list[str]], kit_file: Path, artifacts_dir: Path
) -> None:
    page, requests = phone
    open_kit(page, kit_file)
    assert page.title() == "Розмовник"
    assert page.locator("#list .row").count() == 24
    assert "안녕하세요." in targets(page)
    assert "Дякую." in page.locator("#list").inner_text()
    edition = page.locator("#kit-edition").inner_text()
    assert "2026-12-02" in edition and __version__ in edition
    assert page.evaluate("document.fonts.check('16px NotoSansKR', '감사')")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.screenshot(path=str(artifacts_dir / "kit-home-360.png"))
    assert requests == [kit_file.as_uri()]


@pytest.mark.parametrize("query", ["ㄱㅅ", "камса", "gamsa", "감사", "dyakuyu"])
def test_search_finds_by_initials_transcriptions_and_text(
    phone: tuple[Any, list[str]], kit_file: Path, query: str
) -> None:
    page, requests = phone
    open_kit(page, kit_file)
    page.locator("input[type=search]").fill(query)
    page.wait_for_function("document.querySelectorAll('#list .row').length < 24")
    assert "감사합니다." in targets(page)[:3], targets(page)
    assert requests == [kit_file.as_uri()]


def test_the_kit_finds_its_share_of_the_relevance_set(
    phone: tuple[Any, list[str]], kit_file: Path
) -> None:
    """Every query of the server's relevance set whose phrase is in the kit, and which the
    kit can answer without reducing the query itself (docs/kit.md), finds it in the top 5."""
    page, _requests = phone
    open_kit(page, kit_file)
    document = page.evaluate("JSON.parse(document.getElementById('kit-data').textContent)")
    phrases = {entry["id"]: entry for entry in document["phrases"]}

    words = Vocabulary()
    words.add(key_words(entry["keys"] for entry in phrases.values()))

    def answerable(query: str, entry: dict[str, Any]) -> bool:
        # as typed, through the kit's keys (forms, Latin, every language of the book), through
        # a Korean query word's stems (the kit has the server's rules), or a typo of a word
        alternatives = term_alternatives(query)
        return all(
            any(form in entry["keys"] for form in (term, *alternatives.get(term, ())))
            or term in entry["initials"]
            or (wants_typos(term) and any(w in entry["keys"] for w in words.near(term)))
            for term in query_terms(query)
        )

    share = [(q, uid) for q, uid in relevance_cases() if uid in phrases]
    asked = [(q, uid) for q, uid in share if answerable(q, phrases[uid])]
    found = page.evaluate(
        "queries => queries.map(q => window.phrasebookKit.search(q).slice(0, 5))",
        [q for q, _uid in asked],
    )
    missed = [(q, uid, top) for (q, uid), top in zip(asked, found, strict=True) if uid not in top]
    assert not missed, missed
    assert len(asked) >= 10 and {"дзякую", "감사함니다"} <= {q for q, _uid in asked}  # typos
    # Russian and English are searched too, though the kit shows uk → ko
    assert {"spasiba", "spasibo", "thank you", "Спасибо"} <= {q for q, _uid in asked}
    assert {q for q, _uid in share} - {q for q, _uid in asked} == set()


# Korean words a stressed reader types with a particle or an ending (and irregular stems).
STEM_SAMPLES = [
    "물을", "아파요", "아프세요", "아픕니다", "추워요", "몰라요", "들어요", "나아요", "있습니다",
    "도와주세요", "갑니다", "병원에서", "먹었어요", "해요", "써요", "담요가", "의사에게", "물",
    "감사합니다", "water", "воду",
]  # fmt: skip


def test_the_script_finds_korean_stems_exactly_as_the_server(
    phone: tuple[Any, list[str]], kit_file: Path
) -> None:
    page, _requests = phone
    open_kit(page, kit_file)
    stems = page.evaluate(
        "samples => samples.map(s => window.phrasebookKit.koreanStems(s))", STEM_SAMPLES
    )
    assert stems == [list(korean_stems(sample)) for sample in STEM_SAMPLES]
    assert stems[STEM_SAMPLES.index("추워요")] == ["추워", "춥"]


def test_the_script_folds_a_query_exactly_as_the_server(
    phone: tuple[Any, list[str]], kit_file: Path
) -> None:
    page, _requests = phone
    open_kit(page, kit_file)
    folded = page.evaluate("samples => samples.map(window.phrasebookKit.normalize)", FOLD_SAMPLES)
    assert folded == [normalize(sample) for sample in FOLD_SAMPLES]


def test_markup_in_a_phrase_is_shown_as_text(
    phone: tuple[Any, list[str]], kit_file: Path, artifacts_dir: Path
) -> None:
    page, _requests = phone
    open_kit(page, kit_file)
    search_for(page, "표시")
    assert page.locator("#list .row .reader").first.inner_text() == HOSTILE
    assert page.evaluate("window.broken") is None
    assert page.locator("#list img").count() == 0
    page.screenshot(path=str(artifacts_dir / "kit-search-360.png"))


def test_a_row_opens_plays_and_plays_slowly(phone: tuple[Any, list[str]], kit_file: Path) -> None:
    page, _requests = phone
    open_kit(page, kit_file)
    page.locator("#list .row .head").nth(6).tap()
    row = page.locator("#list .row.open")
    assert row.locator(".target").inner_text().startswith("감사합니다")
    for button in row.locator(".actions button").all():
        box = button.bounding_box()
        assert box["height"] >= 48 and box["width"] >= 48, box
    row.locator("button.play").tap()
    page.wait_for_function(
        "() => { const a = document.getElementById('kit-player'); return a.currentTime > 0.1; }"
    )
    row.locator("button.slow").tap()
    rate = page.evaluate("document.getElementById('kit-player').playbackRate")
    assert rate == pytest.approx(0.7)
    assert page.evaluate("document.getElementById('kit-player').preservesPitch") is True


def test_show_mode_opens_swipes_and_takes_arrow_keys(
    phone: tuple[Any, list[str]], kit_file: Path, artifacts_dir: Path
) -> None:
    page, _requests = phone
    open_kit(page, kit_file)
    page.locator("#list .row .head").first.tap()
    page.locator("#list .row.open button.show-one").tap()
    show = page.locator("#kit-show")
    assert show.is_visible()
    first = show.locator(".big .target").inner_text()
    assert first == "안녕하세요."
    page.screenshot(path=str(artifacts_dir / "kit-show-360.png"))
    swipe = """([from, to]) => {
        const show = document.getElementById('kit-show');
        const touch = (x) => new Touch({identifier: 1, target: show, clientX: x, clientY: 300});
        const event = (type, x) =>
            new TouchEvent(type, {changedTouches: [touch(x)], bubbles: true});
        show.dispatchEvent(event('touchstart', from));
        show.dispatchEvent(event('touchend', to));
    }"""
    page.evaluate(swipe, [300, 60])  # right to left: the next phrase
    second = show.locator(".big .target").inner_text()
    assert second != first
    page.evaluate(swipe, [60, 300])
    assert show.locator(".big .target").inner_text() == first
    page.keyboard.press("ArrowRight")
    assert show.locator(".big .target").inner_text() == second
    assert show.locator(".count").inner_text() == "2 з 24"
    page.keyboard.press("Escape")
    assert not show.is_visible()


def test_pins_survive_a_reload(phone: tuple[Any, list[str]], kit_file: Path) -> None:
    page, _requests = phone
    open_kit(page, kit_file)
    page.locator("#list .row .head").nth(6).tap()
    page.locator("#list .row.open button.pin").tap()
    page.reload()
    page.locator("#list .row").first.wait_for()
    page.locator("button[data-tab=card]").tap()
    assert targets(page) == ["감사합니다."]


def test_both_themes_switch_persist_and_meet_wcag_aa(
    phone: tuple[Any, list[str]], kit_file: Path, artifacts_dir: Path
) -> None:
    page, _requests = phone
    open_kit(page, kit_file)
    page.locator("#list .row .head").nth(6).tap()  # an open row: its buttons are measured too
    selectors = ["#list .reader", "#list .target", "#list .aid", "#list .badge",
                 ".tabs button", "#list .actions button.pin", "#list .actions button.play",
                 "#kit-edition p", "input[type=search]"]  # fmt: skip
    themes = []
    for _switch in range(2):
        theme = page.evaluate("document.documentElement.dataset.theme")
        themes.append(theme)
        for selector in selectors:
            element = page.locator(selector).first
            ratio = contrast(element.evaluate(COLOURS_JS))
            assert ratio >= 4.5, (theme, selector, round(ratio, 2))
        page.screenshot(path=str(artifacts_dir / f"kit-theme-{theme}-360.png"))
        page.locator("#kit-theme").tap()
    assert sorted(themes) == ["dark", "light"]
    chosen = page.evaluate("document.documentElement.dataset.theme")
    page.reload()
    page.locator("#list .row").first.wait_for()
    assert page.evaluate("document.documentElement.dataset.theme") == chosen


def test_the_page_itself_forbids_requests(browser: Any, kit_file: Path) -> None:
    """Even with the network open, the file's own policy stops a request it might make."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        violations: list[str] = []
        page.on("console", lambda message: violations.append(message.text))
        page.goto(kit_file.as_uri())
        page.evaluate("() => { const i = new Image(); i.src = 'http://127.0.0.1:9/x.png'; "
                      "document.body.appendChild(i); }")  # fmt: skip
        page.wait_for_timeout(200)
        assert any("Content Security Policy" in text for text in violations), violations
    finally:
        context.close()


def test_show_mode_offers_the_answer_panel(
    phone: tuple[Any, list[str]], kit_file: Path, artifacts_dir: Path
) -> None:
    page, requests = phone
    open_kit(page, kit_file)
    show_first(page, "괜찮으세요")
    page.locator("button.answer-open").tap()
    options = page.locator("#kit-show .answer-option")
    assert options.first.inner_text().split("\n") == ["네", "Так"]
    assert all(box["height"] >= 64 for box in (o.bounding_box() for o in options.all()))
    page.screenshot(path=str(artifacts_dir / "kit-answers-yes-no.png"))
    options.nth(1).tap()
    assert page.locator("#kit-show .chosen-reader").inner_text() == "Вибрано: Ні"
    page.locator("#kit-show .answer-next").tap()
    summary = page.locator("#kit-show .answer-summary")
    assert "Ні" in summary.inner_text()
    summary.locator(".clear-answers").tap()
    assert page.locator("#kit-show .answer-summary").count() == 0
    assert requests == [kit_file.as_uri()]  # the panel is in the file: nothing is fetched


def test_a_medical_kit_has_the_body_map_scale_and_keypad(
    phone: tuple[Any, list[str]], tmp_path: Path, artifacts_dir: Path
) -> None:
    store = open_store(tmp_path / "data", seeded=True)
    try:
        kit = installation_kit(
            store, KitRequest("uk", "ko", sets=("medical", "answers"), audio=False), None,
            made_at=datetime(2026, 12, 3, tzinfo=UTC),
        )  # fmt: skip
    finally:
        store.close()
    path = tmp_path / "medical.html"
    path.write_text(kit.html, "utf-8")
    page, requests = phone
    open_kit(page, path)
    show_first(page, "Де болить?")
    page.locator("button.answer-open").tap()
    page.locator("#kit-show .body-mode").nth(1).tap()  # the back view
    page.locator('#kit-show [data-band="legs"]').tap()  # its legs and feet, across the panel
    leg = page.locator("#kit-show #body-back-left-leg")
    box = leg.bounding_box()
    assert box is not None
    leg.tap(position={"x": box["width"] / 2, "y": box["height"] * 0.2})  # the thigh, not the knee
    assert page.locator("#kit-show .chosen-reader").inner_text() == "Вибрано: Ліва нога"
    assert page.locator("#kit-show .chosen-target").inner_text() == "왼쪽 다리"
    page.locator("#kit-show .answer-again").tap()
    assert page.locator('#kit-show [data-region="left-leg"].chosen').count() == 2
    page.screenshot(path=str(artifacts_dir / "kit-answers-body.png"))
    assert requests == [path.as_uri()]
