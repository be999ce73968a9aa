"""Answer panels in the store, on real SQLite and PostgreSQL: imported, exported byte for
byte, edited in one transaction, refused without a trace."""

from __future__ import annotations

import json
from typing import Any

import pytest

from phrasebook import editing, reading, services
from phrasebook.errors import InvalidInput
from phrasebook.store import Store
from tests.conftest import phrase_entry
from tests.integration.test_store import import_document

PANEL = {"kind": "yes-no", "options": ["a.yes", "a.no"]}


def book() -> dict[str, Any]:
    question = phrase_entry("q.wounded", "medical", en="Are you wounded?", ko="다치셨습니까?")
    question["answers"] = PANEL
    pain = phrase_entry("q.pain", "medical", en="How bad is the pain?", ko="얼마나 아프세요?")
    pain["answers"] = {"kind": "scale", "min": 0, "max": 10, "low": "a.no", "high": "a.yes"}
    count = phrase_entry("q.count", "safety", en="How many?", ko="몇 명입니까?")
    count["answers"] = {"kind": "number", "counting": True}
    return {
        "format": "phrasebook/1",
        "phrases": [
            question, pain, count,
            phrase_entry("a.yes", "answers", en="Yes.", ko="네.", uk="Так."),
            phrase_entry("a.no", "answers", en="No.", ko="아니요.", uk="Ні."),
            phrase_entry("plain", en="Thank you."),
        ],
    }  # fmt: skip


def test_panels_round_trip_byte_for_byte_and_old_phrases_stay_without(
    store: Store, make_store: Any
) -> None:
    import_document(store, book())
    exported = services.export_text(store.uow())
    phrases = {p["id"]: p for p in json.loads(exported)["phrases"]}
    assert phrases["q.wounded"]["answers"] == PANEL
    assert phrases["q.count"]["answers"] == {"kind": "number", "counting": True}
    assert "answers" not in phrases["plain"]  # a file without answers exports without them
    other = make_store(f"sqlite:///{store.settings.data_dir / 'other.sqlite3'}")
    services.import_bytes(
        other.uow(), exported.encode(), source="x", languages=other.settings.languages,
        max_bytes=10**6,
    )  # fmt: skip
    assert services.export_text(other.uow()) == exported
    report = import_document(other, json.loads(exported))  # the same file again: no change
    assert report.count("phrase", "updated") == 0


def test_a_panel_naming_a_missing_phrase_is_refused_and_nothing_is_written(store: Store) -> None:
    import_document(store, book())
    before = services.export_text(store.uow())
    broken = book()
    broken["phrases"][5]["translations"]["en"]["text"] = "Thanks a lot."  # a change before it
    broken["phrases"][0]["answers"] = {"kind": "yes-no", "options": ["a.yes", "a.maybe"]}
    with pytest.raises(InvalidInput) as raised:
        import_document(store, broken)
    assert raised.value.location == "/phrases/0/answers/options/1"
    assert services.export_text(store.uow()) == before


def test_a_reimport_changes_a_panel_and_says_so(store: Store) -> None:
    import_document(store, book())
    changed = book()
    changed["phrases"][0]["answers"] = {"kind": "choice", "options": ["a.no", "a.yes"]}
    del changed["phrases"][1]["answers"]
    report = import_document(store, changed)
    assert report.count("phrase", "updated") == 2
    exported = {p["id"]: p for p in json.loads(services.export_text(store.uow()))["phrases"]}
    assert exported["q.wounded"]["answers"]["kind"] == "choice"
    assert "answers" not in exported["q.pain"]


def test_editing_a_panel_is_all_or_nothing(store: Store) -> None:
    import_document(store, book())
    languages = store.settings.languages
    before = services.export_text(store.uow())
    bad = editing.PhraseChange(
        notes="changed", answers={"kind": "yes-no", "options": ["a.yes", "ghost"]}
    )
    with pytest.raises(InvalidInput) as raised:
        editing.edit_phrase(store.uow(), uid="q.wounded", change=bad, by="o", languages=languages)
    assert raised.value.location == "/answers/options/1"
    assert services.export_text(store.uow()) == before  # the notes were not saved either
    for wrong, where in [
        ({"kind": "scale", "low": "a.no"}, "/answers"),
        ({"kind": "number", "min": "0"}, "/answers/min"),
        ({"kind": "body", "options": []}, "/answers/options"),
        (["yes-no"], "/answers"),
    ]:
        change = editing.PhraseChange(answers=wrong)  # type: ignore[arg-type]  # bad on purpose
        with pytest.raises(InvalidInput) as raised:
            editing.edit_phrase(
                store.uow(), uid="q.wounded", change=change, by="o", languages=languages
            )
        assert raised.value.location == where, wrong
    assert services.export_text(store.uow()) == before
    good = editing.PhraseChange(answers={"kind": "time", "units": ["hours", "days"]})
    editing.edit_phrase(store.uow(), uid="plain", change=good, by="o", languages=languages)
    editing.edit_phrase(
        store.uow(), uid="q.wounded", change=editing.PhraseChange(answers={}), by="o",
        languages=languages,
    )  # fmt: skip
    exported = {p["id"]: p for p in json.loads(services.export_text(store.uow()))["phrases"]}
    assert exported["plain"]["answers"] == {"kind": "time", "units": ["hours", "days"]}
    assert "answers" not in exported["q.wounded"]


def test_the_show_view_loads_a_panel_in_the_readers_languages(store: Store) -> None:
    import_document(store, book())
    view = reading.phrase_page(store.uow(), uid="q.wounded", reader="uk", target="ko")
    assert view.panel is not None
    assert [(label.target, label.reader) for label in view.panel.labels] == [
        ("네", "Так"), ("아니요", "Ні"),
    ]  # fmt: skip
    number = reading.phrase_page(store.uow(), uid="q.count", reader="uk", target="ko").panel
    assert number is not None and number.numbers["native"][3] == "셋"
    assert reading.phrase_page(store.uow(), uid="plain", reader="uk", target="ko").panel is None


def test_a_panel_with_nothing_in_the_target_language_is_not_offered(store: Store) -> None:
    document = book()
    document["phrases"][0]["translations"]["uk"] = {"text": "Ви поранені?"}
    document["phrases"][0]["answers"] = {"kind": "choice", "options": ["plain", "q.pain"]}
    import_document(store, document)  # neither option has a Ukrainian text
    view = reading.phrase_page(store.uow(), uid="q.wounded", reader="en", target="uk")
    assert view.panel is None  # nothing to point at in Ukrainian: the question is only spoken
    korean = reading.phrase_page(store.uow(), uid="q.count", reader="en", target="uk")
    assert korean.panel is not None and korean.panel.kind == "number"  # a keypad needs no label
