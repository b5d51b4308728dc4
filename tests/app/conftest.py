"""App fixtures: a RetroApp on a temp store with a frozen clock, cursor blink off."""

from __future__ import annotations

import pytest

from retro.tui.app import RetroApp, make_app
from retro.domain.clock import FixedClock
from retro.store import Repository


@pytest.fixture(autouse=True)
def save_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run screen saves ~50 ms after a change, once its frame is painted, on a thread of its
    own; Pilot's press can return sooner, and a test reading the store must not race the save.
    Here the save comes a millisecond after the change, on the event loop; test_run_saving has
    the tests of the real delay and the thread."""
    monkeypatch.setattr("retro.tui.screens.run.screen.SAVE_AFTER_S", 0.001)
    monkeypatch.setattr("retro.tui.screens.run.screen.SAVE_ON_A_THREAD", False)


@pytest.fixture
def app(repo: Repository, clock: FixedClock) -> RetroApp:
    return make_app(repo, clock=clock, language="en")
