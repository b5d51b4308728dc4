"""Several processes writing at once lose nothing, and an open TUI shows what they wrote.

Every write in retro is a read-modify-write under the store's inter-process lock; these tests
make the processes contend for the same retro and the same month files, so a write based on a
stale read would lose someone's item or experiment.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from retro.tui.app import make_app
from retro.domain.clock import FixedClock
from retro.domain.kata import Experiment
from retro.domain.retro import Retro
from retro.store import Repository
from tests.conftest import ROOT
from tests.reliability.conftest import Acks, env_for, leftovers, writer_cmd

NOW = datetime(2026, 11, 26, 9, 30)


def test_processes_writing_at_once_lose_nothing(seeded: tuple[Path, str, str]) -> None:
    store, retro_id, _ = seeded
    before = Repository.open(store, FixedClock(NOW))
    items_before = len(before.get(Retro, retro_id).items)
    experiments_before = len(before.all(Experiment))

    writers = [subprocess.Popen(writer_cmd(store, "mixed", tag=f"w{n}", count=24), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=env_for(store), cwd=ROOT)
               for n in range(4)]
    acks = Acks()
    for proc in writers:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        acks.read(out)

    repo = Repository.open(store, FixedClock(NOW))
    retro = repo.get(Retro, retro_id)
    experiments = repo.all(Experiment)
    assert acks.items <= {it.id for it in retro.items}
    assert acks.experiments <= {e.id for e in experiments}
    # Nothing lost and nothing doubled: exactly what was there plus what was acknowledged.
    assert len(retro.items) == items_before + len(acks.items)
    assert len(experiments) == experiments_before + len(acks.experiments)
    assert {e.id for e in experiments if e.retro_id == retro_id} == set(retro.experiment_ids)
    assert leftovers(store) == []


def _cli_loop(store: Path, args_list: list[list[str]]) -> subprocess.Popen[str]:
    """One process that runs the real `retro` CLI several times in a row, like a script would."""
    lines = ["import subprocess, sys"]
    for args in args_list:
        lines.append(f"p = subprocess.run([sys.executable, '-m', 'retro', *{args!r}], capture_output=True, text=True,"
                     " stdin=subprocess.DEVNULL)")
        lines.append("print(p.returncode, p.stdout.strip(), p.stderr.strip(), flush=True)")
    return subprocess.Popen([sys.executable, "-c", "\n".join(lines)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True, env=env_for(store), cwd=ROOT)


async def _open_board(store: Path, retro_id: str):  # noqa: ANN202
    """The run screen on the seeded retro, in its gather phase with every column revealed."""
    from retro.tui.screens.run import RunScreen

    repo = Repository.open(store, FixedClock(NOW))
    repo.update(Retro, retro_id, lambda r: (setattr(r, "phase_index", 2), r.reveal(["worked", "hard", "curious"])))
    app = make_app(repo, clock=FixedClock(NOW), language="en")
    return app, RunScreen(retro_id)


def _scripts(store: Path, retro_id: str, tag: str, rounds: int) -> list[subprocess.Popen[str]]:
    """Three scripts adding items with `retro item add`, two planning experiments with `retro kata exp add`."""
    return [
        _cli_loop(store, [["item", "add", "--retro", retro_id, "--prompt", "curious", "--author", f"cli{n}",
                           f"{tag} {n}.{k} [red]not markup[/red]"] for k in range(rounds)])
        for n in range(3)
    ] + [
        _cli_loop(store, [["kata", "exp", "add", "--do", f"{tag} step {n}.{k}", "--expect", f"expect {n}.{k}"]
                          for k in range(rounds)])
        for n in range(2)
    ]


def _assert_all_kept(store: Path, retro_id: str, tag: str, rounds: int, experiments_before: set[str]) -> Retro:
    final = Repository.open(store)
    retro = final.get(Retro, retro_id)
    assert sorted(it.text for it in retro.items if it.text.startswith(tag)) == sorted(
        f"{tag} {n}.{k} [red]not markup[/red]" for n in range(3) for k in range(rounds))
    new_experiments = [e for e in final.all(Experiment) if e.id not in experiments_before]
    assert sorted(e.step for e in new_experiments) == sorted(f"{tag} step {n}.{k}" for n in range(2) for k in range(rounds))
    assert leftovers(store) == []
    assert os.stat(store).st_mode & 0o777 == 0o600
    return retro


async def _finish(writers: list[subprocess.Popen[str]]) -> None:
    while any(w.poll() is None for w in writers):
        await asyncio.sleep(0.05)
    for w in writers:
        out, err = w.communicate(timeout=60)
        for line in out.splitlines():
            assert line.startswith("0 "), line + err


async def test_cli_writers_at_once_while_the_tui_is_open_show_on_its_screen(seeded: tuple[Path, str, str]) -> None:
    """`retro item add` and `retro kata exp add` from five processes at once while the run
    screen is open on the same retro: every write is kept, and within a few of the app's
    half-second polls the screen shows every item."""
    store, retro_id, _ = seeded
    app, screen = await _open_board(store, retro_id)
    items_before = {it.id for it in app.repo.get(Retro, retro_id).items}
    experiments_before = {e.id for e in app.repo.all(Experiment)}
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(screen)
        await pilot.pause()
        writers = _scripts(store, retro_id, "script", 2)
        await _finish(writers)
        new, shown = await _stored_and_shown(pilot, store, retro_id, items_before)
        assert len(new) == 6 and shown >= new, "the TUI does not show every item"
    _assert_all_kept(store, retro_id, "script", 2, experiments_before)


async def test_the_tui_typing_while_scripts_write_loses_nothing(seeded: tuple[Path, str, str]) -> None:
    """The facilitator keeps typing items into the open run screen while five scripts write:
    the TUI's saves and the scripts' saves all land, none overwrites another, and the screen
    shows them all."""
    store, retro_id, _ = seeded
    app, screen = await _open_board(store, retro_id)
    items_before = {it.id for it in app.repo.get(Retro, retro_id).items}
    experiments_before = {e.id for e in app.repo.all(Experiment)}
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(screen)
        await pilot.pause()
        writers = _scripts(store, retro_id, "script", 2)
        typed = 0
        while any(w.poll() is None for w in writers):
            assert app.focused is not None and app.focused.id == "gather-input"
            await pilot.press(*[c if c != " " else "space" for c in f"typed {typed}"], "enter")
            typed += 1
            await asyncio.sleep(0.05)
        await _finish(writers)
        new, shown = await _stored_and_shown(pilot, store, retro_id, items_before)  # its own and the scripts'
        assert len(new) == 6 + typed and shown >= new, "the TUI does not show every item"
    retro = _assert_all_kept(store, retro_id, "script", 2, experiments_before)
    assert [it.text for it in retro.items if it.text.startswith("typed")] == [f"typed {k}" for k in range(typed)]


async def test_an_item_folded_in_by_the_tui_s_own_save_is_shown(seeded: tuple[Path, str, str]) -> None:
    """Deterministically, the case the typing test above hits by chance: a script adds an item,
    the TUI saves its own item before its poll has seen that, then the poll comes."""
    store, retro_id, _ = seeded
    app, screen = await _open_board(store, retro_id)
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(screen)
        await pilot.pause()
        changed = app.repo.changed
        app.repo.changed = lambda: False  # type: ignore[method-assign]  # hold the poll back
        done = subprocess.run([sys.executable, "-m", "retro", "item", "add", "--retro", retro_id, "--prompt",
                               "curious", "from elsewhere"], env=env_for(store), cwd=ROOT, capture_output=True,
                              text=True, stdin=subprocess.DEVNULL, timeout=60)
        assert done.returncode == 0, done.stderr
        other = done.stdout.strip()
        await pilot.press("m", "i", "n", "e", "enter")
        for _ in range(10):
            await pilot.pause(0.1)
        app.repo.changed = changed  # type: ignore[method-assign]
        assert app.repo.changed(), "the store must report the other process's write"
        app._poll_store()
        await pilot.pause()
        assert other in {it.id for it in Repository.open(store).get(Retro, retro_id).items}
        assert other in _shown_item_ids(app.screen)


async def _stored_and_shown(pilot, store: Path, retro_id: str, before: set[str]) -> tuple[set[str], set[str]]:  # noqa: ANN001
    """The items stored since `before`, and the ones on screen, once the screen shows them all
    (within a few of the app's half-second polls; gives up after 10 s)."""
    new: set[str] = set()
    shown: set[str] = set()
    for _ in range(100):
        await pilot.pause(0.1)
        new = {it.id for it in Repository.open(store).get(Retro, retro_id).items} - before
        shown = _shown_item_ids(pilot.app.screen)
        if shown >= new:
            break
    return new, shown


def _shown_item_ids(screen: object) -> set[str]:
    from retro.tui.widgets.item_list import ItemList

    return {o.id for lst in screen.query(ItemList) if (lst.id or "").startswith("items-")  # type: ignore[attr-defined]
            for o in lst.options if o.id}
