"""Reading domain objects from the store: every object of a kind, one by id, the whole store
as plain data (for the JSON backup), and the few narrow reads the screens need first (the
active target condition, the newest retros' headings). Callers always get independent copies,
so mutating what they got can never change what another reader sees.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from retro.domain.kata import Challenge, CoachingCycle, Experiment, Obstacle, TargetCondition
from retro.domain.retro import RETRO_STATUSES, Retro
from retro.store import layout, schema
from retro.store.copies import clone
from retro.store.errors import NotFound
from retro.store.file_cache import CachedFile, noun
from retro.store.storage import parse

T = TypeVar("T")

TABLE_OF: dict[type, str] = {
    Challenge: "challenges",
    TargetCondition: "target_conditions",
    Obstacle: "obstacles",
    Experiment: "experiments",
    CoachingCycle: "coaching",
    Retro: "retros",
}


class Reading:
    """The repository's part that reads domain objects (from the file cache)."""

    @property
    def schema_version(self) -> int:
        main = self._load(self.path)
        return (schema.version_of(main.data) or 0) if main else 0

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
        does not pay for it on a keypress (a five-year store's worth). For a worker thread
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
            raise NotFound("no {noun} with id {id}", noun=noun(cls), id=obj_id)
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
        what the home screen lists, sooner on a large store."""
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


def _heading(loaded: CachedFile, doc_id: str) -> RetroHeading:
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

