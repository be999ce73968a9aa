"""Search over every language at once, on normalized keys phrasebook keeps itself.

:mod:`.keys` says what a key is, :mod:`.forms` gives words their base forms and Cyrillic texts
their Latin spellings, :mod:`.index` stores and queries the keys (the unit of work's ``search``
repository), :mod:`.highlight` marks matches for display.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .highlight import Segment, highlight, matches
from .index import DEFAULT_LIMIT, SearchIndex, SearchResult, SqlSearchIndex
from .keys import (
    AID_READERS,
    KEY_SEPARATOR,
    Folded,
    Keys,
    build_keys,
    choseong,
    display_form,
    explain_match,
    fold,
    is_choseong_query,
    normalize,
    pronunciation_aids,
    query_terms,
)
from .models import SearchKey

if TYPE_CHECKING:
    from ..uow import UnitOfWork

__all__ = [
    "rebuild",
    "rebuild_if_stale",
    "AID_READERS",
    "DEFAULT_LIMIT",
    "KEY_SEPARATOR",
    "Folded",
    "Keys",
    "SearchIndex",
    "SearchKey",
    "SearchResult",
    "Segment",
    "SqlSearchIndex",
    "build_keys",
    "choseong",
    "display_form",
    "explain_match",
    "fold",
    "highlight",
    "is_choseong_query",
    "matches",
    "normalize",
    "pronunciation_aids",
    "query_terms",
]


def rebuild_if_stale(uow: UnitOfWork) -> bool:
    """Build every phrase's search keys when the store has phrases but no keys (a database
    made before search existed, or emptied by a migration); whether it did."""
    with uow:
        if not uow.search.is_stale():
            return False
        uow.search.rebuild()
        uow.commit()
        return True


def rebuild(uow: UnitOfWork) -> int:
    """Compute every phrase's search keys again (``phrasebook reindex``); how many phrases."""
    with uow:
        count = uow.search.rebuild()
        uow.commit()
        return count
