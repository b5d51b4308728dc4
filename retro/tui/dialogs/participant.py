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
from retro.tui.ui import literal
from retro.tui.dialogs.start_retro import SPEC_MAX
from retro.tui.widgets.entry import FieldInput


class TickBox(Checkbox, inherit_bindings=False):
    """A checkbox that looks like what it holds: an X when ticked, blank when not. (Textual's
    draws the X either way, the unticked one in a colour a shared screen loses: it looked ticked
    always.) Space or a click toggles it; Enter is the dialog's, which adds the person as shown
    (Textual's Enter toggled the box back on the way out)."""

    BINDINGS = [Binding("space", "toggle_button", show=False)]

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's name for the mark inside the box
        return "X" if self.value else " "


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
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="participant.cancel", tooltip="Close without adding anyone"),
        # Enter in the name field adds too (the field's own Enter); this one is Enter on the box.
        Binding("enter", "add", "Add person", id="participant.add", show=False,
                tooltip="Someone joined late: add them, in the room or remote"),
    ]

    def __init__(self, remote: bool = False) -> None:
        """`remote`: the box starts ticked (someone on the call); unticked, in the room, otherwise."""
        super().__init__()
        self._remote = remote

    def compose(self) -> ComposeResult:
        with Vertical(id="participant-box"):
            yield Static(t("Add a participant"), classes="dialog-title")
            yield FieldInput(placeholder=t("Name (Name:remote for someone on the call)"), id="participant-name",
                             max_length=SPEC_MAX)
            yield TickBox(t("Remote (on the call)"), value=self._remote, id="participant-remote")
            yield Static(id="participant-error", markup=False)

    def on_mount(self) -> None:
        self.query_one("#participant-name", Input).focus()

    @property
    def _box(self) -> Checkbox:
        return self.query_one("#participant-remote", Checkbox)

    def _follow_typed_place(self, text: str) -> None:
        """`Name:remote` (or `:room`) typed in full ticks or unticks the box: what it shows is
        what is saved."""
        if not text.partition(":")[2].strip():
            return
        try:
            self._box.value = Participant.parse(text).remote
        except RuleError:
            pass  # not a place (yet): the box stays as it is

    @on(Input.Changed, "#participant-name")
    def _typed(self, event: Input.Changed) -> None:
        self._follow_typed_place(event.value)

    @on(Input.Submitted, "#participant-name")
    def _submitted(self, event: Input.Submitted) -> None:
        self._add(event.value)

    def action_add(self) -> None:
        self._add(self.query_one("#participant-name", Input).value)

    def _add(self, text: str) -> None:
        try:
            person = Participant.parse(text)
        except RuleError as exc:
            self.app.bell()
            self.query_one("#participant-error", Static).update(literal(t_error(exc)))
            return
        person.remote = self._box.value  # the box, as last set by typing or by hand
        self.dismiss(person)

    def action_cancel(self) -> None:
        self.dismiss(None)
