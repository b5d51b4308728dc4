"""The JSON backup: the whole store, versioned, and `retro import` that restores it.

A backup is `{"format": "retro-backup", "schema_version": N, "exported_at": ISO, "tables":
{table: {doc_id: doc}}}`: the store's own documents (written by the one codec), with their
TinyDB keys, so a restore into an empty store is exact and exporting the restored store gives
the same tables. A merge adds what is missing by id and never overwrites: a document whose id is
already in the store with different content is reported as a conflict and left alone.

Everything is read and checked before the store is touched, and the store is written in one
atomic replace: a damaged or newer backup leaves the store exactly as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from retro import __version__
from retro.domain.codec import from_dict
from retro.store import SCHEMA_VERSION
from retro.store import schema
from retro.store.repository import TABLE_OF
from retro.export.common import ExportError

FORMAT = "retro-backup"
CLASS_OF: dict[str, type] = {table: cls for cls, table in TABLE_OF.items()}

Tables = dict[str, dict[str, dict[str, Any]]]


def export_json(raw: Mapping[str, Mapping[str, Any]], now: datetime) -> str:
    """The backup of a store's raw tables (`repo.raw()`); the meta table becomes the header."""
    tables = {name: dict(raw.get(name, {})) for name in schema.TABLES}
    backup = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "retro_version": __version__,
        "tables": tables,
    }
    return orjson.dumps(backup, option=orjson.OPT_INDENT_2).decode() + "\n"


def record_count(tables: Mapping[str, Mapping[str, Any]]) -> int:
    return sum(len(docs) for docs in tables.values())


# -- reading a backup ------------------------------------------------------------------------

def parse_backup(payload: bytes, name: str) -> Tables:
    """Check a backup completely and return its tables (migrated to this schema), or refuse
    with one line naming the file."""
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        raise ExportError(f"{name}: not a retro backup (damaged JSON: {exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportError(f"{name}: not a retro backup (no \"format\": \"{FORMAT}\" at the top)")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ExportError(f"{name}: not a retro backup (no schema_version)")
    if version > SCHEMA_VERSION:
        raise ExportError(
            f"{name}: written by a newer retro (schema {version}, this one knows {SCHEMA_VERSION}); upgrade retro to import it"
        )
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise ExportError(f"{name}: damaged backup (no tables)")
    unknown = sorted(set(tables) - set(schema.TABLES))
    if unknown:
        raise ExportError(f"{name}: damaged backup (unknown table {unknown[0]!r})")
    if version < SCHEMA_VERSION:
        tables = schema.migrate(dict(tables), version)
        tables.pop(schema.META, None)
    for table, docs in tables.items():
        _check_table(name, table, docs)
    return {table: dict(tables.get(table, {})) for table in schema.TABLES}


def _check_table(name: str, table: str, docs: Any) -> None:
    if not isinstance(docs, dict):
        raise ExportError(f"{name}: damaged backup (table {table} is not an object)")
    cls = CLASS_OF[table]
    seen: set[str] = set()
    for key, doc in docs.items():
        where = f"{table}[{key}]"
        if not key.isdigit():
            raise ExportError(f"{name}: damaged backup ({where}: the key is not a number)")
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str) or not doc["id"]:
            raise ExportError(f"{name}: damaged backup ({where} has no id)")
        if doc["id"] in seen:
            raise ExportError(f"{name}: damaged backup ({table}: the id {doc['id']} appears twice)")
        seen.add(doc["id"])
        try:
            from_dict(cls, doc)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            raise ExportError(f"{name}: damaged backup ({where}, id {doc['id']}: {exc})") from None


def read_backup(path: Path) -> Tables:
    path = Path(path).expanduser()
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        raise ExportError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ExportError(f"{path}: is a folder, not a backup file") from None
    except OSError as exc:
        raise ExportError(f"{path}: cannot be read ({exc.strerror})") from None
    return parse_backup(payload, str(path))


# -- restoring -------------------------------------------------------------------------------

@dataclass
class MergeReport:
    added: dict[str, int] = field(default_factory=dict)
    unchanged: int = 0
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (table, id)

    @property
    def added_total(self) -> int:
        return sum(self.added.values())


def restore(repo: Any, tables: Tables) -> int:
    """Restore into an empty store, exactly (same documents, same keys)."""
    with repo.locked():
        if not repo.is_empty():
            raise ExportError(f"{repo.path}: the store is not empty; import restores into an empty store (or use --merge)")
        repo.replace_raw(tables)
    return record_count(tables)


def merge_tables(current: Mapping[str, Mapping[str, Any]], incoming: Tables) -> tuple[Tables, MergeReport]:
    """Pure merge: what is missing by id is added under a fresh key; nothing is overwritten."""
    report = MergeReport()
    merged: Tables = {}
    for table in schema.TABLES:
        have = dict(current.get(table, {}))
        by_id = {doc.get("id"): doc for doc in have.values() if isinstance(doc, dict)}
        next_key = max((int(k) for k in have if k.isdigit()), default=0) + 1
        added = 0
        for doc in incoming.get(table, {}).values():
            mine = by_id.get(doc["id"])
            if mine is None:
                have[str(next_key)] = doc
                by_id[doc["id"]] = doc
                next_key += 1
                added += 1
            elif mine == doc:
                report.unchanged += 1
            else:
                report.conflicts.append((table, doc["id"]))
        if added:
            report.added[table] = added
        merged[table] = have
    return merged, report


def merge(repo: Any, tables: Tables) -> MergeReport:
    """Add what the store lacks, under the store's lock so no concurrent write is lost."""
    with repo.locked():
        merged, report = merge_tables(repo.raw(), tables)
        if report.added_total:
            repo.replace_raw({name: merged[name] for name in report.added})
    return report
