"""Machine-translation engines: the Protocol, the CTranslate2 engine running installed Argos
packages, and a fake for unit tests.

An engine translates *segments* (single sentences) for the language pairs it has models for;
routing through English, sentence splitting and combining alternatives live in
``phrasebook.mt.translate``, the same for every engine.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..config import Settings
from .packages import InstalledModel, models_by_pair

DEFAULT_BEAM_SIZE = 4
DEFAULT_MAX_DECODING_LENGTH = 128
# Small batches keep every worker busy to the end of a call (measured: bench/mt.py).
DEFAULT_MAX_BATCH_SIZE = 16


@dataclass(frozen=True)
class Hypothesis:
    text: str
    score: float  # log-probability as reported by the model (higher is better)


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str


class MTEngine(Protocol):
    """Translates batches of single sentences between directly supported pairs."""

    name: str

    def pairs(self) -> frozenset[tuple[str, str]]:
        """Language pairs (base language codes) with a model installed."""
        ...

    def model_info(self, source: str, target: str) -> ModelInfo: ...

    def translate_segments(
        self, segments: Sequence[str], source: str, target: str, n: int
    ) -> list[list[Hypothesis]]:
        """Up to ``n`` distinct hypotheses per segment, best first, in one batched call."""
        ...


def distinct_best(hypotheses: list[Hypothesis], n: int) -> list[Hypothesis]:
    """The first ``n`` hypotheses with distinct, non-empty text (input ordered best first)."""
    seen: set[str] = set()
    kept = []
    for hypothesis in hypotheses:
        key = hypothesis.text.strip()
        if key and key not in seen:
            seen.add(key)
            kept.append(hypothesis)
    return kept[:n]


@dataclass
class _LoadedModel:
    translator: Any  # ctranslate2.Translator
    tokenizer: Any  # sentencepiece.SentencePieceProcessor
    target_prefix: str


class ArgosEngine:
    """CTranslate2 + SentencePiece straight from installed Argos packages.

    Models load on first use, once per process (one lock per model guards loading), and are
    shared by every request and thread: CTranslate2's translator is thread-safe and queues
    concurrent calls onto its ``workers``. ``threads`` is the number of CPU threads one batch
    uses; ``workers`` how many batches run in parallel (a call with more than
    ``max_batch_size`` sentences is split into batches that run side by side). On few cores,
    one thread per batch and one worker per core translates the most phrases per second.
    """

    name = "argos"

    def __init__(
        self,
        packages_dir: Path | None = None,
        *,
        threads: int = 1,
        workers: int = 1,
        beam_size: int = DEFAULT_BEAM_SIZE,
        max_decoding_length: int = DEFAULT_MAX_DECODING_LENGTH,
        max_batch_size: int = DEFAULT_MAX_BATCH_SIZE,
        compute_type: str = "auto",
    ) -> None:
        self.packages_dir = packages_dir
        self.threads = threads
        self.workers = workers
        self.beam_size = beam_size
        self.max_decoding_length = max_decoding_length
        self.max_batch_size = max_batch_size
        self.compute_type = compute_type
        self._registry_lock = threading.Lock()
        self._model_locks: dict[Path, threading.Lock] = {}
        self._loaded: dict[Path, _LoadedModel] = {}
        # Counters for tests and the benchmark: how much work really reached CTranslate2.
        self.batch_calls = 0
        self.segments_translated = 0
        self._counter_lock = threading.Lock()

    def _installed(self) -> dict[tuple[str, str], InstalledModel]:
        return models_by_pair(self.packages_dir)

    def pairs(self) -> frozenset[tuple[str, str]]:
        return frozenset(self._installed())

    def _model_for(self, source: str, target: str) -> InstalledModel:
        model = self._installed().get((source, target))
        if model is None:
            raise KeyError(f"no installed package for {source}→{target}")
        return model

    def model_info(self, source: str, target: str) -> ModelInfo:
        model = self._model_for(source, target)
        return ModelInfo(name=model.name, version=model.version)

    def _lock_for(self, path: Path) -> threading.Lock:
        with self._registry_lock:
            return self._model_locks.setdefault(path, threading.Lock())

    def _load(self, model: InstalledModel) -> _LoadedModel:
        loaded = self._loaded.get(model.path)
        if loaded is not None:
            return loaded
        with self._lock_for(model.path):
            loaded = self._loaded.get(model.path)
            if loaded is not None:  # another thread loaded it while this one waited
                return loaded
            import ctranslate2
            import sentencepiece

            translator = ctranslate2.Translator(
                str(model.path / "model"),
                device="cpu",
                compute_type=self.compute_type,
                inter_threads=self.workers,
                intra_threads=self.threads,
            )
            tokenizer = sentencepiece.SentencePieceProcessor(
                model_file=str(model.path / "sentencepiece.model")
            )
            prefix = _target_prefix(model.path)
            loaded = _LoadedModel(translator, tokenizer, prefix)
            self._loaded[model.path] = loaded
        return loaded

    def translate_segments(
        self, segments: Sequence[str], source: str, target: str, n: int
    ) -> list[list[Hypothesis]]:
        if not segments:
            return []
        model = self._model_for(source, target)
        loaded = self._load(model)
        tokens = [loaded.tokenizer.encode(segment, out_type=str) for segment in segments]
        options: dict[str, Any] = {}
        if loaded.target_prefix:
            options["target_prefix"] = [[loaded.target_prefix]] * len(tokens)
        results = loaded.translator.translate_batch(
            tokens,
            beam_size=max(self.beam_size, n),
            # spare hypotheses make up for duplicates dropped below; one needs none
            num_hypotheses=1 if n == 1 else max(self.beam_size, n),
            max_decoding_length=self.max_decoding_length,
            max_batch_size=self.max_batch_size,
            return_scores=True,
            **options,
        )
        with self._counter_lock:
            self.batch_calls += 1
            self.segments_translated += len(segments)
        output = []
        for result in results:
            hypotheses = []
            for pieces, score in zip(result.hypotheses, result.scores, strict=True):
                if loaded.target_prefix and pieces and pieces[0] == loaded.target_prefix:
                    pieces = pieces[1:]
                text = loaded.tokenizer.decode_pieces(pieces)
                hypotheses.append(Hypothesis(text.strip(), float(score)))
            output.append(distinct_best(hypotheses, n))
        return output


def _target_prefix(package_path: Path) -> str:
    import json

    try:
        metadata = json.loads((package_path / "metadata.json").read_text("utf-8"))
    except (OSError, ValueError):
        return ""
    prefix = metadata.get("target_prefix", "") if isinstance(metadata, dict) else ""
    return prefix if isinstance(prefix, str) else ""


@dataclass
class FakeEngine:
    """Deterministic stand-in: ``"[ko] hello #2"``; records every call."""

    supported: frozenset[tuple[str, str]] = frozenset({("en", "ko"), ("ko", "en")})
    name: str = "fake"
    version: str = "0"
    calls: list[tuple[tuple[str, ...], str, str, int]] = field(default_factory=list)
    # seconds each batch takes, as a slow model's would (PHRASEBOOK_MT_FAKE_DELAY): lets the
    # multi-process tests stop a worker in the middle of a fill
    delay: float = 0.0

    def pairs(self) -> frozenset[tuple[str, str]]:
        return self.supported

    def model_info(self, source: str, target: str) -> ModelInfo:
        if (source, target) not in self.supported:
            raise KeyError(f"no fake model for {source}→{target}")
        return ModelInfo(name=f"fake-{source}_{target}", version=self.version)

    def translate_segments(
        self, segments: Sequence[str], source: str, target: str, n: int
    ) -> list[list[Hypothesis]]:
        self.model_info(source, target)
        self.calls.append((tuple(segments), source, target, n))
        if self.delay:
            time.sleep(self.delay)
        return [
            [Hypothesis(f"[{target}] {segment} #{rank}", -1.0 - rank) for rank in range(n)]
            for segment in segments
        ]


_ENGINES: dict[tuple[Any, ...], MTEngine] = {}
_ENGINES_LOCK = threading.Lock()


def engine_from_settings(settings: Settings) -> MTEngine:
    """The process-wide engine chosen by ``PHRASEBOOK_MT_ENGINE`` (``argos`` or ``fake``).

    ``PHRASEBOOK_MT_THREADS`` (CPU threads per batch), ``PHRASEBOOK_MT_WORKERS`` (batches in
    parallel, default: one per CPU core), ``PHRASEBOOK_MT_BEAM_SIZE`` and
    ``PHRASEBOOK_MT_MAX_LENGTH`` tune the argos engine (phrasebook.config.SETTINGS).
    """
    kind: str = settings.value("PHRASEBOOK_MT_ENGINE")
    threads: int = settings.value("PHRASEBOOK_MT_THREADS")
    workers: int = settings.value("PHRASEBOOK_MT_WORKERS") or os.cpu_count() or 1
    beam_size: int = settings.value("PHRASEBOOK_MT_BEAM_SIZE")
    max_length: int = settings.value("PHRASEBOOK_MT_MAX_LENGTH")
    delay: float = settings.value("PHRASEBOOK_MT_FAKE_DELAY") if kind == "fake" else 0.0
    key = (kind, threads, workers, beam_size, max_length, delay)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            if kind == "argos":
                engine = ArgosEngine(
                    threads=threads,
                    workers=workers,
                    beam_size=beam_size,
                    max_decoding_length=max_length,
                )
            else:  # (the settings table allows argos and fake only)
                engine = FakeEngine(delay=delay)
            _ENGINES[key] = engine
        return engine
