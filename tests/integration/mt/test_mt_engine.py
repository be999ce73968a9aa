"""The CTranslate2 engine on genuine (tiny, random-weight) Argos packages: alternatives,
direct and pivot routes, batching, lazy loading, threads, missing pairs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from phrasebook.mt import ArgosEngine, MissingModel, translate_texts

TEXTS = ["Hello. Where is the water?", "Raise your hands", "Put down your weapon!"]


def test_models_load_lazily_once(argos_engine: ArgosEngine) -> None:
    assert argos_engine.pairs() == {("en", "ko"), ("ko", "en"), ("en", "uk"), ("uk", "en")}
    assert argos_engine._loaded == {}  # listing pairs loads nothing
    translate_texts(argos_engine, TEXTS, "en", "ko", 2)
    translate_texts(argos_engine, TEXTS[:1], "en", "ko", 2)
    assert [p.name for p in argos_engine._loaded] == ["translate-en_ko-1_0"]


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_direct_route_gives_up_to_n_distinct_alternatives_in_one_batch(
    argos_engine: ArgosEngine, n: int
) -> None:
    results = translate_texts(argos_engine, TEXTS, "en", "ko", n)

    assert len(results) == len(TEXTS)
    for alternatives in results:
        assert 1 <= len(alternatives) <= n
        assert len({a.text for a in alternatives}) == len(alternatives)
        assert all(a.text.strip() for a in alternatives)
        assert [a.score for a in alternatives] == sorted(
            (a.score for a in alternatives), reverse=True
        )
        for a in alternatives:
            assert (a.engine, a.model, a.version, a.via) == (
                "argos",
                "translate-en_ko",
                "1.0",
                None,
            )
            assert a.provenance() == {
                "kind": "mt",
                "engine": "argos",
                "model": "translate-en_ko",
                "version": "1.0",
            }
    # four sentences (the first text has two) went to CTranslate2 in a single call
    assert (argos_engine.batch_calls, argos_engine.segments_translated) == (1, 4)


def test_pivot_through_english_uses_one_batch_per_leg(argos_engine: ArgosEngine) -> None:
    results = translate_texts(
        argos_engine, ["안녕하세요", "손을 드세요. 천천히 오세요."], "ko", "uk", 3
    )

    # leg one: 3 sentences; leg two: every first-leg hypothesis (up to 3 each) in one call
    assert argos_engine.batch_calls == 2
    assert 3 < argos_engine.segments_translated <= 3 + 3 * 3
    for alternatives in results:
        assert 1 <= len(alternatives) <= 3
        assert len({a.text for a in alternatives}) == len(alternatives)
        for a in alternatives:
            assert a.via == "en"
            assert a.model == "translate-ko_en+translate-en_uk" and a.version == "1.0+1.0"
            assert a.provenance()["via"] == "en"


def test_ukrainian_to_korean_pivots_and_korean_to_english_is_direct(
    argos_engine: ArgosEngine,
) -> None:
    assert translate_texts(argos_engine, ["Привіт"], "uk", "ko", 2)[0][0].via == "en"
    assert translate_texts(argos_engine, ["안녕하세요"], "ko", "en", 2)[0][0].via is None
    # region subtags route on the base language
    assert translate_texts(argos_engine, ["안녕하세요"], "ko-KP", "en", 1)[0][0].model == (
        "translate-ko_en"
    )


@pytest.mark.parametrize(
    ("source", "target", "needed"),
    [
        ("en", "ru", ["translate-en_ru"]),
        ("ko", "ru", ["translate-en_ru"]),
        ("ru", "uk", ["translate-ru_en"]),
        ("ru", "ko", ["translate-ru_en"]),
    ],
)
def test_missing_pair_names_packages_and_command(
    argos_engine: ArgosEngine, source: str, target: str, needed: list[str]
) -> None:
    with pytest.raises(MissingModel) as caught:
        translate_texts(argos_engine, ["x"], source, target)
    message = str(caught.value)
    assert caught.value.needed == needed
    assert f"no translation model for {source}→{target}" in message
    assert f"phrasebook models install {needed[0]}" in message and "\n" not in message
    assert argos_engine.batch_calls == 0


def test_missing_pair_with_nothing_installed(tmp_path: Path) -> None:
    engine = ArgosEngine(tmp_path / "empty")
    with pytest.raises(MissingModel) as caught:
        translate_texts(engine, ["x"], "ko", "uk")
    assert caught.value.needed == ["translate-ko_en", "translate-en_uk"]


def test_concurrent_requests_share_one_model(argos_engine: ArgosEngine) -> None:
    expected = translate_texts(argos_engine, TEXTS, "en", "uk", 2)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda _: translate_texts(argos_engine, TEXTS, "en", "uk", 2), range(8))
        )
    assert all(result == expected for result in results)
    assert len(argos_engine._loaded) == 1


def test_configuration_chooses_engine_and_threads(tmp_path: Path) -> None:
    from phrasebook.config import ConfigError, Settings
    from phrasebook.mt import FakeEngine, engine_from_settings

    def settings(**env: str) -> Settings:
        return Settings(data_dir=tmp_path, env=env)

    configured = {
        "PHRASEBOOK_MT_THREADS": "2",
        "PHRASEBOOK_MT_WORKERS": "3",
        "PHRASEBOOK_MT_MAX_LENGTH": "40",
    }
    engine = engine_from_settings(settings(**configured))
    assert isinstance(engine, ArgosEngine)
    assert (engine.threads, engine.workers, engine.max_decoding_length) == (2, 3, 40)
    assert engine is engine_from_settings(settings(**configured))  # one engine per process
    assert isinstance(engine_from_settings(settings(PHRASEBOOK_MT_ENGINE="fake")), FakeEngine)
    with pytest.raises(ConfigError, match="^PHRASEBOOK_MT_THREADS: expected a whole number"):
        settings(PHRASEBOOK_MT_THREADS="two")
    with pytest.raises(ConfigError, match="^PHRASEBOOK_MT_ENGINE: 'google' is not one of: argos"):
        settings(PHRASEBOOK_MT_ENGINE="google")
