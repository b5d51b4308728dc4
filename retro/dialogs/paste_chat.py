"""Paste a video-call chat: a preview of the items it will become, and the column they go to.

Nothing is added until the facilitator says so; the preview shows each line's author (or that
it has none) exactly as it will be stored. Text is always shown literally.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from retro.domain.chat import ChatLine, parse_chat
from retro.domain.format import Column
from retro.i18n import t
from retro.ui import literal, translate_bindings

PREVIEW_LIMIT = 500  # a longer paste is still added whole; the preview shows the first ones


class PasteChatDialog(ModalScreen["tuple[str, list[ChatLine]] | None"]):
    DEFAULT_CSS = """
    PasteChatDialog { align: center middle; }
    PasteChatDialog > #paste-box {
        width: 96%; max-width: 120; height: 96%; max-height: 40;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    PasteChatDialog .dialog-title { text-style: bold; color: $primary; }
    PasteChatDialog #paste-hint { color: $text-muted; }
    PasteChatDialog #paste-text { height: 1fr; min-height: 4; }
    PasteChatDialog #paste-column-row { height: auto; margin-top: 1; }
    PasteChatDialog #paste-column-row Label { padding: 0 1 0 0; }
    PasteChatDialog #paste-column { width: 40; }
    PasteChatDialog #paste-count { margin-top: 1; text-style: bold; }
    PasteChatDialog #paste-preview { height: 1fr; min-height: 3; }
    PasteChatDialog #paste-buttons { height: auto; align-horizontal: right; }
    PasteChatDialog #paste-buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="paste_chat.cancel", tooltip="Close without adding anything"),
        Binding("ctrl+s", "add", "Add items", id="paste_chat.add", tooltip="Add the previewed lines as items"),
    ]

    def __init__(self, columns: list[Column], column_id: str, text: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self._columns = columns
        self._column_id = column_id
        self._text = text
        self.lines: list[ChatLine] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="paste-box"):
            yield Static(t("Paste the call's chat"), classes="dialog-title")
            yield Static(t("Each message becomes an item with its author: Name: text, [10:02] Name: text, "
                           "and the shapes Zoom, Teams and Meet copy."), id="paste-hint")
            yield TextArea(self._text, id="paste-text", soft_wrap=True, placeholder=t("Paste the chat here"))
            with Horizontal(id="paste-column-row"):
                yield Label(t("Add to"))
                yield Select([(literal(c.title), c.id) for c in self._columns], value=self._column_id,
                             allow_blank=False, id="paste-column", compact=True)
            yield Static(id="paste-count")
            yield OptionList(id="paste-preview")
            with Horizontal(id="paste-buttons"):
                yield Button(t("Add (ctrl+s)"), id="paste-add", variant="primary", compact=True)
                yield Button(t("Cancel (esc)"), id="paste-cancel", compact=True)

    def on_mount(self) -> None:
        self._preview()
        area = self.query_one("#paste-text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(TextArea.Changed, "#paste-text")
    def _changed(self) -> None:
        self._preview()

    @on(Select.Changed, "#paste-column")
    def _column_changed(self) -> None:
        self._preview()

    def _column(self) -> Column:
        value = self.query_one("#paste-column", Select).value
        return next((c for c in self._columns if c.id == value), self._columns[0])

    def _preview(self) -> None:
        self.lines = parse_chat(self.query_one("#paste-text", TextArea).text)
        preview = self.query_one("#paste-preview", OptionList)
        options = []
        for line in self.lines[:PREVIEW_LIMIT]:
            who = literal(line.author, "bold $secondary") if line.author else Content.styled(t("(no name)"), "$text-muted")
            options.append(Option(Content.assemble(who, "  ", literal(line.text))))
        preview.set_options(options)
        count = self.query_one("#paste-count", Static)
        if self.lines:
            count.update(Content.assemble(t("{count} items will be added to ", count=len(self.lines)),
                                          literal(self._column().title, "bold $primary")))
        else:
            count.update(t("Nothing to add yet."))

    @on(Button.Pressed, "#paste-add")
    def _add_pressed(self) -> None:
        self.action_add()

    @on(Button.Pressed, "#paste-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_add(self) -> None:
        if not self.lines:
            self.app.bell()
            self.notify(t("Nothing to add: paste the chat first."), severity="warning", markup=False)
            return
        self.dismiss((self._column().id, list(self.lines)))

    def action_cancel(self) -> None:
        self.dismiss(None)
