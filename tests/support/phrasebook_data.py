"""Put phrases and sets into a store the way a user would: one phrasebook/1 import."""

from __future__ import annotations

import json
from typing import Any

from phrasebook import services
from phrasebook.store import Store


def import_phrases(
    store: Store,
    phrases: dict[str, dict[str, str]],
    sets: dict[str, list[str]] | None = None,
    reviewed: dict[str, list[str]] | None = None,
    category: str = "basics",
) -> None:
    """``phrases={uid: {lang: text}}``, ``sets={slug: [uid, ...]}``; translations are drafts
    except the languages listed in ``reviewed={uid: [lang, ...]}``."""
    reviewed = reviewed or {}
    document: dict[str, Any] = {
        "format": "phrasebook/1",
        "phrases": [
            {
                "id": uid,
                "category": category,
                "translations": {
                    lang: {
                        "text": text,
                        "status": "reviewed" if lang in reviewed.get(uid, []) else "draft",
                    }
                    for lang, text in texts.items()
                },
            }
            for uid, texts in phrases.items()
        ],
        "sets": [{"id": slug, "phrases": uids} for slug, uids in (sets or {}).items()],
    }
    services.import_bytes(
        store.uow(),
        json.dumps(document).encode(),
        source="test data",
        languages=store.settings.languages,
        max_bytes=store.settings.import_max_bytes,
    )
