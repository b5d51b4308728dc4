"""Running `retro serve` as a subprocess, and a websocket client speaking textual-serve's
protocol: JSON text frames in (`["stdin", text]`, `["resize", {...}]`), terminal bytes out."""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp

STANDIN = Path(__file__).with_name("standin_app.py")
START_S = 30  # generous: the machine is shared, and each app imports Textual
ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]")


@dataclass
class Served:
    proc: subprocess.Popen[bytes]
    url: str
    out: Path  # the stand-in apps write their pids and what was typed here
    stderr: list[bytes] = field(default_factory=list)
    reader: threading.Thread | None = None

    def errors(self) -> str:
        """Everything serve wrote on stderr (once it has ended)."""
        assert self.reader is not None and self.proc.poll() is not None
        self.reader.join(10)
        return b"".join(self.stderr).decode()

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or 0

    @property
    def token(self) -> str:
        return parse_qs(urlsplit(self.url).query)["t"][0]

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws"

    @property
    def cookie(self) -> str:
        return f"retro_t_{self.port}"

    def app_pids(self) -> list[int]:
        return [int(p.name.removeprefix("pid-")) for p in self.out.glob("pid-*")]

    def typed(self) -> list[str]:
        path = self.out / "typed.txt"
        return path.read_text(encoding="utf-8").splitlines() if path.exists() else []

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(timeout)


def start_serve(retro_id: str, env: dict[str, str], out: Path, *extra: str, app: list[str] | None = None,
                stdin: int = subprocess.DEVNULL) -> Served:
    out.mkdir(parents=True, exist_ok=True)
    command = " ".join(app) if app is not None else f"{sys.executable} {STANDIN} {out}"
    proc = subprocess.Popen([sys.executable, "-m", "retro", "serve", retro_id, "--port", "0", "--app-command", command,
                             *extra], env=env, stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    served = Served(proc, "", out)
    first: list[bytes] = []
    reader = threading.Thread(target=lambda: first.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(START_S)
    served.reader = threading.Thread(target=lambda: served.stderr.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    served.reader.start()
    if not first or not first[0]:
        proc.kill()
        raise AssertionError(f"serve printed no URL: {proc.wait(5)}")
    served.url = first[0].decode().rstrip("\n")
    return served


def alive(pid: int) -> bool:
    """Running (a zombie, dead but not yet reaped, counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


def children(pid: int) -> list[int]:
    """The live processes `pid` started (each tab's app is in a process group of its own)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def group_alive(pgid: int) -> bool:
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


class Tab:
    """One browser tab's websocket."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = b""

    async def resize(self, width: int = 80, height: int = 24) -> None:
        await self.ws.send_json(["resize", {"width": width, "height": height}])

    async def type(self, text: str) -> None:
        await self.ws.send_json(["stdin", text])

    async def wait_for(self, marker: str, timeout: float = START_S) -> None:
        """Read terminal output until `marker` shows (escape sequences stripped)."""
        async def read() -> None:
            while marker.encode() not in ANSI.sub(b"", self.screen):
                message = await self.ws.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.screen += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    raise AssertionError(f"closed before {marker!r} showed")
        await asyncio.wait_for(read(), timeout)


async def until(condition, timeout: float = START_S) -> None:  # noqa: ANN001
    """Poll `condition` (a plain callable) until true; fails after `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "never happened"
        await asyncio.sleep(0.1)
