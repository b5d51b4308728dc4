"""The experiment form: the expectation is written before anything is saved; the day defaults
to the next working day and a far-off day is flagged; Escape cancels."""

from __future__ import annotations

from datetime import date, timedelta

from textual.widgets import Input, Select, Static

from retro.tui.app import RetroApp
from retro.tui.dialogs.experiment_form import ExperimentForm
from retro.domain.kata import Challenge, Experiment, Obstacle, TargetCondition, focus
from tests.app.fast_support import needs


def _log(app: RetroApp) -> tuple[TargetCondition, Obstacle]:
    now = app.clock.now()
    ch = Challenge.create("Lead one week at a time", now)
    old = TargetCondition.create(ch.id, "Leaders meet twice a week", now, achieve_by=date(2026, 11, 27))
    old.close("achieved", "It held", now)
    tc = TargetCondition.create(ch.id, "Dialogue instead of mediation", now, achieve_by=date(2026, 12, 3))
    parked = Obstacle.create(tc.id, "No room for a joint talk", now)
    working = Obstacle.create(tc.id, "They avoid each other", now)
    focus(working, [parked, working])
    app.repo.add(ch, old, tc, parked, working)
    return tc, working


async def _open(app: RetroApp, pilot, results: list, **kwargs) -> ExperimentForm:
    form = ExperimentForm(**kwargs)
    app.push_screen(form, results.append)
    await pilot.pause()
    return form


async def test_plans_an_unsaved_experiment_with_defaults(app: RetroApp) -> None:
    tc, working = _log(app)
    results: list[Experiment | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _open(app, pilot, results, team="Platform", retro_id="rt-1", item_ids=("it-1", "it-2"),
                           owners=["Sara", "Ali"])
        assert form.query_one("#step", Input).has_focus
        # Friday is the next working day after the frozen Thursday.
        assert form.query_one("#day", Input).value == "2026-11-27"
        assert "Friday: tomorrow" in str(form.query_one("#day-note", Static).render())
        assert form.query_one("#tc", Select).value == tc.id  # the active one, not the achieved one
        await pilot.press(*"Ask both to one talk")
        await pilot.press("tab", *"They talk to each other, not to me", "tab", "s")
        await pilot.press("right")  # accept the suggestion "Sara"
        assert form.query_one("#owner", Input).value == "Sara"
        await pilot.press("ctrl+s")
        await pilot.pause()
    (exp,) = results
    assert isinstance(exp, Experiment)
    assert exp.step == "Ask both to one talk"
    assert exp.expectation == "They talk to each other, not to me"
    assert exp.owner == "Sara"
    assert exp.go_and_see_on == date(2026, 11, 27)
    assert exp.target_condition_id == tc.id
    assert exp.obstacle_id is None  # optional, not assumed
    assert (exp.team, exp.retro_id, exp.item_ids) == ("Platform", "rt-1", ["it-1", "it-2"])
    assert exp.status == "planned" and exp.locked_at is None
    assert app.repo.all(Experiment) == []  # the caller saves it, not the form


async def test_saving_without_an_expectation_is_refused_visibly(app: RetroApp) -> None:
    _log(app)
    results: list[Experiment | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _open(app, pilot, results, step="Ask both to one talk")
        assert form.query_one("#expectation", Input).has_focus  # the step is given: straight to the expectation
        await pilot.press("ctrl+s")
        await pilot.press("enter")
        message = str(form.query_one("#form-message", Static).render())
        assert "needs an expectation" in message
        assert app.screen is form and results == []
        await pilot.press(*"   ", "enter")  # blank is still no expectation
        assert app.screen is form and results == []
        await pilot.press(*"calm")
        assert str(form.query_one("#form-message", Static).render()) == ""  # the error clears as you type
        await pilot.press("enter")
        await pilot.pause()
    assert [e.expectation for e in results] == ["calm"]


async def test_far_off_day_warns_past_day_is_refused_and_bad_date_too(app: RetroApp) -> None:
    _log(app)
    results: list[Experiment | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _open(app, pilot, results, step="Step", expectation="Something")
        day = form.query_one("#day", Input)
        day.value = (date(2026, 11, 26) + timedelta(days=12)).isoformat()
        await pilot.pause()
        note = form.query_one("#day-note", Static)
        assert "12 days away" in str(note.render()) and note.has_class("-warning")
        day.value = "2026-11-20"
        await pilot.pause()
        assert "passed" in str(note.render())
        await pilot.press("ctrl+s")
        assert "2026-11-20 is in the past" in str(form.query_one("#form-message", Static).render())
        assert day.has_focus
        day.value = "next week"
        await pilot.press("ctrl+s")
        assert "YYYY-MM-DD" in str(form.query_one("#form-message", Static).render())
        assert results == []
        day.value = "2026-12-08"  # far, but allowed: the warning is advice, not a rule
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert results[0].go_and_see_on == date(2026, 12, 8)


async def test_obstacles_follow_the_chosen_target_condition_and_can_be_picked(app: RetroApp) -> None:
    tc, working = _log(app)
    results: list[Experiment | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _open(app, pilot, results, step="Step", expectation="Something", obstacle_id=working.id)
        obstacle = form.query_one("#obstacle", Select)
        assert obstacle.value == working.id
        form.query_one("#tc", Select).clear()  # no target condition: no obstacles to pick
        await pilot.pause()
        assert obstacle.is_blank()
        form.query_one("#tc", Select).value = tc.id
        await pilot.pause()
        obstacle.value = working.id
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert results[0].obstacle_id == working.id


async def test_escape_cancels_and_an_empty_log_means_no_target_condition(app: RetroApp) -> None:
    results: list[Experiment | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _open(app, pilot, results, step="x")
        assert form.query_one("#tc", Select).is_blank()
        await pilot.press("escape")
        await pilot.pause()
        assert results == [None]
        form = await _open(app, pilot, results, step="Try [red]markup[/]", expectation="literal")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert results[1].target_condition_id is None
    assert results[1].step == "Try [red]markup[/]"


async def test_the_kept_form_follows_a_theme_changed_while_it_was_closed(app: RetroApp) -> None:
    from textual.color import Color

    now = app.clock.now()
    ch = Challenge.create("Lead one week at a time", now)
    app.repo.add(ch, TargetCondition.create(ch.id, "Dialogue", now))
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("k")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, ExperimentForm)
        dark = form.query_one("#step").styles.background
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "retro-light"
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form  # the same form, kept
        assert form.query_one("#step").styles.background != dark
        assert app.screen_stack[-2].styles.background == Color.parse("#ffffff")


@needs("input_line")
async def test_typing_and_moving_between_fields_lay_out_nothing_and_a_long_text_scrolls(app: RetroApp) -> None:
    """Each keystroke in a field used to lay out the whole form (the text's width is the input's
    virtual size): it changes no widget's place."""
    _log(app)
    results: list[Experiment | None] = []
    async with app.run_test(size=(100, 30)) as pilot:
        form = await _open(app, pilot, results)
        layouts: list[object] = []
        refresh_layout = form._refresh_layout
        form._refresh_layout = lambda *a, **k: layouts.append(a) or refresh_layout(*a, **k)  # type: ignore[method-assign]
        long_step = "Ask both of them to one talk, and keep quiet while they find out what the other one needs"
        await pilot.press(*long_step, "tab", *"They talk", "shift+tab", "tab")
        await pilot.pause()
        assert not layouts
        step = form.query_one("#step", Input)
        assert step.value == long_step
        assert step.scroll_x > 0  # wider than the field: scrolled to the end, as Textual's own does
        await pilot.press("shift+tab", "end")
        await pilot.pause()
        assert "other one needs" in step.render_line(0).text
