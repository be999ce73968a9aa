"""Settings: every ``PHRASEBOOK_*`` variable, declared once in :data:`SETTINGS` (type, default,
help, area), parsed and checked when :class:`Settings` is made — at start, not at first use.

A variable that is not in the table is refused with the nearest known name ("did you mean
PHRASEBOOK_MT_ENGINE?"); a value that does not parse is refused with one line naming the
variable and what it accepts. Per-language families (``PHRASEBOOK_TTS_ENGINE_<LANG>``) are
declared once as a prefix; the language tag is upper-cased with ``-`` as ``_``
(``PHRASEBOOK_TTS_ENGINE_KO_KP``). docs/settings.md is generated from this table
(``python tools/settings_doc.py``; a test keeps it equal).
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

DEFAULT_LANGUAGES = ("ko", "uk", "ru", "en")
# Large enough for an export of any phrase book this installation serves well (an export
# with aids is about 2.6 KB a phrase: 100,000 phrases make ~260 MB).
DEFAULT_IMPORT_MAX_BYTES = 512 * 1024 * 1024
DEFAULT_PAGE_CACHE_MB = 32
PREFIX = "PHRASEBOOK_"
# Engines and formats are named here, not imported from their packages: reading the settings
# must not load numpy, soundfile or CTranslate2 (the command line starts with it).
TTS_ENGINES = ("espeak", "gtts", "piper")
AUDIO_FORMATS = ("mp3", "ogg")
MT_ENGINES = ("argos", "fake")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
_LANG_SUFFIX = re.compile(r"[A-Z]{2,3}(_[A-Z0-9]{2,8})*")


class ConfigError(ValueError):
    """A setting has a value phrasebook cannot use."""


# ---- value parsers: text in, typed value out, ValueError with what is accepted ----


def text(raw: str) -> str:
    return raw


def whole_number(minimum: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise ValueError(f"expected a whole number, got {raw!r}") from None
        if value < minimum:
            raise ValueError(f"must be at least {minimum}, got {value}")
        return value

    parse.__doc__ = f"a whole number ≥ {minimum}"
    return parse


def seconds(minimum: float = 0.0) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"expected a number of seconds, got {raw!r}") from None
        if not value >= minimum:  # (also refuses nan)
            raise ValueError(f"must be at least {minimum:g} seconds, got {raw!r}")
        return value

    parse.__doc__ = f"seconds ≥ {minimum:g}"
    return parse


def flag(raw: str) -> bool:
    """1/true/yes/on or 0/false/no/off"""
    lowered = raw.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError(f"expected 1/true/yes/on or 0/false/no/off, got {raw!r}")


def one_of(*choices: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        lowered = raw.lower()
        if lowered not in choices:
            raise ValueError(f"{raw!r} is not one of: {', '.join(choices)}")
        return lowered

    parse.__doc__ = " | ".join(choices)
    return parse


def language_list(raw: str) -> tuple[str, ...]:
    """comma-separated language tags"""
    tags = tuple(part.strip() for part in raw.split(",") if part.strip())
    if not tags:
        raise ValueError("expected language tags separated by commas, such as ko,uk,ru,en")
    return tags


def web_address(raw: str) -> str:
    """an http:// or https:// address"""
    if not re.fullmatch(r"https?://[^\s/?#]+(/\S*)?", raw):
        raise ValueError(f"expected an http:// or https:// address, got {raw!r}")
    return raw


def queue_address(raw: str) -> str:
    """redis://host:port/db, inline, or empty (a queue in the data folder)"""
    if raw == "inline" or raw.startswith(("redis://", "rediss://", "unix://")):
        return raw
    raise ValueError(
        f"{raw!r}: expected redis://host:port/db, inline, or nothing (a queue in the data folder)"
    )


def rate_limit(raw: str) -> str:
    """a rate limit such as “30 per minute” (several separated by ;)"""
    from limits import parse_many  # (the limits library: small, no Flask)

    try:
        parse_many(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a rate limit such as '30 per minute'") from None
    return raw


def fallback_engine(raw: str) -> str | None:
    """espeak | gtts | piper | none"""
    if raw.lower() in ("none", "off"):
        return None
    return one_of(*TTS_ENGINES)(raw)


def _accepts(parse: Callable[[str], Any]) -> str:
    return (parse.__doc__ or "text").strip().splitlines()[0]


@dataclass(frozen=True)
class Setting:
    """One ``PHRASEBOOK_*`` variable (or, with ``per_language``, one family of them)."""

    name: str
    parse: Callable[[str], Any]
    default: Any
    help: str
    area: str
    secret: bool = False
    per_language: bool = False  # PHRASEBOOK_<NAME>_<LANG>

    @property
    def accepts(self) -> str:
        return _accepts(self.parse)

    @property
    def shown_name(self) -> str:
        return f"{self.name}_<LANG>" if self.per_language else self.name

    @property
    def shown_default(self) -> str:
        if self.default is None or self.default == "":
            return "(none)"
        if isinstance(self.default, bool):
            return "1" if self.default else "0"
        if isinstance(self.default, tuple):
            return ",".join(self.default)
        return str(self.default)


SETTINGS: tuple[Setting, ...] = (
    # -- storage
    Setting(
        "PHRASEBOOK_DATA_DIR",
        text,
        None,
        "Where the SQLite database, caches, generated "
        "files and the secret key live (default: the user's data folder).",
        "storage",
    ),
    Setting(
        "PHRASEBOOK_DATABASE_URL",
        text,
        None,
        "A database URL instead of the SQLite file, "
        "e.g. postgresql+psycopg://user:pass@host/db for several users.",
        "storage",
        secret=True,
    ),
    Setting(
        "PHRASEBOOK_LANGUAGES",
        language_list,
        DEFAULT_LANGUAGES,
        "The languages this installation holds (each must be in phrasebook/data/languages.json).",
        "storage",
    ),
    Setting(
        "PHRASEBOOK_IMPORT_MAX_BYTES",
        whole_number(1),
        DEFAULT_IMPORT_MAX_BYTES,
        "The largest import (file or upload) accepted, in bytes.",
        "storage",
    ),
    # -- web
    Setting(
        "PHRASEBOOK_SECRET_KEY",
        text,
        None,
        "Signs sessions and forms; every server of one "
        "site needs the same (default: a key generated once in the data folder).",
        "web",
        secret=True,
    ),
    Setting(
        "PHRASEBOOK_SECURE_COOKIES",
        flag,
        False,
        "Cookies only over HTTPS, and HSTS: set when the site is served over HTTPS.",
        "web",
    ),
    Setting(
        "PHRASEBOOK_REQUIRE_LOGIN",
        flag,
        False,
        "Readers must sign in too (by default anyone may read; editing always needs an account).",
        "web",
    ),
    Setting(
        "PHRASEBOOK_PUBLIC_URL",
        web_address,
        None,
        "The address phones use to reach this server (printed in the home page's QR code).",
        "web",
    ),
    Setting(
        "PHRASEBOOK_TRUSTED_PROXIES",
        whole_number(0),
        0,
        "How many reverse proxies stand in front of the server: their X-Forwarded-For/-Proto/"
        "-Host are trusted (that many hops), so limits and logs see each visitor's address "
        "(0: none trusted; a direct visitor could forge them).",
        "web",
    ),
    Setting(
        "PHRASEBOOK_PAGE_CACHE_MB",
        whole_number(0),
        DEFAULT_PAGE_CACHE_MB,
        "Megabytes of rendered reader pages each server process keeps (0: none).",
        "web",
    ),
    # -- limits
    Setting(
        "PHRASEBOOK_RATELIMITS", flag, True, "Rate limits on (0 turns every limit off).", "limits"
    ),
    Setting(
        "PHRASEBOOK_RATELIMIT_STORAGE",
        text,
        "memory://",
        "Where the limit counters live: "
        "memory:// (one process) or redis://host:port/db (shared by every process).",
        "limits",
        secret=True,
    ),
    Setting(
        "PHRASEBOOK_LIMIT_SIGNIN_NAME",
        rate_limit,
        "20 per 15 minutes",
        "Failed sign-ins per account name.",
        "limits",
    ),
    Setting(
        "PHRASEBOOK_LIMIT_SIGNIN_ADDRESS",
        rate_limit,
        "20 per 15 minutes",
        "Failed sign-ins per client address.",
        "limits",
    ),
    Setting(
        "PHRASEBOOK_LIMIT_SIGNIN_NAME_ADDRESS",
        rate_limit,
        "5 per 15 minutes",
        "Failed sign-ins per account name from one address.",
        "limits",
    ),
    Setting(
        "PHRASEBOOK_LIMIT_SIGNIN_ALL",
        rate_limit,
        "200 per 15 minutes",
        "Failed sign-ins of the whole site.",
        "limits",
    ),
    Setting(
        "PHRASEBOOK_LIMIT_SUGGESTIONS",
        rate_limit,
        "60 per minute",
        "Machine-translation suggestions per client.",
        "limits",
    ),
    Setting(
        "PHRASEBOOK_LIMIT_DOCUMENTS",
        rate_limit,
        "30 per minute",
        "PDFs, kits, exports and other generated documents per client.",
        "limits",
    ),
    Setting(
        "PHRASEBOOK_LIMIT_API_WRITES",
        rate_limit,
        "300 per minute",
        "Writes through /api/v1 per client.",
        "limits",
    ),
    # -- jobs
    Setting(
        "PHRASEBOOK_QUEUE_URL",
        queue_address,
        "",
        "The task queue: empty (a queue in the "
        "data folder, run by threads of `phrasebook serve`), redis://host:port/db (run by "
        "`phrasebook worker` processes) or inline (in the request; tests).",
        "jobs",
        secret=True,
    ),
    Setting(
        "PHRASEBOOK_JOB_LEASE_SECONDS",
        seconds(1),
        120.0,
        "How long a job may go without a heartbeat before another worker takes it up.",
        "jobs",
    ),
    # -- translation
    Setting(
        "PHRASEBOOK_MT_ENGINE",
        one_of(*MT_ENGINES),
        "argos",
        "The machine-translation engine (fake: a deterministic stand-in for tests and benchmarks).",
        "translation",
    ),
    Setting(
        "PHRASEBOOK_MT_THREADS",
        whole_number(1),
        1,
        "CPU threads each translation uses.",
        "translation",
    ),
    Setting(
        "PHRASEBOOK_MT_WORKERS",
        whole_number(1),
        None,
        "Translations run at once (default: the number of CPUs).",
        "translation",
    ),
    Setting(
        "PHRASEBOOK_MT_BEAM_SIZE", whole_number(1), 4, "Beam size of the decoder.", "translation"
    ),
    Setting(
        "PHRASEBOOK_MT_MAX_LENGTH",
        whole_number(1),
        128,
        "The longest translation, in tokens.",
        "translation",
    ),
    Setting(
        "PHRASEBOOK_MT_FAKE_DELAY",
        seconds(0),
        0.0,
        "Seconds the fake engine spends on each batch (benchmarks and tests of slow work).",
        "translation",
    ),
    # -- audio
    Setting(
        "PHRASEBOOK_TTS_ENGINE",
        one_of(*TTS_ENGINES),
        "espeak",
        "The speech engine for generated audio (gtts needs the network).",
        "audio",
    ),
    Setting(
        "PHRASEBOOK_TTS_ENGINE",
        one_of(*TTS_ENGINES),
        None,
        "The speech engine for one language (PHRASEBOOK_TTS_ENGINE_KO=gtts).",
        "audio",
        per_language=True,
    ),
    Setting(
        "PHRASEBOOK_TTS_FALLBACK",
        fallback_engine,
        "espeak",
        "The engine used when the chosen one fails (none: no fallback).",
        "audio",
    ),
    Setting("PHRASEBOOK_TTS_TIMEOUT", seconds(0), 30.0, "Seconds one synthesis may take.", "audio"),
    Setting(
        "PHRASEBOOK_AUDIO_FORMAT",
        one_of(*AUDIO_FORMATS),
        "mp3",
        "The format clips are served in.",
        "audio",
    ),
    Setting(
        "PHRASEBOOK_ESPEAK_VOICE",
        text,
        None,
        "The espeak-ng voice for one language (PHRASEBOOK_ESPEAK_VOICE_EN=en-us).",
        "audio",
        per_language=True,
    ),
    Setting(
        "PHRASEBOOK_GTTS_TLD",
        text,
        "com",
        "The Google Translate domain gTTS asks (co.kr, com.ua …).",
        "audio",
    ),
    Setting(
        "PHRASEBOOK_GTTS_LANG",
        text,
        None,
        "The gTTS language code for one language.",
        "audio",
        per_language=True,
    ),
    Setting(
        "PHRASEBOOK_GTTS_TIMEOUT", seconds(0), 10.0, "Seconds one gTTS request may take.", "audio"
    ),
    Setting(
        "PHRASEBOOK_GTTS_COOLDOWN",
        seconds(0),
        300.0,
        "Seconds gTTS rests after Google refused a request.",
        "audio",
    ),
    Setting(
        "PHRASEBOOK_GTTS_MIN_INTERVAL",
        seconds(0),
        0.5,
        "Seconds between two gTTS requests.",
        "audio",
    ),
    Setting(
        "PHRASEBOOK_PIPER_VOICE",
        text,
        None,
        "A Piper voice model (.onnx) for one language.",
        "audio",
        per_language=True,
    ),
)

AREAS = ("storage", "web", "limits", "jobs", "translation", "audio")
_FIXED = {s.name: s for s in SETTINGS if not s.per_language}
_FAMILIES = {s.name + "_": s for s in SETTINGS if s.per_language}


def setting(name: str) -> Setting:
    """The declaration of ``name`` (a fixed name, or one of a per-language family)."""
    if name in _FIXED:
        return _FIXED[name]
    for prefix, declared in _FAMILIES.items():
        if name.startswith(prefix) and _LANG_SUFFIX.fullmatch(name[len(prefix) :]):
            return declared
    raise ConfigError(_unknown(name))


def _unknown(name: str) -> str:
    known = [*_FIXED, *(prefix + "KO" for prefix in _FAMILIES)]
    nearest = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    family = next((p for p in _FAMILIES if name.startswith(p)), None)
    if family is not None:
        return (
            f"{name}: not a language's variable ({family}<LANG>, the tag upper-cased with _ for "
            "-, such as KO or KO_KP)"
        )
    hint = f"; did you mean {nearest[0]}?" if nearest else ""
    return f"{name}: not a phrasebook setting{hint} (see docs/settings.md)"


def parse_environment(env: Mapping[str, str]) -> dict[str, Any]:
    """The ``PHRASEBOOK_*`` variables of ``env``, each parsed by its declaration; an empty value
    means the default. Raises ConfigError for the first unknown name or bad value (in name
    order, so the message does not depend on the environment's order)."""
    values: dict[str, Any] = {}
    for name in sorted(env):
        if not name.startswith(PREFIX):
            continue
        declared = setting(name)
        raw = env[name].strip()
        if not raw:
            continue
        try:
            values[name] = declared.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{name}: {exc}") from None
    return values


def without_credentials(uri: str) -> str:
    """``uri`` with any user and password left out (``redis://:secret@host/0`` →
    ``redis://host/0``), for answers and messages."""
    return re.sub(r"//[^@/]*@", "//", uri)


def _language_suffix(tag: str) -> str:
    return tag.upper().replace("-", "_")


@dataclass(frozen=True)
class Settings:
    """Where phrasebook keeps its data and how it behaves.

    ``env`` holds the ``PHRASEBOOK_*`` variables as given; they are parsed and checked against
    :data:`SETTINGS` when the object is made (a ConfigError names the first bad one), and read
    typed with :meth:`value` and :meth:`per_language`.
    """

    data_dir: Path
    env: Mapping[str, str] = field(default_factory=dict)
    _values: Mapping[str, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_values", parse_environment(self.env))

    def value(self, name: str) -> Any:
        """The typed value of a fixed setting (its default when unset)."""
        declared = _FIXED.get(name)
        if declared is None:
            raise KeyError(f"{name} is not a declared setting")
        return self._values.get(name, declared.default)

    def is_set(self, name: str) -> bool:
        return name in self._values

    def per_language(self, family: str) -> dict[str, Any]:
        """A per-language family's values by lower-case tag: ``PHRASEBOOK_TTS_ENGINE_KO_KP=gtts``
        → ``{"ko-kp": "gtts"}``."""
        prefix = family + "_"
        if prefix not in _FAMILIES:
            raise KeyError(f"{family} is not a per-language setting")
        return {
            name[len(prefix) :].lower().replace("_", "-"): value
            for name, value in self._values.items()
            if name.startswith(prefix) and setting(name).name == family
        }

    @property
    def database_url(self) -> str | None:
        url: str | None = self.value("PHRASEBOOK_DATABASE_URL")
        return url

    @property
    def languages(self) -> tuple[str, ...]:
        languages: tuple[str, ...] = self.value("PHRASEBOOK_LANGUAGES")
        return languages

    @property
    def import_max_bytes(self) -> int:
        return int(self.value("PHRASEBOOK_IMPORT_MAX_BYTES"))

    @property
    def page_cache_bytes(self) -> int:
        """Rendered reader pages the web app keeps per process (0: none); app/page_cache.py."""
        return int(self.value("PHRASEBOOK_PAGE_CACHE_MB")) * 1024 * 1024

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

    def with_changes(
        self,
        *,
        data_dir: Path | None = None,
        env: Mapping[str, str] | None = None,
        **variables: str | None,
    ) -> Settings:
        """A copy with another data folder, another environment, and/or variables changed:
        ``with_changes(database_url=url)`` sets ``PHRASEBOOK_DATABASE_URL`` (None unsets)."""
        changed = dict(self.env if env is None else env)
        for key, raw in variables.items():
            name = key if key.startswith(PREFIX) else PREFIX + key.upper()
            if raw is None:
                changed.pop(name, None)
            else:
                changed[name] = str(raw)
        return Settings(data_dir=data_dir or self.data_dir, env=changed)

    def effective(self) -> Iterator[tuple[str, str, str]]:
        """(name, value as shown, where it comes from) of every setting in effect, secrets
        masked: what ``phrasebook doctor`` prints."""
        yield "PHRASEBOOK_DATA_DIR", str(self.data_dir), "resolved"
        for declared in SETTINGS:
            if declared.name == "PHRASEBOOK_DATA_DIR":
                continue
            names = (
                sorted(n for n in self._values if setting(n) is declared and n != declared.name)
                if declared.per_language
                else [declared.name]
            )
            for name in names:
                if name in self._values:
                    shown = "********" if declared.secret else self.env[name].strip()
                    if declared.secret and "://" in self.env[name]:
                        shown = without_credentials(self.env[name].strip())
                    yield name, shown, "set"
                elif not declared.per_language:
                    yield name, declared.shown_default, "default"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, data_dir: str | Path | None = None
    ) -> Settings:
        """Read and check the ``PHRASEBOOK_*`` variables; an explicit ``data_dir`` wins over
        the environment. Raises ConfigError for an unknown name or a bad value."""
        env = os.environ if environ is None else environ
        variables = {k: v for k, v in env.items() if k.startswith(PREFIX)}
        chosen_dir = (
            data_dir
            or variables.get("PHRASEBOOK_DATA_DIR", "").strip()
            or platformdirs.user_data_dir("phrasebook", appauthor=False)
        )
        return cls(data_dir=Path(chosen_dir).expanduser().resolve(), env=variables)


def settings_reference() -> str:
    """docs/settings.md: every setting of :data:`SETTINGS` by area (written by
    tools/settings_doc.py; a test keeps the file equal to this)."""
    lines = [
        "# Settings",
        "",
        "<!-- Generated from phrasebook/config.py by `python tools/settings_doc.py`; "
        "do not edit by hand. -->",
        "",
        "Every setting is an environment variable. They are read and checked when a command "
        "or the web app starts: a value that does not parse, or a `PHRASEBOOK_*` name that is "
        "not below, stops it with one `error:` line naming the variable (exit status 2). "
        "An empty value means the default. `phrasebook doctor` prints the settings in effect "
        "(secrets masked).",
        "",
        "`<LANG>` is a language tag upper-cased with `_` for `-`: `KO`, `KO_KP`, `EN_US`; a "
        "variant's setting wins over its base language's.",
    ]
    for area in AREAS:
        lines += [
            "",
            f"## {area.capitalize()}",
            "",
            "| Variable | Accepts | Default | |",
            "|---|---|---|---|",
        ]
        for declared in SETTINGS:
            if declared.area != area:
                continue
            note = declared.help + (" *Secret: masked by doctor.*" if declared.secret else "")
            lines.append(
                f"| `{declared.shown_name}` | {declared.accepts} | `{declared.shown_default}` "
                f"| {note} |"
            )
    return "\n".join(lines) + "\n"
