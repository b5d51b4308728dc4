"""What a test expects of text after an import: control characters removed, nothing else."""

from __future__ import annotations

from typing import Any

from retro.domain.text import clean, controls_in


def without_controls(value: Any) -> Any:
    """`value` (a document, a list, a string) as an import restores it: every string and key
    cleaned of control characters, the rest exact."""
    if isinstance(value, str):
        return clean(value) if controls_in(value) else value
    if isinstance(value, list):
        return [without_controls(v) for v in value]
    if isinstance(value, dict):
        return {without_controls(k): without_controls(v) for k, v in value.items()}
    return value
