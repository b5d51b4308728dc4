"""A three-way merge of a running retro: what one session saves when others wrote meanwhile.

The facilitator's run screen keeps its own copy of the retro and saves it now and then; other
processes (`retro item add`, and participants who join from their own terminal) write to the
same retro in the store between those saves. `merge(base, ours, theirs)` gives what to save:
`base` is the retro as this session last read or saved it, `ours` its copy now, `theirs` what
the store holds now.

Per person and per item, what only one side changed since `base` is taken from that side; when
both changed the same thing, ours wins (the facilitator's screen is the room's). What others
write is per person — a participant, their dots (`votes[name]`), their ROTI — or per item (new
items, edits, deletions). What only the facilitator writes (phase, status, reveals, themes,
check-ins, timers, experiment links …) is ours as it stands.

Pure: no store, no UI. The result shares nothing mutable with its inputs (every nested
dataclass here holds only immutable values, so a shallow `replace` is a full copy), so a caller
may keep it as the next `base` while it goes on changing another copy.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import fields, replace
from typing import TypeVar

from retro.domain.retro import Retro

T = TypeVar("T")
_ABSENT = object()


def merge(base: Retro, ours: Retro, theirs: Retro) -> Retro:
    """The retro to save: ours, with what others changed since `base` where we did not."""
    items = _merge_keyed(base.items, ours.items, theirs.items, lambda it: it.id, _merge_fields)
    people = _merge_keyed(base.participants, ours.participants, theirs.participants, lambda p: p.name,
                          _merge_fields)
    merged = replace(
        ours,
        participants=[replace(p) for p in people],
        items=[replace(it) for it in items],
        themes=[replace(th) for th in ours.themes],
        revealed=list(ours.revealed),
        checked_in=list(ours.checked_in),
        experiment_ids=list(ours.experiment_ids),
        reviewed=list(ours.reviewed),
        timers={key: replace(timer) for key, timer in ours.timers.items()},
        roti=_merge_per_person(base.roti, ours.roti, theirs.roti),
        votes=_merge_votes(base, ours, theirs),
    )
    _tidy(merged)
    return merged


def _merge_keyed(base: list[T], ours: list[T], theirs: list[T], key: Callable[[T], Hashable],
                 merge_one: Callable[[T, T, T], T]) -> list[T]:
    """Merge two edited copies of a list of things with a key (items by id, people by name).

    Ours keeps its order, theirs' new ones follow in their order. One removed by them goes unless
    we changed it; one removed by us stays removed; one both sides kept is merged field by field."""
    was = {key(x): x for x in base}
    now = {key(x): x for x in theirs}
    result: list[T] = []
    for x in ours:
        k = key(x)
        before, after = was.get(k), now.get(k)
        if before is None:
            result.append(x)  # ours is new
        elif after is None:
            if x != before:
                result.append(x)  # they removed what we changed: ours wins
        else:
            result.append(merge_one(before, x, after))
    in_ours = {key(x) for x in ours}
    result.extend(x for x in theirs if key(x) not in was and key(x) not in in_ours)  # new from them
    return result


def _merge_fields(base: T, ours: T, theirs: T) -> T:
    """Field by field: theirs where ours is as it was, else ours."""
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    changes = {f.name: getattr(theirs, f.name) for f in fields(ours)  # type: ignore[arg-type]
               if getattr(ours, f.name) == getattr(base, f.name)}
    return replace(ours, **changes)  # type: ignore[type-var]


def _merge_per_person(base: dict[str, T], ours: dict[str, T], theirs: dict[str, T]) -> dict[str, T]:
    """One value per person: theirs where ours is as it was (a key may come or go), else ours."""
    result: dict[str, T] = {}
    for name in [*ours, *(n for n in theirs if n not in ours)]:
        mine = ours.get(name, _ABSENT)
        value = theirs.get(name, _ABSENT) if mine == base.get(name, _ABSENT) else mine
        if value is not _ABSENT:
            result[name] = value  # type: ignore[assignment]
    return result


def _targets(retro: Retro) -> set[str]:
    return {it.id for it in retro.items} | {th.id for th in retro.themes}


def _merge_votes(base: Retro, ours: Retro, theirs: Retro) -> dict[str, list[str]]:
    """Each person's dots, as `_merge_per_person`. Deleting an item or a theme takes everyone's
    dots off it: that is nobody's vote, so our dots count as changed only when they differ from
    the base's less the dots our own deletions took away. No dots and no entry are the same."""
    alive = _targets(ours)
    before = {name: [t for t in dots if t in alive] for name, dots in base.votes.items()}
    result: dict[str, list[str]] = {}
    for name in [*ours.votes, *(n for n in theirs.votes if n not in ours.votes)]:
        mine = ours.votes.get(name, [])
        side = ours.votes if mine != before.get(name, []) else theirs.votes
        if name in side:
            result[name] = list(side[name])
    return result


def _tidy(retro: Retro) -> None:
    """What one side deleted is not pointed at by what the other side kept: no dot on a deleted
    item or theme, no item in a deleted theme."""
    alive = _targets(retro)
    for name, dots in retro.votes.items():
        dots[:] = [t for t in dots if t in alive]
    themes = {th.id for th in retro.themes}
    for it in retro.items:
        if it.theme_id is not None and it.theme_id not in themes:
            it.theme_id = None

