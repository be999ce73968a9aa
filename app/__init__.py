"""The phrasebook web app: ``create_app(config=None)`` builds it; views stay thin."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from phrasebook.config import Settings
from phrasebook.store import Store

from .extensions import get_store


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` may carry ``PHRASEBOOK_SETTINGS`` (a Settings) and
    ``PHRASEBOOK_STORE`` (an opened Store); otherwise both come from the environment."""
    app = Flask(__name__)
    app.config.from_mapping(config or {})
    settings: Settings = app.config.get("PHRASEBOOK_SETTINGS") or Settings.from_env()
    store: Store = app.config.get("PHRASEBOOK_STORE") or Store.open(settings)
    app.config["PHRASEBOOK_SETTINGS"] = settings
    app.extensions["phrasebook_store"] = store

    from .browse import bp as browse_bp

    app.register_blueprint(browse_bp)
    return app


__all__ = ["create_app", "get_store"]
