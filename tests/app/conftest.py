"""App fixtures: a RetroApp on a temp store with a frozen clock, cursor blink off.

The run screen saves as it does for the user: after the frame that shows a change, on the
session's own thread. A test that reads the store waits for that save first
(`await run_support.until_saved(pilot)`); `run_support.stored` refuses to read while one is on its way."""

from __future__ import annotations

import pytest

from retro.tui.app import RetroApp, make_app
from retro.domain.clock import FixedClock
from retro.store import Repository


@pytest.fixture
def app(repo: Repository, clock: FixedClock) -> RetroApp:
    return make_app(repo, clock=clock, language="en")
