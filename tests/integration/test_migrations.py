"""One migration history: a database made by the previous release (five area branches)
upgrades to the single head with its data intact; the chain is linear from the merge on."""

from __future__ import annotations

import json
from pathlib import Path

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, MetaData, inspect, select, text

from phrasebook import editing, services
from phrasebook.config import Settings
from phrasebook.db import SCHEMA_HEAD, _alembic_config, is_up_to_date, make_engine, migrate
from phrasebook.jobs import job_status
from phrasebook.store import Store
from phrasebook.uow import SqlAlchemyUnitOfWork


class PreviousReleaseUnitOfWork(SqlAlchemyUnitOfWork):
    """Commits as the previous release did: it had no store generation to move on."""

    def commit(self) -> None:
        self.session.commit()


def _as_previous_release_notes(engine: Engine) -> dict[tuple[str, int], str]:
    """Notes as the previous release stored them (one English text per row; the seeding above
    ran the current code, which writes JSON): returns (table, id) -> text."""
    found: dict[tuple[str, int], str] = {}
    with engine.begin() as connection:
        for table in ("phrases", "translations"):
            for row_id, raw in connection.execute(text(f"SELECT id, notes FROM {table}")).all():
                value = json.loads(raw) if isinstance(raw, str) else raw
                english = (value or {}).get("en", "")
                found[(table, row_id)] = english
                connection.execute(
                    text(f"UPDATE {table} SET notes = :notes WHERE id = :id"),
                    {"notes": english, "id": row_id},
                )
    return found


def _rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table but the notes and answers columns, sorted."""
    metadata = MetaData()
    metadata.reflect(engine)
    rows: dict[str, list[tuple[object, ...]]] = {}
    with engine.connect() as connection:
        for name, table in sorted(metadata.tables.items()):
            # search keys and words are derived data, dropped by 0012/0013 and rebuilt
            # (checked apart)
            if name.startswith("search_fts") or name in (
                "alembic_version", "search_keys", "search_words"
            ):  # fmt: skip
                continue
            # notes change type; answers is new (its rows are checked apart)
            columns = [c for c in table.columns if c.name not in ("notes", "answers")]
            found = connection.execute(select(*columns)).all()
            rows[name] = sorted((tuple(row) for row in found), key=repr)
    return rows


def _notes_of(engine: Engine, table: str, row_id: int) -> object:
    with engine.connect() as connection:
        raw = connection.execute(
            text(f"SELECT notes FROM {table} WHERE id = :id"), {"id": row_id}
        ).scalar_one()
    return json.loads(raw) if isinstance(raw, str) else raw


OLD_HEADS = ("0002_search", "0003_users", "0004_mt", "0005_pronunciation", "0006_audio")


def test_the_history_is_one_chain_ending_in_one_head(sqlite_store: Store) -> None:
    script = ScriptDirectory.from_config(_alembic_config(sqlite_store.engine))
    assert script.get_heads() == [SCHEMA_HEAD] == ["0017_search_reviewed"]
    merge = script.get_revision("0007_one_chain")
    assert merge is not None and set(merge._all_down_revisions) == set(OLD_HEADS)
    # Everything after the merge has exactly one parent.
    for revision in script.walk_revisions(base="0007_one_chain", head="heads"):
        if revision.revision != "0007_one_chain":
            assert len(revision._all_down_revisions) == 1, revision.revision


def _seeds_without_answers(tmp_path: Path) -> Path:
    seeds = tmp_path / "old-seeds"
    seeds.mkdir()
    for path in services.default_seeds_dir().glob("*.json"):
        document = json.loads(path.read_text("utf-8"))
        for phrase in document["phrases"]:
            phrase.pop("answers", None)
        (seeds / path.name).write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    return seeds


def test_a_database_of_the_previous_release_upgrades_with_its_data(
    database_url: str, settings: Settings, tmp_path: Path
) -> None:
    engine = make_engine(database_url)
    config = _alembic_config(engine)
    for head in OLD_HEADS:  # what `phrasebook init` of the previous release left behind
        command.upgrade(config, head)
    with engine.connect() as connection:
        assert set(MigrationContext.configure(connection).get_current_heads()) == set(OLD_HEADS)
    engine.dispose()

    store = Store.open(settings.with_changes(database_url=database_url))
    try:
        # Today's code writes phrases.answers: the column is there while it seeds the seeds
        # without their panels (the previous release had none), then dropped again.
        # So are the keys' languages and words (0013) and reviewed languages (0017).
        with store.engine.begin() as connection:
            connection.execute(text("ALTER TABLE phrases ADD COLUMN answers JSON"))
            connection.execute(text("ALTER TABLE search_keys ADD COLUMN langs TEXT DEFAULT ''"))
            connection.execute(text("ALTER TABLE search_keys ADD COLUMN reviewed TEXT DEFAULT ''"))
            serial = "SERIAL" if connection.dialect.name == "postgresql" else "INTEGER"
            connection.execute(
                text(f"CREATE TABLE search_words (id {serial} PRIMARY KEY, word TEXT UNIQUE)")
            )
        services.seed(
            PreviousReleaseUnitOfWork(store.sessions), seeds_dir=_seeds_without_answers(tmp_path),
            languages=store.settings.languages, max_bytes=store.settings.import_max_bytes,
        )  # fmt: skip
        with store.engine.begin() as connection:
            connection.execute(text("ALTER TABLE phrases DROP COLUMN answers"))
            connection.execute(text("ALTER TABLE search_keys DROP COLUMN langs"))
            connection.execute(text("ALTER TABLE search_keys DROP COLUMN reviewed"))
            connection.execute(text("DROP TABLE search_words"))
        old_notes = _as_previous_release_notes(store.engine)
        with store.engine.begin() as connection:  # a fill job, done (0015 moves it to jobs)
            connection.execute(text(
                "INSERT INTO mt_jobs (id, set_slug, source_lang, target_lang, status, done,"
                " total, filled, errors, message, created_at, updated_at) VALUES ('j1',"
                " 'medical', 'en', 'ko', 'done', 4, 4, 3, '[\"x: no model\"]', '3 of 4 filled',"
                " '2026-01-02 03:04:05', '2026-01-02 03:04:06')"
            ))  # fmt: skip
        assert not is_up_to_date(store.engine)
        before = _rows(store.engine)
        old_job = before.pop("mt_jobs")
        assert len(old_job) == 1
        assert migrate(store.engine) is False  # not a new database: no seeding
        assert is_up_to_date(store.engine)
        with store.engine.connect() as connection:
            heads = MigrationContext.configure(connection).get_current_heads()
        assert heads == (SCHEMA_HEAD,)
        with store.uow() as uow:
            assert uow.generation() == 0  # the counter row the upgrade made
        # The same rows, and the new generation counter, at its start; every note English;
        # no phrase has an answer panel.
        after = _rows(store.engine)
        assert "mt_jobs" not in after
        moved = after.pop("jobs")
        assert after.pop("recordings") == []  # new in 0016
        assert after == {**before, "store_generation": [(1, 0)]}
        assert job_status(store.uow(), "j1") == {
            "id": "j1", "kind": "fill", "set": "medical", "source": "en", "target": "ko",
            "status": "done", "done": 4, "total": 4, "filled": 3, "errors": ["x: no model"],
            "message": "3 of 4 filled",
        }  # fmt: skip
        with store.uow() as uow:
            assert len(moved) == 1 and uow.jobs.with_key("fill:medical:en:ko")[0].id == "j1"
        with store.engine.connect() as connection:
            panels = connection.execute(text("SELECT count(answers) FROM phrases")).scalar_one()
        assert panels == 0
        with store.uow() as uow:
            assert uow.search.is_stale()  # the keys of the old format are gone
            assert uow.search.rebuild() == len(before["phrases"])
            uow.commit()
            assert not uow.search.is_stale()
            assert uow.search.search("spasibo").phrases  # the new keys: Latin spellings
        for (table, row_id), english in old_notes.items():
            assert _notes_of(store.engine, table, row_id) == ({"en": english} if english else {})
        exported = services.export_text(store.uow())
        assert '"id": "basics.thank-you"' in exported
        assert '"notes": "Polite greeting for any time of day."' in exported  # still a string
    finally:
        store.close()


def test_the_reviewed_languages_of_existing_keys_are_filled_in(store: Store) -> None:
    """0017 fills search_keys.reviewed from the translations as the index itself would."""
    store.seed()
    editing.create_phrase(
        store.uow(), uid="drafted", category="basics", texts={"en": "Not reviewed yet."},
        by="t", languages=store.settings.languages,
    )  # fmt: skip
    with store.engine.connect() as connection:
        written = connection.execute(text("SELECT phrase_id, reviewed FROM search_keys")).all()
    assert any(" " in tags for _id, tags in written)  # phrases reviewed in several languages
    assert any(tags == "" for _id, tags in written)  # and in none
    config = _alembic_config(store.engine)
    command.downgrade(config, "0016_recordings")
    with store.engine.connect() as connection:
        assert "reviewed" not in {
            column["name"] for column in inspect(connection).get_columns("search_keys")
        }
    command.upgrade(config, "head")
    with store.engine.connect() as connection:
        filled = connection.execute(text("SELECT phrase_id, reviewed FROM search_keys")).all()
    assert sorted(filled) == sorted(written)
    with store.uow() as uow:  # the trigram indexes are as they were
        assert uow.search.search("drafted").phrases == []
        assert [p.uid for p in uow.search.search("not reviewed yet").phrases] == ["drafted"]
        assert "basics.thank-you" in [p.uid for p in uow.search.search("спасибо").phrases]
