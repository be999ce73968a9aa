"""The field kit: the phrase book as one self-contained HTML file for a phone with no network.

``build_kit`` reads the chosen phrases (``kit_data``), adds their audio from the audio cache
(made where missing), subsets the fonts to the characters shown, and renders one file whose
script, style, fonts, audio and data are all inline. The file's own Content-Security-Policy
(``default-src 'none'`` with hashes of its one script and one style) forbids it to load any
URL, so it cannot reach the network even if a future change tried. See docs/kit.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from ..answers import PANEL_SCRIPT, PANEL_STYLE
from .data import KitData, KitRequest, kit_data
from .fonts import kit_fonts

if TYPE_CHECKING:
    from ..audio.service import AudioService
    from ..uow import UnitOfWork

ASSETS = Path(__file__).parent / "assets"


@cache
def _page() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ASSETS), autoescape=True, keep_trailing_newline=True
    )
    return environment.get_template("kit.html")


__all__ = ["Kit", "KitData", "KitRequest", "RenderedKit", "build_kit", "kit_data", "render_kit"]


@dataclass(frozen=True)
class RenderedKit:
    html: str
    # The policy the file carries in its <meta>: a server sends it as a header too.
    content_security_policy: str


@dataclass(frozen=True)
class Kit(RenderedKit):
    phrases: int
    clips: int
    missing_audio: list[str]  # "uid: why" for each phrase whose clip could not be made

    @property
    def size(self) -> int:
        return len(self.html.encode("utf-8"))


def embedded_json(value: object) -> str:
    """JSON that cannot end the <script> element it sits in, whatever the texts hold:
    ``<``, ``>`` and ``&`` are escaped (so ``</script>`` and ``<!--`` cannot appear), and so
    are the line separators JavaScript once treated as line ends."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_kit(
    data: KitData,
    strings: Mapping[str, str],
    *,
    font_cache: Path | None,
) -> RenderedKit:
    """The HTML file of ``data`` with the interface ``strings``, and its policy."""
    fonts = kit_fonts(data.texts + list(strings.values()), font_cache)
    faces = "".join(
        f"@font-face{{font-family:{font.family};"
        f"src:url(data:font/woff2;base64,{base64.b64encode(font.woff2).decode('ascii')}) "
        "format('woff2');font-display:block}"
        for font in fonts
    )
    families = ",".join([font.family for font in fonts] + ["sans-serif"])
    # The answer panel's script and style, the same files the web app's show mode serves.
    style = (
        faces
        + f":root{{--font:{families}}}"
        + (ASSETS / "kit.css").read_text("utf-8")
        + PANEL_STYLE.read_text("utf-8")
    )
    script = PANEL_SCRIPT.read_text("utf-8") + "\n" + (ASSETS / "kit.js").read_text("utf-8")
    policy = (
        "default-src 'none'; "
        f"script-src {_hash(script)}; style-src {_hash(style)}; "
        "font-src data:; media-src data:; img-src data:; "
        "connect-src 'none'; form-action 'none'; base-uri 'none'"
    )
    edition = data.document["edition"]
    # The clips sit in their own block, parsed on the first Play: the phrases show first.
    document = {k: v for k, v in data.document.items() if k != "audio"}
    title = strings.get("title", "Phrase book")
    html = _page().render(
        lang=edition["ui"],
        policy=policy,
        title=title,
        style=style,
        noscript=strings.get("noscript", ""),
        data=embedded_json(document),
        audio=embedded_json(data.document["audio"]),
        strings=embedded_json(dict(strings)),
        script=script,
    )
    return RenderedKit(html, policy)


def build_kit(
    uow_factory: Callable[[], UnitOfWork],
    request: KitRequest,
    *,
    languages: tuple[str, ...],
    version: str,
    strings: Mapping[str, str],
    audio: AudioService | None,
    font_cache: Path | None,
    made_at: datetime,
    progress: Callable[[int, int], None] | None = None,
) -> Kit:
    """Read, add audio (made where missing), render. ``progress(done, total)`` is called
    as each clip is made or found."""
    from ..audio.engine import Speed
    from ..audio.errors import AudioError

    data = kit_data(uow_factory(), request, languages=languages, version=version, made_at=made_at)
    missing: list[str] = []
    clips = 0
    if audio is not None and data.spoken:
        results = audio.clips_of(uow_factory(), data.spoken, Speed.NORMAL, progress)
        index_of: dict[bytes, int] = {}
        for phrase, translation in zip(data.document["phrases"], data.spoken, strict=True):
            result = results[translation.id]
            if isinstance(result, AudioError):
                missing.append(f"{phrase['id']}: {result}")
                continue
            content = audio.compact(result)
            if content not in index_of:  # the same text in two phrases: one clip
                index_of[content] = len(data.document["audio"])
                encoded = base64.b64encode(content).decode("ascii")
                data.document["audio"].append(f"data:audio/mpeg;base64,{encoded}")
            phrase["audio"] = index_of[content]
            if result.speaker:  # a person's recording; no key for a synthetic clip (size)
                phrase["voice"] = result.speaker
            clips += 1
    rendered = render_kit(data, strings, font_cache=font_cache)
    return Kit(
        rendered.html,
        rendered.content_security_policy,
        phrases=len(data.document["phrases"]),
        clips=clips,
        missing_audio=missing,
    )
