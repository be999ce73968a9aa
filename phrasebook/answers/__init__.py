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

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InvalidInput
from .body import body_label_ids as body_label_ids
from .body import body_map as body_map
from .kinds import KINDS, UNITS, check_members, kind_of
from .numbers import number_words as number_words

DATA_DIR = Path(__file__).parent
# Draws a panel in the browser: the web app serves it, the field kit inlines it.
PANEL_SCRIPT = DATA_DIR / "panel.js"
PANEL_STYLE = DATA_DIR / "panel.css"


_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")  # phrasebook/1's id


def parse(raw: object, where: str = "/answers") -> dict[str, Any]:
    """A panel given outside a file (the API, the editor): the types the JSON Schema checks
    in a file, with the same messages. ``check`` then checks what the panel names."""
    if not isinstance(raw, dict):
        raise InvalidInput(where, "expected an object")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
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
    return kind_of(answers).referenced_ids(answers)


def check(answers: Mapping[str, Any], where: str, uid: str, exists: Callable[[str], bool]) -> None:
    """Raise InvalidInput (at JSON pointer ``where``) unless the panel of phrase ``uid`` is
    complete and every phrase it names exists (``exists``: in the file or in the store).
    The JSON Schema has already checked the members' types."""
    kind = check_members(answers, where)
    kind.check(answers, where)
    for index, ref in enumerate(kind.referenced_ids(answers)):
        if ref == uid:
            raise InvalidInput(f"{where}", f"phrase {uid!r} cannot be an answer to itself")
        if not exists(ref):
            raise InvalidInput(
                kind.ref_pointer(answers, where, index),
                f"the {kind.name} panel names phrase {ref!r}, which does not exist",
            )


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
        return KINDS[self.kind].drawable(len(self.labels))

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
    kind = kind_of(answers)
    labels = []
    for key, ref in kind.label_keys(answers):
        shown = target_text(ref)
        if shown is None:
            continue
        own = reader_text(ref) or shown
        labels.append(
            Label(key, ref, as_label(shown[0]), shown[1], as_label(own[0]), own[1], shown[2])
        )
    return Panel(kind=kind.name, labels=labels, **kind.screen_extras(answers, target, reader))


def as_label(text: str) -> str:
    """A phrase as a button's label: without the full stop a sentence ends with ("Head.")."""
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text
