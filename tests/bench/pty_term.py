"""A minimal terminal for the benches: runs a program in a real pseudo-terminal, reads what it
paints, answers the one query Textual waits on an answer for, and sends keys.

It answers Textual's synchronized-output query (DECRQM 2026) the way modern terminals do, so
every frame arrives between begin/end markers, as it would in kitty, WezTerm or iTerm2.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"
SYNC_END = b"\x1b[?2026l"
_ESCAPES = re.compile(r"\x1b\[[0-9;?<=>$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[P^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]|\x1b.")

KEYS = {
    "enter": b"\r", "tab": b"\t", "escape": b"\x1b", "space": b" ", "backspace": b"\x7f",
    "up": b"\x1b[A", "down": b"\x1b[B", "right": b"\x1b[C", "left": b"\x1b[D",
    "pagedown": b"\x1b[6~", "pageup": b"\x1b[5~", "ctrl+q": b"\x11", "ctrl+s": b"\x13", "f1": b"\x1bOP",
}


def key_bytes(key: str) -> bytes:
    """The bytes a terminal sends for a key: a named key, ctrl+letter, or one character. Any
    other name is refused: sent as text it would be typed, letter by letter."""
    if key in KEYS:
        return KEYS[key]
    if key.startswith("ctrl+") and len(key) == 6 and key[5].isalpha():
        return bytes([ord(key[5].lower()) - ord("a") + 1])
    if len(key) != 1:
        raise ValueError(f"no bytes known for the key {key!r}")
    return key.encode()


class Terminal:
    def __init__(self, argv: Sequence[str], env: dict[str, str] | None = None, size: tuple[int, int] = (120, 40),
                 cwd: str | None = None) -> None:
        cols, rows = size
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        full_env = dict(env or os.environ)
        full_env.update(TERM="xterm-256color", COLORTERM="truecolor", COLUMNS=str(cols), LINES=str(rows))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(list(argv), stdin=slave, stdout=slave, stderr=slave, env=full_env, cwd=cwd,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.raw = bytearray()  # everything painted since the last mark
        self.rusage: object | None = None
        self.exit_status: int | None = None

    # -- reading ----------------------------------------------------------------------------

    def pump(self, timeout: float) -> float | None:
        """Read what is there (waiting up to `timeout`); the time it arrived, or None."""
        ready, _, _ = select.select([self.master], [], [], max(0.0, timeout))
        if not ready:
            return None
        try:
            chunk = os.read(self.master, 1 << 16)
        except OSError:  # the program has gone
            return None
        at = time.perf_counter()
        if SYNC_QUERY in chunk:
            os.write(self.master, SYNC_REPLY)
        self.raw += chunk
        return at

    def text(self) -> str:
        """What was painted since the last mark, without escape sequences."""
        return _ESCAPES.sub("", self._decoder.decode(bytes(self.raw), final=False))

    def mark(self) -> None:
        self.raw.clear()
        self._decoder.reset()

    def wait_for(self, marker: str, timeout: float = 30.0) -> float:
        """Read until `marker` has been painted; the time the chunk completing it arrived."""
        deadline = time.perf_counter() + timeout
        while True:
            at = self.pump(deadline - time.perf_counter())
            if at is not None and marker in _ESCAPES.sub("", bytes(self.raw).decode("utf-8", "replace")):
                return at
            if time.perf_counter() >= deadline or at is None and not self.alive():
                tail = _ESCAPES.sub("", bytes(self.raw[-3000:]).decode("utf-8", "replace"))
                raise TimeoutError(f"{marker!r} never painted; exit {self.exit_status}; last output: {tail!r}")

    def wait_quiet(self, quiet: float = 0.2, timeout: float = 30.0) -> None:
        """Read until nothing has been painted for `quiet` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.pump(quiet) is None:
                return

    # -- writing ----------------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        for key in keys:
            os.write(self.master, key_bytes(key))

    # -- ending -----------------------------------------------------------------------------

    def alive(self) -> bool:
        """Reaps the program if it has ended (with os.wait4, to keep its resource usage)."""
        if self.exit_status is not None:
            return False
        pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
        if pid == 0:
            return True
        self.exit_status, self.rusage = status, usage
        return False

    def kill(self) -> int:
        """SIGKILL the program; returns its peak RSS in KB (from the kernel's accounting)."""
        if self.alive():
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return self._reap()

    def quit(self, keys: Sequence[str] = ("ctrl+q",), timeout: float = 15.0) -> int:
        """Quit the way a user does; SIGKILL if it does not go. Returns peak RSS in KB."""
        self.press(*keys)
        deadline = time.perf_counter() + timeout
        while self.alive() and time.perf_counter() < deadline:
            self.pump(0.05)
        return self.kill()

    def _reap(self) -> int:
        if self.exit_status is None:
            _, self.exit_status, self.rusage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = self.exit_status
        os.close(self.master)
        return int(self.rusage.ru_maxrss)  # type: ignore[attr-defined]
