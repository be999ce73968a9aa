"""In headless Chromium: sign in as an editor and save an edit; open the same translation
twice, save one, and see the other refused with both versions shown."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from phrasebook.store import Store
from tests.support.accounts import app_of, fill_store, sign_in_page

pytestmark = pytest.mark.browser


@pytest.fixture
def app(make_store: Callable[..., Store]) -> Any:
    """Known phrases and one account per role (replaces the seeded app of the live server)."""
    store = make_store()
    fill_store(store)
    return app_of(store)


def test_editor_signs_in_and_saves_an_edit(
    page: Any, live_server: Any, browser_requests: Any, artifacts_dir: Any
) -> None:
    base = live_server.url
    sign_in_page(page, base, "editor")
    page.click("a[href='/edit/phrases/thanks/ko']")
    page.fill("#text", "감사해요")
    page.click("#translation-form button[type=submit]")
    page.wait_for_url(f"{base}/edit/phrases/thanks/ko")
    assert page.locator("#text").input_value() == "감사해요"
    assert page.locator(".state .revision").inner_text() == "revision 2"
    assert page.locator(".state .status").inner_text() == "needs review"
    page.screenshot(path=str(artifacts_dir / "edit-translation.png"), full_page=True)
    assert browser_requests.external == []


def test_a_stale_edit_is_rejected_showing_both_versions(
    page: Any, live_server: Any, artifacts_dir: Any
) -> None:
    base = live_server.url
    sign_in_page(page, base, "editor")
    second_tab = page.context.new_page()
    page.goto(f"{base}/edit/phrases/stop/ko")
    second_tab.goto(f"{base}/edit/phrases/stop/ko")

    page.fill("#text", "멈춰라")
    page.click("#translation-form button[type=submit]")
    page.wait_for_url(f"{base}/edit/phrases/stop/ko")

    second_tab.fill("#text", "서!")
    with second_tab.expect_response(f"{base}/edit/phrases/stop/ko") as answer:
        second_tab.click("#translation-form button[type=submit]")
    assert answer.value.status == 409
    alert = second_tab.locator("#stale")
    alert.wait_for(state="visible")  # the 409 page may still be rendering
    assert alert.locator(".yours").inner_text() == "서!"
    assert alert.locator(".stored").inner_text() == "멈춰라"
    assert second_tab.locator("#text").input_value() == "서!"  # nothing typed is lost
    second_tab.screenshot(path=str(artifacts_dir / "edit-stale.png"), full_page=True)
    second_tab.close()
