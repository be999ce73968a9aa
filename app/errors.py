"""One way to say an error in JSON: ``{"error": {"status", "location", "message"}}``.

Every JSON route (``/api/v1/…``, ``/audio/…``) answers errors in that shape, from the domain's
errors and from HTTP errors alike; a 409 for a stale edit adds ``current`` (the stored
revision and text). HTML pages keep their own error pages. ``init_errors`` registers the
handlers once, on the app.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from phrasebook.errors import Busy, Conflict, InvalidInput, NotFound, PhrasebookError, StaleRevision

JSON_PREFIXES = ("/api/", "/audio/")


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
    return request.path.startswith(JSON_PREFIXES)


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


def _domain_error(exc: PhrasebookError) -> Response:
    status = _status_of(exc)
    if isinstance(exc, Busy):
        response = (
            json_error(503, str(exc))
            if wants_json()
            else Response(str(exc), status=503, mimetype="text/plain")
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    if not wants_json():
        # An HTML view that let a domain error through: the plain error page of its status.
        return Response(str(exc), status=status, mimetype="text/plain")
    if isinstance(exc, StaleRevision):
        _uid, _sep, lang = exc.key.partition("/")
        return json_error(
            409, str(exc), f"/translations/{lang}/revision" if lang else "",
            current={"revision": exc.current, "text": exc.current_text},
        )  # fmt: skip
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


def _http_error(exc: HTTPException) -> Response | HTTPException:
    if not wants_json():
        return exc
    status = exc.code or 500
    if isinstance(exc, CSRFError):
        return json_error(
            400, f"{exc.description} (send X-CSRFToken or use a bearer token)", "X-CSRFToken"
        )
    messages = {
        401: "sign in first: send Authorization: Bearer <token>",
        403: "your role may not do this",
        405: f"{request.method} is not allowed here",
        413: _too_large_message(),
    }
    response = json_error(status, messages.get(status, exc.description or exc.name))
    # Headers the error carries (Content-Range of a 416, Allow of a 405, Retry-After) stay.
    for name, value in exc.get_response().headers.items():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


def init_errors(app: Flask) -> None:
    app.register_error_handler(PhrasebookError, _domain_error)
    app.register_error_handler(JsonError, _json_error)
    app.register_error_handler(HTTPException, _http_error)
