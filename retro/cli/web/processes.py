"""One browser tab's app process: textual-serve's AppService, started without a shell in a
process group of its own, and stopped for sure.

The stock service starts the command through a shell in the server's own process group, waits
for the app without a time limit when stopping it, and never kills it: a stuck app would hold
`serve` open, and a killed `serve` would leave apps behind. Here the stop is a quit message, a
short wait, SIGTERM to the whole group, then SIGKILL.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
from asyncio.subprocess import PIPE, Process
from collections.abc import Sequence
from typing import Any

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

QUIT_WAIT_S = 1.5  # the app's own exit after the quit message (it saves nothing on the way out)
TERM_WAIT_S = 1.0  # after SIGTERM, before SIGKILL
SIZE_MAX = 500  # cells: a browser cannot ask the app to allocate a screen of any size


def _cells(value: Any, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        return default
    return max(1, min(SIZE_MAX, value))


class TabProcess(AppService):
    """The app behind one websocket."""

    def __init__(self, argv: Sequence[str], **kwargs: Any) -> None:
        super().__init__(" ".join(argv), download_manager=DownloadManager(), **kwargs)
        self.argv = list(argv)
        self._stopping: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        environment = self._build_environment(width=_cells(width, 80), height=_cells(height, 24))
        # No shell (nothing to quote), and a session of its own: the stop signals the group,
        # which reaches anything the app started too.
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, stdin=PIPE, stdout=PIPE, stderr=PIPE, env=environment, start_new_session=True)
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(_cells(width, 80), _cells(height, 24))

    async def on_meta(self, data: bytes) -> None:
        """Only the app's exit is passed on: the join app opens no URL and delivers no file."""
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            if json.loads(data).get("type") == "exit":
                await self.remote_close()

    async def ended(self) -> None:
        """Wait until the app's output ends (it exited, or its pipes closed)."""
        if self._task is not None:
            await asyncio.shield(self._task)

    async def stop(self) -> None:
        """Stop the app and wait until its whole process group is gone; safe to call twice."""
        if self._stopping is None:
            self._stopping = asyncio.ensure_future(self._stop())
        await asyncio.shield(self._stopping)

    async def _stop(self) -> None:
        process, task = self._process, self._task
        if process is None:
            return
        if process.returncode is None:
            with contextlib.suppress(Exception):  # its stdin may be gone with it
                await asyncio.wait_for(self.send_meta({"type": "quit"}), QUIT_WAIT_S)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.shield(process.wait()), QUIT_WAIT_S)
        # The group may outlive its leader (a child of the app): signal it whatever happened.
        for sig, wait in ((signal.SIGTERM, TERM_WAIT_S), (signal.SIGKILL, None)):
            try:
                os.killpg(process.pid, sig)
            except (ProcessLookupError, PermissionError):
                break
            if wait is not None:
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(asyncio.shield(process.wait()), wait)
        await process.wait()
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
