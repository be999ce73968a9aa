"""Security headers on every answer: a strict Content-Security-Policy that the app's own
pages satisfy (no inline script or style anywhere: templates keep behaviour in /static/js),
no MIME sniffing, no framing, referrers only to this site, no powerful browser features, and
HSTS when the site is served over HTTPS (``PHRASEBOOK_SECURE_COOKIES=1``)."""

from __future__ import annotations

from flask import Flask, Response, current_app

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        # Audio clips are served by this site; recordings played back before upload are blobs.
        "media-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    # Nothing here uses these; the microphone is allowed only where recording is offered.
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
# The editor's recording pages (app/editing.py) use the microphone, and only this site may.
MICROPHONE_ALLOWED = "camera=(), microphone=(self), geolocation=(), payment=(), usb=()"
HSTS = "max-age=31536000"


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def init_security_headers(app: Flask) -> None:
    app.after_request(_add_headers)
