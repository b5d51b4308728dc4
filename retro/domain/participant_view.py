"""What one participant may see of a running retro, and which of it is theirs.

A participant's own device shows the board as the facilitator's shared screen does, never more:
while a silent gather column is not yet revealed, others' items in it are hidden (the same rule
the facilitator's gather view masks by); while voting runs, only the participant's own dots are
shown (counts would steer the vote). Pure: no store, no terminal.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from retro.domain.format import Phase, PhaseKind
from retro.domain.retro import Item, Participant, Retro


def find_participant(retro: Retro, name: str) -> Participant | None:
    """The participant called `name`: exactly as typed, else the one name that matches it
    ignoring case (a phone capitalises the first letter)."""
    name = name.strip()
    for p in retro.participants:
        if p.name == name:
            return p
    folded = [p for p in retro.participants if p.name.casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else None


def masked(retro: Retro, phase: Phase, column: str) -> bool:
    """Are the items of `column` hidden in this phase? A silent gather phase hides them until
    the facilitator reveals the column (retro/tui/screens/run/phases/gather.py, `_masked`)."""
    return phase.kind == PhaseKind.GATHER and phase.silent and not retro.is_revealed(column)


def is_own(retro: Retro, item: Item, viewer: str, mine: Collection[str] = ()) -> bool:
    """Is `item` the viewer's own (theirs to see while hidden, to edit and to delete)? By its
    author; in an anonymous retro no item has one, so by `mine`: the ids of the items this
    viewer's session added, which only that session knows (after it ends, nobody can tell)."""
    if retro.anonymous:
        return item.id in mine
    return bool(viewer) and item.author == viewer


def visible_items(retro: Retro, phase: Phase, column: str, viewer: str,
                  mine: Collection[str] = ()) -> list[tuple[Item, bool]]:
    """The items of `column` as `viewer` sees them: each with whether it is hidden. Their own
    items are always shown; others' are hidden while the column is masked (their text never
    leaves this function then: the caller gets the item only to count and place it)."""
    hide = masked(retro, phase, column)
    return [(it, hide and not is_own(retro, it, viewer, mine)) for it in retro.items_in(column)]


def own_dots(retro: Retro, viewer: str) -> Counter[str]:
    """How many of `viewer`'s dots each target holds."""
    return Counter(retro.votes.get(viewer, []))


def others_dots_shown(phase: Phase) -> bool:
    """Others' dots stay hidden while voting runs; once the vote phase is over they are the
    ranking everyone sees."""
    return phase.kind != PhaseKind.VOTE
