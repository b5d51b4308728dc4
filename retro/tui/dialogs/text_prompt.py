"""Ask for one piece of text: an obstacle, a reason to abandon, private notes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from retro.tui.dialogs.kata_dialog import KataDialog
from retro.domain.text import TEXT_MAX
from retro.i18n import t
from retro.tui.ui import literal
from retro.tui.widgets.entry import FieldInput, FieldTextArea


class TextPrompt(KataDialog["str | None"]):
    """Returns the text (stripped), or None when cancelled. A required prompt refuses blank."""

    def __init__(self, title: str, *, value: str = "", context: str = "", placeholder: str = "",
                 required: bool = True, multiline: bool = False) -> None:
        super().__init__()
        self._title = title
        self._value = value
        self._context_text = context
        self._placeholder = placeholder
        self._required = required
        self._multiline = multiline

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self._title), classes="dialog-title")
            if self._context_text:
                yield Static(literal(self._context_text), classes="dialog-context")
            if self._multiline:
                yield FieldTextArea(self._value, id="text", soft_wrap=True, show_line_numbers=False)
            else:
                yield FieldInput(self._value, placeholder=self._placeholder, id="text", compact=True, max_length=TEXT_MAX)
            yield self.message_line()
            yield self.buttons()

    def on_mount(self) -> None:
        self.query_one("#text").focus()

    def action_save(self) -> None:
        text = self.text_of("text").strip()
        if self._required and not text:
            self.refuse(t("Write something first, or press Escape to cancel"), "text")
            return
        self.dismiss(text)
