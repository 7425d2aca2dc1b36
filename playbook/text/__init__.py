"""Text matching for playbooks: normalisation and multi-phrase matching with original spans."""

from .matcher import (
    ENGINE_NAMES,
    EngineUnavailableError,
    Hit,
    PhraseMatcher,
    PhraseSpec,
)
from .normalize import NormalizedText, normalize, normalize_phrase

__all__ = [
    "ENGINE_NAMES",
    "EngineUnavailableError",
    "Hit",
    "NormalizedText",
    "PhraseMatcher",
    "PhraseSpec",
    "normalize",
    "normalize_phrase",
]
