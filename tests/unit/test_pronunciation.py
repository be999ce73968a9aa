"""The Korean sound-change stage, transcribe()'s contract, the transcriber adapters and the
aid service on the in-memory unit of work.

Pronunciations are the examples of the Standard Pronunciation rules (표준 발음법, National
Institute of Korean Language, 1988), cited by article.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phrasebook import editing
from phrasebook.errors import InvalidInput, NotFound
from phrasebook.interchange import export_document
from phrasebook.interchange.repository import ExportScope
from phrasebook.interchange.validation import validate_export
from phrasebook.pronunciation import RuleTranscriber, Transcriber, transcribe
from phrasebook.pronunciation.korean import pronounce, pronounced_syllables
from phrasebook.pronunciation.korean_numbers import spell_numbers
from phrasebook.pronunciation.service import (
    aid_for,
    export_deriver,
    regenerate_aids,
    set_manual_aid,
)
from tests.fakes import FakeTranscriber, FakeUnitOfWork

LANGUAGES = ("ko", "uk", "ru", "en")


@pytest.mark.parametrize(
    ("spelling", "pronounced", "article"),
    [
        ("감사합니다", "감사함니다", "18 nasalization"),
        ("국물", "궁물", "18 nasalization"),
        ("닫는", "단는", "18 nasalization"),
        ("종로", "종노", "19 ㄹ after ㅁ ㅇ"),
        ("십리", "심니", "19 ㄹ after ㅂ, then 18"),
        ("막론", "망논", "19 ㄹ after ㄱ, then 18"),
        ("신라", "실라", "20 lateralization"),
        ("설날", "설랄", "20 lateralization"),
        ("같이", "가치", "17 palatalization"),
        ("굳이", "구지", "17 palatalization"),
        ("굳히다", "구치다", "17 palatalization after aspiration"),
        ("좋다", "조타", "12 aspiration"),
        ("놓고", "노코", "12 aspiration"),
        ("잡혀", "자펴", "12 aspiration"),
        ("앉히다", "안치다", "12 aspiration with a cluster"),
        ("닿소", "다쏘", "12 ㅎ before ㅅ"),
        ("놓는", "논는", "12 ㅎ before ㄴ"),
        ("않네", "안네", "12 ㄶ before ㄴ"),
        ("싫어", "시러", "12 silent ㅎ before a vowel"),
        ("읽다", "익따", "11 cluster, 23 tensification"),
        ("맑게", "말께", "11 ㄺ before ㄱ"),
        ("밟다", "밥따", "10 밟-"),
        ("넓다", "널따", "10, 25"),
        ("앉다", "안따", "10, 24"),
        ("국밥", "국빱", "23 tensification"),
        ("밖에", "바께", "13 liaison"),
        ("앉아", "안자", "14 liaison of a cluster"),
        ("없어", "업써", "14 liaison of a cluster"),
        ("옷", "옫", "9 final neutralization"),
        ("부엌", "부억", "9 final neutralization"),
        ("닭", "닥", "11 cluster at the end"),
    ],
)
def test_sound_changes(spelling: str, pronounced: str, article: str) -> None:
    assert pronounce(spelling) == pronounced, f"표준 발음법 article {article}"


def test_pronounce_passes_other_text_through_and_keeps_words_apart() -> None:
    assert pronounce("") == ""
    assert pronounce("OK, 같이 2번!") == "OK, 가치 두번!"  # the digit as it is read
    # No liaison across a space: each word is pronounced on its own, but nasalization joins
    # words said in one breath (art. 18, note) and punctuation ends the breath group.
    assert pronounce("옷 안") == "옫 안"
    assert pronounce("몇 명") == "면 명"
    assert pronounce("몇, 명") == "멷, 명"


def test_syllables_mark_tenseness_from_sound_change() -> None:
    first, second = pronounced_syllables("읽다")
    assert (first.initial, first.medial, first.final) == ("ㅇ", "ㅣ", "ㄱ")
    assert second.initial == "ㄸ" and second.tensified and second.written_initial == "ㄷ"
    lexical = pronounced_syllables("꼬리")[0]
    assert lexical.initial == "ㄲ" and not lexical.tensified and lexical.written_initial == "ㄲ"


@pytest.mark.parametrize(
    ("text", "lang", "reader"),
    [
        ("감사합니다", "ko", "ko"),
        ("감사합니다", "ko-KP", "ko"),
        ("Дякую", "uk", "ru"),  # same script
        ("Спасибо", "ru", "uk"),
        ("Thank you", "en", "en"),
        ("감사합니다", "ko", "fr"),  # no rules for this reader
        ("merci", "fr", "ko"),
    ],
)
def test_no_aid(text: str, lang: str, reader: str) -> None:
    assert transcribe(text, lang, reader) is None


def test_regional_tags_and_mixed_scripts() -> None:
    assert transcribe("감사합니다", "ko-KP", "en") == "gamsahamnida"
    assert transcribe("감사합니다", "ko", "uk-UA") == "камсахамніда"
    # A Ukrainian name inside Korean text is read as Ukrainian (і), a Russian one as Russian.
    assert transcribe("안녕, Іван!", "ko", "en") == "annyeong, Ivan!"
    assert transcribe("안녕, Юрий!", "ko", "en") == "annyeong, Yury!"
    assert transcribe("Київ і 서울", "uk", "ko") == "키이우 이 서울"


def test_english_words_the_dictionary_lacks_stay_latin() -> None:
    assert transcribe("Thank you, Xyzzyq!", "en", "ko") == "생크 유, Xyzzyq!"


def test_transcriber_adapters() -> None:
    real: Transcriber = RuleTranscriber()
    assert real.transcribe("같이", "ko", "en") == "gachi"
    fake = FakeTranscriber({("같이", "ko", "en"): "TOGETHER"})
    assert fake.transcribe("같이", "ko", "en") == "TOGETHER"
    assert fake.transcribe("물", "ko", "en") is None
    assert fake.calls == [("같이", "ko", "en"), ("물", "ko", "en")]


# --- the service on the in-memory unit of work -----------------------------------------------


@pytest.fixture
def uow() -> FakeUnitOfWork:
    unit = FakeUnitOfWork()
    editing.create_phrase(
        unit,
        uid="thanks",
        category="basics",
        texts={"ko": "감사합니다", "uk": "Дякую"},
        by="seed",
        languages=LANGUAGES,
    )
    return unit


def test_computed_aid_then_manual_override(uow: FakeUnitOfWork) -> None:
    translation = uow.phrases.items["thanks"].translations["ko"]
    computed = aid_for(uow, translation, "uk")
    assert computed is not None and (computed.text, computed.manual) == ("камсахамніда", False)

    saved = set_manual_aid(uow, "thanks", "ko", "uk", "  кам-са-хам-ні-да  ", by="olena")
    assert saved is not None and saved.manual and saved.text == "кам-са-хам-ні-да"
    assert uow.committed

    report = regenerate_aids(uow, ["uk", "ru", "en"])
    assert report.manual == 1
    assert aid_for(uow, translation, "uk") == saved
    assert aid_for(uow, translation, "ru") is not None

    cleared = set_manual_aid(uow, "thanks", "ko", "uk", None, by="olena")
    assert cleared is not None and not cleared.manual and cleared.text == "камсахамніда"


def test_aid_for_uses_the_given_transcriber(uow: FakeUnitOfWork) -> None:
    translation = uow.phrases.items["thanks"].translations["uk"]
    fake = FakeTranscriber({("Дякую", "uk", "en"): "dyakuyu"})
    aid = aid_for(uow, translation, "en", transcriber=fake)
    assert aid is not None and aid.text == "dyakuyu"
    assert aid_for(uow, translation, "ko", transcriber=fake) is None


def test_bad_requests(uow: FakeUnitOfWork) -> None:
    with pytest.raises(InvalidInput, match="reader"):
        set_manual_aid(uow, "thanks", "ko", "fr", "x", by="olena")
    with pytest.raises(InvalidInput, match="reader"):
        set_manual_aid(uow, "thanks", "ko", "not a tag", "x", by="olena")
    with pytest.raises(NotFound, match="no phrase"):
        set_manual_aid(uow, "missing", "ko", "uk", "x", by="olena")
    with pytest.raises(NotFound, match="no 'ru' translation"):
        set_manual_aid(uow, "thanks", "ru", "uk", "x", by="olena")
    with pytest.raises(InvalidInput, match="longer than"):
        set_manual_aid(uow, "thanks", "ko", "uk", "x" * 2001, by="olena")


def test_export_derived_field(uow: FakeUnitOfWork) -> None:
    set_manual_aid(uow, "thanks", "ko", "en", "kamsahamnida", by="olena")
    document = export_document(uow, ExportScope(), export_deriver(uow, LANGUAGES))
    validate_export(document)
    translations = document["phrases"][0]["translations"]
    assert translations["ko"]["derived"] == {
        "pronunciation": {"en": "kamsahamnida", "uk": "камсахамніда", "ru": "камсахамнида"},
        "pronunciation_manual": ["en"],
    }
    assert translations["uk"]["derived"] == {"pronunciation": {"en": "Diakuiu", "ko": "댜쿠유"}}


_ALPHABET = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    st.sampled_from("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяёыэъ'’АБВЇЄ"),
    st.sampled_from("abcxyz ,.!?-—0123456789\n"),
)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=_ALPHABET, max_size=40))
def test_any_text_transcribes_and_keeps_digits_and_punctuation(text: str) -> None:
    for lang, reader in (("ko", "en"), ("ko", "uk"), ("ko", "ru"), ("uk", "ko"), ("ru", "en")):
        aid = transcribe(text, lang, reader)
        assert aid is not None
        # Digits of a Korean sentence are read out (10시 → 열시); others are kept.
        read = spell_numbers(text) if lang == "ko" else text
        kept = [char for char in read if char in "0123456789,.!?—\n"]
        assert [char for char in aid if char in "0123456789,.!?—\n"] == kept


@pytest.mark.parametrize(
    ("text", "latin", "hangul"),
    [
        ("'", "'", "'"),
        ("’Київ", "’Kyiv", "’키이우"),
        ("Київ’", "Kyiv’", "키이우’"),
        ("Зв'язок", "Zviazok", "즈뱌조크"),
    ],
)
def test_apostrophes(text: str, latin: str, hangul: str) -> None:
    """An apostrophe inside a Ukrainian word belongs to it; at its edges it passes through
    (the edge cases were found by the property test above)."""
    assert transcribe(text, "uk", "en") == latin
    assert transcribe(text, "uk", "ko") == hangul
