"""Many processes, one phrase book: requests/s and p95 of a read-heavy mix, and fill throughput.

    .venv/bin/python bench/processes.py [--seconds 15] [--clients 16]

Real ``phrasebook serve`` processes on loopback ports (tests/support/servers.py), on a
SQLite file and on a throwaway PostgreSQL cluster (with a throwaway redis-server for the
shared rate limits and, for the fill, the task queue):

* **reads**: ``--clients`` client threads, each with its own keep-alive connection, ask for a
  mix of the home page, a set page, a search, a phrase page and a cached audio clip, spread
  over the servers, for ``--seconds``; 1 process × 8 threads against 2 processes × 4 threads.
  The clients run on the same machine as the servers and take CPU from them: compare the
  configurations with each other, not with another machine.
* **fill**: two sets of ``--fill-phrases`` English phrases filled into Korean by the fake engine
  (no model: the database writes and the queue are what is measured) with 1 and with 2
  ``phrasebook worker`` processes on the Redis queue; phrases filled per second.

Not a test: the numbers go into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.postgres import throwaway_cluster  # noqa: E402 - after the path set-up
from tests.support.redis_server import throwaway_redis  # noqa: E402
from tests.support.servers import Browser, run_cli, serving, start_cli  # noqa: E402

MIX = (
    "/",
    "/sets/basics",
    "/search?q=water",
    "/search?q=%D0%B2%D0%BE%D0%B4%D0%B0",  # вода
    "/phrases/basics.thank-you",
    "/audio/phrase/basics.thank-you/ko",
)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _final_path(base: str, path: str) -> str:
    """Where ``path`` ends after its redirect (a phrase's audio redirects to the cached clip,
    the address a player then fetches)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.getheader("Location") or path if response.status == 303 else path
    finally:
        connection.close()


def load(bases: list[str], clients: int, seconds: float) -> tuple[float, float, int]:
    """(requests per second, p95 ms, errors) of ``clients`` threads asking for the mix."""
    for base in bases:  # warm: page cache, audio clip made, statement caches
        for path in MIX:
            Browser().get(base + path)
    mix = [_final_path(bases[0], path) for path in MIX]
    timings: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(number: int) -> None:
        nonlocal errors
        base = bases[number % len(bases)]
        host, port = base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        mine: list[float] = []
        failed = 0
        turn = number
        while time.monotonic() < stop:
            path = mix[turn % len(mix)]
            turn += 1
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                failed += 1
        connection.close()
        with lock:
            timings.extend(mine)
            errors += failed

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return len(timings) / elapsed, percentile(timings, 0.95), errors


@contextlib.contextmanager
def servers(env: dict[str, str], processes: int, threads: int) -> Iterator[list[str]]:
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(serving(env, threads=threads)) for _ in range(processes)]


def reads(env: dict[str, str], clients: int, seconds: float) -> list[tuple[str, float, float]]:
    found = []
    for processes, threads in ((1, 8), (2, 4)):
        with servers(env, processes, threads) as bases:
            rate, p95, errors = load(bases, clients, seconds)
        if errors:
            raise SystemExit(f"{errors} requests failed with {processes} x {threads}")
        found.append((f"{processes} × {threads} threads", rate, p95))
        print(f"  {processes} x {threads}: {rate:.0f} req/s, p95 {p95:.1f} ms", file=sys.stderr)
    return found


def fill_rate(env: dict[str, str], workers: int, phrases: int, round_: int) -> float:
    """Phrases filled per second for two sets at once, with ``workers`` worker processes."""
    slugs = [f"bench-{round_}-{n}" for n in range(2)]
    document = {
        "format": "phrasebook/1",
        "phrases": [
            {
                "id": f"{slug}.{n}",
                "category": "basics",
                "translations": {"en": {"text": f"Phrase {n} of {slug}."}},
            }
            for slug in slugs
            for n in range(phrases)
        ],  # fmt: skip
        "sets": [
            {"id": slug, "names": {"en": slug}, "phrases": [f"{slug}.{n}" for n in range(phrases)]}
            for slug in slugs
        ],  # fmt: skip
    }
    source = Path(env["PHRASEBOOK_DATA_DIR"]) / f"{slugs[0]}.json"
    source.write_text(json.dumps(document), "utf-8")
    assert run_cli(env, "import", str(source)).returncode == 0
    auth = {"Authorization": f"Bearer {env['BENCH_TOKEN']}"}
    running = [start_cli(env, "worker", "--threads", "1") for _ in range(workers)]
    try:
        with serving(env, threads=4) as base:
            time.sleep(2)  # the workers are up and polling
            started = time.monotonic()
            urls = []
            for slug in slugs:
                answer = Browser().post_json(
                    f"{base}/api/v1/sets/{slug}/fill", {"target": "ko"}, auth
                )
                urls.append(base + answer.json()["status_url"])
            for url in urls:
                while Browser().get_json(url, auth).json()["status"] not in ("done", "failed"):
                    time.sleep(0.05)
            elapsed = time.monotonic() - started
    finally:
        for worker in running:
            worker.terminate()
            worker.wait(timeout=60)
    return 2 * phrases / elapsed


def installation(folder: Path, database_url: str | None, redis_url: str) -> dict[str, str]:
    env = {
        "PHRASEBOOK_DATA_DIR": str(folder),
        "PHRASEBOOK_SECRET_KEY": "0123456789abcdef" * 4,
        "PHRASEBOOK_RATELIMIT_STORAGE": redis_url,
        "PHRASEBOOK_MT_ENGINE": "fake",
    }
    if database_url:
        env["PHRASEBOOK_DATABASE_URL"] = database_url
    assert run_cli(env, "init").returncode == 0
    assert run_cli(env, "user", "add", "bench", stdin="bench pass phrase\n" * 2).returncode == 0
    env["BENCH_TOKEN"] = run_cli(env, "user", "token", "bench").stdout.strip()
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--fill-phrases", type=int, default=1000)
    args = parser.parse_args()
    rows: list[str] = []
    fills: list[str] = []
    with throwaway_redis() as redis_url, throwaway_cluster() as cluster:
        for backend in ("SQLite", "PostgreSQL"):
            with tempfile.TemporaryDirectory() as folder:
                url = cluster.create_database() if backend == "PostgreSQL" else None
                env = installation(Path(folder), url, redis_url)
                print(f"{backend}: reads", file=sys.stderr)
                for name, rate, p95 in reads(env, args.clients, args.seconds):
                    rows.append(f"| {backend} | {name} | {rate:.0f} | {p95:.1f} |")
                if backend == "PostgreSQL":
                    env["PHRASEBOOK_QUEUE_URL"] = redis_url.rsplit("/", 1)[0] + "/1"
                    for round_, workers in enumerate((1, 2)):
                        rate = fill_rate(env, workers, args.fill_phrases, round_)
                        print(f"  fill, {workers} workers: {rate:.0f}/s", file=sys.stderr)
                        fills.append(f"| {workers} | {rate:.0f} |")
    print(f"reads: {args.clients} clients, {args.seconds:.0f} s, mix {', '.join(MIX)}\n")
    print("| database | server processes | requests/s | p95 ms |")
    print("|---|---|---|---|")
    print("\n".join(rows))
    print(f"\nfill: two sets of {args.fill_phrases} phrases at once, fake engine, Redis queue\n")
    print("| workers | phrases filled per second |")
    print("|---|---|")
    print("\n".join(fills))


if __name__ == "__main__":
    main()
