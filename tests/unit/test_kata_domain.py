"""The kata log's rules: one active target condition per challenge, one obstacle in focus, and
the honest-memory lock on an experiment's expectation."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from retro.domain.codec import from_dict, to_dict
from retro.domain.errors import RuleError
from retro.domain.kata import (
    AREAS,
    Challenge,
    CoachingCycle,
    Experiment,
    Obstacle,
    TargetCondition,
    activate,
    area_label,
    due_for_review,
    focus,
    lock_due,
    newest_first,
    previous_active,
)
from retro.domain.kata_picture import Point, monday_of, summarise, weekly

NOW = datetime(2026, 11, 26, 9, 30)  # Thursday
TODAY = NOW.date()
FRIDAY = date(2026, 11, 27)


def refused(match: str):
    return pytest.raises(RuleError, match=match)


def exp(**kw) -> Experiment:
    kw.setdefault("go_and_see_on", FRIDAY)
    return Experiment.plan(kw.pop("step", "Ask both to one talk"), kw.pop("expectation", "They talk to each other"),
                           kw.pop("now", NOW), target_condition_id=kw.pop("tc", "tc-1"), **kw)


# -- challenge ------------------------------------------------------------------------------


def test_challenge_needs_a_title_and_keeps_its_fields() -> None:
    ch = Challenge.create("  Lead one week at a time ", NOW, statement=" s ", area="leaders", vision="v")
    assert (ch.title, ch.statement, ch.area, ch.vision, ch.status) == ("Lead one week at a time", "s", "leaders", "v", "active")
    assert ch.id.startswith("ch-") and ch.created_at == NOW
    with refused("must not be blank"):
        Challenge.create("   ", NOW)


def test_challenge_closes_once() -> None:
    ch = Challenge.create("c", NOW)
    ch.close()
    assert not ch.is_active
    with refused("already closed"):
        ch.close()


# -- target conditions ----------------------------------------------------------------------


def test_target_condition_defaults_to_one_week_and_the_team_area() -> None:
    tc = TargetCondition.create("ch-1", "Dialogue instead of mediation", NOW)
    assert tc.achieve_by == TODAY + timedelta(weeks=1)
    assert tc.area == "team" and tc.status == "active"
    assert tc.days_left(TODAY) == 7


def test_target_condition_takes_the_four_levels_and_free_areas() -> None:
    assert set(AREAS) == {"personal", "leaders", "organisation", "team"}
    assert TargetCondition.create("ch", "t", NOW, area="leaders").area == "leaders"
    own = TargetCondition.create("ch", "t", NOW, area="  Kundmöten ", outcome=" o ", operating_pattern="p",
                                 current_condition="c", notes="private")
    assert own.area == "Kundmöten" and area_label("Kundmöten") == "Kundmöten"
    assert area_label("organisation") == "Handling complexity"
    assert (own.outcome, own.operating_pattern, own.current_condition, own.notes) == ("o", "p", "c", "private")


def test_target_condition_refusals() -> None:
    with refused("must not be blank"):
        TargetCondition.create("ch", " ", NOW)
    with refused("in the past"):
        TargetCondition.create("ch", "t", NOW, achieve_by=TODAY - timedelta(days=1))
    with refused("cannot be set"):
        TargetCondition.create("ch", "t", NOW, status="achieved")


def test_closing_needs_a_reflection_a_closing_status_and_happens_once() -> None:
    tc = TargetCondition.create("ch", "t", NOW)
    with refused("closes as achieved, expired or dropped"):
        tc.close("active", "r", NOW)
    with refused("must not be blank"):
        tc.close("achieved", "  ", NOW)
    assert tc.is_active
    tc.close("dropped", " Wrong week for it ", NOW)
    assert (tc.status, tc.reflection, tc.closed_at) == ("dropped", "Wrong week for it", NOW)
    with refused("already dropped"):
        tc.close("achieved", "again", NOW)


def test_activating_a_new_one_closes_the_previous_with_its_reflection() -> None:
    old = TargetCondition.create("ch", "old", NOW - timedelta(days=7), achieve_by=TODAY)
    other_challenge = TargetCondition.create("ch-2", "elsewhere", NOW)
    new = TargetCondition.create("ch", "new", NOW)
    siblings = [old, other_challenge]
    assert previous_active(new, siblings) is old
    with refused("still active: give a reflection"):
        activate(new, siblings, "", NOW)
    assert old.is_active  # a refusal changes nothing
    closed = activate(new, siblings, "We met twice; it held", NOW)
    assert closed is old
    assert old.status == "achieved"  # its date still holds today
    assert old.reflection == "We met twice; it held"
    assert other_challenge.is_active  # at most one active per challenge, not per log
    assert new.is_active


def test_activating_after_the_date_closes_as_expired_unless_told() -> None:
    old = TargetCondition.create("ch", "old", NOW - timedelta(days=9), achieve_by=TODAY - timedelta(days=1))
    new = TargetCondition.create("ch", "new", NOW)
    activate(new, [old], "Ran out of week", NOW)
    assert old.status == "expired" and old.is_overdue(TODAY) is False
    older = TargetCondition.create("ch", "older", NOW)
    newest = TargetCondition.create("ch", "newest", NOW)
    activate(newest, [older], "Not the right focus", NOW, close_as="dropped")
    assert older.status == "dropped"
    with refused("not active"):
        activate(TargetCondition.create("ch", "x", NOW), [TargetCondition.create("ch", "y", NOW)], "r", NOW, close_as="active")


def test_first_target_condition_needs_no_reflection_and_closed_cannot_be_reactivated() -> None:
    first = TargetCondition.create("ch", "first", NOW)
    assert activate(first, [], None, NOW) is None
    first.close("achieved", "done", NOW)
    with refused("already achieved"):
        activate(first, [], None, NOW)


def test_newest_first_and_overdue() -> None:
    a = TargetCondition.create("ch", "a", NOW - timedelta(days=14))
    b = TargetCondition.create("ch", "b", NOW - timedelta(days=7))
    assert [tc.title for tc in newest_first([a, b])] == ["b", "a"]
    assert a.is_overdue(TODAY) and not b.is_overdue(TODAY)
    assert a.days_left(TODAY) == -7


# -- obstacles ------------------------------------------------------------------------------


def test_obstacle_needs_text_and_a_known_status() -> None:
    with refused("must not be blank"):
        Obstacle.create("tc", "  ", NOW)
    ob = Obstacle.create("tc", " No room ", NOW)
    assert (ob.text, ob.status, ob.is_open) == ("No room", "parked", True)
    ob.set_status("set-aside")
    assert not ob.is_open
    with refused("Unknown obstacle status"):
        ob.set_status("gone")
    with refused("in focus: one at a time"):
        ob.set_status("working")


def test_one_obstacle_in_focus_per_target_condition() -> None:
    a, b = Obstacle.create("tc", "a", NOW), Obstacle.create("tc", "b", NOW)
    elsewhere = Obstacle.create("tc-2", "c", NOW)
    focus(elsewhere, [elsewhere])
    assert focus(a, [a, b, elsewhere]) == [a]
    changed = focus(b, [a, b, elsewhere])
    assert changed == [a, b]
    assert (a.status, b.status, elsewhere.status) == ("parked", "working", "working")
    assert b.in_focus and not a.in_focus


# -- experiments: planning ------------------------------------------------------------------


def test_an_experiment_needs_a_step_and_an_expectation_written_first() -> None:
    with refused("needs an expectation"):
        exp(expectation="   ")
    with refused("must not be blank"):
        exp(step="")
    with refused("in the past"):
        exp(go_and_see_on=TODAY - timedelta(days=1))
    with refused("cannot be set on a new experiment"):
        exp(status="done")
    e = exp(owner="  Sara ", obstacle_id="ob-1", item_ids=("it-1",), team="Plattform", retro_id="rt-1")
    assert (e.owner, e.obstacle_id, e.item_ids, e.team, e.retro_id) == ("Sara", "ob-1", ["it-1"], "Plattform", "rt-1")
    assert e.status == "planned" and e.locked_at is None and e.created_at == NOW


def test_a_plan_can_be_revised_freely_before_the_lock_all_or_nothing() -> None:
    e = exp()
    e.revise(NOW, expectation="They agree on one next step", owner=" Ali ", go_and_see_on="2026-11-30")
    assert (e.expectation, e.owner, e.go_and_see_on) == ("They agree on one next step", "Ali", date(2026, 11, 30))
    assert e.amendments == []
    with refused("needs an expectation"):
        e.revise(NOW, step="changed", expectation=" ")
    assert e.step == "Ask both to one talk"  # nothing applied
    with refused("cannot be changed"):
        e.revise(NOW, happened="x")
    with refused("in the past"):
        e.revise(NOW, go_and_see_on=TODAY - timedelta(days=1))
    with refused("not a date"):
        e.revise(NOW, go_and_see_on="soon")
    e.revise(NOW, obstacle_id="ob-2", target_condition_id="tc-2")  # a plan may move before it runs
    assert (e.obstacle_id, e.target_condition_id) == ("ob-2", "tc-2")
    e.revise(NOW, obstacle_id="")
    assert e.obstacle_id is None


# -- the lock -------------------------------------------------------------------------------


def test_starting_locks_the_expectation_and_revision_is_refused_after() -> None:
    e = exp()
    assert not e.is_locked(TODAY)
    e.start(NOW)
    assert (e.status, e.locked_at, e.started_at) == ("running", NOW, NOW)
    assert e.is_locked(TODAY)
    with refused("expectation is locked; amend it"):
        e.revise(NOW, expectation="rewritten afterwards")
    with refused("already running"):
        e.start(NOW)


def test_the_go_and_see_day_locks_it_by_itself_from_the_start_of_that_day() -> None:
    e = exp(go_and_see_on=FRIDAY)
    assert e.status_on(TODAY) == "planned"
    friday_noon = datetime(2026, 11, 27, 12, 0)
    assert e.is_locked(FRIDAY) and e.status_on(FRIDAY) == "running"
    with refused("locked"):
        e.revise(friday_noon, expectation="quietly different")
    assert e.lock_if_due(friday_noon)
    assert e.status == "running" and e.locked_at == datetime(2026, 11, 27, 0, 0)
    assert not e.lock_if_due(friday_noon)  # once


def test_start_on_a_due_day_dates_the_lock_from_that_day() -> None:
    e = exp(go_and_see_on=FRIDAY)
    e.start(datetime(2026, 11, 28, 10, 0))
    assert e.locked_at == datetime(2026, 11, 27, 0, 0)  # locked since its day began
    assert e.started_at == datetime(2026, 11, 28, 10, 0)  # started when someone said so


def test_lock_due_changes_only_planned_ones_whose_day_has_come() -> None:
    due, later, running = exp(), exp(go_and_see_on=date(2026, 12, 3)), exp()
    running.start(NOW)
    assert lock_due([due, later, running], datetime(2026, 11, 27, 8, 0)) == [due]
    assert later.status == "planned"


def test_after_the_lock_a_change_is_an_appended_dated_amendment() -> None:
    e = exp()
    with refused("has not started: change it directly"):
        e.amend("expectation", "new", "reason", NOW)
    e.start(NOW)
    later = NOW + timedelta(hours=3)
    a = e.amend("expectation", " Only one of them shows up ", "Anna is ill", later)
    assert (a.at, a.field, a.text, a.reason) == (later, "expectation", "Only one of them shows up", "Anna is ill")
    assert e.expectation == "They talk to each other"  # the original stays
    assert e.current("expectation") == "Only one of them shows up"
    e.amend("expectation", "Nobody shows up", "Both ill", later)
    assert [x.text for x in e.amendments_of("expectation")] == ["Only one of them shows up", "Nobody shows up"]
    assert e.is_amended and len(e.amendments) == 2


def test_amendment_refusals() -> None:
    e = exp()
    e.start(NOW)
    with refused("cannot be amended"):
        e.amend("happened", "x", "y", NOW)
    with refused("must not be blank"):
        e.amend("expectation", "new", "  ", NOW)
    with refused("must not be blank"):
        e.amend("expectation", " ", "why", NOW)
    with refused("changes nothing"):
        e.amend("expectation", "They talk to each other", "same", NOW)
    with refused("not a date"):
        e.amend("go_and_see_on", "Monday", "moved", NOW)
    e.amend("go_and_see_on", "2026-11-30", "moved", NOW)
    assert e.current("go_and_see_on") == "2026-11-30" and e.go_and_see_on == FRIDAY
    assert e.amendments == e.amendments_of("go_and_see_on")
    e.complete("h", "l", NOW)
    with refused("record is closed"):
        e.amend("owner", "Ali", "handover", NOW)


def test_outcome_and_learning_only_after_it_has_started() -> None:
    e = exp()
    with refused("has not started: outcome and learning come after"):
        e.complete("h", "l", NOW)
    assert e.status == "planned" and e.happened == ""
    friday = datetime(2026, 11, 27, 16, 0)
    e.complete(" They talked ", " Ask, then wait ", friday, as_expected="Partly")
    assert (e.status, e.happened, e.learned, e.as_expected) == ("done", "They talked", "Ask, then wait", "partly")
    assert e.locked_at == datetime(2026, 11, 27, 0, 0) and e.finished_at == friday
    with refused("already done"):
        e.complete("again", "again", friday)


def test_completion_refusals_leave_the_experiment_untouched() -> None:
    e = exp()
    e.start(NOW)
    for happened, learned, answer, match in [("", "l", "", "blank"), ("h", " ", "", "blank"),
                                             ("h", "l", "maybe", "yes, partly or no")]:
        with refused(match):
            e.complete(happened, learned, NOW, as_expected=answer)
        assert e.status == "running" and e.happened == "" and e.as_expected == ""


def test_abandon_needs_a_reason_and_closes_the_record() -> None:
    e = exp()
    with refused("must not be blank"):
        e.abandon(" ", NOW)
    e.abandon("The conflict resolved itself", NOW)
    assert (e.status, e.abandon_reason, e.locked_at) == ("abandoned", "The conflict resolved itself", NOW)
    assert not e.is_open
    with refused("already abandoned"):
        e.abandon("again", NOW)
    with refused("already abandoned"):
        e.complete("h", "l", NOW)


def test_matched_expectation_is_the_learners_own_answer() -> None:
    def done(answer: str, happened: str = "It went as planned") -> Experiment:
        e = exp()
        e.start(NOW)
        e.complete(happened, "learned", NOW, as_expected=answer)
        return e

    assert done("yes", happened="Men det gick bra").matched_expectation() is True  # "men" is not a surprise
    assert done("no", happened="Exactly as planned").matched_expectation() is False
    assert done("partly").matched_expectation() is False
    assert done("").matched_expectation() is None  # not answered: not guessed
    assert exp().matched_expectation() is None
    assert [done(a).expectation_score() for a in ("yes", "partly", "no", "")] == [1.0, 0.5, 0.0, None]


def test_experiment_round_trips_through_the_codec_with_amendments_and_answer() -> None:
    e = exp()
    e.start(NOW)
    e.amend("expectation", "changed", "why", NOW)
    e.complete("h", "l", NOW, as_expected="no")
    back = from_dict(Experiment, to_dict(e))
    assert back == e
    assert to_dict(e)["go_and_see_on"] == "2026-11-27"
    assert to_dict(e)["amendments"][0] == {"at": "2026-11-26T09:30:00", "field": "expectation", "text": "changed",
                                           "reason": "why"}


def test_an_old_record_without_the_answer_field_still_loads() -> None:
    raw = to_dict(exp())
    del raw["as_expected"]
    assert from_dict(Experiment, raw).as_expected == ""


# -- review and coaching --------------------------------------------------------------------


def test_due_for_review_keeps_its_contract() -> None:
    a = exp(team="Plattform", go_and_see_on=FRIDAY)
    b = exp(team="Plattform", go_and_see_on=date(2026, 11, 30))
    c = exp(team="Kundtjänst", go_and_see_on=FRIDAY)
    done = exp(team="Plattform")
    done.start(NOW)
    done.complete("h", "l", NOW)
    assert due_for_review([a, b, c, done], "Plattform", date(2026, 11, 30)) == [a, b]
    assert due_for_review([a, b, c, done], "Plattform", TODAY) == []


def test_coaching_cycle_records_answers_and_the_next_step() -> None:
    nxt = exp(step="Invite both to a dialogue", expectation="They will hesitate")
    cycle = CoachingCycle.record(NOW, "tc-1", next_step=nxt, target=" t ", actual_now="a", obstacle_id="ob-1")
    assert (cycle.target, cycle.actual_now, cycle.obstacle_id) == ("t", "a", "ob-1")
    assert (cycle.next_step, cycle.next_expectation, cycle.go_and_see_on, cycle.experiment_id) == (
        "Invite both to a dialogue", "They will hesitate", FRIDAY, nxt.id)
    assert cycle.id.startswith("cc-") and cycle.at == NOW
    with refused("at least one answer"):
        CoachingCycle.record(NOW, "tc-1", target=" ")
    with refused("at least one answer"):  # facts copied from the log are not answers
        CoachingCycle.record(NOW, "tc-1", last_step="Ask both", expected="Silence")
    with refused("not a coaching question"):
        CoachingCycle.record(NOW, "tc-1", mood="fine")


# -- the picture ----------------------------------------------------------------------------


def test_weekly_picture_counts_runs_and_answers_per_week_including_empty_weeks() -> None:
    this_monday = monday_of(TODAY)
    assert this_monday == date(2026, 11, 23)
    points = [
        Point(TODAY, "done", "yes"),
        Point(TODAY, "done", "partly"),
        Point(TODAY, "running"),
        Point(TODAY - timedelta(weeks=2), "done", "no"),
        Point(TODAY - timedelta(weeks=2), "done", ""),  # not answered: counted, not judged
        Point(TODAY - timedelta(weeks=9), "done", "yes"),  # outside the window
        Point(TODAY + timedelta(weeks=1), "planned"),  # next week: not yet in the picture
    ]
    weeks = weekly(points, TODAY, 3)
    assert [w.monday for w in weeks] == [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    assert [w.experiments for w in weeks] == [2, 0, 3]
    assert [w.match for w in weeks] == [0.0, None, 0.75]
    total = summarise(weeks)
    assert (total.experiments, total.done, total.yes, total.partly, total.no) == (5, 4, 1, 1, 1)
    assert total.answered == 3 and total.match == 0.5
    assert weekly(points, TODAY, 0) == []
    assert summarise([]).match is None
