"""Settings read from the environment (``PHRASEBOOK_*``) with defaults for a single user."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs

DEFAULT_LANGUAGES = ("ko", "uk", "ru", "en")
# Large enough for an export of any phrase book this installation serves well (an export
# with aids is about 2.6 KB a phrase: 100,000 phrases make ~260 MB).
DEFAULT_IMPORT_MAX_BYTES = 512 * 1024 * 1024
DEFAULT_PAGE_CACHE_MB = 32


class ConfigError(ValueError):
    """A setting has a value phrasebook cannot use."""


def whole_number_setting(
    env: Mapping[str, str], key: str, default: int, *, minimum: int = 0
) -> int:
    """An integer ``PHRASEBOOK_*`` setting, or a ConfigError naming the variable."""
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{key}: expected a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{key}: must be at least {minimum}")
    return value


def seconds_setting(env: Mapping[str, str], key: str, default: float) -> float:
    """A duration in seconds (not negative), or a ConfigError naming the variable."""
    raw = env.get(key, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{key}: expected a number of seconds, got {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{key}: must not be negative")
    return value


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


def without_credentials(uri: str) -> str:
    """``uri`` with any user and password left out (``redis://:secret@host/0`` →
    ``redis://host/0``), for answers and messages."""
    return re.sub(r"//[^@/]*@", "//", uri)


@dataclass(frozen=True)
class Settings:
    """Where phrasebook keeps its data and how it behaves.

    ``data_dir`` holds the SQLite database, caches and generated files; ``database_url``
    overrides the database (e.g. a PostgreSQL server for several users).
    """

    data_dir: Path
    database_url: str | None = None
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    import_max_bytes: int = DEFAULT_IMPORT_MAX_BYTES
    # Rendered reader pages the web app keeps per process (0: none); see app/page_cache.py.
    page_cache_bytes: int = DEFAULT_PAGE_CACHE_MB * 1024 * 1024
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'phrasebook.sqlite3'}"

    @property
    def database_display(self) -> str:
        """The database URL with any password hidden, for messages."""
        from sqlalchemy.engine import make_url

        return make_url(self.resolved_database_url).render_as_string(hide_password=True)

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, data_dir: str | Path | None = None
    ) -> Settings:
        """Read ``PHRASEBOOK_*`` variables; an explicit ``data_dir`` wins over the environment."""
        env = os.environ if environ is None else environ
        chosen_dir = (
            data_dir
            or env.get("PHRASEBOOK_DATA_DIR")
            or platformdirs.user_data_dir("phrasebook", appauthor=False)
        )
        languages = _split_list(env.get("PHRASEBOOK_LANGUAGES", "")) or DEFAULT_LANGUAGES
        limit = whole_number_setting(
            env, "PHRASEBOOK_IMPORT_MAX_BYTES", DEFAULT_IMPORT_MAX_BYTES, minimum=1
        )
        page_cache_mb = whole_number_setting(
            env, "PHRASEBOOK_PAGE_CACHE_MB", DEFAULT_PAGE_CACHE_MB, minimum=0
        )
        extra = {k: v for k, v in env.items() if k.startswith("PHRASEBOOK_")}
        return cls(
            data_dir=Path(chosen_dir).expanduser().resolve(),
            database_url=env.get("PHRASEBOOK_DATABASE_URL") or None,
            languages=languages,
            import_max_bytes=limit,
            page_cache_bytes=page_cache_mb * 1024 * 1024,
            extra=extra,
        )
