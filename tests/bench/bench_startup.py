"""startup_ratio: process start → first painted home screen of `retro` on the five-year store,
divided by the same for a hello-world Textual app (a Label and a Footer), in a real pty.

Both run the same way: the same Python, the same terminal size and TERM, spawned in a fresh
pseudo-terminal; the clock stops when the screen's own text has been painted ("Recent retros",
"Hello, world"). The two alternate, and the figures are medians of several runs each. Also
reports the peak RSS of `retro` at its first paint.

    python tests/bench/bench_startup.py [--store PATH] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, PYTHON, ROOT, env_for, five_year_store, median  # noqa: E402
from pty_term import Terminal  # noqa: E402

SIZE = (120, 40)


def first_paint(argv: list[str], env: dict[str, str], marker: str) -> tuple[float, int]:
    """Seconds from spawning to the marker on screen, and the peak RSS (KB) by then."""
    term = Terminal(argv, env=env, size=SIZE, cwd=str(ROOT))
    try:
        at = term.wait_for(marker, timeout=120)
    finally:
        rss = term.kill()
    return at - term.started, rss


def measure(store: Path, runs: int) -> dict[str, object]:
    env = env_for(store)
    apps = {
        "hello": ([PYTHON, str(BENCH / "hello.py")], "Hello, world"),
        "retro": ([PYTHON, "-m", "retro"], "Recent retros"),
    }
    first_paint(*apps["retro"][:1], env, apps["retro"][1])  # warm the OS file cache for both
    first_paint(*apps["hello"][:1], env, apps["hello"][1])
    times: dict[str, list[float]] = {"hello": [], "retro": []}
    rss: list[int] = []
    for n in range(runs):
        order = ("hello", "retro") if n % 2 == 0 else ("retro", "hello")
        for name in order:
            argv, marker = apps[name]
            seconds, peak = first_paint(argv, env, marker)
            times[name].append(seconds)
            if name == "retro":
                rss.append(peak)
    ratio = median(times["retro"]) / median(times["hello"])
    return {"times": times, "startup_ratio": ratio, "rss_mb": max(rss) / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    figures = measure(args.store or five_year_store(), args.runs)
    times = figures["times"]
    print("process start → first painted screen, real pty 120x40, alternating, medians:")
    for name, samples in times.items():  # type: ignore[union-attr]
        print(f"  {name:6} median {median(samples) * 1000:7.0f} ms  (runs: {', '.join(f'{s * 1000:.0f}' for s in samples)})")
    print(f"  retro peak RSS at first paint: {figures['rss_mb']:.0f} MB")
    print(f"startup: startup_ratio={figures['startup_ratio']:.2f}")
    print(json.dumps({"startup_ratio": figures["startup_ratio"], "rss_mb": figures["rss_mb"],
                      "retro_ms": median(times["retro"]) * 1000, "hello_ms": median(times["hello"]) * 1000}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
