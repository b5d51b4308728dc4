"""Opening a store: create it when there is none, refuse what is not a store (or a mix of
versions), migrate an older one after backing up every file of it, and with the lock held
finish a change a crash cut short and sweep the temp files of killed writers.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from retro.store import layout, schema
from retro.store.errors import MIXED, NEWER, NOT_A_STORE, UNREADABLE, CANNOT_CREATE, StoreError
from retro.store.file_cache import CachedFile, check_file, os_reason, read_regular
from retro.store.storage import (
    commit,
    dumps,
    fsync_dir,
    identity_of,
    parse,
    recover,
    require_regular,
    stray_temps,
    write_atomically,
)


class Opening:
    """The repository's part that opens, creates, migrates and recovers the store."""

    def _open(self) -> None:
        version, _ = self._read_main_for_open()
        if version is not None and version < schema.SCHEMA_VERSION and not self._journal.exists():
            # Refused before the lock is taken, so a refusal creates no file either. (With a
            # journal, a migration cut short may have renamed some month files in already: it is
            # finished first, and the store checked again, below.)
            self._check_as_old_as(version)
        if version is None or version < schema.SCHEMA_VERSION:
            with self.locked():
                self._recover()
                version, payload = self._read_main_for_open()  # fresh, under the lock
                if version is None:
                    self._create()
                elif version < schema.SCHEMA_VERSION:
                    self._check_as_old_as(version)
                    self._migrate(version, payload)
        elif self._journal.exists() or self._strays():
            try:
                with self.locked():
                    self._recover()
            except StoreError:
                if self._journal.exists():
                    raise  # a change was cut short and cannot be finished here
                # Only stray temp files, in a folder we cannot write: harmless, leave them.
        self.changed_seen()

    def _read_main_for_open(self) -> tuple[int | None, bytes]:
        """(schema version, bytes) of the main file, (None, b"") if there is none yet. A current
        one goes straight into the cache: the home screen reads it next."""
        try:
            st = os.lstat(self.path)
            require_regular(self.path, st)
            payload = self.path.read_bytes()
        except FileNotFoundError:
            return None, b""
        except OSError as exc:
            raise StoreError(UNREADABLE, path=self.path, reason=os_reason(exc)) from None
        identity = identity_of(st)
        data = check_file(self.path, payload)
        version = schema.version_of(data)
        if version is None:
            raise StoreError(NOT_A_STORE, path=self.path, problem="no schema_version")
        if version > schema.SCHEMA_VERSION:
            raise StoreError(NEWER, path=self.path, found=version, known=schema.SCHEMA_VERSION)
        if version == schema.SCHEMA_VERSION:
            self._files[self.path] = CachedFile(self.path, identity, payload, data)
        return version, payload

    def _create(self) -> None:
        data = {schema.META: schema.meta(), **{name: {} for name in layout.MAIN_TABLES}}
        try:
            commit({self.path: dumps(data)}, self._journal)
        except OSError as exc:
            raise StoreError(CANNOT_CREATE, path=self.path, reason=os_reason(exc)) from None

    def _check_as_old_as(self, version: int) -> None:
        """Refuse to migrate unless every other file of the store is as old as the main file: an
        old main file beside a newer store's month files (a backup copied back, say) is not a
        store to migrate, and migrating it would empty those files."""
        for path in self._month_folder():
            if not self._segment_kind(path.name):
                continue
            if version < schema.SEGMENTED_SINCE:
                raise StoreError(MIXED, path=self.path, found=version, other=path)
            found = schema.version_of(check_file(path, read_regular(path)))
            if found != version:
                raise StoreError(MIXED, path=self.path, found=version, other=path)

    def _month_folder(self) -> list[Path]:
        """Every file in the month folder, refusing anything there that is not a regular file."""
        try:
            with os.scandir(self._segments) as entries:
                found = []
                for entry in entries:
                    if not entry.is_file(follow_symlinks=False):
                        require_regular(Path(entry.path), entry.stat(follow_symlinks=False))
                    found.append(Path(entry.path))
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(UNREADABLE, path=self._segments, reason=os_reason(exc)) from None
        return sorted(found)

    def _migrate(self, version: int, payload: bytes) -> None:
        """Back up every file of the store, then write the new layout in one journalled commit.
        Only for a store `_check_as_old_as` has passed: its month files (none before schema
        SEGMENTED_SINCE) are of the main file's version."""
        if version >= schema.SEGMENTED_SINCE:  # pragma: no cover - there is no such migration yet
            raise NotImplementedError("a migration of a store with month files must migrate them too")
        tables = schema.migrate(parse(payload), version)
        files = layout.split(tables, self.path, self._month_now())
        self._back_up(version, payload)
        self._commit({path: dumps({schema.META: schema.meta(), **tables}) for path, tables in files.items()})

    def _back_up(self, version: int, payload: bytes) -> None:
        """Keep the store as it was: the main file as `NAME.vN.bak` and, if the month folder has
        any file, a copy of it as `NAME.vN.bak.d` (the layout of a store, so the pair can be
        opened with --db as it is). Never over an older backup: the next free `.vN.M.bak` is used;
        if a backup of these very bytes is there already (a migration that was cut short and is
        now run again), it is the backup."""
        folder = {path.name: read_regular(path) for path in self._month_folder()}
        n = 1
        while True:
            backup = layout.backup_path(self.path, version, n)
            backup_dir = layout.segments_dir(backup)
            if not os.path.lexists(backup) and not os.path.lexists(backup_dir):
                break
            if _same_backup(backup, backup_dir, payload, folder):
                return
            n += 1
        try:
            if folder:
                _copy_folder(folder, backup_dir, self.path)
            write_atomically(backup, payload)  # last: a main backup says its folder is whole
        except OSError as exc:
            raise self._write_error(exc) from None

    def _strays(self) -> list[Path]:
        return [*stray_temps(self.path.parent, f".{self.path.name}."), *stray_temps(self._segments, ".")]

    def _recover(self) -> None:
        """With the lock held: finish a commit a crash cut short, sweep temp files of killed writers."""
        try:
            recover(self._journal)
            for tmp in self._strays():
                with contextlib.suppress(FileNotFoundError):
                    if stat.S_ISDIR(os.lstat(tmp).st_mode):
                        shutil.rmtree(tmp)  # a folder backup a killed migration left half-written
                    else:
                        tmp.unlink()
        except OSError as exc:
            raise self._write_error(exc) from None


def _same_backup(backup: Path, backup_dir: Path, payload: bytes, folder: dict[str, bytes]) -> bool:
    """Does this backup (file and folder) hold exactly these bytes? Anything odd there: no."""
    try:
        st = os.lstat(backup)
        if not stat.S_ISREG(st.st_mode) or st.st_size != len(payload) or backup.read_bytes() != payload:
            return False
        kept: dict[str, bytes] = {}
        if os.path.lexists(backup_dir):
            with os.scandir(backup_dir) as entries:
                for entry in entries:
                    if not entry.is_file(follow_symlinks=False):
                        return False
                    kept[entry.name] = Path(entry.path).read_bytes()
        return kept == folder
    except OSError:
        return False


def _copy_folder(files: dict[str, bytes], target: Path, main: Path) -> None:
    """Write `files` into a new folder `target`, whole or not at all: built under a temp name
    (swept as a stray if a crash cuts it short), fsynced, then renamed into place."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{main.name}.", suffix=".tmp", dir=main.parent))
    try:
        for name, data in files.items():
            write_atomically(tmp / name, data, sync_folder=False)
        fsync_dir(tmp)
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    fsync_dir(main.parent)

