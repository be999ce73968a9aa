"""URL parameters pass the one text rule (phrasebook.textcheck) before any view sees them.

A path part or query value with a NUL, another control character or a lone surrogate is a 400
with its location (``/phrases/%00`` on PostgreSQL was a database error, a 500, for anonymous
readers), in the JSON error shape under /api and /audio and as a plain 400 page elsewhere.
"""

from __future__ import annotations

from flask import Flask, request

from phrasebook import textcheck


def check_url_parameters() -> None:
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str):
            textcheck.clean(value, f"/{name}", limit=textcheck.MAX_QUERY)
    for name, value in request.args.items(multi=True):
        textcheck.clean(name, f"?{name[:40]}", limit=textcheck.MAX_LABEL)
        textcheck.clean(value, f"?{name}", limit=textcheck.MAX_QUERY)


def init_input_guard(app: Flask) -> None:
    """create_app calls this before anything else registers a before_request hook: the
    sign-in hooks and the views never see such a value."""
    app.before_request(check_url_parameters)
