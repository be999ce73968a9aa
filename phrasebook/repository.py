"""Storage behind small interfaces: SQLAlchemy repositories and in-memory fakes for unit tests."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Category, Phrase, PhraseSet, SetMembership

# Ids per IN (...) list: well under every backend's limit on bound parameters.
CHUNK = 500


class PhraseRepository(Protocol):
    def get(self, uid: str) -> Phrase | None: ...
    def get_many(self, uids: Iterable[str]) -> dict[str, Phrase]: ...
    def add(self, phrase: Phrase) -> None: ...
    def delete(self, phrase: Phrase) -> None: ...
    def list(self, *, set_slug: str | None = None, category: str | None = None) -> list[Phrase]: ...
    def count(self) -> int: ...


class SetRepository(Protocol):
    def get(self, slug: str) -> PhraseSet | None: ...
    def add(self, phrase_set: PhraseSet) -> None: ...
    def delete(self, phrase_set: PhraseSet) -> None: ...
    def list(self) -> list[PhraseSet]: ...
    def containing(self, uid: str) -> builtins.list[str]:
        """Slugs of the sets the phrase ``uid`` belongs to, in set order."""
        ...


class CategoryRepository(Protocol):
    def get(self, slug: str) -> Category | None: ...
    def add(self, category: Category) -> None: ...
    def list(self) -> list[Category]: ...


class SqlPhraseRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, uid: str) -> Phrase | None:
        return self.session.scalars(select(Phrase).where(Phrase.uid == uid)).one_or_none()

    def get_many(self, uids: Iterable[str]) -> dict[str, Phrase]:
        wanted = sorted(set(uids))
        found: dict[str, Phrase] = {}
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            found.update(
                (p.uid, p)
                for p in self.session.scalars(select(Phrase).where(Phrase.uid.in_(chunk)))
            )
        return found

    def add(self, phrase: Phrase) -> None:
        self.session.add(phrase)

    def delete(self, phrase: Phrase) -> None:
        self.session.delete(phrase)

    def list(self, *, set_slug: str | None = None, category: str | None = None) -> list[Phrase]:
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
        return list(self.session.scalars(query))

    def count(self) -> int:
        return self.session.scalar(select(func.count(Phrase.id))) or 0


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
        return list(
            self.session.scalars(select(PhraseSet).order_by(PhraseSet.position, PhraseSet.slug))
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


class FakePhraseRepository:
    """Keeps phrases in a dict; enough for service unit tests."""

    def __init__(self, sets: FakeSetRepository | None = None) -> None:
        self.items: dict[str, Phrase] = {}
        self.sets = sets

    def get(self, uid: str) -> Phrase | None:
        return self.items.get(uid)

    def get_many(self, uids: Iterable[str]) -> dict[str, Phrase]:
        return {uid: self.items[uid] for uid in uids if uid in self.items}

    def add(self, phrase: Phrase) -> None:
        self.items[phrase.uid] = phrase

    def delete(self, phrase: Phrase) -> None:
        self.items.pop(phrase.uid, None)
        for membership in list(phrase.memberships):
            membership.phrase_set.memberships.remove(membership)

    def list(self, *, set_slug: str | None = None, category: str | None = None) -> list[Phrase]:
        if set_slug is not None:
            phrase_set = self.sets.get(set_slug) if self.sets else None
            found = [m.phrase for m in phrase_set.memberships] if phrase_set else []
        else:
            found = sorted(self.items.values(), key=lambda p: (p.position or 0, p.uid))
        return [p for p in found if category is None or p.category == category]

    def count(self) -> int:
        return len(self.items)


class FakeSetRepository:
    def __init__(self) -> None:
        self.items: dict[str, PhraseSet] = {}

    def get(self, slug: str) -> PhraseSet | None:
        return self.items.get(slug)

    def add(self, phrase_set: PhraseSet) -> None:
        self.items[phrase_set.slug] = phrase_set

    def delete(self, phrase_set: PhraseSet) -> None:
        self.items.pop(phrase_set.slug, None)

    def list(self) -> list[PhraseSet]:
        return sorted(self.items.values(), key=lambda s: (s.position or 0, s.slug))

    def containing(self, uid: str) -> builtins.list[str]:
        return [s.slug for s in self.list() if any(m.phrase.uid == uid for m in s.memberships)]


class FakeCategoryRepository:
    def __init__(self) -> None:
        self.items: dict[str, Category] = {}

    def get(self, slug: str) -> Category | None:
        return self.items.get(slug)

    def add(self, category: Category) -> None:
        self.items[category.slug] = category

    def list(self) -> list[Category]:
        return sorted(self.items.values(), key=lambda c: (c.position or 0, c.slug))
