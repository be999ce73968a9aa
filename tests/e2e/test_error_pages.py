"""Issue 17: HTML errors in the app's own layout, in the UI language, with no internals; an
unexpected error is logged with a request id that the page shows."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from flask import Blueprint

from app import create_app
from phrasebook.store import Store

BROKEN = Blueprint("broken", __name__)


@BROKEN.get("/test-broken")
def broken() -> str:
    raise RuntimeError("secret internals: /srv/phrasebook/db password=hunter2")


@pytest.fixture
def client(seeded_store: Store) -> Any:
    app = create_app({"TESTING": True, "PHRASEBOOK_SETTINGS": seeded_store.settings,
                      "PHRASEBOOK_STORE": seeded_store})  # fmt: skip
    app.register_blueprint(BROKEN)
    return app.test_client()


@pytest.mark.parametrize(
    ("url", "status", "title"),
    [("/no-such-page", 404, "Не знайдено"), ("/sets/%00", 400, "Запит не вдалося виконати"),
     ("/phrases/nope", 404, "Не знайдено")],
)  # fmt: skip
def test_error_pages_are_localized_in_the_layout(
    client: Any, url: str, status: int, title: str
) -> None:
    client.get("/prefs?ui=uk&next=/")
    response = client.get(url)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert f"<h1>{title}</h1>" in page
    assert '<header class="site-header"' in page  # the app's own layout
    assert "Назад до наборів фраз" in page
    assert "Werkzeug" not in page and "Traceback" not in page


def test_an_unexpected_error_shows_only_a_request_id(
    client: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = client.get("/test-broken")
    assert response.status_code == 500
    request_id = response.headers["X-Request-Id"]
    page = response.get_data(as_text=True)
    assert request_id in page and "Something went wrong" in page
    assert "hunter2" not in page and "RuntimeError" not in page and "Traceback" not in page
    assert any(request_id in record.getMessage() for record in caplog.records)
    assert any("hunter2" in (record.exc_text or "") or record.exc_info for record in caplog.records)


def test_json_routes_keep_the_json_error_shape(client: Any) -> None:
    response = client.get("/api/v1/phrases/nope")
    assert response.status_code == 404 and response.get_json()["error"]["status"] == 404
