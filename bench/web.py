"""Pages under load: requests/s and p95 of reader pages served by ``phrasebook serve``.

    .venv/bin/python bench/web.py [--seconds 60] [--clients 8] [--phrases 10000]
                                  [--database sqlite|postgres]

Starts ``phrasebook serve`` (waitress, 8 threads) on 127.0.0.1 on a fresh data directory
with the seeds (SQLite, or a database in a throwaway PostgreSQL cluster made with initdb, as
the tests make theirs), and sends each URL from ``--clients`` threads (keep-alive
connections) for ``--seconds``; then imports ``--phrases`` generated phrases into a set
holding them all and measures again. Loopback only. Not a test: the numbers go into
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.support.postgres
PHRASEBOOK = ROOT / ".venv" / "bin" / "phrasebook"
URLS = {
    "safety set page": "/sets/safety",
    "search page ?q=water": "/search?q=water",
    "API search ?q=ㄱㅅ": "/api/v1/search?q=%E3%84%B1%E3%85%85",
}
BIG_URLS = {
    "set of all, page 1": "/sets/bench-all",
    "search page ?q=water": "/search?q=water",
    "API list ?limit=100": "/api/v1/phrases?limit=100",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def hammer(port: int, path: str, clients: int, seconds: float) -> tuple[float, float, int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        nonlocal errors
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": "reader=uk; target=ko"})
            response = connection.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            bad += response.status >= 400
        connection.close()
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    p95 = statistics.quantiles(latencies, n=20)[-1] if len(latencies) > 20 else max(latencies)
    return len(latencies) / seconds, p95, errors


def environment(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {**os.environ, "PHRASEBOOK_DATA_DIR": str(data_dir)}
    if database_url:
        env["PHRASEBOOK_DATABASE_URL"] = database_url
    return env


def serve(data_dir: Path, port: int, database_url: str | None) -> subprocess.Popen[bytes]:
    env = environment(data_dir, database_url)
    process = subprocess.Popen(
        [str(PHRASEBOOK), "serve", "--port", str(port), "--threads", "8"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(300):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/")
            return process
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def big_book(data_dir: Path, phrases: int, database_url: str | None) -> None:
    rows = [
        {
            "id": f"bench.{n:06d}",
            "category": f"bench-{n % 16}",
            "translations": {
                "en": {"text": f"Water point number {n}"},
                "uk": {"text": f"Пункт води номер {n}"},
                "ru": {"text": f"Пункт воды номер {n}"},
                "ko": {"text": f"{n}번 급수소"},
            },
        }
        for n in range(phrases)
    ]
    document = {
        "format": "phrasebook/1",
        "phrases": rows,
        "sets": [{"id": "bench-all", "phrases": [r["id"] for r in rows]}],
    }
    path = data_dir / "big.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    env = {**environment(data_dir, database_url), "PHRASEBOOK_IMPORT_MAX_BYTES": str(1 << 30)}
    subprocess.run([str(PHRASEBOOK), "import", str(path)], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def measure(
    data_dir: Path,
    urls: dict[str, str],
    args: argparse.Namespace,
    label: str,
    database_url: str | None,
) -> None:
    port = free_port()
    process = serve(data_dir, port, database_url)
    try:
        for name, path in urls.items():
            hammer(port, path, 2, 2)  # warm
            rate, p95, errors = hammer(port, path, args.clients, args.seconds)
            print(f"| {label} | {name} | {rate:.1f} | {p95 * 1000:.0f} | {errors} |", flush=True)
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--phrases", type=int, default=10000)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    with ExitStack() as stack:
        database_url = None
        if args.database == "postgres":
            from tests.support.postgres import throwaway_cluster

            database_url = stack.enter_context(throwaway_cluster()).create_database()
        run(args, database_url)


def run(args: argparse.Namespace, database_url: str | None) -> None:
    machine = f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(
        f"# {machine}, {time.strftime('%Y-%m-%d')}; {args.clients} clients × {args.seconds:.0f} s"
    )
    print(f"{args.database}:")
    print("| store | URL | requests/s | p95 (ms) | errors |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        subprocess.run([str(PHRASEBOOK), "init"], check=True, stdout=subprocess.DEVNULL,
                       env=environment(data_dir, database_url))  # fmt: skip
        measure(data_dir, URLS, args, "seeds (312)", database_url)
        big_book(data_dir, args.phrases, database_url)
        big_label = f"seeds + {args.phrases:,}"
        measure(data_dir, {**URLS, **BIG_URLS}, args, big_label, database_url)


if __name__ == "__main__":
    sys.exit(main())
