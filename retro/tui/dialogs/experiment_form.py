"""Plan an experiment: what will be done and what we expect — written before it runs.

A self-contained modal used by the kata log, the coaching screen and the retro's decide phase.
It returns a planned, validated, UNSAVED `Experiment` (or None when cancelled): the caller owns
the store write, so the same form serves a retro (which links items) and the leader's log.

In a retro (`shared_only`) the form offers only the target conditions shared with the team: the
screen is being presented. The topic an experiment comes from is shown above the fields as
context (`topic`), not typed into them: what will be done is the team's own words.

A caller that plans often (the kata log) keeps one form installed and `reopen`s it with new
values: building its widgets costs far more than a keypress may.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static

from retro.domain.clock import next_working_day
from retro.domain.errors import RuleError
from retro.domain.kata import Experiment, Obstacle, TargetCondition
from retro.i18n import n, t, t_error
from retro.tui.screens.ahead import is_ahead, lay_out_ahead
from retro.tui.ui import Shown, literal, restyle_only_if_stale, styled_now
from retro.tui.widgets.entry import FieldInput

if TYPE_CHECKING:
    from retro.store.repository import StoreStamp

# Experiments are short: a day or less, followed up within the week.
FAR_AWAY_DAYS = 7
# Closed target conditions offered besides the active ones (the log can hold hundreds).
RECENT_CLOSED = 10
OPEN_OBSTACLE = ("parked", "working")

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_name(day: date) -> str:
    return t(WEEKDAYS[day.weekday()])


def _short(text: str, width: int = 56) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def target_condition_choices(tcs: list[TargetCondition]) -> list[TargetCondition]:
    """Active target conditions first (newest first), then the most recently closed few."""
    def newest(tc: TargetCondition) -> tuple[date, str]:
        return (tc.created_at.date() if tc.created_at else tc.achieve_by, tc.achieve_by.isoformat())

    active = sorted((tc for tc in tcs if tc.is_active), key=newest, reverse=True)
    closed = sorted((tc for tc in tcs if not tc.is_active), key=newest, reverse=True)[:RECENT_CLOSED]
    return active + closed


class ExperimentForm(ModalScreen["Experiment | None"]):
    DEFAULT_CSS = """
    ExperimentForm { align: center middle; }
    ExperimentForm > #experiment-form {
        width: 96%; max-width: 100; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ExperimentForm .form-title { text-style: bold; color: $primary; padding: 0 0 1 0; }
    ExperimentForm #form-context { color: $text-muted; padding: 0 0 1 0; height: auto; }
    ExperimentForm Grid {
        grid-size: 2; grid-columns: 20 1fr; grid-rows: auto; grid-gutter: 1 1; height: auto;
    }
    ExperimentForm Grid > Label { color: $text-muted; width: 100%; text-align: right; }
    ExperimentForm #day-row { height: auto; }
    ExperimentForm #day { width: 14; }
    ExperimentForm #day-note { width: 1fr; height: auto; padding: 0 0 0 2; color: $text-muted; }
    ExperimentForm #day-note.-warning { color: $warning; text-style: bold; }
    ExperimentForm #form-message { height: auto; padding: 1 0 0 21; }
    ExperimentForm #form-message.-error { color: $error; text-style: bold; }
    ExperimentForm #form-buttons { height: auto; align-horizontal: right; padding-top: 1; }
    ExperimentForm #form-buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="experiment_form.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", id="experiment_form.save", tooltip="Plan the experiment"),
    ]

    def __init__(
        self,
        *,
        step: str = "",
        team: str | None = None,
        retro_id: str | None = None,
        item_ids: tuple[str, ...] = (),
        owners: list[str] | tuple[str, ...] = (),
        expectation: str = "",
        target_condition_id: str | None = None,
        obstacle_id: str | None = None,
        owner: str = "",
        go_and_see_on: date | None = None,
        title: str | None = None,
        topic: str = "",
        shared_only: bool = False,
    ) -> None:
        super().__init__()
        self._obstacles: list[Obstacle] = []
        self._offered: list[tuple[str, str]] = []  # the target conditions the select offers
        self._obstacles_offered: list[tuple[str, str]] | None = None  # and the obstacles
        self._refill = False
        self._kept_tc: str | None = None  # see _choices
        self._read: tuple[StoreStamp, bool, list[TargetCondition], str | None] | None = None  # see _choices
        self._shown = Shown(self)  # what its notes show: a reopening that changes none lays out nothing
        self._configure(step=step, team=team, retro_id=retro_id, item_ids=item_ids, owners=owners,
                        expectation=expectation, target_condition_id=target_condition_id, obstacle_id=obstacle_id,
                        owner=owner, go_and_see_on=go_and_see_on, title=title, topic=topic,
                        shared_only=shared_only)

    def _configure(self, *, step: str = "", team: str | None = None, retro_id: str | None = None,
                   item_ids: tuple[str, ...] = (), owners: list[str] | tuple[str, ...] = (), expectation: str = "",
                   target_condition_id: str | None = None, obstacle_id: str | None = None, owner: str = "",
                   go_and_see_on: date | None = None, title: str | None = None, topic: str = "",
                   shared_only: bool = False) -> None:
        self._step = step
        self._expectation = expectation
        self._team = team
        self._retro_id = retro_id
        self._item_ids = tuple(item_ids)
        self._owners = [o for o in dict.fromkeys(o.strip() for o in owners) if o]
        self._tc_hint = target_condition_id
        self._obstacle_hint = obstacle_id
        self._owner = owner
        self._day = go_and_see_on
        self._title = title
        self._topic = topic
        self._shared_only = shared_only

    def reopen(self, **values: object) -> None:
        """Plan another one with this (installed) form: the same arguments as a new form's;
        the fields are filled in when it is shown again."""
        self._configure(**values)  # type: ignore[arg-type]
        self._refill = True

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        today = self.app.clock.now().date()  # type: ignore[attr-defined]
        tc_options, tc_value = self._choices()
        self._offered = [(option.plain, value) for option, value in tc_options]
        with Vertical(id="experiment-form"):
            yield Static(classes="form-title", id="form-title")
            yield Static(id="form-context")
            with Grid():
                yield Label(t("What will be done"))
                yield FieldInput(self._step, placeholder=t("One short step, a day or less"), id="step", compact=True)
                yield Label(t("What we expect"))
                yield FieldInput(self._expectation, placeholder=t("Required: what do you think will happen?"),
                            id="expectation", compact=True)
                yield Label(t("Owner"))
                yield FieldInput(self._owner, placeholder=t("Who takes the step"), id="owner", compact=True,
                            suggester=SuggestFromList(self._owners, case_sensitive=False) if self._owners else None)
                yield Label(t("Go-and-see day"))
                with Horizontal(id="day-row"):
                    yield FieldInput(self._default_day(today).isoformat(), placeholder="YYYY-MM-DD", id="day", compact=True)
                    yield Static(id="day-note")
                yield Label(t("Target condition"))
                yield Select(tc_options, prompt=t("No target condition"), allow_blank=True,
                             value=tc_value if tc_value else Select.NULL, id="tc", compact=True)
                yield Label(t("Obstacle"))
                yield Select([], prompt=t("No particular obstacle"), allow_blank=True, id="obstacle", compact=True)
            yield Static(id="form-message")
            with Horizontal(id="form-buttons"):
                yield Button(t("Save (ctrl+s)"), id="save", variant="primary", compact=True)
                yield Button(t("Cancel (esc)"), id="cancel", compact=True)

    def _heading(self) -> str:
        return self._title or t("Plan an experiment: write what you expect before it runs")

    def _default_day(self, today: date) -> date:
        return self._day or next_working_day(today)

    def _choices(self) -> tuple[list[tuple[Content, str]], str | None]:
        """The target conditions to offer, the one chosen, and the open obstacles of those
        (only those are copied out of the store: a five-year log has hundreds)."""
        read = self._read
        # A reopening reads the store again only if it changed (or what may be offered did).
        if read is None or read[0].changed() or read[1] != self._shared_only:
            repo = self.app.repo  # type: ignore[attr-defined]
            stamp = repo.stamp()  # first: a write while we read shows as a change
            everything = repo.all(TargetCondition)
            if self._shared_only:  # a presented screen: the leader's private ones are not named
                everything = [tc for tc in everything if tc.is_shared]
            tcs = target_condition_choices(everything)
            offered = {tc.id for tc in tcs}
            self._obstacles = repo.all(
                Obstacle, where=lambda o: o.target_condition_id in offered and o.status in OPEN_OBSTACLE)
            active = repo.active_target_condition()
            if active is not None and active.id not in offered:  # private: the newest active one offered
                active = next((tc for tc in tcs if tc.is_active), None)
            read = self._read = (stamp, self._shared_only, tcs, active.id if active else None)
        _, _, tcs, active_id = read
        offered = any(tc.id == self._tc_hint for tc in tcs)
        # A plan tied to a private target condition, changed on a presented screen, keeps its tie
        # unshown (the choice stays blank) rather than losing it or falling to another one.
        self._kept_tc = self._tc_hint if self._tc_hint and not offered and self._shared_only else None
        tc_value = self._tc_hint if offered else None if self._kept_tc else active_id
        return [(literal(self._tc_label(tc)), tc.id) for tc in tcs], tc_value

    def on_mount(self) -> None:
        styled_now(self)
        self._shown.show("form-title", self._heading())
        self._show_context()
        self._fill_obstacles(self.query_one("#tc", Select).value, prefer=self._obstacle_hint)
        self._check_day()
        self.query_one("#step" if not self._step.strip() else "#expectation", Input).focus()
        if is_ahead(self):  # built before it is needed (the kata log does): laid out and drawn now too
            self.call_after_refresh(lay_out_ahead, self)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Shown again after `reopen`: every field as a new form would have it."""
        restyle_only_if_stale(self, event)  # kept off the stack between uses: see retro/tui/ui.py
        if not self._refill:
            return
        self._refill = False
        today = self.app.clock.now().date()  # type: ignore[attr-defined]
        tc_options, tc_value = self._choices()
        # Each change restyles and redraws: change only what differs from the last plan.
        self._shown.show("form-title", self._heading())
        self._show_context()
        for field, value in (("step", self._step), ("expectation", self._expectation), ("owner", self._owner),
                             ("day", self._default_day(today).isoformat())):
            widget = self.query_one(f"#{field}", Input)
            if widget.value != value:
                widget.value = value
        self.query_one("#owner", Input).suggester = (
            SuggestFromList(self._owners, case_sensitive=False) if self._owners else None)
        tc = self.query_one("#tc", Select)
        offered = [(option.plain, value) for option, value in tc_options]
        if offered != self._offered:
            tc.set_options(tc_options)
            self._offered = offered
        tc.value = tc_value if tc_value else Select.NULL
        self._fill_obstacles(tc.value, prefer=self._obstacle_hint, keep=False)
        self._say("")
        self._check_day()
        self.query_one("#step" if not self._step.strip() else "#expectation", Input).focus()

    def _show_context(self) -> None:
        """Where the experiment comes from (a retro's topic), as typed, above the fields."""
        topic = Content.assemble((t("Topic") + ": ", "bold"), literal(self._topic)) if self._topic else Content("")
        self._shown.show("form-context", topic)
        self.query_one("#form-context", Static).display = bool(self._topic)

    @staticmethod
    def _tc_label(tc: TargetCondition) -> str:
        label = _short(tc.title)
        return label if tc.is_active else f"{label} ({t(tc.status)})"

    def _fill_obstacles(self, tc_id: object, prefer: str | None = None, keep: bool = True) -> None:
        """Offer the open obstacles of a target condition, choosing `prefer` (or, with `keep`,
        the one chosen now) when it is one of them. A Select restyles itself on every change of
        value: the value is set only when it differs."""
        select = self.query_one("#obstacle", Select)
        current = select.value if keep and isinstance(select.value, str) else None
        prefer = current or prefer
        mine = [o for o in self._obstacles if o.target_condition_id == tc_id and o.status in OPEN_OBSTACLE]
        mine.sort(key=lambda o: o.status != "working")  # the one in focus first
        options = [(literal(_short(o.text)), o.id) for o in mine]
        signature = [(label.plain, value) for label, value in options]
        if signature != self._obstacles_offered:
            select.set_options(options)  # (and no choice)
            self._obstacles_offered = signature
        chosen = prefer if prefer and any(o.id == prefer for o in mine) else Select.NULL
        if select.value != chosen:
            select.value = chosen

    # -- live feedback ----------------------------------------------------------------------

    @on(Select.Changed, "#tc")
    def _tc_changed(self, event: Select.Changed) -> None:
        self._fill_obstacles(event.value, prefer=self._obstacle_hint)

    @on(Input.Changed, "#day")
    def _day_changed(self) -> None:
        self._check_day()

    @on(Input.Changed, "#expectation")
    def _expectation_typed(self) -> None:
        message = self.query_one("#form-message", Static)
        if message.has_class("-error"):
            self._say("")

    def _parse_day(self) -> date | None:
        try:
            return date.fromisoformat(self.query_one("#day", Input).value.strip())
        except ValueError:
            return None

    def _check_day(self) -> None:
        """Name the weekday, and warn when the day is far off: experiments are short."""
        today = self.app.clock.now().date()  # type: ignore[attr-defined]
        day = self._parse_day()
        warning = False
        if day is None:
            text, warning = t("Write the day as YYYY-MM-DD"), True
        else:
            days = (day - today).days
            if days < 0:
                text, warning = t("{weekday}: that day has passed", weekday=weekday_name(day)), True
            elif days > FAR_AWAY_DAYS:
                text, warning = n("{weekday}, {count} day away: experiments are short — is there a nearer day to go and see?",
                                  "{weekday}, {count} days away: experiments are short — is there a nearer day to go and see?",
                                  days, weekday=weekday_name(day)), True
            elif days == 0:
                text = t("{weekday}: today", weekday=weekday_name(day))
            elif days == 1:
                text = t("{weekday}: tomorrow", weekday=weekday_name(day))
            else:
                text = n("{weekday}, in {count} day", "{weekday}, in {count} days", days, weekday=weekday_name(day))
        self._shown.show("day-note", text)
        self.query_one("#day-note", Static).set_class(warning, "-warning")

    def _say(self, text: str, error: bool = False) -> None:
        self._shown.show("form-message", Content(text))
        self.query_one("#form-message", Static).set_class(error, "-error")

    # -- saving -----------------------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _refuse(self, message: str, field: str) -> None:
        self._say(message, error=True)
        self.query_one(f"#{field}").focus()

    def action_save(self) -> None:
        step = self.query_one("#step", Input).value
        expectation = self.query_one("#expectation", Input).value
        if not step.strip():
            self._refuse(t_error(RuleError("{what} must not be blank", what=t("What will be done"))), "step")
            return
        if not expectation.strip():
            self._refuse(t("An experiment needs an expectation, written before it runs"), "expectation")
            return
        day = self._parse_day()
        if day is None:
            self._refuse(t("Write the day as YYYY-MM-DD"), "day")
            return
        tc_value = self.query_one("#tc", Select).value
        obstacle_value = self.query_one("#obstacle", Select).value
        try:
            experiment = Experiment.plan(
                step,
                expectation,
                self.app.clock.now(),  # type: ignore[attr-defined]
                day,
                target_condition_id=tc_value if isinstance(tc_value, str) else self._kept_tc,
                obstacle_id=obstacle_value if isinstance(obstacle_value, str)
                else self._obstacle_hint if self._kept_tc and not isinstance(tc_value, str) else None,
                owner=self.query_one("#owner", Input).value.strip(),
                retro_id=self._retro_id,
                item_ids=list(self._item_ids),
                team=self._team,
            )
        except RuleError as exc:
            self._refuse(t_error(exc), "day" if "day" in exc.template else "step")
            return
        self.dismiss(experiment)
