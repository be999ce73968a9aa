"""Routing (direct or through English), sentence splitting and n-best alternatives.

Pivoting: every first-leg hypothesis of every sentence goes into ONE batched call of the
second leg; each final candidate scores the sum of its two log-probabilities; candidates are
ranked by that sum, duplicates dropped, the best ``n`` kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import Conflict
from ..languages import base_language
from .engine import Hypothesis, MTEngine, distinct_best
from .packages import package_name
from .splitter import split_sentences

PIVOT = "en"
DEFAULT_ALTERNATIVES = 3


class MissingModel(Conflict):
    """No installed package (direct, or both legs through English) for a language pair."""

    def __init__(self, source: str, target: str, needed: list[str]) -> None:
        self.source = source
        self.target = target
        self.needed = needed
        commands = "; ".join(f"phrasebook models install {name}" for name in needed)
        super().__init__(
            f"no translation model for {source}→{target}: install {' and '.join(needed)} "
            f"({commands}; or from a file: phrasebook models install FILE.argosmodel)"
        )


@dataclass(frozen=True)
class Route:
    source: str
    target: str
    legs: tuple[tuple[str, str], ...]

    @property
    def via(self) -> str | None:
        return self.legs[0][1] if len(self.legs) > 1 else None


@dataclass(frozen=True)
class Alternative:
    text: str
    score: float
    engine: str
    model: str
    version: str
    via: str | None = None

    def provenance(self) -> dict[str, Any]:
        """What a translation accepted from this alternative records about its origin."""
        origin: dict[str, Any] = {
            "kind": "mt",
            "engine": self.engine,
            "model": self.model,
            "version": self.version,
        }
        if self.via:
            origin["via"] = self.via
        return origin


def plan_route(engine: MTEngine, source: str, target: str) -> Route:
    """The direct pair when installed, else through English; MissingModel otherwise."""
    source, target = base_language(source), base_language(target)
    pairs = engine.pairs()
    if (source, target) in pairs:
        return Route(source, target, ((source, target),))
    if PIVOT not in (source, target):
        legs = ((source, PIVOT), (PIVOT, target))
        if all(leg in pairs for leg in legs):
            return Route(source, target, legs)
        needed = [package_name(*leg) for leg in legs if leg not in pairs]
    else:
        needed = [package_name(source, target)]
    raise MissingModel(source, target, needed)


def model_label(engine: MTEngine, route: Route) -> tuple[str, str]:
    """The model name and version to record: legs joined with ``+`` when pivoting."""
    infos = [engine.model_info(*leg) for leg in route.legs]
    return "+".join(i.name for i in infos), "+".join(i.version for i in infos)


def _translate_segments(
    engine: MTEngine, route: Route, segments: Sequence[str], n: int
) -> list[list[Hypothesis]]:
    first = engine.translate_segments(segments, *route.legs[0], n)
    if len(route.legs) == 1:
        return first
    flat = [hypothesis for hypotheses in first for hypothesis in hypotheses]
    second = engine.translate_segments([h.text for h in flat], *route.legs[1], n)
    combined: list[list[Hypothesis]] = []
    position = 0
    for hypotheses in first:
        candidates: list[Hypothesis] = []
        for hypothesis in hypotheses:
            candidates += [
                Hypothesis(final.text, hypothesis.score + final.score) for final in second[position]
            ]
            position += 1
        candidates.sort(key=lambda h: h.score, reverse=True)
        combined.append(distinct_best(candidates, n))
    return combined


def _join(sentences: Sequence[str]) -> str:
    return " ".join(sentence for sentence in sentences if sentence)


def translate_texts(
    engine: MTEngine,
    texts: Sequence[str],
    source: str,
    target: str,
    n: int = DEFAULT_ALTERNATIVES,
) -> list[list[Alternative]]:
    """Up to ``n`` alternatives per text, best first; multi-sentence texts are split, their
    sentences translated in the same batch and put back together (the k-th alternative joins
    each sentence's k-th hypothesis, or its last one when it has fewer)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    route = plan_route(engine, source, target)
    model, version = model_label(engine, route)
    split = [split_sentences(text) for text in texts]
    unique = list(dict.fromkeys(sentence for sentences in split for sentence in sentences))
    translated = dict(zip(unique, _translate_segments(engine, route, unique, n), strict=True))
    output: list[list[Alternative]] = []
    for sentences in split:
        options = [translated[sentence] for sentence in sentences]
        if not sentences or any(not hypotheses for hypotheses in options):
            output.append([])
            continue
        alternatives: list[Alternative] = []
        seen: set[str] = set()
        for rank in range(n):
            picked = [hypotheses[min(rank, len(hypotheses) - 1)] for hypotheses in options]
            text = _join([h.text for h in picked])
            if text in seen:
                continue
            seen.add(text)
            alternatives.append(
                Alternative(
                    text=text,
                    score=sum(h.score for h in picked),
                    engine=engine.name,
                    model=model,
                    version=version,
                    via=route.via,
                )
            )
        output.append(alternatives)
    return output
