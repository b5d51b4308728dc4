"""The run screen saves each change after its frame, on a thread of its own: a disk that is slow
now and then (an fsync waits 100+ ms at times) never holds the board, and nothing is lost.

Every app test saves this way, as the user's app does; these hold, fail and time the saves."""

from __future__ import annotations

import threading

from textual.pilot import Pilot

from retro.tui.app import RetroApp
from retro.domain.retro import Retro
from retro.store import Repository, StoreError
from tests.app.run_support import new_retro, options_of, run_screen, running, stored, type_text, until
from tests.conftest import HeldSaves


def board(app: RetroApp) -> Retro:
    return new_retro(app, phase="gather", revealed=["worked", "hard", "curious"])


async def add_two_while_the_first_is_saving(pilot: Pilot, held: HeldSaves) -> None:
    """"one" is added and its save starts (and is held); then "two" is added."""
    await type_text(pilot, "one")
    await pilot.press("enter")
    await until(pilot, held.started.is_set)
    await type_text(pilot, "two")
    await pilot.press("enter")


async def test_with_the_real_delay_each_change_is_saved_while_the_screen_stays_open(app: RetroApp, monkeypatch) -> None:
    retro = board(app)
    async with running(app, retro.id) as pilot:
        for n, text in enumerate(["one", "two"], start=1):
            await type_text(pilot, text)
            await pilot.press("enter")
            await until(pilot, lambda n=n: len(stored(app, retro.id).items) == n)
        assert [it.text for it in stored(app, retro.id).items] == ["one", "two"]
        session = run_screen(pilot).session
        assert not session.pending  # nothing left waiting


async def test_a_save_that_waits_for_the_disk_leaves_the_board_free(app: RetroApp, monkeypatch) -> None:
    held = HeldSaves(app.repo, monkeypatch)
    retro = board(app)
    async with running(app, retro.id) as pilot:
        await add_two_while_the_first_is_saving(pilot, held)
        assert options_of(pilot, "#items-0") == ["one", "two"]
        assert not held.ended.is_set(), "the board waited for the save"
        held.release.set()
        await until(pilot, lambda: [it.text for it in stored(app, retro.id).items] == ["one", "two"])
        assert not any("Not saved" in n.message for n in app._notifications)


async def test_quitting_while_a_save_is_on_its_way_loses_nothing(app: RetroApp, store_path, monkeypatch) -> None:
    held = HeldSaves(app.repo, monkeypatch)
    retro = board(app)
    async with running(app, retro.id) as pilot:
        await add_two_while_the_first_is_saving(pilot, held)
        threading.Timer(0.2, held.release.set).start()  # the disk answers while the app closes
        await pilot.press("ctrl+q")
    assert [it.text for it in Repository.open(store_path).get(Retro, retro.id).items] == ["one", "two"]


async def test_a_save_that_fails_on_its_thread_is_told_and_retried_with_the_next_change(app: RetroApp,
                                                                                        monkeypatch) -> None:
    retro = board(app)
    real_save = app.repo.save

    def full_disk(*objs: object) -> None:
        raise StoreError("disk full")

    async with running(app, retro.id) as pilot:
        monkeypatch.setattr(app.repo, "save", full_disk)
        await type_text(pilot, "one")
        await pilot.press("enter")
        await until(pilot, lambda: any("Not saved: disk full" in n.message for n in app._notifications))
        assert options_of(pilot, "#items-0") == ["one"]  # still on screen
        monkeypatch.setattr(app.repo, "save", real_save)
        await type_text(pilot, "two")
        await pilot.press("enter")
        await until(pilot, lambda: [it.text for it in stored(app, retro.id).items] == ["one", "two"])


async def test_the_store_is_not_looked_at_while_a_save_of_ours_is_on_its_way(app: RetroApp, monkeypatch) -> None:
    """A look (two stats) waits in the kernel for our own save's rename and fsync: the poll
    leaves it to the next poll, and looks then."""
    held = HeldSaves(app.repo, monkeypatch)
    retro = board(app)
    looks: list[bool] = []
    changed = app.repo.changed
    monkeypatch.setattr(app.repo, "changed", lambda: looks.append(True) or changed())
    async with running(app, retro.id) as pilot:
        await type_text(pilot, "one")
        await pilot.press("enter")
        await until(pilot, held.started.is_set)
        looks.clear()
        app._poll_store()
        assert looks == []
        held.release.set()
        session = run_screen(pilot).session
        await until(pilot, lambda: not session.pending)
        looks.clear()
        app._poll_store()
        assert looks == [True]
