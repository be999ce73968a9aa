"""The web app over a test's store, as every web test builds it."""

from __future__ import annotations

from typing import Any

from app import create_app
from phrasebook.config import SETTINGS
from phrasebook.store import Store

_VARIABLES = {declared.name for declared in SETTINGS}


def make_app(store: Store, **config: Any) -> Any:
    """``create_app`` on ``store`` with TESTING on. ``env=`` replaces the settings'
    ``PHRASEBOOK_*`` variables; a keyword named like a variable (``PHRASEBOOK_RATELIMITS="0"``)
    changes that one; other keywords go into the Flask config."""
    env = dict(config.pop("env", store.settings.env))
    env.update({name: str(config.pop(name)) for name in list(config) if name in _VARIABLES})
    settings = store.settings.with_changes(env=env)
    return create_app(
        {"TESTING": True, "PHRASEBOOK_SETTINGS": settings, "PHRASEBOOK_STORE": store, **config}
    )
