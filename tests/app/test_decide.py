"""Decide, as a facilitator meets it: the topic is context and the step is typed first; this
retro's experiments can be changed or deleted until they start; the form names only target
conditions shared with the team."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, OptionList, Select

from retro.tui.app import RetroApp
from retro.tui.dialogs.confirm import ConfirmDialog
from retro.tui.dialogs.experiment_form import ExperimentForm
from retro.domain.kata import Challenge, Experiment, TargetCondition
from retro.domain.retro import Retro
from retro.tui.screens.run import RunScreen
from retro.tui.widgets.footer import StableFooter
from tests.app.run_support import new_retro, options_of, running, stored, text_of, type_text, until_saved

ITEMS = [("worked", "pairing on bugs", "Anna"), ("hard", "flaky [red]tests[/red]", "Bo"), ("hard", "slow CI", "")]
FRIDAY = date(2026, 11, 27)


def decide_retro(app: RetroApp) -> Retro:
    retro = new_retro(app, phase="decide", items=ITEMS)
    theme = retro.create_theme("Flaky [b]pipeline[/b]")
    retro.move_item(retro.items[1].id, theme.id)
    retro.cast_vote("Bo", theme.id, 3)
    app.repo.save(retro)
    return retro


def decided(app: RetroApp, retro: Retro, *steps: str, day: date = FRIDAY) -> list[Experiment]:
    made = []
    for step in steps:
        ex = Experiment.plan(step, f"{step}: expected", app.clock.now(), day, team=retro.team, retro_id=retro.id,
                             item_ids=[retro.items[1].id])
        retro.link_experiment(ex.id, 3)
        app.repo.add(ex)
        made.append(ex)
    app.repo.save(retro)
    return made


def footer_keys(app: RetroApp) -> str:
    return " ".join(str(k.render()) for k in app.screen.query_one(StableFooter).query("FooterKey"))


def shown(app: RetroApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_enter_on_a_topic_opens_an_empty_step_with_the_topic_as_context(app: RetroApp) -> None:
    retro = decide_retro(app)
    async with running(app, retro.id) as pilot:
        await pilot.press("enter")
        form = app.screen
        assert isinstance(form, ExperimentForm)
        step, expectation = form.query_one("#step", Input), form.query_one("#expectation", Input)
        assert step.value == "" and expectation.value == ""
        assert step.has_focus  # what will be done is typed first
        assert "Topic: Flaky [b]pipeline[/b]" in str(form.query_one("#form-context").render())  # literally
        await type_text(pilot, "Quarantine the flakiest test")
        await pilot.press("tab")
        assert expectation.has_focus  # from the step straight to the expectation
        await type_text(pilot, "Fewer reruns")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RunScreen)
    (experiment,) = app.repo.all(Experiment)
    assert (experiment.step, experiment.expectation) == ("Quarantine the flakiest test", "Fewer reruns")
    assert experiment.item_ids == [retro.items[1].id] and experiment.retro_id == retro.id


async def test_the_form_names_only_target_conditions_shared_with_the_team(app: RetroApp) -> None:
    now = app.clock.now()
    ch = Challenge.create("Lead one week at a time", now)
    shared = TargetCondition.create(ch.id, "Team: reviews within a day", now, area="team")
    private = TargetCondition.create(ch.id, "Me: stop mediating between Anna and Bo", now, area="personal")
    made_private = TargetCondition.create(ch.id, "Team, but the leader's own", now, area="team")
    made_private.shared = False
    app.repo.add(ch, shared, private, made_private)  # the private one is the newest active one
    retro = decide_retro(app)
    async with running(app, retro.id) as pilot:
        await pilot.press("n")
        form = app.screen
        assert isinstance(form, ExperimentForm)
        choice = form.query_one("#tc", Select)
        offered = [str(o.prompt) for o in choice.query_one(OptionList).options]
        assert offered == ["No target condition", "Team: reviews within a day"]
        assert choice.value == shared.id  # not the private active one
        await type_text(pilot, "Pair on reviews")
        await pilot.press("tab")
        await type_text(pilot, "Reviews within a day")
        await pilot.press("ctrl+s")
    (experiment,) = app.repo.all(Experiment)
    assert experiment.target_condition_id == shared.id


async def test_the_kata_log_form_still_offers_every_target_condition(app: RetroApp) -> None:
    now = app.clock.now()
    ch = Challenge.create("Lead one week at a time", now)
    private = TargetCondition.create(ch.id, "Me: stop mediating", now, area="personal")
    app.repo.add(ch, private)
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(ExperimentForm())
        await pilot.pause()
        assert app.screen.query_one("#tc", Select).value == private.id


async def test_tab_to_the_experiments_then_edit_a_plan_in_place(app: RetroApp) -> None:
    retro = decide_retro(app)
    first, _ = decided(app, retro, "Quarantine tests", "Mob on CI")
    async with running(app, retro.id) as pilot:
        assert "Experiment from this" in footer_keys(app) and "Delete" not in footer_keys(app)
        await pilot.press("tab")
        assert app.focused.id == "decide-experiments"
        await pilot.pause()
        assert "Edit" in footer_keys(app) and "Delete" in footer_keys(app)
        assert "Quarantine tests" in options_of(pilot, "#decide-experiments")[0]
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ExperimentForm)
        assert form.query_one("#step", Input).value == "Quarantine tests"
        assert "Flaky [b]pipeline[/b]" in str(form.query_one("#form-context").render())
        form.query_one("#expectation", Input).value = "CI under ten minutes"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RunScreen)
        assert "CI under ten minutes" in options_of(pilot, "#decide-experiments")[0]
        await pilot.press("down", "enter")  # Enter on a row edits it too
        assert isinstance(app.screen, ExperimentForm)
        assert app.screen.query_one("#step", Input).value == "Mob on CI"
        await pilot.press("escape")
    changed = app.repo.get(Experiment, first.id)
    assert (changed.step, changed.expectation, changed.amendments) == ("Quarantine tests", "CI under ten minutes", [])
    assert stored(app, retro.id).experiment_ids == [first.id, _.id]


async def test_delete_asks_first_then_removes_the_plan_and_its_link(app: RetroApp) -> None:
    retro = decide_retro(app)
    keep, gone = decided(app, retro, "Quarantine tests", "Mob on CI")
    async with running(app, retro.id) as pilot:
        await pilot.press("tab", "down", "d")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "Mob on CI" in str(dialog.query_one("#confirm-lines").render())
        await pilot.press("escape")  # back: nothing changes
        assert isinstance(app.screen, RunScreen)
        await until_saved(pilot)
        assert app.repo.find(Experiment, gone.id) is not None
        await pilot.press("d", "enter")
        assert isinstance(app.screen, RunScreen)
        assert "1 of at most 3" in text_of(pilot, "#decide-count")
        assert [o.split("\n")[0].strip() for o in options_of(pilot, "#decide-experiments")] == ["Quarantine tests"]
    assert app.repo.find(Experiment, gone.id) is None
    assert [e.id for e in app.repo.all(Experiment)] == [keep.id]
    assert stored(app, retro.id).experiment_ids == [keep.id]


async def test_a_started_experiment_is_neither_changed_nor_deleted_here(app: RetroApp) -> None:
    retro = decide_retro(app)
    (today,) = decided(app, retro, "Ask Anna first", day=app.clock.now().date())  # its day has come: locked
    async with running(app, retro.id) as pilot:
        assert "amend it in the kata log" in options_of(pilot, "#decide-experiments")[0]
        await pilot.press("tab", "e")
        assert isinstance(app.screen, RunScreen)  # no form
        assert "Amend it in the kata log (m)" in shown(app)[-1]
        await pilot.press("d")
        assert isinstance(app.screen, RunScreen)  # no question: it stays
        assert "Amend it in the kata log (m)" in shown(app)[-1]
    assert app.repo.get(Experiment, today.id).step == "Ask Anna first"
    assert stored(app, retro.id).experiment_ids == [today.id]
