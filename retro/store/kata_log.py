"""The kata log as its screens and the command line show it, read from the store's cache piece
by piece, so no keypress reads (or copies) the whole log.

Pure Python (no Textual). A five-year log has hundreds of target conditions and thousands of
experiments; the first view needs the target conditions and ONE record (a dozen experiments),
so that is what `load` reads. Everything else is read when a view asks for it: another target
condition's record, and the whole-log figures (counts per target condition, the picture's
points, the owners to suggest) from one pass over the repository's cached experiments that
copies none of them. After the screen's own writes it puts the changed objects back with
`put`, and `stale()` (two stats) says whether anything else wrote since the log was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from retro.domain.kata import Challenge, CoachingCycle, Experiment, Obstacle, TargetCondition, newest_first
from retro.domain.kata_picture import Point


def record_order(e: Experiment) -> tuple[str, str, str]:
    """The experimenting record reads top to bottom in the order the steps were run."""
    return (e.go_and_see_on.isoformat(), (e.created_at.isoformat() if e.created_at else ""), e.id)


class Fact(NamedTuple):
    """What the whole-log views need of one experiment (a tuple, not a copy of it)."""

    tc_id: str | None
    order: tuple[str, str, str]
    day: date
    status: str
    as_expected: str
    owner: str

    @classmethod
    def of(cls, e: Experiment) -> Fact:
        return cls(e.target_condition_id, record_order(e), e.go_and_see_on, e.status, e.current("as_expected"), e.owner)


@dataclass
class KataLog:
    today: date
    challenges: list[Challenge] = field(default_factory=list)
    tcs: list[TargetCondition] = field(default_factory=list)  # newest first
    obstacles: dict[str | None, list[Obstacle]] = field(default_factory=dict)  # read so far, by target condition id
    experiments: dict[str | None, list[Experiment]] = field(default_factory=dict)  # read so far, by target condition id
    complete: bool = True  # False for the quick first part: target conditions only
    repo: Any = None
    stamp: Any = None  # the store's StoreStamp when the log was read
    _facts: dict[str, Fact] | None = None  # experiment id → what the whole-log views need
    _derived: dict[str, Any] = field(default_factory=dict)  # figures computed from the facts

    # -- loading ----------------------------------------------------------------------------

    @classmethod
    def load_head(cls, repo: Any, today: date) -> KataLog:
        """The cheap part: challenges and target conditions (one small file). Enough to paint."""
        # The stamp first: a write while we read shows as a change, never the other way round.
        log = cls(today=today, complete=False, repo=repo, stamp=repo.stamp())
        log.challenges = sorted(repo.all(Challenge), key=lambda c: (c.created_at is None, c.created_at))
        log.tcs = newest_first(repo.all(TargetCondition))
        return log

    @classmethod
    def load(cls, repo: Any, today: date, view: str | None = None) -> KataLog:
        """The head and what the first view shows: the record and obstacles of the target
        condition `view` (the active one when None). The rest is read when asked for."""
        log = cls.load_head(repo, today)
        log.complete = True
        tc = log.tc(view) or log.active()
        if tc is not None:
            log.record(tc.id)
            log.obstacles_of(tc.id)
        return log

    def stale(self) -> bool:
        """Has anything written to the store since this log was read (or last saved by us)?"""
        return self.stamp is None or self.stamp.changed()

    def saved(self, was_fresh: bool) -> None:
        """After our own save (already `put` here): if nothing else had written before it, the
        log is as fresh as the store; otherwise leave it stale, so the next look reloads."""
        if was_fresh and self.repo is not None:
            self.stamp = self.repo.stamp()

    def facts(self) -> dict[str, Fact]:
        """One pass over the repository's cached experiments (nothing copied)."""
        if self._facts is None:
            facts: dict[str, Fact] = {}

            def note(e: Experiment) -> bool:
                facts[e.id] = Fact.of(e)
                return False

            if self.repo is not None:
                self.repo.all(Experiment, where=note)
            for group in self.experiments.values():  # what we put after our own writes wins
                for e in group:
                    facts[e.id] = Fact.of(e)
            self._facts = facts
        return self._facts

    def _figure(self, name: str, compute: Any) -> Any:
        if name not in self._derived:
            self._derived[name] = compute(self.facts().values())
        return self._derived[name]

    # -- questions --------------------------------------------------------------------------

    def active(self) -> TargetCondition | None:
        return next((tc for tc in self.tcs if tc.is_active), None)

    def tc(self, tc_id: str | None) -> TargetCondition | None:
        return next((tc for tc in self.tcs if tc.id == tc_id), None) if tc_id else None

    def challenge_of(self, tc: TargetCondition | None) -> Challenge | None:
        if tc is not None:
            found = next((c for c in self.challenges if c.id == tc.challenge_id), None)
            if found is not None:
                return found
        active = [c for c in self.challenges if c.is_active]
        return active[-1] if active else (self.challenges[-1] if self.challenges else None)

    def record(self, tc_id: str | None) -> list[Experiment]:
        """The experiments of one target condition in record order (read once, then kept)."""
        found = self.experiments.get(tc_id)
        if found is None:
            if self.repo is None or not self.complete:
                return []
            found = self.repo.all(Experiment, where=lambda e: e.target_condition_id == tc_id)
            found.sort(key=record_order)
            self.experiments[tc_id] = found
        return found

    def obstacles_of(self, tc_id: str | None) -> list[Obstacle]:
        if not tc_id:
            return []
        found = self.obstacles.get(tc_id)
        if found is None:
            if self.repo is None or not self.complete:
                return []
            found = self.obstacles[tc_id] = self.repo.all(Obstacle, where=lambda o: o.target_condition_id == tc_id)
        return found

    def last_step(self, tc_id: str | None) -> Experiment | None:
        """The step to reflect on: the latest one that has run (or the latest planned)."""
        record = self.record(tc_id)
        ran = [e for e in record if e.status_on(self.today) != "planned"]
        return (ran or record or [None])[-1]

    def owners(self) -> list[str]:
        """Names used as owners, most recent first (suggestions for the next experiment)."""
        def compute(facts: Any) -> list[str]:
            rank = {tc.id: i for i, tc in enumerate(self.tcs)}  # newest target condition first
            owned = [f for f in facts if f.owner and f.tc_id in rank]
            owned.sort(key=lambda f: f.order, reverse=True)  # within one: the latest step first
            owned.sort(key=lambda f: rank[f.tc_id])
            return list(dict.fromkeys(f.owner for f in owned))

        return self._figure("owners", compute)  # type: ignore[no-any-return]

    def points(self) -> list[Point]:
        return self._figure("points", lambda facts: [Point(f.day, f.status, f.as_expected) for f in facts])  # type: ignore[no-any-return]

    def first_day(self) -> date | None:
        """The earliest go-and-see day in the log (where its picture starts)."""
        return self._figure("first_day", lambda facts: min((f.day for f in facts), default=None))  # type: ignore[no-any-return]

    def counts(self) -> dict[str | None, int]:
        def compute(facts: Any) -> dict[str | None, int]:
            counts: dict[str | None, int] = {}
            for f in facts:
                counts[f.tc_id] = counts.get(f.tc_id, 0) + 1
            return counts

        return self._figure("counts", compute)  # type: ignore[no-any-return]

    def done_counts(self) -> dict[str | None, int]:
        def compute(facts: Any) -> dict[str | None, int]:
            done: dict[str | None, int] = {}
            for f in facts:
                if f.status == "done":
                    done[f.tc_id] = done.get(f.tc_id, 0) + 1
            return done

        return self._figure("done", compute)  # type: ignore[no-any-return]

    # -- after our own writes ---------------------------------------------------------------

    def put(self, *objs: object) -> None:
        for obj in objs:
            if isinstance(obj, Experiment):
                self.record(obj.target_condition_id)  # read it first if not yet: ours goes on top
                self._put_in(self.experiments, obj.target_condition_id, obj)
                self.experiments[obj.target_condition_id].sort(key=record_order)
                before = self._facts.get(obj.id) if self._facts is not None else None
                if self._facts is not None:
                    self._facts[obj.id] = Fact.of(obj)
                owners = self._derived.get("owners")
                self._derived.clear()
                if owners is not None and not obj.owner and not (before is not None and before.owner):
                    self._derived["owners"] = owners  # a step with no owner, then or now: the same names
            elif isinstance(obj, Obstacle):
                self.obstacles_of(obj.target_condition_id)
                self._put_in(self.obstacles, obj.target_condition_id, obj)
            elif isinstance(obj, CoachingCycle):
                pass  # no view of the log lists coaching cycles
            elif isinstance(obj, TargetCondition):
                self.tcs = newest_first([tc for tc in self.tcs if tc.id != obj.id] + [obj])
                self._derived.pop("owners", None)  # ranked by target condition
            elif isinstance(obj, Challenge):
                self.challenges = [c for c in self.challenges if c.id != obj.id] + [obj]

    @staticmethod
    def _put_in(index: dict, key: object, obj: object) -> None:
        for group in index.values():
            for i, old in enumerate(group):
                if old.id == obj.id:  # type: ignore[attr-defined]
                    del group[i]
                    break
        index.setdefault(key, []).append(obj)


# Labels of an experiment's amendable fields, as the record shows them.
FIELD_LABELS = {"expectation": "What we expect", "step": "What will be done", "owner": "Owner",
                "go_and_see_on": "Go-and-see day", "happened": "What happened", "learned": "What was learned",
                "as_expected": "As expected?"}
# The four default areas, short enough for a table column.
AREA_SHORT = {"personal": "Personal", "leaders": "Leaders", "organisation": "Organisation", "team": "Team"}


def obstacle_status(status: str) -> str:
    """An obstacle's status as people say it: "working" is the one in focus."""
    return "in focus" if status == "working" else status


def area_short(area: str) -> str:
    return AREA_SHORT.get(area, area)


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters, cut with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"

