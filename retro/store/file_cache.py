"""The store's file cache: each file of the store (the main file and the month files) read once
per version (its identity: inode, size, mtime), its tables parsed and checked, and each of its
documents converted to a domain object once. Also where the files are: the month files of a
kind, and which files hold a table.

The cache hands out its own objects; the reading side copies them before they leave the
repository. A change builds new tables rather than mutating these, so a failed save can never
leave an unsaved change looking saved.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from retro.domain.codec import from_dict
from retro.store import layout, schema
from retro.store.errors import NEWER, NOT_A_STORE, UNREADABLE, StoreError
from retro.store.storage import Identity, identity_of, parse, require_regular

T = TypeVar("T")


class CachedFile:
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
            problem = f"document {doc_id} of table {table!r} is not a valid {noun(cls)}: {exc}"
            raise StoreError(NOT_A_STORE, path=self.path, problem=one_line(problem)) from None
        cache[doc_id] = (doc, obj)
        return obj

    def objects(self, table: str, cls: type[T]) -> list[T]:
        """Every document of `table` as a domain object (the cached ones: copy before handing out)."""
        found = self._lists.get(table)
        if found is None:
            found = self._lists[table] = [self.obj(table, doc_id, cls) for doc_id in self.data.get(table, {})]
        return found



class FileCache:
    """The repository's part that reads its files (see Repository for the state it keeps:
    `_files`, the cache by path, and `_kinds`, what each name in the month folder is)."""

    def _segment_paths(self, kind: str | None = None) -> list[Path]:
        """The month files of one kind (all kinds when None), oldest first."""
        try:
            names = os.listdir(self._segments)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise StoreError(UNREADABLE, path=self._segments, reason=os_reason(exc)) from None
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

    def _load(self, path: Path, strict: bool | None = None) -> CachedFile | None:
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
            raise StoreError(UNREADABLE, path=path, reason=os_reason(exc)) from None
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
            raise StoreError(UNREADABLE, path=path, reason=os_reason(exc)) from None
        if cached is not None and cached.payload == payload:
            cached.identity = identity
            return cached
        data = check_file(path, payload)
        version = schema.version_of(data) if schema.META in data else None
        if version is None:
            raise StoreError(NOT_A_STORE, path=path, problem="no schema_version")
        if version > schema.SCHEMA_VERSION:
            raise StoreError(NEWER, path=path, found=version, known=schema.SCHEMA_VERSION)
        if version < schema.SCHEMA_VERSION:
            problem = f"schema {version} in a store of schema {schema.SCHEMA_VERSION}"
            raise StoreError(NOT_A_STORE, path=path, problem=problem)
        loaded = CachedFile(path, identity, payload, data)
        self._files[path] = loaded
        return loaded


def check_file(path: Path, payload: bytes) -> dict[str, dict[str, Any]]:
    """Parse one file of the store and check its shape; refuse it, naming it, if it is not one."""
    if not payload.strip():
        raise StoreError(NOT_A_STORE, path=path, problem="the file is empty")
    try:
        return schema.check_shape(parse(payload))
    except schema.Malformed as exc:
        raise StoreError(NOT_A_STORE, path=path, problem=one_line(str(exc))) from None
    except ValueError as exc:  # orjson.JSONDecodeError
        raise StoreError(NOT_A_STORE, path=path, problem=one_line(f"damaged JSON: {exc}")) from None


def read_regular(path: Path) -> bytes:
    try:
        require_regular(path, os.lstat(path))
        return path.read_bytes()
    except OSError as exc:
        raise StoreError(UNREADABLE, path=path, reason=os_reason(exc)) from None



def one_line(text: str) -> str:
    return " ".join(text.split())


def os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def noun(cls: type) -> str:
    return {"TargetCondition": "target condition", "CoachingCycle": "coaching cycle"}.get(cls.__name__, cls.__name__.lower())

