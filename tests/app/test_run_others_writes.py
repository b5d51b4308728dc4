"""Other processes write to a running retro (a participant joining from their own terminal:
their name, their dots, their ROTI, edits to their own items): the facilitator's run screen
saves its changes without erasing any of that, and shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from retro.domain.clock import FixedClock
from retro.domain.retro import Participant, Retro
from retro.store import Repository
from retro.tui.app import RetroApp
from tests.app.run_support import new_retro, options_of, run_screen, running, stored, type_text, until, until_saved

ITEMS = [("worked", "pairing on bugs", "Anna"), ("hard", "flaky tests", "Eva"), ("curious", "mob once", "Eva")]
ALL = ["worked", "hard", "curious"]


def eva_joins_votes_and_edits(retro: Retro) -> None:
    """What Eva does from her own terminal, on a fresh read under the store's lock."""
    retro.add_participant(Participant("Eva", remote=True))
    retro.cast_vote("Eva", retro.items[1].id, 3)
    retro.cast_vote("Eva", retro.items[0].id, 3)
    retro.set_roti("Eva", 4)
    retro.edit_item(retro.items[1].id, "flaky tests, every day")
    retro.delete_item(retro.items[2].id)


def assert_eva_s_writes_kept(saved: Retro, retro: Retro) -> None:
    assert [(p.name, p.remote) for p in saved.participants][-1] == ("Eva", True)
    assert saved.votes["Eva"] == [retro.items[1].id, retro.items[0].id]
    assert saved.roti == {"Eva": 4}
    assert [it.text for it in saved.items][:2] == ["pairing on bugs", "flaky tests, every day"]
    assert retro.items[2].id not in {it.id for it in saved.items}


@pytest.fixture
def unpolled(app: RetroApp, monkeypatch: pytest.MonkeyPatch) -> RetroApp:
    """The app's half-second look at the store does not come between the other writer and the
    facilitator's save (it may not, on any machine): the save itself meets the others' writes."""
    monkeypatch.setattr(app, "_poll_store", lambda: None)
    return app


async def test_in_the_vote_phase_a_joiner_s_writes_survive_the_facilitator_s_votes(
        unpolled: RetroApp, store_path: Path, clock: FixedClock) -> None:
    app = unpolled
    retro = new_retro(app, phase="vote", items=ITEMS, revealed=ALL)
    async with running(app, retro.id) as pilot:
        Repository.open(store_path, clock).update(Retro, retro.id, eva_joins_votes_and_edits)  # another process
        await pilot.press("space")  # Bo (remote, first) votes on the first item
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert_eva_s_writes_kept(saved, retro)
        assert saved.votes["Bo"] == [retro.items[0].id]
        await until(pilot, lambda: any("Eva" in o for o in options_of(pilot, "#vote-voters")),
                    "Eva's joining is not shown")
        await pilot.press("space")  # and once more: the next save keeps all of it too
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert_eva_s_writes_kept(saved, retro)
        assert saved.votes["Bo"] == [retro.items[0].id] * 2
        assert run_screen(pilot).session.retro == saved


async def test_in_the_gather_phase_a_joiner_s_writes_survive_the_facilitator_s_typing(
        unpolled: RetroApp, store_path: Path, clock: FixedClock) -> None:
    app = unpolled
    retro = new_retro(app, phase="gather", items=ITEMS, revealed=ALL)
    async with running(app, retro.id) as pilot:
        Repository.open(store_path, clock).update(Retro, retro.id, eva_joins_votes_and_edits)  # another process
        await type_text(pilot, "mine")
        await pilot.press("enter")
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert_eva_s_writes_kept(saved, retro)
        assert [it.text for it in saved.items] == ["pairing on bugs", "flaky tests, every day", "mine"]
        await until(pilot, lambda: options_of(pilot, "#items-1") == ["flaky tests, every day  — Eva"],
                    "Eva's edit is not shown")
        assert options_of(pilot, "#items-2") == []  # her deletion too
        await type_text(pilot, "more")
        await pilot.press("enter")
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert_eva_s_writes_kept(saved, retro)
        assert [it.text for it in saved.items] == ["pairing on bugs", "flaky tests, every day", "mine", "more"]
