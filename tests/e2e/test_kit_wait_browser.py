"""The kit's waiting page on a phone, in real headless Chromium at 360x640 with touch and
JavaScript off (a phone that scanned a QR code may have it off): asking for a kit nobody is
making yet lands on the waiting page, in the reader's language and no wider than the screen;
once a worker has made the file, the page's own refresh starts the download."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.support.queues import consuming

pytestmark = pytest.mark.browser

KIT_ADDRESS = "/kit.html?from=uk&to=ko&set=safety&audio=0"


def test_the_waiting_page_fits_a_phone_and_hands_over_the_download_without_script(
    live_server: Any, make_phone_page: Any, browser_requests: Any, artifacts_dir: Path
) -> None:
    page = make_phone_page(360, 640, java_script_enabled=False, accept_downloads=True)
    page.goto(live_server.url + KIT_ADDRESS)
    assert re.search(r"/kit-jobs/[0-9a-f]{32}$", page.url), page.url
    heading = page.locator("h1")
    assert heading.inner_text() == "Готуємо файл для телефона"
    # A kit asked for without audio is not said to be made "with its audio".
    assert page.locator(".kit-wait p").first.inner_text().startswith("Файл створюється. ")
    assert page.locator("progress").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(artifacts_dir / "kit-wait-360.png"))
    waiting_at = page.url

    # A worker makes the file; the page, reloading itself every two seconds, is sent on.
    with consuming(live_server.app.extensions["phrasebook"].queue):
        with page.expect_download(timeout=60_000) as arriving:
            pass  # nothing to do: the page's own refresh is what is being tested
        download = arriving.value
    assert download.suggested_filename == "phrasebook-uk-ko-safety.html"
    saved = Path(download.path())
    html = saved.read_text("utf-8")
    assert html.startswith("<!doctype html>") and 'id="kit-data"' in html
    assert page.url == waiting_at  # the download left the page where it was
    assert browser_requests.external == []
