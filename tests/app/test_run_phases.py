"""Each phase of a retro driven by keys as a facilitator would, checking the screen and the store."""

from __future__ import annotations

from datetime import date, timedelta

from retro.tui.app import RetroApp
from retro.domain.kata import Experiment
from retro.domain.retro import Participant
from retro.tui.screens.help import HelpScreen
from retro.tui.screens.run import RunScreen
from retro.tui.screens.run.phases.checkin import CheckInView
from retro.tui.screens.run.phases.close import CloseView
from retro.tui.screens.run.phases.decide import DecideView
from retro.tui.screens.run.phases.discuss import DiscussView
from retro.tui.screens.run.phases.gather import GatherView
from retro.tui.screens.run.phases.group import GroupView
from retro.tui.screens.run.phases.review import ReviewView
from retro.tui.screens.run.phases.vote import VoteView
from tests.app.run_support import new_retro, options_of, run_screen, running, stored, text_of, type_text, until_saved
from tests.app.fast_support import needs

ITEMS = [("worked", "pairing on bugs", "Anna"), ("hard", "flaky tests", "Bo"), ("hard", "slow CI", ""),
         ("curious", "[red]markup?[/red]", "Åsa")]


async def test_phases_follow_the_format_with_next_and_previous_keys(app: RetroApp) -> None:
    retro = new_retro(app)
    async with running(app, retro.id) as pilot:
        screen = run_screen(pilot)
        assert isinstance(screen.view, CheckInView)
        assert "1/8" in text_of(pilot, "#run-title") and "Check-in" in text_of(pilot, "#run-title")
        assert "One word for your week" in text_of(pilot, "#run-prompt")
        await pilot.press("pagedown")  # review has nothing due: skipped, with a note
        assert isinstance(screen.view, GatherView)
        await until_saved(pilot)
        assert stored(app, retro.id).phase_index == 2
        assert any("Skipped Last time's experiments" in n.message for n in app._notifications)
        for view in (GroupView, VoteView, DiscussView, DecideView, CloseView):
            await pilot.press("pagedown")
            assert isinstance(screen.view, view)
        await pilot.press("pagedown")  # the last phase stays
        assert isinstance(screen.view, CloseView)
        await pilot.press("pageup", "pageup")
        assert isinstance(screen.view, DiscussView)
        await until_saved(pilot)
        assert stored(app, retro.id).phase_index == 5
        await pilot.press("ctrl+b")
        assert isinstance(screen.view, VoteView)


async def test_every_phase_action_is_in_the_help_screen(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather")
    async with running(app, retro.id) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query("Static"))
        for words in ("Next column", "Reveal", "Paste chat", "Undo", "Next phase", "Previous phase",
                      "Pause timer", "+1 min", "Add person", "Leave"):
            assert words in shown, words


async def test_check_in_round_goes_remote_first(app: RetroApp) -> None:
    retro = new_retro(app)
    async with running(app, retro.id) as pilot:
        assert options_of(pilot, "#round")[0].startswith("○ Bo") and "(remote)" in options_of(pilot, "#round")[0]
        assert [o.split()[1] for o in options_of(pilot, "#round")] == ["Bo", "Åsa", "Anna", "Cecilia"]
        assert "Next: Bo" in text_of(pilot, "#round-next")
        await pilot.press("space", "enter")
        await until_saved(pilot)
        assert stored(app, retro.id).checked_in == ["Bo", "Åsa"]
        assert "Next: Anna" in text_of(pilot, "#round-next")
        assert options_of(pilot, "#round")[0].startswith("✓ Bo")


async def test_late_joiner_is_added_remote(app: RetroApp) -> None:
    retro = new_retro(app)
    async with running(app, retro.id) as pilot:
        await pilot.press("f2")
        await type_text(pilot, "Dan:remote")
        await pilot.press("enter")
        await until_saved(pilot)
        assert Participant("Dan", remote=True) in stored(app, retro.id).participants
        assert any("Dan" in o for o in options_of(pilot, "#round")[:3])


async def test_review_records_what_happened_and_what_was_learned(app: RetroApp) -> None:
    now = app.clock.now()
    due = Experiment.plan("Dialogue meeting instead of 1:1s", "Both sides talk to each other", now - timedelta(days=3),
                          date(2026, 11, 25), team="Blå", owner="Anna")
    later = Experiment.plan("Not yet", "Later", now, date(2026, 12, 3), team="Blå")
    other = Experiment.plan("Other team", "Theirs", now - timedelta(days=3), date(2026, 11, 25), team="Röd")
    app.repo.add(due, later, other)
    retro = new_retro(app)
    async with running(app, retro.id) as pilot:
        await pilot.press("pagedown")
        screen = run_screen(pilot)
        assert isinstance(screen.view, ReviewView)
        assert [o.split("\n")[0] for o in options_of(pilot, "#review-list")] == ["● Dialogue meeting instead of 1:1s"]
        assert "Both sides talk to each other" in text_of(pilot, "#review-expected")
        assert app.focused.id == "review-happened"
        await pilot.press("enter", "enter")  # nothing typed: refused, nothing saved
        await until_saved(pilot)
        assert app.repo.get(Experiment, due.id).status == "planned"
        assert app.focused.id == "review-happened"
        await type_text(pilot, "They talked")
        await pilot.press("enter")
        assert app.focused.id == "review-learned"
        await type_text(pilot, "Talk first")
        await pilot.press("enter")  # then the question: as expected?
        assert app.focused.id == "review-as-expected"
        await until_saved(pilot)
        assert app.repo.get(Experiment, due.id).status == "planned"
        await pilot.press("p")
        await until_saved(pilot)
        done = app.repo.get(Experiment, due.id)
        assert (done.status, done.happened, done.learned, done.as_expected) == ("done", "They talked", "Talk first",
                                                                                "partly")
        assert done.expectation == "Both sides talk to each other"
        await until_saved(pilot)
        assert stored(app, retro.id).reviewed == [due.id]
        assert options_of(pilot, "#review-list")[0].startswith("✓")
        assert "Talk first" in text_of(pilot, "#review-done")


async def test_a_field_below_the_fold_of_the_review_is_scrolled_into_view_when_focus_goes_there(app: RetroApp) -> None:
    """At 80x24 a long expectation pushes the fields below the detail pane's fold: focus going
    there scrolls the pane to it (a list laid out on the screen has nothing to scroll)."""
    now = app.clock.now()
    long = " ".join(["Both sides talk to each other before anyone decides"] * 12)
    due = Experiment.plan("Dialogue meeting", long, now - timedelta(days=3), date(2026, 11, 25), team="Blå")
    app.repo.add(due)
    retro = new_retro(app)
    async with running(app, retro.id, size=(80, 24)) as pilot:
        await pilot.press("pagedown")
        detail = pilot.app.screen.query_one("#review-detail")
        assert detail.max_scroll_y > 0  # the detail does not fit
        await type_text(pilot, "They talked")
        await pilot.press("enter")
        await pilot.pause()
        learned = pilot.app.screen.query_one("#review-learned")
        assert app.focused is learned
        assert detail.scroll_y > 0
        assert detail.region.contains_region(learned.region)


async def test_group_by_keyboard_new_theme_move_take_out_rename_delete(app: RetroApp) -> None:
    retro = new_retro(app, phase="group", items=ITEMS, revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        screen = run_screen(pilot)
        assert isinstance(screen.view, GroupView)
        assert len(options_of(pilot, "#group-ungrouped")) == 4
        await pilot.press("down", "n")  # a new theme with "flaky tests" in it
        await pilot.press("ctrl+u")
        await type_text(pilot, "Quality")
        await pilot.press("enter")
        await until_saved(pilot)
        saved = stored(app, retro.id)
        quality = saved.themes[0]
        assert quality.title == "Quality"
        assert [it.text for it in saved.theme_items(quality.id)] == ["flaky tests"]
        # the highlight stays in place, now on "slow CI": pick it (Enter), choose the theme (Enter)
        await pilot.press("enter")
        assert "Moving: slow CI" in text_of(pilot, "#group-status")
        await pilot.press("enter")
        await until_saved(pilot)
        assert [it.text for it in stored(app, retro.id).theme_items(quality.id)] == ["flaky tests", "slow CI"]
        # 1 moves the highlighted loose item to theme 1
        await pilot.press("1")
        await until_saved(pilot)
        assert len(stored(app, retro.id).theme_items(quality.id)) == 3
        assert "Quality  (3)" in options_of(pilot, "#group-themes")[0]
        # take one out again from the theme's list
        await pilot.press("tab", "tab")
        assert app.focused.id == "group-members"
        await pilot.press("o")
        await until_saved(pilot)
        assert len(stored(app, retro.id).theme_items(quality.id)) == 2
        # rename and delete the theme
        await pilot.press("shift+tab", "r", "ctrl+u")
        await type_text(pilot, "Tests")
        await pilot.press("enter")
        await until_saved(pilot)
        assert stored(app, retro.id).themes[0].title == "Tests"
        await pilot.press("x")
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert saved.themes == [] and all(it.theme_id is None for it in saved.items)


async def test_group_by_mouse_click_an_item_then_a_theme(app: RetroApp) -> None:
    retro = new_retro(app, phase="group", items=ITEMS, revealed=["worked", "hard", "curious"])
    theme = retro.create_theme("Speed")
    app.repo.save(retro)
    async with running(app, retro.id) as pilot:
        ungrouped = app.screen.query_one("#group-ungrouped")
        themes = app.screen.query_one("#group-themes")
        assert await pilot.click(ungrouped, offset=(4, 1 + 2))  # the second item, "flaky tests"
        await pilot.pause()
        assert run_screen(pilot).view.held is not None
        assert await pilot.click(themes, offset=(4, 1))  # the first theme
        await pilot.pause()
        await until_saved(pilot)
        assert [it.text for it in stored(app, retro.id).theme_items(theme.id)] == ["flaky tests"]


async def test_vote_within_budget_shows_what_is_left_and_refuses_over_budget(app: RetroApp) -> None:
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    retro = new_retro(app, phase="vote", items=ITEMS)
    async with running(app, retro.id) as pilot:
        screen = run_screen(pilot)
        assert isinstance(screen.view, VoteView)
        assert "○○○  3 left" in options_of(pilot, "#vote-voters")[0]
        await pilot.press("space", "space")  # Bo (remote, first) votes twice on the first item
        first = options_of(pilot, "#vote-targets")[0]
        assert first.startswith(" 2 ●● ") and "○  1 left" in options_of(pilot, "#vote-voters")[0]
        await pilot.press("down", "enter")  # and once on the second
        assert options_of(pilot, "#vote-targets")[0] == first
        assert options_of(pilot, "#vote-targets")[1].startswith(" 1 ● ")
        assert "●●●  0 left" in options_of(pilot, "#vote-voters")[0]
        assert "Bo has 0 of 3 votes left" in text_of(pilot, "#vote-status")
        await pilot.press("space")  # a fourth: refused, on the status line the room reads
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert len(saved.votes["Bo"]) == 3 and bells
        assert "Bo has used all 3 votes" in text_of(pilot, "#vote-status")
        assert not app._notifications  # not in a toast: one took 10-17 ms to show on a 200-item board
        await pilot.press("right", "space")  # Åsa votes
        await until_saved(pilot)
        assert stored(app, retro.id).votes["Åsa"] == [saved.items[1].id]
        assert options_of(pilot, "#vote-targets")[1].startswith(" 2 ● ")  # Bo's and Åsa's; one is hers
        await pilot.press("backspace")
        await until_saved(pilot)
        assert stored(app, retro.id).votes["Åsa"] == []
        assert options_of(pilot, "#vote-targets")[1].startswith(" 1 ")
        assert "●" not in options_of(pilot, "#vote-targets")[1].split("·")[0][3:]  # none of hers left
        await pilot.press("s")  # sorted by votes: "pairing on bugs" (2) first
        assert "pairing on bugs" in options_of(pilot, "#vote-targets")[0]
        assert options_of(pilot, "#vote-targets")[0].lstrip().startswith("2")


async def test_discuss_topics_in_vote_order_speaker_round_and_notes(app: RetroApp) -> None:
    retro = new_retro(app, phase="discuss", items=ITEMS)
    retro.cast_vote("Bo", retro.items[1].id, 3)
    retro.cast_vote("Anna", retro.items[1].id, 3)
    retro.cast_vote("Anna", retro.items[0].id, 3)
    app.repo.save(retro)
    async with running(app, retro.id) as pilot:
        screen = run_screen(pilot)
        assert isinstance(screen.view, DiscussView)
        assert [o.strip(" ▶") for o in options_of(pilot, "#discuss-topics")] == [
            "2 flaky tests", "1 pairing on bugs"]
        assert "flaky tests" in text_of(pilot, "#discuss-topic-title")
        assert "Speaks now:  Bo (remote)" in text_of(pilot, "#discuss-speakers")
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert saved.timers[f"topic-{saved.items[1].id}"].seconds == (15 // 2) * 60  # the phase shared by its two topics
        await type_text(pilot, "retry twice")
        await pilot.press("enter")
        await type_text(pilot, "quarantine")
        await pilot.press("enter", "ctrl+r")
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert saved.items[1].notes == "retry twice\nquarantine"
        assert saved.speaker_index == 1
        assert "quarantine" in text_of(pilot, "#discuss-notes")
        await pilot.press("ctrl+z")
        await until_saved(pilot)
        assert stored(app, retro.id).items[1].notes == "retry twice"
        await pilot.press("ctrl+n")
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert saved.discuss_index == 1 and saved.speaker_index == 0
        assert "pairing on bugs" in text_of(pilot, "#discuss-topic-title")
        assert not saved.timers[f"topic-{saved.items[1].id}"].running


async def test_decide_an_experiment_without_expectation_is_refused_then_saved(app: RetroApp) -> None:
    retro = new_retro(app, phase="decide", items=ITEMS)
    theme = retro.create_theme("Flaky pipeline")
    retro.move_item(retro.items[1].id, theme.id)
    retro.cast_vote("Bo", theme.id, 3)
    app.repo.save(retro)
    async with running(app, retro.id) as pilot:
        screen = run_screen(pilot)
        assert isinstance(screen.view, DecideView)
        assert "Flaky pipeline" in options_of(pilot, "#decide-topics")[0]
        assert "0 of at most 3" in text_of(pilot, "#decide-count")
        await pilot.press("enter")
        form = app.screen
        assert type(form).__name__ == "ExperimentForm"
        assert form.query_one("#step").value == ""  # the topic is context, not the step
        assert "Flaky pipeline" in str(form.query_one("#form-context").render())
        await type_text(pilot, "Quarantine flaky tests")
        await pilot.press("ctrl+s")  # no expectation: refused, the form stays
        assert app.screen is form
        assert "needs an expectation" in str(form.query_one("#form-message").render())
        await until_saved(pilot)
        assert app.repo.all(Experiment) == []
        await type_text(pilot, "Fewer reruns")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RunScreen)
        await until_saved(pilot)
        (experiment,) = app.repo.all(Experiment)
        assert (experiment.step, experiment.expectation) == ("Quarantine flaky tests", "Fewer reruns")
        assert (experiment.team, experiment.retro_id) == ("Blå", retro.id)
        assert experiment.item_ids == [retro.items[1].id]
        assert experiment.go_and_see_on == date(2026, 11, 27)  # the next working day
        await until_saved(pilot)
        assert stored(app, retro.id).experiment_ids == [experiment.id]
        assert "1 of at most 3" in text_of(pilot, "#decide-count")
        assert "Fewer reruns" in options_of(pilot, "#decide-experiments")[0]


async def test_decide_honours_max_experiments(app: RetroApp) -> None:
    retro = new_retro(app, phase="decide", items=ITEMS)
    now = app.clock.now()
    for i in range(3):
        ex = Experiment.plan(f"step {i}", "expect", now, date(2026, 11, 27), team="Blå")
        app.repo.add(ex)
        retro.link_experiment(ex.id, 3)
    app.repo.save(retro)
    async with running(app, retro.id) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, RunScreen)  # no form: the cap is reached
        assert any("at most 3 experiments" in n.message for n in app._notifications)
        await until_saved(pilot)
        assert len(stored(app, retro.id).experiment_ids) == 3


async def test_close_roti_summary_and_closing(app: RetroApp) -> None:
    retro = new_retro(app, phase="close", items=ITEMS)
    retro.cast_vote("Bo", retro.items[1].id, 3)
    app.repo.save(retro)
    async with running(app, retro.id) as pilot:
        screen = run_screen(pilot)
        assert isinstance(screen.view, CloseView)
        assert "How was this hour worth your time?" in text_of(pilot, "#run-prompt")
        await pilot.press("5", "4", "3", "9")
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert saved.roti == {"Bo": 5, "Åsa": 4, "Anna": 3}
        assert "Average 4.0 from 3 people" in text_of(pilot, "#close-roti-average")
        summary = text_of(pilot, "#close-summary")
        assert "Items: 4" in summary and "flaky tests" in summary and "[red]markup?[/red]" not in summary
        assert "No experiments decided." in summary
        await pilot.press("c", "enter")  # asked first (see test_close.py)
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert saved.status == "closed" and saved.closed_at == app.clock.now()
        assert "closed" in text_of(pilot, "#run-context")
        assert not any(t.running for t in saved.timers.values())


async def test_user_text_is_shown_literally_on_the_board(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", items=ITEMS, revealed=["curious"])
    async with running(app, retro.id) as pilot:
        assert options_of(pilot, "#items-2") == ["[red]markup?[/red]  — Åsa"]


async def test_leave_goes_home_and_the_retro_can_be_resumed(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather")
    async with running(app, retro.id) as pilot:
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"
        await until_saved(pilot)
        assert not any(t.running for t in stored(app, retro.id).timers.values())


async def test_close_exports_this_retro(app: RetroApp) -> None:
    from retro.tui.dialogs.export import ExportDialog

    retro = new_retro(app, phase="close", items=ITEMS)
    async with running(app, retro.id) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, ExportDialog)
        assert (app.screen.team, app.screen.retro_id) == ("Blå", retro.id)
        await pilot.press("escape")
        assert isinstance(app.screen, RunScreen)


async def test_a_retro_without_participants_asks_for_them(app: RetroApp) -> None:
    retro = new_retro(app, participants=[])
    async with running(app, retro.id) as pilot:
        assert "No participants yet: add them with F2." in text_of(pilot, "#round-next")
        await pilot.press("f2")
        await type_text(pilot, "Anna")
        await pilot.press("enter")
        assert options_of(pilot, "#round")[0].startswith("○ Anna")


async def test_moving_between_themes_shows_each_themes_items_in_the_same_frame(app: RetroApp) -> None:
    """The members pane follows the themes list's cursor in the key's own frame: no frame shows
    the cursor on one theme and the items of another (each move used to be two frames)."""
    retro = new_retro(app, phase="group", items=ITEMS, revealed=["worked", "hard", "curious"])
    for n, item in enumerate(retro.items[:3]):
        retro.move_item(item.id, retro.create_theme(f"Theme {n + 1}").id)
    app.repo.save(retro)
    async with running(app, retro.id) as pilot:
        screen = run_screen(pilot)
        themes = screen.query_one("#group-themes")
        screen.set_focus(themes)
        await pilot.pause()
        frames: list[tuple[str, str]] = []
        display = app._display

        def shown(on, renderable) -> None:  # noqa: ANN001
            if renderable is not None and on is screen:
                frames.append((str(themes.highlighted_option.prompt), text_of(pilot, "#group-members-title")))
            display(on, renderable)

        app._display = shown  # type: ignore[method-assign]
        for key in ["down", "down", "up"]:
            await pilot.press(key)
        assert len(frames) >= 3
        assert all(title.split("In ")[-1] in prompt for prompt, title in frames)


async def test_a_drop_into_a_theme_not_in_view_counts_it_there_and_keeps_the_members_shown(app: RetroApp) -> None:
    retro = new_retro(app, phase="group", items=ITEMS, revealed=["worked", "hard", "curious"])
    first, second = retro.create_theme("Speed"), retro.create_theme("Quality")
    retro.move_item(retro.items[0].id, first.id)  # "pairing on bugs"
    app.repo.save(retro)
    async with running(app, retro.id) as pilot:
        assert text_of(pilot, "#group-members-title") == "In Speed"
        assert options_of(pilot, "#group-ungrouped")[0].startswith("flaky tests")
        await pilot.press("2")  # the highlighted loose item into theme 2, while theme 1 is in view
        await until_saved(pilot)
        assert [it.text for it in stored(app, retro.id).theme_items(second.id)] == ["flaky tests"]
        assert "Quality  (1)" in options_of(pilot, "#group-themes")[1]
        assert "Speed  (1)" in options_of(pilot, "#group-themes")[0]
        assert text_of(pilot, "#group-ungrouped-title") == "Not in a theme (2)"
        assert [o.split("  ·")[0] for o in options_of(pilot, "#group-ungrouped")] == ["slow CI", "[red]markup?[/red]"]
        assert [o.split("  ·")[0] for o in options_of(pilot, "#group-members")] == ["pairing on bugs"]
        await pilot.press("enter", "1")  # pick "slow CI", then 1 drops it into Speed, the theme in view
        assert [o.split("  ·")[0] for o in options_of(pilot, "#group-members")] == ["pairing on bugs", "slow CI"]
        assert "Speed  (2)" in options_of(pilot, "#group-themes")[0]
        assert "Moving" not in text_of(pilot, "#group-status")


async def test_a_text_shown_again_in_another_style_is_shown(app: RetroApp) -> None:
    """Content compares by its text alone: a phase's `show` compares its styles too."""
    from textual.content import Content
    from textual.widgets import Static

    retro = new_retro(app, phase="group", items=ITEMS, revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        view = run_screen(pilot).view
        status = view.query_one("#group-status", Static)
        view.show(status, Content.styled("Quiet", "bold"))
        view.show(status, Content.styled("Quiet", "italic"))
        assert [span.style for span in status.content.spans] == ["italic"]


async def test_the_picked_mark_follows_picks_and_put_downs(app: RetroApp) -> None:
    retro = new_retro(app, phase="group", items=ITEMS, revealed=["worked", "hard", "curious"])
    retro.move_item(retro.items[3].id, retro.create_theme("Odd").id)  # "[red]markup?[/red]", shown as Odd's member
    app.repo.save(retro)
    async with running(app, retro.id) as pilot:
        def marked() -> list[str]:
            return [o.split("  ·")[0] for name in ("#group-ungrouped", "#group-members")
                    for o in options_of(pilot, name) if o.startswith("⇢ ")]

        await pilot.press("enter")  # pick "pairing on bugs"
        assert marked() == ["⇢ pairing on bugs"] and "Moving: pairing on bugs" in text_of(pilot, "#group-status")
        await pilot.press("escape")  # put it down
        assert marked() == [] and "Moving" not in text_of(pilot, "#group-status")
        assert app.focused.id == "group-ungrouped"
        await pilot.press("enter", "escape", "down")  # pick and put down again, then the next one
        await pilot.press("tab", "tab", "enter")  # pick Odd's member from the members list
        assert marked() == ["⇢ [red]markup?[/red]"]
        assert app.focused.id == "group-themes"
        await pilot.press("shift+tab", "enter")  # back to the loose ones: "flaky tests" is picked instead
        assert marked() == ["⇢ flaky tests"]
        await pilot.press("escape")
        assert marked() == []
        await until_saved(pilot)
        assert [it.theme_id is None for it in stored(app, retro.id).items] == [True, True, True, False]


@needs("finished_lines")
async def test_a_vote_and_a_pick_hand_over_rows_drawn_ahead_between_keys(app: RetroApp) -> None:
    """What the next space or Enter shows on the rows under the cursors (one more dot, one dot
    fewer left, the picked mark) is drawn while the facilitator looks: the key draws no row."""
    from retro.tui.widgets.item_list import ItemList
    from tests.app.test_item_list import FreshLines, between_keys

    retro = new_retro(app, phase="vote", items=ITEMS, revealed=["worked", "hard", "curious"])
    retro.create_theme("Speed")
    app.repo.save(retro)
    async with running(app, retro.id) as pilot:
        view = run_screen(pilot).view
        lists = view.query_one("#vote-targets", ItemList), view.query_one("#vote-voters", ItemList)
        for votes in (1, 2):
            await between_keys(pilot, *lists)  # the pause between keys
            with FreshLines(*lists) as fresh:
                await pilot.press("space")
                await pilot.pause()
            assert not fresh.lines, f"vote {votes} drew rows anew"
            assert options_of(pilot, "#vote-targets")[0].startswith(f" {votes} {'●' * votes} ")
            assert f"{3 - votes} left" in options_of(pilot, "#vote-voters")[0]
        await pilot.press("pageup")  # back to grouping
        view = run_screen(pilot).view
        assert isinstance(view, GroupView)
        ungrouped = view.query_one("#group-ungrouped", ItemList)
        await between_keys(pilot, ungrouped)
        with FreshLines(ungrouped) as fresh:
            await pilot.press("enter")
            await pilot.pause()
        assert not fresh.lines, "the pick drew its row anew"
        assert options_of(pilot, "#group-ungrouped")[0].startswith("⇢ pairing on bugs")
        await between_keys(pilot, *view.query(ItemList))
        title = view.query_one("#group-ungrouped-title")
        with FreshLines(view.query_one("#group-themes", ItemList), view.query_one("#group-members", ItemList),
                        title) as fresh:
            await pilot.press("1")  # dropped in theme 1, the one in view: one more, and a new member
            await pilot.pause()
        assert not fresh.lines, "the drop drew the theme's row, its new member or the count left anew"
        assert text_of(pilot, "#group-ungrouped-title").endswith(f"({len(ITEMS) - 1})")
        assert "(1)" in options_of(pilot, "#group-themes")[0]
        assert options_of(pilot, "#group-members")[0].startswith("pairing on bugs")
