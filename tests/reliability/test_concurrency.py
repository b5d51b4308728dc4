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

from retro.app import make_app
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


async def test_cli_writers_at_once_while_the_tui_is_open_and_typing(seeded: tuple[Path, str, str]) -> None:
    """`retro item add` and `retro kata exp add` from five processes at once, while the run
    screen is open on the same retro and someone types items into it: every write is kept,
    and the screen shows every item, its own and the others'."""
    from retro.screens.run import RunScreen

    store, retro_id, _ = seeded
    repo = Repository.open(store, FixedClock(NOW))
    repo.update(Retro, retro_id, lambda r: (setattr(r, "phase_index", 2), r.reveal(["worked", "hard", "curious"])))
    items_before = {it.id for it in repo.get(Retro, retro_id).items}
    experiments_before = {e.id for e in repo.all(Experiment)}

    app = make_app(repo, clock=FixedClock(NOW), language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(RunScreen(retro_id))
        await pilot.pause()
        writers = [
            _cli_loop(store, [["item", "add", "--retro", retro_id, "--prompt", "curious", "--author", f"cli{n}",
                               f"from script {n}.{k} [red]not markup[/red]"] for k in range(4)])
            for n in range(3)
        ] + [
            _cli_loop(store, [["kata", "exp", "add", "--do", f"step {n}.{k}", "--expect", f"expect {n}.{k}"]
                              for k in range(4)])
            for n in range(2)
        ]
        typed = 0
        while any(w.poll() is None for w in writers):
            # The facilitator keeps typing into the gather column while the scripts write.
            assert app.focused is not None and app.focused.id == "gather-input"
            await pilot.press(*[c if c != " " else "space" for c in f"typed {typed}"], "enter")
            typed += 1
            await asyncio.sleep(0.05)
        outputs = [w.communicate(timeout=60)[0] for w in writers]
        for out in outputs:
            for line in out.splitlines():
                assert line.startswith("0 "), line

        # Within a few of the app's half-second polls the screen shows every item.
        store_ids = set()
        for _ in range(100):
            await pilot.pause(0.1)
            store_ids = {it.id for it in Repository.open(store).get(Retro, retro_id).items}
            shown = _shown_item_ids(app.screen)
            if shown >= store_ids - items_before:
                break
        assert shown >= store_ids - items_before, "the TUI does not show every item"

    final = Repository.open(store)
    retro = final.get(Retro, retro_id)
    texts = [it.text for it in retro.items]
    assert sorted(t for t in texts if t.startswith("from script")) == sorted(
        f"from script {n}.{k} [red]not markup[/red]" for n in range(3) for k in range(4))
    assert [t for t in texts if t.startswith("typed")] == [f"typed {k}" for k in range(typed)]
    new_experiments = [e for e in final.all(Experiment) if e.id not in experiments_before]
    assert sorted(e.step for e in new_experiments) == sorted(f"step {n}.{k}" for n in range(2) for k in range(4))
    assert leftovers(store) == []
    assert os.stat(store).st_mode & 0o777 == 0o600


def _shown_item_ids(screen: object) -> set[str]:
    from textual.widgets import OptionList

    return {o.id for lst in screen.query(OptionList) if (lst.id or "").startswith("items-")  # type: ignore[attr-defined]
            for o in lst.options if o.id}
