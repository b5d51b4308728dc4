"""jrnl's plain-text import format: `[YYYY-MM-DD HH:MM] Title`, then the body.

One dated entry per event, written as it was at that moment: an experiment planned (step and
expectation, dated when they were written), each amendment, its result, a target condition set
and closed, a coaching cycle, a closed retro (each theme, its discussion notes and its items, then
the items in no theme, each with its own notes). An entry never depends on what happened later, so
exporting again and importing again adds nothing (jrnl drops an entry equal to one it has), and
in the journal the expectation visibly predates the outcome.

User text could break the format: jrnl starts a new entry at any line beginning with
`[date] `, and stars an entry whose title ends in `*`. So every piece of user text is written
as an indented block under a label of ours (no body line of user text can start with `[`), and
titles are cut to their first line without a trailing `*`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time

from retro.domain.kata import CoachingCycle, Experiment, TargetCondition
from retro.domain.retro import Item, Retro
from retro.export.common import (
    ExportData,
    as_expected_label,
    coaching_answers,
    field_label,
    minute,
    normalise_newlines,
    slug,
    summary,
)
from retro.i18n import n, t

INDENT = "  "


@dataclass
class Entry:
    at: datetime
    title: str
    lines: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def block(self, label: str, text: str) -> None:
        """User text, indented under a label: it can never begin a line of the journal."""
        text = normalise_newlines(text)
        if not text.strip():
            return
        self.lines.append(label + ":")
        self.lines.append(INDENT + text.replace("\n", "\n" + INDENT))

    def field(self, label: str, text: str) -> None:
        """A short value on the label's own line, or a block when it spans lines."""
        text = normalise_newlines(text)
        if not text.strip():
            return
        if "\n" in text or text.endswith(":"):  # a line ending in ":" reads as a block's label
            self.block(label, text)
        else:
            self.lines.append(f"{label}: {text}")

    def render(self) -> str:
        title = _safe_title(self.title)
        tags = " ".join(dict.fromkeys(self.tags))
        body = [*self.lines, tags] if tags else self.lines
        return f"[{minute(self.at)}] {title}\n" + "\n".join(body) + "\n"


_TRAILING_STARS = re.compile(r"[\s*]+$")


def _safe_title(title: str) -> str:
    # jrnl reads a title ending in `*` as "starred" and drops the star: keep it a title.
    return _TRAILING_STARS.sub("", title.strip()) or "…"


def _summary(text: str) -> str:
    """A title's part from user text: its first line, without the `*` jrnl would take as a star."""
    return _TRAILING_STARS.sub("", summary(text)) or "…"


def _one_line(text: str) -> str:
    return " ".join(normalise_newlines(text).split("\n")).strip()


def tc_tag(tc: TargetCondition | None) -> str | None:
    """The target condition as a jrnl tag: `@` and its title as a slug (Swedish letters kept)."""
    if tc is None:
        return None
    return "@" + slug(tc.title, fallback=tc.id)


def _when(dt: datetime | None, fallback: datetime) -> datetime:
    return dt if dt is not None else fallback


# -- entries ---------------------------------------------------------------------------------

def _experiment_entries(ex: Experiment, data: ExportData) -> Iterator[Entry]:
    tc = data.target_condition_of(ex)
    tags = ["@experiment", *(["@retro"] if ex.retro_id else []), *([tc_tag(tc)] if tc else [])]
    planned_at = _when(ex.created_at, datetime.combine(ex.go_and_see_on, time(9, 0)))
    written = minute(planned_at)

    planned = Entry(planned_at, t("Experiment planned: {step}", step=_summary(ex.step)), tags=list(tags))
    planned.block(t("What will be done"), ex.step)
    planned.block(t("Expected (written before it ran)"), ex.expectation)
    planned.field(t("Go and see on"), ex.go_and_see_on.isoformat())
    planned.field(t("Owner"), ex.owner)
    planned.field(t("Team"), ex.team or "")
    if tc is not None:
        planned.block(t("Target condition"), tc.title)
    obstacle = data.obstacles.get(ex.obstacle_id) if ex.obstacle_id else None
    if obstacle is not None:
        planned.block(t("Obstacle"), obstacle.text)
    yield planned

    for amendment in ex.amendments:
        entry = Entry(amendment.at, t("Experiment amended: {step}", step=_summary(ex.step)),
                      tags=[*tags, "@amendment"])
        entry.block(t("Amended {field}", field=field_label(amendment.field)), amendment.text)
        entry.block(t("Reason"), amendment.reason)
        entry.block(t("As written on {day}, kept in the record", day=written), str(getattr(ex, amendment.field)))
        yield entry

    if ex.status == "done" and ex.finished_at is not None:
        done = Entry(ex.finished_at, t("Experiment done: {step}", step=_summary(ex.step)), tags=list(tags))
        done.block(t("Expected (written {day}, before it ran)", day=written), ex.expectation)
        for amendment in ex.amendments:
            if amendment.field == "expectation":
                done.block(t("Amended expectation ({day})", day=minute(amendment.at)), amendment.text)
        done.block(t("What happened"), ex.happened)
        done.field(t("As expected?"), as_expected_label(ex.as_expected))
        done.block(t("What was learned"), ex.learned)
        yield done
    elif ex.status == "abandoned" and ex.finished_at is not None:
        dropped = Entry(ex.finished_at, t("Experiment abandoned: {step}", step=_summary(ex.step)), tags=list(tags))
        dropped.block(t("Expected (written {day}, before it ran)", day=written), ex.expectation)
        dropped.block(t("Why it was abandoned"), ex.abandon_reason)
        yield dropped


def _target_condition_entries(tc: TargetCondition, data: ExportData) -> Iterator[Entry]:
    tags = ["@target-condition", tc_tag(tc) or ""]
    challenge = data.challenges.get(tc.challenge_id)
    if tc.created_at is not None:
        entry = Entry(tc.created_at, t("Target condition set: {title}", title=_summary(tc.title)), tags=tags)
        entry.block(t("Target condition"), tc.title)
        entry.field(t("Achieve by"), tc.achieve_by.isoformat())
        if challenge is not None:
            entry.block(t("Challenge"), challenge.title)
        yield entry
    if tc.closed_at is not None and tc.status != "active":
        entry = Entry(tc.closed_at, _closed_title(tc), tags=tags)
        entry.block(t("Target condition"), tc.title)
        entry.block(t("Reflection"), tc.reflection)
        yield entry


def _closed_title(tc: TargetCondition) -> str:
    title = _summary(tc.title)
    if tc.status == "achieved":
        return t("Target condition achieved: {title}", title=title)
    if tc.status == "expired":
        return t("Target condition expired: {title}", title=title)
    return t("Target condition dropped: {title}", title=title)


def _coaching_entry(cycle: CoachingCycle, data: ExportData) -> Entry:
    tc = data.target_condition_of(cycle)
    entry = Entry(cycle.at, t("Coaching: {title}", title=_summary(tc.title) if tc else t("the kata log")),
                  tags=["@coaching", *([tc_tag(tc)] if tc else [])])
    for label, text in coaching_answers(cycle):
        entry.block(label, text)
    if cycle.go_and_see_on is not None:
        entry.field(t("Go and see on"), cycle.go_and_see_on.isoformat())
    return entry


def _retro_entry(retro: Retro) -> Entry:
    entry = Entry(retro.started_at, t("Retro: {team}", team=_summary(_one_line(retro.team))), tags=["@retro"])
    entry.field(t("Team"), retro.team)
    entry.field(t("Format"), retro.format_id)
    if retro.participants:
        names = [p.name + (" " + t("(remote)") if p.remote else "") for p in retro.participants]
        entry.field(t("Participants"), _one_line(", ".join(names)))
    counts = retro.vote_counts()
    for theme in retro.themes:
        entry.block(n("Theme ({count} vote)", "Theme ({count} votes)", counts[theme.id]), theme.title)
        entry.block(t("Notes"), theme.notes)
        for item in retro.theme_items(theme.id):
            _item_blocks(entry, item, counts[item.id], retro.author_of(item))
    loose = [item for item in retro.items if item.theme_id is None]
    if loose and retro.themes:
        # A label of its own, or the loose items would read as the last theme's. Only after
        # themes: without them no item is in one (and such an entry stays as it always was).
        entry.lines.append(t("Not in a theme") + ":")
    for item in loose:
        _item_blocks(entry, item, counts[item.id], retro.author_of(item))
    if retro.roti:
        average = sum(retro.roti.values()) / len(retro.roti)
        entry.field(t("ROTI"), n("{average} of 5 ({count} answer)", "{average} of 5 ({count} answers)", len(retro.roti),
                                 average=f"{average:.1f}"))
    if retro.experiment_ids:
        entry.field(t("Experiments decided"), str(len(retro.experiment_ids)))
    return entry


def _item_blocks(entry: Entry, item: Item, votes: int, author: str) -> None:
    """An item, then its discussion notes when it was a topic of its own."""
    entry.block(_item_label(item, votes, author), item.text)
    entry.block(t("Notes"), item.notes)


def _item_label(item: Item, votes: int, author: str) -> str:
    """`author` as the retro shows it: nobody, in an anonymous retro (Retro.author_of)."""
    column = _one_line(item.column)
    author = _one_line(author)
    who = f", {author}" if author else ""
    return n("Item ({column}{who}, {count} vote)", "Item ({column}{who}, {count} votes)", votes, column=column, who=who)


def entries(data: ExportData) -> list[Entry]:
    """Every event in the scope, oldest first (ties keep the order they happened in)."""
    found: list[Entry] = []
    for tc in data.target_conditions_in_scope:
        found.extend(_target_condition_entries(tc, data))
    for ex in data.experiments:
        found.extend(_experiment_entries(ex, data))
    found.extend(_coaching_entry(c, data) for c in data.coaching)
    found.extend(_retro_entry(r) for r in data.retros if r.status == "closed")
    found = [e for e in found if data.scope.covers(e.at.date())]
    found.sort(key=lambda e: e.at)
    return found


def export_jrnl(data: ExportData) -> str:
    """The whole export as one text for `jrnl --import --file PATH` (or stdin)."""
    return "\n".join(entry.render() for entry in entries(data))
