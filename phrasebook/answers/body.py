"""The drawn body map (``body_map.json``, drawn by tools/draw_body_map.py): its views, bands and
regions, whose labels are phrases (docs/answers.md, "The body map")."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent


@cache
def body_map() -> dict[str, Any]:
    """The drawn body map: ``viewBox``, ``views`` and ``regions`` (id, label phrase, paths)."""
    data: dict[str, Any] = json.loads((DATA_DIR / "body_map.json").read_text(encoding="utf-8"))
    return data


def body_label_ids() -> list[str]:
    """The phrases a body panel needs: every region's label and the two view captions."""
    data = body_map()
    return [region["label"] for region in data["regions"]] + [
        view["caption"] for view in data["views"].values()
    ]
