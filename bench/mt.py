"""Benchmark: fill 500 phrases with a model of realistic size, batched vs one call per phrase.

The model is built once into bench/.cache/ (gitignored): a 6-layer transformer, d_model 512,
8 heads, feed-forward 2048, a 32k vocabulary, random weights quantized to int8 like the Argos
packages. Random weights decode to the maximum length, so both sides use the same
``max_decoding_length`` (phrase-like, 32) and the same beam size (4, argostranslate's
default). "Batched" is ``fill_set`` filling a set of 500 English phrases in a SQLite phrase
book (database work included); "one call per phrase" is how argostranslate and LibreTranslate
translate a string: one ``translate_batch`` call with a single sentence, with argostranslate's
thread settings (one worker using every core).

Each mode runs in its own process so that its peak memory (ru_maxrss) is its own.

    .venv/bin/python bench/mt.py            # both modes, prints a Markdown table
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # before site-packages, whose "tests" package is argostranslate's

CACHE = ROOT / "bench" / ".cache"
RESULTS = ROOT / "bench" / "results"
PHRASES = 500
SECOND_BASELINE_PHRASES = 100
MODES = ("batched", "per-phrase", "per-phrase-1-thread")
BEAM_SIZE = 4
MAX_DECODING_LENGTH = 32
THREADS = 2

WORDS = (
    "where is the water doctor food hospital road village soldier help stop please come here "
    "slowly raise your hands put down weapon you will be safe we do not shoot are hurt need "
    "medicine how many people with you follow me sit wait give name thank"
).split()


def phrases(count: int = PHRASES, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        words = rng.choices(WORDS, k=rng.randint(3, 10))
        made.append(" ".join(words).capitalize() + rng.choice(".?!"))
    return made


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def bench_sentencepiece() -> bytes:
    """Trained on phrases made of the benchmark's words, so that (as with a real 32k-piece
    model) most words are one piece: a phrase is about ten tokens, not one per letter."""
    from tests.support.argos_build import TRAINING_LINES, train_sentencepiece

    return train_sentencepiece([*TRAINING_LINES, *phrases(3000, seed=1)], vocab_size=400)


def packages_dir() -> Path:
    """The realistic-size en→ko package, built on first use (a minute or two)."""
    from tests.support.argos_build import REALISTIC, build_package_folder

    folder = CACHE / "packages" / "translate-en_ko-bench"
    if not (folder / "model" / "model.bin").is_file():
        started = time.perf_counter()
        print("building the benchmark model once in bench/.cache/ ...", file=sys.stderr)
        shutil.rmtree(folder, ignore_errors=True)  # what an interrupted build left
        build_package_folder(
            folder,
            "en",
            "ko",
            shape=REALISTIC,
            sp_model=bench_sentencepiece(),
            quantization="int8",
        )
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return folder.parent


def _store(tmp: Path, texts: list[str]) -> Any:
    """A SQLite phrase book with the phrases (English only) in one set, ``bench``."""
    from phrasebook.config import Settings
    from phrasebook.db import migrate
    from phrasebook.store import Store
    from tests.support.phrasebook_data import import_phrases

    store = Store.open(Settings.from_env(environ={}, data_dir=tmp))
    migrate(store.engine)
    phrases = {f"bench-{i:03d}": {"en": text} for i, text in enumerate(texts)}
    import_phrases(store, phrases, {"bench": list(phrases)}, category="bench")
    return store


def run_mode(mode: str) -> dict[str, object]:
    from phrasebook.mt import ArgosEngine, translate_texts
    from phrasebook.mt.service import fill_set

    count = PHRASES
    if mode == "batched":
        # phrasebook's defaults on this machine: one thread per batch, one worker per core
        threads, workers = 1, THREADS
    elif mode == "per-phrase":
        # argostranslate's defaults: one worker, every core on the one sentence
        threads, workers = THREADS, 1
    else:
        # a second baseline, on fewer phrases: one call per phrase on one thread, which does
        # better than two threads on a busy machine
        threads, workers, count = 1, 1, SECOND_BASELINE_PHRASES
    engine = ArgosEngine(
        packages_dir(),
        threads=threads,
        workers=workers,
        beam_size=BEAM_SIZE,
        max_decoding_length=MAX_DECODING_LENGTH,
    )
    texts = phrases(count)
    started = time.perf_counter()
    translate_texts(engine, ["Hello."], "en", "ko", 1)  # loads the model
    load_seconds = time.perf_counter() - started

    latencies = []
    for text in texts[:10]:
        started = time.perf_counter()
        translate_texts(engine, [text], "en", "ko", 3)  # one suggestion: three alternatives
        latencies.append(time.perf_counter() - started)

    calls_before = engine.batch_calls
    with tempfile.TemporaryDirectory() as tmp:
        if mode == "batched":
            store = _store(Path(tmp), texts)
            started = time.perf_counter()
            report = fill_set(
                store.uow(),
                engine,
                set_slug="bench",
                source_lang="en",
                target_lang="ko",
                by="bench",
                languages=store.settings.languages,
            )
            seconds = time.perf_counter() - started
            assert report.filled == len(texts), report.summary()
            store.close()
        else:
            started = time.perf_counter()
            results = [translate_texts(engine, [text], "en", "ko", 1)[0] for text in texts]
            seconds = time.perf_counter() - started
            assert all(results)
    return {
        "mode": mode,
        "threads_per_batch": threads,
        "workers": workers,
        "phrases": len(texts),
        "seconds": round(seconds, 2),
        "phrases_per_second": round(len(texts) / seconds, 2),
        "translate_batch_calls": engine.batch_calls - calls_before,
        "model_load_seconds": round(load_seconds, 2),
        "suggestion_latency_median_ms": round(statistics.median(latencies) * 1000),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--mode":
        print(json.dumps(run_mode(sys.argv[2])))
        return
    packages_dir()
    load_before = os.getloadavg()[0]
    rows = []
    for mode in MODES:
        completed = subprocess.run(
            [sys.executable, __file__, "--mode", mode], check=True, capture_output=True, text=True
        )
        rows.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    rates = [float(str(row["phrases_per_second"])) for row in rows]
    speedup, second = rates[0] / rates[1], rates[0] / rates[2]
    machine = (
        f"{cpu_model()}, {os.cpu_count()} CPUs, load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after"
    )
    report = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine,
        "python": platform.python_version(),
        "settings": {"beam_size": BEAM_SIZE, "max_decoding_length": MAX_DECODING_LENGTH},
        "rows": rows,
        "speedup": round(speedup, 2),
        "speedup_vs_one_thread": round(second, 2),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"mt-{datetime.now(UTC):%Y%m%d-%H%M}.json").write_text(json.dumps(report, indent=2))
    print(f"{report['date']}, {machine}, beam {BEAM_SIZE}, max length {MAX_DECODING_LENGTH}")
    print(
        "| mode | threads × workers | phrases/s | phrases | seconds | translate_batch calls | "
        "one suggestion, 3 alternatives (ms, median) | model load (s) | peak RSS (MB) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['mode']} | {row['threads_per_batch']} × {row['workers']} | "
            f"{row['phrases_per_second']} | {row['phrases']} | {row['seconds']} | "
            f"{row['translate_batch_calls']} | {row['suggestion_latency_median_ms']} | "
            f"{row['model_load_seconds']} | {row['peak_rss_mb']} |"
        )
    print(f"batched / per-phrase: {speedup:.1f}×; batched / per-phrase-1-thread: {second:.1f}×")


if __name__ == "__main__":
    main()
