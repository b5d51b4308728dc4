"""A list's vertical scroll bar that draws its lines from a handful of kept strips
(`LightScrollBar`), put in the one place Textual makes a widget's bar.

Textual's scroll bar renders itself through Rich each time its thumb moves: each time the
cursor scrolls a board column. Yet every line of a bar is one of a few kinds (track above the
thumb, thumb, track below, a partial-thumb glyph at either end), so the lines are built by
Textual's own `ScrollBarRender.render_bar` and each distinct line is finished once.

Textual's private API: a widget's `_vertical_scrollbar` slot and the app's `_start_widget`
(called by keyword), as `Widget.vertical_scrollbar` uses them; tests/unit/test_textual_contract.py
names them. Without the `scroll_bar` override, Textual's own bar.
"""

from __future__ import annotations

from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.widget import Widget

from retro.tui import fast

KEPT = 64  # distinct lines kept: a bar has a few kinds per colour state


class LightScrollBar(ScrollBar):
    def __init__(self, vertical: bool = True, name: str | None = None, *, thickness: int = 1) -> None:
        super().__init__(vertical, name, thickness=thickness)
        self._strips: dict[tuple[object, ...], Strip] = {}

    def render_lines(self, crop: Region) -> list[Strip]:
        bar = self.render()
        if not self.vertical or not isinstance(bar, ScrollBarRender) or not isinstance(bar.style, Style):
            return super().render_lines(crop)
        width, height = self.size
        style = bar.style
        segments = bar.render_bar(
            size=height, virtual_size=bar.virtual_size, window_size=bar.window_size, position=bar.position,
            thickness=width, vertical=True, back_color=style.bgcolor or Color.parse("#555555"),
            bar_color=style.color or Color.parse("bright_magenta"),
        ).segments
        base = self.visual_style.rich_style  # what Textual lays under a Rich renderable's own styles
        _, background = self.background_colors
        filters = self.get_line_filters()
        lines: list[Strip] = []
        for y in crop.line_range:
            segment = segments[y] if y < len(segments) else Segment(" " * width, Style(bgcolor=style.bgcolor))
            key = (segment, width, base, background)  # a theme change makes new keys
            strip = self._strips.get(key)
            if strip is None:
                if len(self._strips) >= KEPT:
                    self._strips.clear()
                strip = Strip(Segment.apply_style([segment], base), width)
                for line_filter in filters:
                    strip = strip.apply_filter(line_filter, background)
                self._strips[key] = strip
            lines.append(strip)
        if crop.column_span != (0, width):
            lines = [strip.crop(*crop.column_span) for strip in lines]
        return lines


def light_vertical_scrollbar(widget: Widget) -> ScrollBar:
    """What `Widget.vertical_scrollbar` does, with a LightScrollBar: for a widget's own
    `vertical_scrollbar` property. Without the override, Textual's own bar."""
    if not fast.enabled("scroll_bar"):
        return Widget.vertical_scrollbar.fget(widget)  # type: ignore[attr-defined]
    if widget._vertical_scrollbar is None:
        bar = LightScrollBar(vertical=True, name="vertical", thickness=widget.scrollbar_size_vertical)
        bar.display = False
        widget._vertical_scrollbar = bar
        widget.app._start_widget(parent=widget, widget=bar)
    return widget._vertical_scrollbar
