"""The store generation moves on with every commit that changed something, and only then."""

from __future__ import annotations

import pytest

from phrasebook import editing, reading
from phrasebook.errors import InvalidInput
from phrasebook.models import PhraseSet
from phrasebook.store import Store


def test_only_commits_that_change_something_move_the_generation(store: Store) -> None:
    start = reading.generation(store.uow())
    with store.uow() as uow:
        uow.sets.add(PhraseSet(slug="medical", names={"en": "Medical"}))
        uow.commit()
    assert reading.generation(store.uow()) == start + 1
    with store.uow() as uow:
        assert uow.sets.get("medical") is not None
        uow.commit()  # read, nothing changed
    with store.uow() as uow:
        uow.sets.add(PhraseSet(slug="water", names={"en": "Water"}))
        uow.flush()
        uow.rollback()
        uow.commit()  # what was flushed was rolled back: nothing to commit
    assert reading.generation(store.uow()) == start + 1
    with pytest.raises(InvalidInput):
        editing.create_phrase(
            store.uow(), uid="bad id!", category="basics", texts={"en": "Hi"}, by="t",
            languages=("en",),
        )  # fmt: skip
    assert reading.generation(store.uow()) == start + 1
    editing.create_phrase(
        store.uow(), uid="hi", category="basics", texts={"en": "Hi"}, by="t", languages=("en",)
    )
    assert reading.generation(store.uow()) == start + 2
