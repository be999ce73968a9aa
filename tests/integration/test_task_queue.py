"""The task queue across processes (issue 16): two ``phrasebook serve`` processes and
``phrasebook worker`` processes on one PostgreSQL and one Redis queue. A fill started through
one server is polled through the other to its end; a worker killed with SIGKILL in the middle
of a fill is replaced by a new one that finishes the job — no translation lost or written
twice."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from tests.support.servers import Browser, run_cli, serving, start_cli

pytestmark = pytest.mark.postgres

PHRASES = 300  # three batches of the fill (128 a batch)
BATCH_SECONDS = 1.0  # the fake engine's time per batch (PHRASEBOOK_MT_FAKE_DELAY)


@pytest.fixture(scope="module")
def installation(
    pg_cluster: Any, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    data = tmp_path_factory.mktemp("queue-data")
    env = {
        "PHRASEBOOK_DATA_DIR": str(data),
        "PHRASEBOOK_DATABASE_URL": pg_cluster.create_database(),
        "PHRASEBOOK_RATELIMIT_STORAGE": redis_url,
        "PHRASEBOOK_QUEUE_URL": redis_url.rsplit("/", 1)[0] + "/1",
        "PHRASEBOOK_SECRET_KEY": "fedcba9876543210" * 4,
        "PHRASEBOOK_MT_ENGINE": "fake",
        "PHRASEBOOK_MT_FAKE_DELAY": str(BATCH_SECONDS),
        "PHRASEBOOK_JOB_LEASE_SECONDS": "3",
    }
    assert run_cli(env, "init", "--no-seeds").returncode == 0
    document = {
        "format": "phrasebook/1",
        "phrases": [
            {
                "id": f"q.{n:03}",
                "category": "basics",
                "translations": {"en": {"text": f"Phrase number {n}."}},
            }
            for n in range(PHRASES)
        ],  # fmt: skip
        "sets": [
            {
                "id": "queued",
                "names": {"en": "Queued"},
                "phrases": [f"q.{n:03}" for n in range(PHRASES)],
            }
        ],  # fmt: skip
    }
    source = data / "phrases.json"
    source.write_text(json.dumps(document), "utf-8")
    imported = run_cli(env, "import", str(source))
    assert imported.returncode == 0, imported.stderr
    added = run_cli(env, "user", "add", "editor", stdin="a long enough pass phrase\n" * 2)
    assert added.returncode == 0, added.stderr
    issued = run_cli(env, "user", "token", "editor")
    assert issued.returncode == 0, issued.stderr
    env["TEST_TOKEN"] = issued.stdout.strip()
    return env


@pytest.fixture(scope="module")
def servers(installation: dict[str, str]) -> Iterator[tuple[str, str]]:
    with serving(installation) as first, serving(installation) as second:
        yield first, second


def korean_rows(url: str) -> tuple[int, int]:
    """(Korean translations, their history rows) in the database."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            translations = connection.execute(
                text("SELECT count(*) FROM translations WHERE lang = 'ko'")
            ).scalar_one()
            history = connection.execute(
                text(
                    "SELECT count(*) FROM translation_revisions r JOIN translations t "
                    "ON t.id = r.translation_id WHERE t.lang = 'ko'"
                )
            ).scalar_one()
    finally:
        engine.dispose()
    return int(translations), int(history)


def test_a_killed_worker_is_replaced_and_the_fill_finishes_once(
    installation: dict[str, str], servers: tuple[str, str]
) -> None:
    first, second = servers
    auth = {"Authorization": f"Bearer {installation['TEST_TOKEN']}"}
    visitor = Browser()
    assert visitor.get(first + "/readyz").json()["checks"]["task queue"]["ok"] is True
    worker = start_cli(installation, "worker", "--threads", "1")
    try:
        started = visitor.post_json(
            first + "/api/v1/sets/queued/fill", {"target": "ko", "source": "en"}, auth
        )
        assert started.status == 202, started.body
        job_url = second + started.json()["status_url"]  # polled through the other process

        def status() -> dict[str, Any]:
            answer = visitor.get_json(job_url, auth)
            assert answer.status == 200, answer.body
            found: dict[str, Any] = answer.json()
            return found

        deadline = time.monotonic() + 60
        while status()["done"] == 0:  # the first batch written
            assert time.monotonic() < deadline, status()
            time.sleep(0.1)
        worker.send_signal(signal.SIGKILL)  # mid-fill: no chance to finish or to say so
        worker.wait(timeout=10)
        halfway = status()
        assert halfway["status"] == "running" and 0 < halfway["done"] < PHRASES, halfway
    finally:
        if worker.poll() is None:
            worker.kill()
    time.sleep(3.5)  # the lease: the job's heartbeat is now stale
    replacement = start_cli(installation, "worker", "--threads", "1")
    try:
        deadline = time.monotonic() + 90
        while status()["status"] not in ("done", "failed"):
            assert time.monotonic() < deadline, status()
            time.sleep(0.2)
    finally:
        replacement.send_signal(signal.SIGTERM)
        replacement.wait(timeout=30)
    finished = status()
    assert finished["status"] == "done", finished
    assert finished["done"] == finished["total"]
    # every phrase translated, each translation written once (one history row each)
    assert korean_rows(installation["PHRASEBOOK_DATABASE_URL"]) == (PHRASES, PHRASES)
    log = Path(installation["PHRASEBOOK_DATA_DIR"])
    assert any("1 stale jobs taken up" in p.read_text() for p in log.glob("worker-*.log"))


def test_concurrent_edits_through_two_processes_one_wins(
    installation: dict[str, str], servers: tuple[str, str]
) -> None:
    first, second = servers
    auth = {"Authorization": f"Bearer {installation['TEST_TOKEN']}"}
    read = Browser().get_json(first + "/api/v1/phrases/q.299", auth)
    assert read.status == 200, read.body
    revision = read.json()["translations"]["en"]["revision"]

    def save(base: str, wording: str) -> int:
        body = {"translations": {"en": {"text": wording, "revision": revision}}}
        return Browser().patch_json(base + "/api/v1/phrases/q.299", body, auth).status

    with ThreadPoolExecutor(max_workers=2) as pool:
        saves = [pool.submit(save, base, f"Saved through {base}.") for base in (first, second)]
        statuses = sorted(future.result() for future in saves)
    assert statuses == [200, 409]
    stored = Browser().get_json(second + "/api/v1/phrases/q.299", auth).json()
    assert stored["translations"]["en"]["revision"] == revision + 1
