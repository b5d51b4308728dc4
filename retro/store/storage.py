"""A TinyDB storage that never tears its file and never loses another process's write.

TinyDB's own JSONStorage rewrites its file in place: a kill -9 mid-write leaves half a file.
Here every write goes to a temp file in the same directory, is flushed and fsynced, then
`os.replace`d over the store, and the directory is fsynced so the rename itself is durable.

Reads are cached against the file's identity (inode, size, mtime): another process's atomic
replace changes the inode, so a stale cache is never served, and an unchanged file is not
parsed again on every TinyDB call.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from retro.store.errors import StoreError


def _identity(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def write_atomically(path: Path, payload: bytes, mode: int = 0o600) -> None:
    """Replace `path` with `payload` so that a crash leaves either the old file or the new one."""
    directory = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._cache: dict[str, Any] | None = None
        self._identity: tuple[int, int, int] | None = None

    def read(self) -> dict[str, Any] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        if self._cache is not None and _identity(st) == self._identity:
            return self._cache
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot be read ({exc.strerror})") from None
        if not raw.strip():
            raise StoreError(f"{self.path}: the file is empty, not a retro store; it was left untouched")
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise StoreError(f"{self.path}: not a retro store (damaged JSON: {exc}); it was left untouched") from None
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise StoreError(f"{self.path}: not a retro store (unexpected shape); it was left untouched")
        self._cache, self._identity = data, _identity(st)
        return data

    def write(self, data: dict[str, Any]) -> None:
        # TinyDB mutates the dict it read and hands it back: drop the cache first, so a failed
        # write can never leave an unsaved change looking saved.
        self._cache = self._identity = None
        try:
            write_atomically(self.path, orjson.dumps(data))
        except OSError as exc:
            raise StoreError(f"{self.path}: could not save ({exc.strerror}); the file on disk is unchanged") from None
        self._cache, self._identity = data, _identity(os.stat(self.path))

    def changed(self) -> bool:
        """Has another process written since we last read? A cheap `stat`, for polling UIs."""
        try:
            return _identity(os.stat(self.path)) != self._identity
        except FileNotFoundError:
            return self._identity is not None

    def close(self) -> None:
        self._cache = None
