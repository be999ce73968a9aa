"""The suggestions API, fill jobs and the editor partials, through the Flask test client."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from flask import render_template

from app.api.mt import suggestions_context
from phrasebook.models import Status
from phrasebook.store import Store
from phrasebook.users import add_user, issue_token
from tests.support.accounts import sign_in
from tests.support.queues import consuming, finished_job

PHRASES = {
    "mt-water": {"en": "Where is the water?"},
    "mt-doctor": {"en": "Where is the doctor?", "ko": "의사는 어디에 있어요?"},
    "mt-hello": {"ko": "안녕하세요"},
}


@pytest.fixture
def editor(
    seeded_store: Store, make_phrasebook: Callable[..., None], installed_packages: Path
) -> dict[str, str]:
    """Authorization header of an editor, with a few phrases in a set ``mt-field``."""
    make_phrasebook(
        seeded_store, PHRASES, {"mt-field": list(PHRASES)}, reviewed={"mt-doctor": ["ko"]}
    )
    users = seeded_store.uow()
    add_user(users, name="editor", password="correct horse battery staple", role="editor")
    return {"Authorization": f"Bearer {issue_token(users, name='editor')}"}


def test_suggestions_api(client: Any, editor: dict[str, str]) -> None:
    url = "/api/v1/suggestions?phrase=mt-water&lang=ko&source=en&ui=uk&n=2"
    response = client.get(url, headers=editor)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["source_text"] == "Where is the water?" and body["error"] is None
    assert 1 <= len(body["machine"]) <= 2
    first = body["machine"][0]
    assert (first["engine"], first["model"], first["version"], first["via"]) == (
        "argos",
        "translate-en_ko",
        "1.0",
        None,
    )
    assert isinstance(first["back_translation"], str)
    memory = {m["uid"]: m["score"] for m in body["memory"]}
    assert 60 <= memory["mt-doctor"] < 100  # the seeds may add their own similar phrases

    pivot = client.get("/api/v1/suggestions?phrase=mt-hello&lang=uk", headers=editor).json
    assert pivot["source_lang"] == "ko" and pivot["machine"][0]["via"] == "en"


@pytest.mark.parametrize(
    ("query", "status", "location"),
    [
        ("lang=ko", 400, "?phrase"),
        ("phrase=mt-water&lang=xx", 400, "?lang"),
        ("phrase=mt-water&lang=ko&n=99", 400, "?n"),
        ("phrase=nope&lang=ko", 404, ""),
    ],
)
def test_suggestions_api_errors(
    client: Any, editor: dict[str, str], query: str, status: int, location: str
) -> None:
    response = client.get(f"/api/v1/suggestions?{query}", headers=editor)
    assert response.status_code == status
    assert response.json["error"]["location"] == location


def test_suggestions_need_an_editor(client: Any, editor: dict[str, str]) -> None:
    assert client.get("/api/v1/suggestions?phrase=mt-water&lang=ko").status_code == 401


def test_fill_job_via_api(client: Any, editor: dict[str, str], seeded_store: Store) -> None:
    response = client.post("/api/v1/sets/mt-field/fill", json={"target": "uk"}, headers=editor)
    assert response.status_code == 202, response.json
    job_id = response.json["job"]
    assert response.json["status_url"] == f"/api/v1/jobs/{job_id}"
    with consuming(client.application.extensions["phrasebook"].queue):
        assert finished_job(seeded_store.uow, job_id)["status"] == "done"
    job = client.get(f"/api/v1/jobs/{job_id}", headers=editor).json
    assert (job["status"], job["done"], job["total"], job["filled"]) == ("done", 2, 2, 2)
    assert job["errors"] == ["mt-hello: no en text to translate from"]
    with seeded_store.uow() as uow:
        filled = {uid: uow.phrases.get(uid).translations.get("uk") for uid in PHRASES}
        assert {uid: t.status if t else None for uid, t in filled.items()} == {
            "mt-water": Status.MACHINE,
            "mt-doctor": Status.MACHINE,
            "mt-hello": None,
        }

    form = client.post("/api/v1/sets/mt-field/fill", data={"target": "uk"}, headers=editor)
    assert form.status_code == 302
    assert form.location.startswith("/edit/sets/mt-field?job=")
    with consuming(client.application.extensions["phrasebook"].queue):
        assert finished_job(seeded_store.uow, form.location.rsplit("=", 1)[1])["status"] == "done"

    missing = client.post("/api/v1/sets/mt-field/fill", json={"target": "ru"}, headers=editor)
    assert missing.status_code == 409 and "translate-en_ru" in missing.json["error"]["message"]
    assert client.get("/api/v1/jobs/nope", headers=editor).status_code == 404


def test_fill_from_a_browser_form_needs_the_csrf_token(client: Any, editor: dict[str, str]) -> None:
    # Nobody signed in: refused as unauthenticated, as every write of /api/v1 (one rule).
    assert client.post("/api/v1/sets/mt-field/fill", data={"target": "uk"}).status_code == 401
    # Signed in with a session cookie, without the form's CSRF token: refused.
    signed_in = sign_in(client, "editor", "correct horse battery staple")
    assert signed_in.status_code == 302
    refused = client.post("/api/v1/sets/mt-field/fill", data={"target": "uk"})
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)


def test_suggestions_partial_and_accept_through_the_editor(
    app: Any, client: Any, editor: dict[str, str], seeded_store: Store
) -> None:
    with app.test_request_context("/edit/phrases/mt-hello/uk"):
        with seeded_store.uow() as uow:
            phrase = uow.phrases.get("mt-hello")
            html = render_template(
                "_suggestions.html",
                phrase=phrase,
                lang="uk",
                translation=None,
                suggestions=suggestions_context("mt-hello", "uk"),
            )
        fill_button = render_template(
            "_fill_button.html", phrase_set=type("S", (), {"slug": "mt-field"}), target="uk"
        )
    assert "via English" in html and "translate-ko_en+translate-en_uk" in html
    assert 'action="/edit/phrases/mt-hello/uk"' in html
    assert 'action="/api/v1/sets/mt-field/fill"' in fill_button

    form = re.search(r"<form method=\"post\".*?</form>", html, re.S)
    assert form is not None
    fields = {
        name: unescape(value)
        for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', form.group(0))
    }
    assert fields["status"] == "machine"
    provenance = json.loads(fields["provenance"])
    assert provenance["via"] == "en" and provenance["kind"] == "mt"

    app.config["WTF_CSRF_ENABLED"] = False  # the token is bound to a browser session
    fields.pop("csrf_token", None)
    response = client.post("/edit/phrases/mt-hello/uk", data=fields, headers=editor)
    assert response.status_code == 302, response.data[:500]
    with seeded_store.uow() as uow:
        saved = uow.phrases.get("mt-hello").translations["uk"]
        assert (saved.text, saved.status, saved.provenance) == (
            fields["text"],
            Status.MACHINE,
            provenance,
        )


def test_editor_page_shows_suggestions_for_a_missing_translation(
    client: Any, editor: dict[str, str]
) -> None:
    page = client.get("/edit/phrases/mt-hello/uk", headers=editor)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "via English" in html and 'name="status" value="machine"' in html

    missing_model = client.get("/edit/phrases/mt-hello/ru", headers=editor).get_data(as_text=True)
    assert "no translation model for ko→ru" in missing_model
    assert "phrasebook models install translate-en_ru" in missing_model

    existing = client.get("/edit/phrases/mt-doctor/ko", headers=editor).get_data(as_text=True)
    assert "?suggest=1" in existing and 'value="machine"' not in existing
    on_demand = client.get("/edit/phrases/mt-doctor/ko?suggest=1", headers=editor)
    assert 'value="machine"' in on_demand.get_data(as_text=True)
