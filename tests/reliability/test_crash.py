"""kill -9 at random moments: nothing acknowledged is lost, the store always opens, and no
temp file or journal is left once it has been opened again.

A writer process saves in a loop (single-file saves, locked read-modify-writes, and two-file
commits through the journal) and prints each id after its save returned; the test kills it
with SIGKILL at a seeded random moment, opens the store, and checks every acknowledged write.
What this proves is process death at any instruction; it cannot prove power loss (the page
cache survives a kill), which the fsyncs of file and folder are there for.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import orjson
import pytest

from retro.domain.clock import FixedClock
from retro.domain.kata import Experiment, TargetCondition
from retro.domain.retro import Retro
from retro.store import Repository
from tests.conftest import ROOT
from tests.reliability.conftest import Acks, env_for, leftovers, writer_cmd

pytestmark = pytest.mark.slow

NOW = datetime(2026, 11, 26, 9, 30)
ROUNDS = 24


def _kill_at_random(store: Path, mode: str, tag: str, delay: float) -> str:
    """Start a writer, let it write for `delay` seconds after it is ready, SIGKILL it; its output."""
    proc = subprocess.Popen(writer_cmd(store, mode, tag=tag), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True, env=env_for(store), cwd=ROOT)
    try:
        first = proc.stdout.readline()  # type: ignore[union-attr]
        assert first == "ready\n", first + proc.stderr.read()  # type: ignore[union-attr]
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL, err
    # A line cut off by the kill was never acknowledged.
    return out if out.endswith("\n") else out.rsplit("\n", 1)[0]


def _note_key(note: str) -> tuple[int, int]:
    """"r7 note 12" → (7, 12): the order in which the notes were written."""
    tag, _, n = note.partition(" note ")
    return int(tag.removeprefix("r")), int(n)


def test_kill_9_at_random_points_loses_nothing_acknowledged(seeded: tuple[Path, str, str]) -> None:
    store, retro_id, tc_id = seeded
    rng = random.Random(20261126)
    acks = Acks()
    cut_short = 0  # kills that landed inside a save (a temp file or journal was left)
    for round_ in range(ROUNDS):
        acks.read(_kill_at_random(store, "mixed", f"r{round_}", rng.uniform(0.02, 0.3)))
        if leftovers(store):
            cut_short += 1

        repo = Repository.open(store, FixedClock(NOW))  # recovers a cut-short commit, sweeps temps
        assert leftovers(store) == []
        experiments = {e.id: e for e in repo.all(Experiment)}
        retro = repo.get(Retro, retro_id)
        assert acks.experiments <= set(experiments), f"round {round_}: lost {acks.experiments - set(experiments)}"
        assert acks.items <= {it.id for it in retro.items}, f"round {round_}: lost items"
        # A retro and the experiment decided in it were saved together: both or neither.
        decided = {e.id for e in experiments.values() if e.retro_id == retro_id}
        assert decided == set(retro.experiment_ids), f"round {round_}: a two-file save was torn"
        if acks.notes:
            note = repo.get(TargetCondition, tc_id).notes
            assert _note_key(note) >= _note_key(acks.notes[-1]), f"round {round_}: {note} older than {acks.notes[-1]}"

    assert len(acks) > ROUNDS, "the writer hardly wrote: the kills proved nothing"
    assert cut_short >= 1, "no kill landed inside a save"
    # Every file of the store is whole, valid JSON.
    for path in store.parent.rglob("*.json"):
        orjson.loads(path.read_bytes())


def test_kill_9_during_a_migration_keeps_the_old_store_or_completes(tmp_path: Path, v1_payload: bytes) -> None:
    """Migrating a five-year v1 file into monthly files is one journaled commit: a kill at any
    moment leaves the v1 file (migrated again on the next open) or the finished v2 store, and
    exactly one backup, byte for byte the original."""
    timing = tmp_path / "timing" / "store.json"
    timing.parent.mkdir()
    timing.write_bytes(v1_payload)
    took, writing = _migrate(timing, None)  # how long a migration, and its writing, take here
    rng = random.Random(7)
    interrupted = 0
    # Half the kills land at a random moment of the whole migration; the other half once the
    # migration has told it is writing (the child says so from inside the store's own write),
    # a random part of the way through: on a busy machine a kill timed from the start alone
    # could miss the writing every time, and then nothing would be proved.
    for n in range(8):
        path = tmp_path / f"run{n}" / "store.json"
        path.parent.mkdir()
        path.write_bytes(v1_payload)
        if n % 2:
            _migrate(path, rng.uniform(0.1, 0.7) * writing, once_writing=True)
        else:
            _migrate(path, rng.uniform(0.1, 1.0) * took)
        if leftovers(path) or (path.read_bytes() == v1_payload and list(path.parent.glob("*.bak"))):
            interrupted += 1  # killed after it had begun writing, before it had finished

        repo = Repository.open(path)
        assert leftovers(path) == []
        assert repo.schema_version == 2
        assert len(repo.all(Experiment)) == 3000
        assert len(repo.retros()) == 250
        assert sum(len(r.items) for r in repo.retros()) == 5000
        backups = list(path.parent.glob("store.json.v1*.bak"))
        assert [b.read_bytes() == v1_payload for b in backups] == [True], "one backup: the original file"
    assert interrupted >= 1, "no kill landed inside the migration"


@pytest.fixture(scope="module")
def v1_payload() -> bytes:
    """The five-year data set as a version-1 store: one file of 5.6 MB."""
    from tests.bench.generate import generate

    return orjson.dumps({"meta": {"1": {"schema_version": 1}}, **generate(seed=7)})


MIGRATE = """
import sys, time
sys.path.insert(0, {root!r})
import retro.store.storage as storage
from retro.store import Repository
write_temp = storage.write_temp
def telling(*args, **kwargs):
    if not telling.told:
        telling.told = True
        print("writing", flush=True)
    return write_temp(*args, **kwargs)
telling.told = False
storage.write_temp = telling
print("opening", flush=True)
Repository.open({path!r})
print("done", flush=True)
"""


def _migrate(path: Path, kill_after: float | None, *, once_writing: bool = False) -> tuple[float, float]:
    """Open a v1 store in a subprocess (which migrates it); SIGKILL it `kill_after` s after it
    started opening, or after it began writing. Unkilled: how long the migration took, and how
    long its writing."""
    proc = subprocess.Popen([sys.executable, "-c", MIGRATE.format(root=str(ROOT), path=str(path))],
                            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, cwd=ROOT)
    assert proc.stdout.readline() == "opening\n"  # type: ignore[union-attr]
    started = time.perf_counter()
    if kill_after is not None:
        if once_writing:
            assert proc.stdout.readline() == "writing\n"  # type: ignore[union-attr]
        time.sleep(kill_after)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        return 0.0, 0.0
    assert proc.stdout.readline() == "writing\n"  # type: ignore[union-attr]
    began_writing = time.perf_counter()
    assert proc.stdout.readline() == "done\n"  # type: ignore[union-attr]
    ended = time.perf_counter()
    proc.communicate(timeout=60)
    return ended - started, ended - began_writing
