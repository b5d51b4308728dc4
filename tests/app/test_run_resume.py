"""Quit in any phase, start again, resume: the same phase with the same state, nothing lost."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta

import pytest
from textual.pilot import Pilot

from retro.tui.app import RetroApp, make_app
from retro.domain.kata import Experiment
from retro.domain.retro import Retro
from retro.tui.screens.run import RunScreen
from tests.app.run_support import KINDS, new_retro, options_of, run_screen, running, stored, text_of, type_text

ITEMS = [("worked", "pairing", "Anna"), ("hard", "flaky tests", "Bo"), ("curious", "why CI?", "")]
REVEALED = ["worked", "hard", "curious"]


def seed(app: RetroApp, phase: str) -> Retro:
    retro = new_retro(app, phase=phase, items=ITEMS if phase != "check-in" else [], revealed=REVEALED)
    if phase == "review":
        due = Experiment.plan("Pair on bugs", "Fewer bugs", app.clock.now() - timedelta(days=2), date(2026, 11, 25),
                              team="Blå")
        app.repo.add(due)
    if phase in ("discuss", "decide"):
        retro.cast_vote("Bo", retro.items[1].id, 3)
        retro.cast_vote("Åsa", retro.items[1].id, 3)
        retro.cast_vote("Anna", retro.items[0].id, 3)
        app.repo.save(retro)
    return retro


async def act(pilot: Pilot, phase: str) -> None:
    """One change in the phase, by keys."""
    if phase == "check-in":
        await pilot.press("space")
    elif phase == "review":
        await type_text(pilot, "less")
        await pilot.press("enter")
        await type_text(pilot, "pairs help")
        await pilot.press("enter", "enter")  # as expected? not answered
    elif phase == "gather":
        await type_text(pilot, "new item")
        await pilot.press("enter")
    elif phase == "group":
        await pilot.press("n", "ctrl+u")
        await type_text(pilot, "Flow")
        await pilot.press("enter")
    elif phase == "vote":
        await pilot.press("space", "space")
    elif phase == "discuss":
        await type_text(pilot, "a note")
        await pilot.press("enter", "ctrl+n", "ctrl+r")
    elif phase == "decide":
        await pilot.press("enter")
        await type_text(pilot, "quarantine them")
        await pilot.press("tab")
        await type_text(pilot, "fewer reruns")
        await pilot.press("ctrl+s")
    elif phase == "close":
        await pilot.press("4", "5")


async def check(pilot: Pilot, phase: str, retro: Retro) -> None:
    """The change is on screen after resuming."""
    if phase == "check-in":
        assert options_of(pilot, "#round")[0].startswith("✓ Bo")
    elif phase == "review":
        assert options_of(pilot, "#review-list")[0].startswith("✓ Pair on bugs")
    elif phase == "gather":
        assert options_of(pilot, "#items-0") == ["pairing  — Anna", "new item"]
    elif phase == "group":
        assert "Flow  (1)" in options_of(pilot, "#group-themes")[0]
    elif phase == "vote":
        assert "1 left" in options_of(pilot, "#vote-voters")[0]
    elif phase == "discuss":
        assert "pairing" in text_of(pilot, "#discuss-topic-title")  # the second topic
        assert "Speaks now:  Bo (remote) " not in text_of(pilot, "#discuss-speakers")
        assert "a note" not in text_of(pilot, "#discuss-notes")  # the note is on the first topic
        await pilot.press("ctrl+n")  # "That was the last topic": stays
    elif phase == "decide":
        assert "fewer reruns" in options_of(pilot, "#decide-experiments")[0]
    elif phase == "close":
        assert options_of(pilot, "#close-roti")[:2] == ["★★★★☆  Bo (remote)", "★★★★★  Åsa (remote)"]


STATE = {
    "check-in": lambda r: r.checked_in == ["Bo"],
    "review": lambda r: len(r.reviewed) == 1,
    "gather": lambda r: [it.text for it in r.items_in("worked")] == ["pairing", "new item"],
    "group": lambda r: [th.title for th in r.themes] == ["Flow"] and len(r.theme_items(r.themes[0].id)) == 1,
    "vote": lambda r: len(r.votes["Bo"]) == 2,
    "discuss": lambda r: r.discuss_index == 1 and r.speaker_index == 1 and r.items[1].notes == "a note",
    "decide": lambda r: len(r.experiment_ids) == 1,
    "close": lambda r: r.roti == {"Bo": 4, "Åsa": 5},
}


@pytest.mark.parametrize("phase", KINDS)
async def test_quit_and_resume_in_every_phase(app: RetroApp, phase: str) -> None:
    retro = seed(app, phase)
    async with running(app, retro.id) as pilot:
        view = type(run_screen(pilot).view)
        app.clock.advance(seconds=30)
        await act(pilot, phase)
        assert isinstance(app.screen, RunScreen)
        await pilot.press("ctrl+q")
    saved = stored(app, retro.id)
    assert saved.phase_index == KINDS.index(phase)
    assert STATE[phase](saved), saved
    timer = saved.timers[f"phase-{saved.phase_index}"]
    assert not timer.running and timer.elapsed(app.clock.now()) == 30  # quitting stopped the clock

    app.clock.advance(hours=2)  # resumed later: the time away does not count
    again = make_app(app.repo, clock=app.clock, language="en")
    async with running(again, retro.id) as pilot:
        assert type(run_screen(pilot).view) is view
        assert f"{KINDS.index(phase) + 1}/8" in text_of(pilot, "#run-title")
        await check(pilot, phase, retro)
        assert "paused" in text_of(pilot, "#timer-state")
    assert STATE[phase](stored(again, retro.id))


async def test_a_crash_keeps_the_clock_running(app: RetroApp) -> None:
    """No quit, no pause: a laptop that died mid-phase comes back with the time that passed."""
    retro = new_retro(app, phase="gather")
    retro.start_timer("phase-2", 10, app.clock.now())
    app.repo.save(retro)
    app.clock.advance(minutes=3)
    async with running(app, retro.id) as pilot:
        assert "07:00" in text_of(pilot, "#timer-line")
