"""The Improvement Kata log: challenge → target conditions → obstacles → experiments.

The honest-memory rule lives here: an experiment needs an expectation written before it runs;
once it has started (explicitly, or because its go-and-see day has come) the expectation is
locked, and a change is an appended, dated amendment — never an overwrite.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from dataclasses import field as dataclass_field  # in Amendment, whose own field is named `field`
from datetime import date, datetime, time, timedelta

from retro.domain.codec import rule
from retro.domain.errors import RuleError
from retro.domain.ids import new_id
from retro.domain.text import NAME_MAX, TEXT_MAX, check_length, clean

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
# What a review recorded may be corrected afterwards, as amendments too, until the team's next
# retro starts: that retro builds on the record, so from then on it stays as it was.
OUTCOME_FIELDS = ("happened", "learned", "as_expected")
# Before the lock the plan is only a plan: it may also move to another obstacle or target condition.
REVISABLE_FIELDS = (*AMENDABLE_FIELDS, "obstacle_id", "target_condition_id")
# The learner's own answer, recorded with the outcome: did it go as expected? An explicit answer
# beats guessing from the wording of what happened (see Experiment.matched_expectation).
AS_EXPECTED = ("yes", "partly", "no")
TC_CLOSING = ("achieved", "expired", "dropped")


def area_label(area: str) -> str:
    """The English name of a default area; a user's own area is shown as typed."""
    return AREAS.get(area, area)


def _text(text: str | None, what: str, limit: int = TEXT_MAX) -> str:
    """Text as typed, cleaned of control characters and stripped, within its limit."""
    return check_length(clean(str(text or "")).strip(), limit, what)


def _required(text: str | None, what: str, limit: int = TEXT_MAX) -> str:
    text = _text(text, what, limit)
    if not text:
        raise RuleError("{what} must not be blank", what=what)
    return text


@dataclass
class Challenge:
    id: str
    title: str = field(metadata=rule(limit=TEXT_MAX))
    statement: str = field(default="", metadata=rule(limit=TEXT_MAX))
    area: str | None = field(default=None, metadata=rule(limit=NAME_MAX))
    vision: str = field(default="", metadata=rule(limit=TEXT_MAX))
    status: str = field(default="active", metadata=rule(one_of=CHALLENGE_STATUSES))
    created_at: datetime | None = None

    @classmethod
    def create(cls, title: str, now: datetime, *, statement: str = "", area: str | None = None,
               vision: str = "") -> Challenge:
        return cls(id=new_id("ch"), title=_required(title, "The challenge"), statement=_text(statement, "The statement"),
                   area=_text(area, "The area", NAME_MAX) or None, vision=_text(vision, "The vision"), created_at=now)

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def close(self) -> None:
        if not self.is_active:
            raise RuleError("Challenge {id} is already closed", id=self.id)
        self.status = "closed"


@dataclass
class TargetCondition:
    id: str
    challenge_id: str
    title: str = field(metadata=rule(limit=TEXT_MAX))
    achieve_by: date
    area: str = field(default="team", metadata=rule(limit=NAME_MAX))
    outcome: str = field(default="", metadata=rule(limit=TEXT_MAX))
    operating_pattern: str = field(default="", metadata=rule(limit=TEXT_MAX))
    current_condition: str = field(default="", metadata=rule(limit=TEXT_MAX))
    status: str = field(default="active", metadata=rule(one_of=TC_STATUSES))
    reflection: str = field(default="", metadata=rule(limit=TEXT_MAX))
    notes: str = field(default="", metadata=rule(limit=TEXT_MAX))  # private: never on a presented screen
    created_at: datetime | None = None
    closed_at: datetime | None = None
    # Shared with the team, or the leader's own: None follows the area (see is_shared).
    shared: bool | None = None

    @property
    def is_shared(self) -> bool:
        """May it be shown on a screen the team sees? A team's target condition is shared
        unless the leader made it private; every other area's is private unless shared."""
        return self.shared if self.shared is not None else self.area == "team"

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
        unknown = set(fields) - {"outcome", "operating_pattern", "current_condition", "notes"}
        if unknown:
            raise RuleError("{field} cannot be set on a new target condition", field=", ".join(sorted(unknown)))
        fields = {name: _text(value, name) for name, value in fields.items()}
        return cls(
            id=new_id("tc"),
            challenge_id=challenge_id,
            title=_required(title, "The target condition"),
            achieve_by=by,
            area=_text(area, "The area", NAME_MAX) or "team",
            created_at=now,
            **fields,  # type: ignore[arg-type]
        )

    @property
    def is_active(self) -> bool:
        return self.status == "active"

    def days_left(self, today: date) -> int:
        return (self.achieve_by - today).days

    def is_overdue(self, today: date) -> bool:
        return self.is_active and today > self.achieve_by

    def close(self, status: str, reflection: str, now: datetime) -> None:
        """Close as achieved, expired or dropped, with the week's reflection (required: the
        learning of a target condition must not be skipped silently)."""
        if status not in TC_CLOSING:
            raise RuleError("A target condition closes as achieved, expired or dropped, not {status}", status=status)
        if not self.is_active:
            raise RuleError("Target condition {id} is already {status}", id=self.id, status=self.status)
        self.reflection = _required(reflection, "The reflection")
        self.status = status
        self.closed_at = now

    def closing_status(self, today: date) -> str:
        """How it closes by default: achieved while its date holds, expired after."""
        return "expired" if self.achieve_by < today else "achieved"


def activate(new: TargetCondition, siblings: list[TargetCondition], reflection: str | None, now: datetime,
             close_as: str | None = None) -> TargetCondition | None:
    """Make `new` the one active target condition of its challenge.

    The previous active one is closed with its reflection, which is required: the learning of a
    week must not be skipped silently. Returns the one that was closed, if any.
    """
    if new.status != "active" and new.closed_at is not None:
        raise RuleError("Target condition {id} is already {status}", id=new.id, status=new.status)
    previous = previous_active(new, siblings)
    if previous is not None:
        if not (reflection or "").strip():
            raise RuleError(
                "Target condition {id} is still active: give a reflection to close it first",
                id=previous.id,
            )
        previous.close(close_as or previous.closing_status(now.date()), reflection or "", now)
    new.status = "active"
    return previous


def previous_active(new: TargetCondition, siblings: Iterable[TargetCondition]) -> TargetCondition | None:
    """The target condition `new` would replace: the active one of the same challenge."""
    return next((tc for tc in siblings if tc.is_active and tc.id != new.id and tc.challenge_id == new.challenge_id), None)


def newest_first(tcs: Iterable[TargetCondition]) -> list[TargetCondition]:
    """Target conditions as the log lists them: the most recent week first."""
    return sorted(tcs, key=lambda tc: (tc.created_at or datetime.combine(tc.achieve_by, time.min), tc.id), reverse=True)


@dataclass
class Obstacle:
    id: str
    target_condition_id: str
    text: str = field(metadata=rule(limit=TEXT_MAX))
    status: str = field(default="parked", metadata=rule(one_of=OBSTACLE_STATUSES))
    created_at: datetime | None = None

    @classmethod
    def create(cls, target_condition_id: str, text: str, now: datetime) -> Obstacle:
        return cls(id=new_id("ob"), target_condition_id=target_condition_id, text=_required(text, "The obstacle"), created_at=now)

    def set_status(self, status: str) -> None:
        if status not in OBSTACLE_STATUSES:
            raise RuleError("Unknown obstacle status {status}", status=status)
        if status == "working":
            # Only focus() may put an obstacle in focus: it parks the one that was there.
            raise RuleError("Work on an obstacle by putting it in focus: one at a time")
        self.status = status

    @property
    def in_focus(self) -> bool:
        return self.status == "working"

    @property
    def is_open(self) -> bool:
        return self.status in ("parked", "working")


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
    field: str = dataclass_field(metadata=rule(one_of=AMENDABLE_FIELDS + OUTCOME_FIELDS))
    text: str = dataclass_field(metadata=rule(limit=TEXT_MAX))
    reason: str = dataclass_field(metadata=rule(limit=TEXT_MAX))


@dataclass
class Experiment:
    id: str
    target_condition_id: str | None
    step: str = field(metadata=rule(limit=TEXT_MAX))
    expectation: str = field(metadata=rule(limit=TEXT_MAX))  # always the original, as written before
    go_and_see_on: date
    owner: str = field(default="", metadata=rule(limit=NAME_MAX))
    obstacle_id: str | None = None
    status: str = field(default="planned", metadata=rule(one_of=EXPERIMENT_STATUSES))
    locked_at: datetime | None = None
    amendments: list[Amendment] = field(default_factory=list)
    happened: str = field(default="", metadata=rule(limit=TEXT_MAX))
    learned: str = field(default="", metadata=rule(limit=TEXT_MAX))
    # "yes" / "partly" / "no", answered with the outcome; "" if not answered
    as_expected: str = field(default="", metadata=rule(one_of=("", *AS_EXPECTED)))
    abandon_reason: str = field(default="", metadata=rule(limit=TEXT_MAX))
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    retro_id: str | None = None
    item_ids: list[str] = field(default_factory=list)
    team: str | None = field(default=None, metadata=rule(limit=NAME_MAX))

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
        expectation = _text(expectation, "What we expect")
        if not expectation:
            raise RuleError("An experiment needs an expectation, written before it runs")
        if go_and_see_on < now.date():
            raise RuleError("The go-and-see day {day} is in the past", day=go_and_see_on.isoformat())
        unknown = set(fields) - {"owner", "obstacle_id", "retro_id", "item_ids", "team"}
        if unknown:
            raise RuleError("{field} cannot be set on a new experiment", field=", ".join(sorted(unknown)))
        if "owner" in fields:
            fields["owner"] = _text(fields["owner"], "The owner", NAME_MAX)  # type: ignore[arg-type]
        if fields.get("team") is not None:
            fields["team"] = _text(fields["team"], "The team", NAME_MAX)  # type: ignore[arg-type]
        if "item_ids" in fields:
            fields["item_ids"] = list(fields["item_ids"] or ())  # type: ignore[call-overload]
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

    def status_on(self, today: date) -> str:
        """The status as it stands today: a planned experiment whose day has come is running,
        whether or not anyone has saved it since."""
        if self.status == "planned" and today >= self.go_and_see_on:
            return "running"
        return self.status

    def lock_if_due(self, now: datetime) -> bool:
        """Its go-and-see day has come: the experiment is running and its expectation locked.

        The lock dates from the start of that day, not from whenever someone noticed: the same
        record whichever process (or command) writes it down first.
        """
        if self.status == "planned" and now.date() >= self.go_and_see_on:
            since = min(now, datetime.combine(self.go_and_see_on, time.min))
            self.status = "running"
            self.locked_at = self.locked_at or since
            self.started_at = self.started_at or since
            return True
        return False

    def start(self, now: datetime) -> None:
        """Start it now (or accept that its day has already started it): the expectation locks."""
        if self.status != "planned":
            raise RuleError("Experiment {id} is already {status}", id=self.id, status=self.status)
        due = now.date() >= self.go_and_see_on
        self.status = "running"
        # On or after its day the expectation has been locked since that day began.
        self.locked_at = min(now, datetime.combine(self.go_and_see_on, time.min)) if due else now
        self.started_at = now

    def revise(self, now: datetime, **changes: object) -> None:
        """Change the plan while it is still only a plan (before the lock)."""
        if self.is_locked(now.date()):
            raise RuleError("Experiment {id} has started: its expectation is locked; amend it with a reason", id=self.id)
        clean: dict[str, object] = {}
        for name, value in changes.items():
            if name not in REVISABLE_FIELDS:
                raise RuleError("{field} cannot be changed", field=name)
            if name in ("obstacle_id", "target_condition_id"):
                value = value or None
            elif name == "step":
                value = _required(str(value), "What will be done")
            elif name == "expectation":
                value = _text(value, "What we expect")  # type: ignore[arg-type]
                if not value:
                    raise RuleError("An experiment needs an expectation, written before it runs")
            elif name == "owner":
                value = _text(value, "The owner", NAME_MAX)  # type: ignore[arg-type]
            elif name == "go_and_see_on":
                value = _day(value)
                if value < now.date():
                    raise RuleError("The go-and-see day {day} is in the past", day=value.isoformat())
            clean[name] = value
        for name, value in clean.items():  # all or nothing
            setattr(self, name, value)

    def check_deletable(self, today: date) -> None:
        """A plan may be deleted while it is only a plan; once it has started, its record stays."""
        if self.is_locked(today):
            raise RuleError("Experiment {id} has started: its record stays; amend or abandon it in the kata log",
                            id=self.id)

    def amendable_fields(self) -> tuple[str, ...]:
        """What an amendment may change: the plan while it runs, what was recorded once done."""
        return OUTCOME_FIELDS if self.status == "done" else AMENDABLE_FIELDS

    def check_amendable(self, now: datetime, next_retro_at: datetime | None = None) -> None:
        """Refuse unless an amendment may be made now. `next_retro_at`: when the team's next
        retro started, if one has since the outcome was recorded (see `next_retro_start`)."""
        if not self.is_locked(now.date()):
            raise RuleError("Experiment {id} has not started: change it directly, no amendment needed", id=self.id)
        if self.status == "abandoned":
            raise RuleError("Experiment {id} is {status}: its record is closed", id=self.id, status=self.status)
        if self.status == "done" and next_retro_at is not None and now >= next_retro_at:
            raise RuleError("Experiment {id}: the team's next retro started {day}; what was recorded stays as it is",
                            id=self.id, day=next_retro_at.date().isoformat())

    def amend(self, field_name: str, text: str, reason: str, now: datetime, *,
              next_retro_at: datetime | None = None) -> Amendment:
        """After the lock a change is appended, dated and with its reason; the original stays.
        Once done, only the outcome may be corrected, until the team's next retro starts."""
        if field_name not in AMENDABLE_FIELDS + OUTCOME_FIELDS:
            raise RuleError("{field} cannot be amended", field=field_name)
        self.check_amendable(now, next_retro_at)
        if field_name not in self.amendable_fields():
            if self.status == "done":
                raise RuleError("Experiment {id} is {status}: its record is closed", id=self.id, status=self.status)
            raise RuleError("{field} cannot be amended", field=field_name)
        text = _required(text, "The amendment", NAME_MAX if field_name == "owner" else TEXT_MAX)
        if field_name == "go_and_see_on":
            text = _day(text).isoformat()
        elif field_name == "as_expected":
            text = text.lower()
            if text not in AS_EXPECTED:
                raise RuleError("As expected? Answer yes, partly or no, not {answer}", answer=text)
        if text == self.current(field_name):
            raise RuleError("The amendment changes nothing: {field} already says that", field=field_name)
        reason = _required(reason, "The reason")
        self.lock_if_due(now)
        amendment = Amendment(at=now, field=field_name, text=text, reason=reason)
        self.amendments.append(amendment)
        return amendment

    def current(self, field_name: str) -> str:
        """The field as it stands after its amendments (the original stays in the record)."""
        for a in reversed(self.amendments):
            if a.field == field_name:
                return a.text
        value = getattr(self, field_name)
        return value.isoformat() if isinstance(value, date) else str(value)

    @property
    def go_and_see_day(self) -> date:
        """The go-and-see day as it stands, after amendments: when it comes up for review."""
        try:
            return date.fromisoformat(self.current("go_and_see_on"))
        except ValueError:  # an amendment is checked when made; an odd store still loads
            return self.go_and_see_on

    def amendments_of(self, field_name: str) -> list[Amendment]:
        return [a for a in self.amendments if a.field == field_name]

    @property
    def is_amended(self) -> bool:
        return bool(self.amendments)

    # -- afterwards -------------------------------------------------------------------------

    def complete(self, happened: str, learned: str, now: datetime, as_expected: str = "") -> None:
        """Record what actually happened and what was learned: only after it has started."""
        if self.status in ("done", "abandoned"):
            raise RuleError("Experiment {id} is already {status}", id=self.id, status=self.status)
        if not self.is_locked(now.date()):
            raise RuleError("Experiment {id} has not started: outcome and learning come after", id=self.id)
        happened = _required(happened, "What happened")
        learned = _required(learned, "What was learned")
        as_expected = (as_expected or "").strip().lower()
        if as_expected and as_expected not in AS_EXPECTED:
            raise RuleError("As expected? Answer yes, partly or no, not {answer}", answer=as_expected)
        self.lock_if_due(now)
        if self.status == "planned":
            self.start(now)
        self.happened, self.learned, self.as_expected = happened, learned, as_expected
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
        """Did the outcome match the expectation? The learner's own answer, given with the
        outcome: True for "yes", False for "partly" or "no", None when not done or not answered.

        We no longer guess from the wording of what happened: a word list counted "men" (but)
        as a surprise and missed most real ones, and a picture built on a guess would put a
        false memory beside the honest record this log exists to keep.
        """
        answer = self.current("as_expected")
        if self.status != "done" or not answer:
            return None
        return answer == "yes"

    def expectation_score(self) -> float | None:
        """1 for as expected, ½ for partly, 0 for not; None when not answered."""
        return expectation_score(self.status, self.current("as_expected"))


def expectation_score(status: str, as_expected: str) -> float | None:
    if status != "done":
        return None
    return {"yes": 1.0, "partly": 0.5, "no": 0.0}.get(as_expected)


def lock_due(experiments: Iterable[Experiment], now: datetime) -> list[Experiment]:
    """Lock every planned experiment whose go-and-see day has come; returns those that changed
    (the caller saves them)."""
    return [e for e in experiments if e.lock_if_due(now)]


def _day(value: object) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise RuleError("{value} is not a date; use YYYY-MM-DD", value=str(value)) from None


@dataclass
class CoachingCycle:
    """One pass through the coaching kata's five questions, recorded against the log."""

    id: str
    at: datetime
    target_condition_id: str | None
    target: str = field(default="", metadata=rule(limit=TEXT_MAX))
    actual_now: str = field(default="", metadata=rule(limit=TEXT_MAX))
    last_step: str = field(default="", metadata=rule(limit=TEXT_MAX))
    expected: str = field(default="", metadata=rule(limit=TEXT_MAX))
    happened: str = field(default="", metadata=rule(limit=TEXT_MAX))
    learned: str = field(default="", metadata=rule(limit=TEXT_MAX))
    obstacles: str = field(default="", metadata=rule(limit=TEXT_MAX))
    obstacle_id: str | None = None
    next_step: str = field(default="", metadata=rule(limit=TEXT_MAX))
    next_expectation: str = field(default="", metadata=rule(limit=TEXT_MAX))
    go_and_see_on: date | None = None
    experiment_id: str | None = None

    @classmethod
    def record(cls, now: datetime, target_condition_id: str | None, *, next_step: Experiment | None = None,
               **answers: str) -> CoachingCycle:
        """The answers of one session; the next step, if planned, is the experiment it became."""
        known = {"target", "actual_now", "last_step", "expected", "happened", "learned", "obstacles"}
        unknown = set(answers) - known - {"obstacle_id"}
        if unknown:
            raise RuleError("{field} is not a coaching question", field=", ".join(sorted(unknown)))
        given = {k: _text(v, "The answer") for k, v in answers.items() if k in known}
        # The last step and its expectation are copied from the log; an answer is the learner's.
        said = {k: v for k, v in given.items() if k not in ("last_step", "expected")}
        if not any(said.values()) and next_step is None:
            raise RuleError("A coaching cycle needs at least one answer")
        cycle = cls(id=new_id("cc"), at=now, target_condition_id=target_condition_id,
                    obstacle_id=answers.get("obstacle_id") or None, **given)
        if next_step is not None:
            cycle.next_step = next_step.step
            cycle.next_expectation = next_step.expectation
            cycle.go_and_see_on = next_step.go_and_see_on
            cycle.experiment_id = next_step.id
        return cycle


def plan_changes(plan: Experiment) -> dict[str, object]:
    """The fields a plan may still change (`Experiment.revise`), as a form returned them."""
    return {name: getattr(plan, name) for name in REVISABLE_FIELDS}


def due_for_review(experiments: list[Experiment], team: str, today: date) -> list[Experiment]:
    """A team's experiments whose go-and-see day (as amended) has come and that still wait for
    what happened and what was learned, oldest first. One left open at an earlier retro comes
    back again: the loop stays open until it is closed."""
    due = [e for e in experiments if e.team == team and e.is_open and e.go_and_see_day <= today]
    return sorted(due, key=lambda e: (e.go_and_see_day, e.created_at or datetime.min))


def next_retro_start(experiment: Experiment, retros: Iterable[tuple[str, datetime]]) -> datetime | None:
    """When the experiment's team started its next retro after the outcome was recorded, given
    every retro as (team, started_at); None while none has. From then on the record stays."""
    if experiment.status != "done" or experiment.team is None or experiment.finished_at is None:
        return None
    later = [started for team, started in retros if team == experiment.team and started > experiment.finished_at]
    return min(later, default=None)
