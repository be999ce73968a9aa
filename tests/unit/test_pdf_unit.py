"""The PDF area without a database or a real renderer: geometry, QR shapes, glyph coverage
and how build_pdf gathers phrases into card records."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import segno

from phrasebook import __version__
from phrasebook.errors import InvalidInput, NotFound
from phrasebook.models import Category, Phrase, PhraseSet, SetMembership, Status, Translation
from phrasebook.pdf import (
    Layout,
    Paper,
    build_pdf,
    coverage_warnings,
    default_stack,
)
from phrasebook.pdf.geometry import CARD_HEIGHT, CARD_WIDTH, CardGrid
from phrasebook.pdf.qr import FIXED_MASK, qr_shape
from tests.fakes import FakePdfRenderer, FakeUnitOfWork


def test_grids_fit_their_paper_with_room_for_marks_and_footer() -> None:
    for paper, per_page in ((Paper.A4, 10), (Paper.LETTER, 8)):
        grid = CardGrid(paper)
        width, height = paper.size_mm
        outline = grid.outline
        assert grid.per_page == per_page
        assert outline.w == 2 * CARD_WIDTH
        assert outline.x >= 15 and width - outline.right >= 15
        assert outline.y >= 9 and height - outline.bottom >= 11


def test_mirrored_slots_swap_columns_and_keep_rows() -> None:
    grid = CardGrid(Paper.A4)
    width, _ = Paper.A4.size_mm
    for index in range(grid.per_page):
        front, back = grid.slot(index), grid.slot(index, mirrored=True)
        assert back.y == front.y
        # Flipped on the long edge, a point at x lands at width - x.
        assert back.x == pytest.approx(width - front.right)
    assert grid.slot(0).x < grid.slot(1).x
    assert grid.slot(2).y == grid.slot(0).y + CARD_HEIGHT
    assert grid.pages_for(23) == 3 and grid.pages_for(20) == 2 and grid.pages_for(0) == 1


def test_qr_rectangles_cover_exactly_the_dark_modules() -> None:
    url = "http://localhost:5000/phrases/safety.do-not-shoot"
    shape = qr_shape(url)
    painted = set()
    for column, row, width, height in shape.rectangles:
        cells = {(row + r, column + c) for r in range(height) for c in range(width)}
        assert not painted & cells, "rectangles overlap"
        painted |= cells
    matrix = segno.make(url, error="m", micro=False, boost_error=False, mask=FIXED_MASK).matrix
    dark = {(r, c) for r, row in enumerate(matrix) for c, value in enumerate(row) if value}
    assert painted == dark
    assert shape.size == len(matrix)
    assert len(shape.rectangles) < len(dark) / 2


def test_layout_and_paper_parse_or_say_what_is_allowed() -> None:
    assert Layout.parse(" Duplex ") is Layout.DUPLEX
    assert Paper.parse("LETTER") is Paper.LETTER
    with pytest.raises(InvalidInput, match="'poster' is not one of: cards, sheet, duplex"):
        Layout.parse("poster")
    with pytest.raises(InvalidInput, match="paper: 'a3' is not one of: a4, letter"):
        Paper.parse("a3")


def test_coverage_names_characters_no_font_has() -> None:
    texts = [
        ("phrase a", "Їжак, ґанок, є, і — 손들어! Ёлка"),
        ("phrase b", "ሰላም ⚠"),
        ("phrase c", "ሰ\n"),
    ]
    warnings = coverage_warnings(texts, default_stack())
    assert len(warnings) == 3
    assert warnings[0].startswith("no font covers U+1230 ETHIOPIC SYLLABLE SA 'ሰ'")
    assert "(in phrase b, phrase c)" in warnings[0]
    assert any("U+120B ETHIOPIC SYLLABLE LA" in line for line in warnings)
    assert coverage_warnings([("x", "Їжак ґ є і 항복 Hello")], default_stack()) == []


# --- build_pdf with fakes ----------------------------------------------------------------


WHEN = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def _phrase(uid: str, category: str, statuses: dict[str, Status], **texts: str) -> Phrase:
    phrase = Phrase(uid=uid, category=category, tags=[], notes={}, position=0)
    for lang, text in texts.items():
        phrase.translations[lang] = Translation(
            lang=lang, text=text, status=statuses.get(lang, Status.REVIEWED), updated_at=WHEN
        )
    return phrase


@pytest.fixture
def uow() -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    uow.categories.add(Category(slug="safety", names={"en": "Safety", "uk": "Безпека"}))
    phrases = [
        _phrase("a", "safety", {}, uk="Не стріляйте!", ko="쏘지 마!"),
        _phrase("b", "safety", {"ko": Status.MACHINE}, uk="Я здаюся.", ko="투항합니다."),
        _phrase("c", "other", {"uk": Status.DRAFT}, uk="Їжа", ko="음식"),
        _phrase("d", "safety", {}, uk="Тільки українською"),
    ]
    phrases[1].translations["ko"].updated_at = datetime(2026, 5, 6, tzinfo=UTC)
    phrase_set = PhraseSet(slug="safety", names={"en": "Safety", "uk": "Безпека"})
    for position, phrase in enumerate(phrases):
        uow.phrases.add(phrase)
        phrase_set.memberships.append(SetMembership(phrase=phrase, position=position))
    uow.sets.add(phrase_set)
    return uow


def test_a_set_becomes_card_records_in_order(uow: FakeUnitOfWork) -> None:
    renderer = FakePdfRenderer(warnings=["from the renderer"])
    calls: list[tuple[str, str, str]] = []

    def aid(text: str, lang: str, reader: str) -> str | None:
        calls.append((text, lang, reader))
        return f"[{text}]" if text != "음식" else text

    result = build_pdf(
        uow,
        set_slug="safety",
        reader="uk",
        target="ko",
        layout="duplex",
        paper="letter",
        qr_base_url="http://box:5000/",
        aid=aid,
        renderer=renderer,
        languages=["uk", "ko"],
    )
    (job,) = renderer.jobs
    assert [card.uid for card in job.cards] == ["a", "b", "c"]
    assert [card.reviewed for card in job.cards] == [True, False, False]
    assert [card.aid for card in job.cards] == ["[쏘지 마!]", "[투항합니다.]", None]
    assert [card.category for card in job.cards] == ["Безпека", "Безпека", "other"]
    assert calls[0] == ("쏘지 마!", "ko", "uk")
    assert (job.set_name, job.reader, job.target) == ("Безпека", "uk", "ko")
    assert (job.layout, job.paper, job.version) == (Layout.DUPLEX, Paper.LETTER, __version__)
    assert job.edition == date(2026, 5, 6)
    assert job.qr_url("a") == "http://box:5000/phrases/a"
    assert result.warnings == ["phrase d: no ko text, left out", "from the renderer"]
    assert result.data.startswith(b"%PDF")
    assert not uow.committed


def test_ids_are_printed_in_the_order_given(uow: FakeUnitOfWork) -> None:
    renderer = FakePdfRenderer()
    build_pdf(uow, uids=["c", "a", "c"], reader="uk", target="ko", renderer=renderer)
    (job,) = renderer.jobs
    assert [card.uid for card in job.cards] == ["c", "a"]
    assert job.set_name == "Вибрані фрази"
    assert job.qr_url("a") is None
    assert all(card.aid is None for card in job.cards)


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"set_slug": "nope"}, NotFound, "no phrase set 'nope'"),
        ({"uids": ["a", "zzz"]}, NotFound, "no phrase 'zzz'"),
        ({}, InvalidInput, "set: give a phrase set or a list of phrase ids"),
        ({"set_slug": "safety", "reader": "de"}, InvalidInput, "from: language 'de' is not"),
        ({"set_slug": "safety", "target": "k_o"}, InvalidInput, "to: invalid language tag"),
        ({"set_slug": "safety", "layout": "poster"}, InvalidInput, "layout: 'poster'"),
        ({"set_slug": "safety", "qr_base_url": "ftp://x"}, InvalidInput, "qr: 'ftp://x' is not"),
        ({"uids": ["d"]}, InvalidInput, "nothing to print: no phrase has both uk and ko text"),
    ],
)
def test_bad_requests_fail_with_one_clear_line(
    uow: FakeUnitOfWork, arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    options: dict[str, Any] = {"reader": "uk", "target": "ko", **arguments}
    renderer = FakePdfRenderer()
    with pytest.raises(error, match=message.replace("(", r"\(")):
        build_pdf(uow, renderer=renderer, languages=["uk", "ko", "en"], **options)
    assert renderer.jobs == []


def test_a_phrase_without_the_readers_text_is_printed_in_english_as_the_web_shows_it(
    uow: FakeUnitOfWork,
) -> None:
    """The web and the kit show the English text when a phrase lacks the reader's language;
    the PDF prints it the same way, with a note on the card and a warning, instead of
    leaving the phrase out without a trace."""
    uow.phrases.add(_phrase("e", "safety", {}, en="Hands up!", ko="손 들어!"))
    uow.phrases.add(_phrase("f", "safety", {}, ko="한국어만"))
    renderer = FakePdfRenderer()
    result = build_pdf(uow, uids=["a", "e", "f"], reader="uk", target="ko", renderer=renderer)
    (job,) = renderer.jobs
    assert [(card.uid, card.reader_text) for card in job.cards] == [
        ("a", "Не стріляйте!"),
        ("e", "Hands up!"),
    ]
    assert job.cards[1].footnotes[0] == "(українського тексту ще немає: подано англійською)"
    assert job.cards[0].footnotes == ()
    assert result.warnings == [
        "phrase e: no uk text, printed in en",
        "phrase f: no uk text, left out",
    ]
