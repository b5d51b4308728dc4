"""Ask before a step that cannot be taken back (closing a retro, deleting a plan): Enter goes
ahead, Escape goes back. The lines say what the step leaves behind, as plain text."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from retro.i18n import t
from retro.tui.ui import literal


class ConfirmDialog(ModalScreen[bool]):
    """Returns True to go ahead, False to go back."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > #confirm-box {
        width: 90%; max-width: 72; height: auto; max-height: 100%;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    ConfirmDialog #confirm-title { text-style: bold; color: $warning; padding: 0 0 1 0; }
    ConfirmDialog #confirm-lines { height: auto; padding: 0 0 1 0; }
    ConfirmDialog #confirm-buttons { height: auto; align-horizontal: right; }
    ConfirmDialog #confirm-buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("enter", "confirm", "Go ahead", id="confirm.yes", priority=True,
                tooltip="Go ahead with it"),
        Binding("escape", "back", "Go back", id="confirm.back", tooltip="Go back; nothing changes"),
    ]

    def __init__(self, title: str, lines: list[Content | str] | None = None, *, go_ahead: str = "") -> None:
        super().__init__()
        self._title = title
        self._lines = [line if isinstance(line, Content) else literal(line) for line in lines or []]
        self._go_ahead = go_ahead or t("Go ahead")

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(literal(self._title), id="confirm-title")
            yield Static(Content("\n").join(self._lines), id="confirm-lines")
            with Horizontal(id="confirm-buttons"):
                yield Button(t("{action} (Enter)", action=self._go_ahead), id="confirm-yes", variant="warning",
                             compact=True)
                yield Button(t("Go back (Esc)"), id="confirm-back", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-lines", Static).display = bool(self._lines)
        for button in self.query(Button):  # keys decide, not focus: Enter always means go ahead
            button.can_focus = False

    @on(Button.Pressed, "#confirm-yes")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-back")
    def action_back(self) -> None:
        self.dismiss(False)
