"""Plain data the PDF renderer works from: no database objects cross this line."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Self

from ..errors import InvalidInput

# Where the web app (app/reading.py) shows one phrase with its audio; QR codes point there.
PHRASE_PAGE = "/phrases/{uid}"


class _Choice(enum.StrEnum):
    @classmethod
    def parse(cls, value: str, where: str | None = None) -> Self:
        """The member named ``value`` (any case), or InvalidInput listing the choices."""
        try:
            return cls(value.strip().lower())
        except ValueError:
            choices = ", ".join(member.value for member in cls)
            location = where or cls.__name__.lower()
            raise InvalidInput(location, f"{value!r} is not one of: {choices}") from None


class Layout(_Choice):
    """What gets printed: pocket cards, a folded phrase sheet, double-sided cards, or the
    answer card (the panels the selection's questions offer, to point at)."""

    CARDS = "cards"
    SHEET = "sheet"
    DUPLEX = "duplex"
    ANSWERS = "answers"


class Paper(_Choice):
    A4 = "a4"
    LETTER = "letter"

    @property
    def size_mm(self) -> tuple[float, float]:
        """Portrait width and height in millimetres."""
        return (210.0, 297.0) if self is Paper.A4 else (215.9, 279.4)


@dataclass(frozen=True)
class CardRecord:
    """One phrase as printed: what the reader reads, what they show or say, and how to say it."""

    uid: str
    reader_text: str
    target_text: str
    aid: str | None
    reviewed: bool
    category: str
    # Printed small under the aid, already in the reader's language: false-friend warnings
    # ("네 = ТАК; звучить як «не»") and, when asked for, the usage notes.
    footnotes: tuple[str, ...] = ()

    @property
    def footnote(self) -> str:
        return " ".join(self.footnotes)


@dataclass(frozen=True)
class AnswerLabel:
    """One thing to point at on the answer card: in the other person's language, large, and
    the reader's, small beside it."""

    target: str
    reader: str


@dataclass(frozen=True)
class AnswerSection:
    """One panel of the answer card ("B: the pain scale"): ``labels`` are its options (yes-no,
    choice), its two ends (scale), its views' captions (body) or its units (time)."""

    letter: str
    kind: str
    heading: str
    labels: tuple[AnswerLabel, ...] = ()
    minimum: int = 0
    maximum: int = 0
    # number: the target language's words of each value on the number line
    words: tuple[tuple[int, str], ...] = ()
    # How it is drawn (the kind's card_layout, phrasebook.answers.kinds): rows, scale, body,
    # numbers.
    layout: str = "rows"


@dataclass(frozen=True)
class PrintJob:
    """Everything a renderer needs for one PDF."""

    cards: Sequence[CardRecord]
    set_name: str
    edition: date
    version: str
    reader: str
    target: str
    layout: Layout = Layout.CARDS
    paper: Paper = Paper.A4
    qr_base_url: str | None = None
    answer_sections: Sequence[AnswerSection] = ()

    def qr_url(self, uid: str) -> str | None:
        """The phrase's page in the web app (text and audio), or None without a base URL."""
        if not self.qr_base_url:
            return None
        return f"{self.qr_base_url.rstrip('/')}{PHRASE_PAGE.format(uid=uid)}"


@dataclass(frozen=True)
class RenderedPdf:
    """A finished PDF and what the person printing it should know about it."""

    data: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
