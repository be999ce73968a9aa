"""The rule tables in data/: read once, each names its published source in ``_source``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


@cache
def load(name: str) -> dict[str, Any]:
    table: dict[str, Any] = json.loads((DATA / name).read_text("utf-8"))
    return table
