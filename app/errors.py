"""One way to say an error in JSON: ``{"error": {"status", "location", "message"}}``.

Every JSON route (``/api/v1/…``, ``/audio/…``) answers errors in that shape, from the domain's
errors and from HTTP errors alike; a 409 for a stale edit adds ``current`` (the stored
revision and text). HTML pages keep their own error pages. ``init_errors`` registers the
handlers once, on the app.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from phrasebook.errors import Busy, Conflict, InvalidInput, NotFound, PhrasebookError, StaleRevision

from .limits import retry_after

JSON_PREFIXES = ("/api/", "/audio/")
JSON_PATHS = ("/healthz", "/readyz")  # (docs/deploy.md: the health routes answer JSON)


class JsonError(Exception):
    """Raised by a JSON view for an answer that is not a domain error (a bad query value)."""

    def __init__(self, status: int, message: str, location: str = "", **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.location = location
        self.extra = extra


def json_error(status: int, message: str, location: str = "", **extra: Any) -> Response:
    body: dict[str, Any] = {"status": status, "location": location, "message": message}
    body.update(extra)
    response = jsonify({"error": body})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def wants_json() -> bool:
    return request.path.startswith(JSON_PREFIXES) or request.path in JSON_PATHS


def _status_of(exc: PhrasebookError) -> int:
    from phrasebook.errors import TooLarge

    if isinstance(exc, TooLarge):
        return 413
    if isinstance(exc, Busy):
        return 503
    if isinstance(exc, InvalidInput):
        return 400
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Conflict):
        return 409
    return 400


def _titles() -> dict[int, str]:
    return {
        400: _("The request could not be used"),
        401: _("Sign in first"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Not allowed here"),
        409: _("Changed by someone else"),
        413: _("Too large"),
        429: _("Too many tries"),
        500: _("Something went wrong"),
        503: _("Busy — try again in a moment"),
    }


def error_page(status: int, detail: str = "", request_id: str = "") -> Response:
    """The HTML error page of ``status`` in the app's layout, in the UI language."""
    title = _titles().get(status) or _titles()[400 if status < 500 else 500]
    try:
        body = render_template(
            "error.html", status=status, title=title, detail=detail, request_id=request_id
        )
    except Exception:  # noqa: BLE001  # the error page must not fail in turn: plain text then
        current_app.logger.exception("error page %s failed to render", status)
        body = f"{status} {title}"
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def _domain_error(exc: PhrasebookError) -> Response:
    status = _status_of(exc)
    if isinstance(exc, Busy):
        response = json_error(503, str(exc)) if wants_json() else error_page(503, str(exc))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    if not wants_json():
        # An HTML view that let a domain error through: the error page of its status.
        return error_page(status, str(exc))
    if isinstance(exc, StaleRevision):
        _uid, _sep, lang = exc.key.partition("/")
        return json_error(
            409,
            str(exc),
            f"/translations/{lang}/revision" if lang else "",
            current={"revision": exc.current, "text": exc.current_text},
        )
    if isinstance(exc, InvalidInput):
        return json_error(status, exc.reason, exc.location)
    return json_error(status, str(exc))


def _json_error(exc: JsonError) -> Response:
    return json_error(exc.status, exc.message, exc.location, **exc.extra)


def _too_large_message() -> str:
    settings = current_app.config.get("PHRASEBOOK_SETTINGS")
    limit = getattr(settings, "import_max_bytes", None)
    if limit is None:
        return f"request body larger than {current_app.config.get('MAX_CONTENT_LENGTH')} bytes"
    return (
        f"request body larger than the import limit of {limit:,} bytes "
        "(PHRASEBOOK_IMPORT_MAX_BYTES)"
    )


def _carried_headers(exc: HTTPException) -> dict[str, str]:
    """Headers the error carries (Content-Range of a 416, Allow of a 405, Retry-After), and
    Retry-After for a broken rate limit (app/limits.py)."""
    headers = {
        name: value
        for name, value in exc.get_response().headers.items()
        if name.lower() not in ("content-type", "content-length")
    }
    if exc.code == 429 and "Retry-After" not in headers:
        headers["Retry-After"] = str(retry_after())
    return headers


def _http_error(exc: HTTPException) -> Response | HTTPException:
    status = exc.code or 500
    if not wants_json():
        if status < 400 or status in (401,) or exc.response is not None:
            return exc  # redirects, the sign-in flow's own answers, a page made for the refusal
        if status == 429:  # a rate limit (app/limits.py): its description is for the API
            detail = _("Too many requests in a short time. Wait a minute and try again.")
        else:
            detail = _describe_http(exc)
        page = error_page(status, detail)
        page.headers.update(_carried_headers(exc))
        return page
    if isinstance(exc, CSRFError):
        return json_error(
            400, f"{exc.description} (send X-CSRFToken or use a bearer token)", "X-CSRFToken"
        )
    messages = {
        401: "sign in first: send Authorization: Bearer <token>",
        403: "your role may not do this",
        405: f"{request.method} is not allowed here",
        413: _too_large_message(),
        429: f"{exc.description}; try again after Retry-After seconds",
    }
    response = json_error(status, messages.get(status, exc.description or exc.name))
    response.headers.update(_carried_headers(exc))
    return response


def _describe_http(exc: HTTPException) -> str:
    """The detail an HTML error page shows: what a view said when it aborted, never
    werkzeug's generic English sentence (the title already says it, in the UI language)."""
    generic = type(exc).description
    return "" if not exc.description or exc.description == generic else str(exc.description)


def _new_request_id() -> None:
    g.request_id = uuid.uuid4().hex[:12]


def _unexpected(exc: Exception) -> Response:
    """A bug: logged with the request id, shown as that id and nothing else."""
    if isinstance(exc, HTTPException):
        return _http_error(exc)  # type: ignore[return-value]  # HTML answers are Responses
    request_id = getattr(g, "request_id", "") or uuid.uuid4().hex[:12]
    current_app.logger.exception(
        "request %s failed: %s %s", request_id, request.method, request.path
    )
    if wants_json():
        response = json_error(500, f"internal error; report request id {request_id}")
    else:
        response = error_page(500, request_id=request_id)
    response.headers["X-Request-Id"] = request_id
    return response


def init_errors(app: Flask) -> None:
    app.before_request(_new_request_id)
    app.register_error_handler(Exception, _unexpected)
    app.register_error_handler(PhrasebookError, _domain_error)
    app.register_error_handler(JsonError, _json_error)
    app.register_error_handler(HTTPException, _http_error)
