"""Who is taking part in a retro right now: a live `retro join` session holds its name.

Each session holds a lock (the store's own kind, `StoreLock`) on a file named for the retro and
the name, in a folder beside the store. A second session under the same name finds it held and
is refused, so two devices never write as one person (and share that person's dots). The kernel
drops a lock when its process ends, however it ends, so a name is free again as soon as its
session is gone: nothing to clean up after a crash, no timeout to wait out.

The files are named by a hash: the name and the retro id are user text, never a path. The
files themselves stay (an empty file each; removing a lock file under a live lock would let a
second session lock a new file of the same name); a retro's go when it closes (`forget`).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
from pathlib import Path

from retro.store import layout
from retro.store.lock import LockTimeout, StoreLock


class Presence:
    """One session's hold on its name in one retro, until `leave` (or the process ends)."""

    def __init__(self, lock: StoreLock | None, name: str) -> None:
        self._lock = lock  # None: nothing could be held (a read-only store), nothing is refused
        self.name = name

    @property
    def held(self) -> bool:
        return self._lock is not None

    def leave(self) -> None:
        if self._lock is not None:
            lock, self._lock = self._lock, None
            lock.release()


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def retro_folder(main: Path, retro_id: str) -> Path:
    return layout.presence_dir(main) / _key(retro_id)


def take(main: Path, retro_id: str, name: str) -> Presence | None:
    """Hold `name` (a participant's name as the retro has it) in the retro for this session;
    None when another live session holds it. On a store nobody may write to, a presence that
    holds nothing; any other problem with the folder or the file raises OSError or a
    StoreError, as the store's own lock does."""
    folder = retro_folder(main, retro_id)
    lock = StoreLock(folder / f"{_key(name)}.lock")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock.acquire(0)
    except LockTimeout:
        return None
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            # A store on a read-only medium (or not ours to write): nobody can write to it
            # through the join either, so there is no name to guard; looking is allowed.
            return Presence(None, name)
        raise
    return Presence(lock, name)


def forget(main: Path, retro_id: str) -> None:
    """The retro's presence files, gone (it closed: no session of it writes any more)."""
    folder = retro_folder(main, retro_id)
    with contextlib.suppress(OSError):  # a tidy-up: never a reason for the close to fail
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
        os.rmdir(layout.presence_dir(main))  # the last one: the folder too
