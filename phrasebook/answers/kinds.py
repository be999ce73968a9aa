"""The kinds of answer panel: one class each, registered in :data:`KINDS` (in the order the
answer card prints them).

A kind says which members a panel of it takes and needs, checks what the JSON Schema cannot
(counts, ranges, repeats), names the phrases the panel shows, and adds what a screen (numbers,
units) and the printed answer card (its section) need. The JSON Schema's and the API
description's ``kind`` enums are compared with this registry by a test; the browser draws
each kind in ``panel.js``, the PDF renderer each ``card_layout`` in ``pdf/render_fpdf.py``.
A new kind: CONTRIBUTING.md, "Adding an answer-panel kind".
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, ClassVar, Literal

from babel.dates import format_timedelta

from ..errors import InvalidInput
from .body import body_label_ids, body_map
from .numbers import number_words

UNITS = ("minutes", "hours", "days", "weeks")
_GRANULARITY: dict[str, Literal["minute", "hour", "day", "week"]] = {
    "minutes": "minute",
    "hours": "hour",
    "days": "day",
    "weeks": "week",
}
# The number line printed for any number panel: 0-20 one by one, then the tens to 100.
NUMBER_LINE = (*range(0, 21), *range(30, 101, 10))

# (key, phrase id) of a label; (target text, reader text) of a printed one.
LabelKey = tuple[str, str]
Printed = tuple[str, str]


class PanelKind:
    """One kind of answer panel (the base: a panel with no members and no labels)."""

    name: ClassVar[str]
    members: ClassVar[tuple[str, ...]] = ()  # beyond "kind"
    required: ClassVar[tuple[str, ...]] = ()
    # How the answer card draws its section (pdf/render_fpdf.py): rows, scale, body, numbers.
    card_layout: ClassVar[str] = "rows"
    # One section on the answer card serves every question of this kind (else one per panel).
    one_card_section: ClassVar[bool] = False

    def check(self, answers: Mapping[str, Any], where: str) -> None:
        """Raise InvalidInput for what the kind does not allow beyond member types."""

    def referenced_ids(self, answers: Mapping[str, Any]) -> list[str]:
        """The phrases the panel shows, in order."""
        return []

    def ref_pointer(self, answers: Mapping[str, Any], where: str, index: int) -> str:
        """Where in the panel the ``index``-th referenced phrase is named."""
        return f"{where}/kind"

    def label_keys(self, answers: Mapping[str, Any]) -> list[LabelKey]:
        return [(ref, ref) for ref in self.referenced_ids(answers)]

    def screen_extras(self, answers: Mapping[str, Any], target: str, reader: str) -> dict[str, Any]:
        """What a screen needs beyond labels (Panel's minimum, maximum, units, counting,
        numbers)."""
        return {}

    def drawable(self, label_count: int) -> bool:
        """Whether the other person has something to point at."""
        return label_count > 0

    def card_heading(self, heading: str, *, question: str, minimum: int, maximum: int) -> str:
        return heading

    def card_labels(
        self,
        labels: Sequence[tuple[str, str, str]],
        panels: Sequence[Mapping[str, Any]],
        target: str,
        reader: str,
    ) -> tuple[Printed, ...]:
        """The printed labels from the screen's (key, target, reader); ``panels``: every
        panel of this kind in the selection."""
        return tuple((text, own) for _key, text, own in labels)

    def card_line(self, target: str) -> tuple[tuple[int, str], ...]:
        """A number line (value, words) for the card; none by default."""
        return ()

    def card_range(self, minimum: int, maximum: int) -> tuple[int, int]:
        return (0, 0)

    def card_key(self, answers: Mapping[str, Any]) -> str:
        """Questions with the same key share one section of the answer card."""
        if self.one_card_section:
            return self.name
        return json.dumps(dict(answers), sort_keys=True)


KINDS: dict[str, PanelKind] = {}


def register(cls: type[PanelKind]) -> type[PanelKind]:
    if cls.name in KINDS:
        raise ValueError(f"answer-panel kind {cls.name!r} is registered twice")
    KINDS[cls.name] = cls()
    return cls


def kind_of(answers: Mapping[str, Any]) -> PanelKind:
    return KINDS[answers["kind"]]


class _Options(PanelKind):
    """A list of phrases as buttons."""

    members = ("options",)
    required = ("options",)
    least: ClassVar[int]
    most: ClassVar[int]

    def check(self, answers: Mapping[str, Any], where: str) -> None:
        options = answers["options"]
        if not self.least <= len(options) <= self.most:
            raise InvalidInput(
                f"{where}/options", f"a {self.name} panel has {self.least} to {self.most} options"
            )
        for index, option in enumerate(options):
            if option in options[:index]:
                raise InvalidInput(f"{where}/options/{index}", f"{option!r} is listed twice")

    def referenced_ids(self, answers: Mapping[str, Any]) -> list[str]:
        return list(answers.get("options", []))

    def ref_pointer(self, answers: Mapping[str, Any], where: str, index: int) -> str:
        return f"{where}/options/{index}"


@register
class YesNo(_Options):
    name = "yes-no"
    least, most = 2, 8


class _Range(PanelKind):
    members: ClassVar[tuple[str, ...]] = ("min", "max")
    default_range: ClassVar[tuple[int, int]]
    highest: ClassVar[int]

    def range(self, answers: Mapping[str, Any]) -> tuple[int, int]:
        low, high = self.default_range
        return int(answers.get("min", low)), int(answers.get("max", high))

    def check(self, answers: Mapping[str, Any], where: str) -> None:
        low, high = self.range(answers)
        if not 0 <= low < high <= self.highest:
            raise InvalidInput(
                f"{where}/max",
                f"a {self.name} panel runs from min to max, 0 <= min < max <= {self.highest}",
            )


@register
class Scale(_Range):
    """A numeric scale between two phrases ("no pain" … "worst pain imaginable")."""

    name = "scale"
    members = ("min", "max", "low", "high")
    required = ("low", "high")
    card_layout = "scale"
    default_range, highest = (0, 10), 20

    def referenced_ids(self, answers: Mapping[str, Any]) -> list[str]:
        return [answers[end] for end in ("low", "high") if end in answers]

    def ref_pointer(self, answers: Mapping[str, Any], where: str, index: int) -> str:
        return f"{where}/{('low', 'high')[index]}"

    def label_keys(self, answers: Mapping[str, Any]) -> list[LabelKey]:
        return [("low", answers["low"]), ("high", answers["high"])]

    def screen_extras(self, answers: Mapping[str, Any], target: str, reader: str) -> dict[str, Any]:
        low, high = self.range(answers)
        return {"minimum": low, "maximum": high}

    def card_heading(self, heading: str, *, question: str, minimum: int, maximum: int) -> str:
        return heading.format(low=minimum, high=maximum)

    def card_range(self, minimum: int, maximum: int) -> tuple[int, int]:
        return (minimum, maximum)


@register
class Body(PanelKind):
    """The body map (``body_map.json``): its regions' and views' labels are phrases."""

    name = "body"
    card_layout = "body"
    one_card_section = True

    def referenced_ids(self, answers: Mapping[str, Any]) -> list[str]:
        return body_label_ids()

    def label_keys(self, answers: Mapping[str, Any]) -> list[LabelKey]:
        data = body_map()
        keys = [(region["id"], region["label"]) for region in data["regions"]]
        return keys + [(view, spec["caption"]) for view, spec in data["views"].items()]

    def card_labels(
        self,
        labels: Sequence[tuple[str, str, str]],
        panels: Sequence[Mapping[str, Any]],
        target: str,
        reader: str,
    ) -> tuple[Printed, ...]:
        views = body_map()["views"]
        return tuple((text, own) for key, text, own in labels if key in views)


@register
class Number(_Range):
    """A keypad of numbers, read back in words (Korean native numerals when counting)."""

    name = "number"
    members = ("min", "max", "counting")
    card_layout = "numbers"
    one_card_section = True
    default_range, highest = (0, 100), 9999

    def screen_extras(self, answers: Mapping[str, Any], target: str, reader: str) -> dict[str, Any]:
        low, high = self.range(answers)
        counting = bool(answers.get("counting", False))
        values = range(low, high + 1)
        numbers = {
            "target": [number_words(n, target) for n in values],
            "reader": [number_words(n, reader) for n in values],
        }
        if counting and target.split("-")[0].lower() == "ko":
            numbers["native"] = [number_words(n, "ko", native=True) for n in values]
        return {"minimum": low, "maximum": high, "counting": counting, "numbers": numbers}

    def drawable(self, label_count: int) -> bool:
        return True  # the keypad

    def card_line(self, target: str) -> tuple[tuple[int, str], ...]:
        return tuple((n, number_words(n, target)) for n in NUMBER_LINE)

    def card_range(self, minimum: int, maximum: int) -> tuple[int, int]:
        return (0, 100)


def _ago(unit: str, lang: str) -> str:
    """ "… hours ago" in ``lang`` from CLDR (Babel): the form for five, the number left out."""
    text = format_timedelta(
        timedelta(**{unit: -5}),
        add_direction=True,
        threshold=100,
        granularity=_GRANULARITY[unit],
        locale=lang.split("-")[0],
    )
    return text.replace("5", "…", 1)


@register
class Time(PanelKind):
    """A number and a unit, read back as "2 hours ago" (the browser's CLDR data)."""

    name = "time"
    members = ("units",)
    one_card_section = True

    def check(self, answers: Mapping[str, Any], where: str) -> None:
        units = answers.get("units", list(UNITS))
        if not units or len(set(units)) != len(units):
            raise InvalidInput(f"{where}/units", "list each unit once, at least one")

    def screen_extras(self, answers: Mapping[str, Any], target: str, reader: str) -> dict[str, Any]:
        return {"units": list(answers.get("units", UNITS))}

    def drawable(self, label_count: int) -> bool:
        return True  # the keypad and the units

    def card_labels(
        self,
        labels: Sequence[tuple[str, str, str]],
        panels: Sequence[Mapping[str, Any]],
        target: str,
        reader: str,
    ) -> tuple[Printed, ...]:
        asked = {unit for panel in panels for unit in panel.get("units", UNITS)}
        return tuple((_ago(u, target), _ago(u, reader)) for u in UNITS if u in asked)


@register
class Choice(_Options):
    """A list of phrases to choose from, headed on the card by its question."""

    name = "choice"
    least, most = 2, 60

    def card_heading(self, heading: str, *, question: str, minimum: int, maximum: int) -> str:
        return heading.format(question=question)


def check_members(answers: Mapping[str, Any], where: str) -> PanelKind:
    """The panel's kind, after checking it takes every member given and has those it needs."""
    kind = kind_of(answers)
    for name in answers:
        if name != "kind" and name not in kind.members:
            raise InvalidInput(f"{where}/{name}", f"a {kind.name} panel has no {name!r}")
    for name in kind.required:
        if name not in answers:
            raise InvalidInput(where, f"a {kind.name} panel needs {name!r}")
    return kind
