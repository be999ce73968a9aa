"""Search latency of this tree against an earlier commit, in one run (A/B).

    .venv/bin/python bench/search_ab.py --before COMMIT [--rounds 6] [--postgres | --keep DIR]

On a shared, noisy machine two runs of ``bench/search.py`` minutes apart can differ by half;
only a comparison inside one run holds. This builds the 100,000 phrases of ``bench/search.py``
once (with this tree's code and schema), checks COMMIT out into a temporary git worktree, and
then asks the bench's 192 queries in alternating rounds, each round in a fresh process of
either tree against the same database (the order swapped every round). It prints p50/p95 per
round and over all rounds, and the typo-lookup time of each round as a reference of how fast
the machine was. The earlier code must be able to read this tree's schema (extra columns are
fine). Not a test: the numbers go into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def time_queries(root: str, database_url: str | None, folder: str) -> None:
    """(In a fresh process, with ``root`` first on the path.) Print the milliseconds of each
    of the bench's timed queries, after its warm-up, as JSON."""
    sys.path[:0] = [root, f"{root}/bench"]
    import search as bench  # the bench of that tree: its queries and how the app asks

    import phrasebook
    from phrasebook.config import Settings
    from phrasebook.store import Store

    assert phrasebook.__file__ and phrasebook.__file__.startswith(root), phrasebook.__file__
    settings = Settings.from_env(environ={}, data_dir=folder)
    if database_url:
        settings = settings.with_changes(database_url=database_url)
    store = Store.open(settings)
    words = bench.seed_words()
    with store.uow() as uow:
        for _kind, query in bench.queries(words, random.Random(1), 12):
            uow.search.search(query, **bench.AS_THE_APP_ASKS)
    timings = []
    for _kind, query in bench.queries(words, random.Random(20261126), 200):
        with store.uow() as uow:
            started = time.perf_counter()
            uow.search.search(query, **bench.AS_THE_APP_ASKS)
            timings.append((time.perf_counter() - started) * 1000)
    store.close()
    print(json.dumps({"timings": timings, "typo_ms": bench.typo_lookup_ms(lookups=20)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, metavar="COMMIT")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--keep", metavar="FOLDER", help="an SQLite phrase book of bench/search.py")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)  # root, url, folder
    args = parser.parse_args()
    if args.worker:
        root, url, folder = args.worker
        time_queries(root, url or None, folder)
        return
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import search as bench

    from phrasebook.config import Settings
    from phrasebook.db import migrate
    from phrasebook.store import Store

    with contextlib.ExitStack() as stack:
        worktree = stack.enter_context(tempfile.TemporaryDirectory(prefix="phrasebook-ab-"))
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", worktree, args.before],
            check=True, capture_output=True,
        )  # fmt: skip
        stack.callback(
            subprocess.run, ["git", "-C", str(ROOT), "worktree", "remove", "--force", worktree],
            check=False, capture_output=True,
        )  # fmt: skip
        url = ""
        folder = args.keep or stack.enter_context(tempfile.TemporaryDirectory())
        if args.postgres:
            from tests.support.postgres import throwaway_cluster

            url = stack.enter_context(throwaway_cluster()).create_database()
        if not (Path(folder) / "bench-built").exists() or args.postgres:
            settings = Settings.from_env(environ={}, data_dir=folder)
            store = Store.open(settings.with_changes(database_url=url) if url else settings)
            migrate(store.engine)
            bench.generate(store, 100_000, bench.seed_words(), random.Random(20261125))
            bench.settle(store)
            bench.build_index(store)
            store.close()
            (Path(folder) / "bench-built").write_text("100000 phrases\n")
        trees = {f"before ({args.before})": worktree, "after (this tree)": str(ROOT)}
        every: dict[str, list[float]] = {label: [] for label in trees}
        for number in range(args.rounds):
            order = list(trees) if number % 2 == 0 else list(reversed(trees))
            for label in order:
                command = [sys.executable, __file__, "--before", args.before, "--worker"]
                done = subprocess.run(
                    [*command, trees[label], url, folder], check=True, capture_output=True,
                    text=True,
                )  # fmt: skip
                answer = json.loads(done.stdout.strip().splitlines()[-1])
                timings = answer["timings"]
                every[label] += timings
                print(
                    f"round {number} {label}: p50 {statistics.median(timings):.2f} ms, "
                    f"p95 {bench.percentile(timings, 0.95):.2f} ms "
                    f"(typo lookup {answer['typo_ms']:.1f} ms)",
                    flush=True,
                )
        print("| | p50 ms | p95 ms | searches |\n|---|---|---|---|")
        for label, timings in every.items():
            print(
                f"| {label} | {statistics.median(timings):.2f} "
                f"| {bench.percentile(timings, 0.95):.2f} | {len(timings)} |"
            )


if __name__ == "__main__":
    main()
