"""The coaching screen: the five questions walked one at a time against the demo log, the
answers recorded as a coaching cycle, and the next step planned as an experiment."""

from __future__ import annotations

from datetime import date

from textual.widgets import ContentSwitcher, Input, Select, Static

from retro.tui.app import RetroApp
from retro.demo import build_demo
from retro.tui.dialogs.experiment_form import ExperimentForm
from retro.domain.kata import CoachingCycle, Experiment, Obstacle, TargetCondition
from retro.tui.screens.coaching import NEW_OBSTACLE, CoachingScreen
from retro.tui.screens.kata import KataScreen
from retro.tui.widgets.kata_record import RecordTable

SIZE = (110, 34)


def said(app: RetroApp) -> list[str]:
    messages: list[str] = []
    app.notify = lambda message, **kw: messages.append(str(message))  # type: ignore[method-assign]
    return messages


async def open_coaching(app: RetroApp, pilot) -> CoachingScreen:
    await pilot.press("k")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("c")
    assert isinstance(app.screen, CoachingScreen)
    return app.screen


def question(app: RetroApp) -> str:
    return app.screen.query_one(ContentSwitcher).current or ""


def shown(app: RetroApp) -> str:
    current = app.screen.query_one(f"#{question(app)}")
    return "\n".join(str(s.render()) for s in current.query(Static))


def demo(app: RetroApp) -> tuple[TargetCondition, list[Experiment]]:
    objs = build_demo(app.clock.now())
    app.repo.add(*objs)
    active = next(o for o in objs if isinstance(o, TargetCondition) and o.is_active)
    record = sorted((o for o in objs if isinstance(o, Experiment) and o.target_condition_id == active.id),
                    key=lambda e: e.go_and_see_on)
    return active, record


async def test_walk_the_five_questions_and_record_the_cycle(app: RetroApp) -> None:
    tc, record = demo(app)
    todays = record[2]  # its go-and-see day is today: the last step that has run
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coaching(app, pilot)
        assert question(app) == "q1"
        assert "What is the target condition?" in shown(app) and tc.title in shown(app)
        assert screen.query_one("#target", Input).value == tc.title
        assert "1 Target condition" in str(screen.query_one("#coach-progress", Static).render())

        await pilot.press("enter")  # keep the learner's words as they are
        assert question(app) == "q2"
        assert tc.current_condition in shown(app)
        screen.query_one("#actual-now", Input).value = "Jag svarar hälften så ofta"
        await pilot.press("enter")

        assert question(app) == "q3"
        assert todays.step in shown(app) and todays.expectation in shown(app)
        assert "recorded as its outcome" in shown(app)
        await pilot.press(*"Hon log", "enter", *"Vänta", "enter")
        screen.query_one("#as-expected", Select).value = "no"
        await pilot.press("pagedown")

        assert question(app) == "q4"
        assert "▶ Jag vill vara till hjälp" in shown(app)
        await pilot.press(*"Reflexen", "enter")
        await pilot.press("pageup", "pagedown")  # back and forth keeps the answers
        assert screen.query_one("#obstacles", Input).value == "Reflexen"
        await pilot.press("pagedown")

        assert question(app) == "q5"
        assert "No next step planned yet" in shown(app)
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, ExperimentForm)
        await pilot.press(*"Fråga först", "tab", *"Tystnad", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen and "Next step: Fråga först" in shown(app)

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, KataScreen)

    (cycle,) = app.repo.all(CoachingCycle)[-1:]
    assert cycle.target_condition_id == tc.id
    assert (cycle.target, cycle.actual_now) == (tc.title, "Jag svarar hälften så ofta")
    assert (cycle.last_step, cycle.expected) == (todays.step, todays.expectation)
    assert (cycle.happened, cycle.learned, cycle.obstacles) == ("Hon log", "Vänta", "Reflexen")
    nxt = app.repo.get(Experiment, cycle.experiment_id)
    assert (nxt.step, nxt.expectation, nxt.status) == ("Fråga först", "Tystnad", "planned")
    assert nxt.target_condition_id == tc.id and nxt.obstacle_id == cycle.obstacle_id
    assert (cycle.next_step, cycle.next_expectation, cycle.go_and_see_on) == ("Fråga först", "Tystnad",
                                                                              date(2026, 11, 27))
    # What was decided is written back into the log.
    done = app.repo.get(Experiment, todays.id)
    assert (done.status, done.happened, done.learned, done.as_expected) == ("done", "Hon log", "Vänta", "no")
    assert app.repo.get(TargetCondition, tc.id).current_condition == "Jag svarar hälften så ofta"


async def test_the_kata_screen_shows_what_coaching_saved(app: RetroApp) -> None:
    tc, record = demo(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_coaching(app, pilot)
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "ctrl+n")
        await pilot.press(*"Ny", "tab", *"Ja", "ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        table = app.screen.query_one(RecordTable)
        assert table.row_count == len(record) + 1


async def test_a_new_obstacle_chosen_must_be_written_and_goes_in_focus(app: RetroApp) -> None:
    tc, _ = demo(app)
    before = len(app.repo.all(CoachingCycle))
    messages = said(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coaching(app, pilot)
        screen.query_one("#obstacle-now", Select).value = NEW_OBSTACLE
        await pilot.press("ctrl+s")
        assert "Write the new obstacle" in messages[-1]
        assert question(app) == "q4" and screen.query_one("#new-obstacle").has_focus
        assert len(app.repo.all(CoachingCycle)) == before  # nothing recorded yet
        await pilot.press(*"Ingen tid", "ctrl+s")
        await pilot.pause()
    mine = {o.text: o.status for o in app.repo.all(Obstacle) if o.target_condition_id == tc.id}
    assert mine["Ingen tid"] == "working"
    assert list(mine.values()).count("working") == 1


async def test_escape_leaves_without_recording_anything(app: RetroApp) -> None:
    demo(app)
    before = len(app.repo.all(CoachingCycle))
    async with app.run_test(size=SIZE) as pilot:
        await open_coaching(app, pilot)
        await pilot.press("pagedown", *"Något")
        await pilot.press("escape")
        assert isinstance(app.screen, KataScreen)
    assert len(app.repo.all(CoachingCycle)) == before


async def test_a_cycle_needs_at_least_one_answer(app: RetroApp) -> None:
    tc, _ = demo(app)
    app.repo.update(TargetCondition, tc.id, lambda x: setattr(x, "current_condition", ""))
    messages = said(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coaching(app, pilot)
        for widget_id in ("target", "actual-now", "happened", "learned"):
            screen.query_one(f"#{widget_id}", Input).value = ""
        await pilot.press("ctrl+s")
        assert messages[-1] == "A coaching cycle needs at least one answer"
        assert app.screen is screen
