"""Review, as a facilitator meets it: due on the go-and-see day as amended, overdue ones carried
in oldest first, "as expected? yes / partly / no" asked (and skippable), and what was recorded
correctable in the kata log until the team's next retro."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, timedelta

from retro.tui.app import RetroApp
from retro.tui.dialogs.amend import AmendDialog
from retro.domain.kata import Challenge, Experiment, TargetCondition
from retro.domain.retro import Retro
from retro.tui.screens.kata import KataScreen
from retro.tui.screens.run.phases.gather import GatherView
from retro.tui.screens.run.phases.review import ReviewView
from retro.tui.widgets.kata_record import RecordTable
from tests.app.run_support import new_retro, options_of, run_screen, running, stored, text_of, type_text, until_saved

NOW = datetime(2026, 11, 26, 9, 30)  # the frozen clock: a Thursday


def experiment(step: str, day: date, *, planned_at: datetime | None = None, team: str = "Blå",
               tc: str | None = None) -> Experiment:
    at = planned_at or datetime.combine(day, datetime.min.time()) - timedelta(days=1)
    return Experiment.plan(step, f"{step}: expected", at, day, team=team, target_condition_id=tc)


def moved(e: Experiment, to: date, at: datetime) -> Experiment:
    if e.status == "planned" and at.date() < e.go_and_see_on:
        e.start(at)
    e.amend("go_and_see_on", to.isoformat(), "moved", at)
    return e


def first_lines(pilot) -> list[str]:  # noqa: ANN001
    return [o.split("\n")[0] for o in options_of(pilot, "#review-list")]


async def test_the_review_asks_as_expected_and_records_the_answer(app: RetroApp) -> None:
    yes = experiment("Dialogue meeting", date(2026, 11, 24))
    skipped = experiment("Pair on bugs", date(2026, 11, 25))
    app.repo.add(yes, skipped)
    retro = new_retro(app, phase="review")
    async with running(app, retro.id) as pilot:
        assert "As expected?" in text_of(pilot, "#review-as-expected")
        await type_text(pilot, "They talked")
        await pilot.press("enter", "enter")  # nothing learned: no question, nothing saved
        assert app.focused.id == "review-learned"
        assert "What was learned must not be blank" in [str(n.message) for n in app._notifications][-1]
        await type_text(pilot, "Talk first")
        await pilot.press("enter")
        assert app.focused.id == "review-as-expected"  # asked before anything is saved
        await until_saved(pilot)
        assert app.repo.get(Experiment, yes.id).status == "planned"
        await pilot.press("x")  # not an answer: nothing happens
        await until_saved(pilot)
        assert app.repo.get(Experiment, yes.id).status == "planned"
        await pilot.press("y")
        assert app.focused.id == "review-happened"  # on to the next one
        await type_text(pilot, "Two pairs")
        await pilot.press("enter")
        await type_text(pilot, "Pairs help")
        await pilot.press("ctrl+s")  # the shortcut asks too
        assert app.focused.id == "review-as-expected"
        await pilot.press("enter")  # skipped: not answered
        assert first_lines(pilot) == ["✓= Dialogue meeting", "✓ Pair on bugs"]
        assert "As expected? Not answered" in text_of(pilot, "#review-done")
        await pilot.press("up")
        assert "As expected? Yes, as expected" in text_of(pilot, "#review-done")
    first, second = app.repo.get(Experiment, yes.id), app.repo.get(Experiment, skipped.id)
    assert (first.status, first.happened, first.learned, first.as_expected) == ("done", "They talked", "Talk first", "yes")
    assert (second.status, second.as_expected) == ("done", "")
    assert stored(app, retro.id).reviewed == [yes.id, skipped.id]


async def test_due_means_the_go_and_see_day_as_amended(app: RetroApp) -> None:
    brought_forward = moved(experiment("Brought forward", date(2026, 12, 10), planned_at=NOW - timedelta(days=10)),
                            date(2026, 11, 25), NOW - timedelta(days=9))
    put_off = moved(experiment("Put off", date(2026, 11, 24)), date(2026, 12, 1), datetime(2026, 11, 24, 8))
    app.repo.add(brought_forward, put_off)
    retro = new_retro(app, phase="review")
    async with running(app, retro.id) as pilot:
        assert isinstance(run_screen(pilot).view, ReviewView)
        assert first_lines(pilot) == ["● Brought forward"]
        assert "go and see 2026-11-25" in options_of(pilot, "#review-list")[0]


async def test_a_review_with_only_a_put_off_experiment_is_skipped(app: RetroApp) -> None:
    app.repo.add(moved(experiment("Put off", date(2026, 11, 24)), date(2026, 12, 1), datetime(2026, 11, 24, 8)))
    retro = new_retro(app)
    async with running(app, retro.id) as pilot:
        await pilot.press("pagedown")
        assert isinstance(run_screen(pilot).view, GatherView)


async def test_overdue_ones_from_earlier_weeks_come_back_oldest_first(app: RetroApp) -> None:
    app.repo.add(experiment("This week", date(2026, 11, 25)),
                 experiment("Three weeks ago", date(2026, 11, 5)),
                 moved(experiment("Moved to two weeks ago", date(2026, 10, 29)),  # put off from four weeks ago
                       date(2026, 11, 12), datetime(2026, 10, 29, 8)),
                 experiment("Other team", date(2026, 11, 1), team="Röd"))
    retro = new_retro(app, phase="review")
    async with running(app, retro.id) as pilot:
        assert first_lines(pilot) == ["● Three weeks ago", "● Moved to two weeks ago", "● This week"]


def test_kata_list_shows_the_amended_go_and_see_day(repo, retro_cmd, cli_env) -> None:  # noqa: ANN001
    e = moved(experiment("Put off", date(2026, 11, 24)), date(2026, 12, 1), datetime(2026, 11, 24, 8))
    repo.add(e)
    out = subprocess.run([*retro_cmd, "kata", "list"], env=cli_env, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if "Put off" in x)
    assert "go and see 2026-12-01" in line
    raw = json.loads(subprocess.run([*retro_cmd, "kata", "list", "--json"], env=cli_env, capture_output=True,
                                    text=True, check=True).stdout)
    assert raw["experiments"][0]["go_and_see_on"] == "2026-11-24"  # the record keeps the original


# -- correcting what the review recorded, in the kata log -------------------------------------


def reviewed_log(app: RetroApp) -> Experiment:
    """A team experiment whose outcome a retro recorded yesterday (as "partly")."""
    start = NOW - timedelta(days=7)
    ch = Challenge.create("Lead one week at a time", start)
    tc = TargetCondition.create(ch.id, "Team: reviews within a day", start)
    e = experiment("Pair on reviews", date(2026, 11, 24), planned_at=start, tc=tc.id)
    e.complete("Two pairs", "Pairs help", NOW - timedelta(days=1), as_expected="partly")
    review = Retro.start("hybrid-experiments", "Blå", [], NOW - timedelta(days=1, hours=1))
    app.repo.add(ch, tc, e, review)
    return e


async def open_on(app: RetroApp, pilot, e: Experiment) -> None:  # noqa: ANN001
    await pilot.press("k")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, KataScreen)
    table = app.screen.query_one(RecordTable)
    table.highlighted = table.experiment_ids.index(e.id)
    await pilot.pause()


async def test_the_kata_log_corrects_what_the_review_recorded_as_dated_amendments(app: RetroApp) -> None:
    e = reviewed_log(app)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_on(app, pilot, e)
        await pilot.press("m")
        dialog = app.screen
        assert isinstance(dialog, AmendDialog)
        assert dialog.query_one("#field").value == "happened"  # the outcome, not the plan
        await pilot.press(*"Two pairs, one gave up")
        await pilot.press("tab", *"Bo remembered", "enter")
        await pilot.pause()
        assert isinstance(app.screen, KataScreen)
        await pilot.press("m")
        app.screen.query_one("#field").value = "as_expected"
        await pilot.pause()
        assert app.screen.query_one("#text").value == "partly"
        app.screen.query_one("#text").value = "no"
        app.screen.query_one("#reason").value = "It did not go as we thought"
        await pilot.press("ctrl+s")
        await pilot.pause()
        outcome = str(app.screen.query_one("#detail-outcome").render())
        assert "What happened: Two pairs, one gave up" in outcome and "≠ no" in outcome
    fixed = app.repo.get(Experiment, e.id)
    assert (fixed.happened, fixed.as_expected) == ("Two pairs", "partly")  # the original stays
    assert [(a.field, a.text, a.reason) for a in fixed.amendments] == [
        ("happened", "Two pairs, one gave up", "Bo remembered"), ("as_expected", "no", "It did not go as we thought")]
    assert fixed.expectation_score() == 0.0  # the picture's hit rate counts the answer as it stands


async def test_the_teams_next_retro_closes_the_correction(app: RetroApp) -> None:
    e = reviewed_log(app)
    app.repo.add(Retro.start("hybrid-experiments", "Blå", [], NOW - timedelta(minutes=5)))
    async with app.run_test(size=(110, 34)) as pilot:
        await open_on(app, pilot, e)
        await pilot.press("m")
        assert isinstance(app.screen, KataScreen)  # no dialog
        assert "the team's next retro started 2026-11-26" in [str(n.message) for n in app._notifications][-1]
    assert app.repo.get(Experiment, e.id).amendments == []
