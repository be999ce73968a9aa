"""Genuine tiny Argos packages (built here, nothing downloaded), installed through
phrasebook's own installer into a temporary packages folder that argostranslate also uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from phrasebook.mt import ArgosEngine
from phrasebook.mt.packages import install_archive
from tests.support.argos_build import TRAINING_LINES, build_argosmodel, train_sentencepiece
from tests.support.phrasebook_data import import_phrases

PAIRS = (("en", "ko"), ("ko", "en"), ("en", "uk"), ("uk", "en"))


@pytest.fixture(scope="session")
def argos_archives(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """One ``.argosmodel`` per pair: a SentencePiece model trained on a few lines of all four
    languages and a 1-layer CTranslate2 transformer with random weights."""
    workdir = tmp_path_factory.mktemp("argos-build")
    sp_model = train_sentencepiece(TRAINING_LINES, vocab_size=100)
    return {
        pair: build_argosmodel(workdir, *pair, sp_model=sp_model, seed=index)
        for index, pair in enumerate(PAIRS)
    }


@pytest.fixture(scope="session")
def argos_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """argostranslate's settings pointed at a temporary packages folder and a package index
    that does not exist (a file: URL, so nothing reaches for the network)."""
    import argostranslate.settings as argos_settings

    root = tmp_path_factory.mktemp("argos")
    packages = root / "packages"
    packages.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(argos_settings, "package_data_dir", packages)
        patch.setattr(argos_settings, "package_dirs", [packages])
        patch.setattr(argos_settings, "local_package_index", root / "index.json")
        patch.setattr(argos_settings, "remote_package_index", (root / "no-index.json").as_uri())
        patch.setattr(argos_settings, "downloads_dir", root / "downloads")
        (root / "downloads").mkdir()
        yield packages


@pytest.fixture(scope="session")
def installed_packages(argos_settings: Path, argos_archives: dict[tuple[str, str], Path]) -> Path:
    for archive in argos_archives.values():
        install_archive(archive)
    return argos_settings


@pytest.fixture
def argos_engine(installed_packages: Path) -> ArgosEngine:
    """A fresh engine (its own counters and loaded models) on the installed packages."""
    return ArgosEngine(installed_packages, max_decoding_length=12)


@pytest.fixture
def make_phrasebook() -> Callable[..., None]:
    """``make_phrasebook(store, phrases={uid: {lang: text}}, sets={slug: [uids]},
    reviewed={uid: [langs]})`` imports them as a phrasebook/1 document."""
    return import_phrases
