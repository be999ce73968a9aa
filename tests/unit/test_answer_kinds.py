"""Answer-panel kinds are one registry (phrasebook.answers.kinds): the file format's schema,
the API description and the editor offer exactly its kinds, and a kind registered once is
parsed, checked and drawn without another change."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, ClassVar

import pytest

from phrasebook import answers
from phrasebook.answers.kinds import KINDS, PanelKind, register
from phrasebook.errors import InvalidInput

ROOT = Path(__file__).resolve().parents[2]


def test_the_schema_the_api_and_the_editor_offer_the_registered_kinds() -> None:
    schema = json.loads(
        (ROOT / "phrasebook" / "interchange" / "phrasebook-1.schema.json").read_text("utf-8")
    )
    assert set(schema["$defs"]["answers"]["properties"]["kind"]["enum"]) == set(KINDS)
    described = json.loads((ROOT / "app" / "api" / "openapi.json").read_text("utf-8"))
    api_kinds = described["components"]["schemas"]["Answers"]["properties"]["kind"]["enum"]
    assert set(api_kinds) == set(KINDS)
    fields = (ROOT / "app" / "templates" / "edit" / "_answers_fields.html").read_text("utf-8")
    offered = re.search(r"set kind_labels = \{(.*?)\} -%\}", fields)
    assert offered is not None
    assert set(re.findall(r'"([a-z-]+)": _\(', offered.group(1))) == set(KINDS)


class Stars(PanelKind):
    """A kind the product does not ship: 1 to ``max`` stars."""

    name = "stars"
    members: ClassVar[tuple[str, ...]] = ("max",)
    required: ClassVar[tuple[str, ...]] = ("max",)

    def check(self, panel: Mapping[str, Any], where: str) -> None:
        if not 1 < panel["max"] <= 5:
            raise InvalidInput(f"{where}/max", "1 < max <= 5")

    def screen_extras(self, panel: Mapping[str, Any], target: str, reader: str) -> dict[str, Any]:
        return {"minimum": 1, "maximum": panel["max"]}

    def drawable(self, label_count: int) -> bool:
        return True


@pytest.fixture
def with_stars() -> Iterator[None]:
    register(Stars)
    try:
        yield
    finally:
        del KINDS["stars"]


def test_a_registered_kind_is_parsed_checked_and_drawn(with_stars: None) -> None:
    panel = answers.parse({"kind": "stars", "max": 5})
    answers.check(panel, "/answers", "q", lambda _uid: True)
    with pytest.raises(InvalidInput, match="a stars panel has no 'options'"):
        answers.check({"kind": "stars", "max": 3, "options": []}, "/answers", "q", bool)
    with pytest.raises(InvalidInput, match="a stars panel needs 'max'"):
        answers.check({"kind": "stars"}, "/answers", "q", bool)
    with pytest.raises(InvalidInput, match=r"1 < max <= 5"):
        answers.check({"kind": "stars", "max": 9}, "/answers", "q", bool)
    drawn = answers.panel(panel, lambda _r: None, lambda _r: None, "ko", "uk")
    assert (drawn.kind, drawn.minimum, drawn.maximum, drawn.drawable) == ("stars", 1, 5, True)
    assert drawn.as_json()["max"] == 5


def test_an_unregistered_kind_is_refused_with_the_list() -> None:
    with pytest.raises(InvalidInput, match=r"'stars' is not one of: yes-no, scale, body"):
        answers.parse({"kind": "stars"})
