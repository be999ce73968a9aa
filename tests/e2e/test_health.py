"""``/healthz`` and ``/readyz`` through the test client: JSON, open without a sign-in, never
kept; ``/readyz`` unready (503) when the schema is not the one the code expects."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from phrasebook import health
from phrasebook.config import ConfigError
from phrasebook.db import SCHEMA_HEAD
from phrasebook.store import Store
from phrasebook.tasks import Runner, open_queue
from tests.support.webapp import make_app


def test_alive_and_ready(client: Any) -> None:
    alive = client.get("/healthz")
    assert alive.status_code == 200 and alive.get_json() == {"status": "alive"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.headers["Cache-Control"] == "no-store"
    body = ready.get_json()
    assert body["status"] == "ready"
    assert body["checks"]["migrations"] == {"ok": True, "detail": f"at {SCHEMA_HEAD}"}
    assert body["checks"]["rate limits"] == {"ok": True, "detail": "memory://"}


def test_open_when_reading_needs_a_sign_in(seeded_store: Store) -> None:
    client = make_app(seeded_store, env={"PHRASEBOOK_REQUIRE_LOGIN": "1"}).test_client()
    assert client.get("/").status_code in (302, 401)  # the phrase book itself is closed
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code == 200


def test_unready_on_a_schema_the_code_does_not_expect(seeded_store: Store, client: Any) -> None:
    with seeded_store.engine.begin() as connection:
        connection.execute(
            text("UPDATE alembic_version SET version_num = '0012_search_word_forms'")
        )
    answer = client.get("/readyz")
    assert answer.status_code == 503
    body = answer.get_json()
    assert body["status"] == "unready" and body["checks"]["migrations"]["ok"] is False
    assert "run `phrasebook init`" in body["checks"]["migrations"]["detail"]
    assert client.get("/healthz").status_code == 200


def test_a_storage_password_is_never_shown() -> None:
    check = health.rate_limits("redis://:s3cret@127.0.0.1:1/0")
    assert not check.ok and "s3cret" not in check.line()
    assert check.line().startswith("error   rate limits: redis://127.0.0.1:1/0: ")


def test_a_queue_that_does_not_answer_is_named_without_its_password(seeded_store: Store) -> None:
    settings = seeded_store.settings.with_changes(
        env={"PHRASEBOOK_QUEUE_URL": "redis://:s3cret@127.0.0.1:1/1"}  # nothing listens there
    )
    queue = open_queue(settings, Runner(seeded_store.uow, {}))
    check = health.task_queue(queue)
    assert not check.ok and "s3cret" not in check.line()
    assert check.line() == "error   task queue: Redis (redis://127.0.0.1:1/1): does not answer"
    with pytest.raises(ConfigError, match="^PHRASEBOOK_QUEUE_URL: 'amqp://x': expected redis://"):
        settings.with_changes(env={"PHRASEBOOK_QUEUE_URL": "amqp://x"})
