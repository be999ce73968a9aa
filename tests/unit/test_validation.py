"""Every kind of bad input gets one error naming where and why."""

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phrasebook.errors import InvalidInput, TooLarge
from phrasebook.interchange import parse_document
from tests.conftest import phrase_entry

LANGS = ("ko", "uk", "ru", "en")


def parse(document: Any, *, max_bytes: int = 1_000_000, **kwargs: Any) -> Any:
    raw = document if isinstance(document, (str, bytes)) else json.dumps(document)
    return parse_document(raw, languages=LANGS, max_bytes=max_bytes, **kwargs)


def doc(*phrases: dict[str, Any], **rest: Any) -> dict[str, Any]:
    return {"format": "phrasebook/1", "phrases": list(phrases), **rest}


def error_of(document: Any, **kwargs: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        parse(document, **kwargs)
    return caught.value


def test_valid_document_passes_and_normalizes_tags() -> None:
    parsed = parse(doc(phrase_entry("a", ko="감사합니다", ko_kp="고맙습니다", en="Thanks")))
    assert set(parsed.data["phrases"][0]["translations"]) == {"ko", "ko-KP", "en"}
    assert parsed.warnings == []


def test_malformed_json_names_line_and_column() -> None:
    error = error_of('{"format": "phrasebook/1",\n  "phrases": [1,]\n}')
    assert error.location == "line 2, column 17"
    assert "malformed JSON" in error.reason


def test_duplicate_keys_are_malformed() -> None:
    assert (
        "appears twice"
        in error_of('{"format": "phrasebook/1", "phrases": [], "phrases": []}').reason
    )


def test_not_utf8() -> None:
    assert error_of(b'{"format": "\xff"}').reason == "not UTF-8 text"


def test_unknown_format_version() -> None:
    error = error_of({"format": "phrasebook/2", "phrases": []})
    assert error.location == "/format"
    assert "unknown format version 'phrasebook/2'" in error.reason


def test_missing_format() -> None:
    assert "missing required field 'format'" in str(error_of({"phrases": []}))


def test_wrong_type_names_pointer() -> None:
    bad = phrase_entry("a", ko="안녕하세요")
    bad["tags"] = "greeting"
    error = error_of(doc(bad))
    assert error.location == "/phrases/0/tags"
    assert error.reason == "expected an array, got a string"


def test_missing_required_field() -> None:
    bad = phrase_entry("a", ko="안녕하세요")
    del bad["category"]
    error = error_of(doc(bad))
    assert (error.location, error.reason) == ("/phrases/0", "missing required field 'category'")


def test_unknown_field() -> None:
    bad = phrase_entry("a", ko="안녕하세요")
    bad["colour"] = "red"
    assert error_of(doc(bad)).reason == "unknown field 'colour'"


def test_invalid_language_tag() -> None:
    error = error_of(doc(phrase_entry("a", ko="안녕", **{"ko_KP_": "x"})))
    assert error.location == "/phrases/0/translations/ko-KP-"
    assert "invalid language tag" in error.reason


def test_unconfigured_language() -> None:
    error = error_of(doc(phrase_entry("a", ja="ありがとう")))
    assert error.location == "/phrases/0/translations/ja"
    assert "not configured" in error.reason


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_or_whitespace_text(text: str) -> None:
    error = error_of(doc(phrase_entry("a", ko="안녕"), phrase_entry("b", en=text)))
    assert error.location == "/phrases/1/translations/en/text"
    assert error.reason == "text is empty or whitespace only"


def test_duplicate_ids_in_one_file() -> None:
    error = error_of(doc(phrase_entry("a", en="Hi"), phrase_entry("a", en="Hello")))
    assert (error.location, error.reason) == ("/phrases/1/id", "duplicate phrase id 'a'")


def test_same_language_twice_after_normalization() -> None:
    entry = phrase_entry("a", en="Hi")
    entry["translations"]["EN"] = {"text": "Hello"}
    assert "appears twice" in error_of(doc(entry)).reason


def test_set_naming_missing_phrase() -> None:
    error = error_of(doc(phrase_entry("a", en="Hi"), sets=[{"id": "s", "phrases": ["a", "ghost"]}]))
    assert error.location == "/sets/0/phrases/1"
    assert "'ghost', which does not exist" in error.reason


def test_set_may_name_phrase_already_in_store() -> None:
    parsed = parse(
        doc(sets=[{"id": "s", "phrases": ["stored"]}]), known_phrase_ids={"stored"}.__contains__
    )
    assert parsed.data["sets"][0]["phrases"] == ["stored"]


def test_file_over_size_limit() -> None:
    with pytest.raises(TooLarge, match="over the import limit of 100 bytes"):
        parse(doc(phrase_entry("a", en="x" * 200)), max_bytes=100)


def test_invalid_id() -> None:
    error = error_of(doc(phrase_entry("Bad Id", en="Hi")))
    assert error.location == "/phrases/0/id"
    assert "invalid id 'Bad Id'" in error.reason


def test_wrong_script_is_accepted_but_flagged() -> None:
    parsed = parse(doc(phrase_entry("a", ko="Thank you", uk="Дякую")))
    assert parsed.warnings == [
        "/phrases/0/translations/ko/text: ko text has no Hang letters (found Latn)"
    ]


def test_first_error_in_document_order_is_reported() -> None:
    second = phrase_entry("b", en="x")
    second["position"] = "first"
    third = phrase_entry("c", en="y")
    del third["category"]
    assert (
        error_of(doc(phrase_entry("a", en="ok"), second, third)).location == "/phrases/1/position"
    )


def test_control_characters_are_rejected() -> None:
    error = error_of(doc(phrase_entry("a", en="Hi\x00there")))
    assert (error.location, error.reason) == (
        "/phrases/0/translations/en/text",
        "contains control character U+0000 at character 3",
    )


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from(["", " ", "a", "x.y", "A", "٣", "2026-01-02T03:04:05Z", "2026-1-2", "ko"]),
    st.text(max_size=6),
)
_KEYS = st.sampled_from(
    ["id", "category", "text", "status", "provenance", "kind", "created", "updated", "tags",
     "names", "position", "register", "translations", "notes", "revision", "phrases", "ko",
     "en", "extra"]
)  # fmt: skip
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=12,
)


def _phrase_like() -> st.SearchStrategy[dict[str, Any]]:
    base = phrase_entry("basics.hello", ko="안녕하세요", en="Hello")
    # A valid phrase with some of its members replaced by anything.
    return st.dictionaries(_KEYS, _VALUES, max_size=3).map(lambda changes: {**base, **changes})


@settings(max_examples=300, deadline=None)
@given(
    phrases=st.lists(_phrase_like(), max_size=3),
    sets=st.lists(st.dictionaries(_KEYS, _VALUES, max_size=3), max_size=2),
)
def test_the_fast_check_agrees_with_jsonschema(phrases: list[Any], sets: list[Any]) -> None:
    """The Rust validator lets a file through only if jsonschema would (it is never the one
    that decides a file is bad: jsonschema then reports the error)."""
    from phrasebook.interchange.validation import _validator, fast_validator

    document = {"format": "phrasebook/1", "phrases": phrases, "sets": sets}
    reference = not any(True for _ in _validator().iter_errors(document))
    assert fast_validator().is_valid(document) == reference
