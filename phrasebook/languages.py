"""Configured languages, BCP-47 tag handling and script detection.

Language metadata is data (``data/languages.json``, ``data/scripts.json``); enabling another
language is a matter of configuration, not code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import langcodes

_DATA = Path(__file__).parent / "data"


class LanguageError(ValueError):
    """A language tag that is malformed or not configured."""


@dataclass(frozen=True)
class LanguageInfo:
    code: str
    script: str | None
    scripts_allowed: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()  # regional variants readers may prefer (ko-KP)
    right_to_left: bool = False


@cache
def _language_table() -> dict[str, LanguageInfo]:
    raw = json.loads((_DATA / "languages.json").read_text("utf-8"))["languages"]
    return {
        code: LanguageInfo(
            code,
            entry.get("script"),
            tuple(entry.get("scripts_allowed", ())),
            tuple(entry.get("variants", ())),
            entry.get("direction") == "rtl",
        )
        for code, entry in raw.items()
    }


@cache
def _script_ranges() -> dict[str, tuple[tuple[int, int], ...]]:
    raw = json.loads((_DATA / "scripts.json").read_text("utf-8"))["scripts"]
    return {
        name: tuple((int(lo, 16), int(hi, 16)) for lo, hi in ranges) for name, ranges in raw.items()
    }


def normalize_tag(tag: str) -> str:
    """Return the canonical form of a BCP-47 tag (``ko-kp`` -> ``ko-KP``) or raise LanguageError."""
    if not isinstance(tag, str) or not tag or tag != tag.strip():
        raise LanguageError(f"invalid language tag {tag!r}")
    if "_" in tag or not langcodes.tag_is_valid(tag):
        raise LanguageError(f"invalid language tag {tag!r}: not a BCP-47 tag")
    standardized: str = langcodes.standardize_tag(tag)
    return standardized


def base_language(tag: str) -> str:
    """The primary language subtag: ``ko-KP`` -> ``ko``."""
    return tag.split("-", 1)[0].lower()


def regional_variants(tag: str) -> tuple[str, ...]:
    """The regional variants of a language a reader may prefer (``ko`` -> ``("ko-KP",)``)."""
    info = _language_table().get(base_language(tag))
    return info.variants if info is not None else ()


def check_configured(tag: str, configured: Iterable[str]) -> str:
    """Normalize ``tag`` and make sure its base language is enabled; return the normalized tag."""
    normalized = normalize_tag(tag)
    enabled = set(configured)
    if normalized not in enabled and base_language(normalized) not in enabled:
        raise LanguageError(
            f"language {normalized!r} is not configured (enabled: {', '.join(sorted(enabled))}; "
            "set PHRASEBOOK_LANGUAGES to add it)"
        )
    return normalized


def is_right_to_left(tag: str) -> bool:
    """Whether ``tag``'s language is written right to left (languages.json ``direction``)."""
    info = language_info(tag)
    return info is not None and info.right_to_left


def script_ranges(script: str) -> tuple[tuple[int, int], ...]:
    """The code point ranges of ``script`` (data/scripts.json; empty if it is not there)."""
    return _script_ranges().get(script, ())


def language_codes() -> tuple[str, ...]:
    """Every language languages.json describes, in its order."""
    return tuple(_language_table())


def script_of_language(tag: str) -> str | None:
    """The script a text of ``tag`` is certain to use (languages.json), or None."""
    info = language_info(tag)
    return info.script if info is not None else None


def language_info(tag: str) -> LanguageInfo | None:
    table = _language_table()
    return table.get(tag) or table.get(base_language(tag))


def scripts_in(text: str) -> set[str]:
    """The scripts (ISO 15924 codes from data/scripts.json) that letters of ``text`` belong to."""
    found: set[str] = set()
    for char in set(text):
        found.update(_scripts_of(char))
    return found


@lru_cache(maxsize=8192)
def _scripts_of(char: str) -> tuple[str, ...]:
    if not char.isalpha():
        return ()
    point = ord(char)
    return tuple(
        name
        for name, spans in _script_ranges().items()
        if any(lo <= point <= hi for lo, hi in spans)
    )


def script_mismatch(tag: str, text: str) -> str | None:
    """Explain why ``text`` is certainly not in the script of ``tag``, or return None.

    Only flags text that has letters and none of them in the language's script: a Korean
    text that mentions "GPS" is fine, a Korean text with no Hangul at all is not.
    """
    info = language_info(tag)
    if info is None or info.script is None:
        return None
    found = scripts_in(text)
    if not found:
        return None
    expected = {info.script, *info.scripts_allowed}
    if info.script == "Jpan":
        expected |= {"Hani"}
    if found & expected:
        return None
    return f"{tag} text has no {info.script} letters (found {', '.join(sorted(found))})"
