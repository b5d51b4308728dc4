"""Before a new target condition takes over, the one it replaces closes with its reflection:
the learning of a week must not be skipped silently."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Label, Select, Static

from retro.tui.dialogs.kata_dialog import KataDialog
from retro.domain.kata import TC_CLOSING, TargetCondition
from retro.i18n import t
from retro.tui.ui import literal
from retro.tui.widgets.entry import FieldTextArea


class ReflectionPrompt(KataDialog["tuple[str, str] | None"]):
    """Returns (closing status, reflection), or None when cancelled (then nothing changes)."""

    def __init__(self, tc: TargetCondition, today: date, *, lead: str = "") -> None:
        super().__init__()
        self._tc = tc
        self._today = today
        self._lead = lead

    def compose(self) -> ComposeResult:
        tc = self._tc
        with Vertical(classes="dialog"):
            yield Static(t("Close the target condition with a reflection"), classes="dialog-title")
            context = literal(tc.title, "bold")
            yield Static(context, classes="dialog-context")
            if self._lead:
                yield Static(literal(self._lead), classes="dialog-context")
            with Grid():
                yield Label(t("Closes as"))
                yield Select([(t(s), s) for s in TC_CLOSING], value=tc.closing_status(self._today),
                             allow_blank=False, id="status", compact=True)
                yield Label(t("Reflection"))
                yield FieldTextArea(id="reflection", soft_wrap=True, show_line_numbers=False)
            yield self.message_line()
            yield self.buttons()

    def on_mount(self) -> None:
        self.query_one("#reflection").focus()

    def action_save(self) -> None:
        reflection = self.text_of("reflection").strip()
        if not reflection:
            self.refuse(t("What did this target condition teach you? The reflection is required to close it"),
                        "reflection")
            return
        self.dismiss((self.choice_of("status"), reflection))
