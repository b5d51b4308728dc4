"""A compositor that renders, for a partial update, only the widgets the update touches.

Textual's compositor picks the widgets to render for a partial update by their *clip* region
(the area of the container that clips them, for most widgets the whole screen), so every
visible widget renders its lines on every keypress, even when only one line of one list
changed: ~0.15 ms per widget, a third of a frame on the run screen's twenty widgets. A widget
whose own region does not meet the updated area cannot change what the update writes (only the
updated spans are sent to the terminal), so it is skipped. Full updates are untouched.

Textual internals (`Compositor._get_renders`, `Screen._compositor`): safe only because Textual
is pinned exactly; tests compare what the updates write with a full redraw.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import Compositor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip


class CroppedCompositor(Compositor):
    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if not crop:
            yield from super()._get_renders(crop)
            return
        overlaps = crop.overlaps
        for widget, (region, clip) in list(self.visible_widgets.items()):
            if not (overlaps(clip) and overlaps(region)):
                continue
            if clip.contains_region(region):
                yield region, clip, widget.render_lines(Region(0, 0, region.width, region.height))
                continue
            x, y, width, height = region.intersection(clip)
            if width and height:
                yield region, clip, widget.render_lines(Region(x - region.x, y - region.y, width, height))


def crop_updates(screen: Screen) -> None:
    """Give a screen the cropping compositor (call in its __init__, before it is mounted)."""
    screen._compositor = CroppedCompositor()
