"""Golden tables: every direction checked against published references.

Each row of tests/unit/pronunciation_golden/<from>_<reader>.tsv carries its source:
- ko_en: Revised Romanization of Korean (Ministry of Culture and Tourism notice 2000-8), its
  own examples chapter by chapter, and issue 5's golden outputs;
- ko_ru: Russian Wikipedia article titles spelled in the Kontsevich system and the tables of
  the Russian Wikipedia article «Система Концевича»;
- ko_uk: the Ukrainian row of the tables in the Ukrainian Wikipedia article «Система
  Концевича», and the army phrase sheet quoted in issue 5;
- uk_en: the examples in the table of the Cabinet of Ministers of Ukraine resolution No. 55
  (27 January 2010);
- ru_en: the Wikipedia system (WP:RUS): English Wikipedia article titles and the samples
  published with iuliia's "wikipedia" schema;
- ru_ko: the National Institute of Korean Language's Russian loanword rules (외래어 표기법,
  러시아어 표기, notice 2005-32): table 19 examples and the 세칙 articles' examples;
- uk_ko: NIKL's 2022 spellings of Ukrainian place names and Korean Wikipedia titles;
- en_ko: the examples of NIKL's English loanword rules (외래어 표기법, 영어 표기 세칙),
  article by article (pronunciations from the CMU Pronouncing Dictionary);
- en_ru, en_uk: Russian and Ukrainian Wikipedia article titles of English names and places,
  the examples of Gilyarevsky & Starostin's English table and of Український правопис 2019,
  and phrases worked by hand from those rules (marked so in the source column).

Comparison ignores letter case: the references capitalize names, the aids are lower case
(Korean has no case; translitua and iuliia keep the Cyrillic case). Rows where the rules here
differ from the reference are marked with ``xfail: reason`` in the file, never edited.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from phrasebook.pronunciation import transcribe

GOLDEN = Path(__file__).parent / "pronunciation_golden"
DIRECTIONS = {
    "ko_en.tsv": ("ko", "en"),
    "ko_ru.tsv": ("ko", "ru"),
    "ko_uk.tsv": ("ko", "uk"),
    "uk_en.tsv": ("uk", "en"),
    "ru_en.tsv": ("ru", "en"),
    "ru_ko.tsv": ("ru", "ko"),
    "uk_ko.tsv": ("uk", "ko"),
    "en_ko.tsv": ("en", "ko"),
    "en_ru.tsv": ("en", "ru"),
    "en_uk.tsv": ("en", "uk"),
}


def _cases() -> list[object]:
    cases: list[object] = []
    for name, (lang, reader) in DIRECTIONS.items():
        with (GOLDEN / name).open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
                marks = []
                if row["known_difference"].startswith("xfail:"):
                    reason = row["known_difference"].removeprefix("xfail:").strip()
                    marks.append(pytest.mark.xfail(reason=reason, strict=True))
                cases.append(
                    pytest.param(
                        lang,
                        reader,
                        row["text"],
                        row["expected"],
                        row["source"],
                        marks=marks,
                        id=f"{name}:{number}",
                    )
                )
    return cases


@pytest.mark.parametrize(("lang", "reader", "text", "expected", "source"), _cases())
def test_golden(lang: str, reader: str, text: str, expected: str, source: str) -> None:
    assert source, "every golden row cites its source"
    aid = transcribe(text, lang, reader)
    assert aid is not None
    assert aid.casefold() == expected.casefold(), source


@pytest.mark.parametrize("name", sorted(DIRECTIONS))
def test_each_direction_has_fifty_cases(name: str) -> None:
    with (GOLDEN / name).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) >= 50
    assert all(row["source"] for row in rows)
    assert any(row["text"] == "" for row in rows), "empty input is covered"
