"""One virtual list per board column: an OptionList whose rows are kept in step with the retro.

A board of 200 items must answer a keypress within a frame, so nothing rebuilds the list: `sync`
compares the rows it is given with what is shown (by id and a cheap key) and appends, patches or
removes only what changed; a prompt is only built for a row whose key changed. A full reset
happens only when the order itself changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Self

from textual import events
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive, reactive
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from retro.tui.ui import ROW_MOST, shown_safely
from retro.tui.widgets.finished_lines import FinishedLines
from retro.tui.widgets.scroll_bar import light_vertical_scrollbar

if TYPE_CHECKING:
    from textual.style import Style as VisualStyle


AHEAD_ROWS = 4  # ~1-2 ms of drawing: a key pressed meanwhile waits no longer than that
AHEAD_PAUSE_S = 0.005
CURSOR_ROWS = 2  # rows beside the cursor drawn at a time (~1 ms)
MADE_KEPT = 4  # rows made ahead and kept per list: a next look or two, a row to come


@dataclass(frozen=True)
class Row:
    id: str
    key: Hashable  # what the prompt is built from; equal keys mean an equal prompt
    prompt: Content | Callable[[], Content]  # a callable is only called when the row must be drawn anew

    def content(self) -> Content:
        """The row as the list shows it: a control character in it shown as an escape, and no
        longer than a row may be, however the prompt was made (see retro/tui/ui.py)."""
        return shown_safely(self.prompt() if callable(self.prompt) else self.prompt, ROW_MOST)


@cache
def _handles(kind: type[Widget], message: type[Message]) -> bool:
    """Whether a widget class has a handler for a message (`on_…`, `_on_…` or `@on`). Once per class."""
    names = (message.handler_name, f"_{message.handler_name}")
    return any(any(kinds in vars(cls).get("_decorated_handlers", {}) for kinds in message.__mro__)
               or any(name in vars(cls) for name in names) for cls in kind.__mro__)


@cache
def _handles_keys(kind: type[Widget]) -> bool:
    """Whether a widget class has a handler of its own for every key (`on_key`, or `@on(events.Key)`).
    Once per class: asked for each ancestor of the focused list on every key."""
    return getattr(kind, "on_key", None) is not None or kind._on_key is not Widget._on_key \
        or any(events.Key in vars(cls).get("_decorated_handlers", {}) for cls in kind.__mro__)


class ItemList(OptionList):
    """An OptionList of rows with ids, updated in place.

    With `cursor_shows_focus`, focus shows only in the cursor row: strong (`item-list--cursor`)
    while focused, the highlighted style when not, or nothing with `cursor_when_blurred=False`.
    No CSS rule is applied again when focus comes or goes. (A focus change restyles the list and
    each of its component classes, and any style that differs redraws every visible row: moving
    between two board columns cost 40-55 ms, three frames. Drawn from state, it is two rows.)
    """

    COMPONENT_CLASSES = OptionList.COMPONENT_CLASSES | {"item-list--cursor"}

    # OptionList repaints every visible row when the cursor moves; here only the row it leaves
    # and the row it lands on are drawn again (a 26-row list: 2 rows instead of 26 per keypress).
    highlighted: reactive[int | None] = reactive(None, repaint=False)
    # A new row changes the virtual size, which lays out the whole screen (15-25 ms with a board
    # on it) and redraws every row. A list whose own size does not follow its content needs no
    # layout for that, only when its scrollbar appears or goes (see watch_virtual_size); and the
    # rows that changed are drawn by whoever changed them (append, remove, _patch).
    virtual_size = Reactive(Size(0, 0), layout=False, repaint=False)
    # A scroll bar coming or going needs a layout (the bar is placed), but changes no row of a
    # list that keeps the bar's place (`scrollbar-gutter: stable`): Textual drew every row again.
    show_vertical_scrollbar = Reactive(False, layout=True, repaint=False)

    def __init__(self, *, id: str | None = None, classes: str = "", cursor_shows_focus: bool = False,
                 cursor_when_blurred: bool = True) -> None:
        super().__init__(id=id, classes=classes)
        self._keys: dict[str, Hashable] = {}
        # How the cursor's row will look after the likely next key (a picked mark): see
        # `_draw_next_look`. Rows made and drawn ahead, by id: (key, option), see `_option_for`.
        self.next_look: Callable[[str], Row | None] | None = None
        self._made: dict[str, tuple[Hashable, Option]] = {}
        self._ahead = 0
        self._order: list[int] = []  # the rows to draw ahead, in order
        self._ahead_asked = False  # drawing ahead was asked for: again after a new width
        self._ahead_last_page = False  # only the rows at the end (see draw_ahead)
        self._ahead_due = False  # a chain of drawing ahead is on its way
        self._ahead_paused = False  # hidden before they were all drawn
        self._cursor_ahead_due = False  # see _draw_cursor_ahead
        self._cursor_rows: list[tuple[int, VisualStyle]] = []  # still to draw beside the cursor
        self._cursor_rows_due = False
        self._drawn_width = 0  # the width the drawn rows and measured heights are for
        self._styles_cache = FinishedLines()
        self.cursor_shows_focus = cursor_shows_focus
        self.cursor_when_blurred = cursor_when_blurred

    def _on_resize(self, event: events.Resize) -> None:
        """OptionList drops every drawn row and every measured height on any resize, also when
        the list is hidden and shown again (a tab switch): History's 260 rows were measured and
        drawn anew on every visit, and the rows drawn ahead were lost. A row depends only on
        the width, so only a new width clears them. (Textual drops the finished lines of any
        resized list: the ones beside the cursor are finished again.)"""
        event.prevent_default()
        width = self.scrollable_content_region.width
        if width and width != self._drawn_width:
            self._drawn_width = width
            self._clear_caches()
            if self._ahead_asked:  # the rows drawn ahead were for the old width (a view's first layouts)
                self.draw_ahead(self._ahead_last_page)
        self._draw_cursor_ahead_soon()

    def row_width(self) -> int:
        """The cells a row has: inside the scroll bar's place and the option's padding. A row
        made wider would wrap (keep the bar's place with `scrollbar-gutter: stable`, or the row
        fits only while there is no bar). Before the first layout: the app's width, less those."""
        padding = self.get_component_styles("option-list--option").padding.width
        inside = self.scrollable_content_region.width or self.app.size.width - self.styles.scrollbar_size_vertical
        return inside - padding

    def watch_has_focus(self, has_focus: bool) -> None:
        if self.cursor_shows_focus:
            self._refresh_row(self.highlighted)  # no style depends on focus: only the cursor row changes
            self._draw_cursor_ahead_soon()  # as it looks when focus comes back (or goes)
        else:
            super().watch_has_focus(has_focus)

    def focus(self, scroll_visible: bool = True) -> Self:
        """Widget.focus repaints the whole list before it moves the focus (a kata tab switch drew
        the record's 25 lines anew, ~5 ms); with `cursor_shows_focus` only the cursor row changes,
        and `watch_has_focus` draws it. The focus moves as Textual's does: after this message."""
        if not self.cursor_shows_focus:
            return super().focus(scroll_visible)

        def set_focus(widget: Widget) -> None:
            if widget.is_attached:
                widget.screen.set_focus(widget, scroll_visible=scroll_visible)

        self.app.call_later(set_focus, self)
        return self

    def _on_focus(self, event: events.Focus) -> None:
        if self.cursor_shows_focus:
            event.prevent_default()  # Widget's handler repaints the whole list; here one row is
            self._focus_moved(True, events.DescendantFocus)

    def _on_blur(self, event: events.Blur) -> None:
        if self.cursor_shows_focus:
            event.prevent_default()
            self._focus_moved(False, events.DescendantBlur)

    def _focus_moved(self, has_focus: bool, tell: type[events.DescendantFocus | events.DescendantBlur]) -> None:
        self.has_focus = has_focus
        if self.parent is not None:
            self.parent.post_message(tell(self))

    async def _on_key(self, event: events.Key) -> None:
        """Run the list's own binding for the key here and now. Textual first hands an unhandled
        key up through every container to the app, a message hop each (~1.5 ms on the run
        screen's six), and only then looks for the binding, starting again from this list.
        Nothing on the way would have taken the key unless a node has a key handler (`key_…`,
        `_key_…`, `on_key`, `@on(Key)`: the screen's own for Escape, for one), so then the key
        goes the usual way. Only the list's own bindings (moving, selecting): they are plain
        methods of the list, where an ancestor's action run from the list's task could await
        the list's own removal (a deadlock), or leave a dialog's callback to the list."""
        own = [b for b in self._bindings.key_to_bindings.get(event.key, ()) if not b.priority]
        if not own or self._key_handled_on_the_way(event):
            return
        for binding in own:
            if await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()  # Widget's own handler (Textual calls each class's) has nothing left to do
                return

    def _key_handled_on_the_way(self, event: events.Key) -> bool:
        names = [f"{prefix}key_{name}" for name in event.name_aliases for prefix in ("", "_")]
        return any(getattr(node, name, None) is not None for node in self.ancestors_with_self for name in names) \
            or any(_handles_keys(type(node)) for node in self.ancestors if isinstance(node, Widget))

    def render_line(self, y: int) -> Strip:
        if not self.cursor_shows_focus:
            return super().render_line(y)
        try:
            index, offset = self._lines[self.scroll_offset.y + y]
            option = self.options[index]
        except IndexError:
            return Strip.blank(self.scrollable_content_region.width,
                               self.get_visual_style("option-list--option").rich_style)
        if option.disabled:
            style = self.get_visual_style("option-list--option", "option-list--option-disabled")
        elif index == self.highlighted and (self.has_focus or self.cursor_when_blurred):
            style = self._cursor_style()
        elif index == self._mouse_hovering_over:
            style = self.get_visual_style("option-list--option", "option-list--option-hover")
        else:
            style = self.get_visual_style("option-list--option")
        strips = self._get_option_render(option, style)
        if offset < len(strips):
            return strips[offset]
        return Strip.blank(self.scrollable_content_region.width,
                           self.get_visual_style("option-list--option").rich_style)

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        return light_vertical_scrollbar(self)

    def watch_show_vertical_scrollbar(self) -> None:
        if self.styles.scrollbar_gutter != "stable":
            self._clear_caches()  # the rows are narrower or wider now: measured and drawn again

    def watch_virtual_size(self, old: Size, new: Size) -> None:
        height = self.scrollable_content_region.height
        if self.styles.auto_dimensions or (old.height > height) != (new.height > height):
            # The scroll bar comes or goes (or the list grows): a layout, but the rows drawn stay
            # as they are (a repaint would draw every row of the list again, ~5 ms).
            self.refresh(layout=True, repaint=False)

    def watch_scroll_y(self, old: float, new: float) -> None:
        """Scroll as a terminal does: rows still on screen move, only the rows scrolled into view
        are drawn. (Textual redraws every visible row on a scroll: a keypress that moves the
        cursor past the bottom of a 24-row column cost ~7 ms of row rendering, most of a frame.)"""
        stale = set(self._styles_cache._dirty_lines)
        super().watch_scroll_y(old, new)  # marks every row to be drawn
        shift = round(new) - round(old)
        if shift:
            self._move_drawn_rows(self.styles.gutter.top, shift, stale)

    def _move_drawn_rows(self, start: int, shift: int, stale: set[int]) -> None:
        """Keep the finished rows (border, padding, background) that are still on screen, moved:
        from widget row `start` down, each row shows what was `shift` rows below it; rows above
        `start` and the border stay; anything else, and rows that were waiting to be redrawn
        (`stale`), is drawn. A content row's finished line does not depend on where it sits, and
        clicks find their row by position (see `_row_at`), not by what the line carries.
        (StylesCache internals: safe only because Textual is pinned exactly.)"""
        cache = self._styles_cache
        gutter, height = self.styles.gutter, self.outer_size.height  # the cache's rows: border included
        top, bottom = gutter.top, height - gutter.bottom
        start = max(start, top)
        lines = cache._cache
        kept: dict[int, object] = {y: strip for y, strip in lines.items()
                                   if y not in stale and (y < start or y >= bottom)}
        for y in range(start, bottom):
            source = y + shift
            if start <= source < bottom and source in lines and source not in stale:
                kept[y] = lines[source]
        lines.clear()
        lines.update(kept)  # type: ignore[arg-type]
        cache._dirty_lines = set(range(height)) - kept.keys()

    def _row_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        try:
            return self._lines[self.scroll_offset.y + offset.y][0]
        except IndexError:
            return None

    async def _on_click(self, event: events.Click) -> None:
        # OptionList takes the row from the line's meta, which a moved row carries stale.
        event.prevent_default()
        index = self._row_at(event)
        if index is not None and not self._options[index].disabled:
            self.highlighted = index
            self.action_select()

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        event.prevent_default()
        self._mouse_hovering_over = self._row_at(event)

    def post_message(self, message: Message) -> bool:
        if isinstance(message, OptionList.OptionHighlighted):
            # Nothing above a list listens (`follow_cursor` watches the cursor itself): up to the
            # app it is seven hops on the run screen, ~0.7 ms a move, and the next key waits.
            message.bubble = False
        elif isinstance(message, OptionList.OptionSelected) and message.bubble \
                and not _handles(type(self), type(message)):
            # Straight to the first container that handles it (the view: a pick, a drop, a
            # vote's voter), not a hop through each container on the way (~0.1 ms each, and the
            # key's frame waits); from there it goes on up as usual unless stopped.
            node = self._parent
            while isinstance(node, Widget) and not _handles(type(node), type(message)):
                node = node._parent
            if isinstance(node, Widget):
                return node.post_message(message)
        return super().post_message(message)

    def watch_highlighted(self, old: int | None, new: int | None) -> None:  # type: ignore[override]
        super().watch_highlighted(new)
        for index in (old, new):
            self._refresh_row(index)
        self._draw_cursor_ahead_soon()

    def _cursor_style(self, focused: bool | None = None) -> VisualStyle:
        """The look of the row under the cursor: strong where focus shows in it (with focus as
        it is, or as `focused` says)."""
        if self.cursor_shows_focus and (self.has_focus if focused is None else focused):
            return self.get_visual_style("option-list--option", "item-list--cursor")
        return self.get_visual_style("option-list--option", "option-list--option-highlighted")

    def _draw_cursor_ahead_soon(self) -> None:
        if not self._cursor_ahead_due:
            self._cursor_ahead_due = True
            self.set_timer(AHEAD_PAUSE_S, self._draw_cursor_ahead, name="cursor-ahead")

    def _draw_cursor_ahead(self) -> None:
        """Once the frame is out: the rows either side of the cursor, drawn and finished as they
        look with the cursor on them, and the cursor's row as it looks without it and as it looks
        when focus comes or goes, so the next move (or a row moving up under the cursor as one is
        taken out, or a click into another list) hands them over instead of drawing them (~0.3 ms
        a line). And the rows below the view that a row taken out brings into it. The
        cursor's next look first, then two rows at a time: all of them on a board of wrapped
        rows is 5-15 ms, which a key pressed meanwhile would wait for."""
        self._cursor_ahead_due = False
        cursor = self.highlighted
        if cursor is None or not self.is_mounted or not self.scrollable_content_region.width:
            return
        self._draw_next_look(cursor)
        style, plain = self._cursor_style(), self.get_visual_style("option-list--option")
        rows = [(cursor - 1, style), (cursor + 1, style), (cursor, plain)]  # (plain: once the cursor leaves)
        if self.cursor_shows_focus:  # once focus comes or goes
            rows.append((cursor, self._cursor_style(not self.has_focus)))
        below = self.scroll_offset.y + self.scrollable_content_region.height
        if below < len(self._lines):
            # As many rows as the cursor's row is tall, two at least: taking out an item whose
            # text wraps to eleven lines brings eleven lines into view.
            heights, first, lines = self._line_cache.heights, self._lines[below][0], 0
            index = first
            while index < len(self._options) and (lines < heights.get(cursor, 1) or index < first + 2):
                rows.append((index, plain))
                lines += heights.get(index, 1)
                index += 1
        self._cursor_rows = rows
        if not self._cursor_rows_due:
            self._draw_cursor_rows()

    def _draw_cursor_rows(self) -> None:
        self._cursor_rows_due = False
        if not self.is_mounted or not self.scrollable_content_region.width:
            self._cursor_rows = []
            return
        rows, self._cursor_rows = self._cursor_rows[:CURSOR_ROWS], self._cursor_rows[CURSOR_ROWS:]
        for index, style in rows:
            self._draw_row_ahead(index, style)
        if self._cursor_rows:
            self._cursor_rows_due = True
            self.set_timer(AHEAD_PAUSE_S, self._draw_cursor_rows, name="cursor-ahead")

    def _draw_next_look(self, cursor: int) -> None:
        """The cursor's row as `next_look` says it will look after the likely next key, made
        and drawn under the cursor, with focus and without: `update_row` puts in this very
        option, whose lines are then handed over (a picked item's row, 3-4 lines: ~2 ms)."""
        if self.next_look is None or not 0 <= cursor < len(self._options):
            return
        row_id = self._options[cursor].id
        row = self.next_look(row_id) if row_id is not None else None
        if row is not None and row.id == row_id and self._keys.get(row_id) != row.key:
            self._make_ahead(row, cursor, [self._cursor_style(False), self._cursor_style(True)])

    def draw_new_row_ahead(self, row: Row, index: int | None = None) -> None:
        """Make and draw ahead a row likely to come in next, at `index` (the end by default), as
        it looks without the cursor (or, in an empty list, under it): `append` or `insert` then
        puts in this very option, and its lines are handed over (the group phase: the picked
        item, among the members of the theme it is about to be dropped in)."""
        if row.id not in self._keys and self.is_mounted and self.scrollable_content_region.width:
            look = self._cursor_style() if not self._options else self.get_visual_style("option-list--option")
            self._make_ahead(row, len(self._options) if index is None else index, [look])

    def _make_ahead(self, row: Row, index: int, styles: list[VisualStyle]) -> None:
        made = self._made.get(row.id)
        if made is None or made[0] != row.key:
            if len(self._made) >= MADE_KEPT:
                self._made.clear()
            made = self._made[row.id] = (row.key, Option(row.content(), id=row.id))
        option = made[1]
        self._option_to_index[option] = index  # (the place its lines' meta names; clicks go by position)
        try:
            for style in styles:
                self._finish_ahead(self._get_option_render(option, style))
        finally:
            del self._option_to_index[option]

    def _option_for(self, row: Row) -> Option:
        """The option for a row: the one made ahead for it, if it was made with this key."""
        made = self._made.pop(row.id, None)
        if made is not None and made[0] == row.key:
            return made[1]
        return Option(row.content(), id=row.id)

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

    def draw_ahead(self, last_page: bool = False) -> None:
        """Draw the rows' lines ahead, a few rows at a time between keypresses, so that paging
        through a long list later (the five-year History: ~40 ms a page of new rows) only copies
        finished lines. Rows are drawn as they look without the cursor on them, starting below
        the rows in view: the next page is ready first (~25 ms), then the rest, then the rows
        above. With `last_page`, only the rows at the end, a view's height or two: where a row
        added at the end takes the cursor (a board column's first Enter jumps there from the
        top, and drew the whole view anew: ~8 ms)."""
        self._ahead = 0
        self._ahead_asked = True
        self._ahead_last_page = last_page
        self._ahead_paused = False  # (this chain takes over from a paused one)
        self._draw_some_ahead_soon()

    def _draw_some_ahead_soon(self) -> None:
        if not self._ahead_due:  # (one chain at a time: a running one starts again from `_ahead`)
            self._ahead_due = True
            self.set_timer(AHEAD_PAUSE_S, self._draw_some_ahead, name="draw-ahead")

    def _ahead_order(self) -> list[int]:
        if self._ahead_last_page:
            # Two views' height of rows: a view just shown may be laid out taller yet (a status
            # line hidden), and a typed row that wraps takes more of the view than one line.
            order: list[int] = []
            lines, heights = 0, self._line_cache.heights
            for index in reversed(range(len(self._options))):
                if lines >= 2 * self.scrollable_content_region.height:
                    break
                order.append(index)
                lines += heights.get(index, 1)
            return order
        below = self.scroll_offset.y + self.scrollable_content_region.height
        first = self._lines[below][0] if below < len(self._lines) else len(self._options)
        return [*range(first, len(self._options)), *range(first)]

    def _draw_some_ahead(self) -> None:
        self._ahead_due = False
        if not self.is_mounted:
            return
        if not self.scrollable_content_region.width:
            self._ahead_paused = True  # on a hidden tab: on again when shown (on_show)
            return
        if self._ahead == 0:
            self._order = self._ahead_order()
        style = self.get_visual_style("option-list--option")
        end = min(self._ahead + AHEAD_ROWS, len(self._order))
        for index in self._order[self._ahead:end]:
            self._draw_row_ahead(index, style)
        self._ahead = end
        if end < len(self._order):
            self._draw_some_ahead_soon()

    def on_show(self) -> None:
        if self._ahead_paused:
            self._ahead_paused = False
            self._draw_some_ahead_soon()

    def _draw_row_ahead(self, index: int, style: VisualStyle) -> None:
        """Draw and finish one row in a look, if it is (still) there: rows can go meanwhile."""
        if 0 <= index < len(self._options):
            self._finish_ahead(self._get_option_render(self._options[index], style))

    def _finish_ahead(self, contents: list[Strip]) -> None:
        """Finish a row's lines as `render_widget` would (FinishedLines keeps them), and filter
        them as the app will: a page scrolled into view later only hands them over."""
        if self.region.height <= self.styles.gutter.height:
            return
        base_background, background = self.background_colors
        filters = self.get_line_filters()
        for content in contents:
            line = self._styles_cache.render_line(
                self.styles, self.styles.gutter.top, self.region.size, self.content_region.size, self.styles.padding,
                base_background, background, lambda _y, content=content: content, None, None, self.opacity,
                self.app.ansi_theme, self.app.native_ansi_color)
            for line_filter in filters:
                line = line.apply_filter(line_filter, background)

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
        if len(wanted) == len(shown) + 1:
            index = next((i for i, (a, b) in enumerate(zip(wanted, shown)) if a != b), len(shown))
            if wanted[:index] + wanted[index + 1:] == shown and self.insert(index, rows[index]):
                self._sync(rows)  # and patch the rows whose look the new one changed
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
        options = [self._option_for(row) for row in rows]
        cache = self._line_cache
        if (not self.is_mounted or len(cache.heights) != len(self._options)
                or any(o.id in self._id_to_option for o in options)):
            self.add_options(options)  # not measured yet (or a clash, which OptionList reports)
            return
        # OptionList's add_options redraws every visible row; only the new ones are drawn here.
        first = len(cache.lines)
        for option in options:
            self._option_to_index[option] = len(self._options)
            self._id_to_option[option.id] = option  # type: ignore[index]
            self._options.append(option)
        self._update_lines()  # measures the new rows only
        self.refresh_lines(first, len(cache.lines) - first)

    def insert(self, index: int, row: Row) -> bool:
        """Put one row in at `index`; False if it cannot be done in place (the caller resets).
        OptionList can only add at the end, or replace every row, which draws every visible row
        again (an experiment planned for the middle of the week: the whole record). Here only
        the new row is measured; it is drawn, and so is the screen row just below it, while the
        drawn rows further down move. (OptionList internals, as in `remove` and `_patch`.)"""
        cache = self._line_cache
        if (index >= len(self._options) or row.id in self._keys or not self.is_mounted
                or len(cache.heights) != len(self._options)):
            return False
        option = self._option_for(row)
        try:
            padding = self.get_component_styles("option-list--option").padding
            width = self.scrollable_content_region.width - self._get_left_gutter_width() - padding.width
            height = self._get_visual(option).get_height(self.styles, width) + option._divider
            for later in self._options[index:]:
                self._option_to_index[later] += 1
            self._options.insert(index, option)
            self._option_to_index[option] = index
            self._id_to_option[row.id] = option  # type: ignore[index]
            heights = {(i if i < index else i + 1): h for i, h in cache.heights.items()}
            heights[index] = height
            cache.heights.clear()
            cache.heights.update(heights)
            self._rebuild_lines()
        except (AttributeError, KeyError, IndexError):
            return False
        self._keys[row.id] = row.key
        self._mouse_hovering_over = None
        first = cache.index_to_line[index]
        stale = set(self._styles_cache._dirty_lines)
        self.refresh(self.size.region)
        self._move_drawn_rows(self.styles.gutter.top + first - self.scroll_offset.y + height, -height, stale)
        self.refresh_lines(first, height)  # the new row's own lines: kept above the moved ones, but stale
        if self.highlighted is not None and self.highlighted >= index:
            self.highlighted += 1  # the same row keeps the cursor
        self._update_lines()  # the virtual size follows the new line count
        return True

    def remove(self, row_id: str) -> None:
        """Take one row out. OptionList's `remove_option` re-measures every remaining row (170 ms
        when an item leaves a 170-item list for a theme) and redraws the list; here the known
        heights are shifted, and so are the drawn rows below it. (OptionList internals, as in
        `_patch`.)"""
        if row_id not in self._keys:
            return
        del self._keys[row_id]
        try:
            option = self._id_to_option[row_id]
            index = self._option_to_index[option]
            cache = self._line_cache
            if len(cache.heights) != len(self._options):
                raise KeyError(row_id)  # not measured yet: nothing to keep
            first, height = cache.index_to_line[index], cache.heights[index]
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
        except (AttributeError, KeyError, IndexError):
            self.remove_option(row_id)
            return
        stale = set(self._styles_cache._dirty_lines)
        self.refresh(self.size.region)
        self._move_drawn_rows(self.styles.gutter.top + first - self.scroll_offset.y, height, stale)
        cursor = self.highlighted
        if cursor is not None and self._options:
            if cursor > index:
                self.highlighted = cursor - 1  # the same row keeps the cursor
            else:
                self.highlighted = min(cursor, len(self._options) - 1)
                self._refresh_row(self.highlighted)  # the row that moved up under the cursor
        elif not self._options:
            self.highlighted = None
        self._draw_cursor_ahead_soon()  # a new row beside the cursor
        self._update_lines()  # the virtual size follows the new line count

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
        new = self._option_for(row)
        prompt = new.prompt
        try:
            old = self._options[index]
            cache = self._line_cache
            old_height = cache.heights.get(index)
            if old.disabled:
                new = Option(prompt, id=row.id, disabled=True)
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
        if index == self.highlighted:
            self._draw_cursor_ahead_soon()  # the new row as it looks once the cursor or focus moves
        first = cache.index_to_line[index]
        if new_height == old_height:
            self.refresh_lines(first, old_height)  # only this row is drawn again
            return
        # Taller or shorter (a vote's dots wrapped the text onto one more line): the rows below
        # move, drawn as they are, as for a row added or taken out (every row drawn again: ~8 ms).
        cache.heights[index] = new_height
        self._rebuild_lines()
        stale = set(self._styles_cache._dirty_lines)
        self.refresh(self.size.region)
        self._move_drawn_rows(self.styles.gutter.top + first - self.scroll_offset.y + new_height,
                              old_height - new_height, stale)
        self.refresh_lines(first, new_height)
        self._update_lines()  # the virtual size follows the new line count
