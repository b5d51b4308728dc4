"""The review's rules in the kata domain: due means the go-and-see day as amended, overdue ones
come back oldest first, and what a review recorded may be corrected as dated amendments until
the team's next retro starts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retro.domain.errors import RuleError
from retro.domain.kata import Experiment, due_for_review, next_retro_start

NOW = datetime(2026, 11, 26, 9, 30)  # Thursday
TODAY = NOW.date()


def refused(match: str):
    return pytest.raises(RuleError, match=match)


def planned(day: date, *, team: str | None = "Blå", planned_at: datetime | None = None, step: str = "Step") -> Experiment:
    at = planned_at or datetime.combine(day, datetime.min.time()) - timedelta(days=1)
    return Experiment.plan(step, "Something", at, day, team=team)


def done(team: str | None = "Blå", at: datetime = NOW) -> Experiment:
    e = planned(date(2026, 11, 24), team=team)
    e.complete("They talked", "Ask first", at, as_expected="partly")
    return e


# -- due --------------------------------------------------------------------------------------


def test_the_go_and_see_day_as_amended_is_the_day() -> None:
    e = planned(date(2026, 11, 20))
    assert e.go_and_see_day == date(2026, 11, 20)
    e.amend("go_and_see_on", "2026-12-01", "Anna is away", datetime(2026, 11, 20, 8))
    assert e.go_and_see_day == date(2026, 12, 1) and e.go_and_see_on == date(2026, 11, 20)  # the original stays


def test_an_experiment_moved_to_a_later_day_comes_due_on_that_day() -> None:
    moved = planned(date(2026, 11, 20))
    moved.amend("go_and_see_on", "2026-11-30", "Anna is away", datetime(2026, 11, 20, 8))
    assert due_for_review([moved], "Blå", TODAY) == []  # the old day has passed, the new one has not
    assert due_for_review([moved], "Blå", date(2026, 11, 30)) == [moved]


def test_an_experiment_moved_to_an_earlier_day_comes_due_then() -> None:
    e = planned(date(2026, 11, 20), planned_at=datetime(2026, 11, 10))
    e.start(datetime(2026, 11, 12))
    e.amend("go_and_see_on", "2026-11-13", "Sooner", datetime(2026, 11, 12, 10))
    assert due_for_review([e], "Blå", date(2026, 11, 13)) == [e]


def test_overdue_ones_from_earlier_weeks_come_back_oldest_first_by_the_amended_day() -> None:
    this_week = planned(date(2026, 11, 25), step="this week")
    three_weeks = planned(date(2026, 11, 5), step="three weeks ago")
    # planned for four weeks ago, put off to two weeks ago: it comes between the two
    moved_back = planned(date(2026, 10, 29), step="moved to two weeks ago", planned_at=datetime(2026, 10, 20))
    moved_back.amend("go_and_see_on", "2026-11-12", "Later", datetime(2026, 10, 29, 8))
    other_team = planned(date(2026, 11, 1), team="Röd")
    finished = done()
    due = due_for_review([this_week, three_weeks, moved_back, other_team, finished], "Blå", TODAY)
    assert [e.current("step") for e in due] == ["three weeks ago", "moved to two weeks ago", "this week"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(-30, 10), st.one_of(st.none(), st.integers(-30, 10))), max_size=12))
def test_due_is_every_open_one_whose_current_day_has_come_and_in_that_order(days: list[tuple[int, int | None]]) -> None:
    experiments = []
    for i, (planned_off, amended_off) in enumerate(days):
        day = TODAY + timedelta(days=planned_off)
        e = Experiment.plan(f"step {i}", "x", datetime.combine(day, datetime.min.time()) - timedelta(days=60), day,
                            team="Blå")
        if amended_off is not None:
            moved = TODAY + timedelta(days=amended_off)
            started = datetime.combine(day, datetime.min.time()) - timedelta(days=59)
            e.start(started)
            if moved != day:
                e.amend("go_and_see_on", moved.isoformat(), "moved", started)
        experiments.append(e)
    due = due_for_review(experiments, "Blå", TODAY)
    assert {e.id for e in due} == {e.id for e in experiments if e.go_and_see_day <= TODAY}
    assert [e.go_and_see_day for e in due] == sorted(e.go_and_see_day for e in due)


# -- correcting what a review recorded ------------------------------------------------------------


def test_a_done_experiments_outcome_is_corrected_as_dated_amendments() -> None:
    e = done()
    later = NOW + timedelta(days=1)
    a = e.amend("happened", "They talked, then argued", "Bo remembered more", later)
    e.amend("learned", "Ask first, then listen", "Said better", later)
    e.amend("as_expected", " No ", "It did not go as we thought", later)
    assert (a.at, a.field, a.reason) == (later, "happened", "Bo remembered more")
    assert (e.happened, e.learned, e.as_expected) == ("They talked", "Ask first", "partly")  # the original stays
    assert [e.current(f) for f in ("happened", "learned", "as_expected")] == [
        "They talked, then argued", "Ask first, then listen", "no"]
    assert e.matched_expectation() is False and e.expectation_score() == 0.0  # the picture counts the answer as it stands
    assert e.status == "done"


def test_a_done_experiments_plan_stays_and_a_wrong_answer_is_refused() -> None:
    e = done()
    with refused("record is closed"):
        e.amend("expectation", "Something else", "hindsight", NOW)
    with refused("yes, partly or no"):
        e.amend("as_expected", "maybe", "unsure", NOW)
    with refused("changes nothing"):
        e.amend("as_expected", "partly", "same", NOW)
    with refused("must not be blank"):
        e.amend("learned", "more", " ", NOW)
    assert e.amendments == []


def test_the_outcome_cannot_be_amended_before_it_is_recorded_nor_once_abandoned() -> None:
    running = planned(date(2026, 11, 24))
    running.lock_if_due(NOW)
    with refused("cannot be amended"):
        running.amend("happened", "x", "y", NOW)
    running.abandon("Not needed", NOW)
    with refused("record is closed"):
        running.amend("happened", "x", "y", NOW)


def test_the_teams_next_retro_closes_the_correction() -> None:
    e = done(at=NOW)
    retros = [("Blå", NOW - timedelta(hours=1)),  # the retro that reviewed it
              ("Röd", NOW + timedelta(days=1)),  # another team's
              ("Blå", NOW + timedelta(days=8)), ("Blå", NOW + timedelta(days=7))]
    closes = next_retro_start(e, retros)
    assert closes == NOW + timedelta(days=7)
    e.amend("learned", "Ask first, always", "Said better", NOW + timedelta(days=6), next_retro_at=closes)
    with refused("next retro started 2026-12-03"):
        e.amend("learned", "Something else", "late", NOW + timedelta(days=7), next_retro_at=closes)
    assert len(e.amendments) == 1
    assert next_retro_start(e, retros[:2]) is None  # no later retro of its team yet
    assert next_retro_start(planned(date(2026, 11, 24)), retros) is None  # not done: nothing to close


def test_a_plan_may_be_deleted_until_it_starts() -> None:
    e = planned(date(2026, 11, 27))
    e.check_deletable(TODAY)
    with refused("has started: its record stays"):
        e.check_deletable(date(2026, 11, 27))
    e.start(NOW)
    with refused("has started: its record stays"):
        e.check_deletable(TODAY)
