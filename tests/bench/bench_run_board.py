"""Keypress → screen update on a retro board of 200 items, measured inside the app.

Pilot's press + pause idles ~84 ms per key, so it cannot measure this. Here the key event is
handed to the driver and the clock stops at the next frame the screen composes (the app's
`_display`, which a real terminal would write) — the whole path: key dispatch, the action,
the durable save (temp file, fsync, rename), the widget update, layout and render.

    python tests/bench/bench_run_board.py [--rounds N] [--size 120x40]

Per action: the first frame after the key, the frame the screen settles with (a key can take
two frames; the save runs between them), and the CPU time spent, which a busy machine does not
inflate. Ends with one line: `run_board: first_frame_p95_ms=… action_p95_ms=… action_cpu_p95_ms=…`
(each the worst action's p95). `TEXTUAL_FPS=1000` takes Textual's 60 Hz frame timer out of it. Issue 6's `make bench` measures the same actions in a real pty; this one is for
working on the run screen itself.
"""

from __future__ import annotations

import argparse
import gc
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402

from retro.tui.app import make_app  # noqa: E402
from retro.domain.clock import FixedClock  # noqa: E402
from retro.domain.retro import Participant, Retro  # noqa: E402
from retro.tui.screens.run import RunScreen  # noqa: E402
from retro.store import Repository  # noqa: E402

BOARD = 200
COLUMNS = ("worked", "hard", "curious")
PEOPLE = [Participant(n, remote=i % 2 == 1) for i, n in enumerate(
    ["Anna", "Bo", "Cecilia", "Dan", "Eva", "Filip", "Greta", "Hassan"])]
TEXTS = ["Flaky tests in CI again", "Pairing on the nasty bugs helped", "Reviews wait two days",
         "Standup runs over", "Vi borde prata mer om prioriteringarna", "Demo day went well 🎉",
         "Överlämningarna mellan skiften tappar information", "Could we try mob programming?"]


FIRST: dict[str, list[float]] = {}


def record(out: dict[str, list[float]], cpu: dict[str, list[float]], action: str, wall: float, frames) -> None:  # noqa: ANN001
    out.setdefault(action, []).append(wall)
    cpu.setdefault(action, []).append(frames.cpu_ms)
    FIRST.setdefault(action, []).append(frames.first_ms)


def board(repo: Repository, phase_index: int) -> str:
    now = repo.clock.now()
    retro = Retro.start("hybrid-experiments", "Blå", list(PEOPLE), now)
    for i in range(BOARD):
        retro.add_item(COLUMNS[i % 3], f"{TEXTS[i % len(TEXTS)]} #{i}", PEOPLE[i % len(PEOPLE)].name, now)
    retro.reveal(list(COLUMNS))
    for i in range(0, 40, 4):
        theme = retro.create_theme(f"Theme {i // 4 + 1}")
        for item in retro.items[i:i + 3]:
            retro.move_item(item.id, theme.id)
    retro.phase_index = phase_index
    repo.add(retro)
    return retro.id


QUIET_S = 0.06  # no new frame for this long: the screen has settled


class FrameClock:
    """Stops the clock at the last frame a key caused: the screen has settled when no frame
    followed for QUIET_S. (A key can take two frames — e.g. Enter clears the input in one and
    the scrolled list shows the new item in the next — and the user waits for the last.)"""

    KEY_TIMEOUT_S = 5  # a key with no frame by then has failed

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app
        self.frames: list[float] = []
        original = app._display

        def display(screen, renderable):  # noqa: ANN001, ANN202
            if renderable is not None:
                self.frames.append(time.perf_counter())
                self.cpu_at = time.process_time()
            return original(screen, renderable)

        app._display = display

    async def press(self, key: str, character: str | None = None) -> float:
        """Wall time to the settled screen; the CPU time spent on the way is kept in `self.cpu_ms`
        (on a busy machine the wall time also counts other processes' turns)."""
        self.frames.clear()
        start, cpu = time.perf_counter(), time.process_time()
        self.app._driver.send_message(events.Key(key, character or (" " if key == "space" else None)))
        deadline = start + self.KEY_TIMEOUT_S
        while time.perf_counter() < deadline:
            await asyncio.sleep(0.005)
            if self.frames and time.perf_counter() - self.frames[-1] > QUIET_S:
                self.cpu_ms = (self.cpu_at - cpu) * 1000
                self.first_ms = (self.frames[0] - start) * 1000
                return (self.frames[-1] - start) * 1000
        raise TimeoutError(f"no frame after {key}")


async def measure(size: tuple[int, int], rounds: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    out: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        clock = FixedClock(datetime(2026, 11, 26, 9, 30))
        repo = Repository.open(Path(tmp) / "store.json", clock)
        gather_id = board(repo, 2)
        group_id = board(repo, 3)
        vote_id = board(repo, 4)

        async def run(retro_id: str, actions) -> None:  # noqa: ANN001
            app = make_app(repo, clock=clock, language="en")
            gc.disable()  # as launch() does: the app freezes what the start made and turns it on again
            async with app.run_test(size=size) as pilot:
                app.push_screen(RunScreen(retro_id))
                await pilot.pause()
                frames = FrameClock(app)
                await actions(app, frames)

        async def gather(app, frames) -> None:  # noqa: ANN001
            for _ in range(rounds):
                await frames.press("x", "x")
                record(out, cpu, "type a letter", await frames.press("y", "y"), frames)
                record(out, cpu, "add an item (Enter)", await frames.press("enter"), frames)
            await frames.press("down")
            for _ in range(rounds):
                record(out, cpu, "move between items", await frames.press("down"), frames)
            for _ in range(rounds // 2):
                record(out, cpu, "next column (Tab)", await frames.press("right"), frames)

        async def group(app, frames) -> None:  # noqa: ANN001
            for _ in range(rounds // 2):
                record(out, cpu, "pick an item (Enter)", await frames.press("enter"), frames)
                record(out, cpu, "drop it in a theme (Enter)", await frames.press("enter"), frames)

        async def vote(app, frames) -> None:  # noqa: ANN001
            for i in range(min(rounds, 3 * len(PEOPLE))):  # every dot of every voter, none refused
                if i and i % 3 == 0:
                    await frames.press("right")  # the next voter: each has 3 dots
                record(out, cpu, "vote (space)", await frames.press("space"), frames)
                await frames.press("down")

        await run(gather_id, gather)
        await run(group_id, group)
        await run(vote_id, vote)
    return out, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--size", default="120x40")
    args = parser.parse_args(argv)
    cols, rows = (int(v) for v in args.size.split("x"))
    results, cpu = asyncio.run(measure((cols, rows), args.rounds))
    worst = worst_cpu = 0.0

    def p95(samples: list[float]) -> float:
        samples = sorted(samples)
        return samples[max(0, int(len(samples) * 0.95) - 1)]

    print(f"{'action':28} {'n':>3}  {'first p95':>9}  {'settled p50':>11} {'p95':>8}  {'cpu p50':>8} {'p95':>7}")
    worst_first = 0.0
    for action, samples in results.items():
        worst, worst_cpu = max(worst, p95(samples)), max(worst_cpu, p95(cpu[action]))
        worst_first = max(worst_first, p95(FIRST[action]))
        print(f"{action:28} {len(samples):3}  {p95(FIRST[action]):7.1f}ms  {statistics.median(samples):9.1f}ms"
              f" {p95(samples):6.1f}ms  {statistics.median(cpu[action]):6.1f}ms {p95(cpu[action]):5.1f}ms")
    print(f"run_board: board={BOARD} size={args.size} first_frame_p95_ms={worst_first:.1f} "
          f"action_p95_ms={worst:.1f} action_cpu_p95_ms={worst_cpu:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
