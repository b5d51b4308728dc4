"""`make bench`: every benchmark on one freshly generated five-year store, then three lines:

    bench: startup_ratio=R action_p95_ms=A export_s=E store_write_ms=W
    bench-plain: startup_ratio=R action_p95_ms=A
    bench-join: item_p95_ms=I rss_mb=M prompt_s=P

The second runs the benches that draw screens (the start, and the board and kata-log sessions)
again with RETRO_PLAIN_TEXTUAL=1: plain Textual without the speed layer (retro/tui/fast/), so
the difference is what the layer is worth. Export and the store do not draw: not run again.
The third is `retro serve` with 12 participants' `retro join` processes (bench_join.py): a
participant's item to the facilitator's screen, a participant's memory, page open to the name
prompt.

Each bench runs in its own process (so one's caches and memory never help another) and prints
its own figures on the way. Goals (issue 6): startup_ratio ≤ 1.3, action_p95_ms ≤ 16,
export_s ≤ 1, store_write_ms ≤ 16, peak RSS < 150 MB; for joining: a participant's item,
vote and ROTI on the facilitator's screen within 1 s (p95, 12 participants writing at once),
≤ 80 MB per participant's process, the name prompt within 1.5 s of opening the page.

    python tests/bench/run_all.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, PYTHON, ROOT, five_year_store  # noqa: E402

GOALS = {"startup_ratio": 1.3, "action_p95_ms": 16.0, "export_s": 1.0, "store_write_ms": 16.0, "rss_mb": 150.0}
# bench_join.py's figures (its rss_mb is one participant's process, not the app's peak above)
JOIN_GOALS = {"item_p95_ms": 1000.0, "vote_p95_ms": 1000.0, "roti_p95_ms": 1000.0, "rss_mb": 80.0, "prompt_s": 1.5}


PLAIN = {"RETRO_PLAIN_TEXTUAL": "1"}  # read by the app as it starts: each bench passes it on to its app


def run(script: str, store: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    """Run one bench (with `env` added to this process's environment), echo its report, return
    the JSON of its last line."""
    proc = subprocess.run([PYTHON, str(BENCH / script), "--store", str(store), *args], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, **(env or {})})
    lines = proc.stdout.strip().splitlines()
    for text in lines[:-1]:
        print(text, flush=True)
    if proc.returncode != 0 or not lines:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit(f"{script} failed (exit {proc.returncode})")
    return json.loads(lines[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (a rough figure in two to three minutes)")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load average {load:.1f} at the start (figures are noisy when it is high)")
    store = five_year_store()
    print(f"five-year store generated at {store.parent} ({time.perf_counter() - began:.1f} s)", flush=True)
    quick = args.quick
    store_fig = run("bench_store.py", store, "--rounds", "15" if quick else "40")
    export_fig = run("bench_export.py", store, "--runs", "1" if quick else "3")
    startup_fig = run("bench_startup.py", store, "--runs", "3" if quick else "9")
    actions_fig = run("bench_actions.py", store, "--rounds", "6" if quick else "15")
    print("again on plain Textual (RETRO_PLAIN_TEXTUAL=1):", flush=True)
    plain_startup = run("bench_startup.py", store, "--runs", "3" if quick else "9", env=PLAIN)
    plain_actions = run("bench_actions.py", store, "--rounds", "6" if quick else "15", env=PLAIN)
    join_fig = run("bench_join.py", store, *(["--writes", "9", "--opens", "5"] if quick else []))
    figures = {
        "startup_ratio": float(startup_fig["startup_ratio"]),  # type: ignore[arg-type]
        "action_p95_ms": float(actions_fig["action_p95_ms"]),  # type: ignore[arg-type]
        "export_s": float(export_fig["export_s"]),  # type: ignore[arg-type]
        "store_write_ms": float(store_fig["store_write_ms"]),  # type: ignore[arg-type]
        "rss_mb": max(float(startup_fig["rss_mb"]), float(actions_fig["rss_mb"])),  # type: ignore[arg-type]
    }
    print(f"peak RSS on the five-year store: {figures['rss_mb']:.0f} MB (goal < {GOALS['rss_mb']:.0f} MB)")
    missed = [f"{k} {figures[k]:.2f} > {GOALS[k]}" for k in GOALS if figures[k] > GOALS[k]]
    for k, goal in JOIN_GOALS.items():
        value = join_fig.get(k)
        if value is None:  # the session never got there (bench_join.py says why)
            missed.append(f"join {k} not measured")
        elif float(value) > goal:  # type: ignore[arg-type]
            missed.append(f"join {k} {float(value):.2f} > {goal}")  # type: ignore[arg-type]
    print("goals: all met" if not missed else "goals missed: " + "; ".join(missed))
    print(f"(took {time.perf_counter() - began:.0f} s; load average {load:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end)")
    print(f"bench: startup_ratio={figures['startup_ratio']:.2f} action_p95_ms={figures['action_p95_ms']:.1f} "
          f"export_s={figures['export_s']:.2f} store_write_ms={figures['store_write_ms']:.1f}")
    print(f"bench-plain: startup_ratio={float(plain_startup['startup_ratio']):.2f} "  # type: ignore[arg-type]
          f"action_p95_ms={float(plain_actions['action_p95_ms']):.1f}")  # type: ignore[arg-type]
    print(f"bench-join: item_p95_ms={float(join_fig['item_p95_ms']):.0f} "  # type: ignore[arg-type]
          f"rss_mb={float(join_fig['rss_mb']):.0f} prompt_s={float(join_fig['prompt_s']):.2f}")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main())
