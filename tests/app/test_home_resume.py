"""`r` on the home screen resumes a retro wherever the focus is (issue 19, finding 6)."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import OptionList

from retro.tui.app import RetroApp
from retro.domain.retro import Participant, Retro
from retro.tui.screens.home import HomeScreen
from retro.tui.screens.run import RunScreen


def _retro(app: RetroApp, team: str, minutes_ago: int, status: str = "running") -> Retro:
    retro = Retro.start("hybrid-experiments", team, [Participant("Anna")], app.clock.now() - timedelta(minutes=minutes_ago))
    retro.status = status
    app.repo.add(retro)
    return retro


async def test_r_resumes_the_newest_running_retro_while_the_formats_have_focus(app: RetroApp) -> None:
    _retro(app, "Older", 90)
    running = _retro(app, "Blå", 30)
    _retro(app, "Closed later", 10, status="closed")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.focused is not None and app.screen.focused.id == "formats"
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RunScreen)
        assert app.screen.session is not None and app.screen.session.retro.id == running.id


async def test_r_with_only_closed_retros_points_at_the_list(app: RetroApp) -> None:
    _retro(app, "Done", 10, status="closed")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.focused is not None and app.screen.focused.id == "retros"
        assert any("No retro is running" in str(n.message) for n in app._notifications)


async def test_home_lists_show_control_and_disguise_characters_as_escapes(app: RetroApp) -> None:
    """A team name from an older store, and a format's name, reach the shared screen only as
    escapes (issue 18): the home screen's lists are plain option lists, outside the rows' net."""
    retro = _retro(app, "Blå", 5)
    retro.team = "\x1b]52;c;aGk=\x07Bl\u202eå"
    app.repo.save(retro)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        retros = app.screen.query_one("#retros", OptionList)
        shown = retros.get_option_at_index(0).prompt
        text = shown.plain if hasattr(shown, "plain") else str(shown)
        assert "\\x1b]52;c;aGk=\\x07Bl\\u202eå" in text
        assert not any(ch in text for ch in "\x1b\x07\u202e")
