"""Bidirectional controls and line separators (issue 37 item 5), decided per field: refused in
names, ids, tags and speaker names; in texts and notes only a right-to-left language's
(languages.json ``direction``) may hold the embeddings, overrides and isolates."""

from __future__ import annotations

import json

import pytest

from phrasebook import editing, textcheck
from phrasebook.audio.recordings import Speaker
from phrasebook.errors import InvalidInput
from phrasebook.interchange.validation import parse_document
from tests.fakes import FakeUnitOfWork

OVERRIDE = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "abc\u202edef" shows as "abcfed"
ISOLATE = "\u2067"  # RIGHT-TO-LEFT ISOLATE
LINE = "\u2028"  # LINE SEPARATOR


@pytest.mark.parametrize("char", [OVERRIDE, ISOLATE, "\u202a", "\u2069"])
def test_a_name_or_tag_with_a_bidi_control_is_refused(char: str) -> None:
    with pytest.raises(InvalidInput, match=r"bidirectional control U\+20"):
        editing.parse_tags([f"med{char}ical"])
    with pytest.raises(InvalidInput, match="bidirectional control"):
        Speaker(name=f"Kim{char}").checked()


def test_a_line_separator_is_refused_in_one_line_fields_only() -> None:
    with pytest.raises(InvalidInput, match=r"line separator U\+2028 at character 4"):
        textcheck.clean(f"Kim{LINE}Lee", "speaker", limit=100)
    assert textcheck.clean(f"one{LINE}two", "notes", limit=100, multiline=True)


def test_texts_take_bidi_controls_only_in_a_right_to_left_language() -> None:
    uow = FakeUnitOfWork()
    with pytest.raises(InvalidInput, match="allowed only in texts of a right-to-left language"):
        editing.create_phrase(
            uow, uid="x.ok", category="x", texts={"uk": f"Стій{OVERRIDE}!"}, by="t",
            languages=["uk", "ar"],
        )  # fmt: skip
    arabic = f"قف {ISOLATE}STOP\u2069!"
    editing.create_phrase(
        uow, uid="x.stop", category="x", texts={"ar": arabic, "en": "Stop!"}, by="t",
        languages=["ar", "en"], notes={"ar": f"ملاحظة {ISOLATE}A\u2069"},
    )  # fmt: skip
    phrase = uow.phrases.get("x.stop")
    assert phrase is not None and phrase.translations["ar"].text == arabic


def _document(**phrase: object) -> bytes:
    entry = {"id": "x.one", "category": "x", "translations": {"en": {"text": "One"}}, **phrase}
    return json.dumps({"format": "phrasebook/1", "phrases": [entry]}).encode()


@pytest.mark.parametrize(
    ("phrase", "where", "reason"),
    [({"tags": [f"a{LINE}b"]}, "/phrases/0/tags/0", "line separator"),
     ({"translations": {"en": {"text": f"O{OVERRIDE}ne"}}}, "/phrases/0/translations/en/text",
      "bidirectional control"),
     ({"notes": {"en": f"n{ISOLATE}"}}, "/phrases/0/notes/en", "bidirectional control")],
)  # fmt: skip
def test_an_import_applies_the_same_rule_per_field(
    phrase: dict[str, object], where: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_document(_document(**phrase), languages=["en", "ar"], max_bytes=10**6)
    assert refused.value.location == where and reason in refused.value.reason
    arabic = {"translations": {"ar": {"text": f"واحد {ISOLATE}1\u2069"}}}
    parse_document(_document(**arabic), languages=["en", "ar"], max_bytes=10**6)
