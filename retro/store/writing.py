"""Writing domain objects to the store: add, save, update, delete, and restore whole tables.
Every change takes the lock, re-checks the bytes of the files it rewrites (a stat alone could
miss a same-size rewrite within one clock tick), runs TinyDB's own Table operations on those
files' tables in memory, and commits them atomically; then the file cache holds the new
versions, and the change watch does not report our own write as another's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from retro.domain.codec import to_dict
from retro.store import layout, schema
from retro.store.file_cache import CachedFile
from retro.store.reading import TABLE_OF
from retro.store.storage import dumps, identity_of

T = TypeVar("T")


class Writing:
    """The repository's part that changes the store."""

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
            bases: dict[Path, CachedFile | None] = {}
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
                self._files[path] = CachedFile(path, identity, payloads[path], data, base.converted if base else None)
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
