"""The screen's frame clock: a frame as soon as one is asked for, but never two within 8 ms.

Textual paints a screen from a 60-per-second timer on a fixed grid. When it has been idle, the
first frame comes at once; but if the grid has fallen behind, it skips ahead and the *next*
frame waits for the grid point after the next one: 17-33 ms. So a key that comes just after an
idle frame (the input cursor's blink, a timer's tick, a store poll) waited up to 33 ms for its
frame, about once a 40-key session on the bench's 200-item board (`tests/bench/bench_actions.py`:
next column 24-27 ms where its median is 4).

Here the gap is measured from the last frame, not a grid, and it is half as long: changes that
come together still share one frame, and a key after an idle frame waits at most 8 ms for its own.

Textual internals (`Timer._run`, `Screen.__update_timer`, `textual._time`): checked by
tests/unit/test_textual_contract.py; tests/app/test_frame_clock.py checks the frame after an idle
one is not held back.
"""

from __future__ import annotations

from textual._time import get_time, sleep
from textual.screen import Screen
from textual.timer import EventTargetGone, Timer

FRAME_GAP_S = 1 / 120
UPDATE_TIMER = "_Screen__update_timer"  # Screen's private `__update_timer`, as Python mangles it


class FrameClock(Timer):
    """A screen's update timer: resumed when the screen has something to paint, paused by it."""

    async def _run(self) -> None:
        last = float("-inf")
        while True:
            await self._active.wait()
            wait = last + self._interval - get_time()
            if wait > 0:
                await sleep(wait)
                await self._active.wait()  # (a layout meanwhile may have painted it: paused again)
            last = get_time()
            try:
                await self._tick(next_timer=last, count=0)
            except EventTargetGone:
                break


def steady_frames(screen: Screen) -> None:
    """Give a screen the frame clock in place of Textual's (before it first asks for a frame)."""
    if UPDATE_TIMER not in vars(screen):  # Textual keeps it elsewhere now: say so, not run without
        raise RuntimeError(f"Textual's Screen has no {UPDATE_TIMER}: see retro/tui/fast/frame_clock.py")
    if screen._Screen__update_timer is None:  # type: ignore[attr-defined]
        clock = FrameClock(screen, FRAME_GAP_S, name="screen_update", callback=screen._on_timer_update, pause=True)
        clock._start()
        screen._timers.add(clock)
        screen._Screen__update_timer = clock  # type: ignore[attr-defined]
