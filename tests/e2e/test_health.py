"""``/healthz`` and ``/readyz`` through the test client: JSON, open without a sign-in, never
kept; ``/readyz`` unready (503) when the schema is not the one the code expects."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text

from phrasebook import health, users
from phrasebook.config import ConfigError
from phrasebook.db import SCHEMA_HEAD
from phrasebook.store import Store
from phrasebook.tasks import Runner, open_queue
from tests.support.accounts import PASSWORD, sign_in
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


def test_readiness_details_are_for_admins_and_callers_on_this_machine(
    seeded_store: Store, client: Any
) -> None:
    """Issue 37 item 7: a check's detail names the database file and the servers."""
    remote = {"REMOTE_ADDR": "10.0.0.7"}
    anonymous = client.get("/readyz", environ_base=remote).get_json()
    assert anonymous["status"] == "ready"
    assert anonymous["checks"]["database"] == {"ok": True}
    assert "phrasebook.sqlite3" not in json.dumps(anonymous)
    forwarded = client.get("/readyz", headers={"X-Forwarded-For": "203.0.113.9"}).get_json()
    assert forwarded["checks"]["migrations"] == {"ok": True}  # through a proxy: not local
    users.add_user(seeded_store.uow(), name="boss", password=PASSWORD, role="admin")
    admin = client.application.test_client()
    admin.environ_base.update(remote)
    assert sign_in(admin, "boss").status_code == 302
    detailed = admin.get("/readyz").get_json()
    assert detailed["checks"]["migrations"] == {"ok": True, "detail": f"at {SCHEMA_HEAD}"}


def test_a_health_route_refuses_other_methods_in_json(client: Any) -> None:
    """Issue 37 item 8: the health routes answer JSON, their 405 too."""
    for path in ("/healthz", "/readyz"):
        refused = client.post(path)
        assert refused.status_code == 405 and refused.mimetype == "application/json"
        assert refused.get_json()["error"]["message"] == "POST is not allowed here"
        assert "GET" in refused.headers["Allow"]
