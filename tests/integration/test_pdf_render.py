"""Real PDFs from the fpdf2 renderer, inspected with poppler-utils and zxing-cpp: the text as
printed (Hangul, Cyrillic with і ї є ґ), embedded fonts, pages, duplex mirroring, markers,
footers, QR codes, coverage warnings and long texts kept inside their cards."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from phrasebook import __version__
from phrasebook.pdf import CardRecord, Layout, Paper, PrintJob
from phrasebook.pdf.geometry import CardGrid
from phrasebook.pdf.model import AnswerLabel, AnswerSection
from phrasebook.pdf.render_fpdf import FpdfRenderer
from tests.support.pdftools import (
    Page,
    fonts,
    pages,
    plain_text,
    qr_texts,
    render_png,
    require_poppler,
)

UKRAINIAN = "Їжак ґанок: є і ї, Ґава Єва Іра"
KOREAN = "손들어! 항복하세요."
EDITION = date(2026, 11, 25)
MARK = "\u26a0"
# The answer card prints panels, four to a page: five make two pages.
PANELS = [
    AnswerSection(
        letter, "yes-no", "Так / ні", (AnswerLabel("네", "Так"), AnswerLabel("아니요", "Ні"))
    )
    for letter in "ABCDE"
]


@pytest.fixture(autouse=True)
def _poppler() -> None:
    require_poppler()


@pytest.fixture(scope="module")
def renderer() -> FpdfRenderer:
    return FpdfRenderer()


def card(number: int, *, reviewed: bool = True, category: str = "Безпека") -> CardRecord:
    return CardRecord(
        uid=f"p{number:02d}",
        reader_text=f"Фраза{number:02d} здавайтеся",
        target_text=f"표현{number:02d} 항복",
        aid=f"пхйохьон{number:02d}",
        reviewed=reviewed,
        category=category,
    )


def job(cards: list[CardRecord], **changes: object) -> PrintJob:
    base = PrintJob(
        cards=cards,
        set_name="Безпека і здача",
        edition=EDITION,
        version=__version__,
        reader="uk",
        target="ko",
    )
    return replace(base, **changes)  # type: ignore[arg-type]  # changes are PrintJob fields


def write(renderer: FpdfRenderer, print_job: PrintJob, path: Path) -> tuple[Path, list[str]]:
    result = renderer.render(print_job)
    path.write_bytes(result.data)
    return path, result.warnings


def slot_of(page: Page, x: float, y: float, paper: Paper) -> tuple[int, int] | None:
    """(column, row) of the card under a point, from the page size alone: two 85 mm columns
    centred on the page, 55 mm rows from the grid's top."""
    grid_width = 170.0
    left = (page.width - grid_width) / 2
    rows = 5 if paper is Paper.A4 else 4
    top = 10.0 if paper is Paper.A4 else (page.height - rows * 55.0) / 2
    if not (left <= x <= left + grid_width and top <= y <= top + rows * 55.0):
        return None
    return int((x - left) // 85.0), int((y - top) // 55.0)


def test_hangul_and_ukrainian_come_out_exactly_with_embedded_subset_fonts(
    renderer: FpdfRenderer, tmp_path: Path
) -> None:
    special = CardRecord("uk", UKRAINIAN, KOREAN, "сон дирио!", True, "Основне")
    pdf, warnings = write(renderer, job([special, card(1)]), tmp_path / "scripts.pdf")
    text = plain_text(pdf)
    assert UKRAINIAN in text
    assert KOREAN in text
    assert "сон дирио!" in text
    assert warnings == []
    from pypdf import PdfReader

    # pypdf reads the Korean font's embedded two-byte CMap one byte at a time (it yields a NUL
    # before each syllable; poppler above decodes it exactly), so only Cyrillic is checked here.
    extracted = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert UKRAINIAN in extracted
    rows = fonts(pdf)
    assert {row["name"].split("+", 1)[1] for row in rows} == {"NotoSans", "NotoSansKR"}
    for row in rows:
        assert row["emb"] == "yes" and row["sub"] == "yes" and row["uni"] == "yes", row
        prefix = row["name"].split("+", 1)[0]
        assert len(prefix) == 6 and prefix.isupper(), row


@pytest.mark.parametrize(("paper", "per_page"), [(Paper.A4, 10), (Paper.LETTER, 8)])
def test_pages_and_cards_per_page(
    renderer: FpdfRenderer, tmp_path: Path, paper: Paper, per_page: int
) -> None:
    cards = [card(n) for n in range(23)]
    pdf, _ = write(renderer, job(cards, paper=paper), tmp_path / "cards.pdf")
    found = pages(pdf)
    expected_pages = -(-23 // per_page)
    assert len(found) == expected_pages
    for number, page in enumerate(found):
        assert page.width == pytest.approx(paper.size_mm[0], abs=0.1)
        on_page = [w for w in page.words if w.text.startswith("Фраза")]
        expected = cards[number * per_page : (number + 1) * per_page]
        assert [w.text for w in on_page] == [c.reader_text.split()[0] for c in expected]
        for index, word in enumerate(on_page):
            assert slot_of(page, *word.centre, paper) == (index % 2, index // 2)


@pytest.mark.parametrize("paper", [Paper.A4, Paper.LETTER])
def test_duplex_backs_are_mirrored_for_long_edge_flipping(
    renderer: FpdfRenderer, tmp_path: Path, paper: Paper
) -> None:
    cards = [card(n) for n in range(13)]
    pdf, _ = write(renderer, job(cards, layout=Layout.DUPLEX, paper=paper), tmp_path / "d.pdf")
    found = pages(pdf)
    per_page = CardGrid(paper).per_page
    assert len(found) == 2 * -(-13 // per_page)
    checked = 0
    for sheet in range(len(found) // 2):
        front, back = found[2 * sheet], found[2 * sheet + 1]
        for record in cards[sheet * per_page : (sheet + 1) * per_page]:
            reader_word = next(w for w in front.words if w.text == record.reader_text.split()[0])
            target_word = next(w for w in back.words if w.text == record.target_text.split()[0])
            assert not any(w.text == record.target_text.split()[0] for w in front.words)
            front_slot = slot_of(front, *reader_word.centre, paper)
            back_slot = slot_of(back, *target_word.centre, paper)
            assert front_slot is not None and back_slot is not None
            assert back_slot == (1 - front_slot[0], front_slot[1]), record.uid
            aid_word = next(w for w in back.words if w.text == record.aid)
            assert slot_of(back, *aid_word.centre, paper) == back_slot
            checked += 1
    assert checked == 13


def test_unreviewed_marker_only_on_draft_cards_and_explained_in_the_footer(
    renderer: FpdfRenderer, tmp_path: Path
) -> None:
    cards = [card(0), card(1, reviewed=False), card(2), card(3, reviewed=False)]
    for layout in (Layout.CARDS, Layout.DUPLEX):
        pdf, _ = write(renderer, job(cards, layout=layout), tmp_path / f"{layout}.pdf")
        found = pages(pdf)
        assert len(found) == (1 if layout is Layout.CARDS else 2)
        for number, page in enumerate(found):
            marks = [w for w in page.words if w.text == MARK]
            on_cards = {slot_of(page, *w.centre, Paper.A4) for w in marks} - {None}
            if number == 0:
                assert on_cards == {(1, 0), (1, 1)}, layout
            else:
                assert on_cards == {(0, 0), (0, 1)}, layout
            assert f"{MARK} = переклад ще не перевірено" in page.text
            # A marker (drawn in the fallback font) must not change the size of what follows.
            heights = {round(w.y1 - w.y0, 1) for w in page.words if w.text.startswith("Фраза")}
            assert len(heights) <= 1, heights


def test_sheet_marks_drafts_and_groups_by_category(renderer: FpdfRenderer, tmp_path: Path) -> None:
    cards = [
        card(0, category="Основне"),
        card(1, category="Медицина", reviewed=False),
        card(2, category="Основне"),
    ]
    pdf, _ = write(renderer, job(cards, layout=Layout.SHEET), tmp_path / "sheet.pdf")
    (page,) = pages(pdf)
    assert page.width > page.height  # landscape, folded in three
    texts = [w.text for w in page.words]
    order = [t for t in texts if t in ("Основне", "Медицина") or t.startswith("Фраза")]
    assert order == ["Основне", "Фраза00", "Фраза02", "Медицина", "Фраза01"]
    marks = [w for w in page.words if w.text == MARK]
    entry = next(w for w in page.words if w.text == "Фраза01")
    footer_y = max(w.y0 for w in page.words)
    on_entries = [w for w in marks if w.y0 < footer_y - 1]
    assert len(on_entries) == 1 and abs(on_entries[0].y0 - entry.y0) < 3


@pytest.mark.parametrize("layout", list(Layout))
def test_footer_on_every_page(renderer: FpdfRenderer, tmp_path: Path, layout: Layout) -> None:
    printed = job([card(n) for n in range(60)], layout=layout, answer_sections=PANELS)
    pdf, _ = write(renderer, printed, tmp_path / "f.pdf")
    found = pages(pdf)
    assert len(found) >= 2
    for page in found:
        assert "Безпека і здача" in page.text
        assert "видання від 2026-11-25" in page.text
        assert f"phrasebook {__version__}" in page.text
        footer = [w for w in page.words if w.text == "2026-11-25"]
        assert footer and all(w.y0 > page.height - 15 for w in footer)


def test_qr_codes_decode_to_the_phrase_pages(renderer: FpdfRenderer, tmp_path: Path) -> None:
    cards = [card(n) for n in range(10)]
    print_job = job(cards, qr_base_url="http://10.0.0.2:5000")
    for layout in (Layout.CARDS, Layout.SHEET, Layout.DUPLEX):
        pdf, _ = write(renderer, replace(print_job, layout=layout), tmp_path / f"qr-{layout}.pdf")
        png = render_png(pdf, 1, tmp_path / f"qr-{layout}", dpi=200)
        decoded = sorted(qr_texts(png))
        assert decoded == sorted(f"http://10.0.0.2:5000/phrases/{c.uid}" for c in cards), layout


def test_characters_no_font_has_are_reported(renderer: FpdfRenderer, tmp_path: Path) -> None:
    ethiopic = CardRecord("greeting", "Привіт", "ሰላም", None, True, "Основне")
    result = renderer.render(job([ethiopic, card(1)]))
    assert result.data.startswith(b"%PDF")
    assert len(result.warnings) == 3
    assert result.warnings[0].startswith("no font covers U+1230 ETHIOPIC SYLLABLE SA 'ሰ'")
    assert "(in phrase greeting)" in result.warnings[0]


@pytest.mark.parametrize("layout", [Layout.CARDS, Layout.DUPLEX])
def test_long_texts_shrink_wrap_and_never_leave_their_card(
    renderer: FpdfRenderer, tmp_path: Path, layout: Layout
) -> None:
    long_card = CardRecord(
        "long",
        "Дуже довге речення українською, яке ніяк не вміщається " * 8,
        "아주 긴 한국어 문장이 카드에 들어가지 않습니다 " * 12,
        "ачу кін хангуго мунджані " * 10,
        False,
        "Основне",
    )
    short = [card(n) for n in range(3)]
    result = renderer.render(job([short[0], long_card, *short[1:]], layout=layout))
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(result.data)
    assert "phrase long: text too long for its space, shortened to fit" in result.warnings
    assert any("…" in w.text for page in pages(pdf) for w in page.words)
    for page in pages(pdf):
        grid_words = [w for w in page.words if slot_of(page, *w.centre, Paper.A4)]
        for word in grid_words:
            slot = slot_of(page, *word.centre, Paper.A4)
            assert slot is not None
            left = (page.width - 170) / 2 + slot[0] * 85
            top = 10 + slot[1] * 55
            # Every word lies wholly inside its card, within the 4 mm padding but a hair.
            assert left + 3 <= word.x0 and word.x1 <= left + 85 - 1, word
            assert top + 1 <= word.y0 and word.y1 <= top + 55 - 1, word
    words = pages(pdf)[0].words
    reader_words = [w for w in words if w.text in ("Дуже", "довге")]
    short_word = next(w for w in words if w.text == "Фраза00")
    assert (reader_words[0].y1 - reader_words[0].y0) < (short_word.y1 - short_word.y0)


def test_long_texts_on_the_sheet_stay_in_their_panel(
    renderer: FpdfRenderer, tmp_path: Path
) -> None:
    long_card = CardRecord(
        "long", "Дуже довге речення " * 60, "아주 긴 문장 " * 80, None, True, "A"
    )
    result = renderer.render(job([card(0), long_card], layout=Layout.SHEET))
    pdf = tmp_path / "sheet-long.pdf"
    pdf.write_bytes(result.data)
    for page in pages(pdf):
        panel = page.width / 3
        for word in page.words:
            column = int(word.x0 // panel)
            assert word.x1 <= (column + 1) * panel, word
            assert word.y1 <= page.height - 4, word


def test_first_pages_as_pictures(
    renderer: FpdfRenderer, artifacts_dir: Path, tmp_path: Path
) -> None:
    cards = [
        CardRecord("special", UKRAINIAN, KOREAN, "сон дирио! хангбокхасейо.", False, "Безпека"),
        *[card(n, reviewed=n % 3 != 0) for n in range(1, 12)],
    ]
    for layout in Layout:
        for paper in Paper:
            print_job = job(
                cards, layout=layout, paper=paper, qr_base_url="http://localhost:5000",
                answer_sections=PANELS,
            )  # fmt: skip
            pdf, _ = write(renderer, print_job, artifacts_dir / f"pdf-{layout}-{paper}.pdf")
            png = render_png(pdf, 1, artifacts_dir / f"pdf-{layout}-{paper}-page1", dpi=80)
            assert png.stat().st_size > 10_000


@pytest.mark.parametrize("layout", [Layout.SHEET, Layout.CARDS])
def test_the_aid_is_never_smaller_than_the_readers_words(
    renderer: FpdfRenderer, tmp_path: Path, layout: Layout
) -> None:
    """What is read aloud (the aid) prints at least as large as the reader's own words, on
    the sheet and the cards alike, also where a long aid has to shrink to fit."""
    long_aid = "сурютханиль ттан’е нерьоноисейо анджонпхініль ппопчі масейо " * 5
    cards = [card(0), replace(card(1), aid=long_aid.strip())]
    pdf, _ = write(renderer, job(cards, layout=layout), tmp_path / f"{layout.value}.pdf")
    words = pages(pdf)[0].words

    def height(prefix: str) -> float:
        found = [w.y1 - w.y0 for w in words if w.text.startswith(prefix)]
        assert found, prefix
        return min(found)

    for number in (0, 1):
        reader = height(f"Фраза{number:02d}")
        aid = height(f"пхйохьон{number:02d}") if number == 0 else height("сурютханиль")
        assert aid >= reader - 0.05, (layout, number, aid, reader)
