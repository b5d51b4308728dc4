"""App fixtures: a RetroApp on a temp store with a frozen clock, cursor blink off."""

from __future__ import annotations

import pytest

from retro.app import RetroApp, make_app
from retro.domain.clock import FixedClock
from retro.store import Repository


@pytest.fixture
def app(repo: Repository, clock: FixedClock) -> RetroApp:
    return make_app(repo, clock=clock, language="en")
