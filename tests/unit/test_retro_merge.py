"""The three-way merge a run screen saves with: what only others changed since `base` is kept,
what only we changed is ours, and where both changed the same thing ours wins."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from retro.domain.codec import from_dict, to_dict
from retro.domain.errors import RuleError
from retro.domain.retro import Participant, Retro
from retro.domain.retro_merge import merge

NOW = datetime(2026, 11, 26, 9, 30)
BUDGET = 3


def start() -> Retro:
    retro = Retro.start("hybrid-experiments", "Blå", [Participant("Anna"), Participant("Bo", remote=True),
                                                      Participant("Cecilia")], NOW)
    retro.add_item("worked", "pairing", "Anna", NOW)
    retro.add_item("hard", "reviews", "Bo", NOW)
    retro.add_item("curious", "mob", "Cecilia", NOW)
    return retro


def copy(retro: Retro) -> Retro:
    return from_dict(Retro, to_dict(retro))


def three(base: Retro) -> tuple[Retro, Retro, Retro]:
    return base, copy(base), copy(base)


def ids(retro: Retro) -> list[str]:
    return [it.id for it in retro.items]


# -- participants --------------------------------------------------------------------------

def test_a_participant_who_joined_elsewhere_is_kept_and_ours_too() -> None:
    base, ours, theirs = three(start())
    theirs.add_participant(Participant("Eva", remote=True))
    ours.add_participant(Participant("Dan"))
    merged = merge(base, ours, theirs)
    assert [(p.name, p.remote) for p in merged.participants] == [
        ("Anna", False), ("Bo", True), ("Cecilia", False), ("Dan", False), ("Eva", True)]


def test_a_participant_s_remote_flag_theirs_kept_ours_kept_conflict_ours() -> None:
    base, ours, theirs = three(start())
    theirs.participants[0].remote = True  # Anna, changed elsewhere
    ours.participants[1].remote = False  # Bo, changed here
    assert [p.remote for p in merge(base, ours, theirs).participants] == [True, False, False]
    base, ours, theirs = three(start())
    theirs.participants[2].remote = True
    ours.participants[2].remote = True
    assert merge(base, ours, theirs).participants[2].remote is True


def test_the_same_name_joining_on_both_sides_is_one_participant_ours() -> None:
    base, ours, theirs = three(start())
    ours.add_participant(Participant("Eva"))
    theirs.add_participant(Participant("Eva", remote=True))
    merged = merge(base, ours, theirs)
    assert [(p.name, p.remote) for p in merged.participants][-1] == ("Eva", False)
    assert len(merged.participants) == 4


# -- votes ---------------------------------------------------------------------------------

def test_votes_of_two_people_from_two_sides_are_both_kept() -> None:
    base, ours, theirs = three(start())
    a, b, c = ids(base)
    ours.cast_vote("Anna", a, BUDGET)
    ours.cast_vote("Anna", b, BUDGET)
    theirs.cast_vote("Bo", c, BUDGET)
    assert merge(base, ours, theirs).votes == {"Anna": [a, b], "Bo": [c]}


def test_votes_theirs_kept_where_ours_is_as_it_was_and_a_conflict_is_ours() -> None:
    start_ = start()
    a, b, c = ids(start_)
    start_.cast_vote("Bo", a, BUDGET)
    start_.cast_vote("Anna", a, BUDGET)
    base, ours, theirs = three(start_)
    theirs.retract_vote("Bo", a)  # Bo moves his dot, elsewhere
    theirs.cast_vote("Bo", b, BUDGET)
    theirs.cast_vote("Anna", c, BUDGET)  # Anna votes on both sides: ours wins
    ours.cast_vote("Anna", b, BUDGET)
    assert merge(base, ours, theirs).votes == {"Bo": [b], "Anna": [a, b]}


def test_dots_on_an_item_deleted_on_the_other_side_go_with_it() -> None:
    base, ours, theirs = three(start())
    a, b, c = ids(base)
    ours.cast_vote("Anna", b, BUDGET)  # Anna votes on Bo's item while Bo deletes it
    ours.cast_vote("Anna", c, BUDGET)
    theirs.delete_item(b)
    merged = merge(base, ours, theirs)
    assert ids(merged) == [a, c]
    assert merged.votes == {"Anna": [c]}


def test_our_deleting_an_item_does_not_overrule_others_votes() -> None:
    start_ = start()
    a, b, c = ids(start_)
    start_.cast_vote("Bo", a, BUDGET)
    base, ours, theirs = three(start_)
    ours.delete_item(a)  # the facilitator deletes: Bo's dot on it goes, that is no vote of ours
    theirs.cast_vote("Bo", c, BUDGET)
    merged = merge(base, ours, theirs)
    assert ids(merged) == [b, c]
    assert merged.votes == {"Bo": [c]}


# -- ROTI ----------------------------------------------------------------------------------

def test_roti_of_two_people_from_two_sides_and_a_conflict_is_ours() -> None:
    base, ours, theirs = three(start())
    ours.set_roti("Anna", 4)
    theirs.set_roti("Bo", 2)
    theirs.set_roti("Cecilia", 5)
    ours.set_roti("Cecilia", 3)
    assert merge(base, ours, theirs).roti == {"Anna": 4, "Cecilia": 3, "Bo": 2}


def test_roti_changed_elsewhere_is_kept_where_ours_is_as_it_was() -> None:
    start_ = start()
    start_.set_roti("Bo", 1)
    base, ours, theirs = three(start_)
    theirs.set_roti("Bo", 5)
    assert merge(base, ours, theirs).roti == {"Bo": 5}


# -- items ---------------------------------------------------------------------------------

def test_an_item_edited_elsewhere_is_kept_and_one_edited_here_too() -> None:
    base, ours, theirs = three(start())
    a, b, c = ids(base)
    theirs.edit_item(b, "reviews wait days")
    ours.edit_item(a, "pairing, daily")
    assert [it.text for it in merge(base, ours, theirs).items] == ["pairing, daily", "reviews wait days", "mob"]


def test_an_item_edited_on_both_sides_is_ours() -> None:
    base, ours, theirs = three(start())
    b = ids(base)[1]
    theirs.edit_item(b, "theirs")
    ours.edit_item(b, "ours")
    assert merge(base, ours, theirs).item(b).text == "ours"


def test_fields_of_one_item_merge_one_by_one() -> None:
    base, ours, theirs = three(start())
    b = ids(base)[1]
    theme = ours.create_theme("Flow")
    ours.move_item(b, theme.id)  # the facilitator groups it while its author rewords it
    theirs.edit_item(b, "reviews wait days")
    item = merge(base, ours, theirs).item(b)
    assert (item.text, item.theme_id) == ("reviews wait days", theme.id)


def test_an_item_deleted_elsewhere_goes_unless_we_changed_it() -> None:
    base, ours, theirs = three(start())
    a, b, c = ids(base)
    theirs.delete_item(b)
    theirs.delete_item(c)
    ours.edit_item(c, "mob, weekly")  # ours wins a conflict: kept, as edited
    assert [it.text for it in merge(base, ours, theirs).items] == ["pairing", "mob, weekly"]


def test_an_item_we_deleted_stays_deleted_even_if_edited_elsewhere() -> None:
    base, ours, theirs = three(start())
    a, b, c = ids(base)
    ours.delete_item(a)
    theirs.edit_item(a, "pairing!")
    assert ids(merge(base, ours, theirs)) == [b, c]


def test_new_items_from_both_sides_ours_first_then_theirs() -> None:
    base, ours, theirs = three(start())
    mine = ours.add_item("worked", "mine", "Anna", NOW)
    other = theirs.add_item("hard", "other", "Bo", NOW)
    assert ids(merge(base, ours, theirs)) == [*ids(base), mine.id, other.id]


def test_an_item_in_a_theme_we_deleted_is_left_in_no_theme() -> None:
    start_ = start()
    theme = start_.create_theme("Flow")
    base, ours, theirs = three(start_)
    ours.delete_theme(theme.id)
    new = theirs.add_item("worked", "late", "Bo", NOW)
    theirs.item(new.id).theme_id = theme.id  # not possible from a joiner today; kept consistent anyway
    merged = merge(base, ours, theirs)
    assert merged.themes == [] and merged.item(new.id).theme_id is None


# -- what only the facilitator writes -------------------------------------------------------

def test_the_facilitator_s_own_fields_stay_ours() -> None:
    base, ours, theirs = three(start())
    ours.phase_index = 3
    ours.reveal(["worked"])
    ours.check_in("Bo")
    ours.start_timer("phase-3", 5, NOW)
    theme = ours.create_theme("Flow")
    theirs.add_participant(Participant("Eva"))
    merged = merge(base, ours, theirs)
    assert (merged.phase_index, merged.revealed, merged.checked_in, [t.id for t in merged.themes]) == (
        3, ["worked"], ["Bo"], [theme.id])
    assert merged.timers == ours.timers


def test_nothing_changed_anywhere_is_the_same_retro() -> None:
    base, ours, theirs = three(start())
    assert merge(base, ours, theirs) == base


def test_the_result_shares_nothing_that_can_change_with_its_inputs() -> None:
    start_ = start()
    start_.cast_vote("Anna", ids(start_)[0], BUDGET)
    start_.start_timer("phase-0", 5, NOW)
    base, ours, theirs = three(start_)
    theirs.set_roti("Bo", 3)
    merged = merge(base, ours, theirs)
    before = copy(merged)
    ours.items[0].text = "changed"
    ours.participants[0].remote = True
    ours.votes["Anna"].append("x")
    ours.timers["phase-0"].seconds = 1
    theirs.items[1].text = "changed"
    theirs.roti["Bo"] = 1
    assert merged == before


# -- a property: people on two sides, each one's latest writes kept ------------------------

OURS_PEOPLE = ["Anna", "Cecilia", "Dan"]  # Dan joins here
THEIRS_PEOPLE = ["Bo", "Eva", "Filip"]  # Eva and Filip join elsewhere

op = st.tuples(st.sampled_from(["join", "vote", "unvote", "roti", "add", "edit", "delete"]),
               st.integers(0, 2), st.integers(0, 50), st.integers(1, 5))


def act(retro: Retro, people: list[str], ops: list[tuple[str, int, int, int]], tag: str) -> None:
    """Each op by one of `people`, as a participant would do it; refused ones are skipped."""
    for n, (kind, who, pick, score) in enumerate(ops):
        name = people[who]
        own = [it for it in retro.items if it.author == name]
        targets = [t.id for t in retro.vote_targets()]
        try:
            if kind == "join":
                retro.add_participant(Participant(name, remote=bool(pick % 2)))
            elif kind == "vote" and targets:
                retro.cast_vote(name, targets[pick % len(targets)], BUDGET)
            elif kind == "unvote" and retro.votes.get(name):
                retro.retract_vote(name, retro.votes[name][pick % len(retro.votes[name])])
            elif kind == "roti":
                retro.set_roti(name, score)
            elif kind == "add":
                retro.add_item(["worked", "hard", "curious"][pick % 3], f"{tag}{n} by {name}", name, NOW)
            elif kind == "edit" and own:
                retro.edit_item(own[pick % len(own)].id, f"{tag}{n} edited by {name}")
            elif kind == "delete" and own:
                retro.delete_item(own[pick % len(own)].id)
        except RuleError:
            pass


def belongings(retro: Retro, name: str, alive: set[str]) -> tuple:
    """Everything of one person's: whether and how they take part, their dots (those still on
    something), their ROTI, their items."""
    person = next(((p.name, p.remote) for p in retro.participants if p.name == name), None)
    dots = [t for t in retro.votes.get(name, []) if t in alive]
    items = sorted((it.id, it.column, it.text) for it in retro.items if it.author == name)
    return person, dots, retro.roti.get(name), items


@settings(max_examples=100, deadline=None)
@given(before=st.lists(op, max_size=12), here=st.lists(op, max_size=12), there=st.lists(op, max_size=12))
def test_every_person_s_latest_writes_from_both_sides_are_kept(before, here, there) -> None:
    start_ = Retro.start("hybrid-experiments", "Blå", [Participant(n) for n in ("Anna", "Bo", "Cecilia")], NOW)
    theme = start_.create_theme("Flow")  # something to vote on that nobody deletes
    act(start_, ["Anna", "Bo", "Cecilia"], before, "b")
    base, ours, theirs = three(start_)
    act(ours, OURS_PEOPLE, here, "o")
    act(theirs, THEIRS_PEOPLE, there, "t")
    merged = merge(base, ours, theirs)
    alive = {it.id for it in merged.items} | {theme.id}
    for name in OURS_PEOPLE:
        assert belongings(merged, name, alive) == belongings(ours, name, alive)
    for name in THEIRS_PEOPLE:
        assert belongings(merged, name, alive) == belongings(theirs, name, alive)
    assert all(t in alive for dots in merged.votes.values() for t in dots)  # no dot on a deleted item
    assert from_dict(Retro, to_dict(merged)) == merged  # it saves as it is
