"""Keypress → screen update on the kata log of the five-year store, measured inside the app.

For working on the kata screens (issue 4: "opens and scrolls within one frame per keypress");
issue 6's `make bench` measures the same keys in a real pty (bench_actions.py, `kata` session).
The key event is handed to the driver and the clock stops at a frame the screen composes (the
app's `_display`, which a real terminal would write), as in bench_run_board.py.

    python tests/bench/bench_kata.py [--store PATH] [--rounds N] [--size 120x40] [--no-prepare] [--profile DIR]

The app builds the kata screen ahead after a pause on the home screen, as `retro` does
(`--no-prepare`: the first `k` builds it); the later ones show the one the app keeps.

Per action: the first frame after the key; the first frame that shows the whole view the key
asked for ("complete": a screen may paint a skeleton first and fill it from a worker); the CPU
time of the process (all threads) up to that frame; and the last frame before the screen
went quiet — on a shared machine the wall time also counts other processes' turns, the CPU time
does not. Ends with one line: `kata: first_frame_p95_ms=… action_p95_ms=… action_cpu_p95_ms=…`
(each the worst action's p95; action = complete). `--profile DIR` writes one cProfile per action.
"""

from __future__ import annotations

import argparse
import gc
import asyncio
import cProfile
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual import events  # noqa: E402

from retro.tui.app import PREPARE_IDLE_S, make_app  # noqa: E402
from retro.domain.clock import FixedClock  # noqa: E402
from retro.store import Repository  # noqa: E402
from tests.bench.common import NOW, five_year_store, fresh_copy, p95  # noqa: E402

Samples = dict[str, list[float]]


QUIET_S = 0.06  # no new frame for this long: the screen has settled


class ViewClock:
    """Like bench_run_board's FrameClock, and also stops a clock at the first frame that shows
    the whole view the key asked for (`ready()` true when the frame is composed): a screen that
    paints a skeleton first and fills it from a worker is not done at its first frame."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app
        self.ready: Callable[[], bool] = lambda: True
        self.frames: list[tuple[float, float, bool]] = []  # (wall, cpu, ready)
        original = app._display

        def display(screen, renderable):  # noqa: ANN001, ANN202
            result = original(screen, renderable)
            if renderable is not None:
                self.frames.append((time.perf_counter(), time.process_time(), self.ready()))
            return result

        app._display = display

    async def press(self, key: str, character: str | None, ready: Callable[[], bool]) -> tuple[float, float, float, float]:
        """(first frame, complete frame, settled frame, CPU to the complete frame), in ms."""
        self.frames.clear()
        self.ready = ready
        start, cpu = time.perf_counter(), time.process_time()
        self.app._driver.send_message(events.Key(key, character or (" " if key == "space" else None)))
        deadline = start + 10
        while time.perf_counter() < deadline:
            await asyncio.sleep(0.005)
            done = next((f for f in self.frames if f[2]), None)
            if done is not None and time.perf_counter() - self.frames[-1][0] > QUIET_S:
                ms = [(self.frames[0][0] - start) * 1000, (done[0] - start) * 1000,
                      (self.frames[-1][0] - start) * 1000, (done[1] - cpu) * 1000]
                self.ready = lambda: True
                return ms[0], ms[1], ms[2], ms[3]
        raise TimeoutError(f"no complete frame after {key} on {self.app.screen!r}")


class Recorder:
    def __init__(self, clock: ViewClock, profile: bool) -> None:
        self.clock = clock
        self.profiles: dict[str, cProfile.Profile] | None = {} if profile else None
        self.first: Samples = {}
        self.complete: Samples = {}
        self.settled: Samples = {}
        self.cpu: Samples = {}

    async def press(self, key: str, label: str | None = None, character: str | None = None,
                    ready: Callable[[], bool] = lambda: True) -> None:
        profile = None
        if label is not None and self.profiles is not None:
            profile = self.profiles.setdefault(label, cProfile.Profile())
            profile.enable()
        try:
            first, complete, settled, cpu = await self.clock.press(key, character, ready)
        finally:
            if profile is not None:
                profile.disable()
        if label is not None:
            for samples, value in ((self.first, first), (self.complete, complete), (self.settled, settled),
                                   (self.cpu, cpu)):
                samples.setdefault(label, []).append(value)

    async def type(self, text: str) -> None:
        for ch in text:
            await self.press("space" if ch == " " else ch, "type a letter (form)", ch)


async def measure(store: Path, size: tuple[int, int], rounds: int, profile: bool, prepare: bool = True) -> Recorder:
    from retro.tui.dialogs.experiment_form import ExperimentForm
    from retro.tui.screens.home import HomeScreen
    from retro.tui.screens.kata import KataScreen
    from retro.tui.widgets.kata_record import RecordTable

    repo = Repository.open(fresh_copy(store), FixedClock(NOW))
    app = make_app(repo, clock=repo.clock, language="en", prepare_kata=prepare)

    def on_kata() -> KataScreen | None:
        return app.screen if isinstance(app.screen, KataScreen) else None

    def record_rows() -> int:
        screen = on_kata()
        return screen.query_one(RecordTable).row_count if screen is not None else -1

    def shows(selector: str) -> Callable[[], bool]:
        """A widget of the kata screen is in view and has something in it."""
        def ready() -> bool:
            screen = on_kata()
            if screen is None:
                return False
            found = screen.query(selector)
            return bool(found) and found.first().display and found.first().region.height > 0
        return ready

    gc.disable()  # as launch() does: the app freezes what the start made and turns it on again
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # the store is warmed after the first paint, as in use
        await pilot.pause()
        if prepare:  # the user looks at the home screen for a moment: the app builds the kata log
            await asyncio.sleep(PREPARE_IDLE_S + 0.2)
            await app.workers.wait_for_complete()
            await asyncio.sleep(1.0)  # and then its experiment form
            await pilot.pause()
        rec = Recorder(ViewClock(app), profile)
        for n in range(rounds):
            label = "open the kata log" + (" (again)" if n else " (first)")
            await rec.press("k", label, ready=lambda: record_rows() > 0)
            await rec.press("escape", "back home", ready=lambda: isinstance(app.screen, HomeScreen))
        await rec.press("k", ready=lambda: record_rows() > 0)
        for _ in range(rounds):
            await rec.press("down", "move in the record")
        for _ in range(rounds):
            await rec.press("up", "move in the record")
        for _ in range(max(1, rounds // 3)):
            await rec.press("2", "History tab", ready=shows("#kata-past"))
            for _ in range(3):
                await rec.press("pagedown", "scroll the history")
            await rec.press("3", "Picture tab", ready=shows("#chart-match"))
            await rec.press("1", "Now tab", ready=shows("#kata-record"))
        for n in range(rounds):
            await rec.press("n", "open the experiment form", ready=lambda: isinstance(app.screen, ExperimentForm))
            await rec.type(f"Step {n}")
            await rec.press("tab")
            await rec.type(f"Expect {n}")
            rows = app.screen_stack[-2].query_one(RecordTable).row_count
            await rec.press("ctrl+s", "add an experiment", ready=lambda rows=rows: record_rows() == rows + 1)
        return rec


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a five-year store (generated when omitted); only a copy is used")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--no-prepare", action="store_true", help="do not build the kata log ahead: the first k builds it")
    parser.add_argument("--profile", type=Path, help="a folder: one cProfile per action (slows every key)")
    args = parser.parse_args(argv)
    cols, rows = (int(v) for v in args.size.split("x"))
    store = args.store or five_year_store()
    rec = asyncio.run(measure(store, (cols, rows), args.rounds, args.profile is not None, not args.no_prepare))
    if args.profile is not None and rec.profiles is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
        for label, profile in rec.profiles.items():
            profile.dump_stats(str(args.profile / (label.replace(" ", "-").replace("(", "").replace(")", "") + ".prof")))
    print(f"{'action':26} {'n':>3}  {'first p50':>9} {'p95':>6}  {'complete p50':>12} {'p95':>6}"
          f"  {'cpu p50':>7} {'p95':>6}  {'settled p95':>11}")
    worst_first = worst = worst_cpu = 0.0
    for label, samples in rec.complete.items():
        first, cpu, settled = rec.first[label], rec.cpu[label], rec.settled[label]
        worst_first, worst, worst_cpu = max(worst_first, p95(first)), max(worst, p95(samples)), max(worst_cpu, p95(cpu))
        print(f"{label:26} {len(samples):3}  {statistics.median(first):7.1f}ms {p95(first):4.0f}ms"
              f"  {statistics.median(samples):10.1f}ms {p95(samples):4.0f}ms"
              f"  {statistics.median(cpu):5.1f}ms {p95(cpu):4.0f}ms  {p95(settled):9.0f}ms")
    print(f"kata: size={args.size} first_frame_p95_ms={worst_first:.1f} action_p95_ms={worst:.1f} "
          f"action_cpu_p95_ms={worst_cpu:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
