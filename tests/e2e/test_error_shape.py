"""One JSON error shape: every route under /api/v1 and /audio, asked wrongly (unknown ids,
no sign-in, a viewer's token, a bad body, a method it does not take), answers a 4xx whose
body is exactly ``{"error": {"status", "location", "message"}}`` (a stale edit adds
``current``) and never a 5xx."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app import create_app
from phrasebook.store import Store
from tests.support.accounts import fill_store

JSON_PREFIXES = ("/api/v1", "/audio")
BODIES: list[Any] = [None, [1], {"translations": {"ko": {"text": 5}}}, "not json"]


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, str]]]:
    from phrasebook.config import Settings
    from phrasebook.db import migrate

    settings = Settings.from_env(environ={}, data_dir=tmp_path_factory.mktemp("errors"))
    store = Store.open(settings)
    migrate(store.engine)
    tokens = fill_store(store)
    app = create_app({"TESTING": True, "PHRASEBOOK_SETTINGS": settings, "PHRASEBOOK_STORE": store})
    yield app, tokens
    store.close()


def _urls(app: Any) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(JSON_PREFIXES):
            continue
        url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: f"nope-{m.group(1)}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            found.append((method, url))
    return found


def check_shape(response: Any) -> None:
    assert response.status_code < 500, (response.status_code, response.get_data(as_text=True))
    if response.status_code < 400:
        return
    assert response.is_json, response.get_data(as_text=True)[:200]
    body = response.get_json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) - {"current"} == {"status", "location", "message"}, error
    assert error["status"] == response.status_code
    assert isinstance(error["location"], str)
    assert isinstance(error["message"], str) and error["message"]


def test_every_json_route_answers_errors_in_one_shape(walked: tuple[Any, dict[str, str]]) -> None:
    app, tokens = walked
    client = app.test_client()
    urls = _urls(app)
    assert len(urls) >= 15  # the walk found the routes
    statuses: set[int] = set()
    for method, url in urls:
        for headers in ({}, {"Authorization": f"Bearer {tokens['viewer']}"},
                        {"Authorization": f"Bearer {tokens['admin']}"}):  # fmt: skip
            for body in BODIES:
                send: Callable[..., Any] = getattr(client, method.lower())
                if isinstance(body, str):
                    response = send(url, data=body, headers=headers)
                else:
                    response = send(url, json=body, headers=headers)
                check_shape(response)
                statuses.add(response.status_code)
            wrong = client.open(url, method="PUT" if method != "PUT" else "DELETE")
            check_shape(wrong)
            statuses.add(wrong.status_code)
    assert {400, 401, 403, 404, 405} <= statuses


def test_stale_edits_and_unknown_routes_keep_the_shape(walked: tuple[Any, dict[str, str]]) -> None:
    app, tokens = walked
    client = app.test_client()
    editor = {"Authorization": f"Bearer {tokens['editor']}"}
    stale = client.patch(
        "/api/v1/phrases/stop", json={"translations": {"ko": {"text": "서", "revision": 99}}},
        headers=editor,
    )  # fmt: skip
    check_shape(stale)
    assert stale.status_code == 409 and stale.get_json()["error"]["current"]["revision"] == 1
    for url in ("/api/v1/nothing-here", "/audio/zz.mp3", "/api/v1/search?q=a&limit=x"):
        response = client.get(url)
        assert response.status_code in (400, 404)
        check_shape(response)
