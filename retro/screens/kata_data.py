"""What the kata screens show, loaded once and indexed, so no keypress reads the store.

Pure Python (no Textual): the screen loads a `KataLog` in a worker thread, then answers every
cursor move from these indexes. After its own writes the screen puts the changed object back
with `put`, instead of reading a five-year log again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from retro.domain.kata import Challenge, CoachingCycle, Experiment, Obstacle, TargetCondition, newest_first
from retro.domain.kata_picture import Point


def record_order(e: Experiment) -> tuple[str, str, str]:
    """The experimenting record reads top to bottom in the order the steps were run."""
    return (e.go_and_see_on.isoformat(), (e.created_at.isoformat() if e.created_at else ""), e.id)


@dataclass
class KataLog:
    today: date
    challenges: list[Challenge] = field(default_factory=list)
    tcs: list[TargetCondition] = field(default_factory=list)  # newest first
    obstacles: dict[str, list[Obstacle]] = field(default_factory=dict)  # by target condition id
    experiments: dict[str | None, list[Experiment]] = field(default_factory=dict)  # by target condition id
    cycles: dict[str | None, list[CoachingCycle]] = field(default_factory=dict)
    complete: bool = True  # False for the quick first part: target conditions only

    # -- loading ----------------------------------------------------------------------------

    @classmethod
    def load_head(cls, repo: object, today: date) -> KataLog:
        """The cheap part: challenges and target conditions (one small file). Enough to paint."""
        log = cls(today=today, complete=False)
        log.challenges = sorted(repo.all(Challenge), key=lambda c: (c.created_at is None, c.created_at))  # type: ignore[attr-defined]
        log.tcs = newest_first(repo.all(TargetCondition))  # type: ignore[attr-defined]
        return log

    @classmethod
    def load(cls, repo: object, today: date) -> KataLog:
        log = cls.load_head(repo, today)
        log.complete = True
        for ob in repo.all(Obstacle):  # type: ignore[attr-defined]
            log.obstacles.setdefault(ob.target_condition_id, []).append(ob)
        for e in repo.all(Experiment):  # type: ignore[attr-defined]
            log.experiments.setdefault(e.target_condition_id, []).append(e)
        for group in log.experiments.values():
            group.sort(key=record_order)
        for cycle in repo.all(CoachingCycle):  # type: ignore[attr-defined]
            log.cycles.setdefault(cycle.target_condition_id, []).append(cycle)
        for cycles in log.cycles.values():
            cycles.sort(key=lambda c: c.at)
        return log

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
        return self.experiments.get(tc_id, [])

    def obstacles_of(self, tc_id: str | None) -> list[Obstacle]:
        return self.obstacles.get(tc_id, []) if tc_id else []

    def last_step(self, tc_id: str | None) -> Experiment | None:
        """The step to reflect on: the latest one that has run (or the latest planned)."""
        record = self.record(tc_id)
        ran = [e for e in record if e.status_on(self.today) != "planned"]
        return (ran or record or [None])[-1]

    def owners(self) -> list[str]:
        """Names used as owners, most recent first (suggestions for the next experiment)."""
        seen: dict[str, None] = {}
        for tc in self.tcs:
            for e in reversed(self.record(tc.id)):
                if e.owner:
                    seen.setdefault(e.owner)
        return list(seen)

    def points(self) -> list[Point]:
        return [Point(e.go_and_see_on, e.status, e.as_expected) for group in self.experiments.values() for e in group]

    def first_day(self) -> date | None:
        """The earliest go-and-see day in the log (where its picture starts)."""
        days = [group[0].go_and_see_on for group in self.experiments.values() if group]
        return min(days) if days else None

    def counts(self) -> dict[str | None, int]:
        return {tc_id: len(group) for tc_id, group in self.experiments.items()}

    # -- after our own writes ---------------------------------------------------------------

    def put(self, *objs: object) -> None:
        for obj in objs:
            if isinstance(obj, Experiment):
                self._put_in(self.experiments, obj.target_condition_id, obj)
                self.experiments[obj.target_condition_id].sort(key=record_order)
            elif isinstance(obj, Obstacle):
                self._put_in(self.obstacles, obj.target_condition_id, obj)
            elif isinstance(obj, CoachingCycle):
                self._put_in(self.cycles, obj.target_condition_id, obj)
            elif isinstance(obj, TargetCondition):
                self.tcs = newest_first([tc for tc in self.tcs if tc.id != obj.id] + [obj])
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
                "go_and_see_on": "Go-and-see day"}
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

