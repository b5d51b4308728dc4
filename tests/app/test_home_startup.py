"""What the start does to reach the home screen's first paint sooner, and what it must not break:
area styles read after the first paint (or before any other screen, whichever comes first), the
theme's variables from the first parse on, the collector back on after the first paint."""

from __future__ import annotations

import gc

from textual.color import Color
from textual.containers import Vertical

from retro.tui.app import AREA_CSS, RetroApp, make_app
from retro.tui.screens.home import HomeScreen
from retro.tui.screens.library import FormatLibraryScreen
from tests.app.fast_support import needs


def area_css_read(app: RetroApp) -> list[bool]:
    return [app.stylesheet.has_source(str(path), "") for path in AREA_CSS]


async def settle(pilot, app: RetroApp) -> None:  # noqa: ANN001
    """Idle until the area styles are in (a file per idle moment after the first paint)."""
    for _ in range(20):
        if all(area_css_read(app)) and app._area_css_applied:
            return
        await pilot.pause()


async def test_home_is_the_first_screen_and_area_styles_come_after_it(app: RetroApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 1  # no blank default screen under it
        await settle(pilot, app)
        assert area_css_read(app) == [True, True, True]
        await pilot.press("f")
        assert isinstance(app.screen, FormatLibraryScreen)
        assert app.screen.query_one("#library-side", Vertical).styles.min_width.value == 30  # library.tcss
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_a_screen_pushed_before_the_idle_load_gets_its_styles(repo, clock) -> None:  # noqa: ANN001
    app = make_app(repo, clock=clock, language="en", start=FormatLibraryScreen())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, FormatLibraryScreen)
        assert area_css_read(app) == [True, True, True]
        assert app.screen.query_one("#library-side", Vertical).styles.min_width.value == 30


async def test_a_dialog_from_home_loads_the_area_styles_first(app: RetroApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(FormatLibraryScreen())  # as a key pressed before the idle load would
        await pilot.pause()
        assert area_css_read(app) == [True, True, True]
        assert app.screen.query_one("#library-side", Vertical).styles.min_width.value == 30


async def test_the_presentation_theme_from_the_first_paint_and_a_later_theme_change_still_applies(app: RetroApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        title = app.screen.query(".pane-title").first()
        assert app.screen.styles.background == Color.parse("#000000")
        presentation = Color.parse(app.get_css_variables()["primary"])
        assert title.styles.color == presentation and presentation.hex.startswith(("#FFD7", "#FED7"))
        app.theme = "retro-light"
        await pilot.pause()
        assert app.screen.styles.background == Color.parse("#ffffff")
        assert title.styles.color == Color.parse(app.get_css_variables()["primary"]) != presentation


async def test_the_collector_turned_off_for_the_start_is_back_on_once_the_store_is_warm(app: RetroApp) -> None:
    frozen_before = gc.get_freeze_count()
    gc.disable()  # as launch() does
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert gc.get_freeze_count() > frozen_before  # what the start made is never scanned again
            for _ in range(100):  # the store warms in a worker after the first paint
                if gc.isenabled():
                    break
                await pilot.pause(0.05)
            assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


async def test_an_app_started_with_the_collector_on_leaves_it_alone(app: RetroApp) -> None:
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() == frozen_before


@needs("collector")
async def test_full_collections_wait_for_a_pause_in_the_input_and_are_given_back_at_exit(app: RetroApp) -> None:
    from retro.tui.fast.collector import NEVER, PAUSE_S

    before = gc.get_threshold()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[2] == NEVER  # CPython no longer starts them on its own
        seen = app.collector.last_input
        await pilot.press("down")
        assert app.collector.last_input > seen  # a key counts as input
        full: list[int] = []

        def seen_scan(phase: str, info: dict[str, int]) -> None:
            if phase == "stop" and info["generation"] == 2:
                full.append(1)

        gc.callbacks.append(seen_scan)
        try:
            for _ in range(10):
                gc.collect(1)  # young scans: after as many as CPython waits for, a full scan is owed
            app.collector.last_input -= PAUSE_S
            for _ in range(40):  # the app's own timer runs it in the pause
                if full:
                    break
                await pilot.pause(0.05)
        finally:
            gc.callbacks.remove(seen_scan)
        assert full
    assert gc.get_threshold() == before


async def test_home_fills_once_at_start_and_again_on_every_return(app: RetroApp, monkeypatch) -> None:  # noqa: ANN001
    from datetime import datetime

    from textual.widgets import OptionList

    from retro.domain.retro import Retro

    fills: list[int] = []
    original = HomeScreen.refresh_data
    monkeypatch.setattr(HomeScreen, "refresh_data", lambda self: (fills.append(1), original(self)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert len(fills) == 1
        await pilot.press("f")
        app.repo.add(Retro.start("hybrid-experiments", "Team Away", [], datetime(2026, 11, 26, 9, 0)))
        await pilot.press("escape")
        await pilot.pause()
        assert len(fills) >= 2
        retros = app.screen.query_one("#retros", OptionList)
        assert retros.display and "Team Away" in str(retros.get_option_at_index(0).prompt)
        assert retros.styles.max_height.value == 14  # restyled on return as before (app.tcss)


async def test_a_return_home_keeps_the_lists_it_drew_unless_they_changed(app: RetroApp) -> None:
    from textual.widgets import OptionList

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        formats = app.screen.query_one("#formats", OptionList)
        formats.highlighted = 2
        drawn = formats.options[0]
        await pilot.press("f")  # the format library, and back
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # Neither replaced (new options drop every rendered line) nor restyled (the same).
        assert formats.options[0] is drawn and formats.highlighted == 2
