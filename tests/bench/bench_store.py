"""store_write_ms: one durable saved change on the five-year store.

A save is what the app and the CLI do: take the lock, re-read the file under it, apply the
change, write a temp file, fsync it, rename it over the old one, fsync the folder. Measured
in-process on a store that is already open (as in the running app), for the common changes;
store_write_ms is the SLOWEST of their medians. Also: the read paths screens use on keypresses,
and one `retro kata exp add` from process start to exit.

    python tests/bench/bench_store.py [--store PATH] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import NOW, PYTHON, ROOT, env_for, five_year_store, fresh_copy, line, median, p95  # noqa: E402

from retro.domain.clock import FixedClock  # noqa: E402
from retro.domain.kata import Experiment, TargetCondition  # noqa: E402
from retro.domain.retro import Retro  # noqa: E402
from retro.store import Repository  # noqa: E402


def _interleaved(fns: dict, rounds: int) -> dict[str, list[float]]:  # type: ignore[type-arg]
    samples: dict[str, list[float]] = {label: [] for label in fns}
    for n in range(rounds):
        for label, fn in fns.items():
            start = time.perf_counter()
            fn(n)
            samples[label].append((time.perf_counter() - start) * 1000)
    return samples


def _floor(folder: Path) -> None:
    """What the disk itself costs for one durable write of a month file's size: the floor."""
    fd = os.open(folder / "floor.bin", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, b"x" * 60_000)
        os.fsync(fd)
    finally:
        os.close(fd)
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def measure(store: Path, rounds: int) -> dict[str, object]:
    path = fresh_copy(store)
    clock = FixedClock(NOW)
    opened = time.perf_counter()
    repo = Repository.open(path, clock)
    open_ms = (time.perf_counter() - opened) * 1000
    cold = time.perf_counter()
    experiments = repo.all(Experiment)
    cold_ms = (time.perf_counter() - cold) * 1000
    board = repo.retros(limit=1)[0]
    tc = repo.active_target_condition()
    running = next(e for e in reversed(experiments) if e.status == "running")

    writes = {
        "add an experiment": lambda n: repo.add(Experiment.plan(
            f"Bench step {n}", f"Bench expectation {n}", NOW, date(2026, 11, 27), target_condition_id=tc.id)),
        "amend a running experiment": lambda n: repo.update(
            Experiment, running.id, lambda e: e.amend("owner", f"Owner {n}", "handed over", NOW + timedelta(minutes=n))),
        "add an item to the 200-item board": lambda n: repo.update(
            Retro, board.id, lambda r: r.add_item(r.revealed[0], f"Bench item {n}", "Anna", NOW)),
        "edit the target condition": lambda n: repo.update(
            TargetCondition, tc.id, lambda t: setattr(t, "notes", f"note {n}")),
    }
    reads = {
        "all(Experiment), 3,000": lambda n: repo.all(Experiment),
        "all(Experiment, where=one TC)": lambda n: repo.all(Experiment, where=lambda e: e.target_condition_id == tc.id),
        "find(Experiment)": lambda n: repo.find(Experiment, running.id),
        "get the 200-item board": lambda n: repo.get(Retro, board.id),
        "retros(limit=12)": lambda n: repo.retros(limit=12),
        "changed() (the app's poll)": lambda n: repo.changed(),
    }
    writes["(floor) write 60 KB, fsync, fsync folder"] = lambda n: _floor(path.parent)
    # Round-robin, so a burst of disk activity elsewhere lands on every kind alike.
    write_samples = _interleaved(writes, rounds)
    read_samples = _interleaved(reads, rounds)

    cli = []
    env = env_for(path)
    for n in range(5):
        start = time.perf_counter()
        subprocess.run([PYTHON, "-m", "retro", "kata", "exp", "add", "--do", f"CLI step {n}", "--expect", "CLI"],
                       env=env, cwd=ROOT, check=True, capture_output=True, stdin=subprocess.DEVNULL)
        cli.append((time.perf_counter() - start) * 1000)

    worst = max((k for k in write_samples if not k.startswith("(floor)")), key=lambda k: median(write_samples[k]))
    return {"writes": write_samples, "reads": read_samples, "cli": cli, "open_ms": open_ms,
            "cold_all_experiments_ms": cold_ms, "store_write_ms": median(write_samples[worst]), "worst": worst}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args(argv)
    figures = measure(args.store or five_year_store(), args.rounds)
    print("durable saves on the five-year store (lock, fresh read, temp file, fsync, rename, fsync folder):")
    for label, samples in figures["writes"].items():  # type: ignore[union-attr]
        print(line(label, samples))
    print("reads on keypress paths (warm, as in the running app):")
    for label, samples in figures["reads"].items():  # type: ignore[union-attr]
        print(line(label, samples))
    print(f"  open the store: {figures['open_ms']:.1f} ms; first all(Experiment) (cold): "
          f"{figures['cold_all_experiments_ms']:.1f} ms")
    print(line("retro kata exp add (whole process)", figures["cli"]))  # type: ignore[arg-type]
    print(f"store: store_write_ms={figures['store_write_ms']:.1f} (slowest median: {figures['worst']})")
    print(json.dumps({"store_write_ms": figures["store_write_ms"], "worst": figures["worst"],
                      "write_p95_ms": max(p95(s) for s in figures["writes"].values())}))  # type: ignore[union-attr]
    return 0


if __name__ == "__main__":
    sys.exit(main())
