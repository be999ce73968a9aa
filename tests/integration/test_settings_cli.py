"""Settings at the command line: refused at start with one line; shown by doctor."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PHRASEBOOK = Path(sys.executable).parent / "phrasebook"


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PHRASEBOOK), *args], capture_output=True, text=True, cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT), **env}, timeout=60,
    )  # fmt: skip


def test_the_command_line_stops_at_start_with_one_line(tmp_path: Path) -> None:
    done = _cli({"PHRASEBOOK_DATA_DIR": str(tmp_path), "PHRASEBOOK_MT_ENGNE": "fake"}, "stats")
    assert done.returncode == 2
    assert done.stderr == (
        "error: PHRASEBOOK_MT_ENGNE: not a phrasebook setting; did you mean "
        "PHRASEBOOK_MT_ENGINE? (see docs/settings.md)\n"
    )
    assert not (tmp_path / "phrasebook.sqlite3").exists()  # refused before anything was made


def test_doctor_prints_the_settings_in_effect_with_secrets_masked(tmp_path: Path) -> None:
    env = {
        "PHRASEBOOK_DATA_DIR": str(tmp_path),
        "PHRASEBOOK_SECRET_KEY": "k" * 40,
        "PHRASEBOOK_RATELIMIT_STORAGE": "redis://:hunter2@127.0.0.1:1/0",
        "PHRASEBOOK_TTS_ENGINE_KO": "gtts",
    }
    done = _cli(env, "doctor")
    lines = done.stdout.splitlines()
    assert "  PHRASEBOOK_SECRET_KEY=********" in lines
    assert "  PHRASEBOOK_RATELIMIT_STORAGE=redis://127.0.0.1:1/0" in lines
    assert "  PHRASEBOOK_TTS_ENGINE_KO=gtts" in lines
    assert "  PHRASEBOOK_MT_ENGINE=argos  (default)" in lines
    assert "k" * 40 not in done.stdout and "hunter2" not in done.stdout + done.stderr
