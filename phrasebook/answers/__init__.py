"""Answer panels: what the other person points at to answer a question.

A phrase may carry ``answers`` (``Phrase.answers``, the ``answers`` member in phrasebook/1):
``{"kind": ..., ...}``. The labels a panel shows are phrases of their own, so each is
translated, reviewed and tracked like any phrase:

- ``yes-no`` and ``choice``: ``options``, the ids of the phrases shown as buttons;
- ``scale``: ``min``/``max`` (default 0-10) and ``low``/``high``, the phrases for the words at
  both ends ("no pain", "worst pain imaginable"); numeric, no faces;
- ``number``: ``min``/``max`` (default 0-100) and ``counting`` (true: counting people or
  things, so Korean shows its native numerals, 하나 둘 셋, beside the Sino-Korean ones);
- ``body``: the body map (``body_map.json``, drawn by tools/draw_body_map.py), whose region
  labels are phrases named in the map (the body set's ``body.head``…, else
  ``answers.body-map-<region>``), its captions ``answers.body-map-front``/``back``;
- ``time``: a number and a unit (``units``, default minutes, hours, days, weeks) read back
  as "2 hours ago" by the browser's own CLDR data (``Intl.RelativeTimeFormat``).

See docs/answers.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import InvalidInput

KINDS = ("yes-no", "scale", "number", "choice", "body", "time")
UNITS = ("minutes", "hours", "days", "weeks")
# Which members each kind takes (beyond "kind"), and which of them it needs.
MEMBERS: dict[str, tuple[str, ...]] = {
    "yes-no": ("options",),
    "choice": ("options",),
    "scale": ("min", "max", "low", "high"),
    "number": ("min", "max", "counting"),
    "body": (),
    "time": ("units",),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "yes-no": ("options",),
    "choice": ("options",),
    "scale": ("low", "high"),
}
OPTION_COUNT = {"yes-no": (2, 8), "choice": (2, 60)}
RANGE_DEFAULTS = {"scale": (0, 10), "number": (0, 100)}
RANGE_LIMITS = {"scale": 20, "number": 9999}

DATA_DIR = Path(__file__).parent
# Draws a panel in the browser: the web app serves it, the field kit inlines it.
PANEL_SCRIPT = DATA_DIR / "panel.js"
PANEL_STYLE = DATA_DIR / "panel.css"


@cache
def body_map() -> dict[str, Any]:
    """The drawn body map: ``viewBox``, ``views`` and ``regions`` (id, label phrase, paths)."""
    data: dict[str, Any] = json.loads((DATA_DIR / "body_map.json").read_text(encoding="utf-8"))
    return data


def body_label_ids() -> list[str]:
    """The phrases a body panel needs: every region's label and the two view captions."""
    data = body_map()
    return [region["label"] for region in data["regions"]] + [
        view["caption"] for view in data["views"].values()
    ]


_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")  # phrasebook/1's id


def parse(raw: object, where: str = "/answers") -> dict[str, Any]:
    """A panel given outside a file (the API, the editor): the types the JSON Schema checks
    in a file, with the same messages. ``check`` then checks what the panel names."""
    if not isinstance(raw, dict):
        raise InvalidInput(where, "expected an object")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise InvalidInput(f"{where}/kind", f"{kind!r} is not one of: {', '.join(KINDS)}")
    for name, value in raw.items():
        at = f"{where}/{name}"
        if name in ("options", "units"):
            if not isinstance(value, list):
                raise InvalidInput(at, "expected an array")
            for index, item in enumerate(value):
                allowed = (
                    item in UNITS if name == "units" else isinstance(item, str) and _ID.match(item)
                )
                if not allowed:
                    raise InvalidInput(f"{at}/{index}", f"{item!r} is not a {name[:-1]}")
        elif name in ("low", "high"):
            if not isinstance(value, str) or not _ID.match(value):
                raise InvalidInput(at, f"{value!r} is not a phrase id")
        elif name in ("min", "max"):
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InvalidInput(at, "expected a whole number, 0 or more")
        elif name == "counting":
            if not isinstance(value, bool):
                raise InvalidInput(at, "expected true/false")
        elif name != "kind":
            raise InvalidInput(at, f"unknown field {name!r}")
    return dict(raw)


def referenced_ids(answers: Mapping[str, Any]) -> list[str]:
    """The ids of the phrases a panel shows, in the order it shows them."""
    kind = answers["kind"]
    if kind in ("yes-no", "choice"):
        return list(answers.get("options", []))
    if kind == "scale":
        return [answers[end] for end in ("low", "high") if end in answers]
    if kind == "body":
        return body_label_ids()
    return []


def check(answers: Mapping[str, Any], where: str, uid: str, exists: Callable[[str], bool]) -> None:
    """Raise InvalidInput (at JSON pointer ``where``) unless the panel of phrase ``uid`` is
    complete and every phrase it names exists (``exists``: in the file or in the store).
    The JSON Schema has already checked the members' types."""
    kind = answers["kind"]
    for name in answers:
        if name != "kind" and name not in MEMBERS[kind]:
            raise InvalidInput(f"{where}/{name}", f"a {kind} panel has no {name!r}")
    for name in REQUIRED.get(kind, ()):
        if name not in answers:
            raise InvalidInput(where, f"a {kind} panel needs {name!r}")
    if kind in OPTION_COUNT:
        options = answers["options"]
        least, most = OPTION_COUNT[kind]
        if not least <= len(options) <= most:
            raise InvalidInput(f"{where}/options", f"a {kind} panel has {least} to {most} options")
        for index, option in enumerate(options):
            if option in options[:index]:
                raise InvalidInput(f"{where}/options/{index}", f"{option!r} is listed twice")
    if kind in RANGE_DEFAULTS:
        low, high = panel_range(answers)
        if not 0 <= low < high <= RANGE_LIMITS[kind]:
            raise InvalidInput(
                f"{where}/max",
                f"a {kind} panel runs from min to max, 0 <= min < max <= {RANGE_LIMITS[kind]}",
            )
    if kind == "time":
        units = answers.get("units", list(UNITS))
        if not units or len(set(units)) != len(units):
            raise InvalidInput(f"{where}/units", "list each unit once, at least one")
    for index, ref in enumerate(referenced_ids(answers)):
        if ref == uid:
            raise InvalidInput(f"{where}", f"phrase {uid!r} cannot be an answer to itself")
        if not exists(ref):
            raise InvalidInput(
                _ref_pointer(answers, where, index),
                f"the {kind} panel names phrase {ref!r}, which does not exist",
            )


def _ref_pointer(answers: Mapping[str, Any], where: str, index: int) -> str:
    kind = answers["kind"]
    if kind in OPTION_COUNT:
        return f"{where}/options/{index}"
    if kind == "scale":
        return f"{where}/{('low', 'high')[index]}"
    return f"{where}/kind"  # a body panel's labels are named by the map, not the file


def panel_range(answers: Mapping[str, Any]) -> tuple[int, int]:
    low, high = RANGE_DEFAULTS[answers["kind"]]
    return int(answers.get("min", low)), int(answers.get("max", high))


# --- what a screen shows ---------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """One thing to point at: its key (an option's phrase id, a region id, a scale end) and
    its text in the target language (as the other person reads it) and the reader's."""

    key: str
    phrase: str
    target: str
    target_lang: str
    reader: str
    reader_lang: str
    status: str


@dataclass(frozen=True)
class Panel:
    """A question's panel, ready to draw: ``labels`` (options in order; body regions and the
    views' captions; a scale's ``low`` and ``high``); for a number panel, ``numbers``: the
    words of each value from ``minimum`` to ``maximum`` in the target (``target``) and reader
    (``reader``) languages, and Korean native numerals (``native``) when counting."""

    kind: str
    labels: list[Label]
    minimum: int = 0
    maximum: int = 0
    units: list[str] = field(default_factory=list)
    counting: bool = False
    numbers: dict[str, list[str]] = field(default_factory=dict)

    @property
    def drawable(self) -> bool:
        """Something to point at: a keypad, or at least one label in the target language."""
        return self.kind in ("number", "time") or bool(self.labels)

    def as_json(self) -> dict[str, Any]:
        """For the page's script (show mode, the field kit): plain values only."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "labels": [label.__dict__ for label in self.labels],
            "min": self.minimum,
            "max": self.maximum,
            "units": self.units,
            "counting": self.counting,
            "numbers": self.numbers,
        }
        if self.kind == "body":
            geometry = body_map()
            drawn = ("viewBox", "views", "bands", "regions")
            data["bodyMap"] = {key: geometry[key] for key in drawn}
        return data


TextOf = Callable[[str], tuple[str, str, str] | None]
"""A phrase id -> (text, language, status) in one language, or None."""


def panel(
    answers: Mapping[str, Any],
    target_text: TextOf,
    reader_text: TextOf,
    target: str,
    reader: str,
) -> Panel:
    """The panel of one question in the target and reader languages; labels whose phrase has
    no text in the target language are left out (the reader's text stands in for a missing
    reader-language one)."""
    kind = answers["kind"]
    keys: list[tuple[str, str]]
    if kind == "body":
        data = body_map()
        keys = [(region["id"], region["label"]) for region in data["regions"]]
        keys += [(view, spec["caption"]) for view, spec in data["views"].items()]
    elif kind == "scale":
        keys = [("low", answers["low"]), ("high", answers["high"])]
    else:
        keys = [(ref, ref) for ref in referenced_ids(answers)]
    labels = []
    for key, ref in keys:
        shown = target_text(ref)
        if shown is None:
            continue
        own = reader_text(ref) or shown
        labels.append(
            Label(key, ref, as_label(shown[0]), shown[1], as_label(own[0]), own[1], shown[2])
        )
    result = Panel(kind=kind, labels=labels)
    if kind in RANGE_DEFAULTS:
        low, high = panel_range(answers)
        counting = bool(answers.get("counting", False))
        numbers: dict[str, list[str]] = {}
        values = range(low, high + 1)
        if kind == "number":
            numbers["target"] = [number_words(n, target) for n in values]
            numbers["reader"] = [number_words(n, reader) for n in values]
            if counting and _base(target) == "ko":
                numbers["native"] = [number_words(n, "ko", native=True) for n in values]
        result = Panel(kind, labels, low, high, [], counting, numbers)
    elif kind == "time":
        result = Panel(kind, labels, units=list(answers.get("units", UNITS)))
    return result


def as_label(text: str) -> str:
    """A phrase as a button's label: without the full stop a sentence ends with ("Head.")."""
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _base(lang: str) -> str:
    return lang.split("-")[0].lower()


# --- numbers in words ------------------------------------------------------------------------


@cache
def _number_tables() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / "number_words.json").read_text(encoding="utf-8"))
    return data


def number_words(n: int, lang: str, *, native: bool = False) -> str:
    """``n`` (0-9999) in words in ``lang`` (Korean, Ukrainian, Russian, English; other
    languages get the digits). ``native``: Korean native numerals (하나, 둘 … 아흔아홉), used
    for counting up to 99; above that Korean counts in Sino-Korean numerals too."""
    base = _base(lang)
    tables = _number_tables()
    if base == "ko":
        if native and 0 < n < 100:
            table = tables["ko-native"]
            tens, units = divmod(n, 10)
            return str(table["tens"][tens]) + str(table["units"][units])
        return _sino_korean(n, tables["ko-KP" if lang.upper() == "KO-KP" else "ko"])
    if base not in tables:
        return str(n)
    return _western(n, tables[base])


def _sino_korean(n: int, table: dict[str, Any]) -> str:
    if n == 0:
        return str(table["zero"])
    digits: list[str] = table["digits"]
    words = []
    for power, name in ((1000, table["thousand"]), (100, table["hundred"]), (10, table["ten"])):
        count, n = divmod(n, power)
        if count:
            # 십, 백, 천 alone mean one of them: 일십 is not said.
            words.append(("" if count == 1 else digits[count]) + name)
    if n:
        words.append(digits[n])
    return "".join(words)


def _western(n: int, table: dict[str, Any]) -> str:
    """Ukrainian, Russian and English: hundreds, tens and units joined as the table says."""
    if n < 20:
        return str(table["below_twenty"][n])
    parts = []
    thousands, n = divmod(n, 1000)
    if thousands:
        parts.append(str(table["thousands"][thousands]))
    hundreds, n = divmod(n, 100)
    if hundreds:
        parts.append(str(table["hundreds"][hundreds]))
    if n >= 20:
        tens, units = divmod(n, 10)
        joined = table["tens_join"] + table["below_twenty"][units] if units else ""
        parts.append(table["tens"][tens] + joined)
    elif n:
        parts.append(str(table["below_twenty"][n]))
    return " ".join(parts)
