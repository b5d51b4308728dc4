"""The repository: the store's files behind domain objects, with an inter-process lock around
every change.

Screens and commands ask the repository for domain objects and hand them back to save; they
never see a TinyDB document. Each file is read once per version (its identity: inode, size,
mtime) and each document converted once; callers always get independent copies, so mutating
what they got can never change what another reader sees.

Reads take no lock (every file is replaced atomically, so a read sees a whole file). Every
change takes the lock, re-checks the bytes of the files it rewrites (a stat alone could miss a
same-size rewrite within one clock tick), runs TinyDB's own Table operations on those files'
tables in memory, and commits them with `storage.commit`: atomic, fsynced, 0600.

The repository is the public face; each concern is a part of its own, all sharing the state
set up in `__init__`: opening.py (create, migrate, recover), file_cache.py (each file read and
converted once per version), reading.py and writing.py (domain objects in and out),
watching.py (has the store changed), location.py (where the store is).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from retro.domain.clock import Clock, SystemClock
from retro.store import layout, presence
from retro.store.errors import CANNOT_CREATE, LOCK_TIMEOUT, NOT_SAVED, READ_ONLY, StoreError
from retro.store.file_cache import CachedFile, FileCache, os_reason
from retro.store.location import default_store_path, real_store_path, resolve_store_path
from retro.store.lock import LockTimeout, StoreLock
from retro.store.opening import Opening
from retro.store.presence import Presence
from retro.store.reading import TABLE_OF, Reading, RetroHeading
from retro.store.storage import Identity, commit, is_folder_problem
from retro.store.watching import ChangeWatch, StoreStamp
from retro.store.writing import Writing

__all__ = ["TABLE_OF", "Repository", "RetroHeading", "StoreStamp", "default_store_path", "real_store_path",
           "resolve_store_path"]

LOCK_TIMEOUT_S = 10


class Repository(Opening, ChangeWatch, Reading, Writing, FileCache):
    """The store, as screens and commands see it; its parts (the classes it is made of) hold
    the methods of each concern, this class the state they share, the lock and the commit."""

    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self.clock: Clock = clock or SystemClock()
        self._segments = layout.segments_dir(self.path)
        self._journal = layout.journal_path(self.path)
        self._lock = StoreLock(layout.lock_path(self.path))
        self._files: dict[Path, CachedFile] = {}
        self._where: dict[tuple[str, Any], Path] = {}  # (table, object id) → the file holding it
        self._seen: dict[str, Identity] = {}  # see _snapshot
        self._seen_fingerprint: tuple[Identity | None, Identity | None] | None = None
        self._seen_exact = False
        self._kinds: dict[str, str] = {}  # file name in the month folder → its kind ("" = not ours)

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, clock: Clock | None = None) -> Repository:
        """Open (creating if absent) and migrate the store; refuse anything that is not one."""
        path = real_store_path(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreError(CANNOT_CREATE, path=path, reason=os_reason(exc)) from None
        repo = cls(path, clock)
        repo._open()
        return repo

    # -- the lock and the commit, which every part that writes goes through ----------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the inter-process lock: every read-modify-write runs inside one. Re-entrant."""
        try:
            self._lock.acquire(LOCK_TIMEOUT_S)
        except LockTimeout:
            raise StoreError(LOCK_TIMEOUT, path=self.path, seconds=LOCK_TIMEOUT_S) from None
        except OSError as exc:
            raise self._write_error(exc) from None
        try:
            yield
        finally:
            self._lock.release()

    # -- who is joined right now (presence.py) ----------------------------------------------

    def take_name(self, retro_id: str, name: str) -> Presence | None:
        """This session holds `name` in the retro until it ends; None if a live one holds it."""
        try:
            return presence.take(self.path, retro_id, name)
        except OSError as exc:
            raise self._write_error(exc) from None

    def forget_presence(self, retro_id: str) -> None:
        presence.forget(self.path, retro_id)

    def _commit(self, payloads: dict[Path, bytes]) -> None:
        try:
            if any(path.parent == self._segments for path in payloads):
                self._segments.mkdir(mode=0o700, exist_ok=True)
            commit(payloads, self._journal)
        except OSError as exc:
            raise self._write_error(exc) from None

    def _write_error(self, exc: OSError) -> StoreError:
        if is_folder_problem(exc):
            return StoreError(READ_ONLY, path=self.path.parent, reason=os_reason(exc))
        return StoreError(NOT_SAVED, path=self.path, reason=os_reason(exc))

    def _month_now(self) -> str:
        return self.clock.now().strftime("%Y-%m")
