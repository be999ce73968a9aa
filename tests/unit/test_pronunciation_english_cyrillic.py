"""English in Russian and Ukrainian Cyrillic: the contract of transcribe() for these readers
and the context rules of data/english_cyrillic.json, one by one.

Expected outputs are worked by hand from Gilyarevsky & Starostin's English table (Russian) and
Український правопис 2019, § 129-§ 133 (Ukrainian), on the CMUdict pronunciation quoted beside
each case; the golden tables (tests/unit/pronunciation_golden/en_ru.tsv, en_uk.tsv) hold the
published references.
"""

from __future__ import annotations

import pytest

from phrasebook.pronunciation import transcribe
from phrasebook.pronunciation.english_cyrillic import word_to_cyrillic
from phrasebook.pronunciation.tables import load


@pytest.mark.parametrize("reader", ["ru", "uk", "ru-RU", "uk-UA"])
def test_empty_text_gives_empty_aid(reader: str) -> None:
    assert transcribe("", "en", reader) == ""
    assert transcribe("", "en-GB", reader) == ""


@pytest.mark.parametrize("reader", ["ru", "uk"])
def test_words_the_dictionary_lacks_stay_as_they_are(reader: str) -> None:
    assert word_to_cyrillic("Xyzzyq", reader) is None
    assert transcribe("Xyzzyq", "en", reader) == "Xyzzyq"
    assert transcribe("Qwxz, Brzzt!", "en", reader) == "Qwxz, Brzzt!"


# (text, reader, expected): each group names the rule and the CMUdict sounds it works on.
CASES = [
    # known and unknown words, punctuation and digits in one phrase: stop [stɑp], call [kɔl]
    ("Stop, Xyzzyq! Call 911.", "ru", "стоп, Xyzzyq! кол 911."),
    ("Stop, Xyzzyq! Call 911.", "uk", "стоп, Xyzzyq! кол 911."),
    # lower case whatever the input case
    ("SMITH", "ru", "смит"),
    # Cyrillic is the reader's own script and passes; Hangul is read as Korean (Kontsevich)
    ("Stop, Іван!", "uk", "стоп, Іван!"),
    ("Stop 감사합니다", "uk", "стоп камсахамніда"),
    ("Stop 감사합니다", "ru", "стоп камсахамнида"),
    # an apostrophe inside a word keeps it one dictionary word: don't [doʊnt]
    ("don't", "ru", "доунт"),
    ("don't", "uk", "доунт"),
    ("don't", "ko", "돈트"),
    ("'Stop'", "ru", "'стоп'"),
    # h: х in Russian, г in Ukrainian; help [hɛlp]
    ("help", "ru", "хелп"),
    ("help", "uk", "гелп"),
    # э at the start of a word in Russian only: end [ɛnd], Evans [ˈɛvənz]
    ("end", "ru", "энд"),
    ("end", "uk", "енд"),
    ("Evans", "ru", "эванс"),
    # j + vowel: you [ju], yes [jɛs], York [jɔrk], Yeats [jeɪts]
    ("you yes York Yeats", "ru", "ю йес йорк йейтс"),
    ("you yes York Yeats", "uk", "ю єс йорк єйтс"),
    # j after a consonant: music [ˈmjuzɪk] мь / м’ (then the rule of nine: зи); William ль + я
    ("music", "ru", "мьюзик"),
    ("music", "uk", "м’юзик"),
    ("William", "ru", "уильям"),
    ("William", "uk", "вільям"),
    # Russian w: у + э (west [wɛst]), в before [ʊ] (wood), в after a consonant (swift)
    ("west wood swift", "ru", "уэст вуд свифт"),
    ("west wood swift", "uk", "вест вуд свіфт"),
    # ER stressed ёр / ер, unstressed -er by its letter; -ng and [ŋk]
    ("Turner", "ru", "тёрнер"),
    ("Turner", "uk", "тернер"),
    ("morning thank", "ru", "морнинг тэнк"),
    # the rule of nine: і after м (Smith [smɪθ]), и after с before a consonant (sister)
    ("Smith sister", "uk", "сміт систер"),
    ("Smith sister", "ru", "смит систер"),
]


@pytest.mark.parametrize(("text", "reader", "expected"), CASES)
def test_rules_worked_by_hand(text: str, reader: str, expected: str) -> None:
    assert transcribe(text, "en", reader) == expected


def test_the_table_cites_its_sources_and_covers_every_phoneme() -> None:
    table = load("english_cyrillic.json")
    assert "Gilyarevsky" in table["_source"] and "правопис" in table["_source"]
    for reader in ("ru", "uk"):
        assert set(table["vowels"][reader]) == set(table["vowels"]["ru"])
        assert set(table["consonants"][reader]) == set(table["consonants"]["ru"])
        assert all(letter.islower() for letter in table["vowels"][reader].values())
