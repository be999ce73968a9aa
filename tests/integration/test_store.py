"""The store on a real SQLite file and a real PostgreSQL database."""

import json
from typing import Any

import pytest
from sqlalchemy import inspect, text

from phrasebook import editing, services
from phrasebook.db import is_up_to_date, migrate
from phrasebook.errors import InvalidInput, NotFound
from phrasebook.interchange import importer
from phrasebook.interchange.validation import validate_export
from phrasebook.store import Store
from tests.conftest import phrase_entry


def import_document(store: Store, document: dict[str, Any], **kwargs: Any) -> Any:
    return services.import_bytes(
        store.uow(),
        json.dumps(document, ensure_ascii=False).encode(),
        source="t.json",
        languages=store.settings.languages,
        max_bytes=store.settings.import_max_bytes,
        **kwargs,
    )


def sample() -> dict[str, Any]:
    safety = phrase_entry(
        "safety.weapon", "safety", ko="무기를 내려놓으세요.", uk="Покладіть зброю."
    )
    safety["translations"]["ko"]["status"] = "reviewed"
    safety["tags"] = ["surrender"]
    safety["register"] = "command"
    return {
        "format": "phrasebook/1",
        "categories": [{"id": "safety", "names": {"en": "Safety", "uk": "Безпека"}}],
        "phrases": [
            safety,
            phrase_entry("basics.thanks", ko="감사합니다.", ko_KP="고맙습니다.", en="Thank you."),
        ],
        "sets": [
            {"id": "field", "names": {"en": "Field"}, "phrases": ["safety.weapon", "basics.thanks"]}
        ],
    }


def test_schema_is_migrated_and_up_to_date(store: Store) -> None:
    assert is_up_to_date(store.engine)
    tables = set(inspect(store.engine).get_table_names())
    assert {"phrases", "translations", "translation_revisions", "phrase_sets"} <= tables
    assert migrate(store.engine) is False  # second run: nothing new


def test_import_then_export_is_valid_and_deterministic(store: Store) -> None:
    import_document(store, sample())
    first = services.export_text(store.uow())
    second = services.export_text(store.uow())
    assert first == second and first.endswith("}\n")
    exported = json.loads(first)
    validate_export(exported)
    assert "무기를 내려놓으세요." in first  # UTF-8, not \u escapes
    assert [p["id"] for p in exported["phrases"]] == ["basics.thanks", "safety.weapon"]
    assert exported["sets"][0]["phrases"] == ["safety.weapon", "basics.thanks"]
    assert exported["phrases"][0]["translations"]["ko-KP"]["text"] == "고맙습니다."


def test_export_filters(store: Store) -> None:
    import_document(store, sample())
    by_lang = json.loads(services.export_text(store.uow(), languages=["ko"]))
    assert {tag for p in by_lang["phrases"] for tag in p["translations"]} == {"ko", "ko-KP"}
    by_category = json.loads(services.export_text(store.uow(), category="safety"))
    assert [p["id"] for p in by_category["phrases"]] == ["safety.weapon"]
    assert by_category["sets"] == []
    by_set = json.loads(services.export_text(store.uow(), set_slug="field"))
    assert len(by_set["phrases"]) == 2 and by_set["sets"][0]["id"] == "field"
    with pytest.raises(NotFound):
        services.export_text(store.uow(), set_slug="nope")


def test_round_trip_into_empty_store_is_byte_identical(store: Store, make_store: Any) -> None:
    import_document(store, sample())
    editing.save_translation(
        store.uow(),
        uid="basics.thanks",
        lang="en",
        text="Thanks.",
        by="olena",
        languages=store.settings.languages,
        expected_revision=1,
    )
    exported = services.export_text(store.uow())
    other = make_store(f"sqlite:///{store.settings.data_dir / 'other.sqlite3'}")
    services.import_bytes(
        other.uow(),
        exported.encode(),
        source="x",
        languages=other.settings.languages,
        max_bytes=10**6,
    )
    assert services.export_text(other.uow()) == exported


def test_failed_apply_rolls_everything_back(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer, "_import_sets", explode)
    with pytest.raises(RuntimeError):
        import_document(store, sample())
    assert services.stats(store.uow()).phrases == 0


def test_invalid_file_leaves_store_unchanged(store: Store) -> None:
    import_document(store, sample())
    before = services.export_text(store.uow())
    broken = sample()
    broken["phrases"][1]["translations"]["en"]["text"] = "Thanks!"
    broken["sets"][0]["phrases"].append("ghost")
    with pytest.raises(InvalidInput, match="ghost"):
        import_document(store, broken)
    assert services.export_text(store.uow()) == before


def test_dry_run_writes_nothing(store: Store) -> None:
    report = import_document(store, sample(), dry_run=True)
    assert report.count("phrase", "added") == 2
    assert services.stats(store.uow()).phrases == 0


def test_history_is_kept_per_edit(store: Store) -> None:
    import_document(store, sample())
    for revision, wording in enumerate(["Thanks.", "Many thanks."], start=1):
        editing.save_translation(
            store.uow(),
            uid="basics.thanks",
            lang="en",
            text=wording,
            by=f"user{revision}",
            languages=store.settings.languages,
            expected_revision=revision,
        )
    with store.uow() as uow:
        phrase = uow.phrases.get("basics.thanks")
        assert phrase is not None
        history = phrase.translations["en"].history
        assert [(h.revision, h.text, h.changed_by) for h in history] == [
            (1, "Thank you.", "import:t.json"),
            (2, "Thanks.", "user1"),
            (3, "Many thanks.", "user2"),
        ]
        assert all(h.changed_at.tzinfo is not None for h in history)


def test_deleting_a_phrase_removes_its_translations_and_memberships(store: Store) -> None:
    import_document(store, sample())
    editing.delete_phrase(store.uow(), uid="safety.weapon")
    exported = json.loads(services.export_text(store.uow()))
    assert [p["id"] for p in exported["phrases"]] == ["basics.thanks"]
    assert exported["sets"][0]["phrases"] == ["basics.thanks"]
    with store.engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM translations")) == 3


def test_sqlite_uses_wal(sqlite_store: Store) -> None:
    with sqlite_store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
