"""Write docs/settings.md from the settings table (phrasebook/config.py SETTINGS)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from phrasebook.config import settings_reference  # noqa: E402 - after the path set-up above


def main() -> None:
    target = ROOT / "docs" / "settings.md"
    target.write_text(settings_reference(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
