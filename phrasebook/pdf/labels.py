"""The few words printed on PDFs besides the phrases, in the reader's language (labels.json)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

_LABELS = Path(__file__).with_name("labels.json")


@cache
def _all_labels() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = json.loads(_LABELS.read_text("utf-8"))["labels"]
    return labels


def label_languages() -> frozenset[str]:
    """The languages labels.json has the card's labels in."""
    return frozenset(_all_labels())


def labels_for(reader: str) -> dict[str, str]:
    """The labels in the reader's language; English for languages labels.json lacks."""
    table = _all_labels()
    chosen = table.get(reader) or table.get(reader.split("-", 1)[0].lower()) or {}
    return {**table["en"], **chosen}


def selection_name(reader: str) -> str:
    """What a PDF of hand-picked phrases (not a whole set) is called."""
    return labels_for(reader)["selection"]
