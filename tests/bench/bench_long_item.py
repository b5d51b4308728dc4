"""Keypress → screen update in the group phase, with one 1.3 MB item in the store.

A stack trace pasted from a call's chat made every group-phase key take seconds. New limits
refuse such an item at entry, but an older store may still hold one: the board shows a glimpse
of it, so a key costs what it costs with a short item (compare `--chars 200`; `--chars 2000`,
as long as an item may be, is shown whole). This measures the keys that draw that item:
the cursor moving onto it and off it, picking it up (the status line names it) and putting it
down, dropping it into a theme (the theme's members show it) and taking it out again.

    python tests/bench/bench_long_item.py [--rounds N] [--size 120x40] [--chars N]

Timed as tests/bench/bench_run_board.py times a key (inside the app, to the settled frame;
`TEXTUAL_FPS=1000` takes Textual's 60 Hz frame timer out of it). Ends with one line:
`long_item: chars=… action_p50_ms=… action_p95_ms=… action_cpu_p95_ms=…` (the worst action's
figures).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_run_board import FIRST, QUIET_S, FrameClock  # noqa: E402
from bench_run_board import record as record_one  # noqa: E402
from textual import events  # noqa: E402

from retro.tui.app import make_app  # noqa: E402
from retro.domain.clock import FixedClock  # noqa: E402
from retro.domain.retro import Participant, Retro  # noqa: E402
from retro.tui.screens.run import RunScreen  # noqa: E402
from retro.store import Repository  # noqa: E402

CHARS = 1_300_000  # the stack trace pasted from a call's chat
COLUMNS = ("worked", "hard", "curious")
PEOPLE = [Participant("Anna"), Participant("Bo", remote=True), Participant("Cecilia")]
TEXTS = ["Flaky tests in CI again", "Pairing on the nasty bugs helped", "Reviews wait two days",
         "Standup runs over", "Demo day went well 🎉", "Could we try mob programming?"]


def stack_trace(chars: int) -> str:
    """A Java-like stack trace of about `chars` characters, one frame a line."""
    head = "Exception in thread \"main\" java.lang.IllegalStateException: pool exhausted\n"
    frames, n = [head], len(head)
    i = 0
    while n < chars:
        line = f"\tat com.example.service.Handler{i % 97}.process(Handler{i % 97}.java:{100 + i % 900})\n"
        frames.append(line)
        n += len(line)
        i += 1
    return "".join(frames)[:chars]


def record(out: dict[str, list[float]], cpu: dict[str, list[float]], action: str, wall: float, frames) -> None:  # noqa: ANN001
    """As bench_run_board records a key; and said on stderr at once (a key took seconds before)."""
    record_one(out, cpu, action, wall, frames)
    print(f"  {action}: {wall:.1f} ms (cpu {frames.cpu_ms:.1f} ms)", file=sys.stderr, flush=True)


class SlowFrameClock(FrameClock):
    """FrameClock with room for a key that takes seconds (as keys did before the cut)."""

    KEY_TIMEOUT_S = 120

    async def focus(self, selector: str, row: int | None = None) -> None:
        """Put the focus on a list of the view (and its cursor on `row`), unmeasured, and wait
        for the screen to settle (a Tab, a Home: here no slow key can reorder them)."""
        self.frames.clear()
        rows = self.app.screen.query_one(selector)
        self.app.screen.set_focus(rows)
        if row is not None:
            rows.highlighted = row
        deadline = time.perf_counter() + 120
        while time.perf_counter() < deadline:
            await asyncio.sleep(0.005)
            if self.frames and time.perf_counter() - self.frames[-1] > QUIET_S:
                return


def board(repo: Repository, chars: int) -> str:
    """A group phase: the long item first among 30 loose ones, and three themes."""
    now = repo.clock.now()
    retro = Retro.start("hybrid-experiments", "Blå", list(PEOPLE), now)
    long_item = retro.add_item("hard", "placeholder", "Bo", now)
    long_item.text = stack_trace(chars)  # as an older store holds it: no limit was checked then
    for i in range(30):
        retro.add_item(COLUMNS[i % 3], f"{TEXTS[i % len(TEXTS)]} #{i}", PEOPLE[i % len(PEOPLE)].name, now)
    retro.reveal(list(COLUMNS))
    for title in ("Tests", "Reviews", "Meetings"):
        retro.create_theme(title)
    retro.phase_index = 3  # group
    repo.add(retro)
    return retro.id


async def measure(size: tuple[int, int], rounds: int, chars: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    out: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        clock = FixedClock(datetime(2026, 11, 26, 9, 30))
        repo = Repository.open(Path(tmp) / "store.json", clock)
        retro_id = board(repo, chars)
        app = make_app(repo, clock=clock, language="en")
        gc.disable()  # as launch() does
        async with app.run_test(size=size) as pilot:
            app.push_screen(RunScreen(retro_id))
            await pilot.pause()
            frames = SlowFrameClock(app)
            # The ungrouped list has the focus, its cursor on the long item (the first row).
            for _ in range(rounds):
                record(out, cpu, "move off the long item", await frames.press("down"), frames)
                record(out, cpu, "move onto the long item", await frames.press("up"), frames)
                record(out, cpu, "pick it up (Enter)", await frames.press("enter"), frames)
                record(out, cpu, "put it down (Esc)", await frames.press("escape"), frames)
                record(out, cpu, "drop it in theme 1 (1)", await frames.press("1", "1"), frames)
                await frames.focus("#group-themes")  # theme 1 is highlighted: its members show
                record(out, cpu, "next theme (members go)", await frames.press("down"), frames)
                record(out, cpu, "back to theme 1 (members)", await frames.press("up"), frames)
                await frames.focus("#group-members")  # the long item
                record(out, cpu, "take it out (o)", await frames.press("o", "o"), frames)
                await frames.focus("#group-ungrouped", 0)  # the long item, back at the top
    return out, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--chars", type=int, default=CHARS)
    args = parser.parse_args(argv)
    cols, rows = (int(v) for v in args.size.split("x"))
    results, cpu = asyncio.run(measure((cols, rows), args.rounds, args.chars))

    def p95(samples: list[float]) -> float:
        samples = sorted(samples)
        return samples[max(0, int(len(samples) * 0.95) - 1)]

    print(f"{'action':28} {'n':>3}  {'first p95':>9}  {'settled p50':>11} {'p95':>8}  {'cpu p50':>8} {'p95':>7}")
    worst50 = worst = worst_cpu = 0.0
    for action, samples in results.items():
        worst50 = max(worst50, statistics.median(samples))
        worst, worst_cpu = max(worst, p95(samples)), max(worst_cpu, p95(cpu[action]))
        print(f"{action:28} {len(samples):3}  {p95(FIRST[action]):7.1f}ms  {statistics.median(samples):9.1f}ms"
              f" {p95(samples):6.1f}ms  {statistics.median(cpu[action]):6.1f}ms {p95(cpu[action]):5.1f}ms")
    print(f"long_item: chars={args.chars} size={args.size} action_p50_ms={worst50:.1f} "
          f"action_p95_ms={worst:.1f} action_cpu_p95_ms={worst_cpu:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
