"""Search latency over 100,000 phrases (SQLite file in a temporary folder).

    .venv/bin/python bench/search.py [--phrases 100000] [--queries 200]

Builds phrases in four languages from the words of the curated seeds (random, reproducible),
writes them and their search keys (phrasebook.search.build_keys, the same code the app uses,
pronunciation aids included), then times ``phrasebook.search.search`` end to end (matching,
ranking, loading the phrases shown) for queries of several kinds — as typed, and through word
forms (a base form, a Korean word with a particle) and Latin spellings of Ukrainian — and prints
p50/p95 per kind and overall, the index build time and the peak memory. Not a test: the
numbers go into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from phrasebook.config import Settings  # noqa: E402 - after the path set-up above
from phrasebook.models import Phrase, Translation  # noqa: E402
from phrasebook.search import SearchKey, build_keys, choseong  # noqa: E402
from phrasebook.search.forms import latin_spellings, word_forms  # noqa: E402
from phrasebook.store import Store  # noqa: E402

LANGUAGES = ("ko", "uk", "ru", "en")
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
    started = time.perf_counter()
    table = Phrase.__table__
    translations = Translation.__table__
    keys = SearchKey.__table__
    with store.engine.begin() as connection:
        for start in range(0, count, BATCH):
            phrase_rows = []
            translation_rows = []
            key_rows = []
            for number in range(start, min(start + BATCH, count)):
                phrase_id = number + 1
                phrase_rows.append(
                    {"id": phrase_id, "uid": f"bench.{number}", "category": f"c{number % 40}",
                     "tags": [], "notes": "", "register": "neutral", "position": number}
                )  # fmt: skip
                texts = []
                for lang in LANGUAGES:
                    text = " ".join(rng.choices(words[lang], k=rng.randint(2, 7))) + "."
                    texts.append((lang, text))
                    translation_rows.append(
                        {"phrase_id": phrase_id, "lang": lang, "text": text, "status": "reviewed",
                         "provenance": {}, "notes": "", "revision": 1}
                    )  # fmt: skip
                built = build_keys(sorted(texts))
                key_rows.append(
                    {"phrase_id": phrase_id, "key": built.text, "initials": built.initials}
                )
            connection.execute(insert(table), phrase_rows)
            connection.execute(insert(translations), translation_rows)
            connection.execute(insert(keys), key_rows)
            print(
                f"\r  {min(start + BATCH, count):>7} phrases", end="", file=sys.stderr, flush=True
            )
    print(f"\n  generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _latin(word: str) -> str:
    return latin_spellings(word, "uk")[-1].lower()


def queries(words: dict[str, list[str]], rng: random.Random, total: int) -> list[tuple[str, str]]:
    per_kind = max(1, total // 11)
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
    return made


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(20261125)
    words = seed_words()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Settings.from_env(environ={}, data_dir=folder))
        from phrasebook.db import migrate

        migrate(store.engine)
        print(f"generating {args.phrases} phrases in {folder}", file=sys.stderr)
        generate(store, args.phrases, words, rng)
        timings: dict[str, list[float]] = defaultdict(list)
        hits: dict[str, list[int]] = defaultdict(list)
        workload = queries(words, rng, args.queries)
        with store.uow() as uow:  # warm-up: page cache and statement cache
            for _kind, query in workload[:10]:
                uow.search.search(query)
        for kind, query in workload:
            with store.uow() as uow:
                started = time.perf_counter()
                result = uow.search.search(query)
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
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (max RSS) {peak:.0f} MB")


if __name__ == "__main__":
    main()
