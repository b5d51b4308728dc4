"""The leader's kata log: the challenge, the target condition in view with its obstacles and
its experimenting record, the past target conditions with their reflections, and a picture.

Private: the log may hold notes about people and conflicts, so it is its own screen, opened
deliberately, never part of a presented retro.

Fast with a five-year log: the target conditions (one small file) paint first; the rest of the
log loads once in a worker thread and is kept in memory as a `KataLog`; cursor moves and tab
switches are answered from it. After its own writes the screen puts the changed objects back
into that log rather than reading the store again.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from retro.domain.errors import RuleError
from retro.domain.kata import (
    Challenge,
    Experiment,
    Obstacle,
    TargetCondition,
    activate,
    area_label,
    focus,
    previous_active,
)
from retro.domain.kata_picture import summarise, weekly
from retro.i18n import t, t_error
from retro.screens.kata_data import FIELD_LABELS, KataLog, area_short, obstacle_status, shorten
from retro.store import StoreError
from retro.ui import StoreChanged, literal, translate_bindings
from retro.widgets.kata_chart import WeekChart
from retro.widgets.kata_record import AMENDED_MARK, ANSWER_MARK, RecordTable

TABS = ("kata-now", "kata-history", "kata-picture")


class LogLoaded(Message):
    """The worker has read the whole log."""

    def __init__(self, log: KataLog, generation: int) -> None:
        super().__init__()
        self.kata_log = log
        self.generation = generation


def show_kata_log(app: App[Any]) -> None:
    """Open the kata log on top of the current screen."""
    app.push_screen(KataScreen())


def days_left_text(tc: TargetCondition, today: date) -> str:
    days = tc.days_left(today)
    if days > 1:
        return t("{days} days left", days=days)
    if days == 1:
        return t("1 day left")
    if days == 0:
        return t("due today")
    return t("{days} days overdue", days=-days)


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
        Binding("c", "coach", "Coaching", id="kata.coach", tooltip="Walk the five coaching questions against the log"),
        Binding("x", "export", "Export", id="kata.export", tooltip="Export the log to your journal"),
        Binding("1", "tab('kata-now')", "Now", id="kata.tab_now", show=False,
                tooltip="The active target condition and its record"),
        Binding("2", "tab('kata-history')", "History", id="kata.tab_history", show=False,
                tooltip="Past target conditions, newest first, with their reflections"),
        Binding("3", "tab('kata-picture')", "Picture", id="kata.tab_picture", show=False,
                tooltip="Experiments per week and how often the outcome matched"),
        Binding("escape", "back", "Back", id="kata.back", tooltip="Back to the home screen"),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self._log: KataLog | None = None
        self._view_tc_id: str | None = None  # None: the active one
        self._generation = 0
        self._history_dirty = True
        self._picture_dirty = True
        self._history_ids: list[str] = []

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
                yield RecordTable(id="kata-record")
                with Horizontal(id="kata-detail"):
                    yield Static(id="detail-expected")
                    yield Static(id="detail-outcome")
            with TabPane(t("History"), id="kata-history"):
                yield DataTable(id="kata-past", cursor_type="row", zebra_stripes=True)
                yield Static(id="past-detail")
            with TabPane(t("Picture"), id="kata-picture"):
                with VerticalScroll(id="picture"):
                    yield WeekChart(t("Experiments per week"), id="chart-count", style="$accent")
                    yield WeekChart(t("Outcome as expected"), id="chart-match", style="$success", empty=" ")
                    yield Static(id="picture-summary")
        yield Footer()

    @property
    def today(self) -> date:
        return self.app.clock.now().date()  # type: ignore[attr-defined, no-any-return]

    def on_mount(self) -> None:
        self.sub_title = t("Kata log (private)")
        self._log = KataLog.load_head(self.app.repo, self.today)  # type: ignore[attr-defined]
        self._render_now()
        self.query_one("#detail-expected", Static).update(t("Loading the experimenting record…"))
        self.query_one(RecordTable).focus()
        self._reload()

    def _reload(self) -> None:
        self._generation += 1
        self._load(self._generation, self.today)

    @work(thread=True, exclusive=True, group="kata-load")
    def _load(self, generation: int, today: date) -> None:
        """Read the whole log off the UI thread; hand it over as a message (never touch widgets here)."""
        log = KataLog.load(self.app.repo, today)  # type: ignore[attr-defined]
        if not get_current_worker().is_cancelled:
            self.post_message(LogLoaded(log, generation))

    @on(LogLoaded)
    def _loaded(self, event: LogLoaded) -> None:
        if event.generation != self._generation:
            return  # a newer load is on its way
        self._log = event.kata_log
        self._history_dirty = self._picture_dirty = True
        self._render_all()

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self._reload()

    # -- what is in view --------------------------------------------------------------------

    @property
    def kata_log(self) -> KataLog:
        assert self._log is not None
        return self._log

    def view_tc(self) -> TargetCondition | None:
        return self.kata_log.tc(self._view_tc_id) or self.kata_log.active()

    def viewing_past(self) -> bool:
        tc = self.view_tc()
        return tc is not None and not tc.is_active

    def highlighted(self) -> Experiment | None:
        exp_id = self.query_one(RecordTable).highlighted_id()
        tc = self.view_tc()
        if exp_id is None or tc is None:
            return None
        return next((e for e in self.kata_log.record(tc.id) if e.id == exp_id), None)

    # -- rendering --------------------------------------------------------------------------

    def _render_all(self, keep: str | None = None) -> None:
        self._render_now(keep)
        active = self.query_one(TabbedContent).active
        if active == "kata-history":
            self._render_history()
        elif active == "kata-picture":
            self._render_picture()

    def _render_now(self, keep: str | None = None) -> None:
        log, today = self.kata_log, self.today
        tc = self.view_tc()
        challenge = log.challenge_of(tc)
        if challenge is None:
            head = Content.styled(t("No challenge yet: press g to write the long-range direction."), "italic")
        else:
            head = Content.assemble((t("Challenge") + ": ", "dim"), (challenge.title, "dim italic"))
        self.query_one("#kata-challenge", Static).update(head)
        title = self.query_one("#kata-title", Static)
        meta = self.query_one("#kata-meta", Static)
        past = self.query_one("#kata-past-note", Static)
        notes = self.query_one("#kata-notes", Static)
        if tc is None:
            title.update(Content.styled(t("No target condition yet: press t to set the first one."), "bold"))
            meta.update("")
        else:
            title.update(literal(tc.title, "bold $primary"))
            facts = [t(area_label(tc.area)), t("achieve by {day}", day=tc.achieve_by.isoformat()),
                     days_left_text(tc, today) if tc.is_active else t(tc.status)]
            meta.update(Content.styled(" · ".join(facts), "$text-muted"))
        past.display = bool(tc and not tc.is_active)
        if tc is not None and not tc.is_active:
            past.update(Content("\n").join([
                Content.assemble((t("Reflection") + ": ", "bold"), tc.reflection or "—"),
                Content.styled(t("A past target condition · press 1 for the active one"), "italic $warning"),
            ]))
        notes.display = bool(tc and tc.notes)
        if tc is not None and tc.notes:
            notes.update(Content.assemble((t("Private notes") + ": ", "bold $warning"), (" ".join(tc.notes.split()), "italic")))
        self._render_obstacles(tc)
        if log.complete:
            record = log.record(tc.id) if tc else []
            self.query_one(RecordTable).show(record, today, keep)
            self._render_detail()

    def _render_obstacles(self, tc: TargetCondition | None) -> None:
        panel = self.query_one("#kata-obstacles", Static)
        obstacles = self.kata_log.obstacles_of(tc.id if tc else None)
        if not self.kata_log.complete:
            panel.update("")
            return
        if not obstacles:
            panel.update(Content.styled(t("Obstacles: none named yet (o to name one)"), "dim") if tc else "")
            return
        parts: list[Content] = [Content.styled(t("Obstacles") + ": ", "bold")]
        ordered = sorted(obstacles, key=lambda o: (not o.in_focus, not o.is_open))
        for i, ob in enumerate(ordered):
            if i:
                parts.append(Content.styled("  ·  ", "dim"))
            if ob.in_focus:
                parts.append(Content.assemble(("▶ ", "bold $accent"), (ob.text, "bold"),
                                              (" (" + t("in focus") + ")", "$accent")))
            else:
                parts.append(Content.assemble((ob.text, "" if ob.is_open else "dim strike"),
                                              (" (" + t(obstacle_status(ob.status)) + ")", "dim")))
        panel.update(Content.assemble(*parts))

    def _render_detail(self) -> None:
        left = self.query_one("#detail-expected", Static)
        right = self.query_one("#detail-outcome", Static)
        e = self.highlighted()
        if e is None:
            tc = self.view_tc()
            if tc is None:
                left.update(Content.styled(t(
                    "One target condition at a time, about a week each, tied to a challenge (g); under it short "
                    "experiments (n), each with what you expect written before it runs."), "italic"))
                right.update(Content.styled(t("To see a log alive first, run: retro demo"), "italic $text-muted"))
            else:
                left.update(Content.styled(t("No experiments yet: press n to plan one.") if tc.is_active else "",
                                           "italic"))
                right.update("")
            return
        written = e.created_at.strftime("%Y-%m-%d %H:%M") if e.created_at else ""
        exp_lines = [Content.assemble((t("Expected") + " ", "bold"), (t("(written {at})", at=written) + " ", "dim"),
                                      e.expectation)]
        for a in e.amendments:
            exp_lines.append(Content.assemble(
                (f"{AMENDED_MARK} {a.at:%m-%d %H:%M} ", "bold $warning"), (t(FIELD_LABELS[a.field]) + ": ", "bold"),
                a.text, (" (" + t("because") + " " + a.reason + ")", "dim")))
        left.update(Content("\n").join(exp_lines))
        status = e.status_on(self.today)
        facts = [t(status)]
        if e.owner:
            facts.append(e.current("owner"))
        facts.append(t("go and see {day}", day=e.current("go_and_see_on")))
        if e.locked_at:
            facts.append(t("locked {at}", at=e.locked_at.strftime("%Y-%m-%d %H:%M")))
        out_lines = [Content.styled(" · ".join(facts), "$text-muted")]
        if e.status == "abandoned":
            out_lines.append(Content.assemble((t("Abandoned") + ": ", "bold"), e.abandon_reason))
        else:
            answer = f"  {ANSWER_MARK[e.as_expected]} {t(e.as_expected)}" if e.as_expected else ""
            out_lines.append(Content.assemble((t("What happened") + ": ", "bold"), e.happened or "—",
                                              (answer, "bold $accent")))
            out_lines.append(Content.assemble((t("What was learned") + ": ", "bold"), e.learned or "—"))
        right.update(Content("\n").join(out_lines))

    @on(DataTable.RowHighlighted, "#kata-record")
    def _record_moved(self) -> None:
        self._render_detail()

    # -- history ----------------------------------------------------------------------------

    def _render_history(self) -> None:
        if not self._history_dirty or not self.kata_log.complete:
            return
        self._history_dirty = False
        table = self.query_one("#kata-past", DataTable)
        keep = None
        if table.row_count and table.cursor_row >= 0:
            keep = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        width = max(table.size.width or self.app.size.width, 60)
        title_w = max(20, (width - 52) * 55 // 100)
        reflection_w = max(12, width - 52 - title_w)
        table.clear(columns=True)
        table.add_column(t("Achieve by"), width=10, key="by")
        table.add_column(t("Area"), width=12, key="area")
        table.add_column(t("Status"), width=9, key="status")
        table.add_column(t("Target condition"), width=title_w, key="title")
        table.add_column(t("Exp."), width=4, key="count")
        table.add_column(t("Reflection"), width=reflection_w, key="reflection")
        counts = self.kata_log.counts()
        table.add_rows(
            (
                Text(tc.achieve_by.isoformat(), end=""),
                Text(t(area_short(tc.area)), no_wrap=True, overflow="ellipsis", end=""),
                Text(t(tc.status), style="bold" if tc.is_active else "", end=""),
                Text(" ".join(tc.title.split()), no_wrap=True, overflow="ellipsis", end=""),
                Text(str(counts.get(tc.id, 0)), justify="right", end=""),
                Text(" ".join(tc.reflection.split()), no_wrap=True, overflow="ellipsis", style="italic", end=""),
            )
            for tc in self.kata_log.tcs
        )
        # Row keys follow the order of log.tcs (newest first).
        self._history_ids = [tc.id for tc in self.kata_log.tcs]
        if keep in self._history_ids:
            table.move_cursor(row=self._history_ids.index(keep), animate=False)
        self._render_past_detail()

    def _past_highlighted(self) -> TargetCondition | None:
        table = self.query_one("#kata-past", DataTable)
        ids = getattr(self, "_history_ids", [])
        if not ids or not (0 <= table.cursor_row < len(ids)):
            return None
        return self.kata_log.tc(ids[table.cursor_row])

    def _render_past_detail(self) -> None:
        tc = self._past_highlighted()
        panel = self.query_one("#past-detail", Static)
        if tc is None:
            panel.update(Content.styled(t("No target conditions yet."), "italic"))
            return
        record = self.kata_log.record(tc.id)
        done = sum(e.status == "done" for e in record)
        lines = [
            literal(tc.title, "bold"),
            Content.styled(" · ".join([t(area_label(tc.area)), t(tc.status),
                                       t("achieve by {day}", day=tc.achieve_by.isoformat()),
                                       t("{done} of {count} experiments done", done=done, count=len(record))]),
                           "$text-muted"),
            Content.assemble((t("Reflection") + ": ", "bold"), tc.reflection or "—"),
        ]
        if tc.notes:
            lines.append(Content.assemble((t("Private notes") + ": ", "bold $warning"), (tc.notes, "italic")))
        lines.append(Content.styled(t("Enter: show its experimenting record"), "dim"))
        panel.update(Content("\n").join(lines))

    @on(DataTable.RowHighlighted, "#kata-past")
    def _past_moved(self) -> None:
        self._render_past_detail()

    @on(DataTable.RowSelected, "#kata-past")
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
        if not self._picture_dirty or not self.kata_log.complete:
            return
        self._picture_dirty = False
        width = self.query_one("#picture").size.width or self.app.size.width
        n = max(8, min(52, (width - 6) // 2))
        first = self.kata_log.first_day()
        if first is not None:  # a young log: its own weeks, not a year of empty ones
            n = max(8, min(n, (self.today - first).days // 7 + 1))
        weeks = weekly(self.kata_log.points(), self.today, n)
        mondays = [w.monday for w in weeks]
        top = max([w.experiments for w in weeks] + [1])
        bars = 6 if self.app.size.height >= 36 else 3  # a tall terminal gets taller bars
        self.query_one("#chart-count", WeekChart).plot(
            mondays, [w.experiments or None for w in weeks], top,
            t("last {weeks} weeks · most in a week: {top}", weeks=n, top=top), width=width - 2, height=bars)
        self.query_one("#chart-match", WeekChart).plot(
            mondays, [w.match for w in weeks], 1.0,
            t("share of answered outcomes; partly counts half; blank: nothing answered"), width=width - 2,
            height=bars)
        total = summarise(weeks)
        lines = [Content.assemble(
            (t("Last {weeks} weeks", weeks=n) + ": ", "bold"),
            t("{count} experiments, {done} done.", count=total.experiments, done=total.done))]
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
                " · ".join(f"{t(area_short(a))} {c}" for a, c in sorted(areas.items(), key=lambda x: -x[1]))))
        surprises = total.no + total.partly
        if total.answered:
            lines.append(Content.styled(
                t("{surprises} of {answered} outcomes differed from the expectation: that gap is where the learning is.",
                  surprises=surprises, answered=total.answered), "dim italic"))
        self.query_one("#picture-summary", Static).update(Content("\n").join(lines))

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if self._log is None:
            return
        pane = event.pane.id
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
        tabs.active = pane

    # -- writing ----------------------------------------------------------------------------

    def _ready(self) -> bool:
        if self._log is None or not self._log.complete:
            self.notify(t("The log is still loading"), severity="warning")
            return False
        return True

    def _save(self, *objs: Any, new: bool = False, keep: str | None = None) -> bool:
        """Save, then put the saved objects into the in-memory log and show them."""
        try:
            if new:
                self.app.repo.add(*objs)  # type: ignore[attr-defined]
            else:
                self.app.repo.save(*objs)  # type: ignore[attr-defined]
        except StoreError as exc:
            self.notify(t_error(exc), severity="error")
            return False
        self._changed(*objs, keep=keep)
        return True

    def _changed(self, *objs: Any, keep: str | None = None) -> None:
        self.kata_log.put(*objs)
        self._history_dirty = self._picture_dirty = True
        self._render_all(keep)

    def _change_experiment(self, e: Experiment, change: Any, done: str) -> None:
        """Apply a domain rule to the stored experiment under the lock; a refusal is shown."""
        try:
            updated = self.app.repo.update(Experiment, e.id, change)  # type: ignore[attr-defined]
        except (RuleError, StoreError) as exc:
            self.notify(t_error(exc), severity="error")
            return
        self._changed(updated, keep=updated.id)
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
        active = self.kata_log.active()
        tc = self.view_tc() if not self.viewing_past() else active
        focused = next((o for o in self.kata_log.obstacles_of(tc.id if tc else None) if o.in_focus), None)

        def planned(e: Experiment | None) -> None:
            if e is not None and self._save(e, new=True, keep=e.id):
                if tc is not None and e.target_condition_id == tc.id:
                    self._view_tc_id = None if tc.is_active else tc.id
                self._render_now(keep=e.id)
                self.notify(t("Planned: go and see {day}", day=e.go_and_see_on.isoformat()))

        from retro.dialogs.experiment_form import ExperimentForm

        self.app.push_screen(ExperimentForm(owners=self.kata_log.owners(), target_condition_id=tc.id if tc else None,
                                            obstacle_id=focused.id if focused else None), planned)

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
            changes = {"step": plan.step, "expectation": plan.expectation, "owner": plan.owner,
                       "go_and_see_on": plan.go_and_see_on, "obstacle_id": plan.obstacle_id,
                       "target_condition_id": plan.target_condition_id}
            self._change_experiment(e, lambda x: x.revise(now, **changes), t("Plan changed"))

        from retro.dialogs.experiment_form import ExperimentForm

        self.app.push_screen(ExperimentForm(
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
        e = self._open_target(not_started=t("It has not started: change the plan with e, no amendment needed"))
        if e is None:
            return
        now = self.app.clock.now()  # type: ignore[attr-defined]

        def amended(result: tuple[str, str, str] | None) -> None:
            if result is not None:
                field, text, reason = result
                self._change_experiment(e, lambda x: x.amend(field, text, reason, now),
                                        t("Amended; the original stays in the record"))

        from retro.dialogs.amend import AmendDialog

        self.app.push_screen(AmendDialog(e), amended)

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

        from retro.dialogs.outcome import OutcomeDialog

        self.app.push_screen(OutcomeDialog(e), recorded)

    def action_abandon(self) -> None:
        e = self._open_target()
        if e is None:
            return
        now = self.app.clock.now()  # type: ignore[attr-defined]

        def abandoned(reason: str | None) -> None:
            if reason:
                self._change_experiment(e, lambda x: x.abandon(reason, now), t("Abandoned"))

        from retro.dialogs.text_prompt import TextPrompt

        self.app.push_screen(TextPrompt(t("Abandon the experiment: why will it not be run?"), context=e.step,
                                        placeholder=t("Required")), abandoned)

    # -- obstacles, target conditions, challenge, notes --------------------------------------

    def _active_tc_or_say(self) -> TargetCondition | None:
        if not self._ready():
            return None
        tc = self.view_tc()
        if tc is None:
            self.notify(t("Set a target condition first (t)"), severity="warning")
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

        from retro.dialogs.text_prompt import TextPrompt

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

        from retro.dialogs.obstacle_picker import ObstaclePicker

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

            from retro.dialogs.reflection_prompt import ReflectionPrompt

            self.app.push_screen(ReflectionPrompt(previous, now.date(), lead=t("A new target condition takes over.")),
                                 reflected)

        from retro.dialogs.tc_form import TargetConditionForm

        self.app.push_screen(TargetConditionForm(challenge.id, areas=areas), written)

    def _activate(self, new: TargetCondition, reflection: str | None, status: str | None) -> None:
        repo = self.app.repo  # type: ignore[attr-defined]
        now = self.app.clock.now()  # type: ignore[attr-defined]
        try:
            with repo.locked():
                siblings = repo.all(TargetCondition)  # fresh under the lock: another process may have closed it
                closed = activate(new, siblings, reflection, now, status)
                repo.save(*([closed] if closed else []), new)
        except (RuleError, StoreError) as exc:
            self.notify(t_error(exc), severity="error")
            return
        self._view_tc_id = None
        self._changed(*([closed] if closed else []), new)
        self.notify(t("{title} is the active target condition", title=shorten(new.title, 50)))

    def action_new_challenge(self, then_tc: bool = False) -> None:
        if not self._ready():
            return

        def written(ch: Challenge | None) -> None:
            if ch is not None and self._save(ch, new=True):
                if then_tc:
                    self._new_tc_for(ch)

        from retro.dialogs.challenge_form import ChallengeForm

        self.app.push_screen(ChallengeForm(), written)

    def action_notes(self) -> None:
        if not self._ready():
            return
        tc = self.view_tc()
        if tc is None:
            self.notify(t("Set a target condition first (t)"), severity="warning")
            return

        def written(text: str | None) -> None:
            if text is None:
                return
            try:
                updated = self.app.repo.update(TargetCondition, tc.id, lambda x: setattr(x, "notes", text))  # type: ignore[attr-defined]
            except StoreError as exc:
                self.notify(t_error(exc), severity="error")
                return
            self._changed(updated)

        from retro.dialogs.text_prompt import TextPrompt

        self.app.push_screen(TextPrompt(t("Private notes (never shown in a retro)"), value=tc.notes, context=tc.title,
                                        required=False, multiline=True), written)

    # -- elsewhere --------------------------------------------------------------------------

    def action_coach(self) -> None:
        tc = self._active_tc_or_say()
        if tc is None:
            return
        from retro.screens.coaching import CoachingScreen

        def back(changed: list[object] | None) -> None:
            if changed:
                self._changed(*changed)

        self.app.push_screen(CoachingScreen(self.kata_log, tc.id), back)

    def action_export(self) -> None:
        from retro.dialogs.export import ExportDialog

        self.app.push_screen(ExportDialog(team=None))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
