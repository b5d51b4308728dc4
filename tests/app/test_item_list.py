"""ItemList, a list of multi-line rows on Textual's public Line API: it draws only what
changed (the rows a key changed, rows scrolled into view), and what it shows must always be
exactly what a full redraw would show."""

from __future__ import annotations

import ast
import inspect

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import OptionList

from retro.tui.widgets import item_list
from retro.tui.widgets.item_list import ItemList, Row
from tests.app.fast_support import needs
from tests.app.run_support import until

CSS = """
ItemList { height: 14; border: round $panel; scrollbar-gutter: stable; }
ItemList > .option-list--option { padding: 0 1; }
ItemList > .option-list--option-highlighted { background: $primary 40%; text-style: bold; }
"""


def rows(n: int, mark: str = "") -> list[Row]:
    return [Row(f"r{i}", (i, mark), Content(f"Row {i}{mark}\n  by {'Anna' if i % 2 else 'Bo'}")) for i in range(n)]


class ListApp(App[None]):
    CSS = CSS

    def __init__(self) -> None:
        super().__init__()
        self.selected: list[str] = []
        self.highlighted: list[str] = []

    def compose(self) -> ComposeResult:
        yield ItemList(id="list")

    def on_mount(self) -> None:
        self.query_one(ItemList).sync(rows(60))
        self.query_one(ItemList).focus()

    def on_item_list_option_selected(self, event: ItemList.OptionSelected) -> None:
        self.selected.append(event.option.id)

    def on_item_list_option_highlighted(self, event: ItemList.OptionHighlighted) -> None:
        self.highlighted.append(event.option_id)


def shown(widget: ItemList) -> list[list[object]]:
    """The finished lines the widget hands the compositor (from its caches where it can)."""
    return [list(strip) for strip in widget.render_lines(Region(0, 0, *widget.size))]


def redrawn(widget: ItemList) -> list[list[object]]:
    """What a full redraw shows: every row rendered anew, every line finished anew. (The rows
    the list kept are put back after, as they were: a redraw is not part of what is tested.)"""
    from textual.cache import LRUCache

    kept, widget._strips = widget._strips, LRUCache(10_000)
    widget.refresh()
    try:
        return shown(widget)
    finally:
        widget._strips = kept
        widget.refresh()


async def assert_true_to_a_redraw(pilot, widget: ItemList) -> None:  # noqa: ANN001
    await pilot.pause()
    cached = shown(widget)
    assert cached == redrawn(widget)


def idle(widget: ItemList) -> bool:
    return not (widget._cursor_ahead_due or widget._ahead_due or widget._cursor_rows_due or widget._cursor_rows)


async def between_keys(pilot, *widgets: ItemList) -> None:  # noqa: ANN001
    """The pause between two keys, long enough for the lists to draw ahead what they draw beside
    their cursors (a few rows a turn: slower on a loaded machine)."""
    await drawn_ahead(pilot, lambda: all(idle(w) for w in widgets))


async def drawn_ahead(pilot, done) -> None:  # noqa: ANN001
    """The pause between keys in which what the next key shows is drawn ahead: until `done()`."""
    await until(pilot, done, "nothing was drawn ahead")


def drawing_ahead_done(widget: ItemList) -> bool:
    """The list's chain of drawing ahead (`draw_ahead`) has drawn every row it was asked for."""
    return not widget._ahead_due and not widget._ahead


async def drawn_within(pilot, widget: ItemList, rows_drawn: int, seconds: float = 5.0) -> bool:  # noqa: ANN001
    """Whether the list has more than `rows_drawn` rendered rows kept within `seconds`: drawing
    ahead goes a few rows a turn between other work, slower on a loaded machine."""
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        if len(widget._strips) > rows_drawn:
            return True
    return False


def row_text(widget: ItemList, y: int) -> str:
    return widget.render_lines(Region(0, y, widget.size.width, 1))[0].text


def row_background(widget: ItemList, y: int) -> object:
    strip = widget.render_lines(Region(0, y, widget.size.width, 1))[0]
    return next(iter(strip.crop(3, 4))).style.bgcolor  # inside the row, past border and padding


class FreshLines:
    """Counts what widgets draw anew in a key's frame. For an ItemList: the lines of each row it
    renders (not one of the rows it rendered before, nor one drawn ahead between keys), by their
    row on screen. For any other widget: the lines it finishes anew (not handed over from those
    finished before), by their row in the widget."""

    def __init__(self, *widgets: Widget) -> None:
        from textual._styles_cache import StylesCache  # (other widgets' lines: Textual's own cache)

        self.lines: list[int] = []
        self._ahead: list[bool] = []
        self._finish = StylesCache.render_line
        caches = {id(w._styles_cache) for w in widgets if not isinstance(w, ItemList)}

        def counted(cache, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            if id(cache) in caches:
                self.lines.append(kwargs["y"] if "y" in kwargs else args[1])  # (the speed layer passes keywords)
            return self._finish(cache, *args, **kwargs)

        for widget in widgets:
            if isinstance(widget, ItemList):
                self._count_rows(widget)
        StylesCache.render_line = counted  # type: ignore[method-assign]

    def _count_rows(self, widget: ItemList) -> None:
        draw_row = widget._draw_row

        def drawn(item, style, width, draw_row=draw_row, widget=widget):  # noqa: ANN001, ANN202
            strips = draw_row(item, style, width)
            index = widget._index.get(item.id)
            if not self._ahead and index is not None and widget._measured():
                first = widget.styles.gutter.top + widget._starts[index] - widget.scroll_offset.y
                self.lines.extend(range(first, first + len(strips)))
            return strips

        widget._draw_row = drawn  # type: ignore[method-assign]
        for name in ("_draw_some_ahead", "_draw_cursor_ahead", "_draw_cursor_rows", "draw_new_row_ahead"):
            ahead = getattr(widget, name)

            def drawing_ahead(*args, ahead=ahead):  # noqa: ANN001, ANN002, ANN202
                self._ahead.append(True)
                try:
                    return ahead(*args)
                finally:
                    self._ahead.pop()

            setattr(widget, name, drawing_ahead)

    def __enter__(self) -> FreshLines:
        return self

    def __exit__(self, *exc: object) -> None:
        from textual._styles_cache import StylesCache

        StylesCache.render_line = self._finish  # type: ignore[method-assign]


# -- what it is --------------------------------------------------------------------------------


def test_it_is_not_an_option_list_and_uses_no_private_textual_api() -> None:
    """Built on Textual's public Line API (ScrollView + render_line), so a Textual upgrade that
    changes a private signature cannot break it: no `textual._*` import, no `_`-prefixed member
    of a Textual object (only of its own), no override of Textual's `_on_*` handlers."""
    from textual.scroll_view import ScrollView

    assert not issubclass(ItemList, OptionList) and issubclass(ItemList, ScrollView)
    tree = ast.parse(inspect.getsource(item_list))
    imported = [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    imported += [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    assert not [name for name in imported if name and name.startswith("textual._")]
    own = {name for cls in (ItemList, item_list.RowMessage) for name in vars(cls)}
    own |= {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store) and isinstance(node.value, ast.Name) and node.value.id == "self"}
    private = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
               and node.attr.startswith("_") and not node.attr.startswith("__")}
    assert private - own == set(), "a private member of a Textual object is used"
    assert not [name for name in vars(ItemList) if name.startswith("_on_") or name.startswith("_key_")]


# -- keys, mouse ------------------------------------------------------------------------------


async def test_keys_move_the_cursor_and_enter_selects() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        page = widget.scrollable_content_region.height // 2  # rows of two lines
        await pilot.pause()
        assert widget.highlighted == 0
        steps = [("down", 1), ("down", 2), ("up", 1), ("end", 59), ("down", 0), ("up", 59), ("home", 0),
                 ("pagedown", page), ("pagedown", 2 * page), ("pageup", page), ("pageup", 0)]
        for key, expected in steps:
            await pilot.press(key)
            assert widget.highlighted == expected, key
            start = widget.row_heights and sum(widget.row_heights[:expected])
            assert widget.scroll_offset.y <= start < widget.scroll_offset.y + widget.scrollable_content_region.height
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.selected == ["r1"]
        assert app.highlighted[-1] == "r1"
        assert app.highlighted[:4] == ["r0", "r1", "r2", "r1"]  # the first row on sync, then each move


async def test_a_click_highlights_and_selects_the_row_under_the_mouse() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        await pilot.press("pagedown")  # scrolled: the row on screen, not the row at that line of the list
        await pilot.pause()
        top = widget.scroll_offset.y // 2
        assert top > 0
        assert await pilot.click(widget, offset=(3, 1 + 2 * 3 + 1))  # the second line of the fourth row on screen
        await pilot.pause()
        assert widget.highlighted_id == f"r{top + 3}" and app.selected == [f"r{top + 3}"]
        assert await pilot.click(widget, offset=(3, 0))  # the border: nothing
        await pilot.pause()
        assert app.selected == [f"r{top + 3}"]


async def test_a_click_after_rows_moved_picks_the_row_under_the_mouse() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        await pilot.pause()
        widget.remove("r0")  # rows drawn before now sit one row higher
        await pilot.pause()
        assert await pilot.click(widget, offset=(3, 1 + 2))  # the second row on screen
        await pilot.pause()
        assert widget.highlighted_id == "r2" and app.selected == ["r2"]
        assert "Row 2" in row_text(widget, 1 + 2)


# -- rows changed -----------------------------------------------------------------------------


async def test_a_row_changed_by_someone_else_is_the_only_row_drawn_again() -> None:
    """Another process edited an item: the view syncs the whole list, and only that row is
    rendered anew; it shows the new text, and the rest is what a full redraw shows."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        await pilot.press("down")
        await between_keys(pilot, widget)
        changed = rows(60)
        changed[4] = Row("r4", (4, "edited"), Content("Row 4 edited elsewhere\n  by Bo"))
        with FreshLines(widget) as fresh:
            widget.sync(changed)
            await pilot.pause()
        top = widget.styles.gutter.top
        assert fresh.lines == [top + 8, top + 9]  # row 4's two lines, nothing else
        assert "Row 4 edited elsewhere" in row_text(widget, top + 8)
        await assert_true_to_a_redraw(pilot, widget)
        with FreshLines(widget) as fresh:
            widget.sync(changed)  # the same again (a reload with nothing new): nothing drawn
            await pilot.pause()
        assert fresh.lines == []


async def test_a_row_that_grows_or_shrinks_moves_the_rows_below_and_renders_only_itself() -> None:
    """A vote's dots can wrap a row onto one more line: the rows below move (not rendered
    again), and the list still shows what a full redraw shows."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = await cursor_on_row_10(app, pilot)
        await between_keys(pilot, widget)
        top, first = widget.styles.gutter.top, sum(widget.row_heights[:8]) - widget.scroll_offset.y
        assert first >= 0 and first + 3 + 2 < widget.scrollable_content_region.height  # it and the next in view
        for lines in (3, 1, 2):  # taller, shorter, back to its height
            text = "\n".join(f"Row 8 line {n}" for n in range(lines))
            with FreshLines(widget) as fresh:
                widget.update_row(Row("r8", ("r8", lines), Content(text)))
                await pilot.pause()
            assert fresh.lines == [top + first + n for n in range(lines)], f"{lines}: drew {fresh.lines}"
            await assert_true_to_a_redraw(pilot, widget)
            assert "Row 8 line 0" in row_text(widget, top + first)
            assert "Row 9" in row_text(widget, top + first + lines)
        assert widget.highlighted_id == "r10"


async def test_a_long_item_wraps_at_80_columns_and_user_text_stays_text() -> None:
    """A row wraps over as many lines as its text needs at the list's width; what a user typed
    is shown as typed (no markup), a control character as an escape, and an endless item cut."""
    from retro.tui.ui import literal

    words = "the deploy pipeline waits on a manual approval step nobody owns [b]not bold[/b] \x1b[31m"
    long_text = " ".join([words] * 3)
    endless = "x" * 100_000

    class WideApp(App[None]):
        CSS = CSS

        def compose(self) -> ComposeResult:
            yield ItemList(id="list")

        def on_mount(self) -> None:
            widget = self.query_one(ItemList)
            widget.sync([Row("long", 1, literal(long_text)), Row("endless", 2, literal(endless)), *rows(3)])
            widget.focus()

    app = WideApp()
    async with app.run_test(size=(80, 30)) as pilot:
        widget = app.query_one(ItemList)
        await pilot.pause()
        width = widget.scrollable_content_region.width
        assert width < 80 and widget.row_width() == width - 2
        heights = widget.row_heights
        assert heights[0] > 2 and heights[2:] == [2, 2, 2]
        lines = [strip.text for strip in widget.render_lines(Region(0, 1, widget.size.width, heights[0]))]
        assert all(len(line) == widget.size.width for line in lines)
        text = " ".join(line[2:-2].strip() for line in lines)  # inside the border and padding
        assert "[b]not bold[/b]" in text and "\\x1b[31m" in text and "\x1b" not in text
        assert text.split() == long_text.replace("\x1b", "\\x1b").split()
        assert len(str(widget.get_option_at_index(1).prompt)) < len(endless)  # cut
        raw = Row("raw", 0, Content("made without literal() \x1b[2J"))  # however a row was made
        assert "\x1b" not in str(raw.content()) and "\\x1b[2J" in str(raw.content())
        assert sum(heights) == widget.virtual_size.height
        await pilot.press("down", "down")
        await assert_true_to_a_redraw(pilot, widget)
        assert widget.highlighted_id == "r0"


async def test_hidden_and_shown_again_it_keeps_its_rows_and_a_new_width_redraws_them() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = await cursor_on_row_10(app, pilot)
        drawn = list(widget._strips.keys())
        assert drawn
        widget.display = False  # another tab
        await pilot.pause()
        with FreshLines(widget) as fresh:
            widget.display = True
            widget.focus()  # (focus went with it: the rows' look depends on it here)
            await pilot.pause()
        assert fresh.lines == []  # nothing rendered anew
        await assert_true_to_a_redraw(pilot, widget)
        assert widget.highlighted_id == "r10"
        await pilot.resize_terminal(30, 20)  # narrower: every row is drawn for the new width
        await pilot.pause()
        await assert_true_to_a_redraw(pilot, widget)


async def test_the_last_rows_drawn_ahead_are_drawn_again_for_a_new_width() -> None:
    """A list laid out anew at another width (a view's first layouts, a resize) has lost the
    rows drawn ahead for the old one: they are drawn again, and `end` hands them over."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        widget.draw_ahead(last_page=True)
        await pilot.resize_terminal(30, 20)
        await drawn_ahead(pilot, lambda: drawing_ahead_done(widget) and idle(widget))
        with FreshLines(widget) as fresh:
            await pilot.press("end")
            await pilot.pause()
        bottom = widget.styles.gutter.top + widget.scrollable_content_region.height
        assert fresh.lines == [bottom - 2, bottom - 1], fresh.lines  # only the last row, in the cursor's look
        await assert_true_to_a_redraw(pilot, widget)


async def test_the_rows_beside_the_cursor_are_drawn_ahead_so_a_move_renders_no_row() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        for key in ["down", "down", "up"]:
            await pilot.press(key)
            await between_keys(pilot, widget)  # the pause between keys, in which the rows are drawn ahead
            with FreshLines(widget) as fresh:
                await pilot.press("down")
            assert not fresh.lines, f"after {key!r}, the next move rendered rows anew"
            await assert_true_to_a_redraw(pilot, widget)
            await between_keys(pilot, widget)
        with FreshLines(widget) as fresh:
            widget.remove(widget.highlighted_id)  # the next row moves up under the cursor
            await pilot.pause()
        assert not fresh.lines
        await assert_true_to_a_redraw(pilot, widget)


async def test_focus_changes_only_the_cursor_look_and_matches_a_redraw() -> None:
    app = TwoListsApp()
    async with app.run_test(size=(80, 20)) as pilot:
        left, right = app.query_one("#left", ItemList), app.query_one("#right", ItemList)
        await pilot.pause()
        plain = row_background(left, 3)  # the second row: not the cursor
        focused_cursor = row_background(left, 1)
        assert focused_cursor != plain
        assert row_background(right, 1) == plain  # no cursor where focus is not, on this list
        await between_keys(pilot, left, right)
        with FreshLines(left, right) as fresh:
            right.focus()
            await pilot.pause()
        assert not fresh.lines  # both cursor rows' new looks were drawn ahead
        await assert_true_to_a_redraw(pilot, left)
        await assert_true_to_a_redraw(pilot, right)
        assert row_background(right, 1) == focused_cursor
        blurred_cursor = row_background(left, 1)
        assert blurred_cursor not in (plain, focused_cursor)  # still shows where it was, weakly
        assert not left.has_focus and right.has_focus


async def test_a_tall_row_taken_out_brings_in_as_many_lines_drawn_ahead() -> None:
    """An item whose text wraps to many lines, taken out from under the cursor (dropped in a
    theme), brings that many lines into view: the rows below the view were drawn ahead."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        tall = Row("r0", ("r0", "tall"), Content("\n".join(f"Line {n} of a long item" for n in range(9))))
        widget.update_row(tall)
        await pilot.pause()
        await between_keys(pilot, widget)
        with FreshLines(widget) as fresh:
            widget.remove("r0")
            await pilot.pause()
        assert not fresh.lines, f"lines that came into view were rendered anew: {fresh.lines}"
        await assert_true_to_a_redraw(pilot, widget)


class Hearing(Vertical):
    def __init__(self, *children: Widget, stop: bool) -> None:
        super().__init__(*children)
        self.heard: list[str] = []
        self.stop = stop

    def on_item_list_option_selected(self, event: ItemList.OptionSelected) -> None:
        self.heard.append(event.option.id)
        if self.stop:
            event.stop()


class NestedApp(ListApp):
    def compose(self) -> ComposeResult:
        yield Hearing(Vertical(Hearing(Vertical(ItemList(id="list")), stop=False)), stop=True)


async def test_a_chosen_row_goes_up_to_each_container_that_handles_it_until_stopped() -> None:
    app = NestedApp()
    async with app.run_test(size=(40, 20)) as pilot:
        outer, inner = app.query(Hearing)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert inner.heard == ["r1"] and outer.heard == ["r1"]  # the inner one let it go on up
        assert not app.selected  # the outer one stopped it

async def test_scrolling_by_keys_shows_what_a_full_redraw_shows() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        await assert_true_to_a_redraw(pilot, widget)
        for _ in range(12):  # past the bottom: every press scrolls
            await pilot.press("down")
            await assert_true_to_a_redraw(pilot, widget)
        assert widget.scroll_offset.y > 0
        assert widget.highlighted == 12
        for key in ("pagedown", "up", "up", "pageup", "end", "home"):
            await pilot.press(key)
            await assert_true_to_a_redraw(pilot, widget)
        assert widget.highlighted == 0 and widget.scroll_offset.y == 0


async def test_rows_changed_while_scrolled_are_drawn_anew() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        for _ in range(10):
            await pilot.press("down")
        widget.sync(rows(60)[:11] + [Row("r11", "new", Content("Changed row\n  by Cecilia"))] + rows(60)[12:])
        await pilot.press("down")
        await assert_true_to_a_redraw(pilot, widget)
        assert "Changed row" in "".join(s.text for s in widget.render_lines(Region(0, 0, *widget.size)))
        widget.scroll_to(y=0, animate=False, immediate=True)  # a scroll with no keypress (mouse wheel)
        await assert_true_to_a_redraw(pilot, widget)
        widget.scroll_to(y=7, animate=False, immediate=True)
        await assert_true_to_a_redraw(pilot, widget)


class TwoListsApp(App[None]):
    """Two board lists whose focus shows only in the cursor row, as on the run screen."""

    CSS = CSS + "ItemList { width: 1fr; } ItemList > .item-list--cursor { background: $error; }"

    def compose(self) -> ComposeResult:
        from textual.containers import Horizontal

        with Horizontal():
            yield ItemList(id="left", cursor_shows_focus=True)
            yield ItemList(id="right", cursor_shows_focus=True, cursor_when_blurred=False)

    def on_mount(self) -> None:
        for widget in self.query(ItemList):
            widget.sync(rows(60))
        self.query_one("#left", ItemList).focus()


async def cursor_on_row_10(app: ListApp, pilot) -> ItemList:  # noqa: ANN001
    """The list scrolled by keys until the cursor is on r10, rows above it off screen."""
    widget = app.query_one(ItemList)
    for _ in range(10):
        await pilot.press("down")
    await pilot.pause()
    assert widget.scroll_offset.y > 0 and widget.highlighted_id == "r10"
    return widget


async def test_removing_a_row_shows_what_a_full_redraw_shows() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = await cursor_on_row_10(app, pilot)
        widget.remove("r10")  # the cursor row: the next one takes its place under the cursor
        await assert_true_to_a_redraw(pilot, widget)
        assert widget.highlighted_id == "r11"
        widget.remove("r3")  # above the screen: every row moves up
        await assert_true_to_a_redraw(pilot, widget)
        assert widget.highlighted_id == "r11"  # the cursor stays on its row
        widget.remove("r20")  # below the cursor
        await assert_true_to_a_redraw(pilot, widget)
        await pilot.press("end")
        for row_id in ("r59", "r40", "r55"):  # scrolled to the very bottom: the list gets shorter
            widget.remove(row_id)
            await assert_true_to_a_redraw(pilot, widget)
        assert widget.ids == [f"r{i}" for i in range(60) if i not in (3, 10, 20, 40, 55, 59)]


async def test_appended_rows_show_what_a_full_redraw_shows() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        widget.sync(rows(3))  # a short list: new rows land inside the visible part
        await assert_true_to_a_redraw(pilot, widget)
        for n in range(4, 14):  # on past the bottom, the cursor following each new row as in gather
            widget.sync(rows(n))
            widget.highlighted = widget.option_count - 1
            await assert_true_to_a_redraw(pilot, widget)
            assert f"Row {n - 1}" in "".join(s.text for s in widget.render_lines(Region(0, 0, *widget.size)))
        assert widget.scroll_offset.y > 0


async def test_inserted_rows_show_what_a_full_redraw_shows() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = await cursor_on_row_10(app, pilot)
        known = {row.id: row for row in rows(60)}
        reset: list[object] = []
        widget.reset = reset.append  # type: ignore[method-assign]  # in place, or this test fails

        def with_new(at: int, row_id: str) -> list[Row]:
            known[row_id] = Row(row_id, ("new", row_id), Content(f"New row {row_id}"))
            ids = widget.ids
            ids.insert(at, row_id)
            return [known[i] for i in ids]

        widget.sync(with_new(11, "n1"))  # just below the cursor, on screen
        await assert_true_to_a_redraw(pilot, widget)
        assert widget.highlighted_id == "r10"
        widget.sync(with_new(2, "n2"))  # above the screen: every row on it moves down
        await assert_true_to_a_redraw(pilot, widget)
        assert widget.highlighted_id == "r10"  # the cursor stays on its row
        widget.sync(with_new(widget.highlighted, "n3"))  # at the cursor: the row moves down, the cursor with it
        await assert_true_to_a_redraw(pilot, widget)
        assert widget.highlighted_id == "r10" and not reset
        assert widget.ids[widget.ids.index("r10") - 1: widget.ids.index("r10") + 2] == ["n3", "r10", "n1"]
        y = 1 + sum(2 if i.startswith("r") else 1 for i in widget.ids[: widget.ids.index("n3")]) - widget.scroll_offset.y
        assert "New row n3" in row_text(widget, y)


class KeyCountingApp(App[None]):
    """Counts the keys that reach the app after the focused widget had them (`_on_key`)."""

    CSS = CSS

    def __init__(self, pane: type) -> None:
        super().__init__()
        self.pane = pane
        self.keys_at_app: list[str] = []
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        with self.pane():
            yield ItemList(id="list")

    def on_mount(self) -> None:
        self.query_one(ItemList).sync(rows(5))
        self.query_one(ItemList).focus()

    async def _on_key(self, event) -> None:  # noqa: ANN001 - Textual calls App's own handler after this one
        self.keys_at_app.append(event.key)

    def on_item_list_option_selected(self, event: ItemList.OptionSelected) -> None:
        self.selected.append(event.option.id)


async def test_a_container_with_its_own_key_handler_still_gets_the_key_first() -> None:
    from textual.containers import Vertical

    class Pane(Vertical):
        seen: list[str] = []

        def key_enter(self) -> bool:
            self.seen.append("enter")
            return True

    app = KeyCountingApp(Pane)
    async with app.run_test() as pilot:
        await pilot.press("enter")
        assert Pane.seen == ["enter"]
        assert app.selected == ["r0"]  # and then the binding, as Textual does it


async def test_a_container_listening_for_every_key_still_hears_the_bound_ones() -> None:
    from textual import events, on
    from textual.containers import Vertical

    class Pane(Vertical):
        heard: list[str] = []

        @on(events.Key)
        def _heard(self, event: events.Key) -> None:
            self.heard.append(event.key)

    app = KeyCountingApp(Pane)
    async with app.run_test() as pilot:
        await pilot.press("down", "enter")
        assert Pane.heard == ["down", "enter"]
        assert app.selected == ["r1"]


async def test_drawing_ahead_hidden_halfway_goes_on_when_the_list_is_shown_again() -> None:
    """A list on a tab that is switched away (the kata log's History, drawn ahead off screen)
    stops drawing while hidden, and finishes when shown: its pages are then ready."""
    from textual.containers import Vertical

    class PaneApp(ListApp):
        def compose(self) -> ComposeResult:
            with Vertical(id="pane"):
                yield ItemList(id="list")

    app = PaneApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        pane = app.query_one("#pane")
        app.set_focus(None)  # (focus leaving a hidden list restyles it, dropping its lines)
        await pilot.pause()
        widget.draw_ahead()
        widget._draw_some_ahead()  # the first steps, as the timer makes them
        pane.display = False  # its pane hidden before the rest
        await pilot.pause(0.3)
        assert len(widget._strips) < 50  # nothing drawn while hidden
        pane.display = True
        assert await drawn_within(pilot, widget, 59)  # every row


async def test_an_app_action_that_removes_the_list_does_not_wait_on_the_list() -> None:
    """Only the list's own bindings run in its task: an app action awaiting the removal of
    the list's container would otherwise wait on the task it runs in, forever."""
    import asyncio

    from textual.containers import Vertical

    class RebuildApp(KeyCountingApp):
        BINDINGS = [("r", "rebuild", "Rebuild")]

        async def action_rebuild(self) -> None:
            await self.query_one(Vertical).remove()

    app = RebuildApp(Vertical)
    async with app.run_test() as pilot:
        await asyncio.wait_for(pilot.press("r"), timeout=5)
        assert not app.query(ItemList)


async def test_a_row_taken_out_brings_in_rows_drawn_ahead_and_the_next_look_is_ready() -> None:
    """Between keys: the rows just below the view (a row taken out brings them in), and the
    cursor's row as `next_look` says it will look next (the picked mark of the group phase)."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        widget.next_look = lambda row_id: Row(row_id, (row_id, "picked"), Content(f"⇢ {row_id}\n  picked"))
        with FreshLines(widget) as fresh:
            await pilot.press("down")
            await between_keys(pilot, widget)  # the pause between keys, in which rows are drawn ahead
            fresh.lines.clear()
            widget.update_row(widget.next_look("r1"))
            await pilot.pause()
            assert not fresh.lines, "the row's next look was drawn anew"
            assert "⇢ r1" in row_text(widget, 1 + 2)
            await between_keys(pilot, widget)
            fresh.lines.clear()
            widget.remove("r3")  # every row below it moves up, and one comes into view
            await pilot.pause()
            assert not fresh.lines, "a row that came into view was drawn anew"
            await assert_true_to_a_redraw(pilot, widget)  # (which drops what was drawn ahead)
            widget.update_row(Row("r1", ("r1", "other"), Content("Another look")))  # not the one drawn ahead
            await assert_true_to_a_redraw(pilot, widget)
            assert "Another look" in row_text(widget, 1 + 2)


async def test_the_cursor_row_as_it_looks_when_focus_goes_or_comes_is_drawn_ahead() -> None:
    app = TwoListsApp()
    async with app.run_test(size=(80, 20)) as pilot:
        left, right = app.query_one("#left", ItemList), app.query_one("#right", ItemList)
        with FreshLines(left, right) as fresh:
            await pilot.press("down")
            await between_keys(pilot, left, right)
            fresh.lines.clear()
            right.focus()
            await pilot.pause()
            assert not fresh.lines
            await between_keys(pilot, left, right)
            left.focus()
            await pilot.pause()
            assert not fresh.lines
        await assert_true_to_a_redraw(pilot, left)
        await assert_true_to_a_redraw(pilot, right)


async def test_a_row_inserted_above_the_cursor_is_drawn() -> None:
    """Found by review: insert kept the lines above the rows it moved, the new row's place among
    them, so the row that used to be there still showed."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        await pilot.press("down", "down", "down")
        await between_keys(pilot, widget)
        new = Row("n1", ("new",), Content("New row n1\n  by nobody"))
        widget.sync([rows(60)[0], new, *rows(60)[1:]])
        await pilot.pause()
        assert widget.ids[:3] == ["r0", "n1", "r1"] and widget.highlighted_id == "r3"
        assert "New row n1" in row_text(widget, 1 + 2)
        await assert_true_to_a_redraw(pilot, widget)


async def test_rows_replaced_while_hidden_show_when_shown_again() -> None:
    """Found by the kata log's tests: a list reset while on a hidden tab (no width) kept the
    line map of its old rows, and drawing it again read past its new, shorter list."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        await pilot.pause()
        widget.display = False
        await pilot.pause()
        widget.sync([Row("x", 1, Content("Only row"))])  # another order: a reset
        assert widget.ids == ["x"]
        widget.display = True
        await pilot.pause()
        assert "Only row" in row_text(widget, 1)
        await assert_true_to_a_redraw(pilot, widget)


async def test_the_help_lists_its_keys_among_the_keys_of_every_list() -> None:
    """Its keys are Textual's generic list keys (they were OptionList's): the help screen sums
    them up in its line for every list, not as the focused field's own keys in English."""
    from retro.tui.screens.help import _generic_group, own_bindings

    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.pause()
        widget = app.query_one(ItemList)
        assert widget.has_focus
        assert not [key for key, active in own_bindings(app.screen) if active.node is widget]
        mine = {key: active.binding.action for key, active in app.screen.active_bindings.items()
                if active.node is widget}
        assert {key: _generic_group(mine[key], key) for key in
                ("down", "up", "home", "end", "pageup", "pagedown", "enter")} == {
            "down": "move", "up": "move", "home": "move", "end": "move", "pageup": "move",
            "pagedown": "move", "enter": "choose"}


# -- the speed layer's part (retro/tui/fast/item_list.py) -------------------------------------


class FinishedAnew:
    """The lines (by row in the widget) that `widget`'s styles cache finishes anew: those it does
    not hand over from the ones it finished before."""

    def __init__(self, widget: Widget) -> None:
        self.lines: list[int] = []
        self._widget = widget

    def __enter__(self) -> FinishedAnew:
        from textual._styles_cache import StylesCache

        self._finish = finish = StylesCache.render_line
        cache = self._widget._styles_cache

        def counted(this, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            if this is cache:
                self.lines.append(kwargs["y"] if "y" in kwargs else args[1])  # (the speed layer passes keywords)
            return finish(this, *args, **kwargs)

        StylesCache.render_line = counted  # type: ignore[method-assign]
        return self

    def __exit__(self, *_: object) -> None:
        from textual._styles_cache import StylesCache

        StylesCache.render_line = self._finish  # type: ignore[method-assign]


@needs("finished_lines")
async def test_a_scroll_hands_over_the_finished_lines_of_the_rows_it_did_not_change() -> None:
    """Textual finishes a widget's lines (border, padding, background) by screen row, so each
    scroll would finish every line in view again. With the `finished_lines` override the lines
    of a row that did not change are handed over wherever the row now sits: a key that scrolls
    finishes only the rows the cursor left and landed on (and the border)."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        top = widget.styles.gutter.top
        view = widget.scrollable_content_region.height
        for _ in range(view // 2 - 1):  # to the last row in view (rows of two lines)
            await pilot.press("down")
        await pilot.pause()
        assert widget.scroll_offset.y == 0
        for _ in range(3):  # each press scrolls the list by a row
            await between_keys(pilot, widget)
            before = widget.scroll_offset.y
            with FinishedAnew(widget) as fresh:
                await pilot.press("down")
                await pilot.pause()
            assert widget.scroll_offset.y == before + 2
            content = {y - top for y in fresh.lines if top <= y < top + view}
            cursor_rows = set(range(view - 4, view))  # the row the cursor left, and the one it is on
            assert content, "the scroll finished nothing: the count does not see the list's lines"
            assert content <= cursor_rows, f"lines of unchanged rows finished again: {sorted(content - cursor_rows)}"
            await assert_true_to_a_redraw(pilot, widget)
