"""Where cards sit on a page: pure arithmetic in millimetres, shared by renderers and tests."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Paper

CARD_WIDTH = 85.0
CARD_HEIGHT = 55.0
COLUMNS = 2
# Ten cards fit A4 (2 x 5 = 170 x 275 mm); Letter is 18 mm shorter, so it takes eight.
ROWS = {Paper.A4: 5, Paper.LETTER: 4}
# A4 has only 22 mm to spare vertically: the grid sits 10 mm from the top, which leaves room
# for the top crop marks and, below the grid, for the footer between the bottom crop marks.
TOP = {Paper.A4: 10.0, Paper.LETTER: None}


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class CardGrid:
    """A grid of business cards (85 x 55 mm) centred on a portrait page."""

    paper: Paper

    @property
    def columns(self) -> int:
        return COLUMNS

    @property
    def rows(self) -> int:
        return ROWS[self.paper]

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def page_size(self) -> tuple[float, float]:
        return self.paper.size_mm

    @property
    def outline(self) -> Box:
        page_w, page_h = self.page_size
        w, h = self.columns * CARD_WIDTH, self.rows * CARD_HEIGHT
        top = TOP[self.paper]
        return Box((page_w - w) / 2, (page_h - h) / 2 if top is None else top, w, h)

    def slot(self, index: int, *, mirrored: bool = False) -> Box:
        """The card at ``index`` on its page (row by row); ``mirrored`` swaps the columns, which
        is where that card's back lands when the sheet is flipped on its long edge."""
        row, column = divmod(index % self.per_page, self.columns)
        if mirrored:
            column = self.columns - 1 - column
        outline = self.outline
        return Box(
            outline.x + column * CARD_WIDTH, outline.y + row * CARD_HEIGHT, CARD_WIDTH, CARD_HEIGHT
        )

    def pages_for(self, cards: int) -> int:
        return max(1, -(-cards // self.per_page))
