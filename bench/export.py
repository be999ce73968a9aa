"""Export and import at disk speed: ``phrasebook/1`` of N phrases × 4 languages with aids.

    .venv/bin/python bench/export.py [--sizes 1000,10000,50000] [--gc-pause on|off]

For each size: a phrasebook/1 document of N phrases in ko/uk/ru/en (texts built from the
seeds' words, reproducible) is imported into an empty SQLite store (timed: validation and the
one transaction), the stored aids are computed once (``regenerate_aids``, not timed: a store
keeps them), then the export is timed — reading everything (aids included) and writing the
JSON text, as ``phrasebook export`` does — against ``json.loads`` + ``json.dumps`` of the same
text in the same run; peak traced memory of the export is reported. The export is written
to a file piece by piece as ``phrasebook export -o FILE`` writes it (so its peak memory is
what the exporter holds, not the whole text). Not a test: the numbers
go into BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from phrasebook import services  # noqa: E402 - after the path set-up above
from phrasebook.config import Settings  # noqa: E402
from phrasebook.db import migrate  # noqa: E402
from phrasebook.pronunciation.service import export_deriver, regenerate_aids  # noqa: E402
from phrasebook.store import Store  # noqa: E402

LANGUAGES = ("ko", "uk", "ru", "en")
READERS = ("uk", "ru", "en")


def words() -> dict[str, list[str]]:
    found: dict[str, set[str]] = {lang: set() for lang in LANGUAGES}
    for path in sorted((ROOT / "seeds").glob("*.json")):
        for phrase in json.loads(path.read_text(encoding="utf-8"))["phrases"]:
            for lang, item in phrase["translations"].items():
                if lang in found:
                    found[lang].update(item["text"].strip("?!.").split())
    return {lang: sorted(items) for lang, items in found.items()}


def document(size: int, vocabulary: dict[str, list[str]]) -> bytes:
    rng = random.Random(size)
    phrases = []
    for n in range(size):
        texts = {
            lang: " ".join(rng.choice(vocabulary[lang]) for _ in range(rng.randint(2, 6)))
            for lang in LANGUAGES
        }
        phrases.append(
            {
                "id": f"bench.{n:06d}",
                "category": f"cat-{n % 16}",
                "translations": {lang: {"text": text} for lang, text in texts.items()},
            }
        )
    sets = [{"id": "all", "phrases": [p["id"] for p in phrases[: min(size, 5000)]]}]
    return json.dumps({"format": "phrasebook/1", "phrases": phrases, "sets": sets}).encode()


def run(size: int, vocabulary: dict[str, list[str]], folder: Path) -> dict[str, float]:
    settings = Settings.from_env(environ={}, data_dir=folder / str(size)).with_changes(
        import_max_bytes=1 << 31
    )
    store = Store.open(settings)
    migrate(store.engine)
    raw = document(size, vocabulary)
    started = time.perf_counter()
    services.import_bytes(
        store.uow(), raw, source="bench.json", languages=LANGUAGES, max_bytes=1 << 31
    )
    imported = time.perf_counter() - started
    regenerate_aids(store.uow(), READERS)

    target = folder / f"export-{size}.json"

    def export() -> None:
        # As `phrasebook export -o FILE` does: the pieces go to the file as they come.
        uow = store.uow()
        with target.open("w", encoding="utf-8") as file:
            file.writelines(services.export_stream(uow, derive=export_deriver(uow, READERS)))

    export()  # warm: the process's first export also imports and compiles what it needs
    started = time.perf_counter()
    export()
    exported = time.perf_counter() - started
    text = target.read_text(encoding="utf-8")
    # Memory in a run of its own (tracing slows Python code several times over), with the
    # text of the previous run released.
    del text
    tracemalloc.start()
    export()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    text = target.read_text(encoding="utf-8")
    started = time.perf_counter()
    json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=2)
    baseline = time.perf_counter() - started
    store.close()
    return {
        "size": size,
        "import_s": imported,
        "export_s": exported,
        "json_s": baseline,
        "ratio": exported / baseline,
        "export_mb": len(text.encode()) / 1e6,
        "peak_mb": peak / 1e6,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument(
        "--gc-pause", choices=("on", "off"), default="on",
        help="on: the garbage collector is paused around bulk work, as in `phrasebook import` "
        "and `phrasebook export`; off: as in a server process (phrasebook.collector)",
    )  # fmt: skip
    args = parser.parse_args()
    if args.gc_pause == "on":
        from phrasebook import collector

        collector.allow_pausing()
    vocabulary = words()
    print(f"# {platform.node()} {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}")  # fmt: skip
    print("| phrases | import (s) | export (s) | json loads+dumps (s) | export ÷ json | "
          "file (MB) | export peak (MB) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(part) for part in args.sizes.split(",")):
            r = run(size, vocabulary, Path(folder))
            print(f"| {size:,} | {r['import_s']:.2f} | {r['export_s']:.2f} | {r['json_s']:.2f} "
                  f"| {r['ratio']:.1f}× | {r['export_mb']:.1f} | {r['peak_mb']:.0f} |",
                  flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
