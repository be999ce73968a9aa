"""The kit's fonts: subsets of the bundled Noto Sans and Noto Sans KR holding only the
characters the kit shows, as WOFF2, so Hangul renders on a phone without a Korean font.

The faces are the PDF's (phrasebook.pdf.fonts: OFL-1.1, which allows embedding). Subsets are
cached in the data directory by their character set: a second kit of the same phrases does
not subset again.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..pdf.fonts import FontFace, default_stack, face_code_points

# Characters every kit shows whatever its phrases: the interface's own digits and marks.
ALWAYS = "0123456789 .,:;!?()[]-–—«»“”'\"/+→↑↓←×·…%№"


@dataclass(frozen=True)
class FontSubset:
    family: str
    woff2: bytes


def _subset(face: FontFace, characters: str) -> bytes:
    # fontTools is imported here: it is slow to import and only kits and PDFs need it.
    from fontTools import subset  # type: ignore[import-untyped]  # fontTools ships no types
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "calt", "ccmp", "locl", "mark", "mkmk"]
    options.hinting = False  # phone screens are high-resolution; hints only add bytes
    options.desubroutinize = True
    options.notdef_outline = True
    font = TTFont(str(face.path))
    try:
        if "fvar" in font:  # a variable font: keep the regular instance only
            from fontTools.varLib import instancer  # type: ignore[import-untyped]

            axes = {axis.axisTag: axis.defaultValue for axis in font["fvar"].axes}
            axes["wght"] = 400
            font = instancer.instantiateVariableFont(font, axes)
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters)
        subsetter.subset(font)
        font.flavor = "woff2"
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    finally:
        font.close()


def kit_fonts(texts: Iterable[str], cache_dir: Path | None) -> list[FontSubset]:
    """One WOFF2 subset per face of the stack that draws any of ``texts``' characters."""
    remaining = sorted(c for c in set("".join(texts)) | set(ALWAYS) if not c.isspace())
    subsets = []
    for face in default_stack():  # each character from the first face that has it
        covered = face_code_points(face.path)
        characters = "".join(c for c in remaining if ord(c) in covered)
        remaining = [c for c in remaining if ord(c) not in covered]
        if not characters:
            continue
        digest = hashlib.sha256(f"{face.path.name}\0{characters}".encode()).hexdigest()[:32]
        cached = cache_dir / f"{face.family}-{digest}.woff2" if cache_dir else None
        if cached is not None and cached.is_file():
            subsets.append(FontSubset(face.family, cached.read_bytes()))
            continue
        data = _subset(face, characters)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(data)
            temporary.replace(cached)  # whole or absent, also with two builds at once
        subsets.append(FontSubset(face.family, data))
    return subsets
