"""JSON request bodies: bounded in depth before they are parsed, an object, or a 400."""

from __future__ import annotations

import json
from typing import Any

from flask import request

from phrasebook import textcheck

from .errors import JsonError


def json_object_body() -> dict[str, Any]:
    """The request body as a JSON object; anything else (not UTF-8, malformed, nested too deep
    for the parser, not an object) is a 400 in the JSON error shape."""
    raw = request.get_data(cache=True)
    deep = textcheck.json_depth_problem(raw)
    if deep:
        raise JsonError(400, f"malformed JSON: {deep}", "/")
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise JsonError(400, "the body is not UTF-8 text", "/") from None
    except (ValueError, RecursionError) as exc:
        raise JsonError(400, f"malformed JSON: {exc}", "/") from None
    if not isinstance(data, dict):
        raise JsonError(400, "expected a JSON object", "/")
    return data
