"""``next`` targets: only paths on this site, judged as the browser will read them."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from app.redirects import browser_form, safe_next

# Open-redirect tricks (OWASP "Unvalidated Redirects" cheat sheet, PortSwigger's URL
# validation bypass list) as they arrive after the query string is decoded.
BYPASSES = [
    "//evil.com", "///evil.com", "////evil.com", "/\\evil.com", "\\\\evil.com", "\\/evil.com",
    "/\\/evil.com", "/\t/evil.com", "/\n/evil.com", "/\r/evil.com", "\t//evil.com",
    " //evil.com", "\x00//evil.com", "/\x0b/evil.com", "\r\n//evil.com",
    "https://evil.com", "http:evil.com", "https:/evil.com", "HTTPS://evil.com",
    "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil.com/%2F..",
    "//google.com@evil.com", "/%5C/evil.com".replace("%5C", "\\"), "evil.com", "",
    "\u0000", "/\x7f/evil.com", "//\u3002evil.com",
]  # fmt: skip
SAFE = ["/", "/sets/basics", "/search?q=%2F%2Fx", "/phrases/a.b?set=c#top", "/evil.com",
        "/ /evil.com", "/%2F%2Fevil.com", "/edit/phrases/x/ko"]  # fmt: skip


@pytest.mark.parametrize("target", BYPASSES)
def test_bypasses_fall_back(target: str) -> None:
    assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target", SAFE)
def test_site_paths_are_kept(target: str) -> None:
    chosen = safe_next(target, "/home")
    assert chosen == target
    parts = urlsplit(browser_form(chosen))
    assert not parts.scheme and not parts.netloc


def test_the_browsers_own_normalization_is_applied() -> None:
    assert browser_form(" /a\t/b\n\\c ") == "/a/b/c"
    assert safe_next(" /sets/basics ", "/") == "/sets/basics"
    # A header injection attempt becomes a harmless path: CR and LF never reach the header.
    assert safe_next("/\r\nSet-Cookie: x=1", "/") == "/Set-Cookie: x=1"
