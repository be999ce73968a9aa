"""Access to the objects the factory binds to the app."""

from __future__ import annotations

from flask import current_app

from phrasebook.store import Store


def get_store() -> Store:
    store: Store = current_app.extensions["phrasebook_store"]
    return store
