"""Import merge rules and editing services, on the in-memory unit of work."""

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phrasebook import editing, services
from phrasebook.errors import InvalidInput, StaleRevision
from phrasebook.interchange import export_document
from phrasebook.interchange.repository import ExportScope
from phrasebook.models import Status
from tests.conftest import phrase_entry
from tests.fakes import FakeUnitOfWork

LANGS = ("ko", "uk", "ru", "en")


def run_import(uow: FakeUnitOfWork, document: dict[str, Any], **kwargs: Any) -> Any:
    return services.import_bytes(
        uow,
        json.dumps(document).encode(),
        source="test.json",
        languages=LANGS,
        max_bytes=1_000_000,
        **kwargs,
    )


def base_document() -> dict[str, Any]:
    return {
        "format": "phrasebook/1",
        "phrases": [
            phrase_entry("hello", ko="안녕하세요", en="Hello"),
            phrase_entry("thanks", ko="감사합니다", en="Thank you"),
        ],
        "sets": [{"id": "basics", "phrases": ["thanks", "hello"]}],
    }


def test_import_adds_everything_and_commits() -> None:
    uow = FakeUnitOfWork()
    report = run_import(uow, base_document())
    assert uow.committed
    assert (report.count("phrase", "added"), report.count("translation", "added")) == (2, 4)
    hello = uow.phrases.get("hello")
    assert hello is not None
    assert hello.translations["ko"].provenance == {"kind": "import", "name": "test.json"}
    assert hello.translations["ko"].status == Status.DRAFT
    assert [m.phrase.uid for m in uow.sets.items["basics"].memberships] == ["thanks", "hello"]


def test_dry_run_reports_and_writes_nothing() -> None:
    uow = FakeUnitOfWork()
    report = run_import(uow, base_document(), dry_run=True)
    assert not uow.committed
    assert uow.phrases.items == {} and uow.sets.items == {}
    assert "+ phrase hello" in report.changes
    assert report.summary().startswith("dry run, nothing written")


def test_reimport_is_unchanged_and_update_bumps_revision_with_history() -> None:
    uow = FakeUnitOfWork()
    run_import(uow, base_document())
    again = run_import(uow, base_document())
    assert not again.changed
    changed = base_document()
    changed["phrases"][0]["translations"]["en"]["text"] = "Hi"
    report = run_import(uow, changed)
    translation = uow.phrases.items["hello"].translations["en"]
    assert report.changes == ["~ hello/en: Hello → Hi"]
    assert (translation.text, translation.revision) == ("Hi", 2)
    assert [(h.revision, h.text) for h in translation.history] == [(1, "Hello"), (2, "Hi")]


def test_merge_keeps_what_the_file_does_not_mention() -> None:
    uow = FakeUnitOfWork()
    run_import(uow, base_document())
    partial = {"format": "phrasebook/1", "phrases": [phrase_entry("hello", uk="Привіт")]}
    run_import(uow, partial)
    hello = uow.phrases.items["hello"]
    assert set(hello.translations) == {"ko", "en", "uk"}
    assert "thanks" in uow.phrases.items


def test_set_membership_becomes_the_files_list() -> None:
    uow = FakeUnitOfWork()
    run_import(uow, base_document())
    document = {
        "format": "phrasebook/1",
        "phrases": [],
        "sets": [{"id": "basics", "phrases": ["hello"]}],
    }
    run_import(uow, document)
    assert [m.phrase.uid for m in uow.sets.items["basics"].memberships] == ["hello"]


def test_invalid_file_changes_nothing() -> None:
    uow = FakeUnitOfWork()
    document = base_document()
    document["phrases"].append(phrase_entry("broken", en=" "))
    with pytest.raises(InvalidInput):
        run_import(uow, document)
    assert uow.phrases.items == {} and not uow.committed


def test_save_translation_sends_reviewed_text_back_to_draft() -> None:
    uow = FakeUnitOfWork()
    document = base_document()
    document["phrases"][0]["translations"]["ko"]["status"] = "reviewed"
    run_import(uow, document)
    saved = editing.save_translation(
        uow,
        uid="hello",
        lang="ko",
        text="안녕하십니까",
        by="editor",
        languages=LANGS,
        expected_revision=1,
    )
    assert (saved.status, saved.revision, saved.provenance) == (
        Status.DRAFT,
        2,
        {"kind": "person", "name": "editor"},
    )
    assert saved.history[-1].changed_by == "editor"


def test_stale_revision_is_rejected_with_current_text() -> None:
    uow = FakeUnitOfWork()
    run_import(uow, base_document())
    editing.save_translation(
        uow, uid="hello", lang="en", text="Hi", by="a", languages=LANGS, expected_revision=1
    )
    with pytest.raises(StaleRevision) as caught:
        editing.save_translation(
            uow, uid="hello", lang="en", text="Hey", by="b", languages=LANGS, expected_revision=1
        )
    assert (caught.value.current, caught.value.current_text) == (2, "Hi")
    assert uow.phrases.items["hello"].translations["en"].text == "Hi"


def test_only_review_step_marks_reviewed() -> None:
    uow = FakeUnitOfWork()
    run_import(uow, base_document())
    with pytest.raises(InvalidInput, match="review step"):
        editing.save_translation(
            uow,
            uid="hello",
            lang="en",
            text="Hi",
            by="a",
            languages=LANGS,
            expected_revision=1,
            status=Status.REVIEWED,
        )
    reviewed = editing.review_translation(
        uow, uid="hello", lang="en", by="rev", expected_revision=1
    )
    assert (reviewed.status, reviewed.revision) == (Status.REVIEWED, 2)


def test_the_streamed_export_is_canonical_json() -> None:
    """What the exporter writes piece by piece is exactly json.dumps of what it holds (sorted
    keys, two-space indent, UTF-8), for a full export and for the scoped ones."""
    uow = FakeUnitOfWork()
    run_import(uow, base_document())
    for scope in ({}, {"set_slug": "basics"}, {"category": "basics"}, {"languages": ["ko"]}):
        text = services.export_text(uow, **scope)
        canonical = json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=2)
        assert text == canonical + "\n", scope
        # The dict form (for a reader's card) is the same document.
        whole = ExportScope.of(**scope)
        assert export_document(uow, whole) == json.loads(text), scope


# What phrasebook/1 and the bundles hold: text (control characters, quotes, backslashes,
# astral and bidi characters included), 64-bit integers, floats such as recordings' durations
# (0.3-30 s; below 1e-4 json writes an exponent where orjson does not).
_FLOATS = st.floats(allow_nan=False, allow_infinity=False).filter(
    lambda x: x == 0 or 1e-4 <= abs(x) < 1e16
)
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _FLOATS | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(value=_JSON_VALUES)
def test_stable_json_writes_what_json_dumps_writes(value: Any) -> None:
    from phrasebook.interchange.jsontext import stable_json

    assert stable_json(value) == json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2)
    nested = json.dumps({"k": [value]}, ensure_ascii=False, sort_keys=True, indent=2)
    assert '{\n  "k": [\n    ' + stable_json(value, "    ") + "\n  ]\n}" == nested
