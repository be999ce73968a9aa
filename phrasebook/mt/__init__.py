"""Offline machine-translation suggestions from Argos Translate packages (CTranslate2 +
SentencePiece, run directly): engines, routing through English, package management, the
translation cache, suggestions for editors and batch fill of phrase sets. See docs/mt.md."""

from .engine import ArgosEngine, FakeEngine, Hypothesis, ModelInfo, MTEngine, engine_from_settings
from .translate import Alternative, MissingModel, Route, plan_route, translate_texts

__all__ = [
    "Alternative",
    "ArgosEngine",
    "FakeEngine",
    "Hypothesis",
    "MTEngine",
    "MissingModel",
    "ModelInfo",
    "Route",
    "engine_from_settings",
    "plan_route",
    "translate_texts",
]
