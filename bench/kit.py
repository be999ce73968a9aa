"""Benchmark: the field kit of all seed phrases uk→ko — build time with a cold and a warm
audio cache, file size with and without audio, how soon headless Chromium shows the
first phrases, and how long the first keystroke of a search takes to answer, with the CPU
throttled 4× (DevTools Emulation.setCPUThrottlingRate) at 360×640.

    .venv/bin/python bench/kit.py [--data-dir DIR]

The data directory (default: a new temporary one) is seeded first; its audio cache is what
"warm" means. Budgets (issues 12 and 32): ≤ 6 MB with audio, ≤ 800 KB without (the search
keys of every language of the book are in it), ≤ 5 s to build with a warm cache, first
phrases ≤ 1 s after opening, the first keystroke answered ≤ 100 ms.
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
    from phrasebook.audio.service import AudioService
    from phrasebook.kit import KitRequest
    from phrasebook.kit.installation import installation_kit

    service = AudioService(store.settings) if audio else None
    start = time.perf_counter()
    try:
        kit = installation_kit(store, KitRequest("uk", "ko", audio=audio), service)
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


# One letter, as a reader starts to type: each matches much of the book (Cyrillic, Latin,
# Hangul), the worst case for ranking and drawing.
FIRST_LETTERS = ("в", "s", "물")
KEYSTROKE_JS = """letter => new Promise((done) => {
    const box = document.getElementById('kit-search');
    const frame = (then) => requestAnimationFrame(() => setTimeout(then, 0));
    box.value = '';
    box.dispatchEvent(new Event('input'));
    frame(() => {  // the emptied box drawn first: only the keystroke is timed
        const start = performance.now();
        box.value = letter;
        box.dispatchEvent(new Event('input'));
        // answered: the rows are in the page and the browser has drawn the next frame
        frame(() => done(performance.now() - start));
    });
})"""


def keystroke_ms(path: Path, runs: int = 5, settle_ms: int = 0) -> dict[str, list[float]]:
    """Milliseconds from a first letter typed into the search box to the frame after its
    results are drawn, at 4× CPU throttling; ``settle_ms`` after the first phrases show (a
    reader takes a moment to reach the box; the kit warms its search up when idle)."""
    from playwright.sync_api import sync_playwright

    times: dict[str, list[float]] = {letter: [] for letter in FIRST_LETTERS}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            context = browser.new_context(
                viewport={"width": 360, "height": 640}, has_touch=True, is_mobile=True
            )
            context.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            page = context.new_page()
            session = context.new_cdp_session(page)
            session.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            page.goto(path.as_uri())
            page.locator("#list .row").first.wait_for()
            page.wait_for_timeout(settle_ms)
            for _run in range(runs):
                for letter in FIRST_LETTERS:
                    times[letter].append(float(page.evaluate(KEYSTROKE_JS, letter)))
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
    with store.uow() as uow:
        phrases = sum(uow.phrases.category_counts().values())
    print(f"| kit (all {phrases} seed phrases, uk→ko) | build, s | size, bytes |")
    print("|---|---|---|")
    for label, audio in (("with audio, cold cache", True), ("with audio, warm cache", True),
                         ("without audio", False)):  # fmt: skip
        seconds, kit = build(store, audio)
        print(f"| {label} | {seconds:.2f} | {kit.size:,} |")
        if audio:
            path = data_dir / "kit-with-audio.html"
            path.write_text(kit.html, "utf-8")
        else:
            bare = data_dir / "kit-without-audio.html"
            bare.write_text(kit.html, "utf-8")
    shown = first_phrases_ms(path)
    print(
        f"first phrases shown (4× CPU throttling, 360×640, {len(shown)} runs): "
        f"median {statistics.median(shown):.0f} ms, worst {max(shown):.0f} ms"
    )
    for settle in (0, 2000):
        for letter, taken in keystroke_ms(bare, settle_ms=settle).items():
            print(
                f"first keystroke «{letter}» {settle / 1000:.0f} s after the list shows "
                f"(4× CPU throttling): first {taken[0]:.0f} ms, median of {len(taken)} "
                f"{statistics.median(taken):.0f} ms, worst {max(taken):.0f} ms"
            )
    store.close()


if __name__ == "__main__":
    main()
