"""The screen's frame clock: a frame at once when none was painted for a gap, never two within
one, and a frame after an idle one waits only for the rest of the gap (Textual's grid made it
wait up to two frames). Time is the clock's own, made up here: nothing depends on how fast the
machine is."""

from __future__ import annotations

import asyncio

import pytest

from retro.tui.app import RetroApp
from retro.tui.fast.frame_clock import FRAME_GAP_S, FrameClock
from tests.app.run_support import new_retro, running
from tests.app.fast_support import needs


class MadeUpTime:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def get_time(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds
        await asyncio.sleep(0)


@pytest.fixture
def made_up(monkeypatch: pytest.MonkeyPatch) -> MadeUpTime:
    time = MadeUpTime()
    monkeypatch.setattr("retro.tui.fast.frame_clock.get_time", time.get_time)
    monkeypatch.setattr("retro.tui.fast.frame_clock.sleep", time.sleep)
    return time


async def settle(frames: list[float], count: int) -> None:
    """Let the clock run until it has painted `count` frames, and a while more (a second frame
    too many would show)."""
    for _ in range(1000):
        if len(frames) >= count:
            break
        await asyncio.sleep(0)
    for _ in range(20):
        await asyncio.sleep(0)


class NoApp:
    """What a timer asks of the running app: whether it is exiting, and in debug mode."""

    _exit = False
    features: frozenset[str] = frozenset()


async def test_a_frame_after_an_idle_one_waits_only_for_the_rest_of_the_gap(made_up: MadeUpTime) -> None:
    from textual._context import active_app

    frames: list[float] = []

    def paint() -> None:  # as Screen._on_timer_update does: the frame pauses the clock
        frames.append(made_up.now)
        clock.pause()

    token = active_app.set(NoApp())  # type: ignore[arg-type]
    target = NoApp()
    clock = FrameClock(target, FRAME_GAP_S, name="screen_update", callback=paint, pause=True)  # type: ignore[arg-type]
    clock._start()
    try:
        clock.resume()  # an idle frame (a cursor blink)
        await settle(frames, 1)
        assert frames == [1000.0] and made_up.slept == []
        made_up.now += 0.002  # a key, 2 ms later
        clock.resume()
        await settle(frames, 2)
        assert made_up.slept == [round(FRAME_GAP_S - 0.002, 6)]  # Textual's grid: 17-33 ms
        assert frames == [1000.0, pytest.approx(1000.0 + FRAME_GAP_S)]
        made_up.now += 1.0  # a pause: the next frame comes at once
        clock.resume()
        clock.resume()  # asked twice, painted once
        await settle(frames, 3)
        assert frames[2:] == [made_up.now] and len(made_up.slept) == 1
    finally:
        clock.stop()
        active_app.reset(token)


@needs("frame_clock")
async def test_every_screen_paints_from_the_frame_clock(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        assert isinstance(app.screen._update_timer, FrameClock)
        assert isinstance(app.screen_stack[0]._update_timer, FrameClock)  # the home screen below
        await pilot.press("f2")  # a dialog
        await pilot.pause()
        assert isinstance(app.screen._update_timer, FrameClock)
