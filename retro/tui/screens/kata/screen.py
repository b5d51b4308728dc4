"""The leader's kata log: the challenge, the target condition in view with its obstacles and
its experimenting record, the past target conditions with their reflections, and a picture.

Private: the log may hold notes about people and conflicts, so it is its own screen, opened
deliberately, never part of a presented retro.

Fast with a five-year log (issue 4: every key within a frame):
- one screen per app, built once and kept (installed) between visits; the app builds it and
  its experiment form ahead, off screen, in a pause on the home screen (`prepare_kata_log`),
  so even the first `k` and the first `n` only show them;
- built ahead, it builds, lays out and draws History and Picture too, each in turn, off screen;
  a screen opened at once (`retro kata`, or `k` before the pause) builds them when first shown;
- the first view reads the target conditions and one record (`KataLog.load`), not the log; the
  whole-log figures come from one pass over the store's cache when a view needs them;
- on re-entry and on StoreChanged the log is read again only if the store changed since;
- after its own writes the screen puts the changed objects into the log and updates only what
  they change (a row of the record, the obstacles line), never the whole view;
- its footer is rebuilt only when the keys it shows change.

This module is the shell: the keys, loading the log on a worker, watching the store, switching
tabs, and showing what a write changed. Each tab draws itself (now.py, history.py, picture.py)
and each group of keys acts for itself (experiments.py, plans.py); the screen hands them the work.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, TabbedContent, TabPane

from retro.domain.kata import Challenge, Experiment, Obstacle, TargetCondition
from retro.i18n import t
from retro.store import StoreError
from retro.tui.screens.kata.experiments import ExperimentKeys
from retro.tui.screens.kata.history import HistoryTab
from retro.tui.screens.kata.loading import Loader, LoadFailed, LogLoaded
from retro.tui.screens.kata.now import NowTab
from retro.tui.screens.kata.picture import PictureTab
from retro.tui.screens.kata.plans import PlanKeys
from retro.tui.screens.kata.tabs import Tabs
from retro.store.kata_log import KataLog
from retro.tui.ui import Shown, StoreChanged, follow_cursor, restyle_only_if_stale, styled_now
from retro.tui.widgets.item_list import ItemList
from retro.tui.widgets.footer import StableFooter
from retro.tui.widgets.kata_record import RecordTable

if TYPE_CHECKING:
    from retro.tui.dialogs.experiment_form import ExperimentForm


class KataScreen(Screen[None]):
    TITLE = "retro"
    # A short terminal gives the record more rows and the detail fewer (see kata.tcss).
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("n", "new_experiment", "New experiment", id="kata.new_experiment",
                tooltip="Plan an experiment: what will be done and what you expect"),
        Binding("s", "start", "Start", id="kata.start", tooltip="Start the highlighted experiment: its expectation locks"),
        Binding("e", "edit", "Edit plan", id="kata.edit", show=False,
                tooltip="Change the highlighted experiment before it starts"),
        Binding("m", "amend", "Amend", id="kata.amend",
                tooltip="Amend a started experiment: dated, with a reason; the original stays"),
        Binding("d", "done", "Outcome", id="kata.done", tooltip="Record what happened and what was learned"),
        # The footer keeps keys in this order while they fit: at 80 columns up to Coaching (and
        # Back in English); the rest on a wider terminal, and all of them in F1 and the palette.
        Binding("c", "coach", "Coaching", id="kata.coach", tooltip="Walk the five coaching questions against the log"),
        Binding("escape", "back", "Back", id="kata.back", tooltip="Back to the home screen"),
        Binding("a", "abandon", "Abandon", id="kata.abandon", tooltip="Abandon the highlighted experiment, saying why"),
        Binding("o", "new_obstacle", "Obstacle", id="kata.new_obstacle", show=False,
                tooltip="Name an obstacle to the target condition"),
        Binding("f", "obstacles", "Obstacles", id="kata.obstacles", show=False,
                tooltip="Choose the obstacle in focus; park, resolve or set one aside"),
        Binding("t", "new_tc", "Target condition", id="kata.new_tc",
                tooltip="Set the next target condition (the active one closes with a reflection)"),
        Binding("g", "new_challenge", "Challenge", id="kata.new_challenge", show=False,
                tooltip="Write a new challenge"),
        Binding("p", "notes", "Private notes", id="kata.notes", show=False,
                tooltip="Private notes on the target condition (never shown in a retro)"),
        Binding("v", "share", "Share with the team / Make private", id="kata.share", show=False,
                tooltip="Only a shared target condition shows on the retro screens and the home screen"),
        Binding("x", "export", "Export", id="kata.export", tooltip="Export the log to your journal"),
        Binding("1", "tab('kata-now')", "Now", id="kata.tab_now", show=False,
                tooltip="The active target condition and its record"),
        Binding("2", "tab('kata-history')", "History", id="kata.tab_history", show=False,
                tooltip="Past target conditions, newest first, with their reflections"),
        Binding("3", "tab('kata-picture')", "Picture", id="kata.tab_picture", show=False,
                tooltip="Experiments per week and how often the outcome matched"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.current_log: KataLog | None = None
        self.view_tc_id: str | None = None  # None: the active one
        self._shown = Shown(self)  # what each Static shows (an unchanged text costs nothing)
        self.now, self.history, self.picture = NowTab(self), HistoryTab(self), PictureTab(self)
        self.tabs, self.loader = Tabs(self), Loader(self)
        self.experiments, self.plans = ExperimentKeys(self), PlanKeys(self)

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="kata-now", id="kata-tabs"):
            with TabPane(t("Now"), id="kata-now"):
                yield from self.now.compose()
            # Built off screen with a screen built ahead (Tabs.draw_ahead), or when first shown.
            yield TabPane(t("History"), id="kata-history")
            yield TabPane(t("Picture"), id="kata-picture")
        yield StableFooter()

    @property
    def today(self) -> date:
        return self.app.clock.now().date()  # type: ignore[attr-defined, no-any-return]

    def on_mount(self) -> None:
        self.sub_title = t("Kata log (private)")
        styled_now(self)
        follow_cursor(self.query_one(RecordTable), self.now.render_detail)
        self.query_one(RecordTable).focus()
        try:
            self.current_log = KataLog.load_head(self.app.repo, self.today)  # type: ignore[attr-defined]
        except StoreError as exc:
            self.current_log = KataLog(today=self.today, complete=False)  # nothing read: an empty head
            self.now.render()
            self.loader.failed(exc)
            return
        self.now.render()
        self.show("detail-expected", t("Loading the experimenting record…"))
        self._reload()

    # -- loading (loading.py); the workers run on the screen, so leaving it or a reload stops them

    def _reload(self) -> None:
        self.loader.reload()

    @work(thread=True, exclusive=True, group="kata-load")
    def read_in_worker(self, generation: int, today: date, view: str | None) -> None:
        self.loader.read(generation, today, view)

    @on(LogLoaded)
    def _loaded(self, event: LogLoaded) -> None:
        self.loader.loaded(event)

    @on(LoadFailed)
    def _load_failed(self, event: LoadFailed) -> None:
        self.loader.load_failed(event)

    @work(exclusive=True, group="kata-ahead")
    async def draw_tabs_ahead(self) -> None:
        await self.tabs.draw_ahead()

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self._reload()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Back on screen (a new visit, or a dialog closed): read again only if the store changed
        or a day has passed (days left, what is running)."""
        restyle_only_if_stale(self, event)
        if self.tabs.ahead is not None:  # shown while History or Picture was drawn off screen
            self.workers.cancel_group(self, "kata-ahead")
            self.tabs.back_from_ahead()
        log = self.current_log
        if self.loader.error is not None:
            self.loader.say_error()
            self._reload()  # and tried again: the file may have been put right meanwhile
        elif log is not None and log.complete and (log.today != self.today or log.stale()):
            self._reload()

    # -- what is in view --------------------------------------------------------------------

    @property
    def kata_log(self) -> KataLog:
        assert self.current_log is not None
        return self.current_log

    def view_tc(self) -> TargetCondition | None:
        return self.kata_log.tc(self.view_tc_id) or self.kata_log.active()

    def viewing_past(self) -> bool:
        tc = self.view_tc()
        return tc is not None and not tc.is_active

    def highlighted(self) -> Experiment | None:
        exp_id = self.query_one(RecordTable).highlighted_id
        tc = self.view_tc()
        if exp_id is None or tc is None:
            return None
        return next((e for e in self.kata_log.record(tc.id) if e.id == exp_id), None)

    # What the tests look at, by the names they had before the tabs moved out.

    @property
    def _load_error(self) -> str | None:
        return self.loader.error

    def _past_highlighted(self) -> TargetCondition | None:
        return self.history.highlighted()

    @property
    def _tab_ahead(self) -> str | None:
        return self.tabs.ahead

    @property
    def _form(self) -> ExperimentForm | None:
        return self.experiments.form

    # -- showing ----------------------------------------------------------------------------

    def show(self, widget_id: str, content: Content | str, *, layout: bool = True) -> None:
        self._shown.show(widget_id, content, layout=layout)

    def render_active_tab(self) -> None:
        active = self.query_one(TabbedContent).active
        if active == "kata-history":
            self.history.render()
        elif active == "kata-picture":
            self.picture.render()

    def changed(self, *objs: Any, keep: str | None = None, fresh: bool = False) -> None:
        """Put what was saved into the log and update only what it changes on screen."""
        self.kata_log.put(*objs)
        self.kata_log.saved(fresh)
        self.history.dirty = self.picture.dirty = True
        tc = self.view_tc()
        if self.now.rendered_tc != (tc.id if tc else None) or any(
                isinstance(o, (TargetCondition, Challenge)) for o in objs):
            self.now.render(keep)
        else:
            if any(isinstance(o, Obstacle) for o in objs):
                self.now.render_obstacles(tc)
            if any(isinstance(o, Experiment) for o in objs):
                self.now.render_record(tc, keep)
        self.render_active_tab()

    @on(RecordTable.Refitted)
    def _record_refitted(self, event: RecordTable.Refitted) -> None:
        self.show("kata-record-head", event.header, layout=False)

    def on_resize(self, event: events.Resize) -> None:
        """History's rows are made to its width: made again for the new one, once laid out."""
        self.history.dirty = True
        if self.query_one(TabbedContent).active == "kata-history":
            self.call_after_refresh(self.history.render)

    @on(ItemList.OptionSelected, "#kata-past")
    def _past_chosen(self) -> None:
        self.history.chosen()

    @on(TabbedContent.TabActivated)
    async def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if self.current_log is not None:
            await self.tabs.shown(event.pane)

    # -- keys: each handed to the tab or group of keys that owns it --------------------------

    def action_tab(self, pane: str) -> None:
        self.tabs.switch(pane)

    def action_new_experiment(self) -> None:
        self.experiments.new()

    def action_start(self) -> None:
        self.experiments.start()

    def action_edit(self) -> None:
        self.experiments.edit()

    def action_amend(self) -> None:
        self.experiments.amend()

    def action_done(self) -> None:
        self.experiments.done()

    def action_abandon(self) -> None:
        self.experiments.abandon()

    def action_new_obstacle(self) -> None:
        self.plans.new_obstacle()

    def action_obstacles(self) -> None:
        self.plans.obstacles()

    def action_new_tc(self) -> None:
        self.plans.new_tc()

    def action_new_challenge(self) -> None:
        self.plans.new_challenge()

    def action_notes(self) -> None:
        self.plans.notes()

    def action_share(self) -> None:
        self.plans.share()

    def action_coach(self) -> None:
        self.plans.coach()

    def action_export(self) -> None:
        from retro.tui.dialogs.export import ExportDialog

        self.app.push_screen(ExportDialog(team=None))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            # A toast follows the app to the next screen, and the log's may name a private
            # target condition: they stay here.
            self.app.clear_notifications()
            self.app.pop_screen()
