"""The inter-process lock held around every read-modify-write of the store.

On POSIX it is a `flock` on a 0600 lock file beside the store: the kernel drops it when the
holder dies (kill -9 included), so a crashed writer never blocks the next one. It is re-entrant
within a thread (a screen may call `repo.save` inside `repo.locked()`) and serialises the
threads of one process too (a worker saving while the UI saves).

Why not the `filelock` package here: its import and its acquire both sit on the paths `make
bench` measures, and cost more than a `flock` (figures in tests/bench/README.md). It remains the fallback where
there is no `fcntl` (Windows).
"""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

from retro.store.storage import require_regular

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


class LockTimeout(Exception):
    pass


class StoreLock:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._fd: int | None = None
        self._fallback = None

    @property
    def held(self) -> bool:
        """Does the calling thread hold the lock? (RLock ownership is per thread.)"""
        return self._depth > 0 and self._thread_lock._is_owned()  # type: ignore[attr-defined]

    @property
    def in_use(self) -> bool:
        """Does any thread of this process hold the lock (a save on its way)?"""
        return self._depth > 0

    def acquire(self, timeout: float) -> None:
        if not self._thread_lock.acquire(timeout=timeout):
            raise LockTimeout
        try:
            if self._depth == 0:
                self._acquire_file(time.monotonic() + timeout)
            self._depth += 1
        except BaseException:
            self._thread_lock.release()
            raise

    def release(self) -> None:
        self._depth -= 1
        try:
            if self._depth == 0:
                self._release_file()
        finally:
            self._thread_lock.release()

    # -- the file ---------------------------------------------------------------------------

    def _open(self) -> int:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NONBLOCK, 0o600)
        except IsADirectoryError:
            require_regular(self.path, os.lstat(self.path))
            raise
        except OSError as exc:
            # A store on a read-only medium can still be locked for reading through an existing
            # lock file; a write will then fail with a clear message of its own.
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS) or not self.path.exists():
                raise
            fd = os.open(self.path, os.O_RDONLY | _NONBLOCK)
        try:
            st = os.fstat(fd)
            # Non-blocking above, so a FIFO in the lock's place was opened without a wait and is
            # refused here.
            require_regular(self.path, st)
            if st.st_mode & 0o077 and st.st_uid == os.geteuid():
                os.fchmod(fd, 0o600)
        except OSError:
            pass
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _acquire_file(self, deadline: float) -> None:
        if fcntl is None:  # pragma: no cover - Windows
            self._acquire_fallback(deadline)
            return
        fd = self._open()
        pause = 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._fd = fd
                return
            except BlockingIOError:
                pass
            except BaseException:
                os.close(fd)
                raise
            if time.monotonic() >= deadline:
                os.close(fd)
                raise LockTimeout
            time.sleep(pause)
            pause = min(pause * 2, 0.02)

    def _release_file(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                fcntl.flock(fd, fcntl.LOCK_UN)
            finally:
                os.close(fd)
        elif self._fallback is not None:  # pragma: no cover - Windows
            self._fallback.release()

    def _acquire_fallback(self, deadline: float) -> None:  # pragma: no cover - Windows
        from filelock import FileLock, Timeout

        if self._fallback is None:
            self._fallback = FileLock(str(self.path), mode=0o600)
        try:
            self._fallback.acquire(timeout=max(0.0, deadline - time.monotonic()))
        except Timeout:
            raise LockTimeout from None
