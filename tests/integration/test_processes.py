"""Several real ``phrasebook serve`` processes on one PostgreSQL and one Redis (issue 16, first
part): sign-in failures spread over two processes hit one limit, a session made by one is
valid on the other, both report ready; readiness follows the database going away and back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.postgres import throwaway_cluster
from tests.support.servers import Browser, run_cli, serving, start_cli

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def shared_env(
    pg_cluster: Any, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, str]:
    """What every process of one installation is given: one database, one Redis, one data
    folder, one secret key."""
    env = {
        "PHRASEBOOK_DATA_DIR": str(tmp_path_factory.mktemp("shared-data")),
        "PHRASEBOOK_DATABASE_URL": pg_cluster.create_database(),
        "PHRASEBOOK_RATELIMIT_STORAGE": redis_url,
        "PHRASEBOOK_SECRET_KEY": "0123456789abcdef" * 4,
    }
    initialized = run_cli(env, "init", "--no-seeds")
    assert initialized.returncode == 0, initialized.stderr
    return env


@pytest.fixture(scope="module")
def two_servers(shared_env: dict[str, str]) -> Iterator[tuple[str, str]]:
    with serving(shared_env) as first, serving(shared_env) as second:
        yield first, second


def test_both_processes_are_ready_on_the_shared_storage(
    two_servers: tuple[str, str], redis_url: str
) -> None:
    for base in two_servers:
        answer = Browser().get(base + "/readyz")
        assert answer.status == 200, answer.body
        checks = answer.json()["checks"]
        assert checks["database"]["ok"] and checks["migrations"]["ok"]
        assert checks["rate limits"] == {"ok": True, "detail": redis_url}
        assert answer.headers["Cache-Control"] == "no-store"


def test_signin_failures_spread_over_two_processes_hit_one_limit(
    two_servers: tuple[str, str],
) -> None:
    first, second = two_servers
    visitor = Browser()  # one cookie jar: cookies go to a host whatever its port
    token = visitor.csrf_token(first + "/login")  # made by the first, used on both
    wrong = {"csrf_token": token, "name": "mallory", "password": "not-it"}
    # The limit is 5 failures per name and address: 3 on the first process, 2 on the second.
    statuses = [visitor.post_form(base + "/login", wrong).status for base in
                (first, second, first, second, first)]  # fmt: skip
    assert statuses == [401] * 5
    # The first process has seen only three failures itself; the shared counter says five.
    refused = visitor.post_form(first + "/login", wrong)
    assert refused.status == 429 and int(refused.headers["Retry-After"]) > 0
    assert visitor.post_form(second + "/login", wrong).status == 429


def test_doctor_checks_the_shared_installation(shared_env: dict[str, str]) -> None:
    checked = run_cli(shared_env, "doctor")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    lines = checked.stdout.splitlines()
    assert any(line.startswith("ok      rate limits: redis://127.0.0.1:") for line in lines), lines
    assert any(line.startswith("ok      secret key: from PHRASEBOOK_SECRET_KEY") for line in lines)
    assert any(line.startswith("warning translation packages: none installed") for line in lines)


def test_doctor_says_what_is_broken_in_one_line_each(tmp_path: Path) -> None:
    env = {
        "PHRASEBOOK_DATA_DIR": str(tmp_path),
        "PHRASEBOOK_RATELIMIT_STORAGE": "redis://127.0.0.1:1/0",  # nothing listens there
    }
    checked = run_cli(env, "doctor")
    assert checked.returncode == 1
    lines = checked.stdout.splitlines()
    assert any(line.startswith("error   migrations: at none, not ") for line in lines), lines
    assert any(
        line == "error   rate limits: redis://127.0.0.1:1/0: does not answer" for line in lines
    ), lines
    assert checked.stderr.strip() == "Error: not ready: migrations, rate limits"


def test_readiness_follows_the_database_away_and_back(tmp_path: Path) -> None:
    with throwaway_cluster() as cluster:
        env = {
            "PHRASEBOOK_DATA_DIR": str(tmp_path),
            "PHRASEBOOK_DATABASE_URL": cluster.create_database(),
        }
        assert run_cli(env, "init", "--no-seeds").returncode == 0
        with serving(env) as base:
            assert Browser().get(base + "/readyz").status == 200
            cluster.stop()
            gone = Browser().get(base + "/readyz")
            assert gone.status == 503
            assert gone.json()["status"] == "unready"
            assert gone.json()["checks"]["database"]["ok"] is False
            assert "migrations" not in gone.json()["checks"]  # not tried without a database
            assert Browser().get(base + "/healthz").status == 200  # the process itself lives
            cluster.start()
            assert Browser().get(base + "/readyz").status == 200


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_two_inits_at_once_create_and_seed_the_database_once(
    backend: str, pg_cluster: Any, tmp_path: Path
) -> None:
    env = {"PHRASEBOOK_DATA_DIR": str(tmp_path)}
    if backend == "postgres":
        env["PHRASEBOOK_DATABASE_URL"] = pg_cluster.create_database()
    both = [start_cli(env, "init") for _ in range(2)]
    codes = [process.wait(timeout=300) for process in both]
    logs = [path.read_text() for path in sorted(tmp_path.glob("init-*.log"))]
    assert codes == [0, 0], logs
    # one created and seeded it; the other waited for the schema lock, then found it done
    assert sum("created" in log for log in logs) == 1, logs
    assert sum("schema up to date" in log for log in logs) == 1, logs
    stats = run_cli(env, "stats")
    assert stats.returncode == 0 and "phrases: 562 " in stats.stdout, stats.stdout
