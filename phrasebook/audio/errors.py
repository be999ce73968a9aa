"""Errors raised while producing audio; each reads as one line a person can act on."""

from __future__ import annotations

from phrasebook.errors import PhrasebookError


class AudioError(PhrasebookError):
    """Base class for everything that can go wrong producing or serving audio."""


class UnsupportedLanguage(AudioError):
    """The engine has no voice for the language."""


class EngineUnavailable(AudioError):
    """The engine cannot be used right now (not installed, no network, throttled)."""


class ServiceUnreachable(EngineUnavailable):
    """An online engine's server could not be reached (no network, DNS, connection refused)."""


class RateLimited(EngineUnavailable):
    """An online engine answered HTTP 429: too many requests from this address."""


class ServiceRefused(EngineUnavailable):
    """An online engine answered with an error or with no audio in its reply."""


class SynthesisTimeout(AudioError):
    """Synthesis took longer than the configured limit and was abandoned."""


class SynthesisFailed(AudioError):
    """The engine ran but produced no usable audio."""


class UnknownEngine(AudioError):
    """A configuration or command named an engine phrasebook does not have."""
