"""Installing, listing and removing Argos packages; hostile archives are refused whole."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from phrasebook.errors import NotFound
from phrasebook.mt.packages import (
    ArchiveLimits,
    IndexUnavailable,
    InvalidPackage,
    available_models,
    install_archive,
    installed_models,
    remove_model,
)


def _rezip(
    source: Path,
    target: Path,
    *,
    drop: tuple[str, ...] = (),
    add: dict[str, bytes] | None = None,
    symlink: tuple[str, str] | None = None,
    rename_top: str | None = None,
) -> Path:
    """A copy of a genuine package with entries dropped (by suffix), added, a symlink, or its
    top folder renamed."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for info in original.infolist():
            if not any(info.filename.endswith(suffix) for suffix in drop):
                data = original.read(info)
                if rename_top:
                    info.filename = rename_top + "/" + info.filename.split("/", 1)[1]
                copy.writestr(info, data)
        for name, data in (add or {}).items():
            copy.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
        if symlink:
            link = zipfile.ZipInfo(symlink[0])
            link.external_attr = (stat.S_IFLNK | 0o777) << 16
            copy.writestr(link, symlink[1])
    return target


def _top(archive: Path) -> str:
    with zipfile.ZipFile(archive) as bundle:
        return bundle.namelist()[0].split("/")[0]


def _everything(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))


def test_installed_packages_are_listed_for_argostranslate_too(installed_packages: Path) -> None:
    import argostranslate.package

    models = installed_models()
    assert {m.name for m in models} == {
        "translate-en_ko",
        "translate-ko_en",
        "translate-en_uk",
        "translate-uk_en",
    }
    assert all(m.version == "1.0" and m.path.parent == installed_packages for m in models)
    # argospm and argostranslate see the same packages in the same folder
    theirs = argostranslate.package.get_installed_packages()
    assert {(p.from_code, p.to_code) for p in theirs} == {m.pair for m in models}
    assert not [p for p in installed_packages.iterdir() if p.name.startswith(".")]


def test_install_replaces_older_version_and_remove(
    tmp_path: Path, argos_archives: dict[tuple[str, str], Path]
) -> None:
    from tests.support.argos_build import TRAINING_LINES, build_argosmodel, train_sentencepiece

    packages = tmp_path / "packages"
    first = install_archive(argos_archives[("en", "ko")], packages)
    assert (first.name, first.version) == ("translate-en_ko", "1.0")
    newer = build_argosmodel(
        tmp_path, "en", "ko", package_version="1.1", sp_model=train_sentencepiece(TRAINING_LINES)
    )
    second = install_archive(newer, packages)
    assert second.version == "1.1"
    assert [(m.name, m.version) for m in installed_models(packages)] == [("translate-en_ko", "1.1")]
    assert [p.name for p in packages.iterdir()] == [second.path.name]

    removed = remove_model("translate-en_ko", packages)
    assert [m.version for m in removed] == ["1.1"]
    assert list(packages.iterdir()) == []
    with pytest.raises(NotFound, match="no installed package 'translate-en_ko'"):
        remove_model("translate-en_ko", packages)


HOSTILE = {
    "zip slip": (lambda a, t: _rezip(a, t, add={f"{_top(a)}/../evil.txt": b"x"}), "outside"),
    "parent at top": (lambda a, t: _rezip(a, t, add={"../evil.txt": b"x"}), "outside"),
    "absolute path": (lambda a, t: _rezip(a, t, add={"/tmp/evil.txt": b"x"}), "absolute"),
    "symlink": (
        lambda a, t: _rezip(a, t, symlink=(f"{_top(a)}/model/link", "/etc/passwd")),
        "symbolic link",
    ),
    "zip bomb": (
        lambda a, t: _rezip(a, t, add={f"{_top(a)}/padding.bin": bytes(8 * 1024 * 1024)}),
        "zip bomb",
    ),
    "missing metadata": (lambda a, t: _rezip(a, t, drop=("metadata.json",)), "metadata.json"),
    "missing model": (lambda a, t: _rezip(a, t, drop=("model.bin",)), "model/model.bin"),
    "missing sentencepiece": (
        lambda a, t: _rezip(a, t, drop=("sentencepiece.model",)),
        "sentencepiece.model",
    ),
    "two top folders": (lambda a, t: _rezip(a, t, add={"other/readme.txt": b"x"}), "one top"),
    "file at top": (lambda a, t: _rezip(a, t, add={"readme.txt": b"x"}), "one top"),
    "broken metadata": (
        lambda a, t: _rezip(
            _rezip(a, t.with_suffix(".tmp"), drop=("metadata.json",)),
            t,
            add={f"{_top(a)}/metadata.json": b"{not json"},
        ),
        "not valid JSON",
    ),
    "not a zip": (lambda a, t: (t.write_bytes(b"PK\x03\x04 not really a zip" * 10), t)[1], "zip"),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_hostile_archives_are_refused_leaving_nothing(
    kind: str, tmp_path: Path, argos_archives: dict[tuple[str, str], Path]
) -> None:
    packages = tmp_path / "packages"
    install_archive(argos_archives[("ko", "en")], packages)
    before = _everything(packages)
    make, expected = HOSTILE[kind]
    hostile = make(argos_archives[("en", "ko")], tmp_path / "hostile.argosmodel")

    with pytest.raises(InvalidPackage) as caught:
        install_archive(hostile, packages)

    message = str(caught.value)
    assert expected in message and "\n" not in message
    assert message.startswith(str(hostile))
    assert _everything(packages) == before  # no half-installed package, no staging folder
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()
    assert [m.name for m in installed_models(packages)] == ["translate-ko_en"]


def test_a_package_may_not_take_over_another_pairs_folder(
    tmp_path: Path, argos_archives: dict[tuple[str, str], Path]
) -> None:
    packages = tmp_path / "packages"
    install_archive(argos_archives[("en", "ko")], packages)
    impostor = _rezip(
        argos_archives[("ko", "en")],
        tmp_path / "impostor.argosmodel",
        rename_top=_top(argos_archives[("en", "ko")]),
    )
    before = _everything(packages)
    with pytest.raises(InvalidPackage, match="would replace the installed translate-en_ko"):
        install_archive(impostor, packages)
    assert _everything(packages) == before


def test_size_limit_refuses_a_genuine_package_too_big_for_the_limit(
    tmp_path: Path, argos_archives: dict[tuple[str, str], Path]
) -> None:
    packages = tmp_path / "packages"
    with pytest.raises(InvalidPackage, match="unpacks to more than 1000 bytes"):
        install_archive(argos_archives[("en", "ko")], packages, ArchiveLimits(max_total_bytes=1000))
    assert _everything(packages) == []


def test_offline_without_index_says_so_instead_of_recursing(argos_settings: Path) -> None:
    with pytest.raises(IndexUnavailable, match="no Argos package index"):
        available_models(refresh=True)


def test_available_packages_from_a_local_index(argos_settings: Path) -> None:
    import json

    import argostranslate.settings as argos_settings_module

    index = Path(argos_settings_module.local_package_index)
    entry = {
        "type": "translate",
        "from_code": "en",
        "to_code": "ru",
        "from_name": "English",
        "to_name": "Russian",
        "package_version": "1.9",
        "argos_version": "1.9.0",
        "links": ["https://example.invalid/translate-en_ru-1_9.argosmodel"],
    }
    index.write_text(json.dumps([entry]))
    try:
        models = available_models(refresh=False)
    finally:
        index.unlink()
    assert [(m.name, m.version, m.description) for m in models] == [
        ("translate-en_ru", "1.9", "English → Russian")
    ]
