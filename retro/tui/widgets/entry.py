"""The input the facilitator types into while people talk: Enter adds, typing goes straight on.

Why not Input.Submitted: that message travels up the DOM after the key has gone round the
app's binding check, while the next keys are already arriving. A fast typist's next letters
would land before the input is cleared (and be wiped), and a Tab right after Enter could switch
the column before the item was added. Here Enter is handled in the input's own queue, in order
with the letters: the value is taken and the input cleared at once, and `on_enter` runs (and
saves) before the next key is looked at.

A multi-line paste (a chat transcript) is handed to `on_paste_lines` instead of keeping only
the first line, as a plain Input would. (Textual calls the key and paste handlers of every class
in the MRO, ours before Input's own, until one prevents the default, so these handlers only act
on what they take over and leave everything else to Input's and TextArea's.)
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.message import Message
from textual.widgets import Input, TextArea

from retro.domain.text import clean
from retro.tui.fast.input_line import LineInput


class FieldInput(LineInput):  # type: ignore[valid-type,misc]  # an Input; a quieter one with the speed layer on
    """An Input that takes no control character, and at most `max_length` characters."""

    def __init__(self, value: str | None = None, *args, max_length: int = 0, **kwargs) -> None:  # noqa: ANN002, ANN003 - Input's own
        # At most `max_length` characters can be typed or pasted (the limit of what it is for).
        # A longer text from an older store is shown whole and can be shortened; saving it as it
        # is is refused with the limit (Input would let no key change it at all).
        if value and len(value) > max_length:
            max_length = 0
        super().__init__(value, *args, max_length=max_length, **kwargs)

    def validate_value(self, value: str) -> str:
        """What the field holds: no control character (a paste of a terminal's coloured output
        carries ESC sequences, which the field would send to the terminal as they are)."""
        return clean(value)


class ItemInput(FieldInput):

    def __init__(self, *, on_enter: Callable[[str], bool | None], on_paste_lines: Callable[[str], None] | None = None,
                 tab_steps: Callable[[int], None] | None = None, placeholder: str = "", max_length: int = 0,
                 id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, max_length=max_length, id=id)
        self._enter = on_enter
        self._on_paste_lines = on_paste_lines
        self._tab_steps = tab_steps

    def post_message(self, message: Message) -> bool:
        if isinstance(message, Input.Changed):
            message.bubble = False  # nothing above listens: seven hops up to the app on every key
        return super().post_message(message)

    async def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            # `on_enter` returns False to keep the text (a refused item stays for correcting).
            if self._enter(self.value) is not False:
                self.value = ""
            return
        if self._tab_steps is not None and event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            self._tab_steps(1 if event.key == "tab" else -1)

    def on_paste(self, event: events.Paste) -> None:
        # Terminals separate pasted lines with \n or \r (tmux does the latter). A line longer than
        # the input takes goes the same way: the preview shows it cut, and says so (Input would
        # drop it without a word).
        if self._on_paste_lines is None:
            return
        too_long = bool(self.max_length) and len(event.text.strip()) + len(self.value) > self.max_length
        if too_long or len(event.text.strip().splitlines()) > 1:
            event.stop()
            event.prevent_default()
            self._on_paste_lines(event.text)


class FieldTextArea(TextArea):
    """A TextArea that holds no control character but newline and tab: its text as given, and
    what is pasted into it, is cleaned (a terminal's coloured output carries ESC sequences,
    which the area would send to the terminal as they are). Keys insert printable text only.

    With `long_paste`, a paste that would make its text longer than that is not pasted: the
    area posts `LongPaste` with the text it would have held, for its screen to deal with (the
    area wraps its whole text again at every width it is given: a megabyte is a long pause)."""

    class LongPaste(Message):
        def __init__(self, area: FieldTextArea, text: str) -> None:
            super().__init__()
            self.area = area
            self.text = text

        @property
        def control(self) -> FieldTextArea:
            return self.area

    def __init__(self, text: str = "", *, long_paste: int = 0, **kwargs) -> None:  # noqa: ANN003 - TextArea's own
        super().__init__(clean(text), **kwargs)
        self._long_paste = long_paste

    def load_text(self, text: str) -> None:
        super().load_text(clean(text))

    async def on_paste(self, event: events.Paste) -> None:
        text = clean(event.text)
        if self._long_paste and len(text) + len(self.text) > self._long_paste:
            event.prevent_default()  # (Textual calls each class's handler: TextArea's must not paste it)
            start, end = sorted(self.selection)
            document = self.document
            whole = self.text
            before, after = document.get_index_from_location(start), document.get_index_from_location(end)
            self.post_message(self.LongPaste(self, whole[:before] + text + whole[after:]))
            return
        if text == event.text:
            return  # TextArea's own handler pastes it
        event.prevent_default()
        if not self.read_only:
            result = self.replace(text, *self.selection)
            self.move_cursor(result.end_location)
