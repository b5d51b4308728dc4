"""A compositor that renders, for a partial update, only the widgets the update touches.

Textual's compositor picks the widgets to render for a partial update by their *clip* region
(the area of the container that clips them, for most widgets the whole screen), so every
visible widget renders its lines on every keypress, even when only one line of one list
changed: on the run screen's twenty widgets, a good part of a frame. A widget
whose own region does not meet the updated area cannot change what the update writes (only the
updated spans are sent to the terminal), so it is skipped; so are the rows of the update that
a widget in front of it spans from edge to edge; and of the widgets that are left, only the
rows that show are rendered. A full update (after a layout, or a screen shown again) is one
update of the whole screen. A widget whose lines cannot have changed hands over the ones it
handed over last time (`_lines`).

It also keeps Textual's map of where every widget sits (`full_map`) marked true when a layout
has just made it, or when the widgets asking to be redrawn are in it or hidden: Textual marks it
stale then, and the next look at any widget's region arranges the whole screen again.

Textual internals (`Compositor._get_renders`, `_full_map_invalidated`, `Screen._compositor`): tests/unit/test_textual_contract.py checks each is still there; tests compare
what the updates write with a full redraw, and what the terminal was sent after every key with
Textual's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from weakref import WeakKeyDictionary

from textual._compositor import Compositor, ReflowResult
from textual._styles_cache import StylesCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.strip import Strip
from textual.visual import Visual, VisualType, visualize
from textual.widget import Widget
from textual.widgets import OptionList, Static


KEPT_CROPS = 8  # the bands (and texts) a widget hands over, kept per widget: a screen's few layouts


def _rows_shown(pieces: list[Region], above: list[tuple[int, int, int, int]]) -> list[int]:
    """The screen rows of the pieces that are not hidden: a widget in front that spans a
    piece from edge to edge hides those rows of it (the chops are filled front to back, and
    every widget paints its whole region), so the containers under a list or a stack of panes,
    and the screen under everything, would render those lines for nothing. `above`: the
    (x, right, y, bottom) of the widgets in front."""
    rows: set[int] = set()
    for x, y, width, height in set(pieces):
        right, bottom = x + width, y + height
        hiding = sorted((max(top, y), min(end, bottom)) for left, edge, top, end in above
                        if left <= x and edge >= right and top < bottom and end > y)
        for top, end in hiding:  # the rows between the hidden runs
            if top > y:
                rows.update(range(y, top))
            y = max(y, end)
        if y < bottom:
            rows.update(range(y, bottom))
    return sorted(rows)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows as (top, bottom) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for y in rows:
        if runs and runs[-1][1] == y:
            runs[-1] = (runs[-1][0], y + 1)
        else:
            runs.append((y, y + 1))
    return runs


class CroppedCompositor(Compositor):
    _updates: list[Region] = []

    def __init__(self) -> None:
        super().__init__()
        self._kept: WeakKeyDictionary[Widget, dict[object, tuple[object, list[Strip | None], list[Strip]]]] = \
            WeakKeyDictionary()

    def reflow(self, parent: Widget, size: Size) -> ReflowResult:
        result = super().reflow(parent=parent, size=size)
        # It has just arranged every widget, shown or hidden: Textual leaves the map marked
        # stale when a hidden widget asked to be redrawn before the layout (a tab's pane), and
        # the next look at any widget's region arranged the whole screen again.
        self._full_map_invalidated = False
        return result

    def update_widgets(self, widgets: set[Widget]) -> None:
        stale = self._full_map_invalidated
        super().update_widgets(widgets=widgets)
        # Textual marks the map stale when a widget to redraw is not in view, for fear it is a
        # new one; one it has arranged already (scrolled away), or one not shown at all (on a
        # hidden tab: no arrangement would hold it), changes nothing there.
        if not stale and self._full_map_invalidated and all(map(self._arranged_or_hidden, widgets)):
            self._full_map_invalidated = False

    def _arranged_or_hidden(self, widget: Widget) -> bool:
        if widget in self._full_map:
            return True
        node: object = widget
        while isinstance(node, Widget) and node is not self.root:
            if not node.display:
                return True
            node = node._parent
        return False

    def render_partial_update(self):  # noqa: ANN201 - a ChopsUpdate or None
        # Only for this update: full renders (after a layout, screenshots) go through the same
        # `_get_renders` and must see the whole crop.
        self._updates = list(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self._updates = []

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if not crop:
            yield from super()._get_renders(crop=crop)
            return
        updates = [update for update in self._updates if update.overlaps(crop)] or [crop]
        above: list[tuple[int, int, int, int]] = []  # the widgets drawn so far: they are in front
        for widget, (region, clip) in list(self.visible_widgets.items()):
            visible = region.intersection(clip)
            # Only where an update meets the widget, and only those rows: a list two columns away
            # from the change would otherwise hand over all its 30-40 lines for a one-row change.
            pieces = [update.intersection(visible) for update in updates if update.overlaps(visible)]
            if not pieces:
                continue
            rows = _rows_shown(pieces, above)
            above.append((visible.x, visible.right, visible.y, visible.bottom))
            # Whole widths: the compositor cuts each line at widget edges, not at the update's.
            for top, bottom in _runs(rows):
                band = Region(visible.x, top, visible.width, bottom - top)
                yield region, band, self._lines(widget, Region(band.x - region.x, top - region.y, band.width, band.height))

    def _lines(self, widget: Widget, crop: Region) -> list[Strip]:
        """`widget.render_lines(crop)`, or the lines it handed over last time for this crop when
        none can have changed: the same finished lines in its StylesCache, none marked for
        drawing, and the same theme, filters and hover. A widget whose lines are all cached still
        costs ~70 us to hand them over (its background is worked out through every ancestor, and
        each line filtered and cropped again): on the kata log shown again, thirty widgets.
        Only for widgets drawn the standard way (a list measures the rows added since first); a
        scroll bar draws itself.

        A screen shown again drops all its own lines (`Screen._on_screen_resume` refreshes it),
        and a pane shown again by a tab drops its own (`display` repaints it), though such lines
        are one opaque colour and nothing else: drawing for a screen and for a
        padded tab pane, and new lines for the compositor to cut. Those are kept by size and
        colour (`_plain`). (A translucent screen shows the one below it: drawn each time.) A Static's
        lines are kept by what it shows (`_text`), for the texts it goes back to."""
        drawn_by = type(widget).render_lines
        if drawn_by is OptionList.render_lines:  # a list measures the rows added since, then draws the standard way
            widget._update_lines()  # type: ignore[attr-defined]
        elif drawn_by is not Widget.render_lines:
            return widget.render_lines(crop)
        cache = widget._styles_cache
        key = _look(widget)
        drawn = self._kept.setdefault(widget, {})
        slot: object = crop
        plain = _plain(widget)
        text = _text(widget) if plain is None else None
        if text is not None:
            slot = (crop, text)
            plain = _text_look(widget)
        kept = drawn.pop(slot, None)
        if kept is not None:
            drawn[slot] = kept  # the most recently used last: the first to go is the one unused longest
        if plain is not None:
            key += plain
            if kept is not None and kept[0] == key:
                return kept[2]
        elif kept is not None and kept[0] == key and not cache._dirty_lines:
            finished = cache._cache
            if all(finished.get(y) is line for y, line in zip(crop.line_range, kept[1])):
                return kept[2]
        lines = widget.render_lines(crop)
        self._keep(widget, slot, (key, [cache._cache.get(y) for y in crop.line_range], lines))
        return lines

    def _keep(self, widget: Widget, slot: object, kept: tuple[object, list[Strip | None], list[Strip]]) -> None:
        drawn = self._kept.setdefault(widget, {})
        if slot not in drawn and len(drawn) >= KEPT_CROPS:
            del drawn[next(iter(drawn))]
        drawn[slot] = kept

    def draw_text_ahead(self, widget: Static, content: VisualType) -> bool:
        """Draw a Static's lines as they will look once it shows `content`, and keep them for
        the frame that shows it (`_lines`): a count that the likely next key changes (a
        column's items, the items not in a theme) is drawn between keys, not in the key's own
        frame. Only the whole widget, as a frame that updates it all asks.
        False when the widget is not laid out yet: nothing to draw for."""
        text, shown = _text(widget), _shown(content, widget._render_markup)
        if text is None or shown is None or shown == text or not widget.is_mounted:
            return True
        width, height = widget.size
        if not width or not height:
            return False
        crop = Region(0, 0, *widget.outer_size)
        key = _look(widget) + _text_look(widget)
        kept = self._kept.get(widget, {}).get((crop, shown))
        if kept is not None and kept[0] == key:
            return True
        visual = visualize(widget, content, markup=widget._render_markup)
        strips = Visual.to_strips(widget, visual, width, height, widget.visual_style)
        blank = Strip.blank(width, widget.visual_style.rich_style)
        # Textual's own finishing (padding, border, background), fed the new text's lines; a
        # cache of its own, so that the lines the widget shows now stay as they are.
        widget.render_line = lambda y: strips[y] if 0 <= y < len(strips) else blank  # type: ignore[method-assign]
        try:
            lines = StylesCache().render_widget(widget=widget, crop=crop)
        finally:
            del widget.render_line
        self._keep(widget, (crop, shown), (key, [], lines))
        return True


def draw_text_ahead(widget: Static, content: VisualType) -> bool:
    """`CroppedCompositor.draw_text_ahead` on the widget's screen (nothing on another compositor)."""
    compositor = widget.screen._compositor if widget.is_attached else None
    return compositor.draw_text_ahead(widget, content) if isinstance(compositor, CroppedCompositor) else True


def _look(widget: Widget) -> tuple[object, ...]:
    """What any widget's lines depend on beyond its own state: the app's CSS, hover, filters."""
    return (widget.app._css_update_count, widget.hover_style, tuple(widget.get_line_filters()))


def _text(widget: Widget) -> tuple[object, ...] | None:
    """What a Static drawn the standard way shows, to keep its lines by (its text and styles),
    or None. A status line goes back and forth between a few texts, a column title between
    current and not: each was drawn anew though it had been drawn before."""
    if not isinstance(widget, Static) or type(widget).render is not Static.render:
        return None
    return _shown(widget.content, widget._render_markup)


def _shown(content: object, markup: bool) -> tuple[object, ...] | None:
    if isinstance(content, Content):
        return (content.plain, tuple(content.spans))
    if isinstance(content, str):
        return (content, markup)
    return None  # a Rich renderable: no way to tell two apart


def _text_look(widget: Widget) -> tuple[object, ...]:
    """What a Static's lines depend on besides its text: its size, its styles (any rule the
    app's CSS or its own inline styles set on it: Textual counts their changes, `_cache_key`,
    as its own `visual_style` does), what it takes from its ancestors (the colours and text
    style it inherits, their backgrounds, their opacity), and the part of it selected with
    the mouse."""
    return (widget.outer_size, widget.styles._cache_key, widget.visual_style, widget.background_colors,
            widget.opacity, widget.text_selection)


def _plain(widget: Widget) -> tuple[object, ...] | None:
    """What the lines of a widget that draws only an opaque background depend on (an opaque
    screen, or a container drawn the standard way: Textual draws it as `Blank`), with its
    border but no border title; None for any other widget."""
    styles = widget.styles
    if isinstance(widget, Screen):
        colours: object = styles.background
        opaque = styles.background.a == 1
    elif widget.is_container and type(widget).render is Widget.render and styles.keyline[0] == "none":
        both = widget.background_colors  # through every ancestor: a parent's class can change it
        colours, opaque = both, both[1].a == 1
    else:
        return None
    if not opaque or widget.border_title or widget.border_subtitle:  # (a title's look has styles of its own)
        return None
    return (widget.outer_size, colours, frozenset(widget.classes), styles.hatch, styles.tint, styles.border,
            styles.outline, styles.text_opacity, styles.opacity)


def crop_updates(screen: Screen) -> None:
    """Give a screen the cropping compositor (before it is mounted; RetroApp does it for all)."""
    if not isinstance(screen._compositor, CroppedCompositor):
        screen._compositor = CroppedCompositor()
