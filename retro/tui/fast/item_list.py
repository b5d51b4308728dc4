"""The speed layer's part of ItemList (retro/tui/widgets/item_list.py), as a mixin it takes
(`FastList`), so that the list itself names nothing private of Textual's.

`finished_lines`: its finished lines kept by the row strips they were made from
(finished_lines.py). ItemList hands back the same strip objects for a row until the row
changes, so a list scrolled by the cursor finishes only the lines that came into view new, not
every line in view. Asked for as the list is made; switched off, the list finishes its lines
as Textual's ScrollView does.

A scroll bar drawn from kept strips was tried here again for this list (as in 9b3bdc7) and
left out: on the board bench it gained less than the bar for keeping on the keys that move a
thumb (see the commit that took it out).
"""

from __future__ import annotations

from typing import Any

from textual.widget import Widget

from retro.tui.fast.finished_lines import FINISHED_KEPT, keep_finished_lines


class FastList:
    """Put before the Textual class in a list's bases: `class ItemList(FastList, ScrollView)`.
    (Not a Widget itself: its name would become one of the list's CSS type names.)"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        assert isinstance(self, Widget), "FastList goes before a Widget class in the bases"
        keep_finished_lines(self, FINISHED_KEPT)
