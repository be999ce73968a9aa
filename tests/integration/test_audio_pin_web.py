"""Editors pin an engine for one translation through the web form (real SQLite, CSRF on)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import g, render_template_string

from app import create_app
from app.audio import engine_choice
from phrasebook import users
from phrasebook.audio.service import AudioService
from phrasebook.store import Store
from tests.support.accounts import PASSWORD, csrf_token, fill_store, sign_in


@pytest.fixture
def pin_store(make_store: Callable[..., Store]) -> Store:
    store = make_store()
    fill_store(store)
    return store


@pytest.fixture
def web(pin_store: Store) -> Iterator[Any]:
    app = create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": pin_store.settings, "PHRASEBOOK_STORE": pin_store}
    )
    yield app.test_client()
    app.extensions["phrasebook"].close()


def pinned(store: Store) -> str | None:
    service = AudioService(store.settings)
    return service.pinned_engine(store.uow(), "thanks", "ko")


def test_editor_pins_and_unpins(web: Any, pin_store: Store) -> None:
    assert sign_in(web, "editor").status_code == 302
    token = csrf_token(web, "/edit/phrases/thanks/ko")
    form = {"engine": "gtts", "csrf_token": token, "next": "/edit/phrases/thanks/ko"}
    response = web.post("/audio/pin/thanks/ko", data=form)
    assert response.status_code == 303 and response.headers["Location"].endswith(
        "/edit/phrases/thanks/ko"
    )
    assert pinned(pin_store) == "gtts"
    assert "Audio engine pinned: gtts." in web.get("/edit/phrases/thanks/ko").get_data(as_text=True)
    cleared = web.post("/audio/pin/thanks/ko", data={**form, "engine": ""})
    assert cleared.status_code == 303 and pinned(pin_store) is None


def test_bad_pins_are_refused(web: Any, pin_store: Store) -> None:
    sign_in(web, "editor")
    token = csrf_token(web, "/edit/phrases/thanks/ko")
    bad = web.post("/audio/pin/thanks/ko", data={"engine": "polly", "csrf_token": token})
    assert bad.status_code == 400 and "unknown engine 'polly'" in bad.get_json()["error"]["message"]
    missing = web.post("/audio/pin/nope/ko", data={"engine": "gtts", "csrf_token": token})
    assert missing.status_code == 404
    offsite = web.post(
        "/audio/pin/thanks/ko",
        data={"engine": "espeak", "csrf_token": token, "next": "//evil.example/"},
    )
    assert offsite.headers["Location"].endswith("/edit/phrases/thanks/ko")
    no_token = web.post("/audio/pin/thanks/ko", data={"engine": "gtts"})
    assert no_token.status_code == 400 and pinned(pin_store) == "espeak"


def test_only_editors_may_pin(web: Any, pin_store: Store) -> None:
    token = csrf_token(web)  # a valid token, so only the missing sign-in stops the request
    anonymous = web.post("/audio/pin/thanks/ko", data={"engine": "gtts", "csrf_token": token})
    assert anonymous.status_code in (302, 401) and pinned(pin_store) is None
    sign_in(web, "viewer")
    token = csrf_token(web)
    refused = web.post("/audio/pin/thanks/ko", data={"engine": "gtts", "csrf_token": token})
    assert refused.status_code == 403 and pinned(pin_store) is None


def test_pin_form_partial(web: Any, pin_store: Store) -> None:
    editor = users.authenticate(pin_store.uow(), name="editor", password=PASSWORD)
    viewer = users.authenticate(pin_store.uow(), name="viewer", password=PASSWORD)
    page = '{% include "_audio_pin.html" %}'
    with pin_store.uow() as uow:
        phrase = uow.phrases.get("thanks")
        rendered = {}
        for account in (editor, viewer):
            with web.application.test_request_context("/edit/phrases/thanks/ko"):
                g.account = account
                rendered[account.name] = render_template_string(
                    page,
                    phrase=phrase,
                    translation=phrase.translations["ko"],
                    audio_choice=engine_choice("thanks", "ko"),
                )
    html = rendered["editor"]
    assert 'action="/audio/pin/thanks/ko"' in html and 'name="csrf_token"' in html
    assert "As configured (espeak)" in html and '<option value="gtts">' in html
    assert "<form" not in rendered["viewer"]
