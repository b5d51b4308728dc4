"""export_s: exporting the whole five-year store to each target; the slowest.

Each export runs in a fresh process (nothing cached): the clock starts after the imports, then
the store is opened and read, the export rendered and written to disk atomically — the work
`retro export --to T -o FILE` does once Python is up. Medians of a few runs per target;
export_s is the slowest target's median. The whole `retro export` command, process start to
exit, is reported beside it.

    python tests/bench/bench_export.py [--store PATH] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import NOW, PYTHON, ROOT, env_for, five_year_store, median  # noqa: E402

CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from datetime import datetime
from pathlib import Path
from retro.store.catalog import load_catalog
from retro.export import Scope, render, write
from retro.store import Repository
start = time.perf_counter()
repo = Repository.open({store!r})
formats = None if {target!r} == "json" else dict(load_catalog().formats)
rendered = render({target!r}, repo, Scope(), datetime.fromisoformat({now!r}), formats)
write(rendered, Path({dest!r}))
print(time.perf_counter() - start, rendered.count)
"""


def measure(store: Path, runs: int) -> dict[str, object]:
    from retro.export import TARGETS

    out = Path(tempfile.mkdtemp(prefix="retro-bench-export-"))
    env = env_for(store)
    inner: dict[str, list[float]] = {}
    whole: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    for target in TARGETS:
        for n in range(runs):
            dest = out / f"{target}-{n}" if target == "markdown" else out / f"{target}-{n}.out"
            code = CHILD.format(root=str(ROOT), store=str(store), target=target, now=NOW.isoformat(), dest=str(dest))
            done = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
            seconds, count = done.stdout.split()
            inner.setdefault(target, []).append(float(seconds))
            counts[target] = int(count)
            dest = out / f"cli-{target}-{n}" if target == "markdown" else out / f"cli-{target}-{n}.out"
            start = time.perf_counter()
            subprocess.run([PYTHON, "-m", "retro", "export", "--to", target, "-o", str(dest)], env=env, cwd=ROOT,
                           check=True, capture_output=True, stdin=subprocess.DEVNULL)
            whole.setdefault(target, []).append(time.perf_counter() - start)
    slowest = max(inner, key=lambda t: median(inner[t]))
    return {"inner": inner, "whole": whole, "counts": counts, "export_s": median(inner[slowest]), "slowest": slowest}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    figures = measure(args.store or five_year_store(), args.runs)
    print("export of the whole five-year store (read + render + atomic write; and the whole command):")
    for target, samples in figures["inner"].items():  # type: ignore[union-attr]
        print(f"  {target:9} {figures['counts'][target]:6} records  export {median(samples):6.2f} s   "  # type: ignore[index]
              f"retro export (whole process) {median(figures['whole'][target]):6.2f} s")  # type: ignore[index]
    print(f"export: export_s={figures['export_s']:.2f} (slowest: {figures['slowest']})")
    print(json.dumps({"export_s": figures["export_s"], "slowest": figures["slowest"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
