"""Benchmark: the field kit of all seed phrases uk→ko — build time with a cold and a warm
audio cache, file size with and without audio, and how soon headless Chromium shows the
first phrases with the CPU throttled 4× (DevTools Emulation.setCPUThrottlingRate) at
360×640.

    .venv/bin/python bench/kit.py [--data-dir DIR]

The data directory (default: a new temporary one) is seeded first; its audio cache is what
"warm" means. Budgets (issue 12): ≤ 6 MB with audio, ≤ 600 KB without, ≤ 5 s to build with
a warm cache, first phrases ≤ 1 s after opening.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"


def build(store: Any, audio: bool) -> tuple[float, Any]:
    from app.kit import kit_of
    from phrasebook.audio.service import AudioService
    from phrasebook.kit import KitRequest

    service = AudioService(store.settings) if audio else None
    start = time.perf_counter()
    try:
        kit = kit_of(store, KitRequest("uk", "ko", audio=audio), service)
    finally:
        if service is not None:
            service.close()
    return time.perf_counter() - start, kit


def first_phrases_ms(path: Path, runs: int = 5) -> list[float]:
    """Milliseconds from navigation start until the first phrase row is in the page."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            for _run in range(runs):
                context = browser.new_context(
                    viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True
                )
                context.route(
                    "**/*",
                    lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
                )
                page = context.new_page()
                session = context.new_cdp_session(page)
                session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
                page.goto(path.as_uri(), wait_until="commit")
                page.locator("#list .row").first.wait_for()
                # The kit marks the moment its first list is in the page (kit.js).
                shown = page.evaluate("performance.getEntriesByName('kit-shown')[0].startTime")
                times.append(float(shown))
                context.close()
        finally:
            browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    from phrasebook.config import Settings
    from phrasebook.db import migrate
    from phrasebook.store import Store

    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="kit-bench-"))
    store = Store.open(Settings.from_env(environ={}, data_dir=data_dir))
    migrate(store.engine)
    store.seed()
    print(
        f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, "
        f"Python {platform.python_version()}, {datetime.now(UTC).date()}"
    )
    print("| kit (526 seed phrases, uk→ko) | build, s | size, bytes |")
    print("|---|---|---|")
    for label, audio in (("with audio, cold cache", True), ("with audio, warm cache", True),
                         ("without audio", False)):  # fmt: skip
        seconds, kit = build(store, audio)
        print(f"| {label} | {seconds:.2f} | {kit.size:,} |")
        if audio:
            path = data_dir / "kit-with-audio.html"
            path.write_text(kit.html, "utf-8")
    shown = first_phrases_ms(path)
    print(
        f"first phrases shown (4× CPU throttling, 360×640, {len(shown)} runs): "
        f"median {statistics.median(shown):.0f} ms, worst {max(shown):.0f} ms"
    )
    store.close()


if __name__ == "__main__":
    main()
