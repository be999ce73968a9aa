"""The answer card's panels for a selection of phrases: one section per distinct panel its
questions offer (yes/no, pain scale, body map, numbers, time, each choice list), lettered
A, B, C… in a fixed order, so that a question card can say "→ answer card B"."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any, Literal

from babel.dates import format_timedelta

from .. import answers
from ..models import Phrase
from ..reading import answer_panels, own_translation
from ..uow import UnitOfWork
from .labels import labels_for
from .model import AnswerLabel, AnswerSection

KIND_ORDER = ("yes-no", "scale", "body", "number", "time", "choice")
# The number line printed for any number panel: 0-20 one by one, then the tens to 100.
NUMBER_LINE = (*range(0, 21), *range(30, 101, 10))
_GRANULARITY: dict[str, Literal["minute", "hour", "day", "week"]] = {
    "minutes": "minute", "hours": "hour", "days": "day", "weeks": "week",
}  # fmt: skip


def _key(panel: Mapping[str, Any]) -> str:
    kind = panel["kind"]
    # One body map, one number line and one list of time units serve every such question.
    return kind if kind in ("body", "number", "time") else json.dumps(panel, sort_keys=True)


def _ago(unit: str, lang: str) -> str:
    """ "… hours ago" in ``lang`` from CLDR (Babel): the form for five, the number left out."""
    text = format_timedelta(
        timedelta(**{unit: -5}), add_direction=True, threshold=100,
        granularity=_GRANULARITY[unit], locale=lang.split("-")[0],
    )  # fmt: skip
    return text.replace("5", "…", 1)


def answer_sections(
    uow: UnitOfWork,
    phrases: Sequence[Phrase],
    *,
    reader: str,
    target: str,
    variant: str | None = None,
) -> tuple[list[AnswerSection], dict[str, str]]:
    """The sections of the answer card, and each question's section letter (phrase id ->
    letter). The labels of every panel are read in one query."""
    panels = [(phrase, phrase.answers) for phrase in phrases if phrase.answers]
    first: dict[str, tuple[int, Phrase, dict[str, Any]]] = {}
    for index, (phrase, given) in enumerate(panels):
        first.setdefault(_key(given), (index, phrase, given))
    ordered = sorted(
        first.items(), key=lambda item: (KIND_ORDER.index(item[1][2]["kind"]), item[1][0])
    )
    drawn = answer_panels(
        uow, [question for _key_, (_i, question, _g) in ordered], reader=reader, target=target,
        variant=variant,
    )  # fmt: skip
    ordered = [item for item in ordered if item[1][1].uid in drawn]  # nothing to point at: no card
    words = labels_for(reader)
    sections: list[AnswerSection] = []
    letters: dict[str, str] = {}
    for position, (key, (_index, question, _given)) in enumerate(ordered):
        letter = chr(ord("A") + position) if position < 26 else str(position + 1)
        panel = drawn[question.uid]
        kind = panel.kind
        labels = tuple(AnswerLabel(label.target, label.reader) for label in panel.labels)
        heading = words[f"answers_{kind}"]
        section = AnswerSection(letter, kind, heading, labels)
        if kind == "choice":
            own = own_translation(question, reader)
            section = AnswerSection(
                letter, kind, heading.format(question=own.text if own else ""), labels
            )
        elif kind == "scale":
            section = AnswerSection(
                letter, kind, heading.format(low=panel.minimum, high=panel.maximum), labels,
                panel.minimum, panel.maximum,
            )  # fmt: skip
        elif kind == "body":
            captions = tuple(
                AnswerLabel(label.target, label.reader)
                for label in panel.labels
                if label.key in answers.body_map()["views"]
            )
            section = AnswerSection(letter, kind, heading, captions)
        elif kind == "number":
            line = tuple((n, answers.number_words(n, variant or target)) for n in NUMBER_LINE)
            section = AnswerSection(letter, kind, heading, (), 0, 100, line)
        elif kind == "time":
            asked = {u for _p, other in panels if other["kind"] == "time"
                     for u in other.get("units", answers.UNITS)}  # fmt: skip
            units = [unit for unit in answers.UNITS if unit in asked]
            labels = tuple(AnswerLabel(_ago(unit, target), _ago(unit, reader)) for unit in units)
            section = AnswerSection(letter, kind, heading, labels)
        sections.append(section)
        for phrase, other in panels:
            if _key(other) == key:
                letters[phrase.uid] = letter
    return sections, letters
