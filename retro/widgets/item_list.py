"""One virtual list per board column: an OptionList whose rows are kept in step with the retro.

A board of 200 items must answer a keypress within a frame, so nothing rebuilds the list: `sync`
compares the rows it is given with what is shown (by id and a cheap key) and appends, patches or
removes only what changed; a prompt is only built for a row whose key changed. A full reset
happens only when the order itself changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive, reactive
from textual.scrollbar import ScrollBar
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from retro.widgets.scroll_bar import light_vertical_scrollbar


@dataclass(frozen=True)
class Row:
    id: str
    key: Hashable  # what the prompt is built from; equal keys mean an equal prompt
    prompt: Content | Callable[[], Content]  # a callable is only called when the row must be drawn anew

    def content(self) -> Content:
        return self.prompt() if callable(self.prompt) else self.prompt


class ItemList(OptionList):
    """An OptionList of rows with ids, updated in place."""

    # OptionList repaints every visible row when the cursor moves; here only the row it leaves
    # and the row it lands on are drawn again (a 26-row list: 2 rows instead of 26 per keypress).
    highlighted: reactive[int | None] = reactive(None, repaint=False)
    # A new row changes the virtual size, which lays out the whole screen (15-25 ms with a board
    # on it). A list whose own size does not follow its content needs no layout for that, only
    # when its scrollbar appears or goes (see watch_virtual_size).
    virtual_size = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self._keys: dict[str, Hashable] = {}

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        return light_vertical_scrollbar(self)

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        height = self.scrollable_content_region.height
        if self.styles.auto_dimensions or (old.height > height) != (new.height > height):
            self.refresh(layout=True)

    def watch_scroll_y(self, old: float, new: float) -> None:
        """Scroll as a terminal does: rows still on screen move, only the rows scrolled into view
        are drawn. (Textual redraws every visible row on a scroll: a keypress that moves the
        cursor past the bottom of a 24-row column cost ~7 ms of row rendering, most of a frame.)
        The styles cache holds the finished rows (border, padding, background) by screen row; a
        content row's finished line does not depend on where it sits, so it can be moved. Rows
        that were waiting to be redrawn are not moved, they are drawn. (StylesCache internals:
        safe only because Textual is pinned exactly.)"""
        cache = self._styles_cache
        stale = set(cache._dirty_lines)
        super().watch_scroll_y(old, new)
        shift = round(new) - round(old)
        if not shift:
            return
        gutter, height = self.styles.gutter, self.outer_size.height  # the cache's rows: border included
        top, bottom = gutter.top, height - gutter.bottom
        lines = cache._cache
        kept: dict[int, object] = {}
        for y, strip in lines.items():
            if y in stale:
                continue
            if y < top or y >= bottom:
                kept[y] = strip  # the border: it does not scroll
        for y in range(top, bottom):
            source = y + shift
            if top <= source < bottom and source in lines and source not in stale:
                kept[y] = lines[source]
        lines.clear()
        lines.update(kept)  # type: ignore[arg-type]
        cache._dirty_lines = set(range(height)) - kept.keys()

    def watch_highlighted(self, old: int | None, new: int | None) -> None:  # type: ignore[override]
        super().watch_highlighted(new)
        for index in (old, new):
            self._refresh_row(index)

    def _refresh_row(self, index: int | None) -> None:
        if index is None:
            return
        cache = getattr(self, "_line_cache", None)
        first = cache.index_to_line.get(index) if cache is not None else None
        height = cache.heights.get(index) if cache is not None else None
        if first is None or height is None:
            self.refresh()
        else:
            self.refresh_lines(first, height)

    @property
    def ids(self) -> list[str]:
        return [o.id for o in self.options if o.id is not None]

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def highlight_id(self, row_id: str | None) -> None:
        if row_id is None or row_id not in self._keys:
            return
        self.highlighted = self.get_option_index(row_id)

    def update_row(self, row: Row) -> None:
        """Draw one row anew if it changed: for a keypress that knows the one row it changed,
        without building and comparing every row of the list."""
        if row.id in self._keys and self._keys[row.id] != row.key:
            self._patch(self.get_option_index(row.id), row)

    def sync(self, rows: Sequence[Row]) -> None:
        self._sync(rows)
        if self.highlighted is None and self.option_count:
            self.highlighted = 0  # a keyboard user always has a row to act on

    def _sync(self, rows: Sequence[Row]) -> None:
        shown = self.ids
        wanted = [r.id for r in rows]
        if wanted[: len(shown)] == shown:
            for index, row in enumerate(rows[: len(shown)]):
                if self._keys.get(row.id) != row.key:
                    self._patch(index, row)
            self.append(rows[len(shown):])
            return
        if len(wanted) == len(shown) - 1 and all(i in self._keys for i in wanted):
            wanted_set = set(wanted)
            gone = next(i for i in shown if i not in wanted_set)
            if [i for i in shown if i != gone] == wanted:
                self.remove(gone)
                self._sync(rows)
                return
        self.reset(rows)

    def append(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        for row in rows:
            self._keys[row.id] = row.key
        self.add_options([Option(row.content(), id=row.id) for row in rows])

    def remove(self, row_id: str) -> None:
        """Take one row out. OptionList's `remove_option` re-measures every remaining row (170 ms
        when an item leaves a 170-item list for a theme); the known heights are shifted instead.
        (OptionList internals, as in `_patch`.)"""
        if row_id not in self._keys:
            return
        del self._keys[row_id]
        try:
            option = self._id_to_option[row_id]
            index = self._option_to_index[option]
            cache = self._line_cache
            if len(cache.heights) != len(self._options):
                raise KeyError(row_id)  # not measured yet: nothing to keep
            self._mouse_hovering_over = None
            for later in self._options[index + 1:]:
                self._option_to_index[later] -= 1
            del self._options[index]
            del self._id_to_option[row_id]
            del self._option_to_index[option]
            heights = {(i if i < index else i - 1): h for i, h in cache.heights.items() if i != index}
            cache.heights.clear()
            cache.heights.update(heights)
            self._rebuild_lines()
            # Rendered rows carry their index (for clicks): drop them, the visible ones are redrawn.
            self._option_render_cache.clear()
            if self.highlighted is not None:
                self.highlighted = min(self.highlighted, len(self._options) - 1) if self._options else None
            self._update_lines()
            self.refresh()
        except (AttributeError, KeyError, IndexError):
            self.remove_option(row_id)

    def _rebuild_lines(self) -> None:
        """The line map from the known row heights: no row is measured again."""
        cache = self._line_cache
        lines: list[tuple[int, int]] = []
        cache.index_to_line.clear()
        for i in range(len(self._options)):
            cache.index_to_line[i] = len(lines)
            lines.extend((i, n) for n in range(cache.heights[i]))
        cache.lines[:] = lines

    def reset(self, rows: Sequence[Row]) -> None:
        keep = self.highlighted_id
        index = self.highlighted
        self._keys = {row.id: row.key for row in rows}
        self.set_options([Option(row.content(), id=row.id) for row in rows])
        if keep in self._keys:
            self.highlight_id(keep)
        elif rows and index is not None:
            self.highlighted = min(index, len(rows) - 1)

    def _patch(self, index: int, row: Row) -> None:
        """Draw one row anew. OptionList's own `replace_option_prompt_at_index` drops every cached
        line and re-measures every row (~1 ms each: 100-200 ms for a vote on a 200-item board).
        Here only the new row is measured: a new Option object misses the render cache by itself,
        and the line map is patched (or, if the row's height changed, re-derived from the known
        heights). This leans on OptionList internals, which is safe only because Textual is pinned
        exactly; anything unexpected falls back to the public call."""
        self._keys[row.id] = row.key
        prompt = row.content()
        try:
            old = self._options[index]
            cache = self._line_cache
            old_height = cache.heights.get(index)
            new = Option(prompt, id=row.id, disabled=old.disabled)
            new._divider = old._divider
            self._options[index] = new
            del self._option_to_index[old]
            self._option_to_index[new] = index
            self._id_to_option[row.id] = new
            if old_height is None or len(cache.heights) != len(self._options):
                self.refresh()  # not measured yet: OptionList measures it when drawn
                return
            padding = self.get_component_styles("option-list--option").padding
            width = self.scrollable_content_region.width - self._get_left_gutter_width() - padding.width
            new_height = self._get_visual(new).get_height(self.styles, width) + new._divider
        except (AttributeError, KeyError, IndexError):
            self.replace_option_prompt_at_index(index, prompt)
            return
        if new_height == old_height:
            self.refresh_lines(cache.index_to_line[index], old_height)  # only this row is drawn again
            return
        cache.heights[index] = new_height
        self._rebuild_lines()
        self._update_lines()  # the virtual size follows the new line count
        self.refresh()
