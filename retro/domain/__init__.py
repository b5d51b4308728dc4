"""The domain: pure Python models and rules. Imports nothing of ours, no Textual, no TinyDB."""

from retro.domain.errors import RuleError
from retro.domain.format import Column, Format, FormatError, Phase, PhaseKind, Problem
from retro.domain.kata import (
    AREAS,
    Amendment,
    Challenge,
    CoachingCycle,
    Experiment,
    Obstacle,
    TargetCondition,
)
from retro.domain.retro import Item, Participant, Retro, Theme

__all__ = [
    "AREAS",
    "Amendment",
    "Challenge",
    "CoachingCycle",
    "Column",
    "Experiment",
    "Format",
    "FormatError",
    "Item",
    "Obstacle",
    "Participant",
    "Phase",
    "PhaseKind",
    "Problem",
    "Retro",
    "RuleError",
    "TargetCondition",
    "Theme",
]
