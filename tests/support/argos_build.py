"""Builds genuine Argos Translate packages without downloading anything.

A SentencePiece model trained on a few lines, a CTranslate2 transformer whose weights are
random numpy arrays (it translates into gibberish, but through the real code paths), a
``metadata.json``, zipped as ``.argosmodel`` with one top folder. Used by the MT tests (tiny
models) and by ``bench/mt.py`` (a model of realistic size).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import sentencepiece as spm

# A few lines in each language: enough for SentencePiece to learn pieces of every script.
TRAINING_LINES = (
    "Hello. Put down your weapon. Raise your hands. You will be safe.",
    "Where is the water? We have food and a doctor. Come here slowly.",
    "안녕하세요. 무기를 내려놓으세요. 손을 드세요. 안전합니다.",
    "물은 어디에 있어요? 음식과 의사가 있습니다. 천천히 오세요.",
    "Привіт. Покладіть зброю. Підніміть руки. Ви будете в безпеці.",
    "Де вода? У нас є їжа і лікар. Підходьте повільно.",
    "Здравствуйте. Положите оружие. Поднимите руки. Вы в безопасности.",
)


@dataclass(frozen=True)
class ModelShape:
    layers: int = 1
    d_model: int = 16
    heads: int = 2
    ffn: int = 32
    vocab_size: int = 0  # 0: exactly the SentencePiece pieces; more: padded with filler tokens


TINY = ModelShape()
REALISTIC = ModelShape(layers=6, d_model=512, heads=8, ffn=2048, vocab_size=32000)


def train_sentencepiece(lines: Iterable[str], vocab_size: int = 100) -> bytes:
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(lines)),
        model_writer=model,
        vocab_size=vocab_size,
        character_coverage=1.0,
        hard_vocab_limit=False,
        model_type="unigram",
        minloglevel=2,
    )
    return model.getvalue()


def _pieces(sp_model: bytes) -> list[str]:
    processor = spm.SentencePieceProcessor(model_proto=sp_model)
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _vocabulary(sp_model: bytes, size: int) -> list[str]:
    """CTranslate2's vocabulary: the special tokens first, then the SentencePiece pieces."""
    words = ["<unk>", "<s>", "</s>"]
    words += [p for p in _pieces(sp_model) if p not in words]
    words += [f"filler{i}" for i in range(max(0, size - len(words)))]
    return words


def _random(rng: np.random.Generator, *shape: int) -> np.ndarray:
    return (rng.standard_normal(shape) * 0.1).astype(np.float32)


def _layer_norm(spec: object, d: int) -> None:
    spec.gamma = np.ones(d, dtype=np.float32)  # type: ignore[attr-defined]
    spec.beta = np.zeros(d, dtype=np.float32)  # type: ignore[attr-defined]


def _linear(rng: np.random.Generator, spec: object, out_dim: int, in_dim: int) -> None:
    spec.weight = _random(rng, out_dim, in_dim)  # type: ignore[attr-defined]
    spec.bias = np.zeros(out_dim, dtype=np.float32)  # type: ignore[attr-defined]


def build_ctranslate2_model(
    directory: Path,
    vocabulary: list[str],
    shape: ModelShape,
    seed: int = 0,
    quantization: str | None = None,
) -> None:
    """A transformer with random weights, saved as a CTranslate2 model folder."""
    from ctranslate2.specs import transformer_spec  # imported here: heavy, tests only

    rng = np.random.default_rng(seed)
    d, ffn, vocab = shape.d_model, shape.ffn, len(vocabulary)
    spec = transformer_spec.TransformerSpec.from_config(shape.layers, shape.heads)
    spec.encoder.embeddings[0].weight = _random(rng, vocab, d)
    spec.decoder.embeddings.weight = _random(rng, vocab, d)
    _layer_norm(spec.encoder.layer_norm, d)
    _layer_norm(spec.decoder.layer_norm, d)
    _linear(rng, spec.decoder.projection, vocab, d)
    for layer in spec.encoder.layer:
        _layer_norm(layer.self_attention.layer_norm, d)
        _linear(rng, layer.self_attention.linear[0], 3 * d, d)  # fused query, key, value
        _linear(rng, layer.self_attention.linear[1], d, d)
        _layer_norm(layer.ffn.layer_norm, d)
        _linear(rng, layer.ffn.linear_0, ffn, d)
        _linear(rng, layer.ffn.linear_1, d, ffn)
    for layer in spec.decoder.layer:
        _layer_norm(layer.self_attention.layer_norm, d)
        _linear(rng, layer.self_attention.linear[0], 3 * d, d)
        _linear(rng, layer.self_attention.linear[1], d, d)
        _layer_norm(layer.attention.layer_norm, d)
        _linear(rng, layer.attention.linear[0], d, d)
        _linear(rng, layer.attention.linear[1], 2 * d, d)  # fused key, value
        _linear(rng, layer.attention.linear[2], d, d)
        _layer_norm(layer.ffn.layer_norm, d)
        _linear(rng, layer.ffn.linear_0, ffn, d)
        _linear(rng, layer.ffn.linear_1, d, ffn)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    if quantization:
        spec.optimize(quantization=quantization)  # e.g. int8, as Argos packages ship
    directory.mkdir(parents=True, exist_ok=True)
    spec.save(str(directory))


LANGUAGE_NAMES = {"en": "English", "ko": "Korean", "uk": "Ukrainian", "ru": "Russian"}


def build_package_folder(
    folder: Path,
    from_code: str,
    to_code: str,
    *,
    shape: ModelShape = TINY,
    package_version: str = "1.0",
    sp_model: bytes | None = None,
    seed: int = 0,
    quantization: str | None = None,
) -> Path:
    """An unpacked Argos package: metadata.json, model/, sentencepiece.model."""
    folder.mkdir(parents=True)
    sp_model = sp_model or train_sentencepiece(TRAINING_LINES)
    (folder / "sentencepiece.model").write_bytes(sp_model)
    vocabulary = _vocabulary(sp_model, shape.vocab_size)
    build_ctranslate2_model(
        folder / "model", vocabulary, shape, seed=seed, quantization=quantization
    )
    metadata = {
        "package_version": package_version,
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES.get(from_code, from_code),
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES.get(to_code, to_code),
        "type": "translate",
        "code": f"translate-{from_code}_{to_code}",
        "name": f"{LANGUAGE_NAMES.get(from_code, from_code)} - "
        f"{LANGUAGE_NAMES.get(to_code, to_code)} (test model, random weights)",
    }
    (folder / "metadata.json").write_text(json.dumps(metadata, indent=2), "utf-8")
    return folder


def zip_package(folder: Path, archive: Path) -> Path:
    """Zip an unpacked package as ``.argosmodel`` with its folder as the one top folder."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(folder.rglob("*")):
            bundle.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return archive


def build_argosmodel(
    workdir: Path, from_code: str, to_code: str, package_version: str = "1.0", **options: Any
) -> Path:
    """``build_package_folder`` (same options), zipped as ``<name>.argosmodel`` in workdir."""
    name = f"translate-{from_code}_{to_code}-{package_version.replace('.', '_')}"
    folder = build_package_folder(
        workdir / name, from_code, to_code, package_version=package_version, **options
    )
    return zip_package(folder, workdir / f"{name}.argosmodel")
