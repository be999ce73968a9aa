"""Benchmark: printable PDFs with the fpdf2 renderer.

1. One sheet of 10 cards, what a user waits for after clicking Print: in a fresh Python process
   (imports, font loading, layout, subsetting, writing), and in a process that has already
   imported phrasebook (like the running web app).
2. 500 cards (the curated seeds uk -> ko with pronunciation aids, cycled to 500): cards layout
   without and with QR codes, duplex, and the folded sheet; pages per second.
3. Peak memory of the 500-card render: Python allocations (tracemalloc, in its own run, as
   tracing slows the work) and the process's peak resident size (ru_maxrss).

    .venv/bin/python bench/pdf.py       # prints a Markdown table, writes bench/results/pdf.json
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from phrasebook.pdf import CardRecord, PrintJob

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
CARDS = 500

COLD_SCRIPT = """
import sys, time
start = time.perf_counter()
sys.path.insert(0, {root!r})
from bench.pdf import seed_cards, job
from phrasebook.pdf.render_fpdf import FpdfRenderer
cards = seed_cards(10)
imported = time.perf_counter()
result = FpdfRenderer().render(job(cards, "cards", None))
import resource
end = time.perf_counter()
print(end - start, end - imported, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def seed_cards(count: int) -> list[CardRecord]:
    from phrasebook.pdf import CardRecord
    from phrasebook.pronunciation import transcribe

    phrases = []
    for path in sorted((ROOT / "seeds").glob("*.json")):
        for phrase in json.loads(path.read_text("utf-8"))["phrases"]:
            texts = phrase["translations"]
            if "uk" in texts and "ko" in texts:
                phrases.append((phrase["id"], phrase["category"], texts))
    cards = []
    for number in range(count):
        uid, category, texts = phrases[number % len(phrases)]
        cards.append(
            CardRecord(
                uid=f"{uid}.{number}",
                reader_text=texts["uk"]["text"],
                target_text=texts["ko"]["text"],
                aid=transcribe(texts["ko"]["text"], "ko", "uk"),
                reviewed=texts["ko"].get("status") == "reviewed",
                category=category,
            )
        )
    return cards


def job(cards: list[CardRecord], layout: str, qr: str | None) -> PrintJob:
    from phrasebook import __version__
    from phrasebook.pdf import Layout, Paper, PrintJob

    return PrintJob(
        cards=cards,
        set_name="Benchmark",
        edition=date(2026, 11, 25),
        version=__version__,
        reader="uk",
        target="ko",
        layout=Layout(layout),
        paper=Paper.A4,
        qr_base_url=qr,
    )


def cold_sheet(runs: int = 3) -> tuple[float, float, int]:
    """Median wall time of a fresh process, median of its first render alone, peak RSS."""
    times, renders, rss = [], [], 0
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", COLD_SCRIPT.format(root=str(ROOT))],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        ).stdout.split()
        times.append(float(out[0]))
        renders.append(float(out[1]))
        rss = max(rss, int(out[2]))
    return statistics.median(times), statistics.median(renders), rss


def main() -> None:
    import resource

    from phrasebook.pdf.render_fpdf import FpdfRenderer

    rows: list[tuple[str, str]] = []
    cold, first_render, cold_rss = cold_sheet()
    rows.append(("10 cards, fresh process (imports + fonts + render)", f"{cold:.2f} s"))
    rows.append(
        ("  of which the render (fonts, layout, subsetting, writing)", f"{first_render:.2f} s")
    )
    rows.append(("  peak resident memory of that process", f"{cold_rss / 1024:.0f} MiB"))

    cards = seed_cards(CARDS)
    renderer = FpdfRenderer()
    renderer.render(job(cards[:10], "cards", None))  # imports done, caches warm
    warm = []
    for _ in range(5):
        start = time.perf_counter()
        renderer.render(job(cards[:10], "cards", "http://localhost:5000"))
        warm.append(time.perf_counter() - start)
    rows.append(("10 cards with QR, in a running process", f"{statistics.median(warm):.3f} s"))

    results: dict[str, float] = {"cold_10": cold, "warm_10": statistics.median(warm)}
    for label, layout, qr in (
        ("cards", "cards", None),
        ("cards + QR", "cards", "http://localhost:5000"),
        ("duplex", "duplex", None),
        ("sheet", "sheet", None),
    ):
        start = time.perf_counter()
        result = renderer.render(job(cards, layout, qr))
        elapsed = time.perf_counter() - start
        results[f"500_{layout}_{'qr' if qr else 'plain'}"] = elapsed
        rows.append(
            (
                f"500 cards, {label}: {result.pages} pages, {len(result.data) / 1024:.0f} KiB",
                f"{elapsed:.2f} s ({result.pages / elapsed:.0f} pages/s)",
            )
        )

    tracemalloc.start()
    renderer.render(job(cards, "cards", "http://localhost:5000"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows.append(
        ("500 cards + QR, peak Python allocations (tracemalloc)", f"{peak / 2**20:.0f} MiB")
    )
    rows.append(("peak resident memory of the benchmark process", f"{rss / 1024:.0f} MiB"))

    machine = (
        f"{platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f} at the end, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    print(f"Machine: {machine}\n")
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pdf.json").write_text(
        json.dumps({"machine": machine, "rows": rows, "seconds": results}, indent=2) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
