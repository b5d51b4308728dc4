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
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from retro.domain.clock import Clock, SystemClock
from retro.domain.codec import from_dict, to_dict
from retro.domain.kata import Challenge, CoachingCycle, Experiment, Obstacle, TargetCondition
from retro.domain.retro import RETRO_STATUSES, Retro
from retro.store import layout, schema
from retro.store.copies import clone
from retro.store.errors import (
    CANNOT_CREATE,
    DANGLING,
    LOCK_TIMEOUT,
    MIXED,
    NEWER,
    NOT_A_STORE,
    NOT_SAVED,
    READ_ONLY,
    UNREADABLE,
    NotFound,
    StoreError,
)
from retro.store.lock import LockTimeout, StoreLock
from retro.store.storage import (
    Identity,
    commit,
    dumps,
    fsync_dir,
    identity_of,
    is_folder_problem,
    parse,
    recover,
    require_regular,
    stray_temps,
    write_atomically,
)

T = TypeVar("T")

TABLE_OF: dict[type, str] = {
    Challenge: "challenges",
    TargetCondition: "target_conditions",
    Obstacle: "obstacles",
    Experiment: "experiments",
    CoachingCycle: "coaching",
    Retro: "retros",
}

LOCK_TIMEOUT_S = 10
SAME_TICK_NS = 50_000_000  # a file system's timestamp granularity, with room
WINDOWS = os.name == "nt"


class _File:
    """One file of the store as last read or written: its bytes, its tables, and the domain
    objects converted from its documents. The tables are never mutated once here: a change
    builds new ones, so a failed save can never leave an unsaved change looking saved."""

    __slots__ = ("path", "identity", "payload", "data", "_ids", "_lists", "converted")

    def __init__(self, path: Path, identity: Identity, payload: bytes, data: dict[str, dict[str, Any]],
                 converted: dict[str, dict[str, tuple[dict, Any]]] | None = None) -> None:
        self.path = path
        self.identity = identity
        self.payload = payload
        self.data = data
        self._ids: dict[str, dict[Any, str]] = {}
        self._lists: dict[str, list[Any]] = {}
        # table → doc id → (the document it came from, its domain object). Carried over to the
        # next version of the file after our own save: a document that did not change is the
        # very same dict, so its object is reused instead of converted again.
        self.converted = converted if converted is not None else {}

    def ids(self, table: str) -> dict[Any, str]:
        index = self._ids.get(table)
        if index is None:
            index = {doc.get("id"): doc_id for doc_id, doc in self.data.get(table, {}).items()}
            self._ids[table] = index
        return index

    def obj(self, table: str, doc_id: str, cls: type[T]) -> T:
        doc = self.data[table][doc_id]
        cache = self.converted.setdefault(table, {})
        hit = cache.get(doc_id)
        if hit is not None and hit[0] is doc:
            return hit[1]  # type: ignore[no-any-return]
        try:
            obj = from_dict(cls, doc)
        except Exception as exc:  # whatever a hand-edited document makes the codec raise
            problem = f"document {doc_id} of table {table!r} is not a valid {_noun(cls)}: {exc}"
            raise StoreError(NOT_A_STORE, path=self.path, problem=_one_line(problem)) from None
        cache[doc_id] = (doc, obj)
        return obj

    def objects(self, table: str, cls: type[T]) -> list[T]:
        """Every document of `table` as a domain object (the cached ones: copy before handing out)."""
        found = self._lists.get(table)
        if found is None:
            found = self._lists[table] = [self.obj(table, doc_id, cls) for doc_id in self.data.get(table, {})]
        return found


def _settled(fingerprint: tuple[Identity | None, Identity | None]) -> bool:
    """True when the month folder last changed longer ago than the clock's granularity: then a
    second write cannot hide behind the first, and the two stats of a fingerprint are exact."""
    folder = fingerprint[1]
    return folder is None or time.time_ns() - folder[2] > SAME_TICK_NS


class StoreStamp:
    """See `Repository.stamp`."""

    def __init__(self, repo: Repository) -> None:
        self._repo = repo
        self._fingerprint = repo._fingerprint()  # first: a write while we read shows as a change
        self._snapshot = None if _settled(self._fingerprint) else repo._snapshot()

    def changed(self) -> bool:
        fingerprint = self._repo._fingerprint()
        if fingerprint != self._fingerprint:
            return True
        if self._snapshot is not None:
            if self._repo._snapshot() != self._snapshot:
                return True
            if _settled(fingerprint):
                self._snapshot = None  # from now on the two stats are exact
        return False


class Repository:
    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self.clock: Clock = clock or SystemClock()
        self._segments = layout.segments_dir(self.path)
        self._journal = layout.journal_path(self.path)
        self._lock = StoreLock(layout.lock_path(self.path))
        self._files: dict[Path, _File] = {}
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
            raise StoreError(CANNOT_CREATE, path=path, reason=_reason(exc)) from None
        repo = cls(path, clock)
        repo._open()
        return repo

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
            raise StoreError(UNREADABLE, path=self.path, reason=_reason(exc)) from None
        identity = identity_of(st)
        data = _check(self.path, payload)
        version = schema.version_of(data)
        if version is None:
            raise StoreError(NOT_A_STORE, path=self.path, problem="no schema_version")
        if version > schema.SCHEMA_VERSION:
            raise StoreError(NEWER, path=self.path, found=version, known=schema.SCHEMA_VERSION)
        if version == schema.SCHEMA_VERSION:
            self._files[self.path] = _File(self.path, identity, payload, data)
        return version, payload

    def _create(self) -> None:
        data = {schema.META: schema.meta(), **{name: {} for name in layout.MAIN_TABLES}}
        try:
            commit({self.path: dumps(data)}, self._journal)
        except OSError as exc:
            raise StoreError(CANNOT_CREATE, path=self.path, reason=_reason(exc)) from None

    def _check_as_old_as(self, version: int) -> None:
        """Refuse to migrate unless every other file of the store is as old as the main file: an
        old main file beside a newer store's month files (a backup copied back, say) is not a
        store to migrate, and migrating it would empty those files."""
        for path in self._month_folder():
            if not self._segment_kind(path.name):
                continue
            if version < schema.SEGMENTED_SINCE:
                raise StoreError(MIXED, path=self.path, found=version, other=path)
            found = schema.version_of(_check(path, _read_regular(path)))
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
            raise StoreError(UNREADABLE, path=self._segments, reason=_reason(exc)) from None
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
        folder = {path.name: _read_regular(path) for path in self._month_folder()}
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

    # -- the lock and change detection ------------------------------------------------------

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
        self._seen_exact = _settled(fingerprint)

    def _snapshot(self) -> dict[str, Identity]:
        """Every file of the store as it is now, by `_seen_key`: one listing of the month folder
        and a stat per file (0.3 ms for a five-year store; by path, 1.2 ms, on every save)."""
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
            raise StoreError(UNREADABLE, path=self._segments, reason=_reason(exc)) from None
        return seen

    def _seen_key(self, path: Path) -> str:
        return "" if path == self.path else path.name

    @property
    def schema_version(self) -> int:
        main = self._load(self.path)
        return (schema.version_of(main.data) or 0) if main else 0

    # -- reading ----------------------------------------------------------------------------

    def _segment_paths(self, kind: str | None = None) -> list[Path]:
        """The month files of one kind (all kinds when None), oldest first."""
        try:
            names = os.listdir(self._segments)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(UNREADABLE, path=self._segments, reason=_reason(exc)) from None
        found = []
        for name in sorted(names):
            known = self._segment_kind(name)
            if known and (kind is None or known == kind):
                found.append(self._segments / name)
        return found

    def _segment_kind(self, name: str) -> str:
        """The kind of month file a name in the month folder is ('' for anything else)."""
        known = self._kinds.get(name)
        if known is None:
            parsed = layout.kind_and_month(Path(name))
            known = self._kinds[name] = parsed[0] if parsed and not name.startswith(".") else ""
        return known

    def _files_for(self, table: str) -> list[Path]:
        if table in layout.MAIN_TABLES:
            return [self.path]
        return self._segment_paths(layout.KIND_OF[table])

    def _load(self, path: Path, strict: bool | None = None) -> _File | None:
        """The file as it is on disk now, from the cache when its version is unchanged.

        `strict` (the default while this thread holds the lock) compares the bytes, not just
        the stat: a read-modify-write must never work on a stale version."""
        if strict is None:
            strict = self._lock.held
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            self._files.pop(path, None)
            return None
        except OSError as exc:
            raise StoreError(UNREADABLE, path=path, reason=_reason(exc)) from None
        require_regular(path, st)  # never open a FIFO, a device, a folder, a link put in its place
        identity = identity_of(st)
        cached = self._files.get(path)
        if cached is not None and cached.identity == identity and not strict:
            return cached
        try:
            payload = path.read_bytes()
        except FileNotFoundError:
            self._files.pop(path, None)
            return None
        except OSError as exc:
            raise StoreError(UNREADABLE, path=path, reason=_reason(exc)) from None
        if cached is not None and cached.payload == payload:
            cached.identity = identity
            return cached
        data = _check(path, payload)
        version = schema.version_of(data) if schema.META in data else None
        if version is None:
            raise StoreError(NOT_A_STORE, path=path, problem="no schema_version")
        if version > schema.SCHEMA_VERSION:
            raise StoreError(NEWER, path=path, found=version, known=schema.SCHEMA_VERSION)
        if version < schema.SCHEMA_VERSION:
            problem = f"schema {version} in a store of schema {schema.SCHEMA_VERSION}"
            raise StoreError(NOT_A_STORE, path=path, problem=problem)
        loaded = _File(path, identity, payload, data)
        self._files[path] = loaded
        return loaded

    def all(self, cls: type[T], where: Callable[[T], bool] | None = None) -> list[T]:
        """Every object of a kind, oldest file first; with `where`, only those it accepts.

        `where` sees the repository's own cached objects and must only look at them: it lets
        a screen that wants ten of 3,000 experiments skip copying the other 2,990."""
        table = TABLE_OF[cls]
        found: list[T] = []
        for path in self._files_for(table):
            loaded = self._load(path)
            if loaded is None:
                continue
            if where is None:
                found.extend(map(clone, loaded.objects(table, cls)))
            else:
                found.extend(clone(obj) for obj in loaded.objects(table, cls) if where(obj))
        return found

    def find(self, cls: type[T], obj_id: str) -> T | None:
        table = TABLE_OF[cls]
        hint = self._where.get((table, obj_id))
        paths = self._files_for(table) if hint is None else [hint, *self._files_for(table)]
        tried: set[Path] = set()
        for path in paths:
            if path in tried:
                continue
            tried.add(path)
            loaded = self._load(path)
            doc_id = loaded.ids(table).get(obj_id) if loaded is not None else None
            if doc_id is not None:
                self._where[(table, obj_id)] = path
                return clone(loaded.obj(table, doc_id, cls))  # type: ignore[union-attr]
        return None

    def warm(self) -> None:
        """Read and convert the whole store now, so the first screen that lists the kata log
        does not pay for it on a keypress (~80 ms on the five-year store). For a worker thread
        after the first paint; safe to call at any time, it changes nothing."""
        import retro.store.staged  # noqa: F401 - so the first save, on a keypress, imports nothing

        for cls, table in TABLE_OF.items():
            for path in self._files_for(table):
                loaded = self._load(path, strict=False)
                if loaded is not None:
                    loaded.objects(table, cls)

    def get(self, cls: type[T], obj_id: str) -> T:
        obj = self.find(cls, obj_id)
        if obj is None:
            raise NotFound("no {noun} with id {id}", noun=_noun(cls), id=obj_id)
        return obj

    def raw(self) -> dict[str, dict[str, Any]]:
        """The whole store as plain data, the shape of one TinyDB file (for the JSON backup).

        Documents are numbered 1.. per table in the order of the files (oldest month first);
        they are fresh copies, the caller may keep or change them."""
        main = self._load(self.path)
        out: dict[str, dict[str, Any]] = {schema.META: schema.meta()}
        main_tables = parse(main.payload) if main else {}
        for name in layout.MAIN_TABLES:
            out[name] = main_tables.get(name, {})
        for table, kind in layout.KIND_OF.items():
            out[table] = {}
        for kind, tables in layout.SEGMENTED.items():
            for path in self._segment_paths(kind):
                loaded = self._load(path)
                if loaded is None:
                    continue
                fresh = parse(loaded.payload)
                for table in tables:
                    merged = out[table]
                    for doc in fresh.get(table, {}).values():
                        merged[str(len(merged) + 1)] = doc
        return out

    def is_empty(self) -> bool:
        main = self._load(self.path)
        if main is not None and any(main.data.get(name) for name in layout.MAIN_TABLES):
            return False
        for kind, tables in layout.SEGMENTED.items():
            for path in self._segment_paths(kind):
                loaded = self._load(path)
                if loaded is not None and any(loaded.data.get(name) for name in tables):
                    return False
        return True

    # -- writing ----------------------------------------------------------------------------

    def add(self, *objs: Any) -> None:
        """Insert new objects (fresh ids: placed by their own month, no search of the log)."""
        self._change([("put", obj, True) for obj in objs])

    def save(self, *objs: Any) -> None:
        """Insert or update each object, all in one atomic commit."""
        self._change([("put", obj, False) for obj in objs])

    def delete(self, cls: type, obj_id: str, *also: Any) -> None:
        """Remove an object, and save each of `also` in the same atomic commit."""
        self._change([("remove", (cls, obj_id), False), *(("put", obj, False) for obj in also)])

    def update(self, cls: type[T], obj_id: str, change: Callable[[T], Any]) -> T:
        """Read fresh under the lock, apply `change`, save: nothing another process wrote is lost."""
        with self.locked():
            obj = self.get(cls, obj_id)
            change(obj)
            self._change([("put", obj, False)])
            return obj

    def replace_raw(self, tables: dict[str, dict[str, Any]]) -> None:
        """Write whole tables at once (restoring a backup); the caller validates them first.
        One atomic commit: after a crash the store is either all old or all restored."""
        with self.locked():
            self._recover()
            current = self.raw()
            for name, table in tables.items():
                if name in schema.TABLES:
                    current[name] = table
            files = layout.split(current, self.path, self._month_now())
            for kind in layout.SEGMENTED:
                for path in self._segment_paths(kind):
                    files.setdefault(path, {name: {} for name in layout.SEGMENTED[kind]})
            self._commit({path: dumps({schema.META: schema.meta(), **data}) for path, data in files.items()})

    def _change(self, ops: list[tuple[str, Any, bool]]) -> None:
        from retro.store.staged import Query, StagedStorage, Table

        with self.locked():
            if self._journal.exists():
                self._recover()
            staged: dict[Path, dict[str, dict[str, Any]]] = {}
            bases: dict[Path, _File | None] = {}
            placed: list[tuple[str, Any, Path]] = []
            for op, subject, is_new in ops:
                if op == "remove":
                    cls, obj_id = subject
                    table, doc = TABLE_OF[cls], None
                    path = self._home_of(table, obj_id, None, is_new=False)
                    if path is None:
                        continue
                else:
                    table, doc = TABLE_OF[type(subject)], to_dict(subject)
                    obj_id = subject.id
                    path = self._home_of(table, obj_id, doc, is_new)
                if path not in staged:
                    bases[path] = base = self._load(path, strict=True)
                    staged[path] = dict(base.data) if base else self._skeleton(path)
                data = staged[path]
                # TinyDB updates matching documents in place: give it copies of those, never
                # the cached ones (the rest of the table is shared, unchanged).
                raw_table = data.get(table, {})
                data[table] = {k: dict(d) if d.get("id") == obj_id else d for k, d in raw_table.items()}
                storage = StagedStorage(data)
                docs = Table(storage, table, cache_size=0)  # type: ignore[arg-type]
                if doc is None:
                    docs.remove(Query().id == obj_id)
                else:
                    docs.upsert(doc, Query().id == obj_id)
                    placed.append((table, obj_id, path))
                staged[path] = storage.data
            if not staged:
                return
            payloads = {path: dumps(data) for path, data in staged.items()}
            self._commit(payloads)
            for path, data in staged.items():
                base = bases[path]
                identity = identity_of(os.stat(path))
                self._files[path] = _File(path, identity, payloads[path], data, base.converted if base else None)
                # The poll should still report what others wrote before us, but not our own write.
                key = self._seen_key(path)
                if self._seen.get(key) == (base.identity if base else None):
                    self._seen[key] = identity
            for table, obj_id, path in placed:
                self._where[(table, obj_id)] = path

    def _home_of(self, table: str, obj_id: Any, doc: dict[str, Any] | None, is_new: bool) -> Path | None:
        """The file that holds (or will hold) a document: where it already is, else its month."""
        if table in layout.MAIN_TABLES:
            return self.path
        kind = layout.KIND_OF[table]
        month = layout.segment_path(self.path, kind, layout.month_of(table, doc, self._month_now())) if doc else None
        hint = self._where.get((table, obj_id))
        if is_new and month is not None:
            return hint or month
        candidates = [p for p in (hint, month) if p is not None]
        for path in [*candidates, *self._segment_paths(kind)]:
            loaded = self._load(path, strict=False)
            if loaded is not None and obj_id in loaded.ids(table):
                return path
        return month

    def _skeleton(self, path: Path) -> dict[str, dict[str, Any]]:
        found = layout.kind_and_month(path)
        tables = layout.SEGMENTED[found[0]] if found else layout.MAIN_TABLES
        return {schema.META: schema.meta(), **{name: {} for name in tables}}

    def _commit(self, payloads: dict[Path, bytes]) -> None:
        try:
            if any(path.parent == self._segments for path in payloads):
                self._segments.mkdir(mode=0o700, exist_ok=True)
            commit(payloads, self._journal)
        except OSError as exc:
            raise self._write_error(exc) from None

    def _write_error(self, exc: OSError) -> StoreError:
        if is_folder_problem(exc):
            return StoreError(READ_ONLY, path=self.path.parent, reason=_reason(exc))
        return StoreError(NOT_SAVED, path=self.path, reason=_reason(exc))

    def _month_now(self) -> str:
        return self.clock.now().strftime("%Y-%m")

    # -- the kata log -----------------------------------------------------------------------

    def active_target_condition(self, challenge_id: str | None = None) -> TargetCondition | None:
        main = self._load(self.path)
        if main is None:
            return None
        table = TABLE_OF[TargetCondition]
        # Narrow on the raw status first (the home screen asks at every start): only the few
        # active ones are converted; `is_active` still decides.
        active = [
            clone(main.obj(table, doc_id, TargetCondition))
            for doc_id, doc in main.data.get(table, {}).items()
            if doc.get("status") == "active" and (challenge_id is None or doc.get("challenge_id") == challenge_id)
        ]
        active = [tc for tc in active if tc.is_active]
        active.sort(key=lambda tc: tc.created_at or tc.achieve_by, reverse=True)  # type: ignore[arg-type,return-value]
        return active[0] if active else None

    # -- retros -----------------------------------------------------------------------------

    def retro_headings(self, limit: int) -> list[RetroHeading]:
        """The newest retros' headings, newest first, as `retros(limit)` orders them; only the
        newest month files are read and no retro is converted whole (its items, themes, votes):
        what the home screen lists, ~15 ms sooner on the five-year store."""
        found: list[RetroHeading] = []
        for path in reversed(self._files_for("retros")):
            loaded = self._load(path)
            if loaded is not None:
                found.extend(_heading(loaded, doc_id) for doc_id in loaded.data.get("retros", {}))
            if len(found) >= limit:
                break
        found.sort(key=lambda h: h.started_at, reverse=True)
        return found[:limit]

    def retros(self, limit: int | None = None) -> list[Retro]:
        """Retros, newest first. With `limit`, only the newest months are read (the home screen)."""
        found: list[Retro] = []
        for path in reversed(self._files_for("retros")):
            loaded = self._load(path)
            if loaded is not None:
                found.extend(clone(r) for r in loaded.objects("retros", Retro))
            if limit is not None and len(found) >= limit:
                break
        found.sort(key=lambda r: r.started_at, reverse=True)
        return found if limit is None else found[:limit]


class RetroHeading(NamedTuple):
    """What a list of retros shows of one: the fields of its `Retro` with these names."""

    id: str
    format_id: str
    team: str
    started_at: datetime
    status: str


def _heading(loaded: _File, doc_id: str) -> RetroHeading:
    doc = loaded.data["retros"][doc_id]
    try:
        started = doc["started_at"]
        heading = RetroHeading(doc["id"], doc["format_id"], doc["team"], datetime.fromisoformat(started),
                               doc.get("status", "running"))
        if (all(type(v) is str for v in (heading.id, heading.format_id, heading.team, heading.status))
                and heading.started_at.tzinfo is None and heading.status in RETRO_STATUSES):
            return heading
    except (KeyError, TypeError, ValueError):
        pass
    # Anything unusual is converted the one way every read converts, to fail (or not) alike.
    retro = loaded.obj("retros", doc_id, Retro)
    return RetroHeading(retro.id, retro.format_id, retro.team, retro.started_at, retro.status)


def _check(path: Path, payload: bytes) -> dict[str, dict[str, Any]]:
    """Parse one file of the store and check its shape; refuse it, naming it, if it is not one."""
    if not payload.strip():
        raise StoreError(NOT_A_STORE, path=path, problem="the file is empty")
    try:
        return schema.check_shape(parse(payload))
    except schema.Malformed as exc:
        raise StoreError(NOT_A_STORE, path=path, problem=_one_line(str(exc))) from None
    except ValueError as exc:  # orjson.JSONDecodeError
        raise StoreError(NOT_A_STORE, path=path, problem=_one_line(f"damaged JSON: {exc}")) from None


def _read_regular(path: Path) -> bytes:
    try:
        require_regular(path, os.lstat(path))
        return path.read_bytes()
    except OSError as exc:
        raise StoreError(UNREADABLE, path=path, reason=_reason(exc)) from None


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


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _noun(cls: type) -> str:
    return {"TargetCondition": "target condition", "CoachingCycle": "coaching cycle"}.get(cls.__name__, cls.__name__.lower())


def default_store_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("retro", appauthor=False)) / "retro.json"


def resolve_store_path(cli_value: str | None) -> Path:
    """`--db` wins, then `RETRO_DB`, then the user data dir; as the real file (`real_store_path`)."""
    env = os.environ.get("RETRO_DB")
    return real_store_path(cli_value or env or default_store_path())


def real_store_path(path: Path | str) -> Path:
    """The store's real main file: symlinks followed once, here, so that its month folder, lock,
    journal, backups and temp files all live beside the real file. (Beside a link they would make
    a second store, and the first save would replace the link with a file of its own.)

    A link to nothing is refused rather than followed: it is most often a store on a drive that
    is not mounted or a folder that was moved, and a new empty store made there would hide it."""
    path = Path(path).expanduser()
    for step in (path, *path.parents):
        if os.path.lexists(step):
            if not os.path.exists(step):  # a link (or a loop of links) that leads nowhere
                raise StoreError(DANGLING, path=step, target=_link_target(step))
            break
    return Path(os.path.realpath(path))


def _link_target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "?"
