"""Looking inside real PDFs with poppler-utils (pdftotext, pdffonts, pdftoppm) and zxing-cpp."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

PT_TO_MM = 25.4 / 72


def require_poppler() -> None:
    for tool in ("pdftotext", "pdffonts", "pdftoppm"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} (poppler-utils) is not installed")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float  # millimetres from the page's top-left corner
    y0: float
    x1: float
    y1: float

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Page:
    width: float  # millimetres
    height: float
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


def pages(pdf: Path) -> list[Page]:
    """Every page's words with their boxes (``pdftotext -bbox``), in millimetres."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    found = []
    for width, height, body in _PAGE.findall(out):
        words = [
            Word(html.unescape(text), *(float(v) * PT_TO_MM for v in (x0, y0, x1, y1)))
            for x0, y0, x1, y1, text in _WORD.findall(body)
        ]
        found.append(Page(float(width) * PT_TO_MM, float(height) * PT_TO_MM, words))
    return found


def plain_text(pdf: Path) -> str:
    """The text with all whitespace (line breaks from wrapping too) folded to single spaces."""
    out = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return " ".join(out.split())


def fonts(pdf: Path) -> list[dict[str, str]]:
    """``pdffonts`` rows: name, type, emb, sub, uni."""
    out = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    rows = []
    for line in out[2:]:
        parts = line.split()
        # name, type words..., encoding, emb, sub, uni, object id, generation
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def render_png(pdf: Path, page: int, out_base: Path, dpi: int = 100) -> Path:
    """Page ``page`` (1-based) as ``<out_base>.png``."""
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf),
            str(out_base),
        ],
        check=True,
    )
    return out_base.with_suffix(".png")


def qr_texts(png: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    with Image.open(png) as image:
        return [result.text for result in zxingcpp.read_barcodes(image.convert("L"))]
