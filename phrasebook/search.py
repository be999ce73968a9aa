"""Search over every language at once, on normalized keys phrasebook keeps itself.

Database engines fold case and accents differently (SQLite folds ASCII only, nothing folds
ё to е, nothing knows Hangul), so each phrase gets one row in ``search_keys`` whose ``key``
holds, one per line:

* every translation's text, normalized by :func:`normalize` (casefold, ё→е, apostrophe
  variants unified, whitespace collapsed, Hangul decomposed into basic letters so that a
  half-typed syllable matches: 감ㅅ finds 감사합니다);
* for Korean texts, the pronunciation aids readers of English, Ukrainian and Russian see
  (phrasebook.pronunciation), and aids editors wrote by hand: gamsa and камса find 감사합니다;

and ``initials`` holds, for texts with Hangul, the initial consonants (choseong) of their
syllables: ㄱㅅ finds 감사합니다.

A query is normalized the same way and split into terms; a phrase matches when its keys
contain every term (a term made only of initial consonants is looked up in ``initials``).
Keys are rebuilt at flush time whenever a phrase, its translations or hand-written aids change,
by session events registered when this module is imported (the store imports it).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    ForeignKey,
    Integer,
    Table,
    Text,
    column,
    delete,
    event,
    func,
    insert,
    select,
    table,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from .languages import base_language
from .models import Base, Phrase, Translation
from .pronunciation import transcribe
from .pronunciation.models import PronunciationOverride

# --- normalization ---------------------------------------------------------------------------

_SYLLABLE_FIRST, _SYLLABLE_LAST = 0xAC00, 0xD7A3
_CHOSEONG = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_JUNGSEONG = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_JONGSEONG = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")
# Compound vowels and final clusters are typed as two keys: split them so that the
# intermediate states of a Korean keyboard (고 before 과, 갑 before 값) still match.
_SPLIT = dict(
    pair.split(":")
    for pair in (
        "ㅘ:ㅗㅏ ㅙ:ㅗㅐ ㅚ:ㅗㅣ ㅝ:ㅜㅓ ㅞ:ㅜㅔ ㅟ:ㅜㅣ ㅢ:ㅡㅣ "
        "ㄳ:ㄱㅅ ㄵ:ㄴㅈ ㄶ:ㄴㅎ ㄺ:ㄹㄱ ㄻ:ㄹㅁ ㄼ:ㄹㅂ ㄽ:ㄹㅅ ㄾ:ㄹㅌ ㄿ:ㄹㅍ ㅀ:ㄹㅎ ㅄ:ㅂㅅ"
    ).split()
)
# Conjoining jamo (U+1100 block) left over after NFC, mapped to the compatibility letters.
_CONJOINING = {
    **{chr(0x1100 + i): letter for i, letter in enumerate(_CHOSEONG)},
    **{chr(0x1161 + i): letter for i, letter in enumerate(_JUNGSEONG)},
    **{chr(0x11A8 + i): letter for i, letter in enumerate(_JONGSEONG[1:])},
}
_APOSTROPHES = frozenset("'’ʼ‘`´′ʹ")  # look-alikes people type for the apostrophe
_FOLDS = {"ё": "е", "ѐ": "е"}
_CHOSEONG_SET = frozenset(_CHOSEONG)
KEY_SEPARATOR = "\n"


def is_syllable(char: str) -> bool:
    return _SYLLABLE_FIRST <= ord(char) <= _SYLLABLE_LAST


def _jamo_letters(letter: str) -> str:
    return _SPLIT.get(letter, letter)


def _fold_char(char: str) -> str:
    """What one character (of NFC text) becomes in a search key."""
    if is_syllable(char):
        index = ord(char) - _SYLLABLE_FIRST
        initial, rest = divmod(index, 588)
        medial, final = divmod(rest, 28)
        return (
            _CHOSEONG[initial]
            + _jamo_letters(_JUNGSEONG[medial])
            + "".join(_jamo_letters(c) for c in _JONGSEONG[final])
        )
    if char in _CONJOINING:
        return _jamo_letters(_CONJOINING[char])
    if "\u3131" <= char <= "\u318e":
        return _jamo_letters(char)
    if char in _APOSTROPHES:
        return "'"
    if char.isspace():
        return " "
    folded = unicodedata.normalize("NFKC", char).casefold()
    return "".join(_FOLDS.get(c, c) for c in folded)


@dataclass(frozen=True)
class Folded:
    """A normalized string and, for each of its characters, the index of the original
    character it came from (to highlight matches in the original text)."""

    text: str
    origins: tuple[int, ...]


def fold(text: str) -> Folded:
    """Normalize ``text`` for searching, keeping where every output character came from.

    Indices refer to ``text`` after NFC normalization (see :func:`display_form`).
    """
    out: list[str] = []
    origins: list[int] = []
    previous_space = True  # drops leading whitespace
    for index, char in enumerate(display_form(text)):
        piece = _fold_char(char)
        if piece == " ":
            if previous_space:
                continue
            previous_space = True
        else:
            previous_space = False
        out.append(piece)
        origins.extend([index] * len(piece))
    folded = "".join(out)
    if folded.endswith(" "):
        folded = folded[:-1]
        origins = origins[: len(folded)]
    return Folded(folded, tuple(origins))


def normalize(text: str) -> str:
    """The search form of ``text``: see the module docstring."""
    return fold(text).text


def display_form(text: str) -> str:
    """The text whose character indices :func:`fold` and :func:`highlight` report (NFC)."""
    return unicodedata.normalize("NFC", text)


def choseong(text: str) -> Folded:
    """The initial consonants of the Hangul syllables of ``text`` (everything else dropped)."""
    letters: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(display_form(text)):
        if is_syllable(char):
            letters.append(_CHOSEONG[(ord(char) - _SYLLABLE_FIRST) // 588])
            origins.append(index)
    return Folded("".join(letters), tuple(origins))


def is_choseong_query(term: str) -> bool:
    return bool(term) and all(char in _CHOSEONG_SET for char in term)


def query_terms(query: str) -> list[str]:
    """The normalized terms of a query, longest first (the most selective first), unique."""
    terms = {term for term in normalize(query).split(" ") if term}
    return sorted(terms, key=lambda term: (-len(term), term))


# --- pronunciation aids as extra keys --------------------------------------------------------

# Readers whose aids of Korean texts are indexed: a reader types what they see under the phrase.
AID_READERS = ("en", "uk", "ru")


def pronunciation_aids(text: str, lang: str) -> list[str]:
    """The aids readers see for a Korean text (romanized, Ukrainian and Russian Cyrillic)."""
    if base_language(lang) != "ko":
        return []
    aids = (transcribe(text, lang, reader) for reader in AID_READERS)
    return [aid for aid in dict.fromkeys(aids) if aid]


# --- the keys --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Keys:
    """A phrase's search keys: normalized texts and aids, and Hangul initials (one per line)."""

    text: str
    initials: str


def build_keys(texts: Iterable[tuple[str, str]], manual_aids: Iterable[str] = ()) -> Keys:
    """The keys of a phrase, given its ``(lang, text)`` pairs and hand-written aids."""
    lines: list[str] = []
    initials: list[str] = []
    for lang, text in texts:
        lines.append(normalize(text))
        lines.extend(normalize(aid) for aid in pronunciation_aids(text, lang))
        initials.append(choseong(text).text)
    lines.extend(normalize(aid) for aid in manual_aids)
    return Keys(
        KEY_SEPARATOR.join(line for line in dict.fromkeys(lines) if line),
        KEY_SEPARATOR.join(line for line in dict.fromkeys(initials) if line),
    )


class SearchKey(Base):
    """One row per phrase: the normalized lines queries are matched against. Queries made
    only of initial consonants (ㄱㅅ) are matched against ``initials``, others against ``key``."""

    __tablename__ = "search_keys"

    phrase_id: Mapped[int] = mapped_column(
        ForeignKey("phrases.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(Text)
    initials: Mapped[str] = mapped_column(Text)


_TABLE = cast(Table, SearchKey.__table__)
_TRANSLATIONS = cast(Table, Translation.__table__)
_OVERRIDES = cast(Table, PronunciationOverride.__table__)


_CHUNK = 500


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _write_keys(session: Session, phrase_ids: Iterable[int], deleted_ids: Iterable[int]) -> None:
    """Replace the keys of ``phrase_ids`` (computed from what is in the database now, inside
    the current transaction) and drop those of ``deleted_ids``."""
    deleted = set(deleted_ids)
    live = sorted(set(phrase_ids) - deleted)
    if not live and not deleted:
        return
    connection = session.connection()
    translations = _TRANSLATIONS.c
    overrides = _OVERRIDES.c
    for chunk in _chunks(sorted(deleted | set(live))):
        connection.execute(delete(_TABLE).where(_TABLE.c.phrase_id.in_(chunk)))
    for chunk in _chunks(live):
        texts: dict[int, list[tuple[str, str]]] = {phrase_id: [] for phrase_id in chunk}
        rows = connection.execute(
            select(translations.phrase_id, translations.lang, translations.text).where(
                translations.phrase_id.in_(chunk)
            )
        )
        for phrase_id, lang, text in rows:
            texts[phrase_id].append((lang, text))
        # Aids editors wrote by hand are what readers see: they are keys too.
        manual: dict[int, list[str]] = {phrase_id: [] for phrase_id in chunk}
        aid_rows = connection.execute(
            select(translations.phrase_id, overrides.text)
            .join(_OVERRIDES, overrides.translation_id == translations.id)
            .where(translations.phrase_id.in_(chunk))
        )
        for phrase_id, text in aid_rows:
            manual[phrase_id].append(text)
        values = []
        for phrase_id in chunk:
            keys = build_keys(sorted(texts[phrase_id]), sorted(manual[phrase_id]))
            values.append({"phrase_id": phrase_id, "key": keys.text, "initials": keys.initials})
        connection.execute(insert(_TABLE), values)


_PENDING = "phrasebook.search.pending"


@dataclass
class _Pending:
    phrases: set[Phrase] = field(default_factory=set)
    phrase_ids: set[int] = field(default_factory=set)
    deleted_ids: set[int] = field(default_factory=set)
    overridden_translation_ids: set[int] = field(default_factory=set)


@event.listens_for(Session, "before_flush")
def _collect_changes(session: Session, _context: Any, _instances: Any) -> None:
    pending: _Pending = session.info.setdefault(_PENDING, _Pending())
    with session.no_autoflush:
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, Phrase):
                if obj in session.deleted:
                    pending.deleted_ids.add(obj.id)
                else:
                    pending.phrases.add(obj)
            elif isinstance(obj, Translation):
                if obj.phrase is not None:
                    pending.phrases.add(obj.phrase)
                elif obj.phrase_id is not None:
                    pending.phrase_ids.add(obj.phrase_id)
            elif isinstance(obj, PronunciationOverride) and obj.translation_id is not None:
                pending.overridden_translation_ids.add(obj.translation_id)


@event.listens_for(Session, "after_flush_postexec")
def _reindex_changes(session: Session, _context: Any) -> None:
    pending: _Pending | None = session.info.pop(_PENDING, None)
    if pending is None:
        return
    phrase_ids = pending.phrase_ids | {p.id for p in pending.phrases if p.id is not None}
    if pending.overridden_translation_ids:
        translations = _TRANSLATIONS.c
        found = session.connection().execute(
            select(translations.phrase_id).where(
                translations.id.in_(sorted(pending.overridden_translation_ids))
            )
        )
        phrase_ids |= set(found.scalars())
    _write_keys(session, phrase_ids, pending.deleted_ids)


@event.listens_for(Session, "after_rollback")
def _forget_changes(session: Session) -> None:
    session.info.pop(_PENDING, None)


def rebuild_index(session: Session) -> int:
    """Recompute every phrase's keys (after an upgrade, or when the aid rules changed)."""
    session.flush()
    session.execute(delete(_TABLE))
    ids = list(session.scalars(select(Phrase.id).order_by(Phrase.id)))
    _write_keys(session, ids, ())
    return len(ids)


def index_is_stale(session: Session) -> bool:
    """True when some phrase has no key (e.g. a database created before search existed)."""
    phrases = session.scalar(select(func.count(Phrase.id))) or 0
    keys = session.scalar(select(func.count(_TABLE.c.phrase_id))) or 0
    return phrases != keys


# --- querying --------------------------------------------------------------------------------

DEFAULT_LIMIT = 50
_CANDIDATES_PER_RESULT = 4
_TRIGRAM = 3  # SQLite's trigram index answers terms of at least three characters
# The SQLite-only trigram index over search_keys (created by migration 0002_search).
_FTS = table("search_fts", column("rowid", Integer))


def _contains(session: Session, column: ColumnElement[str], term: str) -> ColumnElement[bool]:
    if session.get_bind().dialect.name == "sqlite":
        # instr compares bytes: no engine folding gets in the way (the keys are folded).
        return func.instr(column, term) > 0
    escaped = re.sub(r"([\\%_])", r"\\\1", term)
    return column.like(f"%{escaped}%", escape="\\")


def _grade(lines: list[str], terms: list[str]) -> tuple[int, int]:
    query = " ".join(terms)
    best = (4, 10_000)
    for line in lines:
        if line == query:
            grade = 0
        elif line.startswith(query):
            grade = 1
        elif any(line.startswith(term) or f" {term}" in line for term in terms):
            grade = 2
        elif any(term in line for term in terms):
            grade = 3
        else:
            continue
        best = min(best, (grade, len(line)))
    return best


def _rank(key: str, initials: str, terms: list[str]) -> tuple[int, int]:
    """Lower is better: a line equal to the query, starting with it, with a word starting
    with a term, merely containing a term; then shorter lines first."""
    letters = [term for term in terms if is_choseong_query(term)]
    others = [term for term in terms if not is_choseong_query(term)]
    grades = []
    if others:
        grades.append(_grade(key.split(KEY_SEPARATOR), others))
    if letters:
        grades.append(_grade(initials.split(KEY_SEPARATOR), letters))
    return max(grades)


@dataclass(frozen=True)
class SearchResult:
    query: str
    terms: list[str]
    phrases: list[Phrase]
    more: bool  # True when more phrases matched than were returned


def _candidates(session: Session, terms: list[str], wanted: int) -> list[int]:
    """Ids of phrases whose keys contain every term (at most ``wanted``)."""
    columns = _TABLE.c
    statement = select(columns.phrase_id).limit(wanted)
    for term in terms:
        column = columns.initials if is_choseong_query(term) else columns.key
        statement = statement.where(_contains(session, column, term))
    indexed = [t for t in terms if len(t) >= _TRIGRAM and not is_choseong_query(t)]
    if indexed and session.get_bind().dialect.name == "sqlite":
        # The trigram index narrows the rows to read; instr above keeps the match exact.
        expression = " AND ".join('key : "' + t.replace('"', '""') + '"' for t in indexed)
        matching = select(_FTS.c.rowid).where(
            sql_text("search_fts MATCH :fts").bindparams(fts=expression)
        )
        statement = statement.where(columns.phrase_id.in_(matching))
    return list(session.scalars(statement))


def search(session: Session, query: str, *, limit: int = DEFAULT_LIMIT) -> SearchResult:
    """Phrases whose keys contain every term of ``query``, best matches first."""
    terms = query_terms(query)
    if not terms:
        return SearchResult(query, terms, [], False)
    wanted = limit * _CANDIDATES_PER_RESULT
    ids = _candidates(session, terms, wanted + 1)
    more = len(ids) > limit
    columns = _TABLE.c
    rows = session.execute(
        select(columns.phrase_id, columns.key, columns.initials).where(
            columns.phrase_id.in_(ids[:wanted])
        )
    )
    ranked = sorted(rows, key=lambda row: (*_rank(row.key, row.initials, terms), row.phrase_id))
    best = [row.phrase_id for row in ranked[:limit]]
    by_id = {p.id: p for p in session.scalars(select(Phrase).where(Phrase.id.in_(best)))}
    return SearchResult(query, terms, [by_id[i] for i in best if i in by_id], more)


# --- highlighting ----------------------------------------------------------------------------

Segment = tuple[str, bool]  # (text, is_match)


def _spans(folded: Folded, terms: Iterable[str]) -> Iterator[tuple[int, int]]:
    for term in terms:
        start = folded.text.find(term)
        while start >= 0:
            end = start + len(term)
            yield folded.origins[start], folded.origins[end - 1] + 1
            start = folded.text.find(term, start + 1)


def highlight(text: str, query: str) -> list[Segment]:
    """Split ``text`` into segments, marking where a term of ``query`` matches.

    Works on the original characters (a half-matched Hangul syllable is marked whole); the
    caller escapes each segment when rendering.
    """
    shown = display_form(text)
    terms = query_terms(query)
    letters = [term for term in terms if is_choseong_query(term)]
    spans = list(_spans(fold(shown), [term for term in terms if term not in letters]))
    spans += _spans(choseong(shown), letters)
    marked = [False] * len(shown)
    for start, end in spans:
        for index in range(start, end):
            marked[index] = True
    segments: list[Segment] = []
    for char, hit in zip(shown, marked, strict=True):
        if segments and segments[-1][1] == hit:
            segments[-1] = (segments[-1][0] + char, hit)
        else:
            segments.append((char, hit))
    return segments


def matches(text: str, query: str) -> bool:
    return any(hit for _segment, hit in highlight(text, query))
