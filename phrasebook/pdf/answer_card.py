"""The answer card's panels for a selection of phrases: one section per distinct panel its
questions offer (yes/no, pain scale, body map, numbers, time, each choice list), lettered
A, B, C… in a fixed order, so that a question card can say "→ answer card B"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..answers.kinds import KINDS, kind_of
from ..models import Phrase
from ..reading import answer_panels, own_translation
from ..uow import UnitOfWork
from .labels import labels_for
from .model import AnswerLabel, AnswerSection


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
        first.setdefault(kind_of(given).card_key(given), (index, phrase, given))
    order = list(KINDS)  # the registry's order is the card's
    ordered = sorted(first.items(), key=lambda item: (order.index(item[1][2]["kind"]), item[1][0]))
    drawn = answer_panels(
        uow,
        [question for _key_, (_i, question, _g) in ordered],
        reader=reader,
        target=target,
        variant=variant,
    )
    ordered = [item for item in ordered if item[1][1].uid in drawn]  # nothing to point at: no card
    words = labels_for(reader)
    sections: list[AnswerSection] = []
    letters: dict[str, str] = {}
    for position, (key, (_index, question, given)) in enumerate(ordered):
        letter = chr(ord("A") + position) if position < 26 else str(position + 1)
        panel = drawn[question.uid]
        kind = kind_of(given)
        own = own_translation(question, reader) if kind.name == "choice" else None
        heading = kind.card_heading(
            words[f"answers_{kind.name}"],
            question=own.text if own else "",
            minimum=panel.minimum,
            maximum=panel.maximum,
        )
        same_kind = [other for _p, other in panels if other["kind"] == kind.name]
        labels = kind.card_labels(
            [(label.key, label.target, label.reader) for label in panel.labels],
            same_kind,
            target,
            reader,
        )
        low, high = kind.card_range(panel.minimum, panel.maximum)
        sections.append(
            AnswerSection(
                letter,
                kind.name,
                heading,
                tuple(AnswerLabel(t, r) for t, r in labels),
                low,
                high,
                kind.card_line(variant or target),
                kind.card_layout,
            )
        )
        for phrase, other in panels:
            if kind_of(other).card_key(other) == key:
                letters[phrase.uid] = letter
    return sections, letters
