"""An Input whose typing lays nothing out and draws only its line of text (`LineInput`).

Every keystroke sets an Input's virtual size (the text's width), which lays out the whole
screen, though its width comes from its container, never from its text. And what typing, the
cursor and its blink change is the line of text: Textual draws the border around it again too.
A restyle (focus) still draws it all.

And its line is kept by what it shows: Input lays its text out through Rich on every draw, yet
the line after each Enter (empty: the placeholder, the cursor) is the very line it showed
before, and so are the two looks of the cursor's blink.

Textual's private API: the `_cursor_visible` and `_suggestion` reactives of Input, and a
widget's `_styles_cache` (finished_lines.py). The class is chosen when this module is imported
(the switches are read then too): without the `input_line` override, `LineInput` is Input.
"""

from __future__ import annotations

from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import Input
from textual.widgets.input import Selection

from retro.tui import fast
from retro.tui.fast.finished_lines import keep_finished_lines

LINES_KEPT = 16  # looks of an input's line kept: empty, with and without the cursor, a few texts
PARTS = ("input--placeholder", "input--cursor", "input--selection", "input--suggestion")


class QuietLineInput(Input):
    virtual_size = Reactive(Size(0, 0), layout=False, repaint=False)
    value: Reactive[str] = Reactive("", init=False, repaint=False)
    selection: Reactive[Selection] = Reactive(Selection.cursor(0), repaint=False)
    placeholder = Reactive("", repaint=False)
    _cursor_visible = Reactive(True, repaint=False)
    _suggestion = Reactive("", repaint=False)

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - Input's own
        super().__init__(*args, **kwargs)
        keep_finished_lines(self, LINES_KEPT)
        self._looks: dict[tuple[object, ...], Strip] = {}

    def render_line(self, y: int) -> Strip:
        if y != 0 or self.highlighter is not None:
            return super().render_line(y)
        key = (self.value, self.selection, self._cursor_visible, self.has_focus, self._suggestion, self.placeholder,
               self.password, self.scroll_offset.x, self.scrollable_content_region.width, self.rich_style,
               *map(self.get_component_rich_style, PARTS))
        line = self._looks.get(key)
        if line is None:
            if len(self._looks) >= LINES_KEPT:
                self._looks.clear()
            line = self._looks[key] = super().render_line(y)
        return line

    def _draw_text(self) -> None:
        self.refresh(Region(0, 0, *self.content_size))

    watch_value = watch_selection = watch_placeholder = watch__cursor_visible = watch__suggestion = _draw_text


LineInput: type[Input] = QuietLineInput if fast.enabled("input_line") else Input
