"""Watching the store for changes: whether another process has written since this one last
looked (the app's poll; two stats when nothing changed), a stamp a reader keeps to ask the same
later (the kata log), and whether a thread of this process is saving now.

Every save replaces a file, which also changes its folder's mtime; so the main file and the
month folder are stat'ed first, and every file compared only when those changed or changed too
recently for their timestamps to tell two writes apart.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from retro.store.errors import UNREADABLE, StoreError
from retro.store.file_cache import os_reason
from retro.store.storage import Identity, identity_of

if TYPE_CHECKING:
    from retro.store.repository import Repository

SAME_TICK_NS = 50_000_000  # a file system's timestamp granularity, with room
WINDOWS = os.name == "nt"


def settled(fingerprint: tuple[Identity | None, Identity | None]) -> bool:
    """True when the month folder last changed longer ago than the clock's granularity: then a
    second write cannot hide behind the first, and the two stats of a fingerprint are exact."""
    folder = fingerprint[1]
    return folder is None or time.time_ns() - folder[2] > SAME_TICK_NS


class StoreStamp:
    """See `Repository.stamp`."""

    def __init__(self, repo: Repository) -> None:
        self._repo = repo
        self._fingerprint = repo._fingerprint()  # first: a write while we read shows as a change
        self._snapshot = None if settled(self._fingerprint) else repo._snapshot()

    def changed(self) -> bool:
        fingerprint = self._repo._fingerprint()
        if fingerprint != self._fingerprint:
            return True
        if self._snapshot is not None:
            if self._repo._snapshot() != self._snapshot:
                return True
            if settled(fingerprint):
                self._snapshot = None  # from now on the two stats are exact
        return False



class ChangeWatch:
    """The repository's part that tells whether the store changed (see Repository for the state
    it keeps: `_seen`, `_seen_fingerprint`, `_seen_exact`)."""

    @property
    def saving(self) -> bool:
        """Is a thread of this process writing the store now?"""
        return self._lock.in_use

    def changed(self) -> bool:
        """Has another process written since this one last looked? Two stats when nothing did.

        Every save replaces a file, which also changes its folder's mtime; so when neither the
        main file nor the month folder changed, nothing did — provided the folder's last change
        is older than the clock's granularity (else a second write in the same tick could hide
        behind the first, and every file is compared)."""
        fingerprint = self._fingerprint()
        if fingerprint == self._seen_fingerprint and self._seen_exact:
            return False
        if self._snapshot() != self._seen:
            return True
        self._note_fingerprint(fingerprint)
        return False

    def changed_seen(self) -> None:
        fingerprint = self._fingerprint()
        self._seen = self._snapshot()
        self._note_fingerprint(fingerprint)

    def stamp(self) -> StoreStamp:
        """The store's files as they are now, for a reader of its own (the kata log) to ask later
        whether anyone has written since; the same look as `changed`, apart from the app's poll."""
        return StoreStamp(self)

    def _fingerprint(self) -> tuple[Identity | None, Identity | None]:
        main = folder = None
        with contextlib.suppress(FileNotFoundError):
            main = identity_of(os.stat(self.path))
        with contextlib.suppress(FileNotFoundError):
            folder = identity_of(os.stat(self._segments))
        return main, folder

    def _note_fingerprint(self, fingerprint: tuple[Identity | None, Identity | None]) -> None:
        self._seen_fingerprint = fingerprint
        self._seen_exact = settled(fingerprint)

    def _snapshot(self) -> dict[str, Identity]:
        """Every file of the store as it is now, by `_seen_key`: one listing of the month folder
        and a stat per file from that listing (a stat by path is several times slower, on every
        save)."""
        seen = {}
        with contextlib.suppress(FileNotFoundError):
            seen[""] = identity_of(os.stat(self.path))
        try:
            with os.scandir(self._segments) as entries:
                for entry in entries:
                    if self._segment_kind(entry.name):
                        with contextlib.suppress(FileNotFoundError):
                            # (On Windows a listing's stat has no inode: a whole stat there.)
                            seen[entry.name] = identity_of(os.stat(entry.path) if WINDOWS else entry.stat())
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(UNREADABLE, path=self._segments, reason=os_reason(exc)) from None
        return seen

    def _seen_key(self, path: Path) -> str:
        return "" if path == self.path else path.name
