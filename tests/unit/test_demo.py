"""The demo log: realistic, Swedish, drawn from the case study, and lawful — every record in it
is one the app's own rules would have produced. Also the in-memory index the kata screens read."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta

from retro.demo import build_demo
from retro.domain.kata import AREAS, Challenge, CoachingCycle, Experiment, Obstacle, TargetCondition
from retro.store.kata_log import KataLog, record_order
from retro.store import Repository

NOW = datetime(2026, 11, 26, 9, 30)
SWEDISH = re.compile(r"[åäöÅÄÖ]")


def parts(now: datetime = NOW) -> dict[type, list]:
    found: dict[type, list] = {}
    for obj in build_demo(now):
        found.setdefault(type(obj), []).append(obj)
    return found


def test_one_challenge_ten_weekly_target_conditions_across_the_four_levels() -> None:
    p = parts()
    (ch,) = p[Challenge]
    tcs = sorted(p[TargetCondition], key=lambda tc: tc.created_at)
    assert len(tcs) == 10 and all(tc.challenge_id == ch.id for tc in tcs)
    assert {tc.area for tc in tcs} == set(AREAS)
    assert [tc.status for tc in tcs] == ["achieved"] * 9 + ["active"]
    assert all(tc.reflection for tc in tcs[:-1])  # every closed week has its reflection
    assert all((b.created_at - a.created_at) == timedelta(weeks=1) for a, b in zip(tcs, tcs[1:]))
    active = tcs[-1]
    assert active.days_left(NOW.date()) == 4 and active.notes  # private notes, for the kata screen only
    titles = " ".join(tc.title for tc in tcs)
    for theme in ("dialogsamtal", "hybridmöten", "två gånger i veckan", "min chef"):
        assert theme in titles


def test_experiments_are_short_mostly_done_a_few_planned_some_amended() -> None:
    p = parts()
    experiments = p[Experiment]
    status = Counter(e.status for e in experiments)
    assert len(experiments) >= 20
    assert status["done"] >= 20 and status["planned"] == 2 and status["running"] == 2 and status["abandoned"] == 1
    assert sum(e.is_amended for e in experiments) >= 3
    assert {a.field for e in experiments for a in e.amendments} >= {"expectation", "step", "owner"}
    for e in experiments:
        assert e.expectation.strip() and SWEDISH.search(e.step + e.expectation + e.happened + e.learned)
        if e.status == "done":
            assert e.happened and e.learned and e.as_expected in ("yes", "partly", "no")


def test_the_record_obeys_the_honest_memory_rule() -> None:
    for e in parts()[Experiment]:
        assert e.created_at is not None and e.created_at.date() <= e.go_and_see_on
        if e.status == "planned":
            assert e.locked_at is None and e.go_and_see_on > NOW.date()
            continue
        assert e.locked_at is not None and e.created_at <= e.locked_at <= NOW
        for a in e.amendments:
            assert e.locked_at <= a.at <= NOW  # amended only after the lock
        if e.finished_at:
            assert e.locked_at <= e.finished_at <= NOW


def test_obstacles_one_in_focus_on_the_active_target_condition_and_coaching_cycles() -> None:
    p = parts()
    active = next(tc for tc in p[TargetCondition] if tc.is_active)
    mine = [o for o in p[Obstacle] if o.target_condition_id == active.id]
    assert [o.status for o in mine].count("working") == 1
    cycles = p[CoachingCycle]
    assert len(cycles) >= 3
    experiment_ids = {e.id for e in p[Experiment]}
    assert all(c.experiment_id in experiment_ids and c.last_step and c.next_step for c in cycles)


def test_the_demo_follows_the_clock() -> None:
    later = datetime(2027, 3, 1, 8, 0)
    active = next(tc for tc in parts(later)[TargetCondition] if tc.is_active)
    assert active.achieve_by == (later - timedelta(days=3)).date() + timedelta(weeks=1)


def test_the_kata_log_keeps_its_owners_unless_a_saved_step_has_or_had_one(repo: Repository) -> None:
    repo.add(*build_demo(repo.clock.now()))
    log = KataLog.load(repo, NOW.date())
    active = log.active()
    owners = log.owners()
    nobody = Experiment.plan("Utan ägare", "Det går", NOW, NOW.date(), target_condition_id=active.id)
    log.put(nobody)
    assert log.owners() is owners  # not worked out again: no name came or went
    mine = Experiment.plan("Med ägare", "Det går", NOW, NOW.date(), target_condition_id=active.id, owner="Zelda")
    log.put(mine)
    assert "Zelda" in log.owners()  # a new name: worked out again
    nobody.owner = "Yusuf"  # an edit that names an owner
    log.put(nobody)
    assert "Yusuf" in log.owners()
    mine.owner = ""  # and one that takes the name away again
    log.put(mine)
    assert "Zelda" not in log.owners()


def test_kata_log_indexes_what_the_screens_show(repo: Repository) -> None:
    repo.add(*build_demo(repo.clock.now()))
    head = KataLog.load_head(repo, NOW.date())
    assert not head.complete and len(head.tcs) == 10 and head.experiments == {}
    log = KataLog.load(repo, NOW.date())
    active = log.active()
    assert active is not None and log.tcs[0] is active  # newest first
    assert log.challenge_of(active).id == active.challenge_id
    record = log.record(active.id)
    assert len(record) == 5 and record == sorted(record, key=record_order)
    assert log.last_step(active.id) is record[2]  # today's step: the latest one that has run
    assert log.owners()[0] == "Jonas"
    assert sum(log.counts().values()) == len(repo.all(Experiment))
    assert len(log.points()) == len(repo.all(Experiment))

    # After a save the screen puts the object back instead of reading the store again.
    moved = record[4]
    moved.target_condition_id = log.tcs[1].id
    log.put(moved)
    assert moved.id not in [e.id for e in log.record(active.id)]
    assert moved.id in [e.id for e in log.record(log.tcs[1].id)]
    renamed = TargetCondition(**{**active.__dict__, "title": "Ny titel"})
    log.put(renamed)
    assert log.active().title == "Ny titel" and len(log.tcs) == 10
