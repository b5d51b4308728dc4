"""The shape every kata dialog shares: a framed form, labels on the left, a message line that
says exactly what is missing, Save on ctrl+s or Enter, Escape to cancel without saving."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static, TextArea

from retro.i18n import t
from retro.tui.ui import literal

R = TypeVar("R")


class KataDialog(ModalScreen[R], Generic[R]):
    DEFAULT_CSS = """
    KataDialog { align: center middle; }
    KataDialog > .dialog {
        width: 96%; max-width: 100; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    KataDialog .dialog-title { text-style: bold; color: $primary; padding: 0 0 1 0; }
    KataDialog .dialog-context { color: $text-muted; padding: 0 0 1 0; height: auto; }
    KataDialog Grid { grid-size: 2; grid-columns: 20 1fr; grid-rows: auto; grid-gutter: 1 1; height: auto; }
    KataDialog Grid > Label { color: $text-muted; width: 100%; text-align: right; }
    KataDialog TextArea { height: 5; }
    KataDialog .dialog-message { height: auto; padding: 1 0 0 21; }
    KataDialog .dialog-message.-error { color: $error; text-style: bold; }
    KataDialog .dialog-buttons { height: auto; align-horizontal: right; padding-top: 1; }
    KataDialog .dialog-buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="kata_dialog.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", id="kata_dialog.save", tooltip="Save and close"),
    ]

    def __init__(self) -> None:
        super().__init__()

    @staticmethod
    def buttons() -> Horizontal:
        return Horizontal(
            Button(t("Save (ctrl+s)"), id="save", variant="primary", compact=True),
            Button(t("Cancel (esc)"), id="cancel", compact=True),
            classes="dialog-buttons",
        )

    @staticmethod
    def message_line() -> Static:
        return Static(classes="dialog-message", id="dialog-message")

    def say(self, text: str, error: bool = False) -> None:
        message = self.query_one("#dialog-message", Static)
        message.update(literal(text))
        message.set_class(error, "-error")

    def refuse(self, text: str, field: str | None = None) -> None:
        self.say(text, error=True)
        if field:
            self.query_one(f"#{field}").focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:  # pragma: no cover - every dialog defines its own
        raise NotImplementedError

    def text_of(self, widget_id: str) -> str:
        """What was typed in an Input or a TextArea, as typed."""
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, TextArea):
            return widget.text
        return str(widget.value)  # type: ignore[attr-defined]

    def choice_of(self, widget_id: str) -> Any:
        """A Select's value, None when blank."""
        value = self.query_one(f"#{widget_id}", Select).value
        return None if value is Select.NULL else value
