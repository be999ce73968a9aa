"""Search latency over 100,000 phrases (SQLite file in a temporary folder, or PostgreSQL).

    .venv/bin/python bench/search.py [--phrases 100000] [--queries 200] [--keep FOLDER]
    .venv/bin/python bench/search.py --postgres

Builds phrases in four languages from the words of the curated seeds (random, reproducible),
writes them, builds their search index as the app does (``SqlSearchIndex.rebuild``: keys with
pronunciation aids, word forms and Latin spellings, and the words typos are matched against),
then times ``phrasebook.search.search`` end to end (matching, ranking, loading the phrases
shown) for queries of several kinds — as typed, through word forms (a base form, a Korean word
with a particle), Latin spellings of Ukrainian, typos — and prints p50/p95 per kind and
overall, the index build time and the peak memory. Not a test: the numbers go into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import resource
import statistics
import string
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from phrasebook.config import Settings  # noqa: E402 - after the path set-up above
from phrasebook.models import Phrase, Translation  # noqa: E402
from phrasebook.search import choseong  # noqa: E402
from phrasebook.search.forms import latin_spellings, word_forms  # noqa: E402
from phrasebook.search.typos import Vocabulary  # noqa: E402
from phrasebook.store import Store  # noqa: E402

LANGUAGES = ("ko", "uk", "ru", "en")
# what the search page passes for a Ukrainian reader of Korean (phrasebook.reading.search)
AS_THE_APP_ASKS: dict[str, Any] = {"languages": ("uk", "ko"), "reviewed_in": ("ko",)}
STATUSES = ("reviewed", "reviewed", "draft", "machine")  # most reviewed, as in a kept phrase book
BATCH = 2000


def seed_words() -> dict[str, list[str]]:
    words: dict[str, set[str]] = defaultdict(set)
    for path in sorted((ROOT / "seeds").glob("*.json")):
        for phrase in json.loads(path.read_text("utf-8"))["phrases"]:
            for lang, item in phrase["translations"].items():
                for word in item["text"].split():
                    cleaned = word.strip('.,!?…:;«»"()')
                    if cleaned:
                        words[lang].add(cleaned)
    return {lang: sorted(found) for lang, found in words.items()}


def generate(store: Store, count: int, words: dict[str, list[str]], rng: random.Random) -> None:
    """Write ``count`` phrases in four languages straight into the tables (not timed: this is
    the data, not the index)."""
    table = Phrase.__table__
    translations = Translation.__table__
    with store.engine.begin() as connection:
        for start in range(0, count, BATCH):
            phrase_rows = []
            translation_rows = []
            for number in range(start, min(start + BATCH, count)):
                phrase_id = number + 1
                phrase_rows.append(
                    {"id": phrase_id, "uid": f"bench.{number}", "category": f"c{number % 40}",
                     "tags": [], "notes": {}, "register": "neutral", "position": number}
                )  # fmt: skip
                for lang in LANGUAGES:
                    text = " ".join(rng.choices(words[lang], k=rng.randint(2, 7))) + "."
                    translation_rows.append(
                        {"phrase_id": phrase_id, "lang": lang, "text": text,
                         "status": rng.choice(STATUSES), "provenance": {}, "notes": {},
                         "revision": 1}
                    )  # fmt: skip
            connection.execute(insert(table), phrase_rows)
            connection.execute(insert(translations), translation_rows)


def settle(store: Store) -> None:
    """PostgreSQL: vacuum and analyze the tables just loaded (not timed), as autovacuum soon
    would: otherwise it does so on the other core while the index build is timed (measured:
    80 s with it at work, 56 s without)."""
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as connection:
            autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
            autocommit.execute(text("VACUUM (ANALYZE)"))


def build_index(store: Store) -> float:
    """Build the search index the way the app does (``SqlSearchIndex.rebuild``); seconds."""
    started = time.perf_counter()
    with store.uow() as uow:
        count = uow.search.rebuild()
        uow.commit()
    elapsed = time.perf_counter() - started
    print(f"  indexed {count} phrases in {elapsed:.1f} s", file=sys.stderr)
    # The same after the keys are written: the planner needs their statistics (without them
    # it picks bitmap scans of every row a common trigram is in), and autovacuum must not be
    # at work on the other core while the queries are timed.
    settle(store)
    return elapsed


def _latin(word: str) -> str:
    return latin_spellings(word, "uk")[-1].lower()


def _typo(word: str, rng: random.Random) -> str:
    """``word`` with one letter inside dropped or two neighbours swapped."""
    at = rng.randrange(1, len(word) - 2)
    if rng.random() < 0.5:
        return word[:at] + word[at + 1 :]
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def queries(words: dict[str, list[str]], rng: random.Random, total: int) -> list[tuple[str, str]]:
    per_kind = max(1, total // 12)
    long_words = [w.lower() for lang in ("en", "uk") for w in words[lang] if len(w) >= 6]
    inflected = [w for w in words["uk"] if word_forms(w.lower(), "uk")]
    hangul = words["ko"]
    made: list[tuple[str, str]] = []
    for _ in range(per_kind):
        made.append(("latin word", rng.choice(words["en"]).lower()))
        made.append(("cyrillic, ё→е", rng.choice(words["ru"]).lower().replace("ё", "е")))
        made.append(("hangul word", rng.choice(hangul)))
        made.append(("hangul partial", rng.choice(hangul)[:2] or "감"))
        made.append(("choseong", choseong(rng.choice([w for w in hangul if len(w) >= 2])).text[:2]))
        made.append(("two terms", f"{rng.choice(words['uk'])} {rng.choice(words['uk'])}"))
        made.append(("romanized", rng.choice(["gamsa", "juseyo", "annyeong", "mul", "bap"])))
        made.append(("no match", f"zq{rng.randint(100, 999)}x"))
        # the base form of a word the phrases hold inflected (вода for воду)
        made.append(("inflected", word_forms(rng.choice(inflected).lower(), "uk")[-1]))
        made.append(("particle", rng.choice([w for w in hangul if len(w) >= 2]) + "을"))
        made.append(("latin for cyrillic", _latin(rng.choice(words["uk"]))))
        made.append(("typo", _typo(rng.choice(long_words), rng)))
    return made


def typo_lookup_ms(words: int = 200_000, lookups: int = 50) -> float:
    """Milliseconds per typo lookup (``Vocabulary.near``) among ``words`` random words of 4-12
    letters: the bench's phrases reuse the seeds' few thousand words, a real phrase book of
    100,000 phrases holds far more."""
    rng = random.Random(3)
    vocabulary = Vocabulary()
    made = [
        "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 12))) for _ in range(words)
    ]
    vocabulary.add(made)
    asked = [w[:2] + w[3:] for w in rng.sample([w for w in made if len(w) >= 6], lookups)]
    started = time.perf_counter()
    for word in asked:
        vocabulary.near(word)
    return (time.perf_counter() - started) * 1000 / lookups


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--keep", metavar="FOLDER", help="build the phrase book in FOLDER and keep it there; "
        "reuse it (no build) when FOLDER already holds one"
    )  # fmt: skip
    parser.add_argument(
        "--postgres", action="store_true",
        help="in a throwaway PostgreSQL cluster (initdb; tests/support/postgres.py) instead"
    )  # fmt: skip
    args = parser.parse_args()
    words = seed_words()
    with contextlib.ExitStack() as stack:
        folder = args.keep or stack.enter_context(tempfile.TemporaryDirectory())
        Path(folder).mkdir(parents=True, exist_ok=True)
        build_seconds: float | None = None
        settings = Settings.from_env(environ={}, data_dir=folder)
        if args.postgres:
            from tests.support.postgres import throwaway_cluster

            cluster = stack.enter_context(throwaway_cluster())
            settings = settings.with_changes(database_url=cluster.create_database())
        finished = Path(folder) / "bench-built"  # (written once the index is built)
        built = not args.postgres and finished.exists()
        if not built:
            (Path(folder) / "phrasebook.sqlite3").unlink(missing_ok=True)
        store = Store.open(settings)
        from phrasebook.db import migrate

        migrate(store.engine)
        if built:
            print(f"reusing the phrase book in {folder}", file=sys.stderr)
        else:
            print(f"generating {args.phrases} phrases in {folder}", file=sys.stderr)
            generate(store, args.phrases, words, random.Random(20261125))
            settle(store)
            build_seconds = build_index(store)
            finished.write_text(f"{args.phrases} phrases\n")
        rng = random.Random(20261126)  # the queries: the same whether built now or reused
        timings: dict[str, list[float]] = defaultdict(list)
        hits: dict[str, list[int]] = defaultdict(list)
        workload = queries(words, rng, args.queries)
        # Warm-up, one query of each kind from another draw: the page and statement caches,
        # and what loads on first use (pymorphy3's dictionaries, the typo vocabulary). The
        # timed queries are then each asked for the first time.
        with store.uow() as uow:
            for _kind, query in queries(words, random.Random(1), 12):
                uow.search.search(query, **AS_THE_APP_ASKS)
        for kind, query in workload:
            with store.uow() as uow:
                started = time.perf_counter()
                result = uow.search.search(query, **AS_THE_APP_ASKS)
                timings[kind].append((time.perf_counter() - started) * 1000)
                hits[kind].append(len(result.phrases))
        store.close()
    everything = [value for values in timings.values() for value in values]
    print("| query kind | queries | mean results | p50 ms | p95 ms |")
    print("|---|---|---|---|---|")
    for kind, values in timings.items():
        print(
            f"| {kind} | {len(values)} | {statistics.mean(hits[kind]):.0f} "
            f"| {percentile(values, 0.5):.1f} | {percentile(values, 0.95):.1f} |"
        )
    print(
        f"| **all** | {len(everything)} | | **{percentile(everything, 0.5):.1f}** "
        f"| **{percentile(everything, 0.95):.1f}** |"
    )
    if build_seconds is not None:
        print(f"\nindex build (SqlSearchIndex.rebuild) {build_seconds:.1f} s")
    print(f"typo lookup among 200,000 words: {typo_lookup_ms():.1f} ms")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (max RSS) {peak:.0f} MB")


if __name__ == "__main__":
    main()
