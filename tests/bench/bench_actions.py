"""action_p95_ms: keypress → screen update for the common actions, on the five-year store and
its running retro board of 200 items, in a real pseudo-terminal.

`retro` runs under instrumented.py in a pty (the real Linux driver, real rendering to terminal
sequences). Each key is sent as bytes, as a terminal would, and the next key waits until the
screen is quiet. Latency of one key = from the key event (stamped by Textual's input thread as
it parses the bytes) to the end of the first frame that began after the app received it.
Pilot's press + pause is not used: it idles ~84 ms per key.

Actions (issue 6): add an item (Enter), vote (space), move between items (down), open the kata
log (k), add an experiment (ctrl+s in the form). Typing a letter, the next column, picking an
item and dropping it in a theme, moving between phases (issue 3), and moving, paging and
switching tabs in the kata log (issue 4) are reported too. action_p95_ms is the WORST of the
five actions' p95s, not a pooled figure.
Also reports the peak RSS of each session (the kernel's ru_maxrss).

    python tests/bench/bench_actions.py [--store PATH] [--rounds N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import BENCH, PYTHON, ROOT, env_for, five_year_store, fresh_copy, line, median, p95  # noqa: E402
from pty_term import Terminal  # noqa: E402

ACTIONS = ("add an item", "vote", "move between items", "open the kata log", "add an experiment")
SIZE = (120, 40)
FRAME_MS = 16.0


class Session:
    """One `retro` in a pty; keys sent one by one, each with the label it is measured under."""

    def __init__(self, store: Path, args: list[str], ready: str, look_s: float = 0.0) -> None:
        self.log = Path(tempfile.mkdtemp(prefix="retro-bench-log-")) / "log.json"
        self.term = Terminal([PYTHON, str(BENCH / "instrumented.py"), *args], size=SIZE, cwd=str(ROOT),
                             env=env_for(store, RETRO_BENCH_LOG=str(self.log)))
        self.term.wait_for(ready, timeout=120)
        self.term.wait_quiet(0.5)
        if look_s:  # the user reads the screen before the first key (the app uses such pauses)
            time.sleep(look_s)
            self.term.wait_quiet(0.5)
        self.sent: list[str | None] = []  # one label per key; None = not measured
        self.names: list[str] = []  # the keys, as the app names them

    def key(self, key: str, label: str | None = None, expect: str | None = None) -> None:
        self.term.mark()
        self.term.press(key)
        self.sent.append(label)
        self.names.append(key)
        if expect is not None:
            self.term.wait_for(expect, timeout=30)
        self.term.wait_quiet(0.12)

    def type(self, text: str, label: str | None = "type a letter") -> None:
        for ch in text:
            self.key("space" if ch == " " else ch, label)

    def finish(self) -> tuple[dict[str, list[float]], int, list[str]]:
        """Per label, each key's latency; the session's peak RSS; and the keys over a frame,
        with any run of the cyclic collector inside them."""
        rss_kb = self.term.quit()
        records = json.loads(self.log.read_text())
        keys = [r for r in records if r[0] == "key"]
        frames = [r for r in records if r[0] == "frame"]
        collections = [r for r in records if r[0] == "gc"]
        seen = [r[1] for r in keys[: len(self.names)]]
        if seen != self.names:  # each key must meet its own label (then the quitting keys)
            at = next((i for i, (a, b) in enumerate(zip(seen, self.names)) if a != b), len(seen))
            raise RuntimeError(f"the app saw {seen[at:at + 3]} where {self.names[at:at + 3]} were sent (key {at})")
        out: dict[str, list[float]] = {}
        slow: list[str] = []
        for (_, _, at, received), label in zip(keys, self.sent, strict=False):
            if label is None:
                continue
            frame = next((f for f in frames if f[1] >= received), None)
            if frame is not None:
                ms = (frame[2] - at) * 1000
                out.setdefault(label, []).append(ms)
                if ms > FRAME_MS:
                    inside = [f"gen {g} {(end - start) * 1000:.1f} ms" for _, g, start, end in collections
                              if at <= start <= frame[2]]
                    slow.append(f"{label} #{len(out[label])}: {ms:.1f} ms"
                                + (f" (collector inside: {', '.join(inside)})" if inside else ""))
        return out, rss_kb, slow


def board(store: Path, rounds: int) -> tuple[dict[str, list[float]], int]:
    from retro.store import Repository

    big = Repository.open(store).retros(limit=1)[0]
    assert len(big.items) >= 200, "the five-year store's newest retro is its 200-item board"
    s = Session(store, ["run", "--resume", big.id], ready="Type what was said")
    s.key("ctrl+t")  # pause the phase timer: its ticks would be frames of their own
    for n in range(rounds):
        s.type(f"Bench {n}")
        s.key("enter", "add an item", expect=f"Bench {n}")
    for _ in range(3 * max(1, rounds // 3)):  # round the columns, back to the first
        s.key("tab", "next column")
    s.key("down")  # into the column's items
    for _ in range(rounds):
        s.key("down", "move between items")
    s.key("escape")
    # Each phase is fully shown before the next key: a key sent while the phase is still being
    # built would be timed with the build.
    s.key("pagedown", "next phase", expect="Not in a theme")
    s.key("ctrl+t")  # this phase's timer too
    s.key("n", None, expect="New theme")  # a theme to drop items into (its name asked in a dialog)
    s.key("ctrl+u")
    s.type("Bench theme", None)
    s.key("enter", None, expect="Bench theme")
    for _ in range(rounds):
        s.key("enter", "pick an item", expect="Moving")
        s.key("enter", "drop it in a theme")
    s.key("pagedown", "next phase", expect="Who votes")
    dots = len(big.participants) * 3  # three each: beyond them, the first vote is refused on screen
    for n in range(rounds):
        if n and n % 3 == 0:
            s.key("right")  # the next voter
        # A vote refused again shows what is shown already (the bell rings): no frame to time.
        s.key("space", "vote" if n < dots else "refuse a vote" if n == dots else None)
        s.key("down")
    return s.finish()


def kata(store: Path, rounds: int) -> tuple[dict[str, list[float]], int]:
    # Four seconds on the home screen: the store warms and the app builds the kata log and its
    # form ahead in the pause, as for someone who starts retro and then decides to look at the log.
    s = Session(store, [], ready="Recent retros", look_s=4.0)
    for _ in range(max(3, rounds // 3)):
        s.key("k", "open the kata log", expect="What will be done")
        s.key("escape", None, expect="Recent retros")
    s.key("k", None, expect="What will be done")
    for n in range(rounds):  # up and down, so that every key moves the cursor
        s.key("down" if n % 2 == 0 else "up", "move in the kata record")
    for _ in range(max(1, rounds // 5)):
        s.key("2", "switch kata tabs", expect="Reflection")
        for key in ("pagedown", "pagedown", "pageup", "pageup"):
            s.key(key, "page the kata history")
        s.key("1", "switch kata tabs", expect="What will be done")
    for n in range(max(3, rounds // 2)):
        s.key("n", "open the experiment form", expect="Plan an experiment")
        s.type(f"Bench step {n}")
        s.key("tab")
        s.type(f"Bench expectation {n}")
        s.key("ctrl+s", "add an experiment", expect="Planned")
    return s.finish()


def measure(store: Path, rounds: int) -> dict[str, object]:
    results: dict[str, list[float]] = {}
    rss: list[int] = []
    slow: list[str] = []
    for session in (board, kata):
        found, rss_kb, over = session(fresh_copy(store), rounds)
        rss.append(rss_kb)
        slow += over
        for label, samples in found.items():
            results.setdefault(label, []).extend(samples)
    missing = [a for a in ACTIONS if not results.get(a)]
    if missing:
        raise RuntimeError(f"no measurement for: {', '.join(missing)}")
    worst = max(ACTIONS, key=lambda a: p95(results[a]))
    return {"results": results, "slow": slow, "action_p95_ms": p95(results[worst]), "worst": worst,
            "rss_mb": max(rss) / 1024, "rss_board_mb": rss[0] / 1024, "rss_kata_mb": rss[1] / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a five-year store (generated when omitted)")
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    store = args.store or five_year_store()
    figures = measure(store, args.rounds)
    print("keypress → next frame, five-year store, 200-item board, real pty:")
    for label, samples in figures["results"].items():  # type: ignore[union-attr]
        mark = "*" if label in ACTIONS else " "
        print(line(f"{mark} {label}", samples))
    for over in figures["slow"]:  # type: ignore[union-attr]
        print(f"  over a frame: {over}")
    print(f"  peak RSS: board session {figures['rss_board_mb']:.0f} MB, kata session {figures['rss_kata_mb']:.0f} MB")
    print(f"actions: action_p95_ms={figures['action_p95_ms']:.1f} (worst: {figures['worst']}) "
          f"rss_mb={figures['rss_mb']:.0f}")
    print(json.dumps({k: v for k, v in figures.items() if k not in ("results", "slow")}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
