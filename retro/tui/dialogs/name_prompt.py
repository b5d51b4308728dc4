"""Ask for one short name (a theme's): Enter saves, Escape cancels."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from retro.domain.text import NAME_MAX
from retro.i18n import t
from retro.tui.widgets.entry import FieldInput


class NamePrompt(ModalScreen["str | None"]):
    DEFAULT_CSS = """
    NamePrompt { align: center middle; }
    NamePrompt > #name-box {
        width: 90%; max-width: 70; height: auto;
        border: thick $primary; background: $surface; padding: 0 1 1 1;
    }
    NamePrompt .dialog-title { text-style: bold; color: $primary; padding-bottom: 1; }
    NamePrompt #name-error { color: $error; height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="name_prompt.cancel", tooltip="Close without saving")]

    def __init__(self, title: str, placeholder: str, value: str = "") -> None:
        super().__init__()
        self._title = title
        self._placeholder = placeholder
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="name-box"):
            yield Static(self._title, classes="dialog-title", markup=False)
            yield FieldInput(self._value, placeholder=self._placeholder, id="name-input", max_length=NAME_MAX)
            yield Static(id="name-error", markup=False)  # (what it says is ours: no user text)

    def on_mount(self) -> None:
        field = self.query_one("#name-input", Input)
        field.focus()
        field.select_all()

    @on(Input.Submitted, "#name-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.app.bell()
            self.query_one("#name-error", Static).update(t("A name is needed (or Esc to cancel)."))
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
