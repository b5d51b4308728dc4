"""Add someone who joined late: a name, in the room or remote."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Static

from retro.domain.errors import RuleError
from retro.domain.retro import Participant
from retro.i18n import t, t_error
from retro.ui import literal, translate_bindings
from retro.dialogs.start_retro import SPEC_MAX
from retro.widgets.entry import FieldInput


class AddParticipantDialog(ModalScreen["Participant | None"]):
    DEFAULT_CSS = """
    AddParticipantDialog { align: center middle; }
    AddParticipantDialog > #participant-box {
        width: 90%; max-width: 70; height: auto;
        border: thick $primary; background: $surface; padding: 0 1 1 1;
    }
    AddParticipantDialog .dialog-title { text-style: bold; color: $primary; padding-bottom: 1; }
    AddParticipantDialog #participant-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="participant.cancel", tooltip="Close without adding anyone")]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(id="participant-box"):
            yield Static(t("Add a participant"), classes="dialog-title")
            yield FieldInput(placeholder=t("Name (Name:remote for someone on the call)"), id="participant-name",
                             max_length=SPEC_MAX)
            yield Checkbox(t("Remote (on the call)"), id="participant-remote")
            yield Static(id="participant-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#participant-name", Input).focus()

    @on(Input.Submitted, "#participant-name")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            person = Participant.parse(event.value)
        except RuleError as exc:
            self.app.bell()
            self.query_one("#participant-error", Static).update(literal(t_error(exc)))
            return
        if self.query_one("#participant-remote", Checkbox).value:
            person.remote = True
        self.dismiss(person)

    def action_cancel(self) -> None:
        self.dismiss(None)
