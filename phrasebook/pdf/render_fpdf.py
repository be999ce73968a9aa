"""The fpdf2 renderer: pocket cards with crop marks, a tri-fold phrase sheet, duplex cards.

Every text is fitted into a fixed box: the largest font size (in half-point steps, down to a
minimum) at which the wrapped text fits wins; text that does not fit even at the minimum is
cut with an ellipsis and reported. Nothing is drawn outside its card.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.fonts import TTFFont

from .. import answers as answers_data
from .fonts import FontFace, coverage_warnings, default_stack
from .geometry import CARD_HEIGHT, CARD_WIDTH, Box, CardGrid
from .labels import labels_for
from .model import AnswerLabel, AnswerSection, CardRecord, Layout, PrintJob, RenderedPdf
from .qr import qr_shape

MM_PER_PT = 25.4 / 72
LINE_SPACING = 1.2
UNREVIEWED_MARK = "\u26a0"  # WARNING SIGN; Noto Sans KR has it
PADDING = 4.0
QR_SIDE = 15.0
CROP_MARK = 5.0
CROP_GAP = 1.5
FOOTNOTE_SPACE = 9.0  # at most this much of a card (mm) for warnings and notes

BLACK = (0, 0, 0)
READER_GREY = (70, 70, 70)
AID_BLUE = (30, 60, 120)
FAINT = (120, 120, 120)
MARK_RED = (190, 40, 20)


@dataclass(frozen=True)
class Fitted:
    size: float
    lines: list[str]
    truncated: bool

    @property
    def line_height(self) -> float:
        return self.size * LINE_SPACING * MM_PER_PT

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height


class FpdfRenderer:
    """Renders a PrintJob with fpdf2 and the embedded, subset font stack."""

    def __init__(self, fonts: Sequence[FontFace] | None = None) -> None:
        self.fonts = tuple(fonts or default_stack())

    def render(self, job: PrintJob) -> RenderedPdf:
        drawing = _Drawing(job, self.fonts)
        # The fonts fpdf2 loaded know their characters: no second read of the font files.
        loaded = [drawing.pdf.fonts[face.family.lower()] for face in self.fonts]
        code_points = [font.cmap for font in loaded if isinstance(font, TTFFont)]
        warnings = coverage_warnings(
            _texts_of(job),
            self.fonts,
            code_points=code_points if len(code_points) == len(loaded) else None,
        )
        if job.layout is Layout.SHEET:
            drawing.sheet()
        elif job.layout is Layout.ANSWERS:
            _AnswerCard(drawing).run()
        else:
            drawing.cards(duplex=job.layout is Layout.DUPLEX)
        warnings.extend(dict.fromkeys(drawing.warnings))
        return RenderedPdf(
            data=bytes(drawing.pdf.output()), pages=drawing.pdf.pages_count, warnings=warnings
        )


def _texts_of(job: PrintJob) -> Iterable[tuple[str, str]]:
    labels = labels_for(job.reader)
    yield "the set name", job.set_name
    yield "the footer", " ".join(labels.values()) + UNREVIEWED_MARK
    for section in job.answer_sections:
        yield f"answer card {section.letter}", section.heading
        for label in section.labels:
            yield f"answer card {section.letter}", f"{label.target} {label.reader}"
        for _value, words in section.words:
            yield f"answer card {section.letter}", words
    for card in job.cards:
        yield f"phrase {card.uid}", card.reader_text
        yield f"phrase {card.uid}", card.target_text
        yield f"phrase {card.uid}", card.aid or ""
        yield f"phrase {card.uid}", card.footnote
        yield f"phrase {card.uid}", card.category


class _Drawing:
    def __init__(self, job: PrintJob, fonts: Sequence[FontFace]) -> None:
        self.job = job
        self.labels = labels_for(job.reader)
        self.warnings: list[str] = []
        # Category names, footers and repeated phrases are measured once.
        self._fitted: dict[tuple[str, float, float, float, float], Fitted] = {}
        landscape = job.layout is Layout.SHEET
        pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format=job.paper.size_mm)
        pdf.set_auto_page_break(False)
        pdf.set_margins(0, 0, 0)
        pdf.c_margin = 0
        for face in fonts:
            pdf.add_font(face.family, "", str(face.path))
        # Any style may fall back to any font: the Korean font has no bold, and none is used.
        pdf.set_fallback_fonts([face.family for face in fonts[1:]], exact_match=False)
        pdf.set_font(fonts[0].family, size=10)
        pdf.set_title(job.set_name)
        pdf.set_lang(job.target)
        pdf.set_creator(f"phrasebook {job.version}")
        pdf.set_line_width(0.2)
        self.pdf = pdf

    # --- text ---------------------------------------------------------------------------

    def fit(
        self, text: str, w: float, h: float, max_pt: float, min_pt: float, where: str
    ) -> Fitted:
        """The largest size at which ``text`` wrapped to ``w`` is at most ``h`` tall."""
        key = (text, w, h, max_pt, min_pt)
        known = self._fitted.get(key)
        if known is None:
            known = self._fitted[key] = self._fit(text, w, h, max_pt, min_pt)
        if known.truncated:
            self.warnings.append(f"{where}: text too long for its space, shortened to fit")
        return known

    def _fit(self, text: str, w: float, h: float, max_pt: float, min_pt: float) -> Fitted:
        size = max_pt
        while True:
            lines = self._wrap(text, w, size)
            fitted = Fitted(size, lines, False)
            if fitted.height <= h + 1e-6:
                return fitted
            if size <= min_pt:
                break
            size = max(min_pt, size - 0.5)
        keep = max(1, int((h + 1e-6) // fitted.line_height))
        kept = lines[:keep]
        last = kept[-1].rstrip()
        while last and len(self._wrap(last + "…", w, size)) > 1:
            last = last[:-1].rstrip()
        kept[-1] = last + "…"
        return Fitted(size, kept, True)

    def _wrap(self, text: str, w: float, size: float) -> list[str]:
        self.pdf.set_font_size(size)
        lines = self.pdf.multi_cell(
            w, size * LINE_SPACING * MM_PER_PT, text, align="L", dry_run=True, output="LINES"
        )
        assert isinstance(lines, list)  # output="LINES" returns the lines alone
        return [str(line) for line in lines] or [""]

    def draw(
        self,
        fitted: Fitted,
        x: float,
        y: float,
        w: float,
        colour: tuple[int, int, int] = BLACK,
        align: str = "L",
    ) -> None:
        pdf = self.pdf
        pdf.set_font_size(fitted.size)
        pdf.set_text_color(*colour)
        for number, line in enumerate(fitted.lines):
            pdf.set_xy(x, y + number * fitted.line_height)
            # fpdf2 2.8 sets the font of a line drawn partly in a fallback font inside a q/Q
            # block, so the viewer forgets it afterwards while fpdf2 thinks it is still set:
            # the next line of the same size came out at the size used before. Ask for the
            # font to be set again before every line.
            pdf.current_font_is_set_on_page = False
            pdf.cell(w, fitted.line_height, line, align=align)

    def mark_unreviewed(self, right: float, top: float) -> None:
        pdf = self.pdf
        pdf.set_font_size(9)
        pdf.set_text_color(*MARK_RED)
        pdf.set_xy(right - 4, top)
        pdf.current_font_is_set_on_page = False  # see draw()
        pdf.cell(4, 4, UNREVIEWED_MARK, align="R")

    def qr(self, uid: str, x: float, y: float, side: float) -> None:
        url = self.job.qr_url(uid)
        if url is None:
            return
        code = qr_shape(url)
        module = side / code.size
        pdf = self.pdf
        pdf.set_fill_color(*BLACK)
        for column, row, width, height in code.rectangles:
            # A hair of overlap keeps viewers from showing seams between touching rectangles.
            pdf.rect(
                x + column * module,
                y + row * module,
                width * module + 0.01,
                height * module + 0.01,
                "F",
            )

    def footer(self, left: float, right: float, y: float, side: str | None = None) -> None:
        """Set name, edition and version on the left; the unreviewed mark on the right."""
        job = self.job
        parts = [
            job.set_name,
            self.labels["edition"].format(date=job.edition.isoformat()),
            f"phrasebook {job.version}",
        ]
        if side:
            parts.append(self.labels[side])
        middle = (left + right) / 2
        identity = self.fit(" · ".join(parts), middle - left - 2, 3.0, 6.5, 4.5, "the footer")
        self.draw(identity, left, y, middle - left - 2, FAINT)
        legend_text = f"{UNREVIEWED_MARK} = {self.labels['unreviewed']}"
        legend = self.fit(legend_text, right - middle - 2, 3.0, 6.5, 4.5, "the footer")
        self.draw(legend, middle + 2, y, right - middle - 2, FAINT, align="R")

    # --- cards --------------------------------------------------------------------------

    def cards(self, *, duplex: bool) -> None:
        grid = CardGrid(self.job.paper)
        cards = list(self.job.cards)
        for first in range(0, max(len(cards), 1), grid.per_page):
            page = cards[first : first + grid.per_page]
            self.pdf.add_page()
            self.crop_marks(grid)
            for index, card in enumerate(page):
                box = grid.slot(index)
                if duplex:
                    self.card_front(card, box)
                else:
                    self.card(card, box)
            self.grid_footer(grid, "front" if duplex else None)
            if duplex:
                self.pdf.add_page()
                self.crop_marks(grid)
                for index, card in enumerate(page):
                    self.card_back(card, grid.slot(index, mirrored=True))
                self.grid_footer(grid, "back")

    def grid_footer(self, grid: CardGrid, side: str | None) -> None:
        outline = grid.outline
        self.footer(outline.x + 2, outline.right - 2, outline.bottom + 1.2, side)

    def crop_marks(self, grid: CardGrid) -> None:
        self.marks_around(grid.outline, grid.columns, grid.rows, CARD_WIDTH, CARD_HEIGHT)

    def marks_around(self, outline: Box, columns: int, rows: int, w: float, h: float) -> None:
        """Crop marks in the margins, continuing the lines between ``columns`` x ``rows``
        pieces of ``w`` x ``h`` mm."""
        pdf = self.pdf
        pdf.set_draw_color(*BLACK)
        for column in range(columns + 1):
            x = outline.x + column * w
            pdf.line(x, outline.y - CROP_GAP - CROP_MARK, x, outline.y - CROP_GAP)
            pdf.line(x, outline.bottom + CROP_GAP, x, outline.bottom + CROP_GAP + CROP_MARK)
        for row in range(rows + 1):
            y = outline.y + row * h
            pdf.line(outline.x - CROP_GAP - CROP_MARK, y, outline.x - CROP_GAP, y)
            pdf.line(outline.right + CROP_GAP, y, outline.right + CROP_GAP + CROP_MARK, y)

    def card(self, card: CardRecord, box: Box) -> None:
        """One pocket card: reader's text small on top, target text large, the aid beneath."""
        inner = Box(box.x + PADDING, box.y + PADDING, box.w - 2 * PADDING, box.h - 2 * PADDING)
        where = f"phrase {card.uid}"
        has_qr = self.job.qr_base_url is not None
        text_w = inner.w - (QR_SIDE + 2 if has_qr else 0)
        reader = self.fit(card.reader_text, inner.w - 5, 9.5, 9, 6, where)
        top = inner.y + 11
        bottom = inner.bottom - 3.5
        if card.footnotes:
            footnote = self.fit(card.footnote, text_w, FOOTNOTE_SPACE, 6, 4.5, where)
            bottom -= footnote.height + 0.5
            self.draw(footnote, inner.x, bottom + 0.5, text_w, MARK_RED)
        if card.aid:
            target = self.fit(card.target_text, text_w, 20, 20, 8, where)
            aid = self.fit(card.aid, text_w, bottom - top - target.height - 1, 10, 6, where)
            reader = self.not_larger(card.reader_text, reader, aid, inner.w - 5, 9.5, where)
            self.draw(target, inner.x, top, text_w)
            self.draw(aid, inner.x, top + target.height + 1, text_w, AID_BLUE)
        else:
            target = self.fit(card.target_text, text_w, bottom - top, 20, 8, where)
            self.draw(target, inner.x, top, text_w)
        self.draw(reader, inner.x, inner.y, inner.w - 5, READER_GREY)
        self.card_corner(card, box, inner)

    def not_larger(
        self, text: str, reader: Fitted, aid: Fitted, w: float, h: float, where: str
    ) -> Fitted:
        """``reader`` fitted again no larger than ``aid``: the aid is what is read aloud, so it
        is never smaller than the reader's own words on a card or the sheet."""
        if reader.size <= aid.size:
            return reader
        return self.fit(text, w, h, aid.size, min(aid.size, 6), where)

    def card_corner(self, card: CardRecord, box: Box, inner: Box) -> None:
        category = self.fit(
            card.category, inner.w - QR_SIDE - 2, 2.6, 5.5, 4.5, f"phrase {card.uid}"
        )
        self.draw(category, inner.x, inner.bottom - 2.4, inner.w - QR_SIDE - 2, FAINT)
        if not card.reviewed:
            self.mark_unreviewed(inner.right + 1, box.y + 2.5)
        self.qr(card.uid, inner.right - QR_SIDE + 1, inner.bottom - QR_SIDE + 1, QR_SIDE)

    def card_front(self, card: CardRecord, box: Box) -> None:
        """Duplex front: the reader's text, large, with the QR code."""
        inner = Box(box.x + PADDING, box.y + PADDING, box.w - 2 * PADDING, box.h - 2 * PADDING)
        text_w = inner.w - (QR_SIDE + 2 if self.job.qr_base_url else 0)
        reader = self.fit(card.reader_text, text_w, inner.h - 5, 16, 7, f"phrase {card.uid}")
        self.draw(reader, inner.x, inner.y + (inner.h - 4 - reader.height) / 2, text_w)
        self.card_corner(card, box, inner)

    def card_back(self, card: CardRecord, box: Box) -> None:
        """Duplex back: the target text, large and centred, the aid beneath."""
        inner = Box(box.x + PADDING, box.y + PADDING, box.w - 2 * PADDING, box.h - 2 * PADDING)
        where = f"phrase {card.uid}"
        space = inner.h
        if card.footnotes:
            footnote = self.fit(card.footnote, inner.w, FOOTNOTE_SPACE, 6, 4.5, where)
            space -= footnote.height + 0.5
            self.draw(footnote, inner.x, inner.y + space + 0.5, inner.w, MARK_RED, align="C")
        target_space = min(27, space) if card.aid else space
        target = self.fit(card.target_text, inner.w, target_space, 20, 8, where)
        aid = (
            self.fit(card.aid, inner.w, space - target.height - 1.5, 11, 6, where)
            if card.aid
            else None
        )
        total = target.height + (aid.height + 1.5 if aid else 0)
        y = inner.y + (space - total) / 2
        self.draw(target, inner.x, y, inner.w, align="C")
        if aid:
            self.draw(aid, inner.x, y + target.height + 1.5, inner.w, AID_BLUE, align="C")
        if not card.reviewed:
            self.mark_unreviewed(inner.right + 1, box.y + 2.5)

    # --- sheet --------------------------------------------------------------------------

    def sheet(self) -> None:
        """A landscape sheet folded in three: entries flow down the panels, by category."""
        _SheetFlow(self).run()


class _SheetFlow:
    MARGIN = 8.0
    GUTTER = 6.0
    ENTRY_GAP = 2.2
    QR_SIDE = 13.0

    def __init__(self, drawing: _Drawing) -> None:
        self.d = drawing
        self.page_w, self.page_h = drawing.pdf.w, drawing.pdf.h
        self.panel_w = self.page_w / 3
        self.top = self.MARGIN
        self.bottom = self.page_h - self.MARGIN - 4
        self.column = 0
        self.y = self.top

    @property
    def x(self) -> float:
        return self.column * self.panel_w + self.GUTTER

    @property
    def width(self) -> float:
        return self.panel_w - 2 * self.GUTTER

    def new_page(self) -> None:
        pdf = self.d.pdf
        pdf.add_page()
        pdf.set_draw_color(*FAINT)
        for fold in (1, 2):
            x = fold * self.panel_w
            pdf.line(x, 2, x, 6)
            pdf.line(x, self.page_h - 6, x, self.page_h - 2)
        self.d.footer(self.MARGIN, self.page_w - self.MARGIN, self.page_h - self.MARGIN - 1)
        self.column = 0
        self.y = self.top

    def next_column(self) -> None:
        if self.column == 2:
            self.new_page()
        else:
            self.column += 1
            self.y = self.top

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom:
            self.next_column()

    def run(self) -> None:
        d, job = self.d, self.d.job
        self.new_page()
        title = d.fit(job.set_name, self.width, 16, 15, 9, "the set name")
        d.draw(title, self.x, self.y, self.width)
        self.y += title.height + 1
        subtitle = d.fit(f"{job.reader} → {job.target}", self.width, 5, 8, 6, "the title")
        d.draw(subtitle, self.x, self.y, self.width, FAINT)
        self.y += subtitle.height + 3
        for category, cards in _grouped(job.cards):
            heading = d.fit(category, self.width, 10, 10, 7, "a category heading")
            first = self.measure(cards[0])
            self.ensure(heading.height + 2 + first[0])
            d.draw(heading, self.x, self.y, self.width, AID_BLUE)
            self.y += heading.height + 0.6
            d.pdf.set_draw_color(*AID_BLUE)
            d.pdf.line(self.x, self.y, self.x + self.width, self.y)
            self.y += 1.4
            for card in cards:
                self.entry(card)

    def measure(
        self, card: CardRecord
    ) -> tuple[float, Fitted, Fitted, Fitted | None, Fitted | None]:
        d = self.d
        where = f"phrase {card.uid}"
        text_w = self.text_width
        reader = d.fit(card.reader_text, text_w, 20, 8, 6, where)
        target = d.fit(card.target_text, text_w, 40, 12, 7, where)
        aid = d.fit(card.aid, text_w, 20, 9, 6, where) if card.aid else None
        if aid is not None:
            reader = d.not_larger(card.reader_text, reader, aid, text_w, 20, where)
        footnote = d.fit(card.footnote, text_w, 20, 6.5, 5, where) if card.footnotes else None
        height = reader.height + 0.5 + target.height + (aid.height + 0.3 if aid else 0)
        height += footnote.height + 0.3 if footnote else 0
        if self.d.job.qr_base_url:
            height = max(height, self.QR_SIDE)
        return height, reader, target, aid, footnote

    @property
    def text_width(self) -> float:
        return self.width - 4 - (self.QR_SIDE + 2 if self.d.job.qr_base_url else 0)

    def entry(self, card: CardRecord) -> None:
        d = self.d
        height, reader, target, aid, footnote = self.measure(card)
        self.ensure(height)
        x, y = self.x, self.y
        d.draw(reader, x, y, self.text_width, READER_GREY)
        y += reader.height + 0.5
        d.draw(target, x, y, self.text_width)
        y += target.height + 0.3
        if aid:
            d.draw(aid, x, y, self.text_width, AID_BLUE)
            y += aid.height + 0.3
        if footnote:
            d.draw(footnote, x, y, self.text_width, MARK_RED)
        if not card.reviewed:
            d.mark_unreviewed(
                self.x + self.width - (self.QR_SIDE + 2 if d.job.qr_base_url else 0), self.y
            )
        if d.job.qr_base_url:
            d.qr(card.uid, self.x + self.width - self.QR_SIDE, self.y, self.QR_SIDE)
        self.y += height + self.ENTRY_GAP


class _AnswerCard:
    """The fold-out answer card: each section a 95 x 133 mm panel (A4), four to a page,
    with crop marks; the other person's language large, the reader's small beside it."""

    W = 95.0
    TOP = 17.0  # room above for the fold note and the crop marks
    BELOW = 14.0  # and below for the footer between the bottom crop marks
    PAD = 4.0
    HEAD = 12.0

    def __init__(self, drawing: _Drawing) -> None:
        self.d = drawing
        page_w, page_h = drawing.pdf.w, drawing.pdf.h
        # 133 mm on A4; Letter is 18 mm shorter. The footer sits under the grid.
        self.H = min(133.0, (page_h - self.TOP - self.BELOW) / 2)
        self.outline = Box((page_w - 2 * self.W) / 2, self.TOP, 2 * self.W, 2 * self.H)

    def run(self) -> None:
        d = self.d
        sections = list(d.job.answer_sections)
        for first in range(0, len(sections), 4):
            d.pdf.add_page()
            self.d.marks_around(self.outline, 2, 2, self.W, self.H)
            note = d.fit(d.labels["answers_fold"], self.outline.w, 4, 7, 5, "the answer card")
            d.draw(note, self.outline.x, 3.0, self.outline.w, FAINT)
            for index, section in enumerate(sections[first : first + 4]):
                row, column = divmod(index, 2)
                box = Box(
                    self.outline.x + column * self.W, self.outline.y + row * self.H, self.W, self.H
                )
                self.section(section, box)
            d.footer(self.outline.x + 2, self.outline.right - 2, self.outline.bottom + 1.2)

    def section(self, section: AnswerSection, box: Box) -> None:
        d = self.d
        where = f"answer card {section.letter}"
        inner = Box(box.x + self.PAD, box.y + self.PAD, box.w - 2 * self.PAD, box.h - 2 * self.PAD)
        letter = d.fit(section.letter, 10, 9, 18, 10, where)
        d.draw(letter, inner.x, inner.y, 10, AID_BLUE)
        name = d.labels["answer_card"].format(letter=section.letter)
        title = d.fit(f"{name} · {section.heading}", inner.w - 12, 9, 9, 6, where)
        d.draw(title, inner.x + 12, inner.y + 1, inner.w - 12, READER_GREY)
        content = Box(inner.x, inner.y + self.HEAD, inner.w, inner.h - self.HEAD)
        layouts: dict[str, Callable[[AnswerSection, Box, str], None]] = {
            "rows": lambda s, b, w: self.rows(s.labels, b, w),
            "scale": self.scale,
            "body": self.body,
            "numbers": self.numbers,
        }
        layouts[section.layout](section, content, where)

    def rows(self, labels: Sequence[AnswerLabel], box: Box, where: str) -> None:
        d = self.d
        height = min(20.0, box.h / max(len(labels), 1))
        d.pdf.set_draw_color(*FAINT)
        for number, label in enumerate(labels):
            y = box.y + number * height
            d.pdf.rect(box.x, y + 0.5, box.w, height - 1)
            target_w = box.w * 0.6 - 2
            target = d.fit(label.target, target_w, height - 2, 18, 6, where)
            d.draw(target, box.x + 1.5, y + (height - target.height) / 2, target_w)
            reader = d.fit(label.reader, box.w * 0.4 - 2, height - 2, 9, 5, where)
            d.draw(
                reader,
                box.x + box.w * 0.6,
                y + (height - reader.height) / 2,
                box.w * 0.4 - 2,
                READER_GREY,
            )

    def scale(self, section: AnswerSection, box: Box, where: str) -> None:
        d = self.d
        values = list(range(section.minimum, section.maximum + 1))
        per_row = 6 if len(values) > 6 else len(values)
        cell_w = box.w / per_row
        cell_h = 20.0
        d.pdf.set_draw_color(*BLACK)
        for index, value in enumerate(values):
            row, column = divmod(index, per_row)
            x, y = box.x + column * cell_w, box.y + row * cell_h
            d.pdf.rect(x + 0.5, y + 0.5, cell_w - 1, cell_h - 1)
            digits = d.fit(str(value), cell_w - 2, cell_h - 2, 22, 10, where)
            d.draw(digits, x + 1, y + (cell_h - digits.height) / 2, cell_w - 2, align="C")
        y = box.y + (-(-len(values) // per_row)) * cell_h + 3
        for value, label in zip((section.minimum, section.maximum), section.labels, strict=False):
            target = d.fit(f"{value} = {label.target}", box.w, 16, 13, 7, where)
            d.draw(target, box.x, y, box.w)
            y += target.height + 0.5
            reader = d.fit(label.reader, box.w, 8, 8, 5, where)
            d.draw(reader, box.x, y, box.w, READER_GREY)
            y += reader.height + 3

    def body(self, section: AnswerSection, box: Box, where: str) -> None:
        d = self.d
        data = answers_data.body_map()
        _x0, _y0, width, height = (float(n) for n in data["viewBox"].split())
        captions = 12.0
        scale = min(box.w / width, (box.h - captions) / height)
        left = box.x + (box.w - width * scale) / 2
        d.pdf.set_draw_color(*BLACK)
        d.pdf.set_fill_color(235, 240, 248)
        for region in data["regions"]:
            for path in region["paths"].values():
                for shape in _shapes(path):
                    points = [(left + x * scale, box.y + y * scale) for x, y in shape]
                    d.pdf.polygon(points, style="DF")
        views = list(data["views"].values())
        for view, label in zip(views, section.labels, strict=False):
            centre = left + float(view["x"]) * scale
            y = box.y + height * scale + 1
            target = d.fit(label.target, 40, 6, 11, 6, where)
            d.draw(target, centre - 20, y, 40, align="C")
            reader = d.fit(label.reader, 40, 4, 7, 5, where)
            d.draw(reader, centre - 20, y + target.height, 40, READER_GREY, align="C")

    def numbers(self, section: AnswerSection, box: Box, where: str) -> None:
        d = self.d
        columns = 6
        rows = -(-len(section.words) // columns)
        cell_w, cell_h = box.w / columns, min(21.0, box.h / rows)
        d.pdf.set_draw_color(*BLACK)
        for index, (value, words) in enumerate(section.words):
            row, column = divmod(index, columns)
            x, y = box.x + column * cell_w, box.y + row * cell_h
            d.pdf.rect(x + 0.5, y + 0.5, cell_w - 1, cell_h - 1)
            digits = d.fit(str(value), cell_w - 2, cell_h * 0.6, 16, 8, where)
            d.draw(digits, x + 1, y + 1, cell_w - 2, align="C")
            said = d.fit(words, cell_w - 2, cell_h * 0.35, 7, 4.5, where)
            d.draw(said, x + 1, y + cell_h - said.height - 1, cell_w - 2, AID_BLUE, align="C")


def _shapes(path: str) -> list[list[tuple[float, float]]]:
    """The polygons of a body map path (``M x,y L x,y … Z``, as tools/draw_body_map.py writes)."""
    shapes = []
    for part in path.split("Z"):
        points = [p.lstrip("ML ").split(",") for p in part.split() if p.strip("ML ")]
        if points:
            shapes.append([(float(x), float(y)) for x, y in points])
    return shapes


def _grouped(cards: Sequence[CardRecord]) -> list[tuple[str, list[CardRecord]]]:
    """Cards by category, categories in the order they first appear."""
    groups: dict[str, list[CardRecord]] = {}
    for card in cards:
        groups.setdefault(card.category, []).append(card)
    return list(groups.items())
