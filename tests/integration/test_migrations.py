"""One migration history: a database made by the previous release (five area branches)
upgrades to the single head with its data intact; the chain is linear from the merge on."""

from __future__ import annotations

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from phrasebook import services
from phrasebook.config import Settings
from phrasebook.db import SCHEMA_HEAD, _alembic_config, is_up_to_date, make_engine, migrate
from phrasebook.store import Store
from phrasebook.uow import SqlAlchemyUnitOfWork
from tests.support.snapshot import store_snapshot


class PreviousReleaseUnitOfWork(SqlAlchemyUnitOfWork):
    """Commits as the previous release did: it had no store generation to move on."""

    def commit(self) -> None:
        self.session.commit()


OLD_HEADS = ("0002_search", "0003_users", "0004_mt", "0005_pronunciation", "0006_audio")


def test_the_history_is_one_chain_ending_in_one_head(sqlite_store: Store) -> None:
    script = ScriptDirectory.from_config(_alembic_config(sqlite_store.engine))
    assert script.get_heads() == [SCHEMA_HEAD] == ["0008_store_generation"]
    merge = script.get_revision("0007_one_chain")
    assert merge is not None and set(merge._all_down_revisions) == set(OLD_HEADS)
    # Everything after the merge has exactly one parent.
    for revision in script.walk_revisions(base="0007_one_chain", head="heads"):
        if revision.revision != "0007_one_chain":
            assert len(revision._all_down_revisions) == 1, revision.revision


def test_a_database_of_the_previous_release_upgrades_with_its_data(
    database_url: str, settings: Settings
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
        services.seed(
            PreviousReleaseUnitOfWork(store.sessions), seeds_dir=services.default_seeds_dir(),
            languages=store.settings.languages, max_bytes=store.settings.import_max_bytes,
        )  # fmt: skip
        assert not is_up_to_date(store.engine)
        before = store_snapshot(store)
        assert migrate(store.engine) is False  # not a new database: no seeding
        assert is_up_to_date(store.engine)
        with store.engine.connect() as connection:
            heads = MigrationContext.configure(connection).get_current_heads()
        assert heads == (SCHEMA_HEAD,)
        with store.uow() as uow:
            assert uow.generation() == 0  # the counter row the upgrade made
        # The same rows, and the new generation counter, at its start.
        assert store_snapshot(store) == before.replace(
            "## translation_revisions", "## store_generation\n(1, 0)\n## translation_revisions"
        )
        assert '"id": "basics.thank-you"' in services.export_text(store.uow())
    finally:
        store.close()
