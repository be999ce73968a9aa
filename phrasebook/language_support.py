"""What each part of the product does for one language, read from each part's own data
(languages.json, the message catalogs, the pronunciation rules, the word-form methods, the
number tables, the PDF labels and fonts, the speech engines' voices, the installed translation
models): ``phrasebook doctor --lang TAG`` prints it, so that adding a language starts from a
list of what it lacks (CONTRIBUTING.md, "A fifth language")."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .health import Check
from .languages import base_language, language_info, normalize_tag, script_ranges

_HERE = Path(__file__).parent


def _data(tag: str) -> Check:
    info = language_info(tag)
    if info is None:
        return Check(
            "language data",
            False,
            "not in phrasebook/data/languages.json: add its script (ISO 15924) there first",
        )
    variants = f", variants {', '.join(info.variants)}" if info.variants else ""
    return Check("language data", True, f"script {info.script}{variants}")


def _interface(tag: str) -> Check:
    from .interface_language import UI_LOCALES

    if tag in UI_LOCALES:
        return Check("interface", True, f"catalog locales/{tag}", required=False)
    return Check(
        "interface",
        False,
        f"no locales/{tag}/LC_MESSAGES/messages.po: menus stay in English",
        required=False,
    )


def _aids(tag: str) -> Check:
    from .pronunciation import READER_SCRIPTS, SOURCE_SCRIPTS, aid_applies

    readers = [r for r in READER_SCRIPTS if aid_applies(tag, r)] if tag in SOURCE_SCRIPTS else []
    sources = [s for s in SOURCE_SCRIPTS if aid_applies(s, tag)] if tag in READER_SCRIPTS else []
    if not readers and not sources:
        return Check(
            "pronunciation aids",
            False,
            "no rules read or write it (phrasebook/pronunciation, docs/pronunciation.md)",
            required=False,
        )
    return Check(
        "pronunciation aids",
        True,
        f"its texts aided for {', '.join(readers) or 'nobody'}; its readers get aids of "
        f"{', '.join(sources) or 'nothing'}",
        required=False,
    )


def _word_forms(tag: str) -> Check:
    from .search.forms import WORD_FORMS

    method = WORD_FORMS.get(tag)
    if method is None:
        return Check(
            "search word forms",
            False,
            "words found as typed only (phrasebook/search/forms.py)",
            required=False,
        )
    return Check("search word forms", True, method, required=False)


def _numbers(tag: str) -> Check:
    tables = json.loads((_HERE / "answers" / "number_words.json").read_text("utf-8"))
    if tag in tables:
        return Check("numbers in words", True, "answers/number_words.json", required=False)
    return Check(
        "numbers in words",
        False,
        "answer panels show digits (answers/number_words.json)",
        required=False,
    )


def _pdf(tag: str) -> Check:
    from .pdf.fonts import default_stack, face_code_points
    from .pdf.labels import label_languages

    info = language_info(tag)
    labels = "labels" if tag in label_languages() else "labels in English (pdf/labels.json)"
    if info is None or info.script is None:
        return Check("PDF and kit", False, labels, required=False)
    covered = frozenset().union(*(face_code_points(face.path) for face in default_stack()))
    ranges = script_ranges(info.script)
    letters = sum(1 for low, high in ranges for point in range(low, high + 1) if point in covered)
    if not letters:
        return Check(
            "PDF and kit", False, f"{labels}; no bundled font draws {info.script}", required=False
        )
    return Check("PDF and kit", True, f"{labels}; fonts draw {info.script}", required=False)


def _speech(tag: str) -> Check:
    from gtts.lang import tts_langs

    from .audio.espeak import installed_voices

    espeak = tag in installed_voices()
    gtts = tag in tts_langs()
    detail = f"espeak-ng {'yes' if espeak else 'no'}, gTTS (online) {'yes' if gtts else 'no'}"
    return Check("speech", espeak or gtts, detail, required=False)


def _translation(tag: str) -> Check:
    from .mt.packages import models_by_pair

    pairs = [f"{a}→{b}" for a, b in models_by_pair() if tag in (a, b)]
    if not pairs:
        return Check(
            "machine translation",
            False,
            "no installed package (phrasebook models install): no suggestions",
            required=False,
        )
    return Check("machine translation", True, ", ".join(pairs), required=False)


FEATURES: tuple[Callable[[str], Check], ...] = (
    _data,
    _interface,
    _aids,
    _word_forms,
    _numbers,
    _pdf,
    _speech,
    _translation,
)


def language_report(tag: str, configured: tuple[str, ...]) -> list[Check]:
    """One line per part of the product for language ``tag`` (LanguageError for a tag that is
    not BCP 47)."""
    normalized = normalize_tag(tag)
    base = base_language(normalized)
    enabled = normalized in configured or base in configured
    state = "enabled" if enabled else "not enabled (add it to PHRASEBOOK_LANGUAGES)"
    return [Check("configured", True, state, required=False)] + [
        feature(base) for feature in FEATURES
    ]
