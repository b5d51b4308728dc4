"""ItemList draws only what changed (rows scrolled into view, rows patched); what it shows must
always be exactly what a full redraw would show."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import OptionList

from retro.tui.widgets.item_list import ItemList, Row
from retro.tui.widgets.scroll_bar import LightScrollBar
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

    def compose(self) -> ComposeResult:
        yield ItemList(id="list")

    def on_mount(self) -> None:
        self.query_one(ItemList).sync(rows(60))
        self.query_one(ItemList).focus()


def shown(widget: ItemList) -> list[list[object]]:
    """The finished lines the widget hands the compositor (from its caches where it can)."""
    return [list(strip) for strip in widget.render_lines(Region(0, 0, *widget.size))]


def redrawn(widget: ItemList) -> list[list[object]]:
    widget._styles_cache.clear()
    widget._styles_cache._finished.clear()  # the lines kept by content too: all finished anew
    return shown(widget)


async def assert_true_to_a_redraw(pilot, widget: ItemList) -> None:  # noqa: ANN001
    await pilot.pause()
    cached = shown(widget)
    assert cached == redrawn(widget)


async def between_keys(pilot, *widgets: ItemList) -> None:  # noqa: ANN001
    """The pause between two keys, long enough for the lists to draw ahead what they draw beside
    their cursors (a few rows a turn: slower on a loaded machine)."""
    await drawn_ahead(pilot, lambda: not any(w._cursor_ahead_due or w._cursor_rows_due or w._cursor_rows for w in widgets))


async def drawn_ahead(pilot, done) -> None:  # noqa: ANN001
    """The pause between keys in which what the next key shows is drawn ahead: until `done()`."""
    await until(pilot, done, "nothing was drawn ahead")


def drawing_ahead_done(widget: ItemList) -> bool:
    """The list's chain of drawing ahead (`draw_ahead`) has drawn every row it was asked for."""
    return not widget._ahead_due and 0 < len(widget._order) <= widget._ahead


async def drawn_within(pilot, widget: ItemList, lines: int, seconds: float = 5.0) -> bool:  # noqa: ANN001
    """Whether the list has finished more than `lines` lines ahead within `seconds`: drawing
    ahead goes a few rows a turn between other work, slower on a loaded machine."""
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        if len(widget._styles_cache._finished) > lines:
            return True
    return False


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


async def test_the_scroll_bar_draws_what_textuals_own_draws() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        bar = widget.vertical_scrollbar
        assert isinstance(bar, LightScrollBar)
        full = Region(0, 0, *bar.size)
        positions = set()
        for key in ["down"] * 20 + ["end", "pageup", "home"]:
            await pilot.press(key)
            await pilot.pause()
            positions.add(bar.position)
            textual_own = ScrollBar.render_lines(bar, full)
            assert [list(s) for s in bar.render_lines(full)] == [list(s) for s in textual_own]
        assert len(positions) > 10  # the thumb really moved, through partial-glyph positions too
        bar.mouse_over = True
        await pilot.pause()
        assert [list(s) for s in bar.render_lines(full)] == [list(s) for s in ScrollBar.render_lines(bar, full)]


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


def row_text(widget: ItemList, y: int) -> str:
    return widget.render_lines(Region(0, y, widget.size.width, 1))[0].text


def row_background(widget: ItemList, y: int) -> object:
    strip = widget.render_lines(Region(0, y, widget.size.width, 1))[0]
    return next(iter(strip.crop(3, 4))).style.bgcolor  # inside the row, past border and padding


async def test_focus_moves_only_the_cursor_look_and_matches_a_redraw() -> None:
    app = TwoListsApp()
    async with app.run_test(size=(80, 20)) as pilot:
        left, right = app.query_one("#left", ItemList), app.query_one("#right", ItemList)
        await pilot.pause()
        plain = row_background(left, 3)  # the second row: not the cursor
        focused_cursor = row_background(left, 1)
        assert focused_cursor != plain
        assert row_background(right, 1) == plain  # no cursor where focus is not, on this list
        kept = dict(right._styles_cache._cache)
        right.focus()
        await pilot.pause()
        # Only the cursor row (and the border around it) is drawn anew: every other line of
        # the list is the one it drew before (Widget.focus would have dropped them all).
        redrawn_lines = [y for y, line in right._styles_cache._cache.items() if kept.get(y) is not line]
        assert len(kept) > 10 and redrawn_lines and len(redrawn_lines) <= 3
        await assert_true_to_a_redraw(pilot, left)
        await assert_true_to_a_redraw(pilot, right)
        assert row_background(right, 1) == focused_cursor
        blurred_cursor = row_background(left, 1)
        assert blurred_cursor not in (plain, focused_cursor)  # still shows where it was, weakly
        assert not left.has_focus and right.has_focus


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


async def test_a_row_that_grows_or_shrinks_moves_the_rows_below_and_draws_only_itself() -> None:
    """A vote's dots can wrap a row onto one more line: the rows below move as they are drawn
    (as for a row added or taken out), and the list still shows what a full redraw shows."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = await cursor_on_row_10(app, pilot)
        top, first = widget.styles.gutter.top, widget._line_cache.index_to_line[8] - widget.scroll_offset.y
        assert first >= 0 and first + 3 + 2 < widget.scrollable_content_region.height  # it and the next in view
        for lines in (3, 1, 2):  # taller, shorter, back to its height
            text = "\n".join(f"Row 8 line {n}" for n in range(lines))
            with FreshLines(widget) as fresh:
                widget.update_row(Row("r8", ("r8", lines), Content(text)))
                await pilot.pause()
            itself = [top + first + n for n in range(lines)]
            below = range(top + first + lines, top + first + lines + 3)  # moved, not drawn
            assert fresh.lines[:lines] == itself and not set(below) & set(fresh.lines), f"{lines}: drew {fresh.lines}"
            await assert_true_to_a_redraw(pilot, widget)
            assert "Row 8 line 0" in row_text(widget, top + first)
            assert "Row 9" in row_text(widget, top + first + lines)
            widget.refresh()  # (the check above drew only the content rows: all of them drawn again)
            await pilot.pause()
        assert widget.highlighted_id == "r10"


async def test_a_click_after_rows_moved_picks_the_row_under_the_mouse() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        await pilot.pause()
        widget.remove("r0")  # rows drawn before now sit one row higher, their lines moved
        await pilot.pause()
        selected: list[str] = []
        app.on_option_list_option_selected = lambda event: selected.append(event.option.id)  # type: ignore[attr-defined]
        assert await pilot.click(widget, offset=(3, 1 + 2))  # the second row on screen
        await pilot.pause()
        assert widget.highlighted_id == "r2"
        assert "Row 2" in row_text(widget, 1 + 2)


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


async def test_hidden_and_shown_again_it_keeps_its_drawn_rows_and_a_new_width_redraws_them() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = await cursor_on_row_10(app, pilot)
        drawn = dict(widget._option_render_cache._cache)
        assert drawn
        widget.display = False  # another tab
        await pilot.pause()
        widget.display = True
        await pilot.pause()
        assert all(key in widget._option_render_cache._cache for key in drawn)  # nothing drawn anew
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
        assert await drawn_within(pilot, widget, 10)
        await pilot.resize_terminal(30, 20)
        # the pause in which they are drawn again, for the new width
        await drawn_ahead(pilot, lambda: widget._drawn_width == widget.scrollable_content_region.width
                          and drawing_ahead_done(widget))
        with FreshLines(widget) as fresh:
            await pilot.press("end")
            await pilot.pause()
        bottom = widget.styles.gutter.top + widget.scrollable_content_region.height
        assert fresh.lines == [bottom - 2, bottom - 1], fresh.lines  # only the last row, in the cursor's look
        await assert_true_to_a_redraw(pilot, widget)


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

    def on_option_list_option_selected(self, event: ItemList.OptionSelected) -> None:
        self.selected.append(event.option.id)


async def test_a_key_bound_on_the_list_runs_there_without_travelling_up_to_the_app() -> None:
    from textual.containers import Vertical

    app = KeyCountingApp(Vertical)
    async with app.run_test() as pilot:
        await pilot.press("down", "enter", "x")
        assert app.selected == ["r1"]
        assert app.keys_at_app == ["x"]  # the list has no binding for x: it goes the usual way


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


async def test_pages_finished_ahead_show_what_a_full_redraw_shows() -> None:
    """Rows drawn ahead are finished ahead too (padding, border, background): a page scrolled
    into view hands those lines over, and they must be the lines a redraw makes, also on the
    way back up, after a theme change, and after a change of the finishing alone (a border)."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        widget.draw_ahead()
        # every row's lines (60 rows of 2 lines), not only the visible ones
        assert await drawn_within(pilot, widget, 100)
        for key in ["pagedown"] * 4 + ["pageup"] * 2 + ["end", "home"]:
            await pilot.press(key)
            await assert_true_to_a_redraw(pilot, widget)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await assert_true_to_a_redraw(pilot, widget)
        await pilot.press("pagedown")
        await assert_true_to_a_redraw(pilot, widget)
        widget.draw_ahead()
        assert await drawn_within(pilot, widget, 100)
        finished = len(widget._styles_cache._finished)
        await pilot.press("pageup")  # (a layout: Textual drops the finished rows of the screen)
        assert len(widget._styles_cache._finished) >= finished  # those kept by content stay
        widget.styles.border = ("round", "red")  # the rows' content is as it was, their finishing is not
        await pilot.press("pagedown")
        await assert_true_to_a_redraw(pilot, widget)


async def test_drawing_ahead_starts_with_the_rows_below_the_view() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        below = widget._lines[widget.scroll_offset.y + widget.scrollable_content_region.height][0]
        assert below > 8  # not among the first rows
        style = widget.get_visual_style("option-list--option")
        # (The first two rows below are drawn with the cursor's neighbours, after every move.)
        next_row = widget._get_option_render(widget._options[below + 2], style)[0]
        assert id(next_row) not in widget._styles_cache._finished
        widget._ahead = 0
        widget._draw_some_ahead()  # one step, as the timer makes it
        assert id(next_row) in widget._styles_cache._finished  # the next page comes first


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
        assert len(widget._styles_cache._finished) < 100  # nothing drawn while hidden
        pane.display = True
        assert await drawn_within(pilot, widget, 100)  # every row's lines (60 rows of 2 lines)


async def test_the_rows_beside_the_cursor_are_drawn_ahead_so_a_move_draws_no_row() -> None:
    """Between keys, the rows either side of the cursor are drawn as they look under it (and
    the cursor's row as it looks without): a move, or a row taken out under the cursor, then
    only hands finished lines over, and they are what a redraw makes."""
    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        with FreshLines(widget) as fresh:
            for key in ["down", "down", "up"]:
                await pilot.press(key)
                await between_keys(pilot, widget)  # the pause between keys, in which the rows are drawn ahead
                fresh.lines.clear()
                await pilot.press("down")
                assert not fresh.lines, f"after {key!r}, the next move drew rows anew"
                await assert_true_to_a_redraw(pilot, widget)
                await between_keys(pilot, widget)
            widget.remove(widget.highlighted_id)  # the next row moves up under the cursor
            await pilot.pause()
            await assert_true_to_a_redraw(pilot, widget)


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



class FreshLines:
    """Counts the lines widgets finish anew (not handed over from those finished before), by
    their row in the widget; a list's drawing ahead between keys does not count."""

    def __init__(self, *widgets: Widget) -> None:
        from textual._styles_cache import StylesCache

        self.lines: list[int] = []
        self._ahead: list[bool] = []
        self._finish = StylesCache.render_line
        caches = {id(w._styles_cache) for w in widgets}

        def counted(cache, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            if id(cache) in caches and not self._ahead:
                self.lines.append(args[1])
            return self._finish(cache, *args, **kwargs)

        for widget in widgets:
            if not isinstance(widget, ItemList):
                continue
            finish_ahead = widget._finish_ahead

            def finished_ahead(contents, finish_ahead=finish_ahead):  # noqa: ANN001, ANN202
                self._ahead.append(True)
                try:
                    return finish_ahead(contents)
                finally:
                    self._ahead.pop()

            widget._finish_ahead = finished_ahead  # type: ignore[method-assign]
        StylesCache.render_line = counted  # type: ignore[method-assign]

    def __enter__(self) -> FreshLines:
        return self

    def __exit__(self, *exc: object) -> None:
        from textual._styles_cache import StylesCache

        StylesCache.render_line = self._finish  # type: ignore[method-assign]


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


async def test_a_tall_row_taken_out_brings_in_as_many_lines_drawn_ahead() -> None:
    """An item whose text wraps to many lines, taken out from under the cursor (dropped in a
    theme), brings that many lines into view: the rows below the view are drawn ahead to fill
    them, not just two."""
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
        assert not fresh.lines, f"lines that came into view were drawn anew: {fresh.lines}"
        await assert_true_to_a_redraw(pilot, widget)


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


class HearingApp(ListApp):
    def __init__(self) -> None:
        super().__init__()
        self.heard: list[object] = []

    def on_option_list_option_highlighted(self, event: object) -> None:
        self.heard.append(event)


async def test_a_cursor_move_is_not_announced_up_to_the_app() -> None:
    """Nothing above a list listens for its highlight (follow_cursor watches the cursor): the
    message stays with the list instead of travelling up every container on every move."""
    from textual.widgets import OptionList

    app = HearingApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        posted: list[object] = []
        post = widget.post_message
        widget.post_message = lambda message: (posted.append(message), post(message))[1]  # type: ignore[method-assign]
        await pilot.press("down", "down")
        await pilot.pause()
        assert widget.highlighted_id == "r2"
        assert len([m for m in posted if isinstance(m, OptionList.OptionHighlighted)]) == 2
        assert not app.heard


class Passing(Vertical):
    """A container on the way: it would only pass the message on (and notes each it is given)."""

    def __init__(self, *children: Widget) -> None:
        super().__init__(*children)
        self.given: list[str] = []

    def post_message(self, message: Message) -> bool:
        if isinstance(message, OptionList.OptionSelected):
            self.given.append(message.option.id)
        return super().post_message(message)


class Hearing(Vertical):
    def __init__(self, *children: Widget, stop: bool) -> None:
        super().__init__(*children)
        self.heard: list[str] = []
        self.stop = stop

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.heard.append(event.option.id)
        if self.stop:
            event.stop()


class NestedApp(HearingApp):
    def compose(self) -> ComposeResult:
        yield Hearing(Passing(Hearing(Passing(ItemList(id="list")), stop=False)), stop=True)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.heard.append(event)


async def test_a_chosen_row_goes_straight_to_the_first_container_that_handles_it_then_on_up() -> None:
    """Enter on a row reaches the view that acts on it without a hop through each container on
    the way; from there it goes on up as any message does, until a handler stops it."""
    app = NestedApp()
    async with app.run_test(size=(40, 20)) as pilot:
        outer, inner = app.query(Hearing)
        between, below = app.query(Passing)  # between the two handlers, and below both
        await pilot.press("down", "enter")
        await pilot.pause()
        assert inner.heard == ["r1"] and outer.heard == ["r1"]  # the inner one let it go on up
        assert between.given == ["r1"]  # on up as usual from there
        assert below.given == []
        assert not app.heard  # the outer one stopped it


class ChoosingApp(ListApp):
    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield Passing(ItemList(id="list"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.chosen.append(event.option.id)


async def test_a_chosen_row_nobody_handles_on_the_way_reaches_the_app() -> None:
    app = ChoosingApp()
    async with app.run_test(size=(40, 20)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == ["r0"]


async def test_the_rows_beside_the_cursor_are_drawn_a_few_at_a_time() -> None:
    """Between keys, but not all at once: a key pressed meanwhile waits for two rows at most."""
    from retro.tui.widgets.item_list import CURSOR_ROWS

    app = ListApp()
    async with app.run_test(size=(40, 20)) as pilot:
        widget = app.query_one(ItemList)
        await pilot.press("down")
        await between_keys(pilot, widget)
        widget._styles_cache._finished.clear()
        widget._draw_cursor_ahead()
        assert len(widget._styles_cache._finished) <= 2 * CURSOR_ROWS  # (two lines a row)
        assert widget._cursor_rows  # the rest wait for the next turn
        await between_keys(pilot, widget)
        assert not widget._cursor_rows and len(widget._styles_cache._finished) >= 2 * 5


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
