"""A widget's vertical scroll bar made a LightScrollBar (retro/tui/widgets/scroll_bar.py), in
the one place Textual makes it: `Widget.vertical_scrollbar`, which keeps it in a private slot
and starts it through the app's private `_start_widget`. Without the `scroll_bar` override,
Textual's own bar."""

from __future__ import annotations

from textual.scrollbar import ScrollBar
from textual.widget import Widget

from retro.tui import fast


def light_vertical_scrollbar(widget: Widget) -> ScrollBar:
    """What `Widget.vertical_scrollbar` does, with a LightScrollBar: for a widget's own
    `vertical_scrollbar` property."""
    if not fast.enabled("scroll_bar"):
        return Widget.vertical_scrollbar.fget(widget)  # type: ignore[attr-defined]
    if widget._vertical_scrollbar is None:
        from retro.tui.widgets.scroll_bar import LightScrollBar

        bar = LightScrollBar(vertical=True, name="vertical", thickness=widget.scrollbar_size_vertical)
        bar.display = False
        widget._vertical_scrollbar = bar
        widget.app._start_widget(parent=widget, widget=bar)
    return widget._vertical_scrollbar
