"""The speed layer's part of ItemList (retro/tui/widgets/item_list.py), as a mixin it takes
(`FastList`), so that the list itself names nothing private of Textual's:

- `finished_lines`: its finished lines kept by the row strips they were made from
  (finished_lines.py). ItemList hands back the same strip objects for a row until the row
  changes, so a list scrolled by the cursor finishes only the lines that came into view new.
- `scroll_bar`: its vertical scroll bar drawn from kept strips (scroll_bar.py).

Each is asked for as the list is made (`finished_lines`) or its bar first shown (`scroll_bar`);
switched off, the list is Textual's ScrollView as it ships.
"""

from __future__ import annotations

from typing import Any

from textual.scrollbar import ScrollBar
from textual.widget import Widget

from retro.tui.fast.finished_lines import FINISHED_KEPT, keep_finished_lines
from retro.tui.fast.scroll_bar import light_vertical_scrollbar


class FastList:
    """Put before the Textual class in a list's bases: `class ItemList(FastList, ScrollView)`.
    (Not a Widget itself: its name would become one of the list's CSS type names.)"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self, Widget), "FastList goes before a Widget class in the bases"
        keep_finished_lines(self, FINISHED_KEPT)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        assert isinstance(self, Widget)
        return light_vertical_scrollbar(self)
