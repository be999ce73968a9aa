"""The JSON API through the Flask test client, on a real SQLite file: every route, every
error status, roles, tokens, CSRF for cookie sessions, and the OpenAPI description."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from app import create_app
from phrasebook.store import Store
from tests.support.accounts import fill_store, sign_in
from tests.support.snapshot import store_snapshot

IMPORT_LIMIT = 4000


@pytest.fixture
def api_store(make_store: Callable[..., Store]) -> tuple[Store, dict[str, str]]:
    store = make_store(import_max_bytes=IMPORT_LIMIT)
    return store, fill_store(store)


@pytest.fixture
def api_app(api_store: tuple[Store, dict[str, str]]) -> Any:
    store, _tokens = api_store
    return create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": store.settings, "PHRASEBOOK_STORE": store}
    )


@pytest.fixture
def api(api_app: Any) -> Any:
    return api_app.test_client()


@pytest.fixture
def tokens(api_store: tuple[Store, dict[str, str]]) -> dict[str, str]:
    return api_store[1]


def auth(tokens: dict[str, str], role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens[role]}"}


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.is_json
    body = response.get_json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return dict(body["error"])


# --- reading ---------------------------------------------------------------------------------


def test_list_and_filter_phrases(api: Any, tokens: dict[str, str]) -> None:
    everything = api.get("/api/v1/phrases").get_json()
    assert everything["total"] == 3
    assert [p["id"] for p in everything["phrases"]] == ["stop", "thanks", "water"]
    first = everything["phrases"][0]
    assert first["translations"]["ko"]["text"] == "멈춰"
    assert first["translations"]["ko"]["status"] == "draft"
    assert first["translations"]["ko"]["revision"] == 1

    paged = api.get("/api/v1/phrases?limit=1&offset=1").get_json()
    assert (paged["total"], [p["id"] for p in paged["phrases"]]) == (3, ["thanks"])
    only_ko = api.get("/api/v1/phrases?lang=ko").get_json()["phrases"][0]
    assert set(only_ko["translations"]) == {"ko"}
    assert api.get("/api/v1/phrases?set=surrender&category=basics").get_json()["total"] == 3
    assert api.get("/api/v1/phrases?category=food").get_json()["total"] == 0

    api.post(
        "/api/v1/phrases/thanks/translations/ko/review",
        json={"revision": 1},
        headers=auth(tokens, "reviewer"),
    )
    reviewed = api.get("/api/v1/phrases?status=reviewed").get_json()
    assert [p["id"] for p in reviewed["phrases"]] == ["thanks"]


def test_bad_filters_are_400_with_location(api: Any) -> None:
    assert error_of(api.get("/api/v1/phrases?status=done"), 400)["location"] == "?status"
    assert error_of(api.get("/api/v1/phrases?lang=xx"), 400)["location"] == "?lang"
    assert error_of(api.get("/api/v1/phrases?limit=lots"), 400)["location"] == "?limit"
    assert error_of(api.get("/api/v1/phrases?limit=100000"), 400)["location"] == "?limit"
    assert "no phrase set" in error_of(api.get("/api/v1/phrases?set=nope"), 404)["message"]


def test_get_phrase_and_404(api: Any) -> None:
    phrase = api.get("/api/v1/phrases/water").get_json()
    assert phrase["id"] == "water" and phrase["sets"] == ["surrender"]
    assert phrase["translations"]["uk"]["text"] == "Вода"
    assert "no phrase 'nope'" in error_of(api.get("/api/v1/phrases/nope"), 404)["message"]
    assert error_of(api.get("/api/v1/no-such-route"), 404)


def test_sets(api: Any) -> None:
    sets = api.get("/api/v1/sets").get_json()["sets"]
    assert [s["id"] for s in sets] == ["surrender", "medical"]
    assert sets[0]["phrases"] == ["stop", "thanks", "water"]
    one = api.get("/api/v1/sets/surrender?lang=uk").get_json()
    assert [p["translations"]["uk"]["text"] for p in one["phrases"]] == ["Стій", "Дякую", "Вода"]
    assert error_of(api.get("/api/v1/sets/nope"), 404)


# --- changing --------------------------------------------------------------------------------


NEW_PHRASE = {
    "id": "hands-up",
    "category": "surrender",
    "register": "command",
    "tags": ["army"],
    "translations": {"ko": {"text": "손 들어"}, "uk": {"text": "Руки вгору"}},
    "sets": ["surrender"],
}


def test_create_needs_an_editor(api: Any, tokens: dict[str, str]) -> None:
    assert "sign in" in error_of(api.post("/api/v1/phrases", json=NEW_PHRASE), 401)["message"]
    bad_token = {"Authorization": "Bearer pbk_not-a-real-token"}
    assert error_of(api.post("/api/v1/phrases", json=NEW_PHRASE, headers=bad_token), 401)
    viewer = api.post("/api/v1/phrases", json=NEW_PHRASE, headers=auth(tokens, "viewer"))
    assert error_of(viewer, 403)
    created = api.post("/api/v1/phrases", json=NEW_PHRASE, headers=auth(tokens, "editor"))
    assert created.status_code == 201
    assert created.headers["Location"].endswith("/api/v1/phrases/hands-up")
    body = created.get_json()
    assert body["register"] == "command" and body["tags"] == ["army"]
    assert body["translations"]["ko"]["provenance"] == {"kind": "person", "name": "editor"}
    assert api.get("/api/v1/sets/surrender").get_json()["phrases"][-1]["id"] == "hands-up"
    again = api.post("/api/v1/phrases", json=NEW_PHRASE, headers=auth(tokens, "editor"))
    assert "already exists" in error_of(again, 409)["message"]


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({**NEW_PHRASE, "translations": {"ko": {"text": "  "}}}, "/translations/ko/text"),
        ({**NEW_PHRASE, "translations": {"ko": {"text": 5}}}, "/translations/ko/text"),
        ({**NEW_PHRASE, "translations": {"xx": {"text": "a"}}}, "/translations/xx"),
        ({**NEW_PHRASE, "translations": {}}, "/translations"),
        ({**NEW_PHRASE, "id": "Bad Id"}, "/id"),
        ({**NEW_PHRASE, "category": 7}, "/category"),
        ({**NEW_PHRASE, "register": "rude"}, "/register"),
    ],
)
def test_create_bad_body_names_the_place(
    api: Any, tokens: dict[str, str], body: dict[str, Any], location: str
) -> None:
    response = api.post("/api/v1/phrases", json=body, headers=auth(tokens, "editor"))
    assert error_of(response, 400)["location"] == location
    assert api.get("/api/v1/phrases/hands-up").status_code == 404


def test_malformed_json_is_400(api: Any, tokens: dict[str, str]) -> None:
    response = api.post(
        "/api/v1/phrases",
        data=b"{not json",
        headers=auth(tokens, "editor"),
        content_type="application/json",
    )
    error = error_of(response, 400)
    assert error["location"] == "/" and "malformed JSON" in error["message"]
    listed = api.post("/api/v1/phrases", json=[1], headers=auth(tokens, "editor"))
    assert "expected a JSON object" in error_of(listed, 400)["message"]


def test_refused_patch_leaves_the_store_byte_identical(
    api: Any, tokens: dict[str, str], api_store: tuple[Store, dict[str, str]]
) -> None:
    """The reported case: new notes, new sets and one stale translation answer 409 and write
    nothing at all (not the notes, not the set membership)."""
    store, _tokens = api_store
    editor = auth(tokens, "editor")
    created = api.post(
        "/api/v1/phrases",
        json={"id": "only-en", "category": "basics", "translations": {"en": {"text": "Hello"}}},
        headers=editor,
    )
    assert created.status_code == 201
    export_before = api.get("/api/v1/export").get_data()
    before = store_snapshot(store)
    body = {
        "notes": "X",
        "sets": ["medical"],
        "translations": {
            "en": {"text": "Hello!", "revision": 1},
            "ko": {"text": "안녕하세요", "revision": 5},
        },
    }
    error = error_of(api.patch("/api/v1/phrases/only-en", json=body, headers=editor), 409)
    assert error["location"] == "/translations/ko/revision"
    assert api.get("/api/v1/export").get_data() == export_before
    assert store_snapshot(store) == before


def test_regional_variants_are_edited_through_the_api(api: Any, tokens: dict[str, str]) -> None:
    editor = auth(tokens, "editor")
    added = api.patch(
        "/api/v1/phrases/stop",
        json={"translations": {"ko-KP": {"text": "서라!"}}},
        headers=editor,
    )
    assert added.status_code == 200, added.get_data(as_text=True)
    assert added.get_json()["translations"]["ko-KP"]["text"] == "서라!"
    changed = api.patch(
        "/api/v1/phrases/stop",
        json={"translations": {"ko-KP": {"text": "서라!!", "revision": 1}}},
        headers=editor,
    )
    assert changed.get_json()["translations"]["ko-KP"]["revision"] == 2
    unconfigured = api.patch(
        "/api/v1/phrases/stop", json={"translations": {"ja": {"text": "止まれ"}}}, headers=editor
    )
    assert error_of(unconfigured, 400)["location"] == "/translations/ja"


def test_notes_by_language(api: Any, tokens: dict[str, str]) -> None:
    """A string is the English note; an object sets the languages it names ("" removes one);
    the answer writes English-only notes as a string, others as an object (docs/format.md)."""
    editor = auth(tokens, "editor")
    url = "/api/v1/phrases/stop"
    both = api.patch(url, json={"notes": {"en": "shout", "uk": "кричіть"}}, headers=editor)
    assert both.status_code == 200 and both.get_json()["notes"] == {"en": "shout", "uk": "кричіть"}
    english = api.patch(url, json={"notes": "shout it"}, headers=editor)
    assert english.get_json()["notes"] == {"en": "shout it", "uk": "кричіть"}
    removed = api.patch(url, json={"notes": {"uk": ""}}, headers=editor)
    assert removed.get_json()["notes"] == "shout it"
    translation = api.patch(
        url,
        json={"translations": {"ko": {"text": "서!", "revision": 1, "notes": {"ru": "приказ"}}}},
        headers=editor,
    )
    assert translation.get_json()["translations"]["ko"]["notes"] == {"ru": "приказ"}
    for bad, where in (
        ({"notes": ["x"]}, "/notes"),
        ({"notes": {"xx-invalid-": "x"}}, "/notes/xx-invalid-"),
        ({"notes": {"uk": 5}}, "/notes/uk"),
    ):
        assert error_of(api.patch(url, json=bad, headers=editor), 400)["location"] == where
    assert api.get(url).get_json()["notes"] == "shout it"


def test_update_with_revision_check(api: Any, tokens: dict[str, str]) -> None:
    editor = auth(tokens, "editor")
    missing = api.patch(
        "/api/v1/phrases/stop", json={"translations": {"ko": {"text": "서"}}}, headers=editor
    )
    assert error_of(missing, 400)["location"] == "/translations/ko/revision"
    updated = api.patch(
        "/api/v1/phrases/stop",
        json={"notes": "shout", "translations": {"ko": {"text": "서!", "revision": 1}}},
        headers=editor,
    )
    assert updated.status_code == 200
    body = updated.get_json()
    assert body["notes"] == "shout"
    assert body["translations"]["ko"]["text"] == "서!"
    assert body["translations"]["ko"]["revision"] == 2

    stale = api.patch(
        "/api/v1/phrases/stop",
        json={"notes": "lost?", "translations": {"ko": {"text": "멈춰라", "revision": 1}}},
        headers=editor,
    )
    error = error_of(stale, 409)
    assert error["location"] == "/translations/ko/revision"
    assert error["current"] == {"revision": 2, "text": "서!"}
    unknown_set = api.patch(
        "/api/v1/phrases/stop", json={"notes": "lost?", "sets": ["nope"]}, headers=editor
    )
    assert error_of(unknown_set, 400)["location"] == "/sets/0"
    empty = api.patch(
        "/api/v1/phrases/stop",
        json={"notes": "lost?", "translations": {"ko": {"text": " ", "revision": 2}}},
        headers=editor,
    )
    assert error_of(empty, 400)["location"] == "/translations/ko/text"
    after = api.get("/api/v1/phrases/stop").get_json()
    assert after["notes"] == "shout"  # the refused requests wrote nothing at all
    assert after["translations"]["ko"]["text"] == "서!"

    added = api.patch(
        "/api/v1/phrases/stop", json={"translations": {"en": {"text": "Stop!"}}}, headers=editor
    )
    assert added.get_json()["translations"]["en"]["revision"] == 1
    assert error_of(api.patch("/api/v1/phrases/nope", json={}, headers=editor), 404)


def test_editing_reviewed_text_sends_it_back_and_only_reviewers_review(
    api: Any, tokens: dict[str, str]
) -> None:
    as_editor = api.post(
        "/api/v1/phrases/water/translations/ko/review",
        json={"revision": 1},
        headers=auth(tokens, "editor"),
    )
    assert error_of(as_editor, 403)
    reviewed = api.post(
        "/api/v1/phrases/water/translations/ko/review",
        json={"revision": 1},
        headers=auth(tokens, "reviewer"),
    )
    assert reviewed.get_json()["translations"]["ko"]["status"] == "reviewed"
    edited = api.patch(
        "/api/v1/phrases/water",
        json={"translations": {"ko": {"text": "물 주세요", "revision": 2}}},
        headers=auth(tokens, "editor"),
    )
    assert edited.get_json()["translations"]["ko"]["status"] == "draft"
    self_review = api.patch(
        "/api/v1/phrases/water",
        json={"translations": {"ko": {"text": "물", "revision": 3, "status": "reviewed"}}},
        headers=auth(tokens, "admin"),
    )
    assert error_of(self_review, 400)["location"] == "/translations/ko/status"
    stale_review = api.post(
        "/api/v1/phrases/water/translations/ko/review",
        json={"revision": 1},
        headers=auth(tokens, "reviewer"),
    )
    assert error_of(stale_review, 409)["current"]["revision"] == 3


def test_machine_text_keeps_its_provenance(api: Any, tokens: dict[str, str]) -> None:
    provenance = {"kind": "mt", "engine": "argos", "model": "uk_en", "version": "1.9"}
    saved = api.patch(
        "/api/v1/phrases/water",
        json={
            "translations": {"en": {"text": "Water", "status": "machine", "provenance": provenance}}
        },
        headers=auth(tokens, "editor"),
    )
    translation = saved.get_json()["translations"]["en"]
    assert (translation["status"], translation["provenance"]) == ("machine", provenance)
    bad = api.patch(
        "/api/v1/phrases/water",
        json={
            "translations": {
                "ru": {
                    "text": "Вода",
                    "status": "machine",
                    "provenance": {"kind": "mt", "engine": "x"},
                }
            }
        },
        headers=auth(tokens, "editor"),
    )
    assert error_of(bad, 400)["location"] == "/translations/ru/provenance/model"


def test_delete_phrase(api: Any, tokens: dict[str, str]) -> None:
    assert error_of(api.delete("/api/v1/phrases/water", headers=auth(tokens, "viewer")), 403)
    assert api.delete("/api/v1/phrases/water", headers=auth(tokens, "editor")).status_code == 204
    assert error_of(api.get("/api/v1/phrases/water"), 404)
    assert error_of(api.delete("/api/v1/phrases/water", headers=auth(tokens, "editor")), 404)
    assert api.get("/api/v1/sets/surrender").get_json()["phrases"][-1]["id"] == "thanks"


def test_reorder_set(api: Any, tokens: dict[str, str]) -> None:
    editor = auth(tokens, "editor")
    order = {"phrases": ["water", "stop", "thanks"]}
    reordered = api.put("/api/v1/sets/surrender/order", json=order, headers=editor)
    assert [p["id"] for p in reordered.get_json()["phrases"]] == order["phrases"]
    short = api.put("/api/v1/sets/surrender/order", json={"phrases": ["water"]}, headers=editor)
    assert error_of(short, 400)["location"] == "/phrases"
    assert error_of(api.put("/api/v1/sets/nope/order", json=order, headers=editor), 404)
    assert error_of(api.put("/api/v1/sets/surrender/order", json=order), 401)


# --- export and import -----------------------------------------------------------------------


def test_export_is_phrasebook_1(api: Any) -> None:
    everything = api.get("/api/v1/export")
    assert everything.mimetype == "application/json"
    document = everything.get_json()
    assert document["format"] == "phrasebook/1"
    assert [p["id"] for p in document["phrases"]] == ["stop", "thanks", "water"]
    one_set = api.get("/api/v1/export?set=medical&lang=ko").get_json()
    assert [s["id"] for s in one_set["sets"]] == ["medical"] and one_set["phrases"] == []
    assert error_of(api.get("/api/v1/export?set=nope"), 404)


def _document(text: str) -> dict[str, Any]:
    return {
        "format": "phrasebook/1",
        "phrases": [
            {"id": "stop", "category": "basics", "translations": {"ko": {"text": text}}},
            {"id": "bread", "category": "food", "translations": {"uk": {"text": "Хліб"}}},
        ],
    }


def test_import_dry_run_then_apply(api: Any, tokens: dict[str, str]) -> None:
    editor = auth(tokens, "editor")
    body = json.dumps(_document("정지"), ensure_ascii=False).encode()
    preview = api.post("/api/v1/import?dry_run=1", data=body, headers=editor)
    report = preview.get_json()
    assert report["dry_run"] is True
    assert report["counts"]["phrase"] == {"added": 1, "unchanged": 1}
    assert "~ stop/ko: 멈춰 → 정지" in report["changes"]
    assert error_of(api.get("/api/v1/phrases/bread"), 404)

    applied = api.post("/api/v1/import", data=body, headers=editor).get_json()
    assert applied["dry_run"] is False
    assert api.get("/api/v1/phrases/bread").status_code == 200
    stop = api.get("/api/v1/phrases/stop").get_json()["translations"]["ko"]
    assert (stop["text"], stop["revision"]) == ("정지", 2)
    assert error_of(api.post("/api/v1/import", data=body), 401)


def test_a_mistyped_dry_run_is_refused_not_applied(api: Any, tokens: dict[str, str]) -> None:
    """Found by the fuzzer: ?dry_run=ture used to apply the file for real."""
    editor = auth(tokens, "editor")
    body = json.dumps(_document("정지"), ensure_ascii=False).encode()
    for word in ("ture", "2", "on", "󸺻c"):
        refused = api.post("/api/v1/import", query_string={"dry_run": word}, data=body,
                           headers=editor)  # fmt: skip
        assert error_of(refused, 400)["location"] == "?dry_run"
    assert error_of(api.get("/api/v1/phrases/bread"), 404)  # nothing was imported
    preview = api.post("/api/v1/import?dry_run=TRUE", data=body, headers=editor).get_json()
    assert preview["dry_run"] is True
    assert (
        api.post("/api/v1/import?dry_run=no", data=body, headers=editor).get_json()["dry_run"]
        is False
    )


def test_import_errors(api: Any, tokens: dict[str, str]) -> None:
    editor = auth(tokens, "editor")
    broken = _document("정지")
    broken["phrases"][1]["translations"]["uk"]["text"] = 5
    response = api.post("/api/v1/import", data=json.dumps(broken), headers=editor)
    assert error_of(response, 400)["location"] == "/phrases/1/translations/uk/text"
    assert error_of(api.get("/api/v1/phrases/bread"), 404)  # all or nothing

    just_over = b" " * (IMPORT_LIMIT + 1)
    assert error_of(api.post("/api/v1/import", data=just_over, headers=editor), 413)
    far_over = b" " * (IMPORT_LIMIT + 70_000)
    error = error_of(api.post("/api/v1/import", data=far_over, headers=editor), 413)
    assert error["message"] == (
        f"request body larger than the import limit of {IMPORT_LIMIT:,} bytes "
        "(PHRASEBOOK_IMPORT_MAX_BYTES)"
    )  # the limit as configured, not the form allowance added to it
    assert error_of(api.post("/api/v1/import", data=just_over, headers=editor), 413)[
        "message"
    ].endswith(f"import limit of {IMPORT_LIMIT:,} bytes (PHRASEBOOK_IMPORT_MAX_BYTES)")


# --- cookie sessions and CSRF ----------------------------------------------------------------


def test_cookie_session_needs_the_csrf_header(api: Any) -> None:
    assert sign_in(api, "editor").status_code == 302
    without = api.post("/api/v1/phrases", json=NEW_PHRASE)
    error = error_of(without, 400)
    assert error["location"] == "X-CSRFToken" and "CSRF" in error["message"]
    assert error_of(api.get("/api/v1/phrases/hands-up"), 404)
    page = api.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    with_header = api.post("/api/v1/phrases", json=NEW_PHRASE, headers={"X-CSRFToken": token})
    assert with_header.status_code == 201


def test_reading_can_require_login(api_store: tuple[Store, dict[str, str]]) -> None:
    store, tokens = api_store
    closed = create_app(
        {
            "TESTING": True,
            "PHRASEBOOK_SETTINGS": store.settings.with_changes(
                env={"PHRASEBOOK_REQUIRE_LOGIN": "1"}
            ),
            "PHRASEBOOK_STORE": store,
        }
    ).test_client()
    assert error_of(closed.get("/api/v1/phrases"), 401)
    assert closed.get("/api/v1/phrases", headers=auth(tokens, "viewer")).status_code == 200


# --- the OpenAPI description -----------------------------------------------------------------


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.removeprefix("/api/v1"))


def test_openapi_describes_exactly_the_routes(api: Any, api_app: Any) -> None:
    description = api.get("/api/v1/openapi.json").get_json()
    assert description["openapi"].startswith("3.1")
    assert description["servers"] == [{"url": "/api/v1"}]
    described = {
        (path, method.upper())
        for path, operations in description["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }
    routed = {
        (_openapi_path(rule.rule), method)
        for rule in api_app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert described == routed
    for path, operations in description["paths"].items():
        for operation in operations.values():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == set(re.findall(r"{(\w+)}", path)), (path, declared)


def test_answer_panels_are_set_removed_and_refused_through_the_api(
    api: Any, tokens: dict[str, str], api_store: tuple[Store, dict[str, str]]
) -> None:
    store, _tokens = api_store
    editor = auth(tokens, "editor")
    for new_id, text in [("q.wounded", "Are you wounded?"), ("answers.yes", "Yes."),
                         ("answers.no", "No.")]:  # fmt: skip
        body = {"id": new_id, "category": "basics", "translations": {"en": {"text": text}}}
        assert api.post("/api/v1/phrases", json=body, headers=editor).status_code == 201
    uid = "q.wounded"
    panel = {"kind": "choice", "options": ["answers.yes", "answers.no"]}
    done = api.patch(f"/api/v1/phrases/{uid}", json={"answers": panel}, headers=editor)
    assert done.status_code == 200 and done.get_json()["answers"] == panel
    before = store_snapshot(store)
    for body, location in [
        ({"notes": "X", "answers": {"kind": "choice", "options": ["answers.yes", "nope"]}},
         "/answers/options/1"),
        ({"answers": {"kind": "faces"}}, "/answers/kind"),
        ({"answers": "yes-no"}, "/answers"),
        ({"answers": {"kind": "scale", "low": "answers.yes"}}, "/answers"),
    ]:  # fmt: skip
        error = error_of(api.patch(f"/api/v1/phrases/{uid}", json=body, headers=editor), 400)
        assert error["location"] == location, body
    assert store_snapshot(store) == before  # nothing of a refused PATCH is written
    removed = api.patch(f"/api/v1/phrases/{uid}", json={"answers": None}, headers=editor)
    assert removed.status_code == 200 and "answers" not in removed.get_json()
    reader = api.patch(f"/api/v1/phrases/{uid}", json={"answers": panel})
    assert reader.status_code in (401, 403)
