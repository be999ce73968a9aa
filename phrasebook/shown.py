"""What a reader's list of phrases needs of a phrase and of its texts.

A set page lists loaded ORM phrases (:class:`~phrasebook.models.Phrase`); search results are
read as plain rows into :class:`FoundPhrase` instead: a search shows up to 50 phrases with
all their translations, and building ORM objects for them cost a sixth of a search's time on
PostgreSQL (BENCHMARKS.md, issue 14). Both satisfy :class:`ShownPhrase`, which is all that
:mod:`phrasebook.reading` and the phrase-card templates read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from .models import Status


class ShownText(Protocol):
    """One translation as a list shows it."""

    @property
    def id(self) -> int: ...
    @property
    def lang(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def notes(self) -> dict[str, str]: ...


Text = TypeVar("Text", bound=ShownText, covariant=True)


class ShownPhrase(Protocol[Text]):
    """A phrase as a list shows it: its id, category, usage notes and translations by
    language (``Text``: what a translation is, e.g. a loaded Translation for an ORM Phrase)."""

    @property
    def uid(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def notes(self) -> dict[str, str]: ...
    @property
    def translations(self) -> Mapping[str, Text]: ...


@dataclass(frozen=True, slots=True)
class FoundText:
    id: int
    lang: str
    text: str
    status: Status
    notes: dict[str, str]


@dataclass(frozen=True, slots=True)
class FoundPhrase:
    """A phrase read for a search result (not an ORM object: nothing to save)."""

    id: int
    uid: str
    category: str
    notes: dict[str, str]
    translations: dict[str, FoundText] = field(default_factory=dict)
