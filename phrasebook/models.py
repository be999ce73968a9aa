"""The phrase book's data model (SQLAlchemy 2, typed declarative mapping).

A *phrase* is one utterance with a stable id (``uid``); it has one *translation* per BCP-47
language tag; every change to a translation's text or status leaves a *revision* row behind.
*Phrase sets* are ordered lists of phrases; a phrase may sit in several sets.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.orm.collections import attribute_keyed_dict

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now, in UTC, to whole seconds (what the interchange format carries)."""
    return datetime.now(UTC).replace(microsecond=0)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[str]: JSON}


class Status(enum.StrEnum):
    """Review status of a translation. ``draft`` is shown to people as "needs review"."""

    DRAFT = "draft"
    MACHINE = "machine"
    REVIEWED = "reviewed"


class Register(enum.StrEnum):
    POLITE = "polite"
    NEUTRAL = "neutral"
    COMMAND = "command"


class Category(Base):
    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)

    def label(self, lang: str) -> str:
        names: dict[str, str] = self.names or {}
        return names.get(lang) or names.get("en") or self.slug


class Phrase(Base):
    __tablename__ = "phrases"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(100), unique=True)
    category: Mapped[str] = mapped_column(String(100), index=True)
    tags: Mapped[list[str]] = mapped_column(default=list)
    # Usage notes by language tag ({"en": ..., "uk": ...}); see docs/format.md.
    notes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    register: Mapped[Register] = mapped_column(
        Enum(
            Register, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
        ),
        default=Register.NEUTRAL,
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The answer panel the other person points at ({"kind": "yes-no", "options": [...]}), or
    # None: see phrasebook/answers and docs/answers.md. Its labels are phrases of their own.
    answers: Mapped[dict[str, Any] | None] = mapped_column(
        JSON(none_as_null=True), nullable=True, default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    translations: Mapped[dict[str, Translation]] = relationship(
        collection_class=attribute_keyed_dict("lang"),
        back_populates="phrase",
        cascade="all, delete-orphan",
        lazy="selectin",
    )
    memberships: Mapped[list[SetMembership]] = relationship(
        back_populates="phrase", cascade="all, delete-orphan"
    )

    def text(self, lang: str) -> str | None:
        translation = self.translations.get(lang)
        return translation.text if translation else None


class Translation(Base):
    __tablename__ = "translations"
    __table_args__ = (UniqueConstraint("phrase_id", "lang"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    phrase_id: Mapped[int] = mapped_column(ForeignKey("phrases.id", ondelete="CASCADE"), index=True)
    lang: Mapped[str] = mapped_column(String(35), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[Status] = mapped_column(
        Enum(Status, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=Status.DRAFT,
    )
    # {"kind": "person"|"import"|"seed"|"mt", "name": ..., "engine": ..., "model": ...,
    #  "version": ..., "via": ...}: see docs/format.md
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    notes: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # The database decides a race between two saves of one text: every UPDATE says
    # "WHERE revision = <the revision this transaction read>", and the loser's matches no row
    # (SQLAlchemy raises StaleDataError; the unit of work turns it into ConcurrentEdit). The
    # revision numbers themselves are set by new_revision, not generated. Editing loads the
    # history with the phrase (PhraseRepository.get_for_edit), so nothing is flushed before
    # the commit.
    __mapper_args__ = {"version_id_col": revision, "version_id_generator": False}

    phrase: Mapped[Phrase] = relationship(back_populates="translations")
    history: Mapped[list[TranslationRevision]] = relationship(
        back_populates="translation",
        cascade="all, delete-orphan",
        order_by="TranslationRevision.revision",
    )

    def record(self, by: str, at: datetime) -> None:
        """Append the current state as a revision row (every change of text or status)."""
        self.history.append(
            TranslationRevision(
                revision=self.revision,
                text=self.text,
                status=self.status,
                provenance=dict(self.provenance or {}),
                changed_by=by,
                changed_at=at,
            )
        )

    def new_revision(self, by: str, at: datetime) -> None:
        """After a change: the next revision number, the new time, and its history row."""
        self.revision += 1
        self.updated_at = at
        self.record(by, at)


class TranslationRevision(Base):
    """A past state of a translation: the text and status it had, and who changed it when."""

    __tablename__ = "translation_revisions"
    __table_args__ = (UniqueConstraint("translation_id", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    translation_id: Mapped[int] = mapped_column(
        ForeignKey("translations.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[Status] = mapped_column(
        Enum(Status, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    provenance: Mapped[dict[str, Any]] = mapped_column(default=dict)
    changed_by: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    translation: Mapped[Translation] = relationship(back_populates="history")


class PhraseSet(Base):
    __tablename__ = "phrase_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)
    descriptions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)

    memberships: Mapped[list[SetMembership]] = relationship(
        back_populates="phrase_set",
        cascade="all, delete-orphan",
        order_by="SetMembership.position",
    )

    def label(self, lang: str) -> str:
        names: dict[str, str] = self.names or {}
        return names.get(lang) or names.get("en") or self.slug

    def description(self, lang: str) -> str:
        descriptions: dict[str, str] = self.descriptions or {}
        return descriptions.get(lang) or descriptions.get("en") or ""

    @property
    def phrases(self) -> list[Phrase]:
        return [membership.phrase for membership in self.memberships]


class SetMembership(Base):
    __tablename__ = "set_memberships"
    __table_args__ = (UniqueConstraint("set_id", "phrase_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(
        ForeignKey("phrase_sets.id", ondelete="CASCADE"), index=True
    )
    phrase_id: Mapped[int] = mapped_column(ForeignKey("phrases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    phrase_set: Mapped[PhraseSet] = relationship(back_populates="memberships")
    phrase: Mapped[Phrase] = relationship(back_populates="memberships", lazy="joined")


class StoreGeneration(Base):
    """One row whose ``value`` goes up with every unit of work that commits a change.

    Whatever keeps a copy of what it read (the web app's rendered pages) compares it with the
    generation it read them at; several processes sharing one database see the same number.
    """

    __tablename__ = "store_generation"

    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
