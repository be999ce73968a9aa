"""The font stack printed PDFs use, and a check of which characters it cannot draw.

The fonts come from Python packages the set-up installs (never from the machine's own fonts),
so a PDF made on a fresh machine looks the same as one made anywhere else:

- Noto Sans (``fontpkg-noto-sans``): Latin, Greek and Cyrillic including Ukrainian і ї є ґ;
- Noto Sans KR (``pylopdf-fonts-ko``): Hangul and CJK punctuation, but not і ї є ґ, which
  is why it comes second.

Both are under the SIL Open Font License 1.1, which allows embedding them in documents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontpkg_noto_sans
import pylopdf_fonts_ko
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # fontTools ships no types


@dataclass(frozen=True)
class FontFace:
    """One font file of the stack, under the family name the PDF uses for it."""

    family: str
    path: Path
    licence: str


def default_stack() -> tuple[FontFace, ...]:
    """Latin/Cyrillic first, Korean second: each character is drawn by the first that has it."""
    noto_root = Path(fontpkg_noto_sans.ROOT)
    return (
        FontFace("NotoSans", noto_root / "files" / "NotoSans[wdth,wght].ttf", "OFL-1.1"),
        FontFace("NotoSansKR", Path(pylopdf_fonts_ko.sans_path()), "OFL-1.1"),
    )


@cache
def face_code_points(path: Path) -> frozenset[int]:
    font = TTFont(str(path), lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def _needs_glyph(char: str) -> bool:
    # Line breaks, spaces and invisible format characters are never drawn as glyphs.
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")


def uncovered_characters(
    texts: Iterable[tuple[str, str]],
    stack: Sequence[FontFace],
    code_points: Sequence[Container[int]] | None = None,
) -> dict[str, list[str]]:
    """Characters no font of ``stack`` has, each with the places (first item of each pair)
    where it occurs, in the order first seen. ``code_points``: each font's characters, when
    the caller has already loaded them (else they are read from the files)."""
    covered = code_points or [face_code_points(face.path) for face in stack]
    missing: dict[str, list[str]] = {}
    for where, text in texts:
        for char in dict.fromkeys(text):
            if not _needs_glyph(char) or any(ord(char) in points for points in covered):
                continue
            places = missing.setdefault(char, [])
            if where not in places:
                places.append(where)
    return missing


def coverage_warnings(
    texts: Iterable[tuple[str, str]],
    stack: Sequence[FontFace],
    *,
    max_places: int = 3,
    code_points: Sequence[Container[int]] | None = None,
) -> list[str]:
    """One readable line per character that would print as an empty box."""
    lines = []
    for char, places in uncovered_characters(texts, stack, code_points).items():
        name = unicodedata.name(char, "unnamed character")
        shown = ", ".join(places[:max_places])
        more = f" and {len(places) - max_places} more" if len(places) > max_places else ""
        lines.append(
            f"no font covers U+{ord(char):04X} {name} {char!r} (in {shown}{more}); "
            "it will print as an empty box"
        )
    return lines
