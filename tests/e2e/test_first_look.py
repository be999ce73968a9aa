"""The first look: what a person sees on the reader's pages, show mode, every answer-panel
kind, my card, the editor's phrase page and the field kit, in real Chromium at 360x640 (touch)
and 1280x800, light and dark.

On every page: nothing is wider than the screen; every link, button and field is at least
44 px each way (reader pages, show mode, panels and the kit); the target text and its aid are
never cut; axe-core finds no violation. Each page also says what is true: the counts equal the
store's (counted here in SQL, not by the service that renders them), a phone's first screen
holds the search box and the phrase sets, show mode keeps its controls in the thumb zone, the
kit finds a Russian word and says what it searched. Screenshots go to
test-artifacts/first-look/."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from phrasebook import users
from phrasebook.kit import KitRequest
from phrasebook.kit.installation import installation_kit
from phrasebook.store import Store
from tests.support.accounts import PASSWORD
from tests.support.firstlook import axe_violations, cut_texts, overflowing, small_targets
from tests.support.stores import open_store
from tests.support.webapp import make_app

pytestmark = pytest.mark.browser

MODES = {
    "phone-light": ({"width": 360, "height": 640}, True, "light"),
    "phone-dark": ({"width": 360, "height": 640}, True, "dark"),
    "desk-light": ({"width": 1280, "height": 800}, False, "light"),
    "desk-dark": ({"width": 1280, "height": 800}, False, "dark"),
}
ROW_TEXTS = ".phrase-card .target-text, .phrase-card .pronunciation"


EDITOR_PAGES = {
    "new": "/edit/new",
    "translation": "/edit/phrases/safety.do-not-shoot/ko",
    "history": "/edit/phrases/safety.do-not-shoot/ko/history",
    "set": "/edit/sets/safety",
    "record": "/edit/sets/safety/record/ko",
    "import": "/edit/import",
    "aids": "/pronunciation/safety.do-not-shoot/ko",
}


@dataclass
class Book:
    url: str
    store: Store
    kit: Path


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Book]:
    """The seeds served on 127.0.0.1 (no public address: the home page must say phones cannot
    reach it), one editor account, and the uk→ko field kit of the whole book without audio."""
    root = tmp_path_factory.mktemp("first-look")
    store = open_store(root / "data", seeded=True)
    users.add_user(store.uow(), name="editor", password=PASSWORD, role="editor")
    kit = root / "phrasebook-uk-ko-all.html"
    kit.write_text(installation_kit(store, KitRequest("uk", "ko", audio=False), None).html, "utf-8")
    server = make_server("127.0.0.1", 0, make_app(store), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Book(f"http://127.0.0.1:{server.server_port}", store, kit)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        store.close()


def _count(store: Store, sql: str) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {str(key): int(value) for key, value in connection.execute(text(sql))}


@dataclass
class Look:
    """One mode's browser page and the problems found, page by page."""

    page: Any
    mode: str
    phone: bool
    shots: Path
    problems: list[str]

    def open(self, url: str, name: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.check(name)

    def check(self, name: str, *, targets: bool = True, texts: str = ROW_TEXTS) -> None:
        page = self.page
        page.screenshot(path=str(self.shots / f"{self.mode}-{name}.png"))
        found = {
            "wider than the screen": overflowing(page),
            "axe-core": axe_violations(page),
            "cut": cut_texts(page, texts),
        }
        if targets:
            found["targets under 44 px"] = small_targets(page)
        for what, items in found.items():
            if items:
                self.problems.append(f"{name}: {what}: {items[:6]}")

    def expect(self, condition: bool, message: str) -> None:
        if not condition:
            self.problems.append(message)


@pytest.fixture(params=list(MODES))
def look(request: pytest.FixtureRequest, browser: Any, artifacts_dir: Path) -> Iterator[Look]:
    viewport, phone, theme = MODES[request.param]
    context = browser.new_context(
        viewport=viewport, has_touch=phone, is_mobile=phone, color_scheme=theme, locale="uk-UA"
    )
    blocked: list[str] = []

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "file://", "data:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(10_000)
    shots = artifacts_dir / "first-look"
    shots.mkdir(exist_ok=True)
    try:
        yield Look(page, request.param, phone, shots, [])
    finally:
        context.close()
    assert not blocked, f"requests off the machine: {blocked}"


def _reader_pages(look: Look, book: Book) -> None:
    page, base = look.page, book.url
    page.goto(f"{base}/prefs?reader=uk&target=ko&ui=uk&next=/")
    look.check("home")
    sets = _count(
        book.store,
        "SELECT s.slug, COUNT(m.id) FROM phrase_sets s "
        "LEFT JOIN set_memberships m ON m.set_id = s.id GROUP BY s.slug",
    )
    categories = _count(book.store, "SELECT category, COUNT(*) FROM phrases GROUP BY category")
    shown_sets = page.eval_on_selector_all(
        "[data-set-count]", "els => els.map(e => [e.dataset.setCount, e.textContent])"
    )
    look.expect(len(shown_sets) == len(sets), f"home lists {len(shown_sets)} of {len(sets)} sets")
    for slug, words in shown_sets:
        number = int("".join(ch for ch in words if ch.isdigit()))
        look.expect(number == sets[slug], f"home: set {slug} says {words!r}, has {sets[slug]}")
    for slug, words in page.eval_on_selector_all(
        "[data-category-count]", "els => els.map(e => [e.dataset.categoryCount, e.textContent])"
    ):
        look.expect(int(words) == categories[slug], f"home: category {slug} says {words}")
    total = page.get_attribute("[data-phrase-total]", "data-phrase-total")
    look.expect(int(total or 0) == sum(categories.values()), f"home: total {total}")
    if look.phone:
        # The first screen: the search box and phrase sets; no QR code (useless on a phone,
        # and this address is a loopback one that no phone can reach).
        first_tile = page.locator(".tile:not([hidden])").first.bounding_box()
        box = page.locator("input[type=search]:visible").first.bounding_box()
        look.expect(box is not None and box["y"] < 120, "phone home: no search box on top")
        look.expect(
            first_tile is not None and first_tile["y"] + first_tile["height"] < 640,
            "phone home: no phrase set on the first screen",
        )
    look.expect(page.locator(".kit-qr img").count() == 0, "a QR code of a loopback address")
    look.expect(
        "127.0.0.1" in page.inner_text(".kit-unreachable"), "no word that phones cannot reach"
    )

    page.goto(f"{base}/sets/safety")
    look.check("set")
    rows = page.locator(".phrase-list .phrase-card").count()
    look.expect(rows == sets["safety"], f"set page shows {rows} rows of {sets['safety']}")
    said = page.get_attribute("h1 [data-total]", "data-total")
    look.expect(said == str(sets["safety"]), f"set page says {said} phrases")
    if look.phone:
        height = page.evaluate("document.documentElement.scrollHeight")
        look.expect(height <= 6 * 640, f"the safety set is {height / 640:.2f} phone screens")

    page.goto(f"{base}/categories/medical")
    look.check("category")
    rows = page.locator(".phrase-list .phrase-card").count()
    look.expect(rows == categories["medical"], f"category shows {rows} of medical's rows")

    page.goto(f"{base}/search?q=%D0%B2%D0%BE%D0%B4%D0%B0")  # вода
    look.check("search")
    rows = page.locator("main .phrase-list .phrase-card").count()
    summary = page.inner_text("main .result-summary")
    look.expect(rows > 0 and str(rows) in summary, f"search: {rows} rows, says {summary!r}")

    page.goto(f"{base}/mycard?ids=safety.do-not-shoot,medical.where-does-it-hurt")
    look.check("my-card")
    look.expect(page.locator(".phrase-list .phrase-card").count() == 2, "my card: not 2 rows")


def _phrase_and_show(look: Look, book: Book) -> None:
    page, base = look.page, book.url
    page.goto(f"{base}/phrases/safety.do-not-shoot")
    look.check("phrase", texts=".phrase-page .target-text, .phrase-page .pronunciation")
    sizes = page.evaluate(
        """() => {
            const size = (el) => parseFloat(getComputedStyle(el).fontSize);
            const target = size(document.querySelector('.phrase-page .target-text'));
            const others = [...document.querySelectorAll('main *')].filter((el) =>
                !el.closest('.target-text') && el.childElementCount === 0
                && el.textContent.trim() && el.getBoundingClientRect().width > 0);
            return {target, largest: Math.max(...others.map(size))};
        }"""
    )
    look.expect(
        sizes["target"] > sizes["largest"], f"phrase page: the target text is not largest {sizes}"
    )
    long_phrase = "safety.put-the-grenades-down-do-not-pull-the-pin"
    page.goto(f"{base}/phrases/{long_phrase}/show?set=safety")
    look.check("show", texts=".show-target, .show-aids .pronunciation")
    height = page.viewport_size["height"]
    for control in (".show-play .audio-play", ".show-prev", ".show-close", ".show-next"):
        box = page.locator(control).first.bounding_box()
        look.expect(
            box is not None and box["y"] >= height * 0.55 and box["y"] + box["height"] <= height,
            f"show mode: {control} is not in the bottom thumb zone ({box})",
        )


def _panels(look: Look, book: Book) -> None:
    page, base = look.page, book.url
    kinds = _panel_kinds(book.store)
    look.expect(len(kinds) == 6, f"the seeds ask with {sorted(kinds)}, not six panel kinds")
    for kind, uid in kinds.items():
        page.goto(f"{base}/phrases/{uid}/show#answer")
        page.locator(".answer-panel .answer-options").wait_for()
        look.check(f"panel-{kind}")
        if kind == "body":
            for band in ("head", "chest", "hips", "legs"):
                page.locator(f'[data-band="{band}"]').click()
                regions = page.locator('[data-region][role="button"]').count()
                look.expect(regions > 0, f"body map: nothing to tap in the {band} quarter")
                look.check(f"panel-body-{band}")
                page.locator(".body-whole").click()
            page.locator(".body-mode").last.click()  # the list of regions
            look.check("panel-body-list")
            page.locator(".body-list .answer-option").first.click()
        else:
            page.locator(
                ".answer-panel .answer-option, .answer-panel .keypad-done:visible"
            ).first.click()
        page.locator(".answer-chosen .answer-next").wait_for()
        look.check(f"panel-{kind}-chosen")


def _panel_kinds(store: Store) -> dict[str, str]:
    """Each answer-panel kind of the seeds and the first phrase that asks with it."""
    found: dict[str, str] = {}
    with store.uow() as uow:
        for phrase in uow.phrases.list():
            kind = (phrase.answers or {}).get("kind")
            if kind and kind not in found:
                found[kind] = phrase.uid
    return dict(sorted(found.items()))


def _editor(look: Look, book: Book) -> None:
    page, base = look.page, book.url
    page.goto(f"{base}/login?next=/edit/")
    page.fill("#name", "editor")
    page.fill("#password", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(f"{base}/edit/")
    look.check("editor-signed-in", targets=False)
    page.goto(f"{base}/edit/phrases/safety.do-not-shoot")
    look.check("editor-phrase", targets=False)
    # Every colour pair of the editor's other pages too, in both themes (axe), and no page
    # wider than a phone.
    for name, path in EDITOR_PAGES.items():
        page.goto(base + path)
        look.check(f"editor-{name}", targets=False)


def _kit(look: Look, book: Book) -> None:
    page = look.page
    page.goto(book.kit.as_uri())
    page.locator("#list .row").first.wait_for()
    look.check("kit", texts=".row .target, .row .aid")
    page.fill("#kit-search", "врач")  # Russian: the kit shows uk→ko, and searches every language
    page.locator("#list .row").first.wait_for()
    found = page.eval_on_selector_all("#list .row", "rows => rows.map(r => r.dataset.id)")
    look.expect("medical.i-am-a-doctor" in found[:5], f"kit: «врач» finds {found[:5]}")
    look.check("kit-search", texts=".row .target, .row .aid")
    page.fill("#kit-search", "зззщщщ")
    said = page.inner_text("#list .empty")
    look.expect("зззщщщ" in said and "англійська" in said, f"kit: nothing found says {said!r}")


def test_first_look(look: Look, book: Book) -> None:
    _reader_pages(look, book)
    _phrase_and_show(look, book)
    _panels(look, book)
    _kit(look, book)
    _editor(look, book)
    assert not look.problems, "\n".join(look.problems)


# Queries of the relevance set only the server answers: inflected Ukrainian and English words
# that need its dictionaries (pymorphy3, Snowball) to be reduced; the kit matches them as typed.
SERVER_ONLY = {"руку", "машиною", "hurting", "surrendering", "shooting"}


def test_the_whole_kit_finds_what_the_server_finds(browser: Any, book: Book) -> None:
    """The server's relevance set against a uk→ko kit of the whole book: every query but the
    few that need a dictionary finds its phrase in the first five (37 of 79 when the kit held
    only its two languages' keys and no Korean word forms)."""
    from tests.support.relevance import relevance_cases

    context = browser.new_context()
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
    )
    page = context.new_page()
    try:
        page.goto(book.kit.as_uri())
        page.locator("#list .row").first.wait_for()
        cases = relevance_cases()
        found = page.evaluate(
            "queries => queries.map(q => window.phrasebookKit.search(q).slice(0, 5))",
            [query for query, _uid in cases],
        )
    finally:
        context.close()
    missed = {query for (query, uid), top in zip(cases, found, strict=True) if uid not in top}
    assert missed == SERVER_ONLY, missed
    assert len(cases) - len(missed) >= 74
