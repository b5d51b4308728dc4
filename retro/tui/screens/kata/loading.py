"""Reading the kata log for the screen: the first full read on a worker (the target conditions
are on screen already), later reads at once from the store's cache, each read numbered so a
late answer to an older one is dropped, and a store that cannot be read said on the screen.
"""

from __future__ import annotations

from datetime import date

from textual.message import Message
from textual.worker import get_current_worker

from retro.i18n import t_error
from retro.store import StoreError
from retro.tui.screens.ahead import is_ahead
from retro.tui.screens.kata.part import Part
from retro.store.kata_log import KataLog
from retro.tui.ui import literal


class LoadFailed(Message):
    """The store could not be read (a damaged or newer file): the error names the file."""

    def __init__(self, error: StoreError, generation: int) -> None:
        super().__init__()
        self.error = error
        self.generation = generation


class LogLoaded(Message):
    """The worker has read the whole log."""

    def __init__(self, log: KataLog, generation: int) -> None:
        super().__init__()
        self.kata_log = log
        self.generation = generation


class Loader(Part):
    """Reads the log into the screen (`screen.current_log`) and shows it when it arrives."""

    generation = 0  # the number of the newest read
    error: str | None = None  # what the store said when the log could not be read

    def reload(self) -> None:
        """Read the log again. Once the store has been read in full (after the first load) this
        is quick and done at once; the very first load may have to read the store from disk,
        so it runs in a worker while the target conditions are already on screen."""
        screen = self.screen
        self.generation += 1
        if screen.current_log is not None and screen.current_log.complete:
            try:
                log = KataLog.load(self.app.repo, self.today, screen.view_tc_id)
            except StoreError as exc:
                self.failed(exc)
                return
            self.take(log)
        else:
            screen.read_in_worker(self.generation, self.today, screen.view_tc_id)

    def read(self, generation: int, today: date, view: str | None) -> None:
        """The worker's work: read the first view and the whole-log figures off the UI thread;
        hand them over as a message (never touch widgets here)."""
        try:
            log = KataLog.load(self.app.repo, today, view)
            log.facts()  # the owners the experiment form suggests, the counts History shows
        except StoreError as exc:  # a damaged file: said on the screen, not a crash (it may be built ahead)
            self.screen.post_message(LoadFailed(exc, generation))
            return
        if not get_current_worker().is_cancelled:
            self.screen.post_message(LogLoaded(log, generation))

    def loaded(self, event: LogLoaded) -> None:
        if event.generation != self.generation:
            return  # a newer load is on its way
        self.error = None
        self.take(event.kata_log)

    def load_failed(self, event: LoadFailed) -> None:
        if event.generation == self.generation:
            self.failed(event.error)

    def failed(self, error: StoreError) -> None:
        self.error = t_error(error)
        self.say_error()

    def say_error(self) -> None:
        if self.error is not None:
            self.show("detail-expected", literal(self.error, "$error"))
            if self.screen.is_current:
                self.notify(self.error, severity="error")

    def take(self, log: KataLog) -> None:
        screen = self.screen
        screen.current_log = log
        screen.history.dirty = screen.picture.dirty = True
        screen.now.render()
        screen.render_active_tab()
        if is_ahead(screen):
            screen.draw_tabs_ahead()
