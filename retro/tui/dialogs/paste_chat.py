"""Paste a video-call chat: a preview of the items it will become, and the column they go to.

Nothing is added until the facilitator says so; the preview shows each line's author (or that
it has none) exactly as it will be stored. Text is always shown literally, and without control
characters (a chat copied from a terminal carries ESC sequences): they are not stored either.
A message longer than an item may be (a stack trace pasted into the call's chat) is cut, and
the preview says how much was left out. In an anonymous retro the names are dropped: the hint
says so, the preview shows none, and the lines come back without them.

A chat of up to READ_AT_ONCE characters is read as it is typed or pasted. A longer one is read
on a thread once typing pauses (reading a megabyte of log took a second, and the dialog must
answer keys meanwhile): the count says it is being read, and Add waits for it. A paste longer
than EDIT_MAX (no chat is that long: a log pasted by mistake) is not put where it could be
edited; the dialog says how long it is, and its messages show as they will be added.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from retro.domain.chat import ChatLine, parse_chat
from retro.domain.format import Column
from retro.domain.text import ITEM_MAX, clean
from retro.i18n import n, t
from retro.tui.ui import CUT_MARK, cut, literal, literal_name, number
from retro.tui.widgets.entry import FieldTextArea

PREVIEW_LIMIT = 500  # a longer paste is still added whole; the preview shows the first ones
READ_AT_ONCE = 16_000  # characters: read within the key's frame (a few milliseconds)
EDIT_MAX = 64_000  # characters: a long meeting's chat, and more, still cheap for the area to wrap
READ_PAUSE_S = 0.25  # a longer chat is read once typing pauses this long


@dataclass(frozen=True)
class Message:
    """A chat line as it will be added: clean, within an item's limit; `left_out` characters
    were cut off its end."""

    line: ChatLine
    left_out: int = 0


def read_chat(text: str) -> list[Message]:
    """The messages of a pasted chat as they will become items."""
    messages = []
    for line in parse_chat(text):
        author, body = clean(line.author).strip(), clean(line.text).strip()
        if not body:
            continue
        left_out = 0
        if len(body) > ITEM_MAX:
            keep = ITEM_MAX - len(" " + CUT_MARK)
            left_out = len(body) - keep
            body = body[:keep].rstrip() + " " + CUT_MARK
        messages.append(Message(ChatLine(author, body), left_out))
    return messages


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
    PasteChatDialog #paste-long { height: auto; margin-top: 1; color: $warning; }
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

    def __init__(self, columns: list[Column], column_id: str, text: str = "", anonymous: bool = False) -> None:
        super().__init__()
        self._anonymous = anonymous
        self._columns = columns
        self._column_id = column_id
        self._text = text
        self._long: str | None = text if len(text) > EDIT_MAX else None  # a paste too long to edit
        self.lines: list[ChatLine] = []
        self._generation = 0  # of the chat: one more with every change
        self._shown_generation = -1  # of the chat the preview shows
        self._reading = False  # a thread is reading a long chat
        self._read_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="paste-box"):
            yield Static(t("Paste the call's chat"), classes="dialog-title")
            if self._anonymous:
                yield Static(t("This retro is anonymous: each message becomes an item without its author's name. "
                               "Name: text, [10:02] Name: text, and the shapes Zoom, Teams and Meet copy are read."),
                             id="paste-hint")
            else:
                yield Static(t("Each message becomes an item with its author: Name: text, [10:02] Name: text, "
                               "and the shapes Zoom, Teams and Meet copy."), id="paste-hint")
            if self._long is None:
                yield FieldTextArea(self._text, long_paste=EDIT_MAX, id="paste-text", soft_wrap=True,
                                    placeholder=t("Paste the chat here"))
            else:
                yield self._long_note(self._long)
            with Horizontal(id="paste-column-row"):
                yield Label(t("Add to"))
                yield Select([(literal(c.title), c.id) for c in self._columns], value=self._column_id,
                             allow_blank=False, id="paste-column", compact=True)
            yield Static(id="paste-count")
            yield OptionList(id="paste-preview")
            with Horizontal(id="paste-buttons"):
                yield Button(t("Add (ctrl+s)"), id="paste-add", variant="primary", compact=True)
                yield Button(t("Cancel (esc)"), id="paste-cancel", compact=True)

    @staticmethod
    def _long_note(text: str) -> Static:
        return Static(n("This paste is {count} character long, too long to edit here. Its messages are below, "
                        "as they will be added; to change them, cancel and paste a shorter part.",
                        "This paste is {count} characters long, too long to edit here. Its messages are below, "
                        "as they will be added; to change them, cancel and paste a shorter part.",
                        len(text), count=number(len(text))), id="paste-long", markup=False)

    def on_mount(self) -> None:
        self._preview(at_once=True)
        if self._long is None:
            area = self.query_one("#paste-text", TextArea)
            area.focus()
            area.move_cursor(area.document.end)
        else:
            self.query_one("#paste-column", Select).focus()

    @on(TextArea.Changed, "#paste-text")
    def _changed(self) -> None:
        self._preview()

    @on(FieldTextArea.LongPaste, "#paste-text")
    async def _long_paste(self, event: FieldTextArea.LongPaste) -> None:
        """A paste too long to edit: what the area would have held is read as it is."""
        self._long = event.text
        area = self.query_one("#paste-text", TextArea)
        await self.query_one("#paste-box").mount(self._long_note(event.text), after=area)
        await area.remove()
        self.query_one("#paste-column", Select).focus()
        self._preview(at_once=True)

    @on(Select.Changed, "#paste-column")
    def _column_changed(self) -> None:
        self._show_count()

    def _column(self) -> Column:
        value = self.query_one("#paste-column", Select).value
        return next((c for c in self._columns if c.id == value), self._columns[0])

    def _chat(self) -> str:
        return self._long if self._long is not None else self.query_one("#paste-text", TextArea).text

    def _preview(self, at_once: bool = False) -> None:
        self._generation += 1
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None
        text = self._chat()
        if len(text) <= READ_AT_ONCE:
            self._show(read_chat(text), self._generation)
            return
        self.query_one("#paste-count", Static).update(Content.styled(t("Reading the chat…"), "$text-muted"))
        if at_once:
            self._read()
        else:
            self._read_timer = self.set_timer(READ_PAUSE_S, self._read, name="read-chat")

    def _read(self) -> None:
        """Read the chat as it is now, on a thread (one at a time: the next once it is done)."""
        self._read_timer = None
        if self._reading:
            return
        self._reading = True
        text, generation = self._chat(), self._generation
        self.run_worker(partial(self._read_on_thread, text, generation), thread=True, group="read-chat")

    def _read_on_thread(self, text: str, generation: int) -> None:
        messages = read_chat(text)
        self.app.call_from_thread(self._read_done, messages, generation)

    def _read_done(self, messages: list[Message], generation: int) -> None:
        self._reading = False
        if not self.is_attached:
            return
        if generation == self._generation:
            self._show(messages, generation)
        elif self._read_timer is None:
            self._read()  # the chat changed while it was read

    def _show(self, messages: list[Message], generation: int) -> None:
        self._shown_generation = generation
        if self._anonymous:
            # Shown and returned without names: what the preview shows is what is stored.
            messages = [Message(ChatLine("", m.line.text), m.left_out) for m in messages]
        self.lines = [m.line for m in messages]
        options = []
        for message in messages[:PREVIEW_LIMIT]:
            line = message.line
            who = literal_name(line.author, "bold $secondary") if line.author \
                else Content.styled(t("(no name)"), "$text-muted")
            parts = [literal(cut(line.text))] if self._anonymous else [who, "  ", literal(cut(line.text))]
            if message.left_out:
                parts.append(("  " + n("(cut: {count} more character)", "(cut: {count} more characters)",
                                       message.left_out, count=number(message.left_out)),
                              "bold $warning"))
            options.append(Option(Content.assemble(*parts)))
        self.query_one("#paste-preview", OptionList).set_options(options)
        self._show_count()

    def _show_count(self) -> None:
        if self._shown_generation != self._generation:
            return  # still reading: the count says so
        count = self.query_one("#paste-count", Static)
        if self.lines:
            count.update(Content.assemble(n("{count} item will be added to ", "{count} items will be added to ",
                                            len(self.lines)),
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
        if self._shown_generation != self._generation:
            self.app.bell()
            self.notify(t("Still reading the chat: add it in a moment."), severity="warning", markup=False)
            return
        if not self.lines:
            self.app.bell()
            self.notify(t("Nothing to add: paste the chat first."), severity="warning", markup=False)
            return
        self.dismiss((self._column().id, list(self.lines)))

    def action_cancel(self) -> None:
        self.dismiss(None)
