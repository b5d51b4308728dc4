"""The input the facilitator types into while people talk: Enter adds, typing goes straight on.

Why not Input.Submitted: that message travels up the DOM after the key has gone round the
app's binding check, while the next keys are already arriving. A fast typist's next letters
would land before the input is cleared (and be wiped), and a Tab right after Enter could switch
the column before the item was added. Here Enter is handled in the input's own queue, in order
with the letters: the value is taken and the input cleared at once, and `on_enter` runs (and
saves) before the next key is looked at.

A multi-line paste (a chat transcript) is handed to `on_paste_lines` instead of keeping only
the first line, as a plain Input would. (Textual calls `_on_key`/`_on_paste` of every class in
the MRO until one prevents the default, so these handlers only act on what they take over and
leave everything else to Input's own handlers.)
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import Input
from textual.widgets.input import Selection

from retro.widgets.finished_lines import FinishedLines

LINES_KEPT = 16  # looks of an input's line kept: empty, with and without the cursor, a few texts
PARTS = ("input--placeholder", "input--cursor", "input--selection", "input--suggestion")


class FieldInput(Input):
    """An Input whose typing lays nothing out and draws only its line of text. Every keystroke
    sets the virtual size (the text's width), which lays out the whole screen: 15-25 ms with a
    board on it, 4 ms on the experiment form. Its width comes from its container, never from
    its text. And what typing, the cursor and its blink change is the line of text: Textual
    drew the border around it again too (3 lines, ~1 ms a key). A restyle (focus) still draws
    it all.

    And its line is kept by what it shows: Input lays its text out through Rich on every draw
    (~1 ms), yet the line after each Enter (empty: the placeholder, the cursor) is the very line
    it showed before, and so are the two looks of the cursor's blink."""

    virtual_size = Reactive(Size(0, 0), layout=False, repaint=False)
    value: Reactive[str] = Reactive("", init=False, repaint=False)
    selection: Reactive[Selection] = Reactive(Selection.cursor(0), repaint=False)
    placeholder = Reactive("", repaint=False)
    _cursor_visible = Reactive(True, repaint=False)
    _suggestion = Reactive("", repaint=False)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - Input's own
        super().__init__(*args, **kwargs)
        self._styles_cache = FinishedLines(LINES_KEPT)
        self._lines: dict[tuple[object, ...], Strip] = {}

    def render_line(self, y: int) -> Strip:
        if y != 0 or self.highlighter is not None:
            return super().render_line(y)
        key = (self.value, self.selection, self._cursor_visible, self.has_focus, self._suggestion, self.placeholder,
               self.password, self.scroll_offset.x, self.scrollable_content_region.width, self.rich_style,
               *map(self.get_component_rich_style, PARTS))
        line = self._lines.get(key)
        if line is None:
            if len(self._lines) >= LINES_KEPT:
                self._lines.clear()
            line = self._lines[key] = super().render_line(y)
        return line

    def _draw_text(self) -> None:
        self.refresh(Region(0, 0, *self.content_size))

    watch_value = watch_selection = watch_placeholder = watch__cursor_visible = watch__suggestion = _draw_text


class ItemInput(FieldInput):

    def __init__(self, *, on_enter: Callable[[str], bool | None], on_paste_lines: Callable[[str], None] | None = None,
                 tab_steps: Callable[[int], None] | None = None, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self._on_enter = on_enter
        self._on_paste_lines = on_paste_lines
        self._tab_steps = tab_steps

    def post_message(self, message: Message) -> bool:
        if isinstance(message, Input.Changed):
            message.bubble = False  # nothing above listens: seven hops up to the app, ~0.5 ms a key
        return super().post_message(message)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            # `on_enter` returns False to keep the text (a refused item stays for correcting).
            if self._on_enter(self.value) is not False:
                self.value = ""
            return
        if self._tab_steps is not None and event.key in ("tab", "shift+tab"):
            event.stop()
            event.prevent_default()
            self._tab_steps(1 if event.key == "tab" else -1)

    def _on_paste(self, event: events.Paste) -> None:
        # Terminals separate pasted lines with \n or \r (tmux does the latter).
        if self._on_paste_lines is not None and len(event.text.strip().splitlines()) > 1:
            event.stop()
            event.prevent_default()
            self._on_paste_lines(event.text)
