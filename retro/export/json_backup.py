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

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from retro import __version__
from retro.domain.codec import Invalid, from_dict, shown, too_long
from retro.domain.text import clean, controls_in, visible_name
from retro.i18n import t
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

# How deep a document may nest. The schema needs three levels (a retro's timers, an
# experiment's amendments); the rest is room for the fields of a newer minor version. Deeper
# would pass the codec (which ignores unknown fields) and then fail when the store is saved.
DEPTH_MAX = 16


@dataclass
class Backup:
    """A backup read and checked: its tables (migrated, cleaned), and what the reading found."""

    tables: Tables
    removed: int = 0  # control characters removed from its text
    too_long: list[tuple[str, int, int]] = field(default_factory=list)  # (where, length, limit)


def parse_backup(payload: bytes, name: str) -> Tables:
    """The tables of a backup, checked and cleaned (see `check_backup`)."""
    return check_backup(payload, name).tables


def check_backup(payload: bytes, name: str) -> Backup:
    """Check a backup completely before anything is written: its shape, every field of every
    document by the codec the store reads with (types and ranges), and how deep it nests;
    remove control characters from its text (they could drive a terminal). Refuse it with one
    line naming the file and the first bad record and field."""
    try:
        data = orjson.loads(payload)
    except orjson.JSONDecodeError as exc:
        raise ExportError(t("{file}: not a retro backup (damaged JSON: {reason})", file=name, reason=exc)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportError(t("{file}: not a retro backup (no \"format\": \"{format}\" at the top)", file=name, format=FORMAT))
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ExportError(t("{file}: not a retro backup (no schema_version)", file=name))
    if version > SCHEMA_VERSION:
        raise ExportError(t("{file}: written by a newer retro (schema {found}, this one knows {known}); "
                            "upgrade retro to import it", file=name, found=version, known=SCHEMA_VERSION))
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise ExportError(_damaged(name, t("no tables")))
    unknown = sorted(set(tables) - set(schema.TABLES))
    if unknown:
        raise ExportError(_damaged(name, t("unknown table {table}", table=shown(unknown[0]))))
    for table, docs in tables.items():
        if not isinstance(docs, dict):
            raise ExportError(_damaged(name, t("table {table} is not an object", table=table)))
    if version < SCHEMA_VERSION:
        tables = schema.migrate(dict(tables), version)
        tables.pop(schema.META, None)
    backup = Backup({})
    for table in schema.TABLES:
        backup.tables[table] = _check_table(name, table, tables.get(table, {}), backup)
    return backup


def _damaged(name: str, problem: str) -> str:
    return t("{file}: damaged backup ({problem})", file=name, problem=problem)


def _check_table(name: str, table: str, docs: dict[str, Any], backup: Backup) -> dict[str, Any]:
    cls = CLASS_OF[table]
    seen: set[str] = set()
    out: dict[str, Any] = {}
    for key, doc in docs.items():
        if not _DOC_KEY.match(key):
            raise ExportError(_damaged(name, t("{where}: the key is not a number", where=f"{table}[{shown(key)}]")))
        where = f"{table}[{key}]"
        if not isinstance(doc, dict):
            raise ExportError(_damaged(name, t("{where} has no id", where=where)))
        try:
            cleaned, removed = _scrub(doc)
        except _Unfit as exc:
            raise ExportError(_damaged(name, t("{where}, id {id}: {problem}", where=where,
                                              id=_id(doc.get("id")), problem=str(exc)))) from None
        if not isinstance(cleaned.get("id"), str) or not cleaned["id"]:
            raise ExportError(_damaged(name, t("{where} has no id", where=where)))
        doc_id = _id(cleaned["id"])
        if cleaned["id"] in seen:
            raise ExportError(_damaged(name, t("{table}: the id {id} appears twice", table=table, id=doc_id)))
        seen.add(cleaned["id"])
        try:
            obj = from_dict(cls, cleaned)
        except Invalid as exc:
            raise ExportError(_damaged(name, t("{where}, id {id}: {problem}", where=where, id=doc_id,
                                              problem=_problem(exc)))) from None
        backup.removed += removed
        backup.too_long += [(f"{where}.{path}", length, limit) for path, length, limit in too_long(obj)]
        out[key] = cleaned
    return out


class _Unfit(ValueError):
    """A document the store could not keep whatever its fields say (the message says why)."""


def _id(value: Any) -> str:
    """A document's id as a message shows it: as it is, any control or disguising character
    escaped, cut if it is long."""
    if isinstance(value, str):
        return visible_name(value if len(value) <= 40 else value[:39] + "…")
    return shown(value)


_DOC_KEY = re.compile(r"[0-9]{1,18}\Z")


def _problem(exc: Invalid) -> str:
    """The codec's error in the interface language: where, what was expected, what was found."""
    what = t(exc.expected, **exc.params)
    if exc.missing:
        text = t("missing, expected {what}", what=what)
    else:
        found = shown(exc.found)
        text = t("expected {what}, found {found}", what=what, found=t(found) if isinstance(exc.found, (list, dict)) else found)
    return f"{exc.where}: {text}" if exc.where else text


def _scrub(doc: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """A copy of `doc` with the control characters removed from every text in it (keys too),
    and how many were removed; Invalid if it nests deeper than DEPTH_MAX. A text without any
    is kept as it is (its CR LF line ends too). Iterative: no nesting can exhaust the stack."""
    removed = 0

    def fix(text: str) -> str:
        nonlocal removed
        count = controls_in(text)
        if not count:
            return text
        removed += count
        return clean(text)

    root: dict[str, Any] = {}
    stack: list[tuple[Any, Any, int]] = [(doc, root, 1)]  # (source container, its copy, depth)
    while stack:
        source, copy, depth = stack.pop()
        if depth > DEPTH_MAX:
            raise _Unfit(t("nested more than {depth} levels deep", depth=DEPTH_MAX))
        items = source.items() if type(source) is dict else enumerate(source)
        for key, value in items:
            if type(value) is str:
                value = fix(value)
            elif type(value) is dict:
                value, child = {}, value
                stack.append((child, value, depth + 1))
            elif type(value) is list:
                value, child = [], value
                stack.append((child, value, depth + 1))
            if type(copy) is dict:
                new_key = fix(key)
                if new_key in copy:
                    raise _Unfit(t("two keys are both {key} once control characters are removed", key=shown(new_key)))
                copy[new_key] = value
            else:
                copy.append(value)
    return root, removed


def read_backup(path: Path) -> Backup:
    path = Path(path).expanduser()
    try:
        if path.exists() and not path.is_dir() and not path.is_file():  # reading a pipe would wait forever
            raise ExportError(t("{file}: is not a regular file (a pipe or a device)", file=path))
        payload = path.read_bytes()
    except FileNotFoundError:
        raise ExportError(t("{file}: no such file", file=path)) from None
    except IsADirectoryError:
        raise ExportError(t("{file}: is a folder, not a backup file", file=path)) from None
    except OSError as exc:
        raise ExportError(t("{file}: cannot be read ({reason})", file=path, reason=exc.strerror)) from None
    return check_backup(payload, str(path))


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
            raise ExportError(t("{store}: the store is not empty; import restores into an empty store, or add --merge",
                                store=repo.path))
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
