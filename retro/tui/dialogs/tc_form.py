"""Set the next target condition: a concrete state to reach by a date (default one week)."""

from __future__ import annotations

from datetime import date, timedelta

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Label, Select, Static

from retro.tui.dialogs.kata_dialog import KataDialog
from retro.domain.errors import RuleError
from retro.domain.kata import AREAS, TargetCondition
from retro.domain.text import NAME_MAX, TEXT_MAX
from retro.i18n import t, t_error
from retro.tui.ui import literal
from retro.tui.widgets.entry import FieldInput


class TargetConditionForm(KataDialog["TargetCondition | None"]):
    """Returns a new, unsaved TargetCondition of `challenge_id`, or None when cancelled."""

    def __init__(self, challenge_id: str, *, areas: list[str] | tuple[str, ...] = (), area: str = "team") -> None:
        super().__init__()
        self._challenge_id = challenge_id
        self._own_areas = [a for a in dict.fromkeys(areas) if a and a not in AREAS]
        self._area = area

    def compose(self) -> ComposeResult:
        today = self.app.clock.now().date()  # type: ignore[attr-defined]
        options = [(t(label), key) for key, label in AREAS.items()]
        options += [(literal(a), a) for a in self._own_areas]
        value = self._area if any(v == self._area for _, v in options) else "team"
        with Vertical(classes="dialog"):
            yield Static(t("The next target condition: where do you want to be, by when?"), classes="dialog-title")
            with Grid():
                yield Label(t("Target condition"))
                yield FieldInput(placeholder=t("Required: a concrete state, not a task"), id="title", compact=True,
                                 max_length=TEXT_MAX)
                yield Label(t("Achieve by"))
                yield FieldInput((today + timedelta(weeks=1)).isoformat(), placeholder="YYYY-MM-DD", id="by", compact=True)
                yield Label(t("Area"))
                yield Select(options, value=value, allow_blank=False, id="area", compact=True)
                yield Label(t("Or your own area"))
                yield FieldInput(placeholder=t("Optional"), id="own-area", compact=True, max_length=NAME_MAX)
                yield Label(t("Outcome"))
                yield FieldInput(placeholder=t("What you will see when it is reached"), id="outcome", compact=True,
                                 max_length=TEXT_MAX)
                yield Label(t("Operating pattern"))
                yield FieldInput(placeholder=t("How people will be working then"), id="pattern", compact=True,
                                 max_length=TEXT_MAX)
                yield Label(t("Current condition"))
                yield FieldInput(placeholder=t("How it is now"), id="current", compact=True, max_length=TEXT_MAX)
            yield self.message_line()
            yield self.buttons()

    def on_mount(self) -> None:
        self.query_one("#title").focus()

    def action_save(self) -> None:
        try:
            by = date.fromisoformat(self.text_of("by").strip())
        except ValueError:
            self.refuse(t("Write the day as YYYY-MM-DD"), "by")
            return
        area = self.text_of("own-area").strip() or self.choice_of("area")
        try:
            tc = TargetCondition.create(
                self._challenge_id, self.text_of("title"), self.app.clock.now(),  # type: ignore[attr-defined]
                achieve_by=by, area=area, outcome=self.text_of("outcome"),
                operating_pattern=self.text_of("pattern"), current_condition=self.text_of("current"),
            )
        except RuleError as exc:
            self.refuse(t_error(exc), "by" if "date" in exc.template else "title")
            return
        self.dismiss(tc)
