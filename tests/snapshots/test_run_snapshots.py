"""The run screen in each phase, at 80x24 and 160x45, on a frozen clock with realistic content.

What a reviewer should see: the phase title with n/8 and the timer (one line at 80x24, big
digits at 160x45), the prompt, the phase's own board, the hybrid notes (one line when narrow,
a side panel when wide), and the footer led by the phase's own keys. `[red]…[/red]` typed by
someone shows literally.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from textual.widgets import Input

from retro.domain.kata import Experiment
from retro.domain.retro import Participant, Retro
from retro.tui.screens.run import RunScreen
from retro.store import Repository

KINDS = ["check-in", "review", "gather", "group", "vote", "discuss", "decide", "close"]
ITEMS = [
    ("worked", "Pairing on the nasty bugs", "Anna"),
    ("worked", "Demo day went well", "Bo"),
    ("hard", "Flaky tests in CI [red]again[/red]", "Åsa"),
    ("hard", "Too many meetings on Tuesdays", "Cecilia"),
    ("hard", "Waiting for reviews", ""),
    ("curious", "Could we try mob programming?", "Bo"),
]


def seeded(repo: Repository, phase: str) -> Retro:
    now = repo.clock.now()
    people = [Participant("Anna"), Participant("Bo", remote=True), Participant("Cecilia"), Participant("Åsa", remote=True)]
    retro = Retro.start("hybrid-experiments", "Team Blå", people, now)
    index = KINDS.index(phase)
    retro.phase_index = index
    retro.start_timer(f"phase-{index}", [5, 10, 10, 5, 3, 15, 10, 2][index], now)
    retro.checked_in = ["Bo", "Åsa"] if phase == "check-in" else [p.name for p in people]
    if index >= 2:
        for column, text, author in ITEMS:
            retro.add_item(column, text, author, now)
        retro.reveal(["worked", "hard", "curious"])
    if index >= 3:
        flow = retro.create_theme("Flow of work")
        for item in retro.items[2:5:2]:
            retro.move_item(item.id, flow.id)
    if index >= 4:
        flow = retro.themes[0]
        for name in ("Anna", "Bo", "Åsa"):
            retro.cast_vote(name, flow.id, 3)
        retro.cast_vote("Bo", retro.items[0].id, 3)
        retro.cast_vote("Cecilia", retro.items[3].id, 3)
    if index >= 5:
        retro.enter_topic(0, retro.themes[0].id, 7, now)
        retro.add_note(retro.themes[0].id, "Reruns eat an hour a day")
        retro.next_speaker()
    if phase == "review":
        due = Experiment.plan("Dialogue meeting instead of one-to-ones", "Both sides talk to each other, not to me",
                              now - timedelta(days=6), date(2026, 11, 24), team="Team Blå", owner="Anna")
        repo.add(due)
    if index >= 6:
        ex = Experiment.plan("Quarantine the three flakiest tests for a week", "Fewer reruns, CI under 10 minutes",
                             now, date(2026, 11, 27), team="Team Blå", owner="Åsa", retro_id=retro.id)
        repo.add(ex)
        retro.link_experiment(ex.id, 3)
    if phase == "close":
        retro.set_roti("Bo", 4)
        retro.set_roti("Åsa", 5)
    repo.add(retro)
    return retro


async def steady_cursor(pilot) -> None:  # noqa: ANN001
    """A blinking cursor would be on in one picture and off in the next."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("phase", KINDS)
def test_run_phase(snap_compare, snap_app, repo: Repository, size, phase: str) -> None:
    """One picture per phase and size; see the module docstring for what to look for."""
    retro = seeded(repo, phase)
    assert snap_compare(snap_app(start=RunScreen(retro.id)), terminal_size=size, run_before=steady_cursor)
