"""Argos Translate packages: listing, safe installation from ``.argosmodel`` files, removal,
and the online package index.

Packages live where argostranslate's own settings say (``ARGOS_PACKAGES_DIR``, i.e.
``argostranslate.settings.package_data_dir``), so packages installed with ``argospm`` are
found here and vice versa. argostranslate reads its ``ARGOS_*`` variables when it is first
imported, so it is imported lazily, inside the functions that need it.

``argostranslate.package.install_from_path`` extracts archives without any check and then
imports ``argostranslate.translate`` (which needs stanza, absent here): archives are checked
and extracted here instead, into a temporary folder inside the packages folder, then moved
into place with one rename.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import Any

from ..errors import InvalidInput, NotFound, PhrasebookError

TEMP_PREFIX = ".phrasebook-install-"
REQUIRED_FILES = ("metadata.json", "sentencepiece.model", "model/model.bin")
METADATA_MAX_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024


class InvalidPackage(InvalidInput):
    """An ``.argosmodel`` file that is not a well-formed, safe Argos package."""


class IndexUnavailable(PhrasebookError):
    """No package index: offline and none downloaded before."""


@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds for an archive: a real Argos package is 60-300 MB and barely compresses."""

    max_total_bytes: int = 2 * 1024**3
    max_entries: int = 1000
    max_ratio: float = 100.0  # uncompressed/compressed, checked for entries above 1 MiB


@dataclass(frozen=True)
class InstalledModel:
    name: str  # the argospm name, e.g. "translate-en_ko"
    from_code: str
    to_code: str
    version: str
    path: Path
    description: str = ""

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_code, self.to_code)


@dataclass(frozen=True)
class AvailableModel:
    name: str
    from_code: str
    to_code: str
    version: str
    description: str
    handle: Any  # the argostranslate AvailablePackage, to download it


_QUIET = logging.NullHandler()


def package_name(from_code: str, to_code: str) -> str:
    """The argospm name of the package translating ``from_code`` into ``to_code``."""
    return f"translate-{from_code}_{to_code}"


def _argos_package() -> ModuleType:
    import argostranslate.package as argos_package

    # argostranslate logs failed downloads (offline: every index refresh) through a logger
    # without handlers, which Python then prints raw to stderr; phrasebook says it in one
    # line itself. An application that sets up logging still receives them.
    logging.getLogger("argostranslate").addHandler(_QUIET)

    module: ModuleType = argos_package
    return module


def default_packages_dir() -> Path:
    import argostranslate.settings

    return Path(argostranslate.settings.package_data_dir)


def _version_key(version: str) -> tuple[int, ...]:
    parts = []
    for part in version.split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


def _from_argos(package: Any) -> InstalledModel | None:
    if getattr(package, "type", "translate") != "translate":
        return None
    path = Path(package.package_path)
    if not package.from_code or not package.to_code:
        return None
    if not (path / "sentencepiece.model").is_file() or not (path / "model").is_dir():
        return None  # e.g. a BPE package: not supported by this engine
    return InstalledModel(
        name=package_name(package.from_code, package.to_code),
        from_code=package.from_code,
        to_code=package.to_code,
        version=str(package.package_version or ""),
        path=path,
        description=str(package),
    )


def installed_models(packages_dir: Path | None = None) -> list[InstalledModel]:
    """Installed translation packages (CTranslate2 + SentencePiece), sorted by name."""
    argos = _argos_package()
    directory = packages_dir or default_packages_dir()
    if not directory.is_dir():
        return []
    try:
        packages = argos.get_installed_packages(path=[directory])
    except (FileNotFoundError, json.JSONDecodeError):
        # A folder without a readable metadata.json (another tool's half-finished install)
        # makes argostranslate give up on the whole list: skip that folder instead.
        packages = []
        for folder in sorted(directory.iterdir()):
            if folder.is_dir() and not folder.name.startswith("."):
                try:
                    packages.append(argos.Package(folder))
                except (OSError, ValueError):
                    continue
    models = [m for m in (_from_argos(p) for p in packages) if m is not None]
    return sorted(models, key=lambda m: (m.name, _version_key(m.version)))


def models_by_pair(packages_dir: Path | None = None) -> dict[tuple[str, str], InstalledModel]:
    """The newest installed package for each language pair."""
    chosen: dict[tuple[str, str], InstalledModel] = {}
    for model in installed_models(packages_dir):
        current = chosen.get(model.pair)
        if current is None or _version_key(model.version) > _version_key(current.version):
            chosen[model.pair] = model
    return chosen


# --- safe installation -----------------------------------------------------------------------


def _entry_parts(info: zipfile.ZipInfo, where: str) -> tuple[str, ...]:
    name = info.filename
    if "\\" in name or "\x00" in name:
        raise InvalidPackage(where, f"entry {name!r} has a backslash or NUL in its name")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise InvalidPackage(where, f"entry {name!r} is an absolute path")
    parts = tuple(p for p in PurePosixPath(name).parts if p not in ("", "."))
    if ".." in parts:
        raise InvalidPackage(where, f"entry {name!r} points outside the package (..)")
    if not parts:
        raise InvalidPackage(where, f"entry {name!r} has an empty name")
    return parts


def _check_entry_type(info: zipfile.ZipInfo, where: str) -> None:
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise InvalidPackage(where, f"entry {info.filename!r} is a symbolic link")
    kind = stat.S_IFMT(mode)  # 0 when the archiver recorded no Unix file type
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        raise InvalidPackage(where, f"entry {info.filename!r} is not a regular file or folder")
    if info.flag_bits & 0x1:
        raise InvalidPackage(where, f"entry {info.filename!r} is encrypted")


def _checked_members(
    archive: zipfile.ZipFile, where: str, limits: ArchiveLimits
) -> tuple[str, list[tuple[zipfile.ZipInfo, tuple[str, ...]]]]:
    """Every entry, checked; returns the one top folder and the entries with their parts."""
    infos = archive.infolist()
    if not infos:
        raise InvalidPackage(where, "the archive is empty")
    if len(infos) > limits.max_entries:
        raise InvalidPackage(where, f"{len(infos)} entries (at most {limits.max_entries})")
    members = []
    total = 0
    for info in infos:
        parts = _entry_parts(info, where)
        _check_entry_type(info, where)
        total += info.file_size
        if total > limits.max_total_bytes:
            raise InvalidPackage(
                where, f"unpacks to more than {limits.max_total_bytes} bytes (limit)"
            )
        if info.file_size > _CHUNK and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise InvalidPackage(
                where,
                f"entry {info.filename!r} expands {info.file_size // max(info.compress_size, 1)}"
                f" times (at most {limits.max_ratio:g}): a zip bomb?",
            )
        members.append((info, parts))
    tops = {parts[0] for _, parts in members}
    if len(tops) != 1:
        raise InvalidPackage(
            where, f"expected one top folder, found {len(tops)}: {', '.join(sorted(tops)[:5])}"
        )
    top = tops.pop()
    if top.startswith(".") or any(len(parts) == 1 and not info.is_dir() for info, parts in members):
        raise InvalidPackage(where, f"expected one top folder, found the file {top!r}")
    present = {"/".join(parts[1:]) for info, parts in members if not info.is_dir()}
    missing = [name for name in REQUIRED_FILES if name not in present]
    if missing:
        raise InvalidPackage(where, f"not an Argos package: missing {', '.join(missing)}")
    return top, members


def _read_metadata(archive: zipfile.ZipFile, top: str, where: str) -> dict[str, Any]:
    info = archive.getinfo(f"{top}/metadata.json")
    if info.file_size > METADATA_MAX_BYTES:
        raise InvalidPackage(where, "metadata.json is too large")
    try:
        metadata = json.loads(archive.read(info).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidPackage(where, f"metadata.json is not valid JSON: {exc}") from None
    if not isinstance(metadata, dict):
        raise InvalidPackage(where, "metadata.json is not a JSON object")
    if metadata.get("type", "translate") != "translate":
        raise InvalidPackage(where, f"a {metadata.get('type')!r} package, not a translation")
    for key in ("from_code", "to_code"):
        value = metadata.get(key)
        if not isinstance(value, str) or not value.isascii() or not value.isalpha():
            raise InvalidPackage(where, f"metadata.json: {key} is missing or not a language code")
    return metadata


def _extract(
    archive: zipfile.ZipFile,
    members: list[tuple[zipfile.ZipInfo, tuple[str, ...]]],
    destination: Path,
    where: str,
) -> None:
    for info, parts in members:
        target = destination.joinpath(*parts)
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        written = 0
        with archive.open(info) as source, open(target, "xb") as sink:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                # The sizes in the zip's headers are only claims: count what really comes out.
                if written > info.file_size:
                    raise InvalidPackage(where, f"entry {info.filename!r} is larger than declared")
                sink.write(chunk)


def install_archive(
    archive_path: Path,
    packages_dir: Path | None = None,
    limits: ArchiveLimits | None = None,
) -> InstalledModel:
    """Check and install an ``.argosmodel`` file; all or nothing.

    Any older package for the same language pair is replaced.
    """
    where = str(archive_path)
    limits = limits or ArchiveLimits()
    directory = packages_dir or default_packages_dir()
    if not archive_path.is_file():
        raise InvalidPackage(where, "no such file")
    if not zipfile.is_zipfile(archive_path):
        raise InvalidPackage(where, "not a zip archive (an .argosmodel file is a zip)")
    directory.mkdir(parents=True, exist_ok=True)
    staging = directory / f"{TEMP_PREFIX}{uuid.uuid4().hex}"
    argos = _argos_package()
    try:
        with zipfile.ZipFile(archive_path) as archive:
            top, members = _checked_members(archive, where, limits)
            metadata = _read_metadata(archive, top, where)
            staging.mkdir()
            _extract(archive, members, staging, where)
        from_code, to_code = metadata["from_code"], metadata["to_code"]
        target = directory / top
        for model in installed_models(directory):
            if model.path == target and model.pair != (from_code, to_code):
                raise InvalidPackage(
                    where,
                    f"its folder {top!r} would replace the installed {model.name} package",
                )
        with argos.package_lock:
            if target.exists():
                os.replace(target, staging / ".previous")
            os.replace(staging / top, target)
        replaced = [
            model.path
            for model in installed_models(directory)
            if model.pair == (from_code, to_code) and model.path != target
        ]
        for old in replaced:
            _remove_folder(old, directory)
        for model in installed_models(directory):
            if model.path == target:
                return model
        raise InvalidPackage(where, "installed, but argostranslate cannot read it back")
    except zipfile.BadZipFile as exc:
        raise InvalidPackage(where, f"damaged zip archive: {exc}") from None
    except (zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise InvalidPackage(where, f"cannot unpack: {exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_folder(path: Path, directory: Path) -> None:
    """Move the folder aside with one rename, then delete it: never half a package in place."""
    doomed = directory / f"{TEMP_PREFIX}{uuid.uuid4().hex}"
    os.replace(path, doomed)
    shutil.rmtree(doomed, ignore_errors=True)


def remove_model(name: str, packages_dir: Path | None = None) -> list[InstalledModel]:
    """Remove every installed package called ``name`` (``translate-en_ko``)."""
    directory = packages_dir or default_packages_dir()
    doomed = [m for m in installed_models(directory) if m.name == name]
    if not doomed:
        installed = ", ".join(sorted({m.name for m in installed_models(directory)})) or "none"
        raise NotFound(f"no installed package {name!r} (installed: {installed})")
    with _argos_package().package_lock:
        for model in doomed:
            _remove_folder(model.path, directory)
    return doomed


# --- the online index ------------------------------------------------------------------------


def available_models(refresh: bool = True) -> list[AvailableModel]:
    """Translation packages in the Argos index; refreshes the index first when asked (online).

    Raises IndexUnavailable when there is no index (offline and none downloaded before):
    argostranslate would then try to download it again and again until RecursionError.
    """
    argos = _argos_package()
    import argostranslate.settings as argos_settings

    if refresh:
        argos.update_package_index()  # logs and returns when offline
    index = Path(argos_settings.local_package_index)
    if not index.is_file():
        raise IndexUnavailable(
            "no Argos package index (offline, and none downloaded before): "
            "install from a file with `phrasebook models install FILE.argosmodel`"
        )
    try:
        packages = argos.get_available_packages()
    except (RecursionError, OSError, ValueError) as exc:
        raise IndexUnavailable(f"cannot read the Argos package index {index}: {exc}") from None
    models = [
        AvailableModel(
            name=package_name(p.from_code, p.to_code),
            from_code=p.from_code,
            to_code=p.to_code,
            version=str(p.package_version or ""),
            description=f"{p.from_name} → {p.to_name}",
            handle=p,
        )
        for p in packages
        if getattr(p, "type", "translate") == "translate" and p.from_code and p.to_code
    ]
    return sorted(models, key=lambda m: m.name)


def install_from_index(
    name: str, packages_dir: Path | None = None, refresh: bool = True
) -> InstalledModel:
    """Download the package ``name`` from the Argos index and install it safely."""
    matches = [m for m in available_models(refresh=refresh) if m.name == name]
    if not matches:
        raise NotFound(f"no package {name!r} in the Argos index (see `phrasebook models list`)")
    newest = max(matches, key=lambda m: _version_key(m.version))
    try:
        download = Path(newest.handle.download())
    except Exception as exc:  # argostranslate raises bare Exception when a download fails
        raise PhrasebookError(f"{name}: download failed: {exc}") from None
    try:
        return install_archive(download, packages_dir)
    finally:
        download.unlink(missing_ok=True)
