"""MT logic with fakes: sentence splitting, routing, pivot ranking, multi-sentence
alternatives, cache, and the environment without torch."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest

from phrasebook.mt import FakeEngine, Hypothesis, MissingModel, ModelInfo, translate_texts
from phrasebook.mt.service import cached_translate
from phrasebook.mt.splitter import split_sentences
from tests.fakes import FakeUnitOfWork


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Hello. Put down your weapon! Are you hurt?",
            ["Hello.", "Put down your weapon!", "Are you hurt?"],
        ),
        ("안녕하세요. 손을 드세요!", ["안녕하세요.", "손을 드세요!"]),
        ("Стійте! Покладіть зброю.", ["Стійте!", "Покладіть зброю."]),
        ("你好。我是医生。", ["你好。", "我是医生。"]),
        ("J. Smith is here. Go.", ["J. Smith is here.", "Go."]),
        ("Price 3.5 dollars", ["Price 3.5 dollars"]),
        ("Він сказав: «Стій!» Потім пішов.", ["Він сказав: «Стій!»", "Потім пішов."]),
        ("Wait... what?!  Go", ["Wait...", "what?!", "Go"]),
        ("line one\nline two", ["line one", "line two"]),
        ("no terminator", ["no terminator"]),
        ("  ", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


@dataclass
class ScriptedEngine:
    """Answers from a table: (source, target) -> segment -> hypotheses."""

    table: dict[tuple[str, str], dict[str, list[Hypothesis]]]
    name: str = "scripted"
    calls: list[tuple[tuple[str, ...], str, str]] = field(default_factory=list)

    def pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset(self.table)

    def model_info(self, source: str, target: str) -> ModelInfo:
        return ModelInfo(f"m-{source}_{target}", "2")

    def translate_segments(
        self, segments: Sequence[str], source: str, target: str, n: int
    ) -> list[list[Hypothesis]]:
        self.calls.append((tuple(segments), source, target))
        return [self.table[(source, target)][s][:n] for s in segments]


def test_pivot_ranks_by_summed_log_probability_and_dedupes() -> None:
    engine = ScriptedEngine(
        {
            ("ko", "en"): {"x": [Hypothesis("A", -1.0), Hypothesis("B", -2.0)]},
            ("en", "uk"): {
                "A": [Hypothesis("P", -1.0), Hypothesis("Q", -5.0)],
                "B": [Hypothesis("P", -0.5), Hypothesis("R", -1.0)],
            },
        }
    )
    [alternatives] = translate_texts(engine, ["x"], "ko", "uk", 3)

    assert [(a.text, a.score) for a in alternatives] == [("P", -2.0), ("R", -3.0), ("Q", -6.0)]
    assert {(a.model, a.version, a.via) for a in alternatives} == {("m-ko_en+m-en_uk", "2+2", "en")}
    # one call per leg; the second gets every first-leg hypothesis at once
    assert engine.calls == [(("x",), "ko", "en"), (("A", "B"), "en", "uk")]


def test_multi_sentence_text_joins_hypotheses_rank_by_rank() -> None:
    engine = FakeEngine()
    [alternatives] = translate_texts(engine, ["One. Two."], "en", "ko", 2)
    assert [(a.text, a.score) for a in alternatives] == [
        ("[ko] One. #0 [ko] Two. #0", -2.0),
        ("[ko] One. #1 [ko] Two. #1", -4.0),
    ]
    assert engine.calls == [(("One.", "Two."), "en", "ko", 2)]


def test_repeated_sentences_are_translated_once() -> None:
    engine = FakeEngine()
    results = translate_texts(engine, ["Stop.", "Stop. Go.", ""], "en", "ko", 1)
    assert engine.calls == [(("Stop.", "Go."), "en", "ko", 1)]
    assert results[2] == []
    assert results[0][0].text == "[ko] Stop. #0"


def test_missing_pair_message_names_packages_and_commands() -> None:
    with pytest.raises(MissingModel) as caught:
        translate_texts(FakeEngine(), ["x"], "ru", "uk")
    assert str(caught.value) == (
        "no translation model for ru→uk: install translate-ru_en and translate-en_uk "
        "(phrasebook models install translate-ru_en; phrasebook models install translate-en_uk;"
        " or from a file: phrasebook models install FILE.argosmodel)"
    )


def test_cache_answers_the_second_time() -> None:
    engine = FakeEngine()
    uow = FakeUnitOfWork()
    first = cached_translate(uow, engine, ["Hello.", "Water?"], "en", "ko", 2)
    second = cached_translate(uow, engine, ["Water?", "Hello."], "en", "ko", 2)
    assert len(engine.calls) == 1
    assert second == [first[1], first[0]]
    engine.version = "1"  # a new model version is a new cache entry
    cached_translate(uow, engine, ["Hello."], "en", "ko", 2)
    assert len(engine.calls) == 2


@pytest.mark.parametrize("module", ["torch", "stanza", "spacy"])
def test_heavy_ml_packages_are_not_installed(module: str) -> None:
    """argostranslate declares them; pyproject's uv overrides keep them out (gigabytes)."""
    assert importlib.util.find_spec(module) is None
