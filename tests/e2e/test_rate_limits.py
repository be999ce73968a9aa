"""Rate limits through the test client on a real SQLite file: failed sign-ins per name and
address, per name, per address and for everyone; expensive documents, suggestions and API
writes per client; JSON under /api/v1 and the app's own page elsewhere, both with Retry-After.

Limits are lowered through the settings so each test needs only a few requests."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from phrasebook.config import ConfigError
from phrasebook.store import Store
from tests.support.accounts import PASSWORD, fill_store, sign_in
from tests.support.webapp import make_app


@pytest.fixture
def filled(make_store: Callable[..., Store]) -> tuple[Store, dict[str, str]]:
    store = make_store()
    return store, fill_store(store)


@pytest.fixture
def edit_store(filled: tuple[Store, dict[str, str]]) -> Store:
    return filled[0]


@pytest.fixture
def tokens(filled: tuple[Store, dict[str, str]]) -> dict[str, str]:
    return filled[1]


def client_at(app: Any, address: str) -> Any:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def limited_app(store: Store, **limits: str) -> Any:
    return make_app(store, env={**store.settings.env, **limits})


def test_one_address_trying_many_names_meets_the_address_limit(edit_store: Store) -> None:
    app = limited_app(edit_store, PHRASEBOOK_LIMIT_SIGNIN_ADDRESS="3 per 15 minutes")
    attacker = client_at(app, "10.0.0.66")
    for name in ("editor", "reviewer", "admin"):
        assert sign_in(attacker, name, "wrong-password").status_code == 401
    refused = sign_in(attacker, "viewer")  # a fourth name, even with its right password
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in refused.get_data(as_text=True)
    assert sign_in(client_at(app, "10.0.0.7"), "viewer").status_code == 302


def test_one_name_tried_from_many_addresses_meets_the_name_limit(edit_store: Store) -> None:
    app = limited_app(edit_store, PHRASEBOOK_LIMIT_SIGNIN_NAME="3 per 15 minutes")
    for last_octet in (1, 2, 3):
        guess = sign_in(client_at(app, f"10.0.1.{last_octet}"), "Editor", "wrong-password")
        assert guess.status_code == 401
    # The name is folded: "EDITOR" is the same account.
    assert sign_in(client_at(app, "10.0.1.4"), "EDITOR", "wrong").status_code == 429
    assert sign_in(client_at(app, "10.0.1.4"), "reviewer").status_code == 302


def test_failures_from_everyone_meet_the_global_limit(edit_store: Store) -> None:
    app = limited_app(edit_store, PHRASEBOOK_LIMIT_SIGNIN_ALL="4 per 15 minutes")
    for number in range(4):
        client = client_at(app, f"10.0.2.{number}")
        assert sign_in(client, f"name{number}", "wrong").status_code == 401
    assert sign_in(client_at(app, "10.0.2.99"), "admin").status_code == 429


def test_successful_sign_ins_do_not_count(edit_store: Store) -> None:
    app = limited_app(edit_store, PHRASEBOOK_LIMIT_SIGNIN_NAME_ADDRESS="2 per 15 minutes")
    client = client_at(app, "10.0.3.1")
    for _attempt in range(5):
        assert sign_in(client, "editor", PASSWORD).status_code == 302
    assert sign_in(client, "editor", "wrong").status_code == 401
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_a_limit_window_passes(edit_store: Store) -> None:
    app = limited_app(edit_store, PHRASEBOOK_LIMIT_SIGNIN_NAME_ADDRESS="1 per 1 second")
    client = client_at(app, "10.0.4.1")
    assert sign_in(client, "editor", "wrong").status_code == 401
    assert sign_in(client, "editor").status_code == 429
    time.sleep(1.2)  # the moving window: the one counted failure leaves it after a second
    assert sign_in(client, "editor").status_code == 302


def test_documents_are_limited_per_client_and_share_one_counter(edit_store: Store) -> None:
    app = limited_app(edit_store, PHRASEBOOK_LIMIT_DOCUMENTS="2 per minute")
    reader = client_at(app, "10.0.5.1")
    assert reader.get("/print.pdf?set=surrender&from=uk&to=ko").status_code == 200
    assert reader.get("/api/v1/export").status_code == 200
    refused_pdf = reader.get("/print.pdf?set=surrender&from=uk&to=ko")
    assert refused_pdf.status_code == 429
    assert refused_pdf.mimetype == "text/html"
    assert int(refused_pdf.headers["Retry-After"]) > 0
    assert 'class="site-header"' in refused_pdf.get_data(as_text=True)  # the app's layout
    refused_export = reader.get("/api/v1/export")
    assert refused_export.status_code == 429
    error = refused_export.get_json()["error"]
    assert error["status"] == 429 and "PHRASEBOOK_LIMIT_DOCUMENTS" in error["message"]
    assert int(refused_export.headers["Retry-After"]) > 0
    other = client_at(app, "10.0.5.2")
    assert other.get("/print.pdf?set=surrender&from=uk&to=ko").status_code == 200


def test_the_refusal_page_speaks_the_interface_language(edit_store: Store) -> None:
    app = limited_app(edit_store, PHRASEBOOK_LIMIT_DOCUMENTS="1 per minute")
    reader = client_at(app, "10.0.5.9")
    reader.set_cookie("ui_lang", "uk")
    reader.get("/print.pdf?set=surrender&from=uk&to=ko")
    refused = reader.get("/print.pdf?set=surrender&from=uk&to=ko")
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert 'lang="uk"' in page and "Too many" not in page


def test_api_writes_are_limited_per_token(edit_store: Store, tokens: dict[str, str]) -> None:
    app = limited_app(edit_store, PHRASEBOOK_LIMIT_API_WRITES="2 per minute")
    client = client_at(app, "10.0.6.1")

    def write(role: str, note: str) -> Any:
        return client.patch(
            "/api/v1/phrases/stop",
            json={"notes": note},
            headers={"Authorization": f"Bearer {tokens[role]}"},
        )

    assert write("editor", "one").status_code == 200
    assert write("editor", "two").status_code == 200
    refused = write("editor", "three")
    assert refused.status_code == 429 and refused.get_json()["error"]["status"] == 429
    # Another account from the same address has its own counter; reading is not a write.
    assert write("admin", "four").status_code == 200
    assert (
        client.get(
            "/api/v1/phrases/stop", headers={"Authorization": f"Bearer {tokens['editor']}"}
        ).status_code
        == 200
    )


def test_suggestions_are_limited(edit_store: Store) -> None:
    app = limited_app(edit_store, PHRASEBOOK_LIMIT_SUGGESTIONS="1 per minute")
    client = client_at(app, "10.0.7.1")
    first = client.get("/api/v1/suggestions?uid=stop&lang=en")
    assert first.status_code != 429
    assert client.get("/api/v1/suggestions?uid=stop&lang=en").status_code == 429


def test_limits_can_be_switched_off(edit_store: Store) -> None:
    app = limited_app(
        edit_store, PHRASEBOOK_RATELIMITS="0", PHRASEBOOK_LIMIT_DOCUMENTS="1 per minute"
    )
    client = client_at(app, "10.0.8.1")
    assert [client.get("/api/v1/export").status_code for _ in range(3)] == [200, 200, 200]


def test_a_limit_that_is_not_a_limit_stops_the_app_with_its_name(edit_store: Store) -> None:
    with pytest.raises(
        ConfigError, match="^PHRASEBOOK_LIMIT_DOCUMENTS: 'lots' is not a rate limit"
    ):
        limited_app(edit_store, PHRASEBOOK_LIMIT_DOCUMENTS="lots")


def test_a_storage_that_cannot_be_used_stops_the_app_with_its_name(edit_store: Store) -> None:
    with pytest.raises(ConfigError, match="PHRASEBOOK_RATELIMIT_STORAGE='nowhere://x'"):
        limited_app(edit_store, PHRASEBOOK_RATELIMIT_STORAGE="nowhere://x")


def _via_proxy(app: Any, visitor: str) -> Any:
    client = client_at(app, "127.0.0.1")  # the reverse proxy on this machine
    client.environ_base["HTTP_X_FORWARDED_FOR"] = visitor
    return client


@pytest.mark.parametrize(("trusted", "second_visitor"), [("0", 429), ("1", 302)])
def test_behind_a_trusted_proxy_each_visitor_has_their_own_address(
    edit_store: Store, trusted: str, second_visitor: int
) -> None:
    """Issue 37 item 6: without PHRASEBOOK_TRUSTED_PROXIES every visitor behind the proxy is
    the proxy's address, so one visitor's failures lock everyone out; with it, each counts."""
    app = limited_app(
        edit_store, PHRASEBOOK_LIMIT_SIGNIN_ADDRESS="3 per 15 minutes",
        PHRASEBOOK_TRUSTED_PROXIES=trusted,
    )  # fmt: skip
    attacker = _via_proxy(app, "198.51.100.66")
    for name in ("editor", "reviewer", "admin"):
        assert sign_in(attacker, name, "wrong-password").status_code == 401
    assert sign_in(attacker, "viewer").status_code == 429
    assert sign_in(_via_proxy(app, "198.51.100.7"), "viewer").status_code == second_visitor
    if trusted == "1":  # a forged first hop is the visitor's own: only the proxy's hop counts
        forged = _via_proxy(app, "203.0.113.1, 198.51.100.66")
        assert sign_in(forged, "viewer").status_code == 429
