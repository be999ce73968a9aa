"""``phrasebook kit``: the phrase book as one HTML file for a phone with no network."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from . import Context, fail


@click.command(name="kit")
@click.option("--from", "reader", metavar="LANG", required=True, help="The reader's language.")
@click.option("--to", "target", metavar="LANG", required=True, help="The language to speak.")
@click.option("--set", "sets", metavar="NAME", multiple=True, help="A phrase set (repeatable).")
@click.option(
    "--category", "categories", metavar="C", multiple=True, help="A category (repeatable)."
)
@click.option("--ids", metavar="A,B,C", help="These phrases, in this order.")
@click.option("--no-audio", is_flag=True, help="Leave the audio out (a much smaller file).")
@click.option("--ui", metavar="LANG", help="The interface language (default: the reader's).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The HTML file to write.",
)
@click.pass_obj
def kit_command(
    obj: Context,
    reader: str,
    target: str,
    sets: tuple[str, ...],
    categories: tuple[str, ...],
    ids: str | None,
    no_audio: bool,
    ui: str | None,
    output: Path,
) -> None:
    """Write the phrase book as one self-contained HTML file for a phone with no network.

    Everything is inside the file: phrases in both languages, variants, aids, notes, review
    status, search, show mode, audio (made now where missing) and fonts. Without --set,
    --category or --ids the whole phrase book goes in. See docs/kit.md.
    """
    from phrasebook.interface_language import UI_LOCALES
    from phrasebook.kit import KitRequest

    if ui is not None and ui not in UI_LOCALES:
        fail(f"--ui {ui}: not an interface language (one of {', '.join(UI_LOCALES)})")
    uids = tuple(part.strip() for part in (ids or "").split(",") if part.strip())
    request = KitRequest(
        reader=reader,
        target=target,
        sets=sets,
        categories=categories,
        ids=uids,
        audio=not no_audio,
        ui=ui,
    )
    obj.ready_store()
    bars: list[Any] = []

    def progress(done: int, total: int) -> None:
        if not bars:  # the bar starts once the kit knows how many clips it holds
            bars.append(click.progressbar(length=total, label="audio", file=sys.stderr))
        bars[0].update(1)

    try:
        kit = obj.runtime.kit(request, progress=progress)
    finally:
        if bars:
            bars[0].render_finish()
        obj.runtime.close()
    for problem in kit.missing_audio:
        click.echo(f"warning: no audio for {problem}", err=True)
    temporary = output.with_name(f".{output.name}.tmp")
    temporary.write_text(kit.html, encoding="utf-8")
    temporary.replace(output)
    click.echo(
        f"wrote {output} ({kit.phrases} phrases, {kit.clips} clips, {kit.size:,} bytes)", err=True
    )
