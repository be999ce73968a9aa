"""The settings table: every PHRASEBOOK_* name declared once, checked at start, documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from phrasebook.config import SETTINGS, ConfigError, Settings, setting, settings_reference

ROOT = Path(__file__).resolve().parents[2]
# Names the code uses that are not environment variables: keys of the Flask config.
FLASK_CONFIG_KEYS = {"PHRASEBOOK_SETTINGS", "PHRASEBOOK_STORE", "PHRASEBOOK_PAGE_CACHE_BYTES"}


def test_every_name_the_code_reads_is_declared() -> None:
    used: set[str] = set()
    for folder in ("phrasebook", "app"):
        for path in (ROOT / folder).rglob("*.py"):
            used.update(
                re.findall(
                    r"PHRASEBOOK_[A-Z0-9_]*[A-Z0-9](?![A-Za-z0-9_*<])", path.read_text("utf-8")
                )
            )
    undeclared = set()
    for name in sorted(used - FLASK_CONFIG_KEYS):
        try:
            setting(name)
        except ConfigError:
            if not any(d.per_language and d.name == name for d in SETTINGS):
                undeclared.add(name)
    assert not undeclared, f"used but not in phrasebook.config.SETTINGS: {sorted(undeclared)}"
    assert len({d.shown_name for d in SETTINGS}) == len(SETTINGS)  # each declared once


def test_the_reference_page_is_generated_from_the_table() -> None:
    page = (ROOT / "docs" / "settings.md").read_text("utf-8")
    assert page == settings_reference(), "run: python tools/settings_doc.py"
    for declared in SETTINGS:
        assert f"`{declared.shown_name}`" in page


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [("PHRASEBOOK_MT_ENGNE", "fake", "^PHRASEBOOK_MT_ENGNE: not a phrasebook setting; did you "
      "mean PHRASEBOOK_MT_ENGINE\\?"),
     ("PHRASEBOOK_TTS_ENGINE_KOREAN", "gtts", "not a language's variable"),
     ("PHRASEBOOK_MT_FAKE_DELAY", "x", "^PHRASEBOOK_MT_FAKE_DELAY: expected a number of seconds"),
     ("PHRASEBOOK_MT_ENGINE", "argoss", "^PHRASEBOOK_MT_ENGINE: 'argoss' is not one of: argos, "
      "fake$"),
     ("PHRASEBOOK_REQUIRE_LOGIN", "maybe", "^PHRASEBOOK_REQUIRE_LOGIN: expected 1/true"),
     ("PHRASEBOOK_PUBLIC_URL", "phone.local", "^PHRASEBOOK_PUBLIC_URL: expected an http"),
     ("PHRASEBOOK_PAGE_CACHE_MB", "-1", "^PHRASEBOOK_PAGE_CACHE_MB: must be at least 0"),
     ("PHRASEBOOK_GTTS_TIMEOUT", "nan", "^PHRASEBOOK_GTTS_TIMEOUT: must be at least 0")],
)  # fmt: skip
def test_a_bad_name_or_value_is_refused_with_its_name(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(environ={name: value}, data_dir=tmp_path)


def test_values_are_typed_and_families_are_read_by_language(tmp_path: Path) -> None:
    settings = Settings.from_env(
        environ={"PHRASEBOOK_TTS_ENGINE_KO_KP": "GTTS", "PHRASEBOOK_ESPEAK_VOICE_EN": "en-us",
                 "PHRASEBOOK_RATELIMITS": "off", "PHRASEBOOK_MT_WORKERS": "3",
                 "PHRASEBOOK_PAGE_CACHE_MB": "", "OTHER": "ignored"},
        data_dir=tmp_path,
    )  # fmt: skip
    assert settings.per_language("PHRASEBOOK_TTS_ENGINE") == {"ko-kp": "gtts"}
    assert settings.per_language("PHRASEBOOK_ESPEAK_VOICE") == {"en": "en-us"}
    assert settings.value("PHRASEBOOK_RATELIMITS") is False
    assert settings.value("PHRASEBOOK_MT_WORKERS") == 3
    assert settings.page_cache_bytes == 32 * 1024 * 1024  # empty: the default
    assert settings.with_changes(page_cache_mb="0").page_cache_bytes == 0
    assert settings.with_changes(database_url="sqlite:///x.db").database_url == "sqlite:///x.db"
