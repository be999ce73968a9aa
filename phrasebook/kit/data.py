"""What a field kit holds, read from the store in a fixed number of queries: the chosen
phrases in one reader→target pair with their aids, variants, notes, false friends, review
status and search keys, the sets and categories they belong to, and the edition stamp."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..errors import InvalidInput, NotFound
from ..false_friends import false_friends
from ..languages import base_language
from ..models import Phrase, Status, Translation
from ..pronunciation.service import Aid, aids_for
from ..reading import answer_panels, own_translation, reader_notes
from ..search import typos
from ..search.forms import korean_tables
from ..search.keys import build_keys, folding_tables
from ..uow import UnitOfWork

LANGUAGE_MARKS = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class KitRequest:
    """Which phrases go into a kit, for whom. No sets, categories or ids: the whole book."""

    reader: str
    target: str
    sets: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    audio: bool = True
    ui: str | None = None  # the interface language; the reader's by default

    @property
    def ui_lang(self) -> str:
        return self.ui or self.reader


@dataclass
class KitData:
    """The kit's content as plain values (``document`` is embedded as JSON), and the target
    translations whose audio goes in."""

    document: dict[str, Any]
    spoken: list[Translation] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        """Every text the kit shows, for the font subset."""
        found: list[str] = []
        for panel in self.document["panels"]:
            found += [label[side] for label in panel["labels"] for side in ("target", "reader")]
            found += [words for table in panel["numbers"].values() for words in table]
            # the keypad; times the browser writes itself (Intl) use letters already in
            found.append("0123456789⌫✓…·—")
        for phrase in self.document["phrases"]:
            found += [phrase["reader"], phrase["target"], phrase["aid"]]
            found += [v["text"] for v in phrase["variants"]] + [
                v["aid"] for v in phrase["variants"]
            ]
            found += [n["text"] for n in phrase["notes"]]
            found += [w for friend in phrase["warnings"] for w in friend.values()]
        for group in self.document["sets"] + self.document["categories"]:
            found.append(group["name"])
        return found


def _selected(uow: UnitOfWork, request: KitRequest) -> list[Phrase]:
    if request.ids:
        found = uow.phrases.get_many(request.ids)
        missing = [uid for uid in request.ids if uid not in found]
        if missing:
            raise NotFound(f"no phrase {missing[0]!r}")
        return [found[uid] for uid in dict.fromkeys(request.ids)]
    if not request.sets and not request.categories:
        return uow.phrases.list()
    chosen: dict[str, Phrase] = {}
    for slug in request.sets:
        if uow.sets.get(slug) is None:
            raise NotFound(f"no phrase set {slug!r}")
        chosen.update((p.uid, p) for p in uow.phrases.list(set_slug=slug))
    for slug in request.categories:
        in_category = uow.phrases.list(category=slug)
        if not in_category and uow.categories.get(slug) is None:
            raise NotFound(f"no category {slug!r}")
        chosen.update((p.uid, p) for p in in_category)
    return list(chosen.values())


def _aid_text(aid: Aid | None) -> str:
    return aid.text if aid is not None else ""


def check_languages(request: KitRequest, languages: Sequence[str]) -> None:
    for name, lang in (("reader", request.reader), ("target", request.target)):
        if lang not in languages:
            raise InvalidInput(name, f"language {lang!r} is not configured")
    if request.reader == request.target:
        raise InvalidInput("target", "reader and target language are the same")


def check_kit_request(uow: UnitOfWork, request: KitRequest, languages: Sequence[str]) -> None:
    """Refuse, before any job, what the kit cannot be made of: a language not configured, the
    same language twice, an unknown set, category or phrase (a few small reads)."""
    check_languages(request, languages)
    with uow:
        for slug in request.sets:
            if uow.sets.get(slug) is None:
                raise NotFound(f"no phrase set {slug!r}")
        for slug in request.categories:
            if uow.categories.get(slug) is None and not uow.phrases.list(category=slug):
                raise NotFound(f"no category {slug!r}")
        if request.ids:
            found = uow.phrases.get_many(request.ids)
            missing = [uid for uid in request.ids if uid not in found]
            if missing:
                raise NotFound(f"no phrase {missing[0]!r}")


def kit_data(
    uow: UnitOfWork,
    request: KitRequest,
    *,
    languages: Sequence[str],
    version: str,
    made_at: datetime,
) -> KitData:
    """Read everything the kit shows (one transaction, queries independent of its size)."""
    check_languages(request, languages)
    with uow:
        phrases = [p for p in _selected(uow, request) if request.target in p.translations]
        if not phrases:
            raise InvalidInput(
                "", f"nothing to put in the kit: no phrase has {request.target} text"
            )
        targets = [p.translations[request.target] for p in phrases]
        variants = {
            p.uid: [
                t
                for tag, t in sorted(p.translations.items())
                if tag != request.target and base_language(tag) == request.target
            ]
            for p in phrases
        }
        extra = [t for group in variants.values() for t in group]
        try:
            aids = aids_for(uow, targets + extra, request.reader)
        except InvalidInput:
            aids = [None] * (len(targets) + len(extra))  # a reader language with no aids
        aid_of = {t.id: aid for t, aid in zip(targets + extra, aids, strict=True)}
        panels = answer_panels(uow, phrases, reader=request.reader, target=request.target)
        chosen_uids = {p.uid for p in phrases}
        all_sets = uow.sets.list()
        categories = {c.slug: c for c in uow.categories.list()}

    sets = []
    for phrase_set in all_sets:
        if request.sets and phrase_set.slug not in request.sets:
            continue
        members = [m.phrase.uid for m in phrase_set.memberships if m.phrase.uid in chosen_uids]
        if members:
            sets.append(
                {
                    "id": phrase_set.slug,
                    "name": phrase_set.label(request.reader),
                    "phrases": members,
                }
            )
    used_categories = list(dict.fromkeys(p.category for p in phrases))
    category_groups = [
        {
            "id": slug,
            "name": categories[slug].label(request.reader) if slug in categories else slug,
            "phrases": [p.uid for p in phrases if p.category == slug],
        }
        for slug in used_categories
    ]
    # Most questions share a panel (yes/no): each distinct one is written once, and a phrase
    # names it by its place in "panels".
    distinct: dict[str, int] = {}
    panel_list: list[dict[str, Any]] = []
    panel_index: dict[str, int] = {}
    for uid, panel in panels.items():
        drawn = panel.as_json()
        key = json.dumps(drawn, sort_keys=True, ensure_ascii=False)
        if key not in distinct:
            distinct[key] = len(panel_list)
            panel_list.append(drawn)
        panel_index[uid] = distinct[key]
    # The search ranks lines of the reader's and target's languages first: each key line is
    # marked with one character standing for its language, in the order of "languages".
    book_languages = list(dict.fromkeys(base_language(tag) for tag in languages))
    language_mark = dict(zip(book_languages, LANGUAGE_MARKS, strict=False))
    entries = []
    unreviewed = 0
    for phrase, target in zip(phrases, targets, strict=True):
        own = own_translation(phrase, request.reader)
        shown = [own, target, *variants[phrase.uid]]
        if target.status != Status.REVIEWED:
            unreviewed += 1
        aid = _aid_text(aid_of[target.id])
        # The search keys of every language of the book, not only the two it shows: a
        # Russian or English word finds the phrase as on the server (the kit shows it in its
        # pair). The shown texts come first, as the server's keys put a phrase's own lines.
        texts = [t for t in shown if t is not None]
        texts += sorted(
            (t for t in phrase.translations.values() if t not in texts),
            key=lambda t: t.lang,
        )
        keys = build_keys([(t.lang, t.text) for t in texts], [(target.lang, aid)] if aid else [])
        entries.append(
            {
                "id": phrase.uid,
                "category": phrase.category,
                "reader": own.text if own is not None else "",
                "readerLang": own.lang if own is not None else "",
                "target": target.text,
                "targetLang": target.lang,
                "status": target.status.value,
                "aid": aid,
                "variants": [
                    {
                        "lang": v.lang,
                        "text": v.text,
                        "aid": _aid_text(aid_of[v.id]),
                        "status": v.status.value,
                    }
                    for v in variants[phrase.uid]
                ],
                "notes": [
                    {"text": n.text, "lang": n.lang, "fallback": n.fallback}
                    for n in reader_notes(phrase, target, request.reader)
                ],
                "warnings": [
                    {
                        "word": f.word,
                        "means": f.means,
                        "soundsLike": f.sounds_like,
                        "whichMeans": f.which_means,
                    }
                    for f in false_friends(target.text, target.lang, request.reader)
                ],
                "keys": keys.text,
                # one character a key line: its language's mark (see "languages")
                "langs": "".join(
                    language_mark.get(base_language(tag), "-") for tag in keys.langs.split("\n")
                )
                if keys.text
                else "",
                "initials": keys.initials,
                "audio": None,
                "answers": panel_index.get(phrase.uid),
            }
        )
    document = {
        "format": "phrasebook-kit/1",
        "edition": {
            "reader": request.reader,
            "target": request.target,
            "ui": request.ui_lang,
            "sets": [s["id"] for s in sets] if request.sets or not request.categories else [],
            "categories": list(request.categories),
            "made": made_at.strftime("%Y-%m-%d"),
            "version": version,
            "phrases": len(entries),
            "unreviewed": unreviewed,
        },
        "sets": sets,
        "categories": category_groups,
        "phrases": entries,
        "languages": book_languages,
        "fold": folding_tables(),
        "korean": korean_tables(),
        "typos": typos.kit_settings(),
        "panels": panel_list,
        "audio": [],
    }
    return KitData(document=document, spoken=targets if request.audio else [])
