"""The stable text of a JSON document: what ``json.dumps(value, ensure_ascii=False,
sort_keys=True, indent=2)`` writes, byte for byte (a Hypothesis test compares the two), made by
orjson in a fraction of the time (the standard library indents in pure Python).

``indent`` starts every line after the first with that prefix, for documents written inside
another one a piece at a time (the export's phrases): JSON text never holds a raw line break
inside a string, so every line break is one between values. Only what ``phrasebook/1`` and
the bundles hold is accepted: dicts with string keys, lists and tuples, strings, integers
within 64 bits, floats of magnitude 1e-4 to 1e16 (recordings' durations: 0.3-30 s; smaller
ones json writes with an exponent, orjson without), booleans and None (anything else is a
TypeError, as in json).
"""

from __future__ import annotations

from typing import Any

import orjson

_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def stable_json(value: Any, indent: str = "") -> str:
    """``value`` as sorted, two-space-indented JSON; nested lines start with ``indent``."""
    try:
        text = orjson.dumps(value, option=_OPTIONS).decode("utf-8")
    except orjson.JSONEncodeError as exc:
        raise TypeError(str(exc)) from None
    return text.replace("\n", "\n" + indent) if indent else text
