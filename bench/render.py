"""Rendering one page without the page cache: milliseconds per request in one thread.

    .venv/bin/python bench/render.py [--path /sets/safety] [--requests 30]

On a new data directory with the seeds, builds the app with ``PHRASEBOOK_PAGE_CACHE_MB=0``
and requests ``--path`` through Flask's test client (no network, no server threads) for a
reader of Ukrainian learning Korean, after three warm-up requests: what a cache miss costs.
Not a test: the numbers go into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/sets/safety")
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PHRASEBOOK_DATA_DIR"] = folder
        os.environ["PHRASEBOOK_PAGE_CACHE_MB"] = "0"
        phrasebook = ROOT / ".venv" / "bin" / "phrasebook"
        subprocess.run([str(phrasebook), "init"], check=True, stdout=subprocess.DEVNULL)
        from app import create_app

        client = create_app().test_client()
        client.set_cookie("reader", "uk")
        client.set_cookie("target", "ko")
        for _ in range(3):
            response = client.get(args.path)
            assert response.status_code == 200, response.status_code
        started = time.perf_counter()
        for _ in range(args.requests):
            client.get(args.path).get_data()
        each = (time.perf_counter() - started) / args.requests
        load = os.getloadavg()[0]
        stamp = time.strftime("%Y-%m-%d %H:%M")
        print(f"# {platform.node()}, Python {platform.python_version()}, {stamp}, load {load:.1f}")
        print(f"{args.path}: {each * 1000:.1f} ms a request ({len(response.data):,} bytes)")


if __name__ == "__main__":
    main()
