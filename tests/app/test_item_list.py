"""ItemList draws only what changed (rows scrolled into view, rows patched); what it shows must
always be exactly what a full redraw would show."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Region
from textual.scrollbar import ScrollBar

from retro.widgets.item_list import ItemList, Row
from retro.widgets.scroll_bar import LightScrollBar

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
    return shown(widget)


async def assert_true_to_a_redraw(pilot, widget: ItemList) -> None:  # noqa: ANN001
    await pilot.pause()
    cached = shown(widget)
    assert cached == redrawn(widget)


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
