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
"""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import AwaitMount
from textual.widgets import Header, OptionList, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from retro.tui.screens.ahead import build_ahead, draw_ahead, is_ahead
from retro.domain.errors import RuleError
from retro.domain.kata import (
    Challenge,
    Experiment,
    Obstacle,
    TargetCondition,
    activate,
    area_label,
    focus,
    next_retro_start,
    plan_changes,
    previous_active,
)
from retro.domain.kata_picture import summarise, weekly
from retro.i18n import n, t, t_error
from retro.tui.screens.kata_data import FIELD_LABELS, KataLog, area_short, obstacle_status, shorten
from retro.store import StoreError
from retro.tui.ui import (Shown, StoreChanged, follow_cursor, literal, literal_name, restyle_only_if_stale, styled_now,
                      translate_bindings)
from retro.tui.widgets.footer import StableFooter
from retro.tui.widgets.item_list import ItemList
from retro.tui.widgets.kata_history import column_widths as history_widths
from retro.tui.widgets.kata_history import header as history_header
from retro.tui.widgets.kata_history import history_row
from retro.tui.widgets.kata_chart import WeekChart
from retro.tui.widgets.kata_record import AMENDED_MARK, ANSWER_MARK, RecordTable

if TYPE_CHECKING:
    from retro.tui.dialogs.experiment_form import ExperimentForm

TABS = ("kata-now", "kata-history", "kata-picture")


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


KATA_SCREEN = "kata-log"


def kata_screen(app: App[Any]) -> KataScreen:
    """The app's one kata screen: installed, so leaving it keeps it (and its log) for the next visit."""
    if not app.is_screen_installed(KATA_SCREEN):
        app.install_screen(KataScreen(), KATA_SCREEN)
    return app.get_screen(KATA_SCREEN)  # type: ignore[return-value]


def show_kata_log(app: App[Any]) -> None:
    """Open the kata log on top of the current screen (the same screen as last time)."""
    screen = kata_screen(app)
    if screen in app.screen_stack:
        while app.screen is not screen:  # it is open under another screen: go back to it
            app.pop_screen()
        return
    app.push_screen(KATA_SCREEN)


def prepare_kata_log(app: App[Any]) -> KataScreen | None:
    """Build the kata log now, off screen (retro/tui/screens/ahead.py), and then its experiment
    form. Returns the screen, whose mounting a quit waits for (see RetroApp.action_quit; the
    form closes cleanly half-built, as test_kata_ahead checks); None when it is built already."""
    screen = kata_screen(app)
    return screen if build_ahead(app, screen) else None


def sharing_mark(tc: TargetCondition) -> Content:
    """First under the title: may the team see it (on a retro screen, the home screen)?"""
    if tc.is_shared:
        return Content.styled(t("Shared with the team"), "bold $success")
    return Content.styled(t("Private"), "bold $warning")


def days_left_text(tc: TargetCondition, today: date) -> str:
    days = tc.days_left(today)
    if days > 0:
        return n("{count} day left", "{count} days left", days)
    if days == 0:
        return t("due today")
    return n("{count} day overdue", "{count} days overdue", -days)


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
        translate_bindings(self)
        self._log: KataLog | None = None
        self._view_tc_id: str | None = None  # None: the active one
        self._generation = 0
        self._history_dirty = True
        self._picture_dirty = True
        self._shown = Shown(self)  # what each Static shows (an unchanged text costs nothing)
        self._rendered_tc: str | None = None  # the target condition the Now tab shows
        self._form: ExperimentForm | None = None  # kept between uses (see _experiment_form)
        self._tab_ahead: str | None = None  # the tab being drawn off screen (_draw_tabs_ahead)
        self._load_error: str | None = None  # what the store said when the log could not be read

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="kata-now", id="kata-tabs"):
            with TabPane(t("Now"), id="kata-now"):
                yield Static(id="kata-challenge", classes="one-line")
                yield Static(id="kata-title")
                yield Static(id="kata-meta", classes="one-line")
                yield Static(id="kata-past-note")
                yield Static(id="kata-notes", classes="one-line")
                yield Static(id="kata-obstacles")
                yield Static(id="kata-record-head", classes="one-line")
                yield RecordTable(id="kata-record")
                with Horizontal(id="kata-detail"):
                    yield Static(id="detail-expected")
                    yield Static(id="detail-outcome")
            # Built off screen with a screen built ahead (_draw_tabs_ahead), or when first shown.
            yield TabPane(t("History"), id="kata-history")
            yield TabPane(t("Picture"), id="kata-picture")
        yield StableFooter()

    @property
    def today(self) -> date:
        return self.app.clock.now().date()  # type: ignore[attr-defined, no-any-return]

    def on_mount(self) -> None:
        self.sub_title = t("Kata log (private)")
        styled_now(self)
        follow_cursor(self.query_one(RecordTable), self._render_detail)
        self.query_one(RecordTable).focus()
        try:
            self._log = KataLog.load_head(self.app.repo, self.today)  # type: ignore[attr-defined]
        except StoreError as exc:
            self._log = KataLog(today=self.today, complete=False)  # nothing read: an empty head
            self._render_now()
            self._failed(exc)
            return
        self._render_now()
        self._show("detail-expected", t("Loading the experimenting record…"))
        self._reload()

    def _reload(self) -> None:
        """Read the log again. Once the store has been read in full (after the first load) this
        takes a few ms and is done at once; the very first load may have to read the store
        from disk, so it runs in a worker while the target conditions are already on screen."""
        self._generation += 1
        if self._log is not None and self._log.complete:
            try:
                log = KataLog.load(self.app.repo, self.today, self._view_tc_id)  # type: ignore[attr-defined]
            except StoreError as exc:
                self._failed(exc)
                return
            self._take(log)
        else:
            self._load(self._generation, self.today, self._view_tc_id)

    @work(thread=True, exclusive=True, group="kata-load")
    def _load(self, generation: int, today: date, view: str | None) -> None:
        """Read the first view and the whole-log figures off the UI thread; hand them over as a
        message (never touch widgets here)."""
        try:
            log = KataLog.load(self.app.repo, today, view)  # type: ignore[attr-defined]
            log.facts()  # the owners the experiment form suggests, the counts History shows
        except StoreError as exc:  # a damaged file: said on the screen, not a crash (it may be built ahead)
            self.post_message(LoadFailed(exc, generation))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(LogLoaded(log, generation))

    @on(LogLoaded)
    def _loaded(self, event: LogLoaded) -> None:
        if event.generation != self._generation:
            return  # a newer load is on its way
        self._load_error = None
        self._take(event.kata_log)

    @on(LoadFailed)
    def _load_failed(self, event: LoadFailed) -> None:
        if event.generation == self._generation:
            self._failed(event.error)

    def _failed(self, error: StoreError) -> None:
        self._load_error = t_error(error)
        self._say_load_error()

    def _say_load_error(self) -> None:
        if self._load_error is not None:
            self._show("detail-expected", literal(self._load_error, "$error"))
            if self.is_current:
                self.notify(self._load_error, severity="error")

    def _take(self, log: KataLog) -> None:
        self._log = log
        self._history_dirty = self._picture_dirty = True
        self._render_all()
        if is_ahead(self):
            self._draw_tabs_ahead()

    @work(exclusive=True, group="kata-ahead")
    async def _draw_tabs_ahead(self) -> None:
        """Off screen, each tab in turn is built, laid out at the app's size, filled and drawn,
        the Now tab last: the first `2` or `3` only shows its tab (it would build it: ~35 ms),
        and History's rows are drawn ahead from the start (its first page would draw them:
        ~30 ms). Then the experiment form: its first opening would build it (~100 ms)."""
        tabs = self.query_one(TabbedContent)
        try:
            for pane_id in TABS[1:]:
                pane = tabs.get_pane(pane_id)
                if not pane.children:
                    await self._build_pane(pane)
            for pane_id in (*TABS[1:], TABS[0]):
                self._tab_ahead = pane_id
                with tabs.prevent(TabbedContent.TabActivated):  # not a tab the user chose
                    tabs.active = pane_id
                if not await draw_ahead(self):
                    return
                self._tab_ready(pane_id)  # filled to the width of that drawing, and focused
                if pane_id != TABS[0] and not await draw_ahead(self):
                    return
        finally:
            if self._tab_ahead is not None:  # stopped (a reload, a quit) before the Now tab was back
                self._back_from_ahead()
        if self._form is None and self._log is not None and self._log.complete:
            form = self._experiment_form(**self._form_values())
            build_ahead(self.app, form)  # it lays itself out and draws once mounted

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self._reload()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Back on screen (a new visit, or a dialog closed): read again only if the store changed
        or a day has passed (days left, what is running)."""
        restyle_only_if_stale(self, event)
        if self._tab_ahead is not None:  # shown while History or Picture was drawn off screen
            self.workers.cancel_group(self, "kata-ahead")
            self._back_from_ahead()
        log = self._log
        if self._load_error is not None:
            self._say_load_error()
            self._reload()  # and tried again: the file may have been put right meanwhile
        elif log is not None and log.complete and (log.today != self.today or log.stale()):
            self._reload()

    # -- what is in view --------------------------------------------------------------------

    @property
    def kata_log(self) -> KataLog:
        assert self._log is not None
        return self._log

    def view_tc(self) -> TargetCondition | None:
        return self.kata_log.tc(self._view_tc_id) or self.kata_log.active()

    def _tc_to_act_on(self) -> TargetCondition | None:
        """The target condition in view, for a key that acts on one; None, said, if there is none."""
        tc = self.view_tc()
        if tc is None:
            self.notify(t("Set a target condition first (t)"), severity="warning")
        return tc

    def viewing_past(self) -> bool:
        tc = self.view_tc()
        return tc is not None and not tc.is_active

    def highlighted(self) -> Experiment | None:
        exp_id = self.query_one(RecordTable).highlighted_id
        tc = self.view_tc()
        if exp_id is None or tc is None:
            return None
        return next((e for e in self.kata_log.record(tc.id) if e.id == exp_id), None)

    # -- rendering --------------------------------------------------------------------------

    def _show(self, widget_id: str, content: Content | str, *, layout: bool = True) -> None:
        self._shown.show(widget_id, content, layout=layout)

    def _render_all(self, keep: str | None = None) -> None:
        self._render_now(keep)
        active = self.query_one(TabbedContent).active
        if active == "kata-history":
            self._render_history()
        elif active == "kata-picture":
            self._render_picture()

    def _render_now(self, keep: str | None = None) -> None:
        tc = self.view_tc()
        self._rendered_tc = tc.id if tc else None
        self._render_head(tc)
        self._render_obstacles(tc)
        if self.kata_log.complete:
            self._render_record(tc, keep)

    def _render_record(self, tc: TargetCondition | None, keep: str | None = None) -> None:
        record = self.kata_log.record(tc.id) if tc else []
        table = self.query_one(RecordTable)
        table.show(record, self.today, keep)
        self._show("kata-record-head", table.header(), layout=False)
        self._render_detail()

    @on(RecordTable.Refitted)
    def _record_refitted(self, event: RecordTable.Refitted) -> None:
        self._show("kata-record-head", event.header, layout=False)

    def _render_head(self, tc: TargetCondition | None) -> None:
        log, today = self.kata_log, self.today
        challenge = log.challenge_of(tc)
        if challenge is None:
            head = Content.styled(t("No challenge yet: press g to write the long-range direction."), "italic")
        else:
            head = Content.assemble((t("Challenge") + ": ", "dim"), literal(challenge.title, "dim italic"))
        self._show("kata-challenge", head, layout=False)  # one line, always
        if tc is None:
            self._show("kata-title", Content.styled(t("No target condition yet: press t to set the first one."), "bold"))
            self._show("kata-meta", "", layout=False)
        else:
            self._show("kata-title", literal(tc.title, "bold $primary"))
            facts = [t(area_label(tc.area)), t("achieve by {day}", day=tc.achieve_by.isoformat()),
                     days_left_text(tc, today) if tc.is_active else t(tc.status)]
            self._show("kata-meta", Content.assemble(sharing_mark(tc), literal(" · " + " · ".join(facts), "$text-muted")),
                       layout=False)
        past = self.query_one("#kata-past-note", Static)
        past.display = bool(tc and not tc.is_active)
        if tc is not None and not tc.is_active:
            self._show("kata-past-note", Content("\n").join([
                Content.assemble((t("Reflection") + ": ", "bold"), literal(tc.reflection or "—")),
                Content.styled(t("A past target condition · press 1 for the active one"), "italic $warning"),
            ]))
        notes = self.query_one("#kata-notes", Static)
        notes.display = bool(tc and tc.notes)
        if tc is not None and tc.notes:
            self._show("kata-notes", Content.assemble((t("Private notes") + ": ", "bold $warning"),
                                                      literal(" ".join(tc.notes.split()), "italic")), layout=False)

    def _render_obstacles(self, tc: TargetCondition | None) -> None:
        obstacles = self.kata_log.obstacles_of(tc.id if tc else None)
        if not self.kata_log.complete:
            self._show("kata-obstacles", "")
            return
        if not obstacles:
            self._show("kata-obstacles", Content.styled(t("Obstacles: none named yet (o to name one)"), "dim") if tc else "")
            return
        parts: list[Content] = [Content.styled(t("Obstacles") + ": ", "bold")]
        ordered = sorted(obstacles, key=lambda o: (not o.in_focus, not o.is_open))
        for i, ob in enumerate(ordered):
            if i:
                parts.append(Content.styled("  ·  ", "dim"))
            if ob.in_focus:
                parts.append(Content.assemble(("▶ ", "bold $accent"), literal(ob.text, "bold"),
                                              (" (" + t("in focus") + ")", "$accent")))
            else:
                parts.append(Content.assemble(literal(ob.text, "" if ob.is_open else "dim strike"),
                                              (" (" + t(obstacle_status(ob.status)) + ")", "dim")))
        self._show("kata-obstacles", Content.assemble(*parts))

    def _render_detail(self) -> None:
        def left(content: Content | str) -> None:
            self._show("detail-expected", content, layout=False)  # a fixed height (kata.tcss)

        def right(content: Content | str) -> None:
            self._show("detail-outcome", content, layout=False)

        e = self.highlighted()
        if e is None:
            tc = self.view_tc()
            if tc is None:
                left(Content.styled(t(
                    "One target condition at a time, about a week each, tied to a challenge (g); under it short "
                    "experiments (n), each with what you expect written before it runs."), "italic"))
                right(Content.styled(t("To see a log alive first, run: retro demo"), "italic $text-muted"))
            else:
                left(Content.styled(t("No experiments yet: press n to plan one.") if tc.is_active else "", "italic"))
                right("")
            return
        written = e.created_at.strftime("%Y-%m-%d %H:%M") if e.created_at else ""
        exp_lines = [Content.assemble((t("Expected") + " ", "bold"), (t("(written {at})", at=written) + " ", "dim"),
                                      literal(e.expectation))]
        for a in e.amendments:
            exp_lines.append(Content.assemble(
                (f"{AMENDED_MARK} {a.at:%m-%d %H:%M} ", "bold $warning"), (t(FIELD_LABELS[a.field]) + ": ", "bold"),
                literal(a.text), literal(" (" + t("because") + " " + a.reason + ")", "dim")))
        left(Content("\n").join(exp_lines))
        status = e.status_on(self.today)
        facts = [Content(t(status))]
        if e.owner:
            facts.append(literal_name(e.current("owner")))
        facts.append(literal(t("go and see {day}", day=e.current("go_and_see_on"))))
        if e.locked_at:
            facts.append(Content(t("locked {at}", at=e.locked_at.strftime("%Y-%m-%d %H:%M"))))
        out_lines = [Content(" · ").join(facts).stylize("$text-muted")]
        if e.status == "abandoned":
            out_lines.append(Content.assemble((t("Abandoned") + ": ", "bold"), literal(e.abandon_reason)))
        else:
            said = e.current("as_expected")  # what was recorded, as corrected (amendments on the left)
            answer = f"  {ANSWER_MARK[said]} {t(said)}" if said in ANSWER_MARK else ""
            out_lines.append(Content.assemble((t("What happened") + ": ", "bold"), literal(e.current("happened") or "—"),
                                              (answer, "bold $accent")))
            out_lines.append(Content.assemble((t("What was learned") + ": ", "bold"), literal(e.current("learned") or "—")))
        right(Content("\n").join(out_lines))


    # -- history ----------------------------------------------------------------------------

    def _back_from_ahead(self) -> None:
        """The Now tab again, as the user finds it, after a stop in the middle of drawing tabs
        ahead (the focus may be on History's list, hidden now)."""
        self._tab_ahead = None
        tabs = self.query_one(TabbedContent)
        with tabs.prevent(TabbedContent.TabActivated):
            tabs.active = TABS[0]
        self._tab_ready(TABS[0])

    def _build_pane(self, pane: TabPane) -> AwaitMount:
        """Mount a tab's widgets (the first time it is shown)."""
        if pane.id == "kata-history":
            past = ItemList(id="kata-past", cursor_shows_focus=True)
            follow_cursor(past, self._render_past_detail)
            return pane.mount(Static(id="kata-past-head"), past, Static(id="past-detail"))
        return pane.mount(VerticalScroll(
            WeekChart(t("Experiments per week"), id="chart-count", style="$accent"),
            WeekChart(t("Outcome as expected"), id="chart-match", style="$success", empty=" "),
            Static(id="picture-summary"),
            id="picture"))

    def _render_history(self) -> None:
        if not self._history_dirty or not self.kata_log.complete or not self.query("#kata-past"):
            return
        self._history_dirty = False
        past = self.query_one("#kata-past", ItemList)
        widths = history_widths(past.row_width())
        self._show("kata-past-head", history_header(widths), layout=False)
        counts = self.kata_log.counts()
        past.sync([history_row(tc, counts.get(tc.id, 0), widths) for tc in self.kata_log.tcs])  # newest first
        past.draw_ahead()
        self._render_past_detail()

    def on_resize(self, event: events.Resize) -> None:
        """History's rows are made to its width: made again for the new one, once laid out."""
        self._history_dirty = True
        if self.query_one(TabbedContent).active == "kata-history":
            self.call_after_refresh(self._render_history)

    def _past_highlighted(self) -> TargetCondition | None:
        tc_id = self.query_one("#kata-past", ItemList).highlighted_id
        return self.kata_log.tc(tc_id) if tc_id else None

    def _render_past_detail(self) -> None:
        tc = self._past_highlighted()
        if tc is None:
            self._show("past-detail", Content.styled(t("No target conditions yet."), "italic"), layout=False)
            return
        done, count = self.kata_log.done_counts().get(tc.id, 0), self.kata_log.counts().get(tc.id, 0)
        lines = [
            literal(tc.title, "bold"),
            Content.assemble(sharing_mark(tc), literal(" · " + " · ".join([
                t(area_label(tc.area)), t(tc.status), t("achieve by {day}", day=tc.achieve_by.isoformat()),
                n("{done} of {count} experiment done", "{done} of {count} experiments done", count,
                  done=done)]), "$text-muted")),
            Content.assemble((t("Reflection") + ": ", "bold"), literal(tc.reflection or "—")),
        ]
        if tc.notes:
            lines.append(Content.assemble((t("Private notes") + ": ", "bold $warning"), literal(tc.notes, "italic")))
        lines.append(Content.styled(t("Enter: show its experimenting record"), "dim"))
        # A fixed height (kata.tcss): moving in the list lays out nothing.
        self._show("past-detail", Content("\n").join(lines), layout=False)

    @on(OptionList.OptionSelected, "#kata-past")
    def _past_chosen(self) -> None:
        tc = self._past_highlighted()
        if tc is None:
            return
        self._view_tc_id = None if tc.is_active else tc.id
        self.query_one(TabbedContent).active = "kata-now"
        self._render_now()
        self.query_one(RecordTable).focus()

    # -- picture ----------------------------------------------------------------------------

    def _render_picture(self) -> None:
        if not self._picture_dirty or not self.kata_log.complete or not self.query("#picture"):
            return
        self._picture_dirty = False
        width = self.query_one("#picture").size.width or self.app.size.width
        span = max(8, min(52, (width - 6) // 2))
        first = self.kata_log.first_day()
        if first is not None:  # a young log: its own weeks, not a year of empty ones
            span = max(8, min(span, (self.today - first).days // 7 + 1))
        weeks = weekly(self.kata_log.points(), self.today, span)
        mondays = [w.monday for w in weeks]
        top = max([w.experiments for w in weeks] + [1])
        bars = 6 if self.app.size.height >= 36 else 3  # a tall terminal gets taller bars
        self.query_one("#chart-count", WeekChart).plot(
            mondays, [w.experiments or None for w in weeks], top,
            n("last {count} week · most in a week: {top}", "last {count} weeks · most in a week: {top}", span, top=top),
            width=width - 2, height=bars)
        self.query_one("#chart-match", WeekChart).plot(
            mondays, [w.match for w in weeks], 1.0,
            t("share of answered outcomes; partly counts half; blank: nothing answered"), width=width - 2,
            height=bars)
        total = summarise(weeks)
        lines = [Content.assemble(
            (n("Last {count} week", "Last {count} weeks", span) + ": ", "bold"),
            n("{count} experiment, {done} done.", "{count} experiments, {done} done.", total.experiments, done=total.done))]
        if total.answered:
            lines.append(Content.assemble(
                (t("As expected") + ": ", "bold"),
                t("yes {yes} · partly {partly} · no {no} ({unanswered} not answered)", yes=total.yes,
                  partly=total.partly, no=total.no, unanswered=total.done - total.answered),
                ("  " + t("matched {share}%", share=round(100 * (total.match or 0))), "bold $success")))
        else:
            lines.append(Content.styled(t("No outcome answered 'as expected?' in these weeks yet."), "italic"))
        areas: dict[str, int] = {}
        for tc in self.kata_log.tcs:
            areas[tc.area] = areas.get(tc.area, 0) + 1
        if areas:
            lines.append(Content.assemble(
                (t("Target conditions by area") + ": ", "bold"),
                literal(" · ".join(f"{t(area_short(a))} {c}" for a, c in sorted(areas.items(), key=lambda x: -x[1])))))
        surprises = total.no + total.partly
        if total.answered:
            lines.append(Content.styled(
                n("{surprises} of {count} outcome differed from the expectation: that gap is where the learning is.",
                  "{surprises} of {count} outcomes differed from the expectation: that gap is where the learning is.",
                  total.answered, surprises=surprises), "dim italic"))
        self.query_one("#picture-summary", Static).update(Content("\n").join(lines))

    @on(TabbedContent.TabActivated)
    async def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if self._log is None:
            return
        pane = event.pane.id
        if pane in ("kata-history", "kata-picture") and not event.pane.children:
            await self._build_pane(event.pane)
            # Drawn once its widgets are laid out: the table and the chart fit their width.
            self.call_after_refresh(self._tab_ready, pane)
            return
        self._tab_ready(pane)

    def _tab_ready(self, pane: str | None, tries: int = 5) -> None:
        if pane in ("kata-history", "kata-picture"):
            widget = self.query_one("#kata-past" if pane == "kata-history" else "#picture")
            if not widget.size.width and tries:  # just mounted: not laid out yet
                self.call_after_refresh(self._tab_ready, pane, tries - 1)
                return
        if pane == "kata-history":
            self._render_history()
            self.query_one("#kata-past").focus()
        elif pane == "kata-picture":
            self._render_picture()
        elif pane == "kata-now":
            self.query_one(RecordTable).focus()

    def action_tab(self, pane: str) -> None:
        tabs = self.query_one(TabbedContent)
        if pane == "kata-now" and tabs.active == "kata-now" and self._view_tc_id is not None:
            self._view_tc_id = None  # 1 again on the Now tab: back to the active target condition
            self._render_now()
        if not tabs.get_pane(pane).children:
            tabs.active = pane  # shown for the first time: _tab_shown builds it
            return
        with tabs.prevent(TabbedContent.TabActivated):  # (it would make it ready a second time)
            tabs.active = pane
        self._tab_ready(pane)  # built: focused and filled in this key's frame

    # -- writing ----------------------------------------------------------------------------

    def _ready(self) -> bool:
        if self._load_error is not None:
            self.notify(self._load_error, severity="error")
            return False
        if self._log is None or not self._log.complete:
            self.notify(t("The log is still loading"), severity="warning")
            return False
        return True

    def _fresh(self) -> bool:
        """Before our own write: is the log as fresh as the store? (see KataLog.saved)"""
        return not self.kata_log.stale()

    def _save(self, *objs: Any, new: bool = False, keep: str | None = None) -> bool:
        """Save, then put the saved objects into the in-memory log and show them."""
        fresh = self._fresh()
        try:
            if new:
                self.app.repo.add(*objs)  # type: ignore[attr-defined]
            else:
                self.app.repo.save(*objs)  # type: ignore[attr-defined]
        except StoreError as exc:
            self.notify(t_error(exc), severity="error")
            return False
        self._changed(*objs, keep=keep, fresh=fresh)
        return True

    def _changed(self, *objs: Any, keep: str | None = None, fresh: bool = False) -> None:
        """Put what was saved into the log and update only what it changes on screen."""
        self.kata_log.put(*objs)
        self.kata_log.saved(fresh)
        self._history_dirty = self._picture_dirty = True
        tc = self.view_tc()
        if self._rendered_tc != (tc.id if tc else None) or any(
                isinstance(o, (TargetCondition, Challenge)) for o in objs):
            self._render_now(keep)
        else:
            if any(isinstance(o, Obstacle) for o in objs):
                self._render_obstacles(tc)
            if any(isinstance(o, Experiment) for o in objs):
                self._render_record(tc, keep)
        active = self.query_one(TabbedContent).active
        if active == "kata-history":
            self._render_history()
        elif active == "kata-picture":
            self._render_picture()

    def _change_experiment(self, e: Experiment, change: Any, done: str) -> None:
        """Apply a domain rule to the stored experiment under the lock; a refusal is shown."""
        fresh = self._fresh()
        try:
            updated = self.app.repo.update(Experiment, e.id, change)  # type: ignore[attr-defined]
        except (RuleError, StoreError) as exc:
            self.notify(t_error(exc), severity="error")
            return
        self._changed(updated, keep=updated.id, fresh=fresh)
        self.notify(done)

    def _target(self) -> Experiment | None:
        if not self._ready():
            return None
        e = self.highlighted()
        if e is None:
            self.notify(t("No experiment highlighted"), severity="warning")
        return e

    def action_new_experiment(self) -> None:
        if not self._ready():
            return
        tc = self._plan_for()

        def planned(e: Experiment | None) -> None:
            if e is None:
                return
            view = self._view_tc_id
            if tc is not None and e.target_condition_id == tc.id:
                self._view_tc_id = None if tc.is_active else tc.id  # show the record it went into
            if self._save(e, new=True, keep=e.id):
                self.notify(t("Planned: go and see {day}", day=e.go_and_see_on.isoformat()))
            else:
                self._view_tc_id = view

        self.app.push_screen(self._experiment_form(**self._form_values()), planned)

    def _plan_for(self) -> TargetCondition | None:
        """The target condition a new experiment goes to: the one in view, or the active one
        when a past one is in view."""
        return self.view_tc() if not self.viewing_past() else self.kata_log.active()

    def _form_values(self) -> dict[str, Any]:
        tc = self._plan_for()
        focused = next((o for o in self.kata_log.obstacles_of(tc.id if tc else None) if o.in_focus), None)
        return {"owners": self.kata_log.owners(), "target_condition_id": tc.id if tc else None,
                "obstacle_id": focused.id if focused else None}

    def _experiment_form(self, **values: Any) -> ExperimentForm:
        """This screen's one experiment form, built on first use and kept (installed): it is
        opened on a keypress, and building its widgets costs many frames."""
        from retro.tui.dialogs.experiment_form import ExperimentForm

        form = self._form
        if form is None or not form.is_running:
            if form is not None:
                self.app.uninstall_screen(form)
            form = self._form = ExperimentForm(**values)
            self.app.install_screen(form, f"kata-experiment-form-{id(self)}")
        else:
            form.reopen(**values)
        return form

    def action_start(self) -> None:
        e = self._target()
        if e is not None:
            now = self.app.clock.now()  # type: ignore[attr-defined]
            self._change_experiment(e, lambda x: x.start(now), t("Started: the expectation is locked"))

    def action_edit(self) -> None:
        e = self._target()
        if e is None:
            return
        if e.is_locked(self.today):
            self.notify(t("It has started: the expectation is locked. Amend it with m"), severity="warning")
            return
        now = self.app.clock.now()  # type: ignore[attr-defined]

        def edited(plan: Experiment | None) -> None:
            if plan is None:
                return
            changes = plan_changes(plan)
            self._change_experiment(e, lambda x: x.revise(now, **changes), t("Plan changed"))

        self.app.push_screen(self._experiment_form(
            title=t("Change the plan (it has not started, so this is not an amendment)"), step=e.step,
            expectation=e.expectation, owner=e.owner, go_and_see_on=e.go_and_see_on, owners=self.kata_log.owners(),
            target_condition_id=e.target_condition_id, obstacle_id=e.obstacle_id), edited)

    def _open_target(self, not_started: str | None = None) -> Experiment | None:
        """The highlighted experiment if its record is still open (and, when `not_started` is
        given, if it has started); otherwise say why not and return None."""
        e = self._target()
        if e is None:
            return None
        if not e.is_open:
            self.notify(t("It is {status}: its record is closed", status=t(e.status)), severity="warning")
            return None
        if not_started is not None and not e.is_locked(self.today):
            self.notify(not_started, severity="warning")
            return None
        return e

    def action_amend(self) -> None:
        e = self._target()
        if e is None:
            return
        now = self.app.clock.now()  # type: ignore[attr-defined]
        next_retro = None
        if e.status == "done":  # what was recorded may be corrected until the team's next retro
            retros = self.app.repo.retro_headings(sys.maxsize)  # type: ignore[attr-defined]
            next_retro = next_retro_start(e, ((r.team, r.started_at) for r in retros))
            try:
                e.check_amendable(now, next_retro)
            except RuleError as exc:
                self.notify(t_error(exc), severity="warning")
                return
        elif self._open_target(not_started=t("It has not started: change the plan with e, no amendment needed")) is None:
            return

        def amended(result: tuple[str, str, str] | None) -> None:
            if result is not None:
                field, text, reason = result
                self._change_experiment(e, lambda x: x.amend(field, text, reason, now, next_retro_at=next_retro),
                                        t("Amended; the original stays in the record"))

        from retro.tui.dialogs.amend import AmendDialog

        self.app.push_screen(AmendDialog(e, next_retro_at=next_retro), amended)

    def action_done(self) -> None:
        e = self._open_target(not_started=t("It has not started: outcome and learning come after. Start it with s"))
        if e is None:
            return
        now = self.app.clock.now()  # type: ignore[attr-defined]

        def recorded(result: tuple[str, str, str] | None) -> None:
            if result is not None:
                happened, learned, answer = result
                self._change_experiment(e, lambda x: x.complete(happened, learned, now, as_expected=answer),
                                        t("Outcome recorded"))

        from retro.tui.dialogs.outcome import OutcomeDialog

        self.app.push_screen(OutcomeDialog(e), recorded)

    def action_abandon(self) -> None:
        e = self._open_target()
        if e is None:
            return
        now = self.app.clock.now()  # type: ignore[attr-defined]

        def abandoned(reason: str | None) -> None:
            if reason:
                self._change_experiment(e, lambda x: x.abandon(reason, now), t("Abandoned"))

        from retro.tui.dialogs.text_prompt import TextPrompt

        self.app.push_screen(TextPrompt(t("Abandon the experiment: why will it not be run?"), context=e.step,
                                        placeholder=t("Required")), abandoned)

    # -- obstacles, target conditions, challenge, notes --------------------------------------

    def _active_tc_or_say(self) -> TargetCondition | None:
        if not self._ready():
            return None
        tc = self._tc_to_act_on()
        if tc is None:
            return None
        if not tc.is_active:
            self.notify(t("That target condition is {status}; press 1 for the active one", status=t(tc.status)),
                        severity="warning")
            return None
        return tc

    def action_new_obstacle(self) -> None:
        tc = self._active_tc_or_say()
        if tc is None:
            return
        now = self.app.clock.now()  # type: ignore[attr-defined]

        def named(text: str | None) -> None:
            if not text:
                return
            ob = Obstacle.create(tc.id, text, now)
            siblings = self.kata_log.obstacles_of(tc.id)
            changed = focus(ob, siblings) if not any(o.in_focus for o in siblings) else [ob]
            if self._save(*changed):
                self.notify(t("Obstacle named"))

        from retro.tui.dialogs.text_prompt import TextPrompt

        self.app.push_screen(TextPrompt(t("What stands between now and the target condition?"), context=tc.title,
                                        placeholder=t("One obstacle")), named)

    def action_obstacles(self) -> None:
        tc = self._active_tc_or_say()
        if tc is None:
            return
        obstacles = self.kata_log.obstacles_of(tc.id)
        if not obstacles:
            self.notify(t("No obstacles yet: name one with o"), severity="warning")
            return

        def chosen(result: tuple[str, str] | None) -> None:
            if result is None:
                return
            ob_id, action = result
            current = [Obstacle(**o.__dict__) for o in obstacles]
            ob = next(o for o in current if o.id == ob_id)
            try:
                changed = focus(ob, current) if action == "focus" else [ob]
                if action != "focus":
                    ob.set_status(action)
            except RuleError as exc:
                self.notify(t_error(exc), severity="error")
                return
            self._save(*changed)

        from retro.tui.dialogs.obstacle_picker import ObstaclePicker

        self.app.push_screen(ObstaclePicker(obstacles), chosen)

    def action_new_tc(self) -> None:
        if not self._ready():
            return
        challenge = self.kata_log.challenge_of(self.kata_log.active())
        if challenge is None or not challenge.is_active:
            self.action_new_challenge(then_tc=True)
            return
        self._new_tc_for(challenge)

    def _new_tc_for(self, challenge: Challenge) -> None:
        now = self.app.clock.now()  # type: ignore[attr-defined]
        areas = [tc.area for tc in self.kata_log.tcs]

        def written(new: TargetCondition | None) -> None:
            if new is None:
                return
            previous = previous_active(new, self.kata_log.tcs)
            if previous is None:
                self._activate(new, None, None)
                return

            def reflected(answer: tuple[str, str] | None) -> None:
                if answer is None:
                    self.notify(t("Nothing changed: {title} is still active", title=shorten(previous.title, 40)),
                                severity="warning")
                    return
                status, reflection = answer
                self._activate(new, reflection, status)

            from retro.tui.dialogs.reflection_prompt import ReflectionPrompt

            self.app.push_screen(ReflectionPrompt(previous, now.date(), lead=t("A new target condition takes over.")),
                                 reflected)

        from retro.tui.dialogs.tc_form import TargetConditionForm

        self.app.push_screen(TargetConditionForm(challenge.id, areas=areas), written)

    def _activate(self, new: TargetCondition, reflection: str | None, status: str | None) -> None:
        repo = self.app.repo  # type: ignore[attr-defined]
        now = self.app.clock.now()  # type: ignore[attr-defined]
        fresh = self._fresh()
        try:
            with repo.locked():
                siblings = repo.all(TargetCondition)  # fresh under the lock: another process may have closed it
                closed = activate(new, siblings, reflection, now, status)
                repo.save(*([closed] if closed else []), new)
        except (RuleError, StoreError) as exc:
            self.notify(t_error(exc), severity="error")
            return
        self._view_tc_id = None
        self._changed(*([closed] if closed else []), new, fresh=fresh)
        self.notify(t("{title} is the active target condition", title=shorten(new.title, 50)))

    def action_new_challenge(self, then_tc: bool = False) -> None:
        if not self._ready():
            return

        def written(ch: Challenge | None) -> None:
            if ch is not None and self._save(ch, new=True):
                if then_tc:
                    self._new_tc_for(ch)

        from retro.tui.dialogs.challenge_form import ChallengeForm

        self.app.push_screen(ChallengeForm(), written)

    def action_notes(self) -> None:
        if not self._ready():
            return
        tc = self._tc_to_act_on()
        if tc is None:
            return

        def written(text: str | None) -> None:
            if text is None:
                return
            fresh = self._fresh()
            try:
                updated = self.app.repo.update(TargetCondition, tc.id, lambda x: setattr(x, "notes", text))  # type: ignore[attr-defined]
            except StoreError as exc:
                self.notify(t_error(exc), severity="error")
                return
            self._changed(updated, fresh=fresh)

        from retro.tui.dialogs.text_prompt import TextPrompt

        self.app.push_screen(TextPrompt(t("Private notes (never shown in a retro)"), value=tc.notes, context=tc.title,
                                        required=False, multiline=True), written)

    def action_share(self) -> None:
        """Share the target condition in view with the team, or make it private again."""
        if not self._ready():
            return
        tc = self._tc_to_act_on()
        if tc is None:
            return
        shared = not tc.is_shared
        fresh = self._fresh()
        try:
            repo = self.app.repo  # type: ignore[attr-defined]
            updated = repo.update(TargetCondition, tc.id, lambda x: setattr(x, "shared", shared))
        except StoreError as exc:
            self.notify(t_error(exc), severity="error")
            return
        self._changed(updated, fresh=fresh)
        self.notify(t("Shared with the team: it shows on the retro screens") if shared
                    else t("Private: it no longer shows on the retro screens"))

    # -- elsewhere --------------------------------------------------------------------------

    def action_coach(self) -> None:
        tc = self._active_tc_or_say()
        if tc is None:
            return
        from retro.tui.screens.coaching import CoachingScreen

        def back(changed: list[object] | None) -> None:
            if changed:
                self._changed(*changed)

        self.app.push_screen(CoachingScreen(self.kata_log, tc.id), back)

    def action_export(self) -> None:
        from retro.tui.dialogs.export import ExportDialog

        self.app.push_screen(ExportDialog(team=None))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            # A toast follows the app to the next screen, and the log's may name a private
            # target condition: they stay here.
            self.app.clear_notifications()
            self.app.pop_screen()
