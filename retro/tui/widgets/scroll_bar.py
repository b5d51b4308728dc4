"""A list's vertical scroll bar: Textual's own.

A scroll bar drawn from kept strips (a speed override) was measured and gained too little on
the keys that move a thumb to keep; `light_vertical_scrollbar` stays only for ItemList, which
still asks for it, and hands back what `Widget.vertical_scrollbar` makes.
"""

from __future__ import annotations

from textual.scrollbar import ScrollBar
from textual.widget import Widget


def light_vertical_scrollbar(widget: Widget) -> ScrollBar:
    """`Widget.vertical_scrollbar`, for a widget whose own property asks for it."""
    return Widget.vertical_scrollbar.fget(widget)  # type: ignore[attr-defined]
