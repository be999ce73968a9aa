"""Rate limits: failed sign-ins, expensive pages, machine translation and API writes.

One Flask-Limiter per app (the extension keeps its storage on the instance, so one object
cannot serve two apps, and tests build many). Limits are attached to endpoints from the table
below after every blueprint is registered, so the views stay free of limit decorators and all
limits are read in one place.

The counters live where ``PHRASEBOOK_RATELIMIT_STORAGE`` says: ``memory://`` (the default:
one process; waitress threads share it), or any storage the ``limits`` library knows, e.g.
``redis://host:port/db`` once the ``redis`` package is installed (the multi-process set-up,
issue 16, adds it), which every process of an installation shares.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g, request
from flask_limiter import Limiter, RequestLimit
from werkzeug.wrappers import Response

from phrasebook.config import ConfigError, Settings

from .auth import signin_refused_page

EXTENSION_KEY = "phrasebook_limiter"


@dataclass(frozen=True)
class LimitGroup:
    """One configurable limit: the setting that changes it and the endpoints it covers."""

    setting: str  # its value and default: phrasebook.config.SETTINGS
    key: Callable[[], str]
    endpoints: tuple[str, ...]
    methods: tuple[str, ...] | None = None
    # Counted only when this says so (failed sign-ins); otherwise every request counts.
    counts: Callable[[Response], bool] | None = None
    # The answer when the limit is reached; otherwise the app's 429 (JSON or error page).
    refusal: Callable[[RequestLimit], Response] | None = None


def client_key() -> str:
    """Who is asking: the signed-in account, otherwise the network address."""
    account = g.get("account")
    if account is not None:
        return f"account:{account.id}"
    return f"address:{request.remote_addr or 'unknown'}"


def address_key() -> str:
    return f"address:{request.remote_addr or 'unknown'}"


def signin_name_key() -> str:
    return "name:" + request.form.get("name", "").strip().casefold()


def signin_name_address_key() -> str:
    return f"{signin_name_key()}|{address_key()}"


def everyone_key() -> str:
    return "everyone"


def _failed_signin(response: Response) -> bool:
    return response.status_code == 401


def _signin_refused(limit: RequestLimit) -> Response:
    return signin_refused_page(limit.reset_at)


# Sign-in: only failures count (a right password after the limit still waits).
_SIGNIN = ("auth.login",)
LIMIT_GROUPS: tuple[LimitGroup, ...] = (
    LimitGroup(
        "PHRASEBOOK_LIMIT_SIGNIN_NAME_ADDRESS",
        signin_name_address_key,
        _SIGNIN,
        ("POST",),
        _failed_signin,
        _signin_refused,
    ),
    LimitGroup(
        "PHRASEBOOK_LIMIT_SIGNIN_NAME",
        signin_name_key,
        _SIGNIN,
        ("POST",),
        _failed_signin,
        _signin_refused,
    ),
    LimitGroup(
        "PHRASEBOOK_LIMIT_SIGNIN_ADDRESS",
        address_key,
        _SIGNIN,
        ("POST",),
        _failed_signin,
        _signin_refused,
    ),
    LimitGroup(
        "PHRASEBOOK_LIMIT_SIGNIN_ALL",
        everyone_key,
        _SIGNIN,
        ("POST",),
        _failed_signin,
        _signin_refused,
    ),
    # Whole documents built on request: CPU-heavy, so per client.
    LimitGroup(
        "PHRASEBOOK_LIMIT_DOCUMENTS",
        client_key,
        (
            "printing.print_pdf",
            "api.export",
            "edit.export",
            "browse.my_card_export",
            "kit.kit_file",
        ),
    ),
    LimitGroup(
        "PHRASEBOOK_LIMIT_SUGGESTIONS",
        client_key,
        ("suggest.suggestions", "suggest.fill"),
    ),
    LimitGroup(
        "PHRASEBOOK_LIMIT_API_WRITES",
        client_key,
        (
            "api.create_phrase",
            "api.update_phrase",
            "api.delete_phrase",
            "api.review_translation",
            "api.reorder_set",
            "api.import_document",
        ),
    ),
)


def init_limits(app: Flask, settings: Settings) -> Limiter:
    """Bind a limiter to ``app`` and attach every limit group to its endpoints.

    Called after all blueprints are registered (endpoints must exist) and after the account is
    loaded in ``before_request`` (limits are checked when the view is called).
    """
    app.config["RATELIMIT_ENABLED"] = settings.value("PHRASEBOOK_RATELIMITS")
    app.config["RATELIMIT_STORAGE_URI"] = settings.value("PHRASEBOOK_RATELIMIT_STORAGE")
    # Off: the extension would put its window's reset into Retry-After on every answer of a
    # limited endpoint (also a 503's); the app sets Retry-After on its 429s (retry_after()).
    app.config["RATELIMIT_HEADERS_ENABLED"] = False
    # The moving window: a limit of 5 per 15 minutes means "until the oldest counted try is
    # 15 minutes old", as the docs say; a fixed window would allow 10 across its boundary.
    app.config["RATELIMIT_STRATEGY"] = "moving-window"
    app.config["RATELIMIT_KEY_PREFIX"] = "phrasebook"
    limiter = Limiter(key_func=client_key)
    try:
        limiter.init_app(app)
    except Exception as exc:  # the limits library's ConfigurationError and friends
        uri = app.config["RATELIMIT_STORAGE_URI"]
        raise ConfigError(f"PHRASEBOOK_RATELIMIT_STORAGE={uri!r}: {exc}") from exc
    app.extensions[EXTENSION_KEY] = limiter
    for group in LIMIT_GROUPS:
        value: str = settings.value(group.setting)  # (checked when the settings were read)
        for endpoint in group.endpoints:
            view: Callable[..., Any] = app.view_functions[endpoint]
            options: dict[str, Any] = {
                "key_func": group.key,
                "scope": group.setting,  # one counter per group, shared by its endpoints
                "methods": list(group.methods) if group.methods else None,
                "deduct_when": group.counts,
                "on_breach": group.refusal,
                "error_message": f"too many requests: at most {value} ({group.setting})",
            }
            limited: Callable[..., Any] = limiter.shared_limit(value, **options)(view)
            app.view_functions[endpoint] = limited
    return limiter


def current_limiter() -> Limiter:
    limiter: Limiter = current_app.extensions[EXTENSION_KEY]
    return limiter


def retry_after() -> int:
    """Seconds until the limit this request broke lets a request through again."""
    limit = current_limiter().current_limit
    if limit is None:
        return 60
    return max(1, int(limit.reset_at - time.time()) + 1)
