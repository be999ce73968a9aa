"""One rule for all text that enters the phrase book, from any door (import, API, forms, CLI,
URL parameters): valid Unicode scalar values only (no lone surrogates, which cannot be written
out as UTF-8 again), no control characters (only tab, LF and CR, and only where a field may
have several lines), NFC-normalized, and bounded in length per field. A refused value raises
InvalidInput naming where it was and why; nothing is stored.

The limits are generous for a phrase book (a phrase is a sentence or two) and small enough
that one text cannot make every search slow.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from itertools import accumulate

from .errors import InvalidInput

MAX_TEXT = 10_000  # a translation's text
MAX_NOTE = 10_000  # one language's note
MAX_LABEL = 500  # a name, a description line, a tag
MAX_QUERY = 1_000  # a URL parameter
MAX_JSON_DEPTH = 32  # phrasebook/1 nests 6 deep

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab, LF, CR pass
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
# The bidirectional embeddings, overrides and isolates: U+202E can make a name read backwards
# to a reviewer. Only a text of a right-to-left language may need them (languages.json).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Line and paragraph separators: a line break where a one-line field does not expect one.
_SEPARATOR = re.compile("[\u2028\u2029]")


def problem(value: str, *, multiline: bool, bidi: bool = False) -> str | None:
    """Why ``value`` may not be stored (surrogate, control character, a bidirectional control
    unless ``bidi``, a line separator in a one-line field), or None."""
    surrogate = _SURROGATE.search(value)
    if surrogate:
        return (
            f"not valid Unicode: a lone surrogate U+{ord(surrogate.group()):04X} "
            f"at character {surrogate.start() + 1}"
        )
    control = (_CONTROL_MULTILINE if multiline else _CONTROL_ONE_LINE).search(value)
    if control:
        return (
            f"contains control character U+{ord(control.group()):04X} "
            f"at character {control.start() + 1}"
        )
    if not bidi and (found := _BIDI.search(value)):
        return (
            f"contains the bidirectional control U+{ord(found.group()):04X} at character "
            f"{found.start() + 1} (allowed only in texts of a right-to-left language)"
        )
    if not multiline and (found := _SEPARATOR.search(value)):
        return (
            f"contains the line separator U+{ord(found.group()):04X} at character "
            f"{found.start() + 1} (one line expected)"
        )
    return None


def clean(
    value: object, where: str, *, limit: int, multiline: bool = False, bidi: bool = False
) -> str:
    """``value`` checked and NFC-normalized (not stripped: callers decide that). ``bidi``:
    a text of a right-to-left language, which may hold bidirectional controls."""
    if not isinstance(value, str):
        raise InvalidInput(where, "expected a string")
    reason = problem(value, multiline=multiline, bidi=bidi)
    if reason:
        raise InvalidInput(where, reason)
    text = unicodedata.normalize("NFC", value)
    if len(text) > limit:
        raise InvalidInput(where, f"{len(text):,} characters, over the limit of {limit:,}")
    return text


_NOT_BRACKET = bytes(sorted(set(range(256)) - set(b"[]{}")))
_STEP = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


def json_depth_problem(raw: bytes | str, limit: int = MAX_JSON_DEPTH) -> str | None:
    """Why a JSON text nests too deep to parse safely, or None. Strings are cut out and only
    the brackets are walked (a parser recurses once per level and fails far past any real
    file, with a RecursionError rather than a message)."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    # Outside strings: drop escaped backslashes, then escaped quotes; what is left between
    # quotes is string content, every other piece structure (all C-speed bytes operations).
    unescaped = data.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(unescaped.split(b'"')[::2])
    brackets = outside.translate(None, _NOT_BRACKET)
    if len(brackets) <= 2 * limit:
        return None
    # +1 for an opening bracket, -1 for a closing one; the deepest point is the largest
    # running sum (accumulate runs in C: a 50 MB export is checked in well under a second).
    steps = array("b", brackets.translate(_STEP))
    if max(accumulate(steps)) > limit:
        return f"JSON nested more than {limit} levels deep"
    return None
