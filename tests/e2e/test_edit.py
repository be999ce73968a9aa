"""Editing, reviewing, accounts and security in the web app through the Flask test client,
on a real SQLite file, with CSRF protection on as in production."""

from __future__ import annotations

import io
import json
import os
import stat
import time
from collections.abc import Callable
from typing import Any

import pytest

from phrasebook.store import Store
from tests.support.accounts import PASSWORD, csrf_token, fill_store, sign_in
from tests.support.snapshot import store_snapshot
from tests.support.webapp import make_app

XSS = '<script>alert("x")</script>'


@pytest.fixture
def edit_store(make_store: Callable[..., Store]) -> Store:
    store = make_store()
    fill_store(store)
    return store


@pytest.fixture
def web(edit_store: Store) -> Any:
    return make_app(edit_store).test_client()


def signed_in(web: Any, name: str) -> Any:
    response = sign_in(web, name)
    assert response.status_code == 302, response.get_data(as_text=True)
    return web


def form_token(web: Any, path: str) -> str:
    return csrf_token(web, path)


# --- accounts and security -------------------------------------------------------------------


def test_sign_in_and_out(web: Any) -> None:
    wrong = sign_in(web, "editor", "not-the-password")
    assert wrong.status_code == 401
    assert "Wrong name or password" in wrong.get_data(as_text=True)
    assert web.get("/edit/").status_code == 302  # to the sign-in page
    ok = sign_in(web, "editor")
    assert ok.status_code == 302 and ok.headers["Location"] == "/"
    assert web.get("/edit/").status_code == 200
    token = form_token(web, "/edit/")
    assert web.post("/logout", data={"csrf_token": token}).status_code == 302
    assert web.get("/edit/").status_code == 302


def test_signing_out_revokes_a_copied_session_cookie(edit_store: Store) -> None:
    """Issue 17: a cookie copied before sign-out does not work after it."""
    app = make_app(edit_store)
    first = app.test_client()
    assert sign_in(first, "editor").status_code == 302
    cookie = first.get_cookie("session")
    assert cookie is not None
    copy = app.test_client()
    copy.set_cookie("session", cookie.value)
    assert copy.get("/edit/").status_code == 200  # the copy works while the session lives
    token = form_token(first, "/edit/")
    assert first.post("/logout", data={"csrf_token": token}).status_code == 302
    assert copy.get("/edit/").status_code == 302  # back to the sign-in page
    assert sign_in(first, "editor").status_code == 302  # signing in again works
    assert first.get("/edit/").status_code == 200


def test_sign_in_redirects_only_within_the_site(web: Any) -> None:
    def next_after(target: str) -> str:
        response = web.post(
            "/login",
            data={
                "name": "editor",
                "password": PASSWORD,
                "next": target,
                "csrf_token": csrf_token(web),
            },
        )
        return str(response.headers["Location"])

    assert next_after("/edit/phrases/stop") == "/edit/phrases/stop"
    assert next_after("https://evil.example/") == "/"
    assert next_after("//evil.example/") == "/"
    assert next_after("/\\evil.example/") == "/"


def test_forms_need_the_csrf_token(web: Any) -> None:
    no_token = web.post("/login", data={"name": "editor", "password": PASSWORD})
    assert no_token.status_code == 400
    signed_in(web, "editor")
    forged = web.post("/edit/phrases/stop/ko", data={"text": "forged", "revision": "1"})
    assert forged.status_code == 400
    assert "멈춰" in web.get("/edit/phrases/stop/ko").get_data(as_text=True)
    assert web.post("/logout").status_code == 400


def test_failed_sign_ins_are_rate_limited(web: Any) -> None:
    for _attempt in range(5):
        assert sign_in(web, "editor", "wrong-password").status_code == 401
    blocked = sign_in(web, "editor")  # even the right password waits now
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in blocked.get_data(as_text=True)
    assert sign_in(web, "reviewer").status_code == 302  # another account is not blocked


def test_secret_key_file_is_made_once_with_mode_0600(edit_store: Store) -> None:
    path = edit_store.settings.data_dir / "secret_key"
    first = make_app(edit_store)
    assert path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert make_app(edit_store).secret_key == first.secret_key == path.read_text().strip()
    path.unlink()
    configured = make_app(edit_store, SECRET_KEY="from-config-" + "x" * 32)
    assert configured.secret_key.startswith("from-config-")
    assert not path.exists()


def test_session_cookie_flags(edit_store: Store) -> None:
    plain = make_app(edit_store).test_client()
    cookie = sign_in(plain, "editor").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    secure = make_app(edit_store, env={"PHRASEBOOK_SECURE_COOKIES": "1"}).test_client()
    assert "Secure" in sign_in(secure, "editor").headers["Set-Cookie"]


def test_reading_open_or_behind_sign_in(edit_store: Store) -> None:
    open_app = make_app(edit_store).test_client()
    assert open_app.get("/").status_code == 200
    closed = make_app(edit_store, env={"PHRASEBOOK_REQUIRE_LOGIN": "1"}).test_client()
    response = closed.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert closed.get("/login").status_code == 200
    signed_in(closed, "viewer")
    assert closed.get("/").status_code == 200


def test_password_change_ends_old_sessions(edit_store: Store, web: Any) -> None:
    from phrasebook.users import set_password

    signed_in(web, "editor")
    assert web.get("/edit/").status_code == 200
    set_password(edit_store.uow(), name="editor", password="brand-new-pw")
    assert web.get("/edit/").status_code == 302


def test_roles_are_enforced(web: Any) -> None:
    signed_in(web, "viewer")
    assert web.get("/edit/").status_code == 403
    assert web.get("/edit/phrases/stop/ko").status_code == 403


# --- editing ---------------------------------------------------------------------------------


def test_create_phrase_and_xss_is_text(web: Any) -> None:
    signed_in(web, "editor")
    token = form_token(web, "/edit/new")
    created = web.post(
        "/edit/new",
        data={
            "csrf_token": token,
            "uid": "xss",
            "category": "basics",
            "register": "polite",
            "tags": "a, b",
            "notes_en": XSS,
            "notes_uk": XSS,
            "text_ko": XSS,
            "text_uk": "Привіт",
            "sets": ["medical"],
        },
    )
    assert created.status_code == 302 and created.headers["Location"] == "/edit/phrases/xss"
    for path in ("/edit/phrases/xss", "/edit/", "/edit/phrases/xss/ko", "/edit/sets/medical"):
        page = web.get(path).get_data(as_text=True)
        assert XSS not in page, path
        assert "&lt;script&gt;alert(" in page, path
    bad = web.post(
        "/edit/new",
        data={"csrf_token": token, "uid": "Bad Id", "category": "basics", "text_ko": "x"},
    )
    assert bad.status_code == 400 and "invalid id" in bad.get_data(as_text=True)
    duplicate = web.post(
        "/edit/new",
        data={"csrf_token": token, "uid": "xss", "category": "basics", "text_ko": "x"},
    )
    assert duplicate.status_code == 409


def test_edit_phrase_fields_and_sets(web: Any) -> None:
    signed_in(web, "editor")
    token = form_token(web, "/edit/phrases/water")
    saved = web.post(
        "/edit/phrases/water",
        data={
            "csrf_token": token,
            "category": "needs",
            "register": "polite",
            "tags": "thirst, urgent",
            "notes_en": "ask politely",
            "notes_uk": "питайте ввічливо",
            "sets": ["medical"],
        },
    )
    assert saved.status_code == 302
    page = web.get("/edit/phrases/water").get_data(as_text=True)
    assert 'value="needs"' in page and 'value="thirst, urgent"' in page
    assert ">ask politely</textarea>" in page and ">питайте ввічливо</textarea>" in page
    cleared = web.post(
        "/edit/phrases/water",
        data={
            "csrf_token": token,
            "category": "needs",
            "tags": "thirst, urgent",
            "notes_en": "ask politely",
            "notes_uk": "",
            "sets": ["medical"],
        },  # fmt: skip
    )
    assert cleared.status_code == 302
    page = web.get("/edit/phrases/water").get_data(as_text=True)
    assert ">ask politely</textarea>" in page and "питайте ввічливо" not in page
    assert 'value="medical" checked' in page and 'value="surrender" checked' not in page
    bad = web.post("/edit/phrases/water", data={"csrf_token": token, "category": "Not Valid"})
    assert bad.status_code == 400


def test_the_phrase_form_attaches_changes_and_removes_an_answer_panel(
    web: Any, edit_store: Store
) -> None:
    signed_in(web, "editor")
    token = form_token(web, "/edit/phrases/water")
    fields = {"csrf_token": token, "category": "basics", "sets": ["surrender"]}
    page = web.get("/edit/phrases/water").get_data(as_text=True)
    assert '<option value="" selected>' in page  # no panel yet
    saved = web.post("/edit/phrases/water", data={
        **fields, "answers_kind": "choice", "answers_options": "stop, thanks",
    })  # fmt: skip
    assert saved.status_code == 302
    with edit_store.uow() as uow:
        assert uow.phrases.get("water").answers == {"kind": "choice", "options": ["stop", "thanks"]}
    page = web.get("/edit/phrases/water").get_data(as_text=True)
    assert '<option value="choice" selected>' in page and 'value="stop thanks"' in page
    timed = web.post("/edit/phrases/water", data={
        **fields, "answers_kind": "time", "answers_units": ["hours", "days"],
    })  # fmt: skip
    assert timed.status_code == 302
    untouched = web.post("/edit/phrases/water", data={**fields, "tags": "x"})  # no panel fields
    assert untouched.status_code == 302
    with edit_store.uow() as uow:
        assert uow.phrases.get("water").answers == {"kind": "time", "units": ["hours", "days"]}
    before = store_snapshot(edit_store)
    for data, message in [
        ({"answers_kind": "choice", "answers_options": "stop ghost"}, "answers/options/1:"),
        ({"answers_kind": "number", "answers_max": "ten"}, "answers/max: expected a whole"),
        ({"answers_kind": "scale", "answers_options": "stop"}, "answers/low: a scale names two"),
        ({"answers_kind": "faces"}, "answers/kind:"),
    ]:
        refused = web.post("/edit/phrases/water", data={**fields, "tags": "changed", **data})
        assert refused.status_code == 400, data
        assert message in refused.get_data(as_text=True), data
    assert store_snapshot(edit_store) == before  # not the tags either
    removed = web.post("/edit/phrases/water", data={**fields, "answers_kind": ""})
    assert removed.status_code == 302
    with edit_store.uow() as uow:
        assert uow.phrases.get("water").answers is None


def test_save_an_edit_and_status_shown(web: Any) -> None:
    signed_in(web, "editor")
    token = form_token(web, "/edit/phrases/thanks/ko")
    page = web.get("/edit/phrases/thanks/ko").get_data(as_text=True)
    assert "needs review" in page and "by seed" in page and "revision 1" in page
    saved = web.post(
        "/edit/phrases/thanks/ko",
        data={"csrf_token": token, "text": "감사해요", "revision": "1", "notes_en": "casual"},
    )
    assert saved.status_code == 302
    page = web.get("/edit/phrases/thanks/ko").get_data(as_text=True)
    assert "감사해요" in page and "by editor" in page and "revision 2" in page
    empty = web.post(
        "/edit/phrases/thanks/ko", data={"csrf_token": token, "text": "  ", "revision": "2"}
    )
    assert empty.status_code == 400
    assert web.get("/edit/phrases/thanks/xx").status_code == 404
    assert web.get("/edit/phrases/nope/ko").status_code == 404


def test_stale_edit_is_rejected_with_both_versions(web: Any) -> None:
    signed_in(web, "editor")
    token = form_token(web, "/edit/phrases/stop/ko")
    first = web.post(
        "/edit/phrases/stop/ko", data={"csrf_token": token, "text": "멈춰라", "revision": "1"}
    )
    assert first.status_code == 302
    stale = web.post(
        "/edit/phrases/stop/ko", data={"csrf_token": token, "text": "서!", "revision": "1"}
    )
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert 'class="yours" lang="ko">서!</p>' in page
    assert 'class="stored" lang="ko">멈춰라</p>' in page
    assert 'name="revision" value="2"' in page  # saving again now overwrites knowingly
    assert ">서!</textarea>" in page
    assert "멈춰라" in web.get("/edit/phrases/stop/ko").get_data(as_text=True)


def test_only_reviewers_review_and_edits_send_back_to_review(edit_store: Store) -> None:
    editor = signed_in(make_app(edit_store).test_client(), "editor")
    reviewer = signed_in(make_app(edit_store).test_client(), "reviewer")
    assert "Mark reviewed" not in editor.get("/edit/phrases/water/ko").get_data(as_text=True)
    token = form_token(editor, "/edit/phrases/water/ko")
    assert (
        editor.post(
            "/edit/phrases/water/ko/review", data={"csrf_token": token, "revision": "1"}
        ).status_code
        == 403
    )
    assert "Mark reviewed" in reviewer.get("/edit/phrases/water/ko").get_data(as_text=True)
    review_token = form_token(reviewer, "/edit/phrases/water/ko")
    reviewed = reviewer.post(
        "/edit/phrases/water/ko/review", data={"csrf_token": review_token, "revision": "1"}
    )
    assert reviewed.status_code == 302
    page = editor.get("/edit/phrases/water/ko").get_data(as_text=True)
    assert "status-reviewed" in page and "sends it back to review" in page
    editor.post(
        "/edit/phrases/water/ko", data={"csrf_token": token, "text": "물 주세요", "revision": "2"}
    )
    assert "status-draft" in editor.get("/edit/phrases/water/ko").get_data(as_text=True)
    stale_review = reviewer.post(
        "/edit/phrases/water/ko/review", data={"csrf_token": review_token, "revision": "2"}
    )
    assert stale_review.status_code == 409


def test_accepting_a_machine_suggestion(web: Any) -> None:
    signed_in(web, "editor")
    token = form_token(web, "/edit/phrases/water/en")
    provenance = {"kind": "mt", "engine": "argos", "model": "uk_en", "version": "1.9"}
    accepted = web.post(
        "/edit/phrases/water/en",
        data={
            "csrf_token": token,
            "text": "Water",
            "status": "machine",
            "revision": "",
            "provenance": json.dumps(provenance),
        },
    )
    assert accepted.status_code == 302
    page = web.get("/edit/phrases/water/en").get_data(as_text=True)
    assert "status-machine" in page and "from argos uk_en 1.9" in page
    for status, origin in (
        ("reviewed", json.dumps(provenance)),
        ("machine", json.dumps({"kind": "person", "name": "me"})),
        ("machine", "{broken"),
        # nested 50,000 deep: refused with a reason, not a RecursionError (a 500)
        ("machine", "[" * 50_000 + "]" * 50_000),
    ):
        refused = web.post(
            "/edit/phrases/water/en",
            data={
                "csrf_token": token,
                "text": "W",
                "status": status,
                "revision": "1",
                "provenance": origin,
            },
        )
        assert refused.status_code == 400, (status, origin)
    assert "status-machine" in web.get("/edit/phrases/water/en").get_data(as_text=True)


def test_history_diff_and_revert(web: Any) -> None:
    signed_in(web, "editor")
    token = form_token(web, "/edit/phrases/thanks/ko")
    web.post(
        "/edit/phrases/thanks/ko", data={"csrf_token": token, "text": "감사해요", "revision": "1"}
    )
    page = web.get("/edit/phrases/thanks/ko/history").get_data(as_text=True)
    assert "감사<del>합니다</del><ins>해요</ins>" in page
    reverted = web.post(
        "/edit/phrases/thanks/ko/revert",
        data={"csrf_token": token, "to_revision": "1", "revision": "2"},
    )
    assert reverted.status_code == 302
    page = web.get("/edit/phrases/thanks/ko/history").get_data(as_text=True)
    assert 'id="revision-3"' in page
    assert "감사<del>해요</del><ins>합니다</ins>" in page
    stale = web.post(
        "/edit/phrases/thanks/ko/revert",
        data={"csrf_token": token, "to_revision": "2", "revision": "2"},
    )
    assert stale.status_code == 409


def test_delete_translation_and_phrase(web: Any) -> None:
    signed_in(web, "editor")
    token = form_token(web, "/edit/phrases/water")
    deleted = web.post("/edit/phrases/water/uk/delete", data={"csrf_token": token, "revision": "1"})
    assert deleted.status_code == 302
    assert "Вода" not in web.get("/edit/phrases/water").get_data(as_text=True)
    last = web.post("/edit/phrases/water/ko/delete", data={"csrf_token": token, "revision": "1"})
    assert last.status_code == 400
    assert web.post("/edit/phrases/water/delete", data={"csrf_token": token}).status_code == 302
    assert web.get("/edit/phrases/water").status_code == 404


def test_reorder_a_set(web: Any) -> None:
    signed_in(web, "editor")
    token = form_token(web, "/edit/sets/surrender")
    saved = web.post(
        "/edit/sets/surrender",
        data={
            "csrf_token": token,
            "position_stop": "3",
            "position_thanks": "1",
            "position_water": "2",
        },
    )
    assert saved.status_code == 302
    page = web.get("/edit/sets/surrender").get_data(as_text=True)
    assert (
        page.index("position_thanks") < page.index("position_water") < page.index("position_stop")
    )
    assert web.get("/edit/sets/nope").status_code == 404


# --- import and export -----------------------------------------------------------------------


def _upload(web: Any, token: str, content: bytes, name: str = "new.json") -> Any:
    return web.post(
        "/edit/import",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_import_preview_then_apply(edit_store: Store, web: Any) -> None:
    signed_in(web, "editor")
    token = form_token(web, "/edit/import")
    document = {
        "format": "phrasebook/1",
        "phrases": [
            {
                "id": "bread",
                "category": "food",
                "translations": {"ko": {"text": "빵"}, "uk": {"text": "Хліб"}},
            }
        ],
    }
    preview = _upload(web, token, json.dumps(document).encode())
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "+ phrase bread" in page and "Apply all these changes" in page
    assert web.get("/edit/phrases/bread").status_code == 404  # a preview writes nothing
    upload_token = page.split('name="token" value="', 1)[1].split('"', 1)[0]
    applied = web.post(
        "/edit/import/apply",
        data={"csrf_token": token, "token": upload_token, "filename": "new.json"},
    )
    assert applied.status_code == 302
    assert web.get("/edit/phrases/bread").status_code == 200
    assert not list((edit_store.settings.data_dir / "uploads").iterdir())
    again = web.post(
        "/edit/import/apply",
        data={"csrf_token": token, "token": upload_token, "filename": "new.json"},
    )
    assert again.status_code == 302 and again.headers["Location"] == "/edit/import"
    traversal = web.post("/edit/import/apply", data={"csrf_token": token, "token": "../secret_key"})
    assert traversal.status_code == 400


def test_unapplied_uploads_are_removed_after_a_day(edit_store: Store, web: Any) -> None:
    signed_in(web, "editor")
    uploads = edit_store.settings.data_dir / "uploads"
    uploads.mkdir()
    forgotten = uploads / ("a" * 32 + ".json")
    forgotten.write_text("{}")
    os.utime(forgotten, (time.time() - 2 * 24 * 3600,) * 2)
    recent = uploads / ("b" * 32 + ".json")
    recent.write_text("{}")
    document = {"format": "phrasebook/1", "phrases": []}
    _upload(web, form_token(web, "/edit/import"), json.dumps(document).encode())
    assert not forgotten.exists() and recent.exists()


def test_import_bad_file_says_where(web: Any) -> None:
    signed_in(web, "editor")
    token = form_token(web, "/edit/import")
    bad = _upload(web, token, b'{"format": "phrasebook/1", "phrases": [{"id": 5}]}', "bad.json")
    assert bad.status_code == 400
    assert "bad.json: /phrases/0" in bad.get_data(as_text=True)
    assert "Apply all these changes" not in bad.get_data(as_text=True)


def test_export_downloads(web: Any) -> None:
    everything = web.get("/edit/export")
    assert everything.headers["Content-Disposition"] == ("attachment; filename=phrasebook-all.json")
    assert json.loads(everything.data)["format"] == "phrasebook/1"
    one = web.get("/edit/export?set=surrender")
    assert [s["id"] for s in json.loads(one.data)["sets"]] == ["surrender"]
    assert web.get("/edit/export?set=nope").status_code == 404


def test_editor_pages_follow_the_interface_language(web: Any) -> None:
    signed_in(web, "editor")
    web.set_cookie("ui_lang", "uk")
    token = form_token(web, "/edit/phrases/stop/ko")
    web.post("/edit/phrases/stop/ko", data={"csrf_token": token, "text": "멈춰라", "revision": "1"})
    stale = web.post(
        "/edit/phrases/stop/ko", data={"csrf_token": token, "text": "서!", "revision": "1"}
    )
    page = stale.get_data(as_text=True)
    assert "Ваша версія" in page and "потребує перевірки" in page
    assert "корейська" in page  # the language name comes from CLDR in the UI language
