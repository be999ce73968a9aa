"""The accounts table (``User``), the roles, and their storage (``uow.users``); the services
that manage accounts are in phrasebook.users."""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime
from typing import Protocol

from sqlalchemy import Enum, Integer, String, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from .models import Base, UTCDateTime, utcnow


class Role(enum.StrEnum):
    """What a person may do; each role may do everything the roles before it may."""

    VIEWER = "viewer"
    EDITOR = "editor"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=Role.VIEWER,
    )
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    # Moved on by signing out: every cookie session made before stops working.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def may(self, needed: Role) -> bool:
        return self.role.allows(needed)

    @property
    def session_key(self) -> str:
        """Changes whenever the password changes or the account signs out, so old sessions
        (and copies of their cookie) stop working."""
        material = f"{self.password_hash}:{self.session_epoch or 0}"
        return hashlib.sha256(material.encode()).hexdigest()[:32]


class UserRepository(Protocol):
    def get(self, name: str) -> User | None: ...
    def get_by_id(self, user_id: int) -> User | None: ...
    def get_by_token_hash(self, digest: str) -> User | None: ...
    def add(self, user: User) -> None: ...
    def delete(self, user: User) -> None: ...
    def list(self) -> list[User]: ...


class SqlUserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, name: str) -> User | None:
        return self.session.scalars(select(User).where(User.name == name)).one_or_none()

    def get_by_id(self, user_id: int) -> User | None:
        return self.session.get(User, user_id)

    def get_by_token_hash(self, digest: str) -> User | None:
        return self.session.scalars(select(User).where(User.token_hash == digest)).one_or_none()

    def add(self, user: User) -> None:
        self.session.add(user)

    def delete(self, user: User) -> None:
        self.session.delete(user)

    def list(self) -> list[User]:
        return list(self.session.scalars(select(User).order_by(User.name)))
