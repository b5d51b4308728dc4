"""Tests of the speed layer's overrides (retro/tui/fast/) skip when the override is off."""

from __future__ import annotations

import pytest

from retro.tui import fast


def needs(*names: str) -> pytest.MarkDecorator:
    """Skip the test unless each of these overrides is on (RETRO_PLAIN_TEXTUAL=1 turns all off,
    RETRO_FAST_SKIP some): it tests the override itself, not what the user sees."""
    off = [name for name in names if not fast.enabled(name)]
    return pytest.mark.skipif(bool(off), reason=f"tests the speed layer's {', '.join(off)}, switched off here "
                                                f"({fast.PLAIN_ENV} / {fast.SKIP_ENV})")
