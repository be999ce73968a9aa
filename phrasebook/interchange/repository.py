"""Reading the store for an export: plain rows, a chunk of phrases at a time.

The unit of work's ``exports`` repository. An export reads every phrase and translation once
and never changes them, so it skips the ORM's objects (building them was most of an export's
time) and reads rows: phrases in ``(position, uid)`` order, one chunk after another (keyset
paging, so memory stays flat however large the book), each chunk's translations in one more
query.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, String, or_, select, tuple_, type_coerce
from sqlalchemy.orm import Session

from ..languages import base_language
from ..models import Phrase, PhraseSet, SetMembership, Translation


@dataclass(frozen=True)
class ExportScope:
    """What an export holds: everything, one set, one category or the phrases ``uids``
    names (optionally one set's phrases of one category), in ``languages`` (None: all; a
    language includes its regional variants)."""

    set_slug: str | None = None
    category: str | None = None
    uids: tuple[str, ...] | None = None
    languages: frozenset[str] | None = None

    @classmethod
    def of(
        cls,
        *,
        set_slug: str | None = None,
        category: str | None = None,
        uids: Iterable[str] | None = None,
        languages: Iterable[str] | None = None,
    ) -> ExportScope:
        """A scope from what callers have: any iterables; no languages (or none given) is all."""
        return cls(
            set_slug=set_slug,
            category=category,
            uids=tuple(uids) if uids is not None else None,
            languages=frozenset(languages) if languages else None,
        )

    @property
    def is_everything(self) -> bool:
        return self.set_slug is None and self.category is None and self.uids is None

    def wants(self, tag: str) -> bool:
        return (
            self.languages is None or tag in self.languages or base_language(tag) in self.languages
        )


@dataclass(slots=True)
class TranslationRow:
    """A translation as an export writes it (times already as phrasebook/1 text)."""

    id: int
    lang: str
    text: str
    status: str
    provenance: dict[str, Any]
    notes: dict[str, str]
    revision: int
    created: str
    updated: str


@dataclass(slots=True)
class PhraseRow:
    id: int
    uid: str
    category: str
    register: str
    position: int
    tags: list[str]
    notes: dict[str, str]
    created: str
    updated: str
    translations: dict[str, TranslationRow] = field(default_factory=dict)
    answers: dict[str, Any] | None = None


def format_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class ExportRepository(Protocol):
    def phrase_rows(
        self, scope: ExportScope, after: tuple[int, str] | None, limit: int
    ) -> list[PhraseRow]:
        """The next ``limit`` phrases of the scope after ``(position, uid)`` ``after``, with
        their translations in the scope's languages (phrases with none are included, empty)."""
        ...

    def used_categories(self, scope: ExportScope) -> set[str]:
        """Categories of the scope's phrases that have a translation in its languages."""
        ...

    def set_members(self, slugs: Sequence[str]) -> dict[str, list[str]]:
        """Each set's phrase ids, in the set's order."""
        ...


# Table columns, not ORM attributes: a select of these runs as plain Core, without the ORM's
# loading machinery per row. The JSON, enum and time columns are read raw (type_coerce) and
# decoded through _RawValues, which decodes each distinct value once: an export holds a few
# distinct provenances and tag lists, and its times repeat (a whole import shares one).
_PHRASES = Phrase.__table__.c
_TRANSLATIONS = Translation.__table__.c


def _raw(column: Any) -> Any:
    return type_coerce(column, String)


_PHRASE_COLUMNS = (
    _PHRASES.id,
    _PHRASES.uid,
    _PHRASES.category,
    _raw(_PHRASES.register),
    _PHRASES.position,
    _raw(_PHRASES.tags),
    _PHRASES.notes,
    _raw(_PHRASES.created_at),
    _raw(_PHRASES.updated_at),
    _PHRASES.answers,
)
_TRANSLATION_COLUMNS = (
    _TRANSLATIONS.phrase_id,
    _TRANSLATIONS.id,
    _TRANSLATIONS.lang,
    _TRANSLATIONS.text,
    _raw(_TRANSLATIONS.status),
    _raw(_TRANSLATIONS.provenance),
    _TRANSLATIONS.notes,
    _TRANSLATIONS.revision,
    _raw(_TRANSLATIONS.created_at),
    _raw(_TRANSLATIONS.updated_at),
)


class _RawValues:
    """Decodes raw column values, each distinct one once. SQLite gives JSON and times as
    text; PostgreSQL's driver gives them already decoded (dicts, lists, naive datetimes)."""

    def __init__(self) -> None:
        self._json: dict[str, Any] = {}
        self._times: dict[object, str] = {}

    def json(self, raw: Any) -> Any:
        if not isinstance(raw, str):
            return raw
        found = self._json.get(raw)
        if found is None:
            found = self._json[raw] = json.loads(raw)
        return found

    def time(self, raw: Any) -> str:
        found = self._times.get(raw)
        if found is None:
            if isinstance(raw, str):  # SQLite: "YYYY-MM-DD HH:MM:SS[.ffffff]", naive UTC
                moment = datetime.fromisoformat(raw).replace(tzinfo=UTC)
            else:
                moment = raw.replace(tzinfo=UTC) if raw.tzinfo is None else raw
            found = self._times[raw] = format_timestamp(moment)
        return found


def _language_clause(languages: frozenset[str]) -> ColumnElement[bool]:
    ordered = sorted(languages)
    lang = _TRANSLATIONS.lang
    return or_(lang.in_(ordered), *(lang.startswith(f"{tag}-") for tag in ordered))


_Query = TypeVar("_Query", bound=Select[*tuple[Any, ...]])


class SqlExportRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _scoped(self, query: _Query, scope: ExportScope) -> _Query:
        if scope.set_slug is not None:
            members = (
                select(SetMembership.phrase_id)
                .join(PhraseSet, PhraseSet.id == SetMembership.set_id)
                .where(PhraseSet.slug == scope.set_slug)
            )
            query = query.where(_PHRASES.id.in_(members))
        if scope.category is not None:
            query = query.where(_PHRASES.category == scope.category)
        if scope.uids is not None:
            query = query.where(_PHRASES.uid.in_(sorted(set(scope.uids))))
        return query

    def phrase_rows(
        self, scope: ExportScope, after: tuple[int, str] | None, limit: int
    ) -> list[PhraseRow]:
        query = self._scoped(select(*_PHRASE_COLUMNS), scope)
        if after is not None:
            query = query.where(tuple_(_PHRASES.position, _PHRASES.uid) > tuple_(*after))
        query = query.order_by(_PHRASES.position, _PHRASES.uid).limit(limit)
        raw = _RawValues()
        phrases = [
            PhraseRow(
                id,
                uid,
                category,
                register,
                position or 0,
                list(raw.json(tags) or []),
                dict(raw.json(notes) or {}),
                raw.time(created),
                raw.time(updated),
                answers=answers,
            )
            for id, uid, category, register, position, tags, notes, created, updated, answers in (
                self.session.execute(query).all()
            )
        ]
        if not phrases:
            return phrases
        by_id = {phrase.id: phrase for phrase in phrases}
        translations = select(*_TRANSLATION_COLUMNS).where(_TRANSLATIONS.phrase_id.in_(list(by_id)))
        if scope.languages is not None:
            translations = translations.where(_language_clause(scope.languages))
        rows = self.session.execute(translations).all()
        for (
            phrase_id,
            id,
            lang,
            text,
            status,
            provenance,
            notes,
            revision,
            created,
            updated,
        ) in rows:
            by_id[phrase_id].translations[lang] = TranslationRow(
                id,
                lang,
                text,
                status,
                raw.json(provenance) or {},
                dict(raw.json(notes) or {}),
                revision,
                raw.time(created),
                raw.time(updated),
            )
        return phrases

    def used_categories(self, scope: ExportScope) -> set[str]:
        query = self._scoped(
            select(_PHRASES.category).join(
                Translation.__table__, _TRANSLATIONS.phrase_id == _PHRASES.id
            ),
            scope,
        )
        if scope.languages is not None:
            query = query.where(_language_clause(scope.languages))
        return set(self.session.scalars(query.distinct()))

    def set_members(self, slugs: Sequence[str]) -> dict[str, list[str]]:
        members: dict[str, list[str]] = {slug: [] for slug in slugs}
        if not slugs:
            return members
        rows = self.session.execute(
            select(PhraseSet.slug, Phrase.uid)
            .join(SetMembership, SetMembership.set_id == PhraseSet.id)
            .join(Phrase, Phrase.id == SetMembership.phrase_id)
            .where(PhraseSet.slug.in_(list(slugs)))
            .order_by(PhraseSet.slug, SetMembership.position, SetMembership.id)
        )
        for slug, uid in rows:
            members[slug].append(uid)
        return members


def phrase_row(phrase: Phrase, scope: ExportScope) -> PhraseRow:
    """The rows of one loaded phrase (its translations in the scope's languages)."""
    row = PhraseRow(
        phrase.id,
        phrase.uid,
        phrase.category,
        str(phrase.register),
        phrase.position or 0,
        list(phrase.tags or []),
        dict(phrase.notes or {}),
        format_timestamp(phrase.created_at),
        format_timestamp(phrase.updated_at),
        answers=phrase.answers,
    )
    for tag, t in phrase.translations.items():
        if scope.wants(tag):
            row.translations[tag] = TranslationRow(
                t.id,
                t.lang,
                t.text,
                str(t.status),
                dict(t.provenance or {}),
                dict(t.notes or {}),
                t.revision,
                format_timestamp(t.created_at),
                format_timestamp(t.updated_at),
            )
    return row
