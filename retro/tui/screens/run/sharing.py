"""Serving the running retro to browsers: `retro serve` as a child process of the run screen.

The child prints the join URL as its first line, then serves until its stdin closes (the
run screen holds the other end, so even a crash of the app stops it) or it is terminated. A
`new-link` line on its stdin makes it change its token and print the new URL.
Everything here blocks: the screen calls `start` on a thread, off the event loop. No Textual.
"""

from __future__ import annotations

import contextlib
import queue
import subprocess
import sys
import threading
from collections import deque
from pathlib import Path

START_WAIT_S = 20.0  # the child imports the web side and binds a port; slow on a loaded machine
STOP_WAIT_S = 3.0  # each of: stdin closed, then SIGTERM; then SIGKILL
REASON_MOST = 200  # the longest reason from the child's stderr that a toast is given


class ShareError(Exception):
    """Serving did not start; the message is one line for the status."""


def serve_command(store: Path, language: str, retro_id: str) -> list[str]:
    """The child's command line (the tests put a stand-in here)."""
    return [sys.executable, "-m", "retro", "--db", str(store), "--lang", language, "serve", retro_id,
            "--host", "lan", "--port", "0", "--until-stdin-closes"]


class Share:
    """One running `retro serve` and its URL."""

    def __init__(self, process: subprocess.Popen[bytes], url: str, urls: queue.Queue[bytes]) -> None:
        self.process = process
        self.url = url
        self._urls = urls  # the lines it prints after the first: each a new URL
        self._renewing = threading.Lock()  # one new-link at a time: each takes its own answer

    def new_link(self, wait: float | None = None) -> str:
        """A new token (`new-link` on its stdin): the old link stops working, the people who
        joined with it stay. Blocks until the new URL is out; raises ShareError."""
        with self._renewing:
            try:
                assert self.process.stdin is not None
                self.process.stdin.write(b"new-link\n")
                self.process.stdin.flush()
                line = self._urls.get(timeout=START_WAIT_S if wait is None else wait).decode("utf-8", "replace").strip()
            except (OSError, ValueError, queue.Empty):
                line = ""
            if not line.startswith(("http://", "https://")):
                from retro.i18n import t

                raise ShareError(t("the server gave no new address"))
            self.url = line
            return line

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Close its stdin (it stops by itself), then terminate, then kill; waits a few
        seconds at most."""
        stop_process(self.process)

    def stop_in_background(self) -> threading.Thread:
        """Stop it on a thread of its own, so the screen need not wait. The thread is not a
        daemon: an app quitting waits for it, and nothing is left running."""
        thread = threading.Thread(target=self.stop, name="retro-share-stop")
        thread.start()
        return thread


def stop_process(process: subprocess.Popen[bytes]) -> None:
    try:
        if process.stdin is not None:
            process.stdin.close()
    except OSError:
        pass
    for end in (None, process.terminate, process.kill):
        if end is not None:
            try:
                end()
            except OSError:  # gone already
                pass
        try:
            process.wait(STOP_WAIT_S)
            return
        except subprocess.TimeoutExpired:
            continue


def start(argv: list[str], wait: float = START_WAIT_S) -> Share:
    """Start serving and return once the URL is out. Raises ShareError (the child stopped)."""
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=True)
    except OSError as exc:
        raise ShareError(exc.strerror or str(exc)) from None
    urls: queue.Queue[bytes] = queue.Queue()

    def drain() -> None:
        # Every line is a URL: the first now, the others each a new link. Read to the end, so
        # the child never blocks on a full pipe.
        assert process.stdout is not None
        for line in process.stdout:
            urls.put(line[:4096])
        urls.put(b"")

    # Its last words on stderr say why it stopped (`retro: Cannot listen on …`); every line is
    # read, so it never blocks on a full pipe, and only the last few are kept.
    said: deque[bytes] = deque(maxlen=4)

    def listen() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            said.append(line[:REASON_MOST * 4])

    threading.Thread(target=drain, name="retro-share-stdout", daemon=True).start()
    listener = threading.Thread(target=listen, name="retro-share-stderr", daemon=True)
    listener.start()
    timed_out = False
    try:
        line = urls.get(timeout=wait).decode("utf-8", "replace").strip()
    except queue.Empty:
        line, timed_out = "", True
    if not line.startswith(("http://", "https://")):
        if not timed_out:  # its stdout ended: it is stopping by itself, and its last words say why
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(STOP_WAIT_S)
        ended = process.poll() is not None  # (not one we stop: whatever it said last is not a reason)
        stop_process(process)
        listener.join(STOP_WAIT_S)
        raise ShareError(_why(process, list(said) if ended else []))
    return Share(process, line, urls)


def _why(process: subprocess.Popen[bytes], said: list[bytes]) -> str:
    """One line: the child's own last line on stderr (its refusal), else how it ended."""
    from retro.domain.text import visible
    from retro.i18n import t

    for raw in reversed(said):
        line = visible(raw.decode("utf-8", "replace").strip()).removeprefix("retro: ")
        if line:
            return line if len(line) <= REASON_MOST else line[:REASON_MOST - 1] + "…"
    code = process.poll()
    if code is None:
        return t("the server gave no address")
    return t("the server stopped (exit code {code})", code=code)
