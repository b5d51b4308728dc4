"""A picture of the kata log: experiments per week, and how often the outcome matched the
expectation. Pure arithmetic over small tuples, so the screen can draw it from a five-year log
without building 3,000 objects."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from retro.domain.kata import expectation_score


@dataclass(frozen=True)
class Point:
    """What the picture needs of one experiment."""

    day: date  # its go-and-see day: the week it was run in
    status: str
    as_expected: str = ""


@dataclass(frozen=True)
class Week:
    monday: date
    experiments: int = 0
    done: int = 0
    yes: int = 0
    partly: int = 0
    no: int = 0

    @property
    def answered(self) -> int:
        return self.yes + self.partly + self.no

    @property
    def match(self) -> float | None:
        """Share of answered outcomes that matched (partly counts half); None if none answered."""
        if not self.answered:
            return None
        return (self.yes + 0.5 * self.partly) / self.answered


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(points: Iterable[Point], today: date, weeks: int) -> list[Week]:
    """The last `weeks` weeks up to and including this one, oldest first; empty weeks included,
    because a gap is part of the picture."""
    if weeks <= 0:
        return []
    last = monday_of(today)
    first = last - timedelta(weeks=weeks - 1)
    counts: dict[date, list[int]] = {first + timedelta(weeks=i): [0, 0, 0, 0, 0] for i in range(weeks)}
    for p in points:
        row = counts.get(monday_of(p.day))
        if row is None:
            continue
        row[0] += 1
        if p.status == "done":
            row[1] += 1
            score = expectation_score(p.status, p.as_expected)
            if score is not None:
                row[{1.0: 2, 0.5: 3, 0.0: 4}[score]] += 1
    return [Week(monday, *row) for monday, row in counts.items()]


@dataclass(frozen=True)
class Summary:
    experiments: int
    done: int
    yes: int
    partly: int
    no: int

    @property
    def answered(self) -> int:
        return self.yes + self.partly + self.no

    @property
    def match(self) -> float | None:
        return (self.yes + 0.5 * self.partly) / self.answered if self.answered else None


def summarise(weeks: Iterable[Week]) -> Summary:
    weeks = list(weeks)
    return Summary(
        experiments=sum(w.experiments for w in weeks),
        done=sum(w.done for w in weeks),
        yes=sum(w.yes for w in weeks),
        partly=sum(w.partly for w in weeks),
        no=sum(w.no for w in weeks),
    )
