"""Storage behind small interfaces: the SQLAlchemy repositories of phrases, sets and categories
(their in-memory fakes for unit tests: tests/fakes.py)."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, joinedload, selectinload

from .chunks import in_chunks
from .models import Category, Phrase, PhraseSet, SetMembership, Status, Translation

# (status, languages): phrases with a translation of that status in one of those languages
# (regional variants included; empty: any language).
StatusFilter = tuple[Status, frozenset[str]]


@dataclass(frozen=True)
class Neighbours:
    """Where a phrase stands in a set: the phrases before and after it."""

    previous: str | None
    next: str | None
    position: int  # 1-based
    total: int


class PhraseRepository(Protocol):
    def get(self, uid: str) -> Phrase | None: ...
    def get_for_edit(self, uid: str) -> Phrase | None:
        """The phrase with its translations and their history loaded: a save then changes
        only what is in memory and writes it all at commit."""
        ...

    def get_many(self, uids: Iterable[str]) -> dict[str, Phrase]: ...
    def add(self, phrase: Phrase) -> None: ...
    def add_many(self, phrases: Sequence[Phrase], *, by: str, at: datetime) -> None:
        """Store many new phrases with their translations at once, recording each
        translation's first revision as made by ``by`` at ``at``; afterwards they and their
        translations have ids and belong to the unit of work like loaded ones."""
        ...

    def delete(self, phrase: Phrase) -> None: ...
    def list(self, *, set_slug: str | None = None, category: str | None = None) -> list[Phrase]: ...
    def count(self) -> int: ...
    def page(
        self,
        *,
        set_slug: str | None = None,
        category: str | None = None,
        offset: int = 0,
        limit: int | None = None,
        status: StatusFilter | None = None,
    ) -> builtins.list[Phrase]:
        """Phrases in set order (or phrase book order), translations loaded, one page;
        ``status``: only phrases with a translation of that status (in those languages)."""
        ...

    def count_in(
        self,
        *,
        set_slug: str | None = None,
        category: str | None = None,
        status: StatusFilter | None = None,
    ) -> int: ...
    def categories_in(self, set_slug: str) -> builtins.list[str]:
        """Categories of a set's phrases, in the order they first appear in the set."""
        ...

    def category_counts(self) -> dict[str, int]: ...
    def status_counts(self) -> dict[tuple[str, str], int]:
        """How many translations each ``(language, status)`` has."""
        ...


class SetRepository(Protocol):
    def get(self, slug: str) -> PhraseSet | None: ...
    def add(self, phrase_set: PhraseSet) -> None: ...
    def delete(self, phrase_set: PhraseSet) -> None: ...
    def list(self) -> list[PhraseSet]: ...
    def containing(self, uid: str) -> builtins.list[str]:
        """Slugs of the sets the phrase ``uid`` belongs to, in set order."""
        ...

    def member_counts(self) -> dict[str, int]: ...
    def neighbours(self, slug: str, uid: str) -> Neighbours | None: ...


class CategoryRepository(Protocol):
    def get(self, slug: str) -> Category | None: ...
    def add(self, category: Category) -> None: ...
    def list(self) -> list[Category]: ...


class SqlPhraseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, uid: str) -> Phrase | None:
        return self.session.scalars(select(Phrase).where(Phrase.uid == uid)).one_or_none()

    def get_for_edit(self, uid: str) -> Phrase | None:
        query = (
            select(Phrase)
            .where(Phrase.uid == uid)
            .options(selectinload(Phrase.translations).selectinload(Translation.history))
        )
        return self.session.scalars(query).one_or_none()

    def get_many(self, uids: Iterable[str]) -> dict[str, Phrase]:
        found: dict[str, Phrase] = {}
        for chunk in in_chunks(uids):
            found.update(
                (p.uid, p)
                for p in self.session.scalars(select(Phrase).where(Phrase.uid.in_(chunk)))
            )
        return found

    def add(self, phrase: Phrase) -> None:
        self.session.add(phrase)

    def add_many(self, phrases: Sequence[Phrase], *, by: str, at: datetime) -> None:
        from .bulk import insert_new_phrases

        insert_new_phrases(self.session, phrases, by=by, at=at)

    def delete(self, phrase: Phrase) -> None:
        self.session.delete(phrase)

    def list(self, *, set_slug: str | None = None, category: str | None = None) -> list[Phrase]:
        return self.page(set_slug=set_slug, category=category)

    def count(self) -> int:
        return self.session.scalar(select(func.count(Phrase.id))) or 0

    def _select(
        self, set_slug: str | None, category: str | None, status: StatusFilter | None = None
    ) -> Select[Any]:
        if set_slug is not None:
            query = (
                select(Phrase)
                .join(SetMembership, SetMembership.phrase_id == Phrase.id)
                .join(PhraseSet, PhraseSet.id == SetMembership.set_id)
                .where(PhraseSet.slug == set_slug)
                .order_by(SetMembership.position, Phrase.uid)
            )
        else:
            query = select(Phrase).order_by(Phrase.position, Phrase.uid)
        if category is not None:
            query = query.where(Phrase.category == category)
        if status is not None:
            wanted, languages = status
            having = select(Translation.id).where(
                Translation.phrase_id == Phrase.id, Translation.status == wanted
            )
            if languages:
                having = having.where(
                    or_(
                        Translation.lang.in_(sorted(languages)),
                        *(Translation.lang.startswith(f"{tag}-") for tag in sorted(languages)),
                    )
                )
            query = query.where(having.exists())
        return query

    def page(
        self,
        *,
        set_slug: str | None = None,
        category: str | None = None,
        offset: int = 0,
        limit: int | None = None,
        status: StatusFilter | None = None,
    ) -> builtins.list[Phrase]:
        # Translations joined in: one query for the page, however many phrases it holds.
        query = self._select(set_slug, category, status)
        query = query.options(joinedload(Phrase.translations))
        query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return builtins.list(self.session.scalars(query).unique())

    def count_in(
        self,
        *,
        set_slug: str | None = None,
        category: str | None = None,
        status: StatusFilter | None = None,
    ) -> int:
        inner = self._select(set_slug, category, status).with_only_columns(Phrase.id)
        inner = inner.order_by(None)
        return self.session.scalar(select(func.count()).select_from(inner.subquery())) or 0

    def categories_in(self, set_slug: str) -> builtins.list[str]:
        first = func.min(SetMembership.position)
        rows = self.session.execute(
            select(Phrase.category, first)
            .join(SetMembership, SetMembership.phrase_id == Phrase.id)
            .join(PhraseSet, PhraseSet.id == SetMembership.set_id)
            .where(PhraseSet.slug == set_slug)
            .group_by(Phrase.category)
            .order_by(first)
        )
        return [category for category, _position in rows]

    def category_counts(self) -> dict[str, int]:
        rows = self.session.execute(
            select(Phrase.category, func.count(Phrase.id)).group_by(Phrase.category)
        )
        return {category: count for category, count in rows}

    def status_counts(self) -> dict[tuple[str, str], int]:
        rows = self.session.execute(
            select(Translation.lang, Translation.status, func.count(Translation.id)).group_by(
                Translation.lang, Translation.status
            )
        )
        return {(lang, str(status)): count for lang, status, count in rows}


class SqlSetRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, slug: str) -> PhraseSet | None:
        return self.session.scalars(select(PhraseSet).where(PhraseSet.slug == slug)).one_or_none()

    def add(self, phrase_set: PhraseSet) -> None:
        self.session.add(phrase_set)

    def delete(self, phrase_set: PhraseSet) -> None:
        self.session.delete(phrase_set)

    def list(self) -> list[PhraseSet]:
        query = select(PhraseSet).order_by(PhraseSet.position, PhraseSet.slug)
        # Members with their phrases' ids only: a set list never loads every translation.
        members = selectinload(PhraseSet.memberships).joinedload(SetMembership.phrase)
        query = query.options(members.lazyload(Phrase.translations))
        return list(self.session.scalars(query))

    def member_counts(self) -> dict[str, int]:
        rows = self.session.execute(
            select(PhraseSet.slug, func.count(SetMembership.id))
            .join(SetMembership, SetMembership.set_id == PhraseSet.id)
            .group_by(PhraseSet.slug)
        )
        return {slug: count for slug, count in rows}

    def neighbours(self, slug: str, uid: str) -> Neighbours | None:
        members = (
            select(Phrase.uid, SetMembership.position)
            .join(SetMembership, SetMembership.phrase_id == Phrase.id)
            .join(PhraseSet, PhraseSet.id == SetMembership.set_id)
            .where(PhraseSet.slug == slug)
            .subquery()
        )
        mine = self.session.execute(
            select(members.c.position).where(members.c.uid == uid)
        ).scalar_one_or_none()
        if mine is None:
            return None
        before = self.session.execute(
            select(members.c.uid, func.count().over())
            .where(members.c.position < mine)
            .order_by(members.c.position.desc())
            .limit(1)
        ).first()
        after = self.session.scalar(
            select(members.c.uid).where(members.c.position > mine).order_by(members.c.position)
        )
        total = self.session.scalar(select(func.count()).select_from(members)) or 0
        return Neighbours(
            previous=before[0] if before else None,
            next=after,
            position=(before[1] if before else 0) + 1,
            total=total,
        )

    def containing(self, uid: str) -> builtins.list[str]:
        return list(
            self.session.scalars(
                select(PhraseSet.slug)
                .join(SetMembership, SetMembership.set_id == PhraseSet.id)
                .join(Phrase, Phrase.id == SetMembership.phrase_id)
                .where(Phrase.uid == uid)
                .order_by(PhraseSet.position, PhraseSet.slug)
            )
        )


class SqlCategoryRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, slug: str) -> Category | None:
        return self.session.scalars(select(Category).where(Category.slug == slug)).one_or_none()

    def add(self, category: Category) -> None:
        self.session.add(category)

    def list(self) -> list[Category]:
        return list(
            self.session.scalars(select(Category).order_by(Category.position, Category.slug))
        )
