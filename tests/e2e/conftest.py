"""End-to-end fixtures: compiled message catalogs, the app on a real port, headless Chromium.

* ``live_server`` serves the ``app`` fixture (seeded SQLite store) with werkzeug on
  127.0.0.1 and a free port, in a thread; ``live_server.url`` is its base URL.
* ``browser`` (session) is Debian's Chromium driven by Playwright; ``page`` is a fresh
  1280x900 page in its own context. Every request the page makes is recorded in
  ``browser_requests``; requests to any host but 127.0.0.1 are recorded and aborted, so a
  test can assert that none happened and nothing ever leaves the machine.

Tests that need the browser skip, saying why, when Chromium or Playwright is missing.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1"}


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs() -> None:
    """Compiled catalogs are build output (not committed): make them if missing or older."""
    from app.cli.i18n import catalog_path, compile_catalogs
    from app.i18n import UI_LOCALES

    for locale in UI_LOCALES:
        source = catalog_path(locale)
        compiled = source.with_suffix(".mo")
        if source.exists() and (
            not compiled.exists() or compiled.stat().st_mtime < source.stat().st_mtime
        ):
            compile_catalogs()
            return


@dataclass
class LiveServer:
    url: str
    app: Any


@pytest.fixture
def live_server(app: Any) -> Iterator[LiveServer]:
    """The ``app`` fixture served over HTTP on 127.0.0.1 (a free port), for the browser."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """One Playwright for the session: its sync API cannot run twice in one thread, so
    every browser below is launched from this one."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (Debian package 'chromium')")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the playwright Python package is not installed")
    if shutil.which(str(CHROMIUM)) is None:
        pytest.skip(f"{CHROMIUM} is not executable")
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    try:
        yield launched
    finally:
        launched.close()


# Seconds of voice in the fake microphone's sound (between 0.25 s of faint noise each side);
# Chromium plays the file in a loop for as long as the page records.
FAKE_VOICE_SECONDS = 1.5


@pytest.fixture(scope="session")
def microphone_browser(playwright: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Chromium with a fake microphone that hears a voice-like WAV made here
    (``--use-fake-device-for-media-stream --use-file-for-fake-audio-capture``)."""
    from tests.support.sounds import encoded

    sound = tmp_path_factory.mktemp("microphone") / "voice.wav"
    sound.write_bytes(encoded(FAKE_VOICE_SECONDS, rate=48000))
    args = [
        *CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-audio-capture={sound}",
    ]  # fmt: skip
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
    try:
        yield launched
    finally:
        launched.close()


@dataclass
class RequestLog:
    """URLs the page asked for, and those that went (or tried to go) off the machine."""

    all: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)  # anything but GET: "POST http://…"


@pytest.fixture
def browser_requests() -> RequestLog:
    return RequestLog()


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS


def _guarded_page(browser: Any, log: RequestLog, **context_options: Any) -> tuple[Any, Any]:
    """A new context and page whose requests are recorded in ``log``; any request off the
    machine is recorded and aborted."""
    context = browser.new_context(**context_options)

    def guard(route: Any) -> None:
        url = route.request.url
        log.all.append(url)
        if route.request.method != "GET":
            log.sent.append(f"{route.request.method} {url}")
        if _is_local(url):
            route.continue_()
        else:
            log.external.append(url)
            route.abort()

    context.route("**/*", guard)
    new_page = context.new_page()
    new_page.set_default_timeout(10_000)
    return context, new_page


@pytest.fixture
def page(browser: Any, browser_requests: RequestLog) -> Iterator[Any]:
    """A fresh page (1280x900, English UI unless the test changes it) in its own context."""
    context, new_page = _guarded_page(
        browser, browser_requests, viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    try:
        yield new_page
    finally:
        context.close()


@pytest.fixture
def microphone_page(microphone_browser: Any, browser_requests: RequestLog) -> Iterator[Any]:
    """A page of the fake-microphone Chromium, allowed to use the microphone."""
    context, new_page = _guarded_page(
        microphone_browser, browser_requests, viewport={"width": 1280, "height": 900},
        locale="en-US", permissions=["microphone"],
    )  # fmt: skip
    try:
        yield new_page
    finally:
        context.close()


@pytest.fixture
def make_phone_page(browser: Any, browser_requests: RequestLog) -> Iterator[Any]:
    """``make_phone_page(width, height, **context_options)``: a touch phone page (Ukrainian
    browser) in its own context; requests are recorded in ``browser_requests``."""
    contexts: list[Any] = []

    def factory(width: int = 360, height: int = 640, **context_options: Any) -> Any:
        context, new_page = _guarded_page(
            browser, browser_requests, viewport={"width": width, "height": height},
            has_touch=True, is_mobile=True, locale="uk-UA", **context_options,
        )  # fmt: skip
        contexts.append(context)
        return new_page

    try:
        yield factory
    finally:
        for context in contexts:
            context.close()
