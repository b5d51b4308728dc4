"""The Improvement Kata log: challenge → target conditions → obstacles → experiments.

The honest-memory rule lives here: an experiment needs an expectation written before it runs;
once it has started (explicitly, or because its go-and-see day has come) the expectation is
locked, and a change is an appended, dated amendment — never an overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from retro.domain.errors import RuleError
from retro.domain.ids import new_id

# The case study's four levels, as default area ids; users may type their own.
AREAS: dict[str, str] = {
    "personal": "Personal leadership",
    "leaders": "Leaders together",
    "organisation": "Handling complexity",
    "team": "Team self-leadership",
}

CHALLENGE_STATUSES = ("active", "closed")
TC_STATUSES = ("active", "achieved", "expired", "dropped")
OBSTACLE_STATUSES = ("parked", "working", "resolved", "set-aside")
EXPERIMENT_STATUSES = ("planned", "running", "done", "abandoned")
AMENDABLE_FIELDS = ("expectation", "step", "owner", "go_and_see_on")


def _required(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise RuleError("{what} must not be blank", what=what)
    return text


@dataclass
class Challenge:
    id: str
    title: str
    statement: str = ""
    area: str | None = None
    vision: str = ""
    status: str = "active"
    created_at: datetime | None = None

    @classmethod
    def create(cls, title: str, now: datetime, **fields: object) -> Challenge:
        return cls(id=new_id("ch"), title=_required(title, "The challenge"), created_at=now, **fields)  # type: ignore[arg-type]


@dataclass
class TargetCondition:
    id: str
    challenge_id: str
    title: str
    achieve_by: date
    area: str = "team"
    outcome: str = ""
    operating_pattern: str = ""
    current_condition: str = ""
    status: str = "active"
    reflection: str = ""
    notes: str = ""  # private: never on a presented screen
    created_at: datetime | None = None
    closed_at: datetime | None = None

    @classmethod
    def create(
        cls,
        challenge_id: str,
        title: str,
        now: datetime,
        achieve_by: date | None = None,
        area: str | None = None,
        **fields: object,
    ) -> TargetCondition:
        by = achieve_by or (now.date() + timedelta(weeks=1))
        if by < now.date():
            raise RuleError("The achieve-by date {day} is in the past", day=by.isoformat())
        return cls(
            id=new_id("tc"),
            challenge_id=challenge_id,
            title=_required(title, "The target condition"),
            achieve_by=by,
            area=(area or "team").strip() or "team",
            created_at=now,
            **fields,  # type: ignore[arg-type]
        )

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def days_left(self, today: date) -> int:
        return (self.achieve_by - today).days

    def close(self, status: str, reflection: str, now: datetime) -> None:
        if status not in TC_STATUSES or status == "active":
            raise RuleError("A target condition closes as achieved, expired or dropped, not {status}", status=status)
        if not self.is_active:
            raise RuleError("Target condition {id} is already {status}", id=self.id, status=self.status)
        self.status = status
        self.reflection = (reflection or "").strip()
        self.closed_at = now


def activate(new: TargetCondition, siblings: list[TargetCondition], reflection: str | None, now: datetime,
             close_as: str | None = None) -> TargetCondition | None:
    """Make `new` the one active target condition of its challenge.

    The previous active one is closed with its reflection, which is required: the learning of a
    week must not be skipped silently. Returns the one that was closed, if any.
    """
    previous = next((tc for tc in siblings if tc.is_active and tc.id != new.id and tc.challenge_id == new.challenge_id), None)
    if previous is not None:
        if not (reflection or "").strip():
            raise RuleError(
                "Target condition {id} is still active: give a reflection to close it first",
                id=previous.id,
            )
        status = close_as or ("expired" if previous.achieve_by < now.date() else "achieved")
        previous.close(status, reflection or "", now)
    new.status = "active"
    return previous


@dataclass
class Obstacle:
    id: str
    target_condition_id: str
    text: str
    status: str = "parked"
    created_at: datetime | None = None

    @classmethod
    def create(cls, target_condition_id: str, text: str, now: datetime) -> Obstacle:
        return cls(id=new_id("ob"), target_condition_id=target_condition_id, text=_required(text, "The obstacle"), created_at=now)

    def set_status(self, status: str) -> None:
        if status not in OBSTACLE_STATUSES:
            raise RuleError("Unknown obstacle status {status}", status=status)
        self.status = status


def focus(obstacle: Obstacle, siblings: list[Obstacle]) -> list[Obstacle]:
    """Put `obstacle` in focus; the one that was in focus before is parked. Returns what changed."""
    changed = []
    for other in siblings:
        if other.id != obstacle.id and other.status == "working" and other.target_condition_id == obstacle.target_condition_id:
            other.status = "parked"
            changed.append(other)
    obstacle.status = "working"
    changed.append(obstacle)
    return changed


@dataclass
class Amendment:
    at: datetime
    field: str
    text: str
    reason: str


@dataclass
class Experiment:
    id: str
    target_condition_id: str | None
    step: str
    expectation: str  # always the original, as written before
    go_and_see_on: date
    owner: str = ""
    obstacle_id: str | None = None
    status: str = "planned"
    locked_at: datetime | None = None
    amendments: list[Amendment] = field(default_factory=list)
    happened: str = ""
    learned: str = ""
    abandon_reason: str = ""
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    retro_id: str | None = None
    item_ids: list[str] = field(default_factory=list)
    team: str | None = None

    @classmethod
    def plan(
        cls,
        step: str,
        expectation: str,
        now: datetime,
        go_and_see_on: date,
        target_condition_id: str | None = None,
        **fields: object,
    ) -> Experiment:
        step = _required(step, "What will be done")
        expectation = (expectation or "").strip()
        if not expectation:
            raise RuleError("An experiment needs an expectation, written before it runs")
        if go_and_see_on < now.date():
            raise RuleError("The go-and-see day {day} is in the past", day=go_and_see_on.isoformat())
        return cls(
            id=new_id("ex"),
            target_condition_id=target_condition_id,
            step=step,
            expectation=expectation,
            go_and_see_on=go_and_see_on,
            created_at=now,
            **fields,  # type: ignore[arg-type]
        )

    # -- the lock ---------------------------------------------------------------------------

    def is_locked(self, today: date) -> bool:
        return self.locked_at is not None or self.status != "planned" or today >= self.go_and_see_on

    def lock_if_due(self, now: datetime) -> bool:
        """Its go-and-see day has come: the experiment is running and its expectation locked."""
        if self.status == "planned" and now.date() >= self.go_and_see_on:
            self.status = "running"
            self.locked_at = now
            self.started_at = self.started_at or now
            return True
        return False

    def start(self, now: datetime) -> None:
        if self.status != "planned":
            raise RuleError("Experiment {id} is already {status}", id=self.id, status=self.status)
        self.status = "running"
        self.locked_at = now
        self.started_at = now

    def revise(self, now: datetime, **changes: object) -> None:
        """Change the plan while it is still only a plan (before the lock)."""
        if self.is_locked(now.date()):
            raise RuleError("Experiment {id} has started: its expectation is locked; amend it with a reason", id=self.id)
        for name, value in changes.items():
            if name not in AMENDABLE_FIELDS:
                raise RuleError("{field} cannot be changed", field=name)
            if name in ("step", "expectation"):
                value = _required(str(value), "What will be done" if name == "step" else "The expectation")
            setattr(self, name, value)

    def amend(self, field_name: str, text: str, reason: str, now: datetime) -> Amendment:
        if field_name not in AMENDABLE_FIELDS:
            raise RuleError("{field} cannot be amended", field=field_name)
        if not self.is_locked(now.date()):
            raise RuleError("Experiment {id} has not started: change it directly, no amendment needed", id=self.id)
        if self.status in ("done", "abandoned"):
            raise RuleError("Experiment {id} is {status}: its record is closed", id=self.id, status=self.status)
        self.lock_if_due(now)
        amendment = Amendment(at=now, field=field_name, text=_required(text, "The amendment"), reason=_required(reason, "The reason"))
        self.amendments.append(amendment)
        return amendment

    def current(self, field_name: str) -> str:
        """The field as it stands after its amendments (the original stays in the record)."""
        for a in reversed(self.amendments):
            if a.field == field_name:
                return a.text
        return str(getattr(self, field_name))

    @property
    def is_amended(self) -> bool:
        return bool(self.amendments)

    # -- afterwards -------------------------------------------------------------------------

    def complete(self, happened: str, learned: str, now: datetime) -> None:
        if self.status in ("done", "abandoned"):
            raise RuleError("Experiment {id} is already {status}", id=self.id, status=self.status)
        if not self.is_locked(now.date()):
            raise RuleError("Experiment {id} has not started: outcome and learning come after", id=self.id)
        self.lock_if_due(now)
        if self.status == "planned":
            self.start(now)
        self.happened = _required(happened, "What happened")
        self.learned = _required(learned, "What was learned")
        self.status = "done"
        self.finished_at = now

    def abandon(self, reason: str, now: datetime) -> None:
        if self.status in ("done", "abandoned"):
            raise RuleError("Experiment {id} is already {status}", id=self.id, status=self.status)
        self.abandon_reason = _required(reason, "The reason")
        if self.locked_at is None:
            self.locked_at = now
        self.status = "abandoned"
        self.finished_at = now

    @property
    def is_open(self) -> bool:
        return self.status in ("planned", "running")

    def matched_expectation(self) -> bool | None:
        """Rough signal for the log's picture: no learning recorded as a surprise → matched.

        Heuristic only: the learning field is free text, so we look for the words people use to
        say the outcome differed. None while the experiment has no outcome.
        """
        if self.status != "done":
            return None
        text = (self.happened + " " + self.learned).lower()
        surprise = ("unexpected", "surpris", "instead", "did not", "didn't", "oväntat", "överrask",
                    "istället", "inte som", "blev inte", "tvärtom", "men ")
        return not any(word in text for word in surprise)


@dataclass
class CoachingCycle:
    """One pass through the coaching kata's five questions, recorded against the log."""

    id: str
    at: datetime
    target_condition_id: str | None
    target: str = ""
    actual_now: str = ""
    last_step: str = ""
    expected: str = ""
    happened: str = ""
    learned: str = ""
    obstacles: str = ""
    obstacle_id: str | None = None
    next_step: str = ""
    next_expectation: str = ""
    go_and_see_on: date | None = None
    experiment_id: str | None = None


def due_for_review(experiments: list[Experiment], team: str, today: date) -> list[Experiment]:
    """A team's experiments whose go-and-see day has come and that still wait for what
    happened and what was learned. One left open at an earlier retro comes back again: the
    loop stays open until it is closed."""
    due = [e for e in experiments if e.team == team and e.is_open and e.go_and_see_on <= today]
    return sorted(due, key=lambda e: (e.go_and_see_on, e.created_at or datetime.min))
