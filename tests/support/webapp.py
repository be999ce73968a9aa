"""The web app over a test's store, as every web test builds it."""

from __future__ import annotations

from typing import Any

from app import create_app
from phrasebook.store import Store


def make_app(store: Store, **config: Any) -> Any:
    """``create_app`` on ``store`` with TESTING on; ``extra=`` replaces the settings'
    ``PHRASEBOOK_*`` variables, other keywords go into the Flask config."""
    settings = store.settings
    extra = config.pop("extra", None)
    if extra is not None:
        settings = settings.with_changes(extra=extra)
    return create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": settings, "PHRASEBOOK_STORE": store, **config}
    )
