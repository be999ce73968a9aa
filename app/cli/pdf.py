"""``phrasebook pdf``: printable phrase cards, phrase sheets and duplex cards."""

from __future__ import annotations

from pathlib import Path

import click

from phrasebook.pdf import build_pdf

from . import Context, fail


@click.command(name="pdf")
@click.option("--set", "set_slug", metavar="NAME", help="The phrase set to print.")
@click.option(
    "--ids",
    metavar="A,B,C",
    help="Print these phrases, in this order (with or "
    "without --set; with it, the set only names the PDF).",
)
@click.option(
    "--from",
    "reader",
    metavar="LANG",
    help="The reader's language: the small text, and the script of the aid.",
)
@click.option(
    "--to",
    "target",
    metavar="LANG",
    help="The language to speak or show: the large text.",
)
@click.option(
    "--layout",
    default="cards",
    show_default=True,
    metavar="cards|sheet|duplex|answers",
    help="Pocket cards with crop marks, a tri-fold sheet, double-sided cards, or the answer "
    "card (the panels the questions offer, to point at).",
)
@click.option("--paper", default="a4", show_default=True, metavar="a4|letter")
@click.option(
    "--qr",
    "qr_base_url",
    metavar="BASE_URL",
    help="Add a QR code per phrase linking to BASE_URL/phrases/<id> (the web app).",
)
@click.option(
    "--variant",
    metavar="TAG",
    help="Print this regional variant of the target where a phrase has one (e.g. ko-KP).",
)
@click.option("--no-aid", is_flag=True, help="Leave out the pronunciation aid.")
@click.option(
    "--notes",
    is_flag=True,
    help="Print each phrase's usage notes in the reader's language (else English, marked).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Exit non-zero if there are warnings (e.g. characters no font has).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF file to write.",
)
@click.pass_obj
def pdf_command(
    obj: Context,
    set_slug: str | None,
    ids: str | None,
    reader: str | None,
    target: str | None,
    layout: str,
    paper: str,
    qr_base_url: str | None,
    variant: str | None,
    no_aid: bool,
    notes: bool,
    strict: bool,
    output: Path | None,
) -> None:
    """Print phrases as a PDF: a set (--set) or chosen phrases (--ids).

    Duplex: print double-sided and flip on the long edge; each card's back lines up with
    its front. Words of the target that sound like a different word of the reader's
    language (Korean 네 "yes" and «не») are flagged on their card. Warnings (e.g.
    characters no embedded font covers) go to stderr.
    """
    uids = [part.strip() for part in (ids or "").split(",") if part.strip()]
    if not set_slug and not uids:
        fail("give --set NAME or --ids A,B,C")
    if not reader or not target:
        fail("give the languages: --from LANG --to LANG")
    if output is None:
        fail("give the file to write: -o FILE.pdf")
    store = obj.ready_store()
    result = build_pdf(
        store.uow(),
        set_slug=set_slug,
        uids=uids or None,
        reader=reader,
        target=target,
        layout=layout,
        paper=paper,
        qr_base_url=qr_base_url,
        stored_aids=not no_aid,
        renderer=obj.runtime.pdf_renderer(),
        languages=obj.settings.languages,
        variant=variant,
        notes=notes,
    )
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if strict and result.warnings:
        fail(f"{len(result.warnings)} warning(s) and --strict given: {output} not written")
    temporary = output.with_name(f".{output.name}.tmp")
    temporary.write_bytes(result.data)
    temporary.replace(output)
    click.echo(f"wrote {output} ({result.pages} pages)", err=True)
