"""One virtual list per board column, built on Textual's public Line API.

A `ScrollView` whose `render_line(y)` hands out the lines of the row under screen line `y`,
the way Toolong's `LogLines` does: every row is kept as its content and its measured height,
the scroll area (`virtual_size`) is the sum of the heights, and a row's rendered lines are kept
in an LRU cache keyed by the row, its content's key, the width and the look it is drawn in
(plain, highlighted, cursor). So a keypress draws only the rows whose look or content changed:
the row the cursor leaves, the row it lands on, the row a vote changed.

`sync` compares the rows it is given with what is shown (by id and a cheap key) and appends,
patches, inserts or removes only what changed; a prompt is only built for a row whose key
changed. A full reset happens only when the order itself changed.

The list uses no private Textual API: the cost of a Textual upgrade is that of any widget. The
speed layer's part of it (its finished lines kept by row) comes with `FastList`
(retro/tui/fast/item_list.py), switched like every override there.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import ClassVar, Self

from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.visual import Padding, Visual

from retro.tui.fast.item_list import FastList
from retro.tui.ui import ROW_MOST, shown_safely

AHEAD_ROWS = 4  # rows drawn ahead per turn between keys: a key pressed meanwhile barely waits
AHEAD_PAUSE_S = 0.005
CURSOR_ROWS = 2  # rows beside the cursor drawn per turn between keys
ROWS_KEPT = 4096  # rendered rows kept (row, key, width, look): a five-year History is ~600 rows

OPTION = "option-list--option"
HIGHLIGHTED = "option-list--option-highlighted"
CURSOR = "item-list--cursor"


@dataclass(frozen=True)
class Row:
    id: str
    key: Hashable  # what the prompt is built from; equal keys mean an equal prompt
    prompt: Content | Callable[[], Content]  # a callable is only called when the row must be drawn anew

    def content(self) -> Content:
        """The row as the list shows it: a control character in it shown as an escape, and no
        longer than a row may be, however the prompt was made (see retro/tui/ui.py)."""
        return shown_safely(self.prompt() if callable(self.prompt) else self.prompt, ROW_MOST)


@dataclass(frozen=True)
class Item:
    """A row as the list holds it: what `get_option_at_index` and the messages hand over."""

    id: str
    key: Hashable
    prompt: Content


class RowMessage(Message):
    """A message about one row of an ItemList (`control` is the list, for `@on` selectors)."""

    def __init__(self, item_list: ItemList, option: Item, index: int) -> None:
        super().__init__()
        self.item_list = item_list
        self.option = option
        self.option_id = option.id
        self.option_index = index

    @property
    def control(self) -> ItemList:
        return self.item_list


class ItemList(FastList, ScrollView, can_focus=True):
    """A list of rows with ids, updated in place; each row may wrap over several lines.

    With `cursor_shows_focus`, focus shows only in the cursor row: strong (`item-list--cursor`)
    while focused, the highlighted style when not, or nothing with `cursor_when_blurred=False`.
    Without it, the cursor row takes `option-list--option-highlighted` (whose CSS may depend on
    `:focus`). The component class names are OptionList's, so a stylesheet written for the
    OptionList this list once was still applies.
    """

    # No descriptions: the help screen lists these among the keys of every list (see help.py),
    # as it did when they were OptionList's.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", show=False),
        Binding("end", "last", show=False),
        Binding("enter", "select", show=False),
        Binding("home", "first", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("up", "cursor_up", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {OPTION, HIGHLIGHTED, CURSOR}

    # OptionList's look, so that a list without a stylesheet of its own looks as it did.
    DEFAULT_CSS = """
    ItemList {
        height: auto;
        max-height: 100%;
        color: $foreground;
        overflow-x: hidden;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .option-list--option-highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .option-list--option-highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        &.-cursor-shows-focus:focus {
            /* Focus shows in the cursor row alone: the rows' own look must not change with it,
               or every row would be drawn again as focus comes and goes. */
            border: tall $border-blurred;
            background-tint: $foreground 0%;
            & > .option-list--option-highlighted {  /* (only drawn while blurred) */
                color: $foreground;
                background: $block-cursor-blurred-background;
                text-style: $block-cursor-blurred-text-style;
            }
        }
        & > .item-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    # Only the row the cursor leaves and the row it lands on are drawn again (see watch_highlighted).
    highlighted: reactive[int | None] = reactive(None, repaint=False, init=False)
    # A new row changes the virtual size. Textual would lay out the whole screen for that and
    # redraw every row; a list whose own size does not follow its content needs a layout only
    # when its scroll bar appears or goes (see watch_virtual_size), and the rows that changed
    # are drawn by whoever changed them (append, insert, remove, _patch).
    virtual_size = Reactive(Size(0, 0), layout=False, repaint=False)

    class OptionHighlighted(RowMessage):
        """The cursor moved to another row."""

    class OptionSelected(RowMessage):
        """A row was chosen: Enter on it, or a click."""

    def __init__(self, *, id: str | None = None, classes: str = "", cursor_shows_focus: bool = False,
                 cursor_when_blurred: bool = True) -> None:
        super().__init__(id=id, classes=classes)
        self._items: list[Item] = []
        self._index: dict[str, int] = {}  # row id -> position
        self._heights: list[int] = []  # lines per row, measured at `_width` (empty: not measured)
        self._starts: list[int] = [0]  # first line of each row, and the line count at the end
        self._width = 0  # the row width the heights were measured for
        self._strips: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(ROWS_KEPT)
        # How the cursor's row will look after the likely next key (a picked mark): drawn ahead
        # once the frame is out, so that key finds it drawn (see `_draw_ahead_of_cursor`).
        self.next_look: Callable[[str], Row | None] | None = None
        self._made: dict[str, Item] = {}  # rows made ahead (next_look, draw_new_row_ahead), by id
        self._ahead: list[int] = []  # rows still to draw ahead, plain look
        self._ahead_due = False
        self._ahead_asked: bool | None = None  # draw_ahead was asked for (with last_page): again for a new width
        self._cursor_ahead_due = False
        self._cursor_rows: list[tuple[Item, VisualStyle]] = []  # still to draw beside the cursor
        self._cursor_rows_due = False
        self.cursor_shows_focus = cursor_shows_focus
        self.cursor_when_blurred = cursor_when_blurred
        self.set_class(cursor_shows_focus, "-cursor-shows-focus")

    # -- what callers read -------------------------------------------------------------------

    @property
    def ids(self) -> list[str]:
        return [item.id for item in self._items]

    @property
    def options(self) -> Sequence[Item]:
        """The rows, in order (read only: change them through `sync` and its kin)."""
        return tuple(self._items)

    @property
    def row_heights(self) -> list[int]:
        """How many lines each row takes at the present width (empty before it is known)."""
        return list(self._heights) if self._measured() else []

    @property
    def option_count(self) -> int:
        return len(self._items)

    def get_option_at_index(self, index: int) -> Item:
        return self._items[index]

    @property
    def highlighted_option(self) -> Item | None:
        index = self.highlighted
        return self._items[index] if index is not None else None

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def highlight_id(self, row_id: str | None) -> None:
        if row_id is not None and row_id in self._index:
            self.highlighted = self._index[row_id]

    def row_width(self) -> int:
        """The cells a row has: inside the scroll bar's place and the option's padding. A row
        made wider would wrap (keep the bar's place with `scrollbar-gutter: stable`, or the row
        fits only while there is no bar). Before the first layout: the app's width, less those."""
        padding = self.get_component_styles(OPTION).padding.width
        inside = self.scrollable_content_region.width or self.app.size.width - self.styles.scrollbar_size_vertical
        return inside - padding

    # -- the cursor --------------------------------------------------------------------------

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        if highlighted is None or not self._items:
            return None
        return min(max(highlighted, 0), len(self._items) - 1)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        if new is not None:
            self.scroll_to_highlight()
            self.post_message(self.OptionHighlighted(self, self._items[new], new))
        self._draw_cursor_ahead_soon()

    def scroll_to_highlight(self, top: bool = False) -> None:
        index = self.highlighted
        if index is None or not self.is_mounted or not self._measured():
            return
        self.scroll_to_region(Region(0, self._starts[index], self.scrollable_content_region.width,
                                     self._heights[index]),
                              force=True, animate=False, top=top, immediate=True)

    def action_cursor_up(self) -> None:
        if self._items:  # wraps round, as OptionList did
            self.highlighted = len(self._items) - 1 if self.highlighted in (None, 0) else self.highlighted - 1

    def action_cursor_down(self) -> None:
        if self._items:
            last = len(self._items) - 1
            self.highlighted = 0 if self.highlighted is None or self.highlighted >= last else self.highlighted + 1

    def action_first(self) -> None:
        if self._items:
            self.highlighted = 0

    def action_last(self) -> None:
        if self._items:
            self.highlighted = len(self._items) - 1

    def action_page_up(self) -> None:
        self._move_page(-1)

    def action_page_down(self) -> None:
        self._move_page(1)

    def _move_page(self, direction: int) -> None:
        """A view's height of lines up or down, to the row there (rows may be several lines)."""
        if not self._items:
            return
        if self.highlighted is None or not self._measured():
            self.highlighted = 0 if direction < 0 else len(self._items) - 1
            return
        line = self._starts[self.highlighted] + direction * self.scrollable_content_region.height
        line = min(max(line, 0), self._starts[-1] - 1)
        self.highlighted = self._row_of_line(line)

    def action_select(self) -> None:
        index = self.highlighted
        if index is not None:
            self.post_message(self.OptionSelected(self, self._items[index], index))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or not self._measured():
            return
        line = self.scroll_offset.y + offset.y
        if 0 <= line < self._starts[-1]:
            event.stop()
            self.highlighted = self._row_of_line(line)
            self.action_select()

    # -- focus ------------------------------------------------------------------------------
    # With `cursor_shows_focus`, focus shows in the cursor row alone (the list's CSS keeps every
    # other style the same with and without :focus), so a focus change draws that one row. Textual
    # would redraw the whole list as focus comes (in `focus`, in its Focus handler) and restyle
    # it (`watch_has_focus`), each row's lines finished again: between two board columns that
    # is every visible line of both.

    def focus(self, scroll_visible: bool = True) -> Self:
        if not self.cursor_shows_focus:
            return super().focus(scroll_visible)

        def set_focus(widget: ItemList) -> None:
            if widget.is_attached:
                widget.screen.set_focus(widget, scroll_visible=scroll_visible)

        self.app.call_later(set_focus, self)  # as Widget.focus, without its redraw
        return self

    def on_focus(self, event: events.Focus) -> None:
        if self.cursor_shows_focus:
            event.prevent_default()  # (Widget's own handler redraws the list)
            self._focus_moved(True, events.DescendantFocus(self))

    def on_blur(self, event: events.Blur) -> None:
        if self.cursor_shows_focus:
            event.prevent_default()
            self._focus_moved(False, events.DescendantBlur(self))

    def _focus_moved(self, has_focus: bool, tell: events.DescendantFocus | events.DescendantBlur) -> None:
        self.has_focus = has_focus
        if self.parent is not None:
            self.parent.post_message(tell)

    def watch_has_focus(self, has_focus: bool) -> None:
        if self.cursor_shows_focus:
            self._refresh_row(self.highlighted)  # no style depends on focus: only the cursor row changes
        else:
            super().watch_has_focus(has_focus)
        self._draw_cursor_ahead_soon()  # how the cursor row will look once focus comes or goes again

    # -- drawing -----------------------------------------------------------------------------

    def _measured(self) -> bool:
        return bool(self._width) and len(self._heights) == len(self._items)

    def _row_of_line(self, line: int) -> int:
        return bisect_right(self._starts, line) - 1

    def _look(self, index: int) -> VisualStyle:
        """The style a row is drawn in: the cursor's where the cursor is and shows."""
        if index == self.highlighted:
            if not self.cursor_shows_focus:
                return self.get_visual_style(OPTION, HIGHLIGHTED)
            if self.has_focus:
                return self.get_visual_style(OPTION, CURSOR)
            if self.cursor_when_blurred:
                return self.get_visual_style(OPTION, HIGHLIGHTED)
        return self.get_visual_style(OPTION)

    def _cursor_looks(self) -> list[VisualStyle]:
        """Every look the cursor row may take as focus comes and goes."""
        if not self.cursor_shows_focus:
            return [self.get_visual_style(OPTION, HIGHLIGHTED)]
        return [self.get_visual_style(OPTION, CURSOR), self.get_visual_style(OPTION, HIGHLIGHTED)]

    def _render_item(self, item: Item, style: VisualStyle) -> list[Strip]:
        """A row's lines in a look, from the cache if drawn before at this width. The style is
        part of the key: a theme change or a restyle that changes the look misses it."""
        width = self.scrollable_content_region.width
        key = (item.id, item.key, width, style)
        strips = self._strips.get(key)
        if strips is None:
            strips = self._draw_row(item, style, width)
            self._strips.set(key, strips)
        return strips

    def _draw_row(self, item: Item, style: VisualStyle, width: int) -> list[Strip]:
        padding = self.get_component_styles(OPTION).padding
        visual: Visual = Padding(item.prompt, padding) if padding else item.prompt
        rich_style = style.rich_style
        return [strip.extend_cell_length(width, rich_style)
                for strip in Visual.to_strips(self, visual, width, None, style)]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width and width != self._width:
            self._measure()
        line = self.scroll_offset.y + y
        if not self._measured() or not 0 <= line < self._starts[-1]:
            return Strip.blank(width, self.get_visual_style(OPTION).rich_style)
        index = self._row_of_line(line)
        strips = self._render_item(self._items[index], self._look(index))
        offset = line - self._starts[index]
        if offset < len(strips):
            return strips[offset]
        return Strip.blank(width, self.get_visual_style(OPTION).rich_style)

    def _height_of(self, item: Item, inside: int | None = None) -> int:
        """A row's lines at the measured width (`inside`: the cells inside its padding)."""
        if inside is None:
            inside = self._width - self.get_component_styles(OPTION).padding.width
        return max(1, item.prompt.get_height(self.styles, inside))

    def _measure(self) -> None:
        """Measure every row at the present width (or, hidden, the last one it had): when the
        width changes, or every row did."""
        width = self.scrollable_content_region.width or self._width
        if not width:
            return
        new_width, self._width = width != self._width, width
        inside = width - self.get_component_styles(OPTION).padding.width
        self._heights = [self._height_of(item, inside) for item in self._items]
        self._lines_changed()
        if new_width:
            if self._ahead_asked is not None:  # what was drawn ahead was for the old width
                self.draw_ahead(self._ahead_asked)
            self._draw_cursor_ahead_soon()

    def _lines_changed(self) -> None:
        """The line map from the known heights (no row measured again), and the scroll area."""
        self._starts = [0, *accumulate(self._heights)]
        if self._width:
            self.virtual_size = Size(self._width, self._starts[-1])

    def on_resize(self) -> None:
        # A row depends only on the width: a list hidden and shown again keeps its lines.
        if self.scrollable_content_region.width not in (0, self._width):
            self._measure()
            self.refresh()
        if self._ahead:  # paused while hidden
            self._draw_some_ahead_soon()
        self.scroll_to_highlight()

    def on_show(self) -> None:
        if self._ahead:
            self._draw_some_ahead_soon()

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        height = self.scrollable_content_region.height
        if self.styles.auto_dimensions or (old.height > height) != (new.height > height):
            self.refresh(layout=True, repaint=False)  # the list grows, or its scroll bar comes or goes
        elif self.show_vertical_scrollbar:
            self.vertical_scrollbar.window_virtual_size = new.height
        if self.scroll_y > self.max_scroll_y:
            self.scroll_y = self.max_scroll_y

    def _refresh_row(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self._items):
            return
        if self._measured():
            self.refresh_lines(self._starts[index], self._heights[index])
        else:
            self.refresh()

    def _refresh_from(self, index: int) -> None:
        """Draw again row `index` and every line below it in view (rows moved up or down)."""
        if not self._measured():
            self.refresh()
            return
        first = self._starts[index] if index < len(self._items) else self._starts[-1]
        bottom = self.scroll_offset.y + self.scrollable_content_region.height
        if first < bottom:
            self.refresh_lines(first, bottom - first)

    # -- drawing ahead, between keys ---------------------------------------------------------

    def draw_ahead(self, last_page: bool = False) -> None:
        """Draw the rows ahead in their plain look, a few at a time between keys, so that paging
        through a long list later only hands over lines drawn before. With `last_page`, only the
        rows at the end, two views' height: where a row added at the end takes the cursor."""
        self._ahead_asked = last_page
        order = list(range(len(self._items)))
        if last_page:
            lines, tail = 0, []
            view = 2 * max(self.scrollable_content_region.height, self.app.size.height // 2)
            for index in reversed(order):
                if lines >= view:
                    break
                tail.append(index)
                lines += self._heights[index] if self._measured() else 1
            order = tail
        elif self._measured():
            below = self._row_of_line(min(self.scroll_offset.y + self.scrollable_content_region.height,
                                          max(self._starts[-1] - 1, 0)))
            order = [*order[below:], *order[:below]]  # the next page first
        self._ahead = order
        self._draw_some_ahead_soon()

    def _draw_some_ahead_soon(self) -> None:
        if not self._ahead_due:
            self._ahead_due = True
            self.set_timer(AHEAD_PAUSE_S, self._draw_some_ahead, name="draw-ahead")

    def _draw_some_ahead(self) -> None:
        self._ahead_due = False
        if not self.is_mounted or not self.scrollable_content_region.width:
            return  # hidden: on again with the next resize (see on_resize)
        rows, self._ahead = self._ahead[:AHEAD_ROWS], self._ahead[AHEAD_ROWS:]
        plain = self.get_visual_style(OPTION)
        for index in rows:
            if 0 <= index < len(self._items):
                self._render_item(self._items[index], plain)
        if self._ahead:
            self._draw_some_ahead_soon()

    def _draw_cursor_ahead_soon(self) -> None:
        if not self._cursor_ahead_due and self.is_mounted:
            self._cursor_ahead_due = True
            self.set_timer(AHEAD_PAUSE_S, self._draw_cursor_ahead, name="cursor-ahead")

    def _draw_cursor_ahead(self) -> None:
        """Once the frame is out, what the next key is likely to show: the cursor's row as
        `next_look` says it will look after that key, the rows either side of the cursor in the
        cursor's look, the cursor's row in its other looks (once it leaves, once focus comes or
        goes), and the rows just below the view that a row taken out brings in. A few rows a
        turn (see `_draw_cursor_rows`): a key pressed meanwhile waits for no more than that."""
        self._cursor_ahead_due = False
        cursor = self.highlighted
        if cursor is None or not self.is_mounted or not self.scrollable_content_region.width:
            return
        looks, plain = self._cursor_looks(), self.get_visual_style(OPTION)
        rows: list[tuple[Item, VisualStyle]] = []
        if self.next_look is not None:
            row = self.next_look(self._items[cursor].id)
            if row is not None and row.id == self._items[cursor].id and row.key != self._items[cursor].key:
                item = self._made_item(row)
                rows += [(item, look) for look in looks]
        near = looks[0] if self.has_focus or not self.cursor_shows_focus else looks[-1]
        rows += [(self._items[index], near) for index in (cursor + 1, cursor - 1) if 0 <= index < len(self._items)]
        rows += [(self._items[cursor], look) for look in [plain, *looks]]
        if self._measured():
            # As many lines as the cursor's row (two rows at least): taking out an item whose
            # text wraps to many lines (dropped in a theme) brings that many into view.
            below = self.scroll_offset.y + self.scrollable_content_region.height
            if below < self._starts[-1]:
                first = index = self._row_of_line(below)
                lines = 0
                while index < len(self._items) and (lines < self._heights[cursor] or index < first + 2):
                    rows.append((self._items[index], plain))
                    lines += self._heights[index]
                    index += 1
        self._cursor_rows = rows
        if not self._cursor_rows_due:  # (else the chain under way goes on with these)
            self._draw_cursor_rows()

    def _draw_cursor_rows(self) -> None:
        self._cursor_rows_due = False
        if not self.is_mounted or not self.scrollable_content_region.width:
            self._cursor_rows = []
            return
        drawn = 0
        while self._cursor_rows and drawn < CURSOR_ROWS:
            item, look = self._cursor_rows.pop(0)
            if not self._is_drawn(item, look):
                self._render_item(item, look)
                drawn += 1
        if self._cursor_rows:
            self._cursor_rows_due = True
            self.set_timer(AHEAD_PAUSE_S, self._draw_cursor_rows, name="cursor-ahead")

    def _is_drawn(self, item: Item, style: VisualStyle) -> bool:
        return (item.id, item.key, self.scrollable_content_region.width, style) in self._strips

    def draw_new_row_ahead(self, row: Row, index: int | None = None) -> None:
        """Make and draw ahead a row likely to come in next (the group phase: the picked item,
        among the members of the theme it is about to be dropped in), in its plain look, or the
        cursor's in an empty list: `append` or `insert` then finds it drawn."""
        if row.id not in self._index and self.is_mounted and self.scrollable_content_region.width:
            item = self._made_item(row)
            for look in self._cursor_looks() if not self._items else [self.get_visual_style(OPTION)]:
                self._render_item(item, look)

    def _made_item(self, row: Row) -> Item:
        made = self._made.get(row.id)
        if made is None or made.key != row.key:
            if len(self._made) >= 8:
                self._made.clear()
            made = self._made[row.id] = Item(row.id, row.key, row.content())
        return made

    def _item_for(self, row: Row) -> Item:
        """The item for a row: the one made ahead for it, if it was made with this key."""
        made = self._made.pop(row.id, None)
        if made is not None and made.key == row.key:
            return made
        return Item(row.id, row.key, row.content())

    # -- keeping the rows in step ------------------------------------------------------------

    def update_row(self, row: Row) -> None:
        """Draw one row anew if it changed: for a keypress that knows the one row it changed,
        without building and comparing every row of the list."""
        index = self._index.get(row.id)
        if index is not None and self._items[index].key != row.key:
            self._patch(index, row)

    def sync(self, rows: Sequence[Row]) -> None:
        self._sync(rows)
        if self.highlighted is None and self._items:
            self.highlighted = 0  # a keyboard user always has a row to act on

    def _sync(self, rows: Sequence[Row]) -> None:
        shown = self.ids
        wanted = [r.id for r in rows]
        if wanted[: len(shown)] == shown:
            for index, row in enumerate(rows[: len(shown)]):
                if self._items[index].key != row.key:
                    self._patch(index, row)
            self.append(rows[len(shown):])
            return
        if len(wanted) == len(shown) + 1:
            index = next((i for i, (a, b) in enumerate(zip(wanted, shown)) if a != b), len(shown))
            if wanted[:index] + wanted[index + 1:] == shown and self.insert(index, rows[index]):
                self._sync(rows)  # and patch the rows whose look the new one changed
                return
        if len(wanted) == len(shown) - 1 and all(i in self._index for i in wanted):
            wanted_set = set(wanted)
            gone = next(i for i in shown if i not in wanted_set)
            if [i for i in shown if i != gone] == wanted:
                self.remove(gone)
                self._sync(rows)
                return
        self.reset(rows)

    def _reindex(self, start: int = 0) -> None:
        for position in range(start, len(self._items)):
            self._index[self._items[position].id] = position

    def append(self, rows: Sequence[Row]) -> None:
        rows = [row for row in rows if row.id not in self._index]
        if not rows:
            return
        first = len(self._items)
        self._items.extend(self._item_for(row) for row in rows)
        self._reindex(first)
        if self._measured() or (self._width and first == len(self._heights)):
            self._heights.extend(self._height_of(item) for item in self._items[first:])
            self._lines_changed()
        self._refresh_from(first)

    def insert(self, index: int, row: Row) -> bool:
        """Put one row in at `index`; False if it cannot be (the caller resets). Only the new row
        is measured; it and the rows below it in view are drawn again."""
        if not 0 <= index <= len(self._items) or row.id in self._index:
            return False
        measured = self._measured()
        item = self._item_for(row)
        self._items.insert(index, item)
        self._reindex(index)
        if measured:
            self._heights.insert(index, self._height_of(item))
            self._lines_changed()
        if self.highlighted is not None and self.highlighted >= index:
            self.set_reactive(ItemList.highlighted, self.highlighted + 1)  # the same row keeps the cursor
        self._refresh_from(index)
        self.scroll_to_highlight()
        return True

    def remove(self, row_id: str) -> None:
        """Take one row out: the known heights shift, nothing is measured again; the row's
        place and the rows below it in view are drawn again."""
        index = self._index.pop(row_id, None)
        if index is None:
            return
        measured = self._measured()
        del self._items[index]
        self._reindex(index)
        if measured:
            del self._heights[index]
            self._lines_changed()
        cursor = self.highlighted
        if not self._items:
            self.highlighted = None
        elif cursor is not None and cursor > index:
            self.set_reactive(ItemList.highlighted, cursor - 1)  # the same row keeps the cursor
        elif cursor is not None and cursor == index:
            if cursor >= len(self._items):
                self.highlighted = len(self._items) - 1
            else:  # the row below moved up under the cursor: a new row there, all the same
                self.post_message(self.OptionHighlighted(self, self._items[cursor], cursor))
                self._draw_cursor_ahead_soon()
        self._refresh_from(index)

    def reset(self, rows: Sequence[Row]) -> None:
        keep = self.highlighted_id
        index = self.highlighted
        self._items = [self._item_for(row) for row in rows]
        self._index = {}
        self._reindex()
        self._heights = []
        self._lines_changed()
        self._measure()
        self.refresh()
        if keep in self._index:
            self.highlight_id(keep)
        elif rows and index is not None:
            self.highlighted = min(index, len(rows) - 1)
        else:
            self.highlighted = None

    def _patch(self, index: int, row: Row) -> None:
        """Put in a row's new content: only this row is measured and drawn; if its height changed
        (a vote's dots wrapped the text onto one more line), the rows below it in view too."""
        item = self._item_for(row)
        self._items[index] = item
        if not self._measured():
            self.refresh()
            return
        height = self._height_of(item)
        if height == self._heights[index]:
            self._refresh_row(index)
        else:
            self._heights[index] = height
            self._lines_changed()
            self._refresh_from(index)
        if index == self.highlighted:
            self._draw_cursor_ahead_soon()
