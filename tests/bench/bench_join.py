"""bench-join: what a participant in a browser meets, through `retro serve` and real `retro join`
processes, on a fresh copy of the five-year store.

    python tests/bench/bench_join.py [--store PATH] [--writes N] [--opens N]

The facilitator runs `retro run --resume` in a real pseudo-terminal, on a gather board whose
columns are revealed (so a participant's item shows with its text, as after the reveal of a
silent round; before it, the same row shows as a block). Participants are websocket clients
speaking textual-serve's protocol, each fetching the page and its files first, as a browser does.

1. prompt_s: page open → name prompt. One browser at a time, each a cold `retro join` process
   (the previous one gone): from the GET of the join URL, through the page's script, style and
   fonts, the websocket and its first resize, to "Your name" in the terminal output. p95 (of a
   handful, so their slowest). The same for the 12 opening at once is printed beside it.
2. item_p95_ms: 12 participants join (name, remote), each in a column of their own, and write
   items at a person's pace (one every 1–2 s, all at once) while the facilitator's board shows
   them. From the participant's write committed (`JoinApp.write` returned: the store's lock
   released, the files fsynced) to the end of the facilitator's first frame whose board list
   holds the item (its row, and the column's count in the title). p95 over every item. Then a
   vote (3 dots each) and a ROTI each, timed the same way on the facilitator's voter and ROTI
   rows; they are printed, the `bench-join:` line carries the items.
3. rss_mb: VmRSS of each participant's `retro join` process (/proc/PID/status), read once all
   12 have joined and show the gather view, and again with the board full and the votes given;
   the figure is the largest of the 24. Pss (shared pages split between the processes that
   map them) is printed beside it: what each of the 12 costs when they run together.

To time the commit and the frame, both programs run under a wrapper from this file
(`--as-join`, `--as-facilitator`): the join's writes and the facilitator's frames are stamped
with the system-wide monotonic clock and written to a log; retro itself is unchanged. The
prompt figure, and a check of the memory of a plain join, are taken with plain `retro serve`
and `retro join` (no wrapper). CPU time used by the joins, the facilitator and serve while
the items and votes come is printed too. Last line: the figures as JSON.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

# -- the wrappers, run as the app processes (nothing heavy imported before them) ---------------

WATCHED = ("vote-voters", "close-roti")  # with the gather columns' lists (items-0, items-1, …)


def _run_retro(argv: list[str]) -> None:
    from retro.cli.entry import run

    sys.argv = ["retro", *argv]
    run()


def as_join(log_dir: Path, argv: list[str]) -> None:
    """`retro join`, each write stamped as it is committed: [time, who, ok, view, item id, text]."""
    from retro.tui.join.app import JoinApp

    out = (log_dir / f"join-{os.getpid()}.jsonl").open("a", encoding="utf-8", buffering=1)
    write = JoinApp.write

    def stamped(self, change):  # noqa: ANN001, ANN202
        ok, result = write(self, change)
        at = time.monotonic()
        view = getattr(self.screen, "view", None)
        out.write(json.dumps([at, self.who, ok, type(view).__name__ if view is not None else None,
                              getattr(result, "id", None), getattr(result, "text", None)]) + "\n")
        return ok, result

    JoinApp.write = stamped  # type: ignore[method-assign]
    _run_retro(argv)


def as_facilitator(log: Path, argv: list[str]) -> None:
    """`retro`, each frame's end stamped with the board rows that changed: [time, list, row, key]."""
    from textual.app import App

    from retro.tui.widgets.item_list import ItemList

    out = log.open("a", encoding="utf-8", buffering=1)
    shown: dict[tuple[str, str], object] = {}
    display = App._display

    def stamped(self, screen, renderable) -> None:  # noqa: ANN001
        display(self, screen, renderable)
        if renderable is None:
            return
        at = time.monotonic()
        for rows in screen.query(ItemList):
            name = rows.id or ""
            if not (name.startswith("items-") or name in WATCHED):
                continue
            for row in rows.options:
                if shown.get((name, row.id)) != row.key:
                    shown[(name, row.id)] = row.key
                    out.write(json.dumps([at, name, row.id, row.key], default=str) + "\n")

    App._display = stamped  # type: ignore[method-assign]
    _run_retro(argv)


if __name__ == "__main__" and sys.argv[1:2] in (["--as-join"], ["--as-facilitator"]):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    (as_join if sys.argv[1] == "--as-join" else as_facilitator)(Path(sys.argv[2]), sys.argv[3:])
    sys.exit(0)

# -- the bench ---------------------------------------------------------------------------------

import argparse  # noqa: E402
import asyncio  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import shlex  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import tomllib  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PYTHON, ROOT, env_for, five_year_store, fresh_copy, line, median, p95  # noqa: E402
from pty_term import _ESCAPES, SYNC_QUERY, SYNC_REPLY, Terminal  # noqa: E402

from tests.web.support import alive, children  # noqa: E402

PARTICIPANTS = 12
SIZE = (80, 24)  # each participant's terminal in the page
FACILITATOR_SIZE = (120, 40)
PACE_S = (1.0, 2.0)  # between one participant's items: a person writing, not a script
START_S = 120  # generous: 12 processes importing Textual at once on two cores
SEEN_S = 60  # every write on the facilitator's screen within this, or the bench fails
ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]")
STATIC = re.compile(r"""/static/[^"')\s]+""")
FORMAT = ROOT / "formats" / "hybrid-experiments.toml"
# As a module, not a script: from its cached bytecode, as retro's own modules are loaded (a script
# is compiled on every start, and the compiler's memory would be counted as the join's).
WRAPPER = [PYTHON, "-m", "tests.bench.bench_join"]


def gathering_retro(store: Path) -> str:
    """A hybrid-experiments retro in its gather phase, every column revealed; its id."""
    from retro.domain.retro import Participant, Retro
    from retro.store import Repository

    fmt = tomllib.loads(FORMAT.read_text(encoding="utf-8"))
    kinds = [phase["kind"] for phase in fmt["phases"]]
    gather = fmt["phases"][kinds.index("gather")]
    repo = Repository.open(store)
    retro = Retro.start(fmt["id"], "Bench", [Participant("Anna")], repo.clock.now())
    retro.phase_index = kinds.index("gather")
    retro.reveal([column["id"] for column in gather["columns"]])
    repo.add(retro)
    return retro.id


# -- processes ----------------------------------------------------------------------------------


def cpu_s(pid: int) -> float:
    """CPU time (user and system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, Pss) of a process, in MB."""
    rss = next(int(row.split()[1]) for row in Path(f"/proc/{pid}/status").read_text().splitlines()
               if row.startswith("VmRSS:"))
    pss = next(int(row.split()[1]) for row in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()
               if row.startswith("Pss:"))
    return rss / 1024, pss / 1024


class Serve:
    """`retro serve RETRO_ID --port 0`: each tab's app is `retro join`, or `app` when given."""

    def __init__(self, retro_id: str, env: dict[str, str], app: list[str] | None = None) -> None:
        extra = ["--app-command", shlex.join(app)] if app else []
        self.proc = subprocess.Popen([PYTHON, "-m", "retro", "--lang", "en", "serve", retro_id, "--port", "0", *extra],
                                     env=env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        first: list[bytes] = []
        reader = threading.Thread(target=lambda: first.append(self.proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
        reader.start()
        reader.join(30)
        if not first or not first[0]:
            self.proc.kill()
            raise RuntimeError(f"serve printed no URL: {self.proc.wait(5)} {self.proc.stderr.read()!r}")  # type: ignore[union-attr]
        self.stderr: list[bytes] = []
        self.stderr_reader = threading.Thread(target=lambda: self.stderr.append(self.proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
        self.stderr_reader.start()
        self.url = first[0].decode().strip()
        self.base = self.url.split("/?", 1)[0]
        self.apps: set[int] = set()  # every app process seen, to check none is left behind

    def app_pids(self) -> list[int]:
        found = children(self.proc.pid)
        self.apps.update(found)
        return found

    def errors(self) -> str:
        """What serve wrote on stderr (once it has ended)."""
        self.stderr_reader.join(10)
        return b"".join(self.stderr).decode(errors="replace")

    def stop(self) -> int:
        """SIGTERM, as a user's Ctrl+C or the run screen's stop; its exit code."""
        if self.proc.poll() is None:
            self.app_pids()
            self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(30)


class Facilitator:
    """`retro run --resume RETRO_ID` in a pty, its output read on the event loop as it comes."""

    def __init__(self, retro_id: str, log: Path, env: dict[str, str]) -> None:
        self.log = log
        self.term = Terminal([*WRAPPER, "--as-facilitator", str(log), "--lang", "en",
                              "run", "--resume", retro_id], env=env, size=FACILITATOR_SIZE, cwd=str(ROOT))
        self.raw = bytearray()
        self.more = asyncio.Event()
        asyncio.get_running_loop().add_reader(self.term.master, self._read)

    def _read(self) -> None:
        try:
            chunk = os.read(self.term.master, 1 << 16)
        except OSError:
            chunk = b""
        if not chunk:  # the program has gone
            asyncio.get_running_loop().remove_reader(self.term.master)
            self.more.set()
            return
        if SYNC_QUERY in chunk:
            os.write(self.term.master, SYNC_REPLY)
        self.raw += chunk
        if len(self.raw) > 1 << 20:
            del self.raw[: -(1 << 16)]
        self.more.set()

    async def wait_for(self, marker: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while marker not in _ESCAPES.sub("", bytes(self.raw).decode("utf-8", "replace")):
            if time.monotonic() > deadline or not self.term.alive():
                tail = _ESCAPES.sub("", bytes(self.raw[-4000:]).decode("utf-8", "replace"))
                raise TimeoutError(f"the facilitator's screen never showed {marker!r}: {tail!r}")
            self.more.clear()
            try:
                await asyncio.wait_for(self.more.wait(), 0.5)
            except asyncio.TimeoutError:
                pass

    async def key(self, key: str, then: str) -> None:
        """A key, and what its screen shows once done (the next key waits for it)."""
        self.raw.clear()
        self.term.press(key)
        await self.wait_for(then)

    def rows(self) -> list[list[object]]:
        return [json.loads(row) for row in self.log.read_text(encoding="utf-8").splitlines()]

    def showing(self, lists: str) -> dict[str, list]:  # type: ignore[type-arg]
        """What the rows of the lists named `lists…` show now: row id → its key."""
        return {str(row): key for _, where, row, key in self.rows() if str(where).startswith(lists)}  # type: ignore

    def quit(self) -> None:
        asyncio.get_running_loop().remove_reader(self.term.master)
        self.term.quit()


# -- a browser tab --------------------------------------------------------------------------------


class Tab:
    """One browser: the page and its files fetched, then the websocket, read all along (a page
    that stopped reading would hold its app's output up)."""

    def __init__(self, http, ws) -> None:  # noqa: ANN001 - aiohttp's session and websocket
        self.http, self.ws = http, ws
        self.raw = bytearray()
        self.more = asyncio.Event()
        self.reader = asyncio.ensure_future(self._read())

    @classmethod
    async def open(cls, serve: Serve) -> tuple[Tab, float]:
        """Open the join URL as a browser does; the tab and the seconds to the name prompt."""
        import aiohttp

        http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))  # the token's cookie on an IP
        began = time.monotonic()
        async with http.get(serve.url) as page:
            html = await page.text()
            if page.status != 200:
                raise RuntimeError(f"the page answered {page.status}")

        async def fetch(path: str) -> None:
            async with http.get(serve.base + path) as got:
                await got.read()

        await asyncio.gather(*(fetch(path) for path in sorted(set(STATIC.findall(html)))))
        cols, rows = SIZE
        ws = await http.ws_connect(f"{serve.base.replace('http', 'ws', 1)}/ws?width={cols}&height={rows}",
                                   headers={"Origin": serve.base})
        tab = cls(http, ws)
        await tab.send(["resize", {"width": cols, "height": rows}])
        await tab.wait_for("Your name", START_S)
        return tab, time.monotonic() - began

    async def _read(self) -> None:
        import aiohttp

        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.raw += message.data
                if len(self.raw) > 1 << 20:
                    del self.raw[: -(1 << 16)]
                self.more.set()
        self.more.set()

    async def send(self, message: list[object]) -> None:
        await self.ws.send_json(message)

    async def type(self, text: str) -> None:
        await self.send(["stdin", text])

    def mark(self) -> None:
        self.raw.clear()

    async def wait_for(self, marker: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while marker.encode() not in ANSI.sub(b"", bytes(self.raw)):
            if time.monotonic() > deadline or self.reader.done():
                tail = ANSI.sub(b"", bytes(self.raw[-3000:])).decode("utf-8", "replace")
                raise TimeoutError(f"a tab never showed {marker!r} (closed: {self.reader.done()}): {tail!r}")
            self.more.clear()
            try:
                await asyncio.wait_for(self.more.wait(), 0.5)
            except asyncio.TimeoutError:
                pass

    async def shows(self, marker: str, timeout: float = 60) -> bool:
        """Waits for `marker`; False if the tab's app ended first."""
        try:
            await self.wait_for(marker, timeout)
        except TimeoutError:
            if self.reader.done():
                return False
            raise
        return True

    async def join(self, name: str) -> None:
        self.mark()
        await self.type(name)
        await asyncio.sleep(0.3)  # typed text and Enter as two messages, as a person types them
        await self.type("\r")
        await self.wait_for("In the room or remote?", START_S)
        await self.type("\r")  # remote
        await self.wait_for(f"you: {name}", START_S)

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()
        await self.http.close()


# -- the session ---------------------------------------------------------------------------------


@dataclass
class Found:
    """What one session measured: milliseconds, seconds and MB as named."""

    item: list[float] = field(default_factory=list)  # commit → facilitator's frame
    item_enter: list[float] = field(default_factory=list)  # Enter in the page → facilitator's frame
    item_write: list[float] = field(default_factory=list)  # Enter in the page → commit
    vote: list[float] = field(default_factory=list)
    roti: list[float] = field(default_factory=list)
    prompts: list[float] = field(default_factory=list)  # one at a time, seconds
    together: list[float] = field(default_factory=list)  # the 12 at once, seconds
    plain_rss: list[float] = field(default_factory=list)  # plain joins, just joined
    joined: list[tuple[float, float]] = field(default_factory=list)  # (VmRSS, Pss) of the 12, joined
    full: list[tuple[float, float]] = field(default_factory=list)  # … the board full, votes given
    cpu: dict[str, float] = field(default_factory=dict)  # CPU seconds while items and votes came
    busy_s: float = 0.0
    writing_s: float = 0.0
    items: int = 0
    entered: dict[str, float] = field(default_factory=dict)  # each item's text → when its Enter was sent
    ended: str = ""  # where the join apps ended before the ROTI, if they did
    errors: str = ""  # serve's stderr: the join apps' tracebacks


async def until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.2)


async def opens_one_at_a_time(serve: Serve, count: int, found: Found) -> None:
    """Page open → name prompt, each open a cold `retro join` (the last one gone first); then
    the join, for the memory of a plain one."""
    for n in range(count):
        await asyncio.sleep(1.0)  # the machine as the previous join left it, settled
        tab, seconds = await Tab.open(serve)
        found.prompts.append(seconds)
        await tab.join(f"Early {n}")
        found.plain_rss += [memory_mb(pid)[0] for pid in serve.app_pids()]
        await tab.close()
        await until(lambda: not serve.app_pids(), 30, "a closed tab's app did not end")


async def write(tab: Tab, name: str, column: int, writes: int, rng: random.Random, entered: dict[str, float]) -> None:
    """One participant writing `writes` items into their column, at a person's pace."""
    for _ in range(column):
        await tab.type("\t")  # the next column
        await asyncio.sleep(0.2)
    await asyncio.sleep(rng.uniform(0, PACE_S[1]))
    for k in range(writes):
        text = f"{name} wrote {k}"
        await tab.type(text)
        await asyncio.sleep(0.15)
        entered[text] = time.monotonic()
        await tab.type("\r")
        await asyncio.sleep(rng.uniform(*PACE_S))


async def vote(tab: Tab, dots: int, rng: random.Random) -> None:
    await asyncio.sleep(rng.uniform(0, PACE_S[1]))
    for _ in range(dots):
        await tab.type(" ")
        await asyncio.sleep(rng.uniform(*PACE_S))
        await tab.type("\x1b[B")  # down: the next dot on the next item


def cpu_now(facilitator: Facilitator, served: Serve, apps: list[int]) -> dict[str, float]:
    return {"joins": sum(cpu_s(pid) for pid in apps), "facilitator": cpu_s(facilitator.term.proc.pid),
            "serve": cpu_s(served.proc.pid)}


async def participants(facilitator: Facilitator, served: Serve, writes: int, rng: random.Random,
                       found: Found) -> list[Tab]:
    """12 open the page at once and join, write their items, then vote; the tabs."""
    names = [f"P{n:02}" for n in range(PARTICIPANTS)]
    opened = await asyncio.gather(*(Tab.open(served) for _ in names))
    tabs = [tab for tab, _ in opened]
    found.together = [seconds for _, seconds in opened]
    await asyncio.gather(*(tab.join(name) for tab, name in zip(tabs, names, strict=True)))
    apps = served.app_pids()
    if len(apps) != PARTICIPANTS:
        raise RuntimeError(f"{len(apps)} join processes for {PARTICIPANTS} tabs")
    found.joined = [memory_mb(pid) for pid in apps]

    cpu_before, began = cpu_now(facilitator, served, apps), time.monotonic()
    await asyncio.gather(*(write(tab, name, n % 3, writes, random.Random(rng.random()), found.entered)
                           for n, (tab, name) in enumerate(zip(tabs, names, strict=True))))
    found.writing_s, found.items = time.monotonic() - began, PARTICIPANTS * writes
    await until(lambda: len(facilitator.showing("items-")) >= found.items, SEEN_S,
                "the facilitator's board never showed every item")

    for tab in tabs:
        tab.mark()
    await facilitator.key("pagedown", "Not in a theme")  # group
    await facilitator.key("pagedown", "Who votes")
    for tab in tabs:
        await tab.wait_for("Your dots")
    dots = 3
    await asyncio.gather(*(vote(tab, dots, random.Random(rng.random())) for tab in tabs))

    def dots_shown() -> int:  # a voter's row: (name, remote, dots used, budget)
        return sum(key[2] for name, key in facilitator.showing("vote-voters").items() if name in names)

    await until(lambda: dots_shown() >= PARTICIPANTS * dots, SEEN_S, "the facilitator never showed every dot")
    found.full = [memory_mb(pid) for pid in apps]
    found.busy_s = time.monotonic() - began
    found.cpu = {who: spent - cpu_before[who] for who, spent in cpu_now(facilitator, served, apps).items()}
    return tabs


async def roti(facilitator: Facilitator, tabs: list[Tab], rng: random.Random, found: Found) -> None:
    """On through discuss and decide to close, where each gives a ROTI of 4. If the join apps
    end on the way (a crash), the ROTI is not measured and `found.ended` says where."""
    for place, shows in (("6/8", "Topic:"), ("7/8", "No experiment written yet.")):  # discuss, decide
        for tab in tabs:
            tab.mark()
        await facilitator.key("pagedown", place)
        if not all(await asyncio.gather(*(tab.shows(shows) for tab in tabs))):
            found.ended = place
            return
    for tab in tabs:
        tab.mark()
    await facilitator.key("pagedown", "8/8")  # close
    for tab in tabs:
        await tab.wait_for("Press 1")

    async def give(tab: Tab) -> None:
        await asyncio.sleep(rng.uniform(0, 2 * PACE_S[1]))
        await tab.type("4")

    await asyncio.gather(*(give(tab) for tab in tabs))
    names = {f"P{n:02}" for n in range(PARTICIPANTS)}

    def given() -> int:  # a ROTI row: (name, score, remote)
        return sum(1 for name, key in facilitator.showing("close-roti").items() if name in names and key[1] is not None)

    await until(lambda: given() >= PARTICIPANTS, SEEN_S, "the facilitator never showed every ROTI")


async def session(store: Path, writes: int, opens: int, seed: int) -> Found:
    found = Found()
    work = Path(tempfile.mkdtemp(prefix="retro-bench-join-"))
    env = env_for(store)
    retro_id = gathering_retro(store)
    rng = random.Random(seed)
    facilitator = Facilitator(retro_id, work / "facilitator.jsonl", env)
    serves: list[Serve] = []
    tabs: list[Tab] = []
    logs = work / "joins"
    logs.mkdir()
    try:
        await facilitator.wait_for("Worked well", START_S)
        await asyncio.sleep(3.0)  # the store warmed in the background, as by the time people join
        serves.append(Serve(retro_id, env))
        await opens_one_at_a_time(serves[0], opens, found)
        if serves[0].stop():
            raise RuntimeError(f"serve ended with an error: {serves[0].errors()[-2000:]}")
        serves.append(Serve(retro_id, env, app=[*WRAPPER, "--as-join", str(logs), "--db", str(store), "--lang", "en",
                                                "join", retro_id]))
        tabs = await participants(facilitator, serves[1], writes, rng, found)
        await roti(facilitator, tabs, rng, found)
    except BaseException:
        for serve in serves:
            serve.stop()
            print(serve.errors()[-3000:], file=sys.stderr)
        raise
    finally:
        for tab in tabs:
            await tab.close()
        codes = [serve.stop() for serve in serves]
        facilitator.quit()
    if any(codes):
        raise RuntimeError(f"serve ended with {codes}: {serves[-1].errors()[-2000:]}")
    left = [pid for serve in serves for pid in [serve.proc.pid, *serve.apps] if alive(pid)]
    left += [facilitator.term.proc.pid] if alive(facilitator.term.proc.pid) else []
    if left:
        raise RuntimeError(f"processes left behind: {left}")
    found.errors = serves[1].errors()
    joins = [json.loads(row) for path in sorted(logs.glob("join-*.jsonl"))
             for row in path.read_text(encoding="utf-8").splitlines()]
    timings(joins, facilitator.rows(), found)
    return found


def timings(joins: list[list[object]], shown: list[list[object]], found: Found) -> None:
    """Commit → facilitator's frame for each item, dot and ROTI; and Enter → commit, Enter →
    frame for the items. Milliseconds."""
    first: dict[str, float] = {}  # item id → its first frame
    voted: dict[str, list[tuple[float, int]]] = {}  # voter → (frame, dots shown)
    rated: dict[str, float] = {}  # participant → the first frame with their ROTI
    for at, where, row, key in shown:
        if str(where).startswith("items-"):
            first.setdefault(str(row), float(at))  # type: ignore[arg-type]
        elif where == "vote-voters":
            voted.setdefault(str(row), []).append((float(at), int(key[2])))  # type: ignore[index, arg-type]
        elif where == "close-roti" and key[1] is not None:  # type: ignore[index]
            rated.setdefault(str(row), float(at))  # type: ignore[arg-type]
    dots: dict[str, int] = {}
    for at, who, ok, view, item_id, text in sorted(joins, key=lambda row: float(row[0])):  # type: ignore[arg-type]
        if not ok:
            raise RuntimeError(f"a write of {who} was refused ({view})")
        committed, who = float(at), str(who)  # type: ignore[arg-type]
        if view == "GatherView" and item_id:
            found.item.append((first[str(item_id)] - committed) * 1000)
            found.item_enter.append((first[str(item_id)] - found.entered[str(text)]) * 1000)
            found.item_write.append((committed - found.entered[str(text)]) * 1000)
        elif view == "VoteView":
            dots[who] = dots.get(who, 0) + 1
            frame = next(at for at, count in voted[who] if count >= dots[who])
            found.vote.append((frame - committed) * 1000)
        elif view == "CloseView":
            found.roti.append((rated[who] - committed) * 1000)


def report(found: Found, load: float, took: float) -> dict[str, float | None]:
    """Print the figures; the ones for the last line."""
    rotis = f" and {len(found.roti)} ROTIs" if found.roti else ""
    print(f"join: {PARTICIPANTS} participants through retro serve, five-year store, {found.items} items written in "
          f"{found.writing_s:.0f} s, then {3 * PARTICIPANTS} dots{rotis} (load {load:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end; {took:.0f} s):")
    print(line("* item: commit → facilitator frame", found.item))
    print(line("  item: Enter → facilitator frame", found.item_enter))
    print(line("  item: Enter → commit (the join)", found.item_write))
    print(line("  dot: commit → facilitator frame", found.vote))
    if found.roti:
        print(line("  ROTI: commit → facilitator frame", found.roti))
    else:
        said = [row for row in found.errors.splitlines() if re.match(r"\w+(Error|Exception):", row)]
        print(f"    ROTI: not measured: the join apps ended as the facilitator went on to phase {found.ended} "
              f"({said[-1] if said else 'nothing on stderr'})")
    print(line("* page → name prompt, one by one", [1000 * s for s in found.prompts]))
    print(line("  page → name prompt, 12 at once", [1000 * s for s in found.together]))
    joined, full = [m[0] for m in found.joined], [m[0] for m in found.full]
    print(f"  participant's VmRSS: joined {median(joined):.1f} (max {max(joined):.1f}) MB; board full "
          f"{median(full):.1f} (max {max(full):.1f}, Pss {median([m[1] for m in found.full]):.1f}) MB; "
          f"a plain retro join, joined: max {max(found.plain_rss):.1f} MB")
    cores, cpu = os.cpu_count() or 1, found.cpu
    print(f"  CPU while the items and dots came ({found.busy_s:.0f} s × {cores} cores): the 12 joins "
          f"{cpu['joins']:.1f} s, the facilitator {cpu['facilitator']:.1f} s, serve {cpu['serve']:.1f} s")
    figures = {"item_p95_ms": p95(found.item), "vote_p95_ms": p95(found.vote),
               "roti_p95_ms": p95(found.roti) if found.roti else None, "rss_mb": max(joined + full),
               "prompt_s": p95(found.prompts), "prompt_together_s": p95(found.together), "took_s": took}
    roti_p95 = f"{figures['roti_p95_ms']:.0f}" if found.roti else "none"
    print(f"join: item_p95_ms={figures['item_p95_ms']:.0f} vote_p95_ms={figures['vote_p95_ms']:.0f} "
          f"roti_p95_ms={roti_p95} rss_mb={figures['rss_mb']:.0f} prompt_s={figures['prompt_s']:.2f}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a five-year store (generated when omitted)")
    parser.add_argument("--writes", type=int, default=15, help="items each of the 12 participants writes")
    parser.add_argument("--opens", type=int, default=9, help="page opens one at a time, for prompt_s")
    parser.add_argument("--seed", type=int, default=2026, help="the participants' pace")
    args = parser.parse_args(argv)
    store = args.store or five_year_store()
    load, began = os.getloadavg()[0], time.monotonic()
    found = asyncio.run(session(fresh_copy(store), args.writes, args.opens, args.seed))
    print(json.dumps(report(found, load, time.monotonic() - began)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
