"""Issue 17: the app's own pages work under its strict Content-Security-Policy in real
Chromium (no violation reported on any page type, reader or editor), and every answer carries
the security headers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app import create_app
from app.security_headers import HEADERS
from phrasebook import users
from phrasebook.store import Store
from tests.support.accounts import PASSWORD

WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__csp.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def app(make_store: Callable[..., Store]) -> Any:
    store = make_store(seeded=True)
    users.add_user(store.uow(), name="editor", password=PASSWORD, role="admin")
    return create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": store.settings, "PHRASEBOOK_STORE": store}
    )


def _violations(page: Any) -> list[str]:
    found: list[str] = page.evaluate("window.__csp || []")
    return found


def test_no_page_breaks_the_content_security_policy(live_server: Any, page: Any) -> None:
    page.add_init_script(WATCH_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    base = live_server.url
    reader_pages = ["/", "/sets/safety", "/categories/body", "/phrases/questions.yes",
                    "/phrases/questions.yes/show", "/search?q=%EB%AC%BC",
                    "/mycard?ids=questions.yes", "/login", "/no-such-page"]  # fmt: skip
    for path in reader_pages:
        page.goto(base + path)
        assert _violations(page) == [], path
    # The watch works: an inline script, which the policy forbids, is reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.x") is None
    assert any("Content Security Policy" in line for line in console)
    console.clear()
    page.goto(base + "/search")
    page.locator("#search-q").press_sequentially("Yes", delay=20)
    page.locator('#search-results .phrase-card[data-uid="questions.yes"]').wait_for()
    assert _violations(page) == []
    page.goto(base + "/login")
    page.fill("#name", "editor")
    page.fill("#password", PASSWORD)
    page.locator("form.login-form button[type=submit]").click()
    page.wait_for_load_state()
    editor_pages = ["/edit/", "/edit/phrases/questions.yes", "/edit/phrases/questions.yes/ko",
                    "/edit/sets/safety", "/edit/sets/safety?job=1", "/edit/import"]  # fmt: skip
    for path in editor_pages:
        page.goto(base + path)
        assert _violations(page) == [], path
    # The delete button asks first (a script handler now, not an inline onsubmit).
    page.goto(base + "/edit/phrases/questions.yes")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("form[data-confirm] button").click()
    assert asked and "Delete" in asked[0]
    assert page.url.endswith("/edit/phrases/questions.yes")  # dismissed: nothing sent
    assert not [line for line in console if "Content Security Policy" in line], console


@pytest.mark.parametrize(
    "path",
    ["/", "/sets/safety", "/phrases/questions.yes", "/search?q=a", "/api/v1/search?q=a",
     "/api/v1/phrases", "/api/v1/export", "/login", "/static/js/app.js", "/no-such-page",
     "/api/v1/phrases/nope", "/sets/%00", "/print.pdf?set=safety&from=uk&to=ko"],
)  # fmt: skip
def test_every_answer_carries_the_security_headers(app: Any, path: str) -> None:
    response = app.test_client().get(path)
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (path, name)
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP here


def test_hsts_when_cookies_are_secure(make_store: Callable[..., Store]) -> None:
    store = make_store()
    settings = store.settings.with_changes(secure_cookies="1")
    app = create_app({"TESTING": True, "PHRASEBOOK_SETTINGS": settings, "PHRASEBOOK_STORE": store})
    response = app.test_client().get("/")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
