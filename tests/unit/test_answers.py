"""Answer panels: the checks of each kind, the labels a panel shows, numbers in words, the
drawn body map."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from phrasebook import answers
from phrasebook.errors import InvalidInput
from phrasebook.interchange.validation import parse_document

ROOT = Path(__file__).resolve().parents[2]
YES_NO = ["a.yes", "a.no", "a.dont-know"]


def known(*ids: str) -> Any:
    return lambda ref: ref in ids


@pytest.mark.parametrize(
    "panel",
    [
        {"kind": "yes-no", "options": YES_NO},
        {"kind": "choice", "options": ["a.yes", "a.no"]},
        {"kind": "scale", "low": "a.yes", "high": "a.no"},
        {"kind": "scale", "min": 1, "max": 5, "low": "a.yes", "high": "a.no"},
        {"kind": "number"},
        {"kind": "number", "min": 0, "max": 20, "counting": True},
        {"kind": "time"},
        {"kind": "time", "units": ["days"]},
    ],
)
def test_complete_panels_pass(panel: dict[str, Any]) -> None:
    answers.check(panel, "/p", "q", known(*YES_NO))


def test_a_body_panel_needs_every_label_of_the_map() -> None:
    labels = answers.body_label_ids()
    answers.check({"kind": "body"}, "/p", "q", known(*labels))
    with pytest.raises(InvalidInput, match="answers.body-map-left-knee"):
        answers.check(
            {"kind": "body"}, "/p", "q", known(*[x for x in labels if "left-knee" not in x])
        )


@pytest.mark.parametrize(
    ("panel", "where", "reason"),
    [
        ({"kind": "yes-no"}, "/p", "needs 'options'"),
        ({"kind": "yes-no", "options": ["a.yes"]}, "/p/options", "2 to 8 options"),
        ({"kind": "choice", "options": ["a.yes", "a.yes"]}, "/p/options/1", "listed twice"),
        (
            {"kind": "choice", "options": ["a.yes", "ghost"]},
            "/p/options/1",
            "'ghost', which does not",
        ),
        ({"kind": "scale", "low": "a.yes"}, "/p", "needs 'high'"),
        ({"kind": "scale", "low": "a.yes", "high": "ghost"}, "/p/high", "'ghost'"),
        ({"kind": "scale", "low": "a.yes", "high": "a.no", "max": 50}, "/p/max", "<= 20"),
        ({"kind": "number", "min": 9, "max": 3}, "/p/max", "min < max"),
        ({"kind": "number", "options": YES_NO}, "/p/options", "has no 'options'"),
        ({"kind": "time", "units": []}, "/p/units", "at least one"),
        ({"kind": "time", "units": ["days", "days"]}, "/p/units", "each unit once"),
        ({"kind": "body", "min": 1}, "/p/min", "has no 'min'"),
        ({"kind": "yes-no", "options": ["q", "a.no"]}, "/p", "answer to itself"),
    ],
)
def test_incomplete_panels_say_where_and_why(
    panel: dict[str, Any], where: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        answers.check(panel, "/p", "q", known("q", *YES_NO))
    assert raised.value.location == where
    assert reason in raised.value.reason


def document(panel: Any) -> bytes:
    phrases = [
        {"id": "q", "category": "c", "translations": {"en": {"text": "Q?"}}, "answers": panel}
    ]
    phrases += [
        {"id": uid, "category": "c", "translations": {"en": {"text": uid}}} for uid in YES_NO
    ]
    return json.dumps({"format": "phrasebook/1", "phrases": phrases}).encode()


@pytest.mark.parametrize(
    ("panel", "message"),
    [
        ({"kind": "faces"}, "/phrases/0/answers/kind: 'faces' is not one of"),
        ({"options": YES_NO}, "/phrases/0/answers: missing required field 'kind'"),
        (
            {"kind": "yes-no", "options": ["a.yes", ""]},
            "/phrases/0/answers/options/1: invalid id ''",
        ),
        ({"kind": "number", "counting": "yes"}, "/phrases/0/answers/counting: expected true/false"),
        ({"kind": "time", "units": ["years"]}, "/phrases/0/answers/units/0: 'years' is not one of"),
        ({"kind": "yes-no", "options": ["a.yes", "a.maybe"]}, "'a.maybe', which does not exist"),
        ("yes", "/phrases/0/answers: expected an object"),
    ],
)
def test_the_file_check_names_a_json_pointer(panel: Any, message: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_document(document(panel), languages=["en"], max_bytes=10**6)
    assert message in str(raised.value)


def test_options_may_name_phrases_the_store_already_has() -> None:
    raw = json.dumps({"format": "phrasebook/1", "phrases": [
        {"id": "q", "category": "c", "translations": {"en": {"text": "Q?"}},
         "answers": {"kind": "choice", "options": ["old.a", "old.b"]}}]}).encode()  # fmt: skip
    asked: list[str] = []

    def in_store(ref: str) -> bool:
        asked.append(ref)
        return ref.startswith("old.")

    parse_document(raw, languages=["en"], max_bytes=10**6, known_phrase_ids=in_store)
    assert asked == ["old.a", "old.b"]


def texts(table: dict[str, tuple[str, str, str]]) -> Any:
    return table.get


def test_a_panel_shows_each_option_in_both_languages_without_the_full_stop() -> None:
    target = {"a.yes": ("네.", "ko", "reviewed"), "a.no": ("아니요.", "ko", "draft")}
    reader = {"a.yes": ("Так.", "uk", "reviewed"), "a.no": ("Ні.", "uk", "reviewed")}
    shown = answers.panel(
        {"kind": "yes-no", "options": ["a.yes", "a.no", "a.dont-know"]},
        texts(target), texts(reader), target="ko", reader="uk",
    )  # fmt: skip
    assert [(label.target, label.reader, label.status) for label in shown.labels] == [
        ("네", "Так", "reviewed"),
        ("아니요", "Ні", "draft"),
    ]  # fmt: skip  (a.dont-know has no Korean text: left out)
    as_json = shown.as_json()
    assert as_json["kind"] == "yes-no" and as_json["labels"][0]["phrase"] == "a.yes"


def test_a_number_panel_carries_the_words_of_every_value() -> None:
    shown = answers.panel(
        {"kind": "number", "min": 0, "max": 30, "counting": True},
        texts({}), texts({}), target="ko", reader="uk",
    )  # fmt: skip
    assert (shown.minimum, shown.maximum) == (0, 30)
    assert shown.numbers["target"][23] == "이십삼"
    assert shown.numbers["native"][23] == "스물셋"
    assert shown.numbers["reader"][23] == "двадцять три"
    plain = answers.panel({"kind": "number"}, texts({}), texts({}), target="ru", reader="en")
    assert plain.numbers["target"][100] == "сто" and plain.numbers["reader"][42] == "forty-two"
    north = answers.panel({"kind": "number"}, texts({}), texts({}), target="ko-KP", reader="uk")
    assert north.numbers["target"][16] == "십륙"  # North Korean usage keeps the initial ㄹ
    assert "native" not in plain.numbers


@pytest.mark.parametrize(
    ("n", "lang", "native", "words"),
    [
        (0, "ko", False, "영"), (10, "ko", False, "십"), (16, "ko", False, "십육"),
        (16, "ko-KP", False, "십륙"), (0, "ko-KP", False, "령"), (115, "ko", False, "백십오"),
        (2024, "ko", False, "이천이십사"), (1, "ko", True, "하나"), (20, "ko", True, "스물"),
        (99, "ko", True, "아흔아홉"), (100, "ko", True, "백"), (5, "uk", False, "п’ять"),
        (41, "uk", False, "сорок один"), (200, "uk", False, "двісті"),
        (2005, "uk", False, "дві тисячі п’ять"), (11, "ru", False, "одиннадцать"),
        (90, "ru", False, "девяносто"), (300, "ru", False, "триста"),
        (21, "en", False, "twenty-one"), (119, "en", False, "one hundred nineteen"),
        (7, "de", False, "7"),
    ],
)  # fmt: skip
def test_numbers_in_words(n: int, lang: str, native: bool, words: str) -> None:
    assert answers.number_words(n, lang, native=native) == words


def test_the_body_map_has_twenty_labelled_regions_front_and_back() -> None:
    data = answers.body_map()
    ids = [region["id"] for region in data["regions"]]
    assert len(ids) >= 20 and len(set(ids)) == len(ids)
    for required in ("head", "face", "eyes", "neck", "chest", "abdomen", "upper-back",
                     "groin", "left-arm", "right-arm", "left-hand", "right-hand",
                     "left-leg", "right-leg", "left-foot", "right-foot"):  # fmt: skip
        assert required in ids
    front = {r["id"] for r in data["regions"] if "front" in r["paths"]}
    back = {r["id"] for r in data["regions"] if "back" in r["paths"]}
    assert {"chest", "groin"} <= front - back and {"upper-back", "buttocks"} <= back - front
    assert all(path.startswith("M") and path.endswith("Z") for r in data["regions"]
               for path in r["paths"].values())  # fmt: skip


def test_the_body_map_file_is_what_the_drawing_script_draws() -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import draw_body_map
    finally:
        sys.path.pop(0)
    assert (ROOT / "phrasebook" / "answers" / "body_map.json").read_text(encoding="utf-8") == (
        draw_body_map.text()
    )


def test_the_person_s_right_is_on_the_viewer_s_left_in_front_and_right_behind() -> None:
    regions = {r["id"]: r["paths"] for r in answers.body_map()["regions"]}
    views = answers.body_map()["views"]

    def centre_x(path: str) -> float:
        xs = [
            float(point.split(",")[0].lstrip("ML ")) for point in path.replace(" Z", "").split(" ")
        ]
        return sum(xs) / len(xs)

    assert centre_x(regions["right-arm"]["front"]) < views["front"]["x"]
    assert centre_x(regions["right-arm"]["back"]) > views["back"]["x"]


def test_a_body_panel_carries_the_map_the_page_draws() -> None:
    labels = {ref: ("머리", "ko", "reviewed") for ref in answers.body_label_ids()}
    shown = answers.panel({"kind": "body"}, labels.get, labels.get, target="ko", reader="uk")
    as_json = shown.as_json()
    geometry = as_json["bodyMap"]
    assert geometry["viewBox"] == answers.body_map()["viewBox"]
    assert [r["id"] for r in geometry["regions"]] == [
        r["id"] for r in answers.body_map()["regions"]
    ]
    keys = {label["key"] for label in as_json["labels"]}
    assert {"head", "left-knee", "front", "back"} <= keys
    assert (
        "bodyMap"
        not in answers.panel(
            {"kind": "number"}, labels.get, labels.get, target="ko", reader="uk"
        ).as_json()
    )
