"""Starting a retro from the home screen, and a facilitator's rehearsal that never writes."""

from __future__ import annotations

import pytest

from retro.tui.app import RetroApp
from retro.tui.dialogs.start_retro import StartRetroDialog
from retro.domain.kata import Experiment
from retro.domain.retro import Participant, Retro
from retro.tui.screens.run import RunScreen
from retro.tui.screens.run.phases.checkin import CheckInView
from retro.tui.screens.run.phases.close import CloseView
from tests.app.run_support import new_retro, options_of, run_screen, text_of, type_text, until_saved


async def open_start_dialog(app: RetroApp, pilot) -> StartRetroDialog:  # noqa: ANN001
    formats = app.screen.query_one("#formats")
    formats.highlighted = [o.id for o in formats.options].index("hybrid-experiments")
    await pilot.press("s")
    assert isinstance(app.screen, StartRetroDialog)
    return app.screen


async def test_start_from_home_with_team_and_people_in_the_room_and_remote(app: RetroApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await open_start_dialog(app, pilot)
        await type_text(pilot, "Blå")
        await pilot.press("enter")
        assert app.focused.id == "start-name"
        for name in ("Anna", "Bo:remote", "Anna"):  # the second Anna is refused
            await type_text(pilot, name)
            await pilot.press("enter")
        assert "Anna is already in the list" in text_of(pilot, "#start-message")
        await pilot.press("ctrl+u")
        await type_text(pilot, "Cecilia")
        await pilot.press("enter", "tab")  # to the list: space switches room/remote
        assert app.focused.id == "start-people"
        await pilot.press("down", "down", "space")
        assert "Cecilia  remote" in options_of(pilot, "#start-people")[2]
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RunScreen)
        await until_saved(pilot)
        (retro,) = app.repo.all(Retro)
        assert retro.team == "Blå" and retro.format_id == "hybrid-experiments"
        assert retro.participants == [Participant("Anna"), Participant("Bo", True), Participant("Cecilia", True)]
        assert isinstance(run_screen(pilot).view, CheckInView)


async def test_start_needs_someone_and_cancel_creates_nothing(app: RetroApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await open_start_dialog(app, pilot)
        await pilot.press("enter", "enter")  # no team, no names: an empty Enter tries to start
        assert isinstance(app.screen, StartRetroDialog)
        assert "Add at least one participant" in text_of(pilot, "#start-message")
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"
        assert app.repo.all(Retro) == []


async def test_start_offers_the_people_of_the_teams_last_retro(app: RetroApp) -> None:
    first = new_retro(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_start_dialog(app, pilot)
        assert app.screen.query_one("#start-team").value == "Blå"
        assert [o.split("  ")[0] for o in options_of(pilot, "#start-people")] == ["Anna", "Bo", "Cecilia", "Åsa"]
        await type_text(pilot, "Dan")  # typed, not yet added: Start still takes Dan along
        await pilot.press("ctrl+s")
        await until_saved(pilot)
        (newest,) = [r for r in app.repo.all(Retro) if r.id != first.id]
        assert [p.name for p in newest.participants] == ["Anna", "Bo", "Cecilia", "Åsa", "Dan"]


async def test_rehearsal_runs_every_phase_and_never_writes(app: RetroApp) -> None:
    fmt = app.catalog.get("hybrid-experiments")
    before = app.repo.path.read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(RunScreen(rehearse=fmt))
        await pilot.pause()
        screen = run_screen(pilot)
        assert "REHEARSAL" in text_of(pilot, "#run-context")
        await pilot.press("space", "pagedown")  # check-in; review (nothing due) is skipped
        await type_text(pilot, "try it")
        await pilot.press("enter", "ctrl+r", "pagedown", "n", "ctrl+u")
        await type_text(pilot, "Theme")
        await pilot.press("enter", "pagedown", "space", "pagedown")
        await type_text(pilot, "note")
        await pilot.press("enter", "pagedown", "enter")
        await type_text(pilot, "it works")  # the step: the topic is context, not a prefill
        await pilot.press("tab")
        await type_text(pilot, "it holds")
        await pilot.press("ctrl+s")
        assert len(screen.session.decided()) == 1
        assert isinstance(screen.session.decided()[0], Experiment)
        await pilot.press("pagedown", "5", "c", "enter")  # closing is asked first
        assert isinstance(screen.view, CloseView)
        assert screen.session.retro.status == "closed"
        summary = text_of(pilot, "#close-summary")
        assert "Items: 1" in summary and "Experiments (1)" in summary and "it works" in summary
        await pilot.press("ctrl+q")
    assert app.repo.path.read_bytes() == before
    assert app.repo.all(Retro) == [] and app.repo.all(Experiment) == []


@pytest.mark.slow
async def test_the_people_list_growing_a_scroll_bar_shows_what_a_redraw_shows(app: RetroApp) -> None:
    """Found by review: the dialog's list has no stable gutter, so the scroll bar that the ninth
    person brings narrows its rows: they are measured and drawn again."""
    from textual.geometry import Region

    from retro.tui.widgets.item_list import ItemList
    from tests.app.test_compositor import mirrored

    def shown(widget: ItemList) -> list[list[object]]:
        """What its lines show (not the row numbers they carry: clicks go by position)."""
        return [[(seg.text, seg.style.clear_meta_and_links() if seg.style else None) for seg in strip]
                for strip in widget.render_lines(Region(0, 0, *widget.outer_size))]

    def redrawn(widget: ItemList) -> list[list[object]]:
        widget._strips.clear()  # the rows too, not only their finished lines
        widget.refresh()  # every finished line drawn anew
        return shown(widget)

    async with app.run_test(size=(100, 40)) as pilot:
        await open_start_dialog(app, pilot)
        await type_text(pilot, "Team")
        await pilot.press("enter")
        mirror = await mirrored(pilot)
        people = app.screen.query_one("#start-people", ItemList)
        for i in range(14):
            await type_text(pilot, f"Person{i}" + (":remote" if i % 3 == 0 else ""))
            await pilot.press("enter")
            await pilot.pause(0.05)
            assert mirror.matches(app.screen._compositor), f"the terminal is stale after person {i}"
            assert shown(people) == redrawn(people), f"the list's lines are stale after person {i}"
        assert people.show_vertical_scrollbar
        await pilot.press("tab")
        for key in ["down"] * 14 + ["space", "d", "d", "d", "d", "d"]:  # down the list, then people go
            await pilot.press(key)
            await pilot.pause()
            assert mirror.matches(app.screen._compositor), f"the terminal is stale after {key!r}"
            assert shown(people) == redrawn(people), f"the list's lines are stale after {key!r}"
