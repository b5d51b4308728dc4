"""Amend a started experiment: the change is appended with its date and reason. The original
stays in the record, shown here so the amender sees what they are not overwriting.

Once done, what was recorded (what happened, what was learned, as expected?) may be corrected
the same way, until the team's next retro starts; the plan then stays as it was."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Select, Static

from retro.tui.dialogs.kata_dialog import KataDialog
from retro.domain.errors import RuleError
from retro.domain.kata import AS_EXPECTED, Experiment
from retro.domain.text import TEXT_MAX
from retro.i18n import t, t_error
from retro.store.kata_log import FIELD_LABELS
from retro.tui.ui import literal
from retro.tui.widgets.entry import FieldInput


class AmendDialog(KataDialog["tuple[str, str, str] | None"]):
    """Returns (field, text, reason), checked against the experiment's rules, or None.
    `next_retro_at`: when the team's next retro started, for a done experiment (see the domain)."""

    def __init__(self, experiment: Experiment, *, next_retro_at: datetime | None = None) -> None:
        super().__init__()
        self._experiment = experiment
        self._next_retro_at = next_retro_at

    def compose(self) -> ComposeResult:
        e = self._experiment
        fields = e.amendable_fields()
        lines = [Content.assemble((t("Expected before it ran") + ": ", "bold"), literal(e.expectation))]
        if e.status == "done":
            lines += [Content.assemble((t(FIELD_LABELS[f]) + " ", "bold"), (t("(as recorded)") + ": ", "dim"),
                                       literal((t(e.as_expected) if f == "as_expected" and e.as_expected
                                                else getattr(e, f)) or "—")) for f in fields]
        for a in e.amendments:
            lines.append(Content.assemble(
                (f"✎ {a.at:%Y-%m-%d %H:%M} ", "bold $warning"), (t(FIELD_LABELS[a.field]) + ": ", "bold"),
                literal(a.text), ("  (" + t("because") + " ", "dim"), literal(a.reason, "dim"), (")", "dim")))
        title = (t("Correct what was recorded: the original stays in the record") if e.status == "done"
                 else t("Amend a started experiment: the original stays in the record"))
        with Vertical(classes="dialog"):
            yield Static(title, classes="dialog-title")
            yield Static(Content("\n").join(lines), classes="dialog-context")
            with Grid():
                yield Label(t("Change"))
                yield Select([(t(FIELD_LABELS[f]), f) for f in fields], value=fields[0],
                             allow_blank=False, id="field", compact=True)
                yield Label(t("Now reads"))
                yield FieldInput(self._shown(fields[0]), id="text", compact=True, max_length=TEXT_MAX)
                yield Label(t("Why it changed"))
                yield FieldInput(placeholder=t("Required: kept with the amendment"), id="reason", compact=True,
                                 max_length=TEXT_MAX)
            yield self.message_line()
            yield self.buttons()

    def _shown(self, field: str) -> str:
        """A field as it reads now; the answer to "as expected?" in the words of the UI."""
        value = self._experiment.current(field)
        return t(value) if field == "as_expected" and value else value

    def on_mount(self) -> None:
        self.query_one("#text").focus()

    @on(Select.Changed, "#field")
    def _field_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            text = self.query_one("#text", Input)
            text.value = self._shown(event.value)
            text.placeholder = t("yes, partly or no") if event.value == "as_expected" else ""

    def action_save(self) -> None:
        field, text, reason = self.choice_of("field"), self.text_of("text"), self.text_of("reason")
        if field == "as_expected":  # typed in the words of the UI (ja / delvis / nej)
            text = {t(a): a for a in AS_EXPECTED}.get(text.strip().lower(), text)
        # Tried on a copy: the dialog checks the rule, the screen owns the change and the save.
        trial = replace(self._experiment, amendments=list(self._experiment.amendments))
        try:
            amendment = trial.amend(field, text, reason, self.app.clock.now(),  # type: ignore[attr-defined]
                                    next_retro_at=self._next_retro_at)
        except RuleError as exc:
            self.refuse(t_error(exc), "reason" if exc.params.get("what") == "The reason" else "text")
            return
        self.dismiss((field, amendment.text, amendment.reason))
