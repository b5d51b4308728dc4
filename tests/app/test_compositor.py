"""The cropping compositor must write, for every partial update, exactly what Textual's own
compositor writes: same cells, same styles, on every updated span."""

from __future__ import annotations

from textual._compositor import Compositor
from textual.geometry import Region

from retro.app import RetroApp
from retro.compositor import CroppedCompositor
from tests.app.run_support import new_retro, running, type_text

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
