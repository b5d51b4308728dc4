"""The cropping compositor must write, for every partial update, exactly what Textual's own
compositor writes: same cells, same styles, on every updated span."""

from __future__ import annotations

from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.strip import Strip
from textual.screen import Screen
from textual.containers import Container
from textual.widgets import Static

from retro.tui.app import RetroApp
from retro.tui.fast.compositor import CroppedCompositor, _rows_shown, crop_updates
from tests.app.run_support import new_retro, running, type_text
from tests.app.fast_support import needs

ITEMS = [(("worked", "hard", "curious")[i % 3], f"Item number {i} with some words to wrap", "Anna")
         for i in range(45)]


def span_cells(chops, spans) -> list[tuple[int, int, list[object]]]:  # noqa: ANN001
    """The strips that lie on an updated span: what the terminal is sent."""
    out = []
    for y, x1, x2 in spans:
        for cut, strip in chops[y].items():
            if strip is not None and cut < x2 and cut + strip.cell_length > x1:
                out.append((y, cut, list(strip)))
    return out


def compare_every_partial_update(compositor: CroppedCompositor, compared: list[int]) -> None:
    """From now on, each partial update is also rendered by Textual's own compositor, and what
    the two write on the updated spans must be the same."""
    partial = compositor.render_partial_update

    def checked():  # noqa: ANN202
        regions = list(compositor._dirty_regions)
        if regions:
            crop = Region.from_union(regions).intersection(compositor.size.region)
            spans = list(compositor._regions_to_spans(regions))
            lines = {y for y, _, _ in spans}.__contains__
            compositor._updates = regions
            ours = span_cells(compositor._render_chops(crop, lines), spans)
            compositor._get_renders = lambda crop=None: Compositor._get_renders(compositor, crop)
            try:
                theirs = span_cells(compositor._render_chops(crop, lines), spans)
            finally:
                del compositor._get_renders
            assert ours == theirs
            compared.append(len(spans))
        return partial()

    compositor.render_partial_update = checked


def assert_full_render_is_textuals(compositor: CroppedCompositor) -> None:
    """After partial updates, a full render (a layout, a screenshot) still draws everything."""
    ours = [list(strip) for strip in compositor.render_strips()]
    compositor._get_renders = lambda crop=None: Compositor._get_renders(compositor, crop)
    try:
        theirs = [list(strip) for strip in compositor.render_strips()]
    finally:
        del compositor._get_renders
    assert ours == theirs


@needs("compositor")
async def test_partial_updates_write_what_textuals_compositor_writes(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", items=ITEMS, revealed=["worked", "hard", "curious"])
    compared: list[int] = []
    async with running(app, retro.id, size=(100, 30)) as pilot:
        compositor = pilot.app.screen._compositor
        assert isinstance(compositor, CroppedCompositor)
        compare_every_partial_update(compositor, compared)
        await type_text(pilot, "Bo: a new one")
        await pilot.press("enter", "down")
        for key in ["down"] * 12 + ["tab", "down", "down", "tab", "up", "pagedown", "escape"]:
            await pilot.press(key)
        await pilot.press("pagedown")  # the next phase: grouping
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert_full_render_is_textuals(pilot.app.screen._compositor)
    assert len(compared) > 20  # partial updates really happened and were compared


@needs("compositor")
async def test_the_kata_log_updates_write_what_textuals_compositor_writes(app: RetroApp) -> None:
    from tests.app.test_kata_screen import demo, open_kata

    demo(app)
    compared: list[int] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_kata(app, pilot)
        assert isinstance(screen._compositor, CroppedCompositor)
        compare_every_partial_update(screen._compositor, compared)
        for key in ["down", "down", "up", "2", "down", "down", "pagedown", "up", "3", "1", "down"]:
            await pilot.press(key)
            await pilot.pause()
        assert_full_render_is_textuals(screen._compositor)
    assert len(compared) > 8


@needs("compositor")
async def test_a_screen_shown_again_draws_what_textuals_compositor_draws(app: RetroApp) -> None:
    """Coming back to a screen hands over lines kept from its last drawing (its own background,
    and every widget whose lines cannot have changed): they must be what a full redraw draws,
    also after the theme changed, or a widget on it changed, while it was away."""
    from retro.tui.screens.kata import KataScreen
    from tests.app.test_kata_screen import demo, open_kata, settle

    demo(app)
    async with app.run_test(size=(110, 34)) as pilot:
        kata = await open_kata(app, pilot)
        compositor = kata._compositor
        assert isinstance(compositor, CroppedCompositor)
        assert_full_render_is_textuals(compositor)
        kept_before = len(compositor._kept)
        for change in (None, "theme", "title"):
            await pilot.press("escape")
            await pilot.pause()
            if change == "theme":
                app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
            elif change == "title":
                kata.query_one("#kata-title").update("Renamed while away")
            await pilot.pause()
            await pilot.press("k")
            await settle(app, pilot)
            assert isinstance(app.screen, KataScreen)
            assert_full_render_is_textuals(compositor)
        assert kept_before > 10  # lines were really kept and handed over again
        assert "Renamed while away" in "".join(strip.text for strip in compositor.render_strips())


class CroppedScreen(Screen):
    def __init__(self) -> None:
        super().__init__()
        crop_updates(self)


class ScreenApp(App[None]):
    """An app showing one screen (of a test's own) through the cropping compositor."""

    def __init__(self, screen: type[CroppedScreen]) -> None:
        super().__init__()
        self._screen = screen

    def on_mount(self) -> None:
        self.push_screen(self._screen())


class PaneScreen(CroppedScreen):
    """A screen whose own background shows around a small widget."""

    CSS = "PaneScreen { background: $surface; } #pane { width: 20; height: 3; background: $panel; }"

    def compose(self) -> ComposeResult:
        yield Static("a pane", id="pane")


async def test_kept_lines_follow_the_theme_and_lines_drawn_elsewhere() -> None:
    app = ScreenApp(PaneScreen)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        pane_screen, compositor = app.screen, app.screen._compositor
        assert_full_render_is_textuals(compositor)
        # Away, the theme changes the screen's own colour (its lines are kept by colour).
        app.push_screen(Screen())
        await pilot.pause()
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        assert_full_render_is_textuals(compositor)
        # The pane's lines drawn anew by someone else (no longer marked for drawing): the kept
        # ones are not the ones in its cache any more.
        pane = pane_screen.query_one("#pane", Static)
        pane.update("changed")
        pane.render_lines(Region(0, 0, *pane.size))
        assert_full_render_is_textuals(compositor)


@needs("compositor")
async def test_every_screen_draws_through_it_and_a_dialog_writes_what_textual_writes(app: RetroApp) -> None:
    """The app gives every screen the cropping compositor, dialogs too: a dialog's partial
    updates (a translucent screen over the one below) write what Textual's own would."""
    from retro.tui.dialogs.experiment_form import ExperimentForm
    from tests.app.test_kata_screen import demo, open_kata

    demo(app)
    compared: list[int] = []
    async with app.run_test(size=(110, 34)) as pilot:
        assert isinstance(app.screen._compositor, CroppedCompositor)  # the home screen
        await open_kata(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExperimentForm)
        assert isinstance(form._compositor, CroppedCompositor)
        compare_every_partial_update(form._compositor, compared)
        await type_text(pilot, "Pair on one bug")
        await pilot.press("tab")
        await type_text(pilot, "Fewer reopened bugs")
        await pilot.press("shift+tab", "backspace")
        await pilot.pause()
        assert_full_render_is_textuals(form._compositor)
    assert len(compared) > 10


def test_rows_shown_are_the_rows_no_widget_in_front_spans() -> None:
    """Against the plain definition: a row of a piece is hidden when a widget in front covers
    the piece's whole width on that row."""
    import random

    rng = random.Random(7)
    for _ in range(300):
        pieces = [Region(rng.randrange(20), rng.randrange(20), rng.randrange(1, 20), rng.randrange(1, 10))
                  for _ in range(rng.randrange(1, 5))]
        fronts = [Region(rng.randrange(20), rng.randrange(20), rng.randrange(1, 30), rng.randrange(1, 10))
                  for _ in range(rng.randrange(0, 8))]
        expected = sorted({y for p in pieces for y in range(p.y, p.bottom)
                           if not any(f.x <= p.x and f.right >= p.right and f.y <= y < f.bottom for f in fronts)})
        assert _rows_shown(pieces, [(f.x, f.right, f.y, f.bottom) for f in fronts]) == expected


class PaddedScreen(CroppedScreen):
    """A padded pane (its padding shows around its content, like a tab pane) in a box whose
    colour a class changes."""

    CSS = """
    #box { background: $surface; }
    #box.-warm { background: $warning; }
    #pane { padding: 1 2; }
    """

    def compose(self) -> ComposeResult:
        with Container(id="box"):
            with Container(id="pane"):
                yield Static("inside the pane")


async def test_a_blank_container_hands_over_its_lines_only_while_its_colour_and_size_stay() -> None:
    app = ScreenApp(PaddedScreen)
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        screen, compositor = app.screen, app.screen._compositor
        pane = screen.query_one("#pane")
        drawn: list[int] = []
        render_lines = pane.render_lines
        pane.render_lines = lambda crop: drawn.append(crop.height) or render_lines(crop)  # type: ignore[method-assign]
        assert_full_render_is_textuals(compositor)
        drawn.clear()
        for _ in range(2):  # hidden and shown again, as a tab does: its lines are handed over
            pane.display = False
            await pilot.pause()
            pane.display = True
            await pilot.pause()
        assert not drawn
        assert_full_render_is_textuals(compositor)  # (Textual's own draws it: after the check)
        drawn.clear()
        screen.query_one("#box").add_class("-warm")  # a colour from its parent: drawn anew
        await pilot.pause()
        assert drawn
        assert_full_render_is_textuals(compositor)
        drawn.clear()
        await pilot.resize_terminal(50, 12)  # a new size: drawn anew
        await pilot.pause()
        assert drawn
        assert_full_render_is_textuals(compositor)


class TerminalMirror:
    """What a terminal shows, kept from the updates the app sends it: a full update replaces
    every cell, a partial one only the spans it names. After each key it must show what a full
    redraw of the screen shows (nothing left stale by an update that was skipped)."""

    def __init__(self, app: App) -> None:  # type: ignore[type-arg]
        self.cells: dict[tuple[int, int], tuple[str, object]] = {}
        display = app._display

        def mirrored(screen, renderable):  # noqa: ANN001, ANN202
            if isinstance(renderable, LayoutUpdate):
                self.cells.clear()
                for y, line in enumerate(renderable.strips):
                    self._put(y, 0, Strip.join(list(line)), 0, 10_000)
            elif isinstance(renderable, ChopsUpdate):
                for y, x1, x2 in renderable.spans:
                    for cut, strip in renderable.chops[y].items():
                        if strip is not None:
                            self._put(y, cut, strip, x1, x2)
            return display(screen, renderable)

        app._display = mirrored  # type: ignore[method-assign]

    def _put(self, y: int, x: int, strip: Strip, x1: int, x2: int) -> None:
        for segment in strip:
            for char in segment.text:
                if x1 <= x < x2:
                    self.cells[(y, x)] = (char, segment.style)
                x += 1

    def matches(self, compositor: Compositor) -> bool:
        """The same cells as Textual's own compositor draws for the whole screen now."""
        compositor._get_renders = lambda crop=None: Compositor._get_renders(compositor, crop)  # type: ignore[method-assign]
        try:
            strips = compositor.render_strips()
        finally:
            del compositor._get_renders
        drawn: dict[tuple[int, int], tuple[str, object]] = {}
        for y, strip in enumerate(strips):
            x = 0
            for segment in strip:
                for char in segment.text:
                    drawn[(y, x)] = (char, segment.style)
                    x += 1
        return drawn == self.cells


async def mirrored(pilot) -> TerminalMirror:  # noqa: ANN001
    """A mirror of the terminal of the app under `pilot`, from one whole update of its screen."""
    mirror = TerminalMirror(pilot.app)
    pilot.app.screen.refresh()
    await pilot.pause()
    return mirror


def assert_map_is_fresh(compositor: Compositor) -> None:
    """Unless marked stale, the compositor's map of every widget is what arranging now gives."""
    if not compositor._full_map_invalidated:
        arranged, _ = compositor._arrange_root(compositor.root, compositor.size, visible_only=False)
        assert compositor._full_map == arranged


async def test_what_the_terminal_shows_after_each_key_is_a_full_redraw_and_the_map_stays_true(app: RetroApp) -> None:
    """A focus change repaints only what it changes, and a map kept fresh across tab switches,
    scrolls and dialogs: after every key the terminal shows what a full redraw shows."""
    from tests.app.test_kata_screen import demo, open_kata

    demo(app)
    async with app.run_test(size=(100, 30)) as pilot:
        mirror = TerminalMirror(app)
        await open_kata(app, pilot)
        keys = ["down", "2", "pagedown", "down", "3", "1", "down", "end", "home", "2", "1",
                "n", *"Pair on it", "tab", *"Fewer bugs", "shift+tab", "tab", "tab", "escape", "2", "up"]
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            assert mirror.matches(app.screen._compositor), f"the terminal shows something stale after {key!r}"
            assert_map_is_fresh(app.screen._compositor)


async def test_what_the_terminal_shows_on_the_board_after_each_key_is_a_full_redraw(app: RetroApp) -> None:
    """The same on the run screen, where focus moves between columns, lists and the input."""
    retro = new_retro(app, phase="gather", items=ITEMS, revealed=["worked", "hard", "curious"])
    async with running(app, retro.id, size=(100, 30)) as pilot:
        mirror = await mirrored(pilot)
        keys = ["B", "o", "enter", "down", "down", "right", "down", "tab", "left", "up", "escape",
                "pagedown", "down", "enter", "enter", "tab", "down", "tab", "up", "shift+tab", "enter"]
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
            assert mirror.matches(pilot.app.screen._compositor), f"the terminal shows something stale after {key!r}"
            assert_map_is_fresh(pilot.app.screen._compositor)


class TitledScreen(CroppedScreen):
    """Boxes with border titles whose look changes through :focus-within and a parent's class,
    while their own classes, size and colours stay."""

    CSS = """
    #box { border: round $accent; border-title-color: $text; height: 6; }
    #box:focus-within { border-title-color: red; border-title-style: bold; }
    #wrap.-warm #box2 { border-title-align: right; border-title-color: yellow; }
    #box2 { border: round $accent; height: 5; }
    """

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical
        from textual.widgets import Button, Input

        yield Button("outside", id="out")
        with Container(id="box") as box:
            box.border_title = "Box title"
            yield Input("inside", id="inner")
        with Vertical(id="wrap"), Container(id="box2") as box2:
            box2.border_title = "Second"


async def test_a_container_with_a_border_title_is_drawn_as_its_title_looks_now() -> None:
    app = ScreenApp(TitledScreen)
    async with app.run_test(size=(60, 20)) as pilot:
        mirror = await mirrored(pilot)
        for change in ("focus inside", "focus outside", "warm", "cool"):
            if change.startswith("focus"):
                app.screen.query_one("#inner" if change == "focus inside" else "#out").focus()
            else:
                app.screen.query_one("#wrap").set_class(change == "warm", "-warm")
            await pilot.pause()
            assert mirror.matches(app.screen._compositor), f"a stale title after: {change}"


class TextScreen(CroppedScreen):
    """A line whose text goes back and forth, and whose look its parent's class, its own class
    and an inline style change."""

    CSS = """
    #box { color: $text; }
    #box.-warm { color: $warning; text-style: italic; }
    #line { padding: 0 1; height: 1; }
    #line.-strong { text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        with Container(id="box"):
            yield Static("first", id="line")


async def test_a_static_hands_over_a_text_it_showed_before_only_while_it_looks_the_same() -> None:
    from textual.content import Content

    app = ScreenApp(TextScreen)
    async with app.run_test(size=(40, 6)) as pilot:
        mirror = await mirrored(pilot)
        line = app.screen.query_one("#line", Static)
        drawn: list[int] = []
        render_lines = line.render_lines
        line.render_lines = lambda crop: drawn.append(crop.height) or render_lines(crop)  # type: ignore[method-assign]

        async def show(content: object) -> bool:
            """Whether the line was drawn anew to show it (before the mirror's own full redraw)."""
            drawn.clear()
            line.update(content, layout=False)
            await pilot.pause()
            fresh = bool(drawn)
            assert mirror.matches(app.screen._compositor), f"stale after {content!r}"
            return fresh

        assert await show("second")
        assert not await show("first")  # shown before, looking the same: handed over
        assert await show(Content.styled("first", "underline"))  # the same text in another style
        changes = [lambda: app.screen.query_one("#box").add_class("-warm"),  # inherited colour and style
                   lambda: line.add_class("-strong"),
                   lambda: setattr(line.styles, "background", "red"),
                   lambda: setattr(app, "theme", "textual-light")]
        for change in changes:
            await show("second")
            change()
            await pilot.pause()
            assert mirror.matches(app.screen._compositor)
            assert await show("first"), "a text shown before, in a look since changed, is drawn anew"


async def test_text_selected_with_the_mouse_in_a_status_line_shows_and_goes(app: RetroApp) -> None:
    """A Static's kept lines are kept with the part of it selected: a drag shows its highlight,
    and a click elsewhere takes it away (found by review: the kept lines ignored it)."""
    from textual.geometry import Offset
    from textual.selection import Selection

    retro = new_retro(app, phase="group", items=ITEMS[:4], revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        mirror = await mirrored(pilot)
        status = app.screen.query_one("#group-status", Static)
        app.screen.selections = {status: Selection(Offset(0, 0), Offset(12, 0))}
        await pilot.pause()
        assert status.text_selection is not None
        assert mirror.matches(app.screen._compositor), "the selection is not shown"
        app.screen.clear_selection()
        await pilot.pause()
        assert mirror.matches(app.screen._compositor)
        await pilot.mouse_down(status, offset=(1, 0))
        await pilot.hover(status, offset=(20, 0))
        await pilot.mouse_up(status, offset=(20, 0))
        await pilot.hover("#group-ungrouped-title", offset=(1, 0))  # the mouse leaves the line
        await pilot.pause()
        assert status.text_selection is not None and mirror.matches(app.screen._compositor)
        await pilot.click("#group-ungrouped-title", offset=(2, 0))  # a click elsewhere clears it
        await pilot.pause()
        assert status.text_selection is None
        assert mirror.matches(app.screen._compositor), "the highlight stayed"
