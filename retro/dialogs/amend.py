"""Amend a started experiment: the change is appended with its date and reason. The original
stays in the record, shown here so the amender sees what they are not overwriting."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, Static

from retro.dialogs.kata_dialog import KataDialog
from retro.domain.errors import RuleError
from retro.domain.kata import AMENDABLE_FIELDS, Experiment
from retro.i18n import t, t_error
from retro.screens.kata_data import FIELD_LABELS
from retro.widgets.entry import FieldInput



class AmendDialog(KataDialog["tuple[str, str, str] | None"]):
    """Returns (field, text, reason), checked against the experiment's rules, or None."""

    def __init__(self, experiment: Experiment) -> None:
        super().__init__()
        self._experiment = experiment

    def compose(self) -> ComposeResult:
        e = self._experiment
        lines = [Content.assemble((t("Expected before it ran") + ": ", "bold"), e.expectation)]
        for a in e.amendments:
            lines.append(Content.assemble(
                (f"✎ {a.at:%Y-%m-%d %H:%M} ", "bold $warning"), (t(FIELD_LABELS[a.field]) + ": ", "bold"), a.text,
                ("  (" + t("because") + " ", "dim"), (a.reason, "dim"), (")", "dim")))
        with Vertical(classes="dialog"):
            yield Static(t("Amend a started experiment: the original stays in the record"), classes="dialog-title")
            yield Static(Content("\n").join(lines), classes="dialog-context")
            with Grid():
                yield Label(t("Change"))
                yield Select([(t(FIELD_LABELS[f]), f) for f in AMENDABLE_FIELDS], value="expectation",
                             allow_blank=False, id="field", compact=True)
                yield Label(t("Now reads"))
                yield FieldInput(e.current("expectation"), id="text", compact=True)
                yield Label(t("Why it changed"))
                yield FieldInput(placeholder=t("Required: kept with the amendment"), id="reason", compact=True)
            yield self.message_line()
            yield self.buttons()

    def on_mount(self) -> None:
        self.query_one("#text").focus()

    @on(Select.Changed, "#field")
    def _field_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.query_one("#text", Input).value = self._experiment.current(event.value)

    def action_save(self) -> None:
        field, text, reason = self.choice_of("field"), self.text_of("text"), self.text_of("reason")
        # Tried on a copy: the dialog checks the rule, the screen owns the change and the save.
        trial = replace(self._experiment, amendments=list(self._experiment.amendments))
        try:
            amendment = trial.amend(field, text, reason, self.app.clock.now())  # type: ignore[attr-defined]
        except RuleError as exc:
            self.refuse(t_error(exc), "reason" if exc.params.get("what") == "The reason" else "text")
            return
        self.dismiss((field, amendment.text, amendment.reason))
