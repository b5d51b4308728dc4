"""A writer for the crash and concurrency suites: saves in a loop through the Repository and
prints one line per acknowledged write, flushed, only after the save has returned.

    python tests/reliability/writer.py STORE MODE [--count N] [--tag TAG] [--retro ID]

MODE
  experiments  add a new experiment each time                      → "ex <id>"
  items        add an item to retro --retro (locked read-modify-write) → "it <item-id>"
  mixed        cycle through: add an experiment; add an item; save a retro and a new
               experiment decided in it together (the retro is in an older month, so this
               is a two-file commit through the journal); update a target condition
               → "ex <id>", "it <item-id>", "ex <id>" + "it <item-id>", "tc <id> <n>"

It prints "ready" once the store is open, so the killer can wait for it. `--count 0` (the
default) writes until killed.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from retro.domain.clock import FixedClock  # noqa: E402
from retro.domain.kata import Experiment, TargetCondition  # noqa: E402
from retro.domain.retro import Retro  # noqa: E402
from retro.store import Repository  # noqa: E402

NOW = datetime(2026, 11, 26, 9, 30)
# Text of a realistic length, with what must survive: Swedish letters, markup, a newline.
TEXT = "Vi testar att fråga i stället för att svara [bold]på standup[/bold]\nand see who proposes a fix"


def _experiment(repo: Repository, tag: str, n: int, retro_id: str | None = None) -> Experiment:
    return Experiment.plan(f"{tag} step {n}: {TEXT}", f"{tag} expectation {n}: {TEXT}", NOW,
                           date(2026, 11, 27), retro_id=retro_id, team="Team North")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("store", type=Path)
    parser.add_argument("mode", choices=["experiments", "items", "mixed"])
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--tag", default="w")
    parser.add_argument("--retro", default=None)
    args = parser.parse_args(argv)

    repo = Repository.open(args.store, FixedClock(NOW))
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    retro_id = args.retro or (repo.retros()[0].id if args.mode != "experiments" else None)
    tc = repo.active_target_condition() if args.mode == "mixed" else None
    n = 0
    while args.count == 0 or n < args.count:
        n += 1
        step = n % 4 if args.mode == "mixed" else {"experiments": 1, "items": 2}[args.mode]
        if step == 1:
            ex = _experiment(repo, args.tag, n)
            repo.add(ex)
            out.write(f"ex {ex.id}\n")
        elif step == 2:
            added = []
            repo.update(Retro, retro_id, lambda r: added.append(r.add_item("worked", f"{args.tag} item {n}: {TEXT}",
                                                                          "Anna", NOW)))
            out.write(f"it {added[0].id}\n")
        elif step == 3:
            with repo.locked():
                retro = repo.get(Retro, retro_id)
                item = retro.add_item("hard", f"{args.tag} decided {n}", "Sam", NOW)
                ex = _experiment(repo, args.tag, n, retro_id=retro.id)
                retro.experiment_ids.append(ex.id)
                repo.save(retro, ex)
            out.write(f"ex {ex.id}\nit {item.id}\n")
        elif tc is not None:
            repo.update(TargetCondition, tc.id, lambda t: setattr(t, "notes", f"{args.tag} note {n}"))
            out.write(f"tc {tc.id} {args.tag} note {n}\n")
        out.flush()
    return 0


def seed_store(path: Path, items: int = 150) -> tuple[str, str]:
    """A store worth crashing: a retro from an older month with `items` items, an active
    target condition, and some experiments. Returns (retro id, target condition id)."""
    from retro.domain.kata import Challenge
    from retro.domain.retro import Participant

    repo = Repository.open(path, FixedClock(NOW))
    ch = Challenge.create("Lead one week at a time", NOW)
    tc = TargetCondition.create(ch.id, "Dialogue instead of mediation", NOW, achieve_by=NOW.date() + timedelta(days=7))
    retro = Retro.start("hybrid-experiments", "Team North", [Participant("Anna"), Participant("Sam", remote=True)],
                        NOW - timedelta(days=40))
    for k in range(items):
        retro.add_item("worked", f"seed {k}: {TEXT}", "Anna", NOW - timedelta(days=40))
    repo.add(ch, tc, retro, *[_experiment(repo, "seed", k) for k in range(60)])
    return retro.id, tc.id


if __name__ == "__main__":
    sys.exit(main())
