from __future__ import annotations

from datetime import date

from textual.widgets import OptionList, Static

from retro.tui.app import RetroApp
from retro.domain.kata import Challenge, TargetCondition
from retro.tui.screens.help import HelpScreen
from retro.tui.screens.home import HomeScreen


async def test_home_lists_builtin_formats_and_says_no_retros_yet(app: RetroApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        formats = app.screen.query_one("#formats", OptionList)
        ids = [formats.get_option_at_index(i).id for i in range(formats.option_count)]
        assert "hybrid-experiments" in ids and "hybrid-experiments-sv" in ids
        assert "No retros yet" in str(app.screen.query_one("#skipped", Static).render())


async def test_home_shows_active_target_condition(app: RetroApp) -> None:
    repo = app.repo
    now = app.clock.now()
    ch = Challenge.create("Lead one week at a time", now)
    tc = TargetCondition.create(ch.id, "Dialogue instead of mediation [red]", now, achieve_by=date(2026, 12, 1))
    repo.add(ch, tc)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#active-tc", Static).render())
        assert "Dialogue instead of mediation [red]" in text  # literal, not markup
        assert "5 days left" in text


async def test_help_screen_lists_the_home_keys_and_closes(app: RetroApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        for words in ("Start retro", "Kata log", "Formats", "Quit", "Command palette"):
            assert words in shown
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_broken_user_format_is_listed_as_skipped_and_others_still_load(app: RetroApp, tmp_path) -> None:
    from retro.store.catalog import load_catalog

    user = tmp_path / "formats"
    user.mkdir()
    (user / "broken.toml").write_text('id = "broken"\nname = [\n', encoding="utf-8")
    app.catalog = load_catalog(user_dir=user)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        text = str(app.screen.query_one("#skipped", Static).render())
        assert "broken.toml" in text
        assert app.screen.query_one("#formats", OptionList).option_count >= 2
