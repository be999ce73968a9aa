"""Accounts: password hashing, roles, tokens and the user services on an in-memory store."""

from __future__ import annotations

import pytest

from phrasebook import users
from phrasebook.errors import Conflict, InvalidInput, NotFound
from phrasebook.users import Role
from tests.fakes import FakeUnitOfWork


def test_password_hash_is_salted_scrypt_and_verifies() -> None:
    first = users.hash_password("correct horse")
    second = users.hash_password("correct horse")
    assert first.startswith("scrypt$32768$8$1$")
    assert first != second  # a fresh salt each time
    assert "correct horse" not in first
    assert users.verify_password(first, "correct horse")
    assert not users.verify_password(first, "correct hors")
    assert not users.verify_password("garbage", "correct horse")
    assert not users.verify_password("pbkdf2$1$2$3$AA==$AA==", "correct horse")


def test_roles_are_ordered() -> None:
    assert Role.ADMIN.allows(Role.REVIEWER)
    assert Role.REVIEWER.allows(Role.EDITOR)
    assert Role.EDITOR.allows(Role.VIEWER)
    assert not Role.EDITOR.allows(Role.REVIEWER)
    assert not Role.VIEWER.allows(Role.EDITOR)


def test_add_user_and_authenticate() -> None:
    uow = FakeUnitOfWork()
    account = users.add_user(uow, name="olena", password="s3cret-pass", role="editor")
    assert uow.committed
    assert account.role is Role.EDITOR
    assert users.authenticate(uow, name="olena", password="s3cret-pass") == account
    assert users.authenticate(uow, name="olena", password="wrong-pass") is None
    assert users.authenticate(uow, name="nobody", password="s3cret-pass") is None


def test_add_user_refuses_bad_input() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(InvalidInput, match="too short"):
        users.add_user(uow, name="olena", password="short")
    with pytest.raises(InvalidInput, match="invalid user name"):
        users.add_user(uow, name="<script>", password="long-enough")
    with pytest.raises(InvalidInput, match="not one of"):
        users.add_user(uow, name="olena", password="long-enough", role="king")
    users.add_user(uow, name="olena", password="long-enough")
    with pytest.raises(Conflict, match="already exists"):
        users.add_user(uow, name="olena", password="long-enough")


def test_password_change_changes_the_session_key() -> None:
    uow = FakeUnitOfWork()
    before = users.add_user(uow, name="olena", password="first-password")
    users.set_password(uow, name="olena", password="second-password")
    after = users.authenticate(uow, name="olena", password="second-password")
    assert after is not None and after.session_key != before.session_key
    assert users.authenticate(uow, name="olena", password="first-password") is None


def test_tokens_are_stored_hashed_and_replaced() -> None:
    uow = FakeUnitOfWork()
    users.add_user(uow, name="bot", password="long-enough", role="editor")
    token = users.issue_token(uow, name="bot")
    stored = uow.users.get("bot")
    assert stored is not None and stored.token_hash is not None
    assert token not in stored.token_hash
    account = users.account_for_token(uow, token)
    assert account is not None and account.name == "bot"
    newer = users.issue_token(uow, name="bot")
    assert users.account_for_token(uow, token) is None
    assert users.account_for_token(uow, newer) is not None
    assert users.account_for_token(uow, "not-a-token") is None


def test_role_change_and_removal() -> None:
    uow = FakeUnitOfWork()
    users.add_user(uow, name="olena", password="long-enough")
    assert users.set_role(uow, name="olena", role="reviewer").role is Role.REVIEWER
    users.remove_user(uow, name="olena")
    assert users.list_users(uow) == []
    with pytest.raises(NotFound):
        users.remove_user(uow, name="olena")
