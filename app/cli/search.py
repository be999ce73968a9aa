"""``phrasebook reindex``: rebuild the search keys."""

from __future__ import annotations

import click

from phrasebook import search

from . import Context


@click.command()
@click.pass_obj
def reindex(obj: Context) -> None:
    """Rebuild every phrase's search keys (after changing how pronunciation aids are made).

    Keys are kept current automatically when phrases change; this is only needed when the
    way keys are computed changed.
    """
    store = obj.ready_store()
    count = search.rebuild(store.uow())
    click.echo(f"search keys rebuilt for {count} phrases")
