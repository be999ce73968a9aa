"""Where a ``next`` parameter may send a visitor: only to a path on this site.

A browser normalizes a Location value before it resolves it (WHATWG URL: leading and trailing
C0 controls and spaces stripped, tabs and newlines removed anywhere, ``\\`` read as ``/``), so
``/%09/evil.com`` arrives here as ``/\\t/evil.com`` and leaves as ``//evil.com``: another
host. The check is made on the value as the browser will read it, and that normalized value
is what is returned.
"""

from __future__ import annotations

from urllib.parse import urlsplit

_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_REMOVED = str.maketrans("", "", "\t\n\r")


def browser_form(target: str) -> str:
    """``target`` as a browser reads a Location header value (see the module docstring)."""
    return target.strip(_C0_AND_SPACE).translate(_REMOVED).replace("\\", "/")


def safe_next(target: str | None, fallback: str) -> str:
    """``target`` when it is a path on this site (``/…``, no scheme, no host, no control
    character), else ``fallback``."""
    if not target:
        return fallback
    normalized = browser_form(target)
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in normalized):
        return fallback
    if not normalized.startswith("/") or normalized.startswith("//"):
        return fallback
    parts = urlsplit(normalized)
    if parts.scheme or parts.netloc:
        return fallback
    return normalized
