"""Issue 17: hostile text on every door (API bodies, editor forms, import, URL parameters) on
SQLite and PostgreSQL — a 400 saying where and why, never a 500, and nothing written: the
store is compared row by row before and after."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from app import create_app
from phrasebook.store import Store
from tests.support.accounts import csrf_token, fill_store, sign_in
from tests.support.snapshot import store_snapshot

SURROGATE = "x\udfff"
HOSTILE = {
    "lone surrogate": SURROGATE,
    "NUL": "a\x00b",
    "escape": "a\x1bb",
    "C1 control": "a\x85b",
    "too long": "я" * 10_001,
}


@pytest.fixture
def hostile(
    make_store: Callable[..., Store], migrated_database_url: str
) -> tuple[Any, Store, dict[str, str]]:
    store = make_store(migrated_database_url)
    tokens = fill_store(store)
    app = create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": store.settings, "PHRASEBOOK_STORE": store}
    )
    return app.test_client(), store, tokens


def _json(value: Any) -> bytes:
    # ensure_ascii writes a lone surrogate as the escape \\udfff: valid JSON, as an attacker sends.
    return json.dumps(value).encode()


def _assert_refused(response: Any, *, json_body: bool = True) -> None:
    assert response.status_code == 400, (
        response.status_code,
        response.get_data(as_text=True)[:300],
    )
    if json_body:
        error = response.get_json()["error"]
        assert error["status"] == 400 and error["message"]


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_api_bodies_refuse_bad_text_and_write_nothing(hostile: Any, kind: str) -> None:
    client, store, tokens = hostile
    editor = {"Authorization": f"Bearer {tokens['editor']}", "Content-Type": "application/json"}
    value = HOSTILE[kind]
    before = store_snapshot(store)

    def document(**parts: Any) -> dict[str, Any]:
        return {"format": "phrasebook/1", "phrases": [], **parts}

    def phrase(**parts: Any) -> dict[str, Any]:
        return {"id": "p", "category": "c", "translations": {"en": {"text": "Hi"}}, **parts}

    texts, named = {"en": {"text": value}}, {"en": value}
    bodies = [
        ("patch", "/api/v1/phrases/stop", {"notes": value}),
        ("patch", "/api/v1/phrases/stop", {"notes": {"uk": value}}),
        ("patch", "/api/v1/phrases/stop", {"tags": [value]}),
        ("patch", "/api/v1/phrases/stop", {"translations": {"ru": {"text": value}}}),
        ("post", "/api/v1/phrases", phrase(id="new", translations={"uk": {"text": value}})),
        ("post", "/api/v1/import", document(sets=[{"id": "s", "names": named, "phrases": []}])),
        ("post", "/api/v1/import", document(categories=[{"id": "c", "names": {"en": value}}])),
        ("post", "/api/v1/import", document(phrases=[phrase(tags=[value])])),
        ("post", "/api/v1/import", document(phrases=[phrase(notes={"ko": value})])),
        ("post", "/api/v1/import?dry_run=1", document(phrases=[phrase(translations=texts)])),
    ]  # fmt: skip
    for method, url, body in bodies:
        response = getattr(client, method)(url, data=_json(body), headers=editor)
        _assert_refused(response)
        assert response.get_json()["error"]["location"], (url, body)
    assert store_snapshot(store) == before
    # The site stays up: the pages that broke for everyone after such an import still answer.
    for url in ("/", "/api/v1/export"):
        assert client.get(url).status_code == 200


def test_deeply_nested_json_is_a_400_on_every_json_route(hostile: Any) -> None:
    client, store, tokens = hostile
    editor = {"Authorization": f"Bearer {tokens['editor']}", "Content-Type": "application/json"}
    deep = b"[" * 1000 + b"]" * 1000
    before = store_snapshot(store)
    for method, url in (("patch", "/api/v1/phrases/stop"), ("post", "/api/v1/phrases"),
                        ("post", "/api/v1/import"), ("put", "/api/v1/sets/surrender/order"),
                        ("post", "/api/v1/sets/surrender/fill")):  # fmt: skip
        response = getattr(client, method)(url, data=deep, headers=editor)
        assert response.status_code == 400, (url, response.status_code)
        assert "nested" in response.get_json()["error"]["message"]
    assert store_snapshot(store) == before


@pytest.mark.parametrize(
    "url",
    ["/api/v1/phrases/%00", "/sets/%00", "/search?q=%00", "/api/v1/search?q=a%00",
     "/phrases/x%01y", "/categories/%7F", "/api/v1/phrases?set=%00", "/?reader=%00"],
)  # fmt: skip
def test_control_characters_in_url_parameters_are_a_400(hostile: Any, url: str) -> None:
    client, _store, _tokens = hostile
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code)
    if url.startswith("/api/"):
        assert response.get_json()["error"]["location"]


@pytest.mark.parametrize("kind", ["lone surrogate", "NUL", "too long"])
def test_editor_forms_refuse_bad_text(hostile: Any, kind: str) -> None:
    client, store, _tokens = hostile
    assert sign_in(client, "editor").status_code == 302
    value = HOSTILE[kind] if kind != "lone surrogate" else "a\x00"  # forms cannot carry one
    before = store_snapshot(store)
    token = csrf_token(client, "/edit/new")
    forms = [
        ("/edit/new", {"uid": "new", "category": "basics", "text_uk": value}),
        ("/edit/new", {"uid": "new", "category": "basics", "text_uk": "Так", "notes_en": value}),
        ("/edit/phrases/stop", {"category": "basics", "tags": value}),
        ("/edit/phrases/stop/ko", {"text": value, "revision": "1"}),
        ("/edit/phrases/stop/ko", {"text": "멈춰!", "revision": "1", "notes_uk": value}),
    ]
    for url, form in forms:
        response = client.post(url, data={"csrf_token": token, **form})
        assert response.status_code == 400, (url, response.status_code)
    assert store_snapshot(store) == before


def test_normalized_to_nfc_when_stored(hostile: Any) -> None:
    client, _store, tokens = hostile
    editor = {"Authorization": f"Bearer {tokens['editor']}"}
    response = client.patch(
        "/api/v1/phrases/stop", json={"translations": {"ru": {"text": "е\u0308ще"}}}, headers=editor
    )
    assert response.status_code == 200
    assert response.get_json()["translations"]["ru"]["text"] == "ёще"


def test_wrong_element_types_are_a_400(hostile: Any) -> None:
    """The reported 500s on wrong element types and absurd numbers."""
    client, store, tokens = hostile
    editor = {"Authorization": f"Bearer {tokens['editor']}"}
    before = store_snapshot(store)
    cases = [
        ("patch", "/api/v1/phrases/stop", {"sets": [{}]}),
        ("post", "/api/v1/phrases", {"id": "n", "category": "basics", "sets": [{}],
                                     "translations": {"uk": {"text": "Так"}}}),
        ("put", "/api/v1/sets/surrender/order", {"phrases": [{}]}),
        ("post", "/api/v1/sets/surrender/fill", [1]),
    ]  # fmt: skip
    for method, url, body in cases:
        response = getattr(client, method)(url, json=body, headers=editor)
        _assert_refused(response)
    _assert_refused(client.get("/api/v1/phrases?limit=" + "9" * 5000))
    _assert_refused(client.get("/api/v1/search?q=a&limit=" + "9" * 5000))
    assert store_snapshot(store) == before
