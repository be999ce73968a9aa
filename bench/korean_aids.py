"""Benchmark: Korean pronunciation aids of every Korean seed text, first pass and again.

The first pass converts each distinct word or breath group once (digit spelling, ㄴ-insertion
lookups, joins across a gap); the second shows the per-text cost once the caches are warm, as
when an import computes one text's aids for several readers.

    .venv/bin/python bench/korean_aids.py
"""

import glob
import json
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def main() -> None:
    texts = [
        p["translations"]["ko"]["text"]
        for f in sorted(glob.glob(str(SEEDS / "*.json")))
        for p in json.loads(Path(f).read_text("utf-8"))["phrases"]
    ]
    from phrasebook.pronunciation import transcribe

    transcribe("감사합니다", "ko", "uk")
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{datetime.now(UTC).date()}"
    )
    print("| reader | texts | first pass, µs/text | again, µs/text |")
    print("|---|---|---|---|")
    for reader in ("uk", "ru", "en"):
        start = time.perf_counter()
        for text in texts:
            transcribe(text, "ko", reader)
        cold = (time.perf_counter() - start) / len(texts) * 1e6
        start = time.perf_counter()
        for text in texts:
            transcribe(text, "ko", reader)
        warm = (time.perf_counter() - start) / len(texts) * 1e6
        print(f"| ko→{reader} | {len(texts)} | {cold:.1f} | {warm:.1f} |")


if __name__ == "__main__":
    main()
