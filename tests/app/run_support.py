"""Helpers for the run-screen tests: a retro in the store, the run screen open, text on screen."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import asynccontextmanager
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from retro.tui.app import RetroApp
from retro.domain.format import PhaseKind
from retro.domain.retro import Participant, Retro
from retro.tui.screens.run import RunScreen

PEOPLE = [Participant("Anna"), Participant("Bo", remote=True), Participant("Cecilia"), Participant("Åsa", remote=True)]
KINDS = [k.value for k in PhaseKind]  # hybrid-experiments has one phase of each kind, in this order


def new_retro(app: RetroApp, *, phase: str = "check-in", items: list[tuple[str, str, str]] = (),
              format_id: str = "hybrid-experiments", **fields: Any) -> Retro:
    retro = Retro.start(format_id, "Blå", list(PEOPLE), app.clock.now())
    retro.phase_index = KINDS.index(phase)
    for column, text, author in items:
        retro.add_item(column, text, author, app.clock.now())
    for name, value in fields.items():
        setattr(retro, name, value)
    app.repo.add(retro)
    return retro


def unsaved(app: RetroApp) -> bool:
    """A run screen of the app (under any dialog) has a change not yet in the store."""
    return any(isinstance(s, RunScreen) and s.session is not None and s.session.pending
               for s in app.screen_stack)


def stored(app: RetroApp, retro_id: str) -> Retro:
    """The retro as the store has it. While the app runs, a change is saved after its frame, on
    a thread: a test reading the store first waits for that save (`await until_saved(pilot)`), as
    another terminal would. Reading sooner is a test's mistake, told here rather than a race."""
    assert not unsaved(app), "a change is still on its way to the store: await until_saved(pilot) first"
    return app.repo.get(Retro, retro_id)


@asynccontextmanager
async def running(app: RetroApp, retro_id: str, size: tuple[int, int] = (100, 30)):
    async with app.run_test(size=size) as pilot:
        app.push_screen(RunScreen(retro_id))
        await pilot.pause()
        yield pilot


def run_screen(pilot: Pilot) -> RunScreen:
    screen = pilot.app.screen
    assert isinstance(screen, RunScreen), screen
    return screen


def text_of(pilot: Pilot, selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


def options_of(pilot: Pilot, selector: str) -> list[str]:
    widget = pilot.app.screen.query_one(selector)  # an OptionList or an ItemList
    return [str(o.prompt) for o in widget.options]  # type: ignore[attr-defined]


async def until(pilot: Pilot, done: Callable[[], bool], failing: str = "gave up waiting", seconds: float = 5.0) -> None:
    """Let the app run until `done()`: what comes between keys or off the event loop (drawing
    ahead, a save on its thread) takes a few milliseconds, longer on a loaded machine. A check
    that fails an assertion (`stored` while a save is on its way) is not done yet."""
    for _ in range(int(seconds / 0.02)):
        try:
            if done():
                return
        except AssertionError:
            pass
        await pilot.pause(0.02)
    assert done(), failing


async def until_saved(pilot: Pilot) -> None:
    """Wait until the run screen's changes are in the store: the save follows the frame that
    shows a change and runs on the session's own thread, as it does for the user."""
    await until(pilot, lambda: not unsaved(pilot.app), "a change never reached the store")


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[c if c != " " else "space" for c in text])
