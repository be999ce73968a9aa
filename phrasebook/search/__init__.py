"""Search over every language at once, on normalized keys phrasebook keeps itself.

:mod:`.keys` says what a key is, :mod:`.forms` gives words their base forms and Cyrillic texts
their Latin spellings, :mod:`.index` stores and queries the keys (the unit of work's ``search``
repository), :mod:`.highlight` marks matches for display.
"""

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

__all__ = [
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
