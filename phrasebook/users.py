"""People who use the web app: accounts, roles, password hashing and API tokens.

Passwords are hashed with scrypt (``hashlib.scrypt``, a memory-hard KDF) and a random salt per
password; the stored form names its parameters, so they can be raised later without breaking
old hashes. API tokens are random 256-bit strings shown once; only their SHA-256 is stored
(a token has full entropy, so a fast hash is enough to make a stolen database useless).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import Conflict, InvalidInput, NotFound
from .models import utcnow
from .user_records import Role as Role
from .user_records import User as User

if TYPE_CHECKING:
    from .uow import UnitOfWork


# --- passwords -------------------------------------------------------------------------------

SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSWORD_LENGTH = 8


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r, dklen=32
    )


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$hash`` with a 16-byte random salt."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(stored: str, password: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        computed = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(computed, base64.b64decode(digest))


@functools.cache
def _dummy_hash() -> str:
    """Checked when a name is unknown, so a wrong name costs as long as a wrong password."""
    return hash_password(secrets.token_hex(8))


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("password", f"too short: use at least {MIN_PASSWORD_LENGTH} characters")
    if not password.strip():
        raise InvalidInput("password", "whitespace only")


NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,99}")


def check_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name or ""):
        raise InvalidInput(
            "name", f"invalid user name {name!r}: use letters, digits, '.', '_', '@', '-'"
        )
    return name


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise InvalidInput("role", f"{value!r} is not one of: {choices}") from None


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- services --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """What the web app keeps about the person signed in (no password hash)."""

    id: int
    name: str
    role: Role
    session_key: str

    def may(self, needed: Role) -> bool:
        return self.role.allows(needed)

    @classmethod
    def of(cls, user: User) -> Account:
        return cls(id=user.id, name=user.name, role=user.role, session_key=user.session_key)


def _require_user(uow: UnitOfWork, name: str) -> User:
    user = uow.users.get(name)
    if user is None:
        raise NotFound(f"no user {name!r}")
    return user


def add_user(uow: UnitOfWork, *, name: str, password: str, role: str = "viewer") -> Account:
    check_name(name)
    chosen = parse_role(role)
    check_password_strength(password)
    with uow:
        if uow.users.get(name) is not None:
            raise Conflict(f"a user named {name!r} already exists")
        user = User(name=name, password_hash=hash_password(password), role=chosen)
        user.created_at = utcnow()
        uow.users.add(user)
        uow.commit()
        return Account.of(user)


def list_users(uow: UnitOfWork) -> list[Account]:
    with uow:
        return [Account.of(user) for user in uow.users.list()]


def set_password(uow: UnitOfWork, *, name: str, password: str) -> None:
    check_password_strength(password)
    with uow:
        user = _require_user(uow, name)
        user.password_hash = hash_password(password)
        uow.commit()


def end_sessions(uow: UnitOfWork, user_id: int) -> None:
    """Sign the account out everywhere: every cookie session made so far stops working."""
    with uow:
        user = uow.users.get_by_id(user_id)
        if user is None:
            return
        user.session_epoch = (user.session_epoch or 0) + 1
        uow.commit()


def set_role(uow: UnitOfWork, *, name: str, role: str) -> Account:
    chosen = parse_role(role)
    with uow:
        user = _require_user(uow, name)
        user.role = chosen
        uow.commit()
        return Account.of(user)


def remove_user(uow: UnitOfWork, *, name: str) -> None:
    with uow:
        uow.users.delete(_require_user(uow, name))
        uow.commit()


def issue_token(uow: UnitOfWork, *, name: str) -> str:
    """A new API token for ``name`` (replacing any earlier one); shown to the caller once."""
    token = "pbk_" + secrets.token_urlsafe(32)
    with uow:
        user = _require_user(uow, name)
        user.token_hash = _token_digest(token)
        uow.commit()
    return token


def authenticate(uow: UnitOfWork, *, name: str, password: str) -> Account | None:
    """The account when name and password match, else None (same work either way)."""
    with uow:
        user = uow.users.get(name)
        if user is None:
            verify_password(_dummy_hash(), password)
            return None
        if not verify_password(user.password_hash, password):
            return None
        return Account.of(user)


def account_for_token(uow: UnitOfWork, token: str) -> Account | None:
    if not token.startswith("pbk_"):
        return None
    with uow:
        user = uow.users.get_by_token_hash(_token_digest(token))
        return Account.of(user) if user is not None else None


def account_by_id(uow: UnitOfWork, user_id: int) -> Account | None:
    with uow:
        user = uow.users.get_by_id(user_id)
        return Account.of(user) if user is not None else None
