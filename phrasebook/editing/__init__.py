"""Every change an editor or reviewer makes to phrases, translations and sets.

:mod:`.phrases` (create, ``edit_phrase`` for a whole save, sets, order, delete),
:mod:`.translations` (save, review, delete, history, revert) and :mod:`.checks` (the shared
validation, including the one stale-revision check). Each public function is one user
action in one transaction.
"""

from .checks import accepted_status, check_slug, checked_lang, machine_provenance, parse_tags
from .phrases import (
    EditResult,
    PhraseChange,
    TranslationChange,
    assign_sets,
    create_phrase,
    delete_phrase,
    edit_phrase,
    reorder_set,
    require_set,
    update_phrase,
)
from .translations import (
    DiffPiece,
    FillResult,
    HistoryEntry,
    add_missing_translations,
    delete_translation,
    revert_translation,
    review_translation,
    save_translation,
    text_diff,
    translation_history,
)

__all__ = [
    "DiffPiece",
    "EditResult",
    "FillResult",
    "add_missing_translations",
    "HistoryEntry",
    "PhraseChange",
    "TranslationChange",
    "accepted_status",
    "assign_sets",
    "check_slug",
    "checked_lang",
    "create_phrase",
    "delete_phrase",
    "delete_translation",
    "edit_phrase",
    "machine_provenance",
    "parse_tags",
    "reorder_set",
    "require_set",
    "review_translation",
    "revert_translation",
    "save_translation",
    "text_diff",
    "translation_history",
    "update_phrase",
]
