"""Pronunciation aids in the web app: the partial the pages include, and the editor's form
(CSRF on, as in production) on a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import render_template_string

from app import create_app
from phrasebook import reading
from phrasebook.store import Store
from tests.support.accounts import csrf_token, fill_store, sign_in

PARTIAL = '{% include "_pronunciation.html" %}'


@pytest.fixture
def web_app(make_store: Callable[..., Store]) -> Any:
    store = make_store()
    fill_store(store)
    return create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": store.settings, "PHRASEBOOK_STORE": store}
    )


def _render(web_app: Any, uid: str, lang: str, reader: str) -> str:
    """The partial as a page renders it: with the aids the reading service loaded."""
    store: Store = web_app.extensions["phrasebook"].store
    items = reading.card(store.uow(), uids=[uid], reader=reader, target=lang)
    (phrase,) = items.phrases
    with web_app.test_request_context("/"):
        return render_template_string(
            PARTIAL,
            phrase=phrase,
            translation=phrase.translations.get(lang),
            aids=items.aids,
            reader=reader,
            target=lang,
        )


def test_partial_shows_the_aid_in_the_readers_language(web_app: Any) -> None:
    html = _render(web_app, "thanks", "ko", "uk")
    assert 'class="pronunciation"' in html and 'lang="uk"' in html
    assert "камсахамніда" in html and "(manual)" not in html
    assert _render(web_app, "thanks", "ko", "ko").strip() == ""  # same language: nothing
    assert _render(web_app, "thanks", "ru", "uk").strip() == ""  # no translation: nothing


def test_editor_overrides_an_aid_and_it_shows_as_manual(web_app: Any) -> None:
    client = web_app.test_client()
    assert client.get("/pronunciation/thanks/ko").status_code in (302, 401)
    assert sign_in(client, "editor").status_code == 302
    page = client.get("/pronunciation/thanks/ko")
    assert page.status_code == 200
    assert "камсахамніда" in page.get_data(as_text=True)

    token = csrf_token(client, "/pronunciation/thanks/ko")
    refused = client.post(
        "/pronunciation/thanks/ko", data={"reader": "uk", "text": "кам-са-хам-ні-да"}
    )
    assert refused.status_code == 400  # no CSRF token
    saved = client.post(
        "/pronunciation/thanks/ko",
        data={"reader": "uk", "text": "кам-са-хам-ні-да", "csrf_token": token},
    )
    assert saved.status_code == 302
    html = _render(web_app, "thanks", "ko", "uk")
    assert "кам-са-хам-ні-да" in html and "pronunciation-manual" in html and "(manual)" in html

    bad = client.post(
        "/pronunciation/thanks/ko", data={"reader": "fr", "text": "x", "csrf_token": token}
    )
    assert bad.status_code == 400 and "reader" in bad.get_data(as_text=True)
    assert client.get("/pronunciation/missing/ko").status_code == 404
    # A NUL byte is refused with a reason; the hand-written aid stays as it was.
    nul = client.post(
        "/pronunciation/thanks/ko", data={"reader": "uk", "text": "a\x00b", "csrf_token": token}
    )
    assert nul.status_code == 400 and "U+0000" in nul.get_data(as_text=True)
    assert "кам-са-хам-ні-да" in _render(web_app, "thanks", "ko", "uk")


def test_viewer_may_not_override(web_app: Any) -> None:
    client = web_app.test_client()
    assert sign_in(client, "viewer").status_code == 302
    assert client.get("/pronunciation/thanks/ko").status_code == 403


def test_phrase_page_shows_the_aid_for_the_chosen_pair(web_app: Any) -> None:
    client = web_app.test_client()
    client.get("/prefs?reader=uk&target=ko&next=/")
    page = client.get("/phrases/thanks")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<span class="pronunciation"' in html and "камсахамніда" in html
    client.get("/prefs?reader=en&target=ko&next=/")
    assert "gamsahamnida" in client.get("/phrases/thanks").get_data(as_text=True)
