"""The repository: TinyDB behind domain objects, with an inter-process lock around every change.

Screens and commands ask the repository for domain objects and hand them back to save; they
never see a TinyDB document. TinyDB hands out cached documents, so everything is converted at
this boundary and mutating a domain object can never change what another reader sees.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from filelock import FileLock, Timeout
from tinydb import Query, TinyDB
from tinydb.table import Table

from retro.domain.clock import Clock, SystemClock
from retro.domain.codec import from_dict, to_dict
from retro.domain.kata import Challenge, CoachingCycle, Experiment, Obstacle, TargetCondition
from retro.domain.retro import Retro
from retro.store import schema
from retro.store.errors import NotFound, StoreError
from retro.store.storage import AtomicJSONStorage, write_atomically

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


class Repository:
    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = Path(path)
        self.clock: Clock = clock or SystemClock()
        self._storage = AtomicJSONStorage(self.path)
        self._db = TinyDB(storage=lambda: self._storage)  # type: ignore[arg-type]
        self._lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_S, mode=0o600)

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, clock: Clock | None = None) -> Repository:
        """Open (creating if absent) and migrate the store; refuse anything that is not one."""
        path = Path(path).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreError(f"{path}: cannot create its folder ({exc.strerror})") from None
        repo = cls(path, clock)
        with repo.locked():
            data = repo._storage.read()
            if data is None:
                try:
                    write_atomically(path, _dumps(schema.empty()))
                except OSError as exc:
                    raise StoreError(f"{path}: cannot create the store ({exc.strerror})") from None
                return repo
            version = schema.version_of(data)
            if version is None:
                raise StoreError(f"{path}: not a retro store (no schema_version); it was left untouched")
            if version > schema.SCHEMA_VERSION:
                raise StoreError(
                    f"{path}: written by a newer retro (schema {version}, this one knows {schema.SCHEMA_VERSION}); "
                    "upgrade retro, the file was left untouched"
                )
            if version < schema.SCHEMA_VERSION:
                backup = path.with_name(path.name + f".v{version}.bak")
                write_atomically(backup, path.read_bytes())
                repo._storage.write(schema.migrate(data, version))
        return repo

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the inter-process lock: every read-modify-write runs inside one."""
        try:
            with self._lock:
                yield
        except Timeout:
            raise StoreError(f"{self.path}: another retro process has held the lock for {LOCK_TIMEOUT_S}s") from None

    def changed(self) -> bool:
        """Has another process written since this one last read? A `stat`, cheap to poll."""
        return self._storage.changed()

    def changed_seen(self) -> None:
        self._storage.read()

    @property
    def schema_version(self) -> int:
        return schema.version_of(self._storage.read() or {}) or 0

    # -- generic access ---------------------------------------------------------------------

    def _table(self, name: str) -> Table:
        # A fresh Table each time: TinyDB caches the next id and query results per Table
        # object, both of which go stale when another process writes.
        return Table(self._storage, name, cache_size=0)  # type: ignore[arg-type]

    def all(self, cls: type[T]) -> list[T]:
        raw = (self._storage.read() or {}).get(TABLE_OF[cls], {})
        return [from_dict(cls, doc) for doc in raw.values()]

    def find(self, cls: type[T], obj_id: str) -> T | None:
        raw = (self._storage.read() or {}).get(TABLE_OF[cls], {})
        for doc in raw.values():
            if doc.get("id") == obj_id:
                return from_dict(cls, doc)
        return None

    def get(self, cls: type[T], obj_id: str) -> T:
        obj = self.find(cls, obj_id)
        if obj is None:
            raise NotFound(f"no {_noun(cls)} with id {obj_id}")
        return obj

    def save(self, *objs: Any) -> None:
        with self.locked():
            for obj in objs:
                self._table(TABLE_OF[type(obj)]).upsert(_to_doc(obj), Query().id == obj.id)

    def add(self, *objs: Any) -> None:
        """Insert new objects (their ids are fresh, so no lookup is needed)."""
        with self.locked():
            for obj in objs:
                self._table(TABLE_OF[type(obj)]).insert(_to_doc(obj))

    def delete(self, cls: type, obj_id: str) -> None:
        with self.locked():
            self._table(TABLE_OF[cls]).remove(Query().id == obj_id)

    def update(self, cls: type[T], obj_id: str, change: Callable[[T], Any]) -> T:
        """Read fresh under the lock, apply `change`, save: nothing another process wrote is lost."""
        with self.locked():
            obj = self.get(cls, obj_id)
            change(obj)
            self._table(TABLE_OF[cls]).update(_to_doc(obj), Query().id == obj_id)  # type: ignore[attr-defined]
            return obj

    def raw(self) -> dict[str, dict[str, Any]]:
        """The whole store as plain data (for the JSON backup)."""
        data = self._storage.read() or {}
        return {name: dict(table) for name, table in data.items()}

    def is_empty(self) -> bool:
        data = self._storage.read() or {}
        return not any(table for name, table in data.items() if name != schema.META)

    def replace_raw(self, tables: dict[str, dict[str, Any]]) -> None:
        """Write whole tables at once (restoring a backup); the caller validates them first."""
        with self.locked():
            data = dict(self._storage.read() or {})
            for name, table in tables.items():
                if name in schema.TABLES:
                    data[name] = table
            self._storage.write(data)

    # -- the kata log -----------------------------------------------------------------------

    def active_target_condition(self, challenge_id: str | None = None) -> TargetCondition | None:
        active = [tc for tc in self.all(TargetCondition) if tc.is_active and (challenge_id is None or tc.challenge_id == challenge_id)]
        active.sort(key=lambda tc: tc.created_at or tc.achieve_by, reverse=True)  # type: ignore[arg-type,return-value]
        return active[0] if active else None

    # -- retros -----------------------------------------------------------------------------

    def retros(self) -> list[Retro]:
        return sorted(self.all(Retro), key=lambda r: r.started_at, reverse=True)


def _to_doc(obj: Any) -> dict[str, Any]:
    return to_dict(obj)


def _dumps(data: Any) -> bytes:
    import orjson

    return orjson.dumps(data)


def _noun(cls: type) -> str:
    return {"TargetCondition": "target condition", "CoachingCycle": "coaching cycle"}.get(cls.__name__, cls.__name__.lower())


def default_store_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("retro", appauthor=False)) / "retro.json"


def resolve_store_path(cli_value: str | None) -> Path:
    """`--db` wins, then `RETRO_DB`, then the user data dir."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("RETRO_DB")
    if env:
        return Path(env).expanduser()
    return default_store_path()
