"""A countdown on screen: big digits when there is room, one line when there is not.

It reads a `PhaseTimer` (domain) through a callable and the app's clock, so tests drive it by
advancing a FixedClock and calling `tick()`; nothing here sleeps or keeps its own time. At zero
it rings the terminal bell once and turns to the overrun colours; overrunning is allowed and
shown as +MM:SS.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Static

from retro.domain.retro import PhaseTimer
from retro.i18n import t

TICK_S = 0.5


def clock_text(remaining: float) -> str:
    """05:00 while counting down; +01:23 once overrun."""
    seconds = int(-remaining) if remaining < 0 else int(remaining + 0.999)
    text = f"{seconds // 60:02d}:{seconds % 60:02d}"
    return f"+{text}" if remaining < 0 else text


class PhaseTimerView(Widget):
    """Shows one timer; `source` says which (it changes with the phase or topic)."""

    DEFAULT_CSS = """
    PhaseTimerView { width: auto; height: auto; }
    PhaseTimerView > Digits { width: auto; }
    PhaseTimerView > #timer-line { width: 14; text-align: right; }
    PhaseTimerView > #timer-state { width: 11; text-align: right; color: $text-muted; }
    """

    remaining: reactive[float | None] = reactive(None, init=False)

    def __init__(self, source: Callable[[], PhaseTimer | None], now: Callable[[], datetime], *,
                 label: str = "", big: bool = True, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self._source = source
        self._now = now
        self._label = label
        self._big = big
        self._was_positive: bool | None = None
        self._shown: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        if self._big:
            yield Digits("", id="timer-digits")
        yield Static("", id="timer-line", markup=False)
        yield Static("", id="timer-state", markup=False)

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(TICK_S, self.tick)

    def retarget(self, source: Callable[[], PhaseTimer | None]) -> None:
        """Show another timer (a new phase or topic): its zero may ring again."""
        self._source = source
        self._was_positive = None
        self.tick()

    def tick(self) -> None:
        timer = self._source()
        if timer is None:
            self.display = False
            return
        self.display = True
        remaining = timer.remaining(self._now())
        if self._was_positive and remaining <= 0:
            self.time_up()
        self._was_positive = remaining > 0
        self._show(timer, remaining)

    def time_up(self) -> None:
        """The cue at zero: a bell the room hears and a colour the call sees."""
        self.app.bell()
        self.add_class("-time-up")

    def _show(self, timer: PhaseTimer, remaining: float) -> None:
        text = clock_text(remaining)
        self.set_class(remaining <= 0, "-overrun")
        self.set_class(not timer.running, "-paused")
        if remaining > 0:
            self.remove_class("-time-up")
        state = t("paused") if not timer.running else (t("over time") if remaining <= 0 else "")
        line = f"{self._label} {text}".strip()
        self.remaining = remaining
        if self._shown == (line, state):
            return  # ticks twice a second: repaint only what changed
        self._shown = (line, state)
        # Fixed widths, so a tick repaints two small regions instead of laying out the screen.
        if self._big:
            self.query_one("#timer-digits", Digits).update(text)
        self.query_one("#timer-line", Static).update(line, layout=False)
        self.query_one("#timer-state", Static).update(state, layout=False)
