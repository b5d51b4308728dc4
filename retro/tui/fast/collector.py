"""When Python's cyclic collector makes its full scans: in the user's pauses, not on a keypress.

A full (generation 2) scan walks every object the app made since the start, which on a board
is several frames, and CPython starts one whenever enough objects have lived long enough: in the
middle of a retro that is a keypress that takes four frames instead of one (the slowest vote
of the pty bench had a gen-2 scan under it). The young generations stay automatic, as
they are cheap; the full scan waits for a moment with no key or click for PAUSE_S, and runs
then, and no more often than CPython would have started one. Typing on and on without a pause
still gets one after MAX_DEFERRED young scans, so memory stays bounded whatever the rhythm.
"""

from __future__ import annotations

import gc
import time

PAUSE_S = 1.0  # no input for this long: nobody is waiting for a frame
MAX_DEFERRED = 400  # young-generation scans before a full one runs anyway (~ minutes of typing)
NEVER = 1 << 30  # a gen-2 threshold CPython never reaches by itself


class PauseCollector:
    def __init__(self) -> None:
        self.last_input = time.monotonic()
        self._thresholds: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Take the full scans over (the young generations keep their thresholds)."""
        if self._thresholds is None:
            self._thresholds = gc.get_threshold()
            young, middle, _ = self._thresholds
            gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        """Give the full scans back to CPython, as they were."""
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None

    def input_seen(self) -> None:
        self.last_input = time.monotonic()

    def due(self, now: float | None = None) -> bool:
        """A full scan is owed (objects reached the old generation since the last one) and
        either nobody is typing or it has waited long enough."""
        if self._thresholds is None or not gc.isenabled():
            return False
        pending = gc.get_count()[2]
        if pending < self._thresholds[2]:
            return False  # no sooner than CPython would (its default: after 10 young scans)
        now = time.monotonic() if now is None else now
        return now - self.last_input >= PAUSE_S or pending >= MAX_DEFERRED

    def collect_if_due(self) -> bool:
        if not self.due():
            return False
        gc.collect()
        return True
