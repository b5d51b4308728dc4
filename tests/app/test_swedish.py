"""The app under `--lang sv` as a Swedish facilitator meets it: Textual's own palette, commands
and keys in Swedish too, the screen's own keys first in the help, the Swedish formats first,
counts in the right form, and wording that reads as meant."""

from __future__ import annotations

import re
import subprocess

import pytest
from textual.binding import Binding
from textual.command import CommandInput, CommandList, CommandPalette
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import OptionList, Static

from retro.app import RetroApp, make_app
from retro.domain.clock import FixedClock
from retro.i18n import _swedish
from retro.screens.help import HelpScreen
from retro.screens.home import HomeScreen
from retro.screens.library import FormatLibraryScreen
from retro.screens.run.phases.gather import GatherView
from retro.screens.run.phases.vote import VoteView
from retro.store import Repository
from tests.app.run_support import new_retro, run_screen, running, text_of, until

ITEMS = [("worked", "pairing on bugs", "Anna"), ("hard", "flaky tests", "Bo")]


@pytest.fixture
def app(repo: Repository, clock: FixedClock) -> RetroApp:
    return make_app(repo, clock=clock, language="sv")


async def test_vote_status_counts_one_vote_in_the_singular(app: RetroApp) -> None:
    retro = new_retro(app, phase="vote", items=ITEMS)
    async with running(app, retro.id) as pilot:
        assert isinstance(run_screen(pilot).view, VoteView)
        await pilot.press("space")  # Bo (remote, first) votes once
        status = text_of(pilot, "#vote-status")
        assert "Bo har 2 av 3 röster kvar" in status and "1 röst lagd" in status and "röster lagda" not in status