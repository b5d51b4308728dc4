"""Which file of the store holds which document.

    store.json                        meta, challenges, target_conditions (the path --db / RETRO_DB names)
    store.json.d/kata-2026-11.json    experiments, obstacles, coaching cycles created that month
    store.json.d/retros-2026-11.json  retros started that month
    store.json.lock                   the inter-process lock
    store.json.journal                only while a change to several files is being committed
    store.json.v1.bak                 the main file as it was before a migration from schema 1
    store.json.v1.bak.d/              its month folder as it was then (only if it had files)
    .store.json.*.tmp                 a file (or a backup folder) being written; renamed or swept

The path given is first resolved to the real file (symlinks followed once, when the store is
opened), so all of these live beside the real file, never beside a link to it.

Every name is the main file's name plus a suffix, so two stores in one folder never share
anything.

Why monthly files: TinyDB rewrites a whole file on every save, and a five-year log in one file
makes every save write megabytes, past a frame; a month's file is a small fraction of that. A retro and the
experiments decided in it share a month, so saving them together still writes one file. The
home screen needs only the main file and the newest retro months.

A document stays in the file it was first saved to (its month is taken from its own dates,
which never change); the repository's index finds it there. Every file is a plain TinyDB
database with its own `meta` table, so each one can be read, checked and versioned alone.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

MAIN_TABLES = ("challenges", "target_conditions")
SEGMENTED: dict[str, tuple[str, ...]] = {
    "kata": ("experiments", "obstacles", "coaching"),
    "retros": ("retros",),
}
KIND_OF: dict[str, str] = {table: kind for kind, tables in SEGMENTED.items() for table in tables}
# The field whose month places a new document (ISO strings: "2026-11-26T09:30:00").
DATE_FIELD = {"experiments": "created_at", "obstacles": "created_at", "coaching": "at", "retros": "started_at"}
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def segments_dir(main: Path) -> Path:
    return main.with_name(main.name + ".d")


def journal_path(main: Path) -> Path:
    return main.with_name(main.name + ".journal")


def lock_path(main: Path) -> Path:
    return main.with_name(main.name + ".lock")


def presence_dir(main: Path) -> Path:
    """The live join sessions' name locks (presence.py)."""
    return main.with_name(main.name + ".presence")


def backup_path(main: Path, version: int, n: int = 1) -> Path:
    """The n-th backup of a schema-`version` main file; its month folder is `segments_dir` of it."""
    return main.with_name(f"{main.name}.v{version}.bak" if n == 1 else f"{main.name}.v{version}.{n}.bak")


def is_store_file(main: Path, candidate: Path) -> bool:
    """Is `candidate` one of the files of the store whose main file is `main` (or inside one of
    its folders)? Both are resolved first, so a link to a store file is one too.

    The store's files: the main file, its month folder and everything in it, the lock, the
    journal, the join sessions' presence folder, the backups a migration keeps (`.vN.bak`, `.vN.M.bak`, and their `.d` folders), and
    the temp files and folders written beside the main file (`.NAME.*.tmp`). For anything that
    writes a file the user names (an export), so it can never overwrite the store.
    """
    main = Path(os.path.realpath(Path(main).expanduser()))
    candidate = Path(os.path.realpath(Path(candidate).expanduser()))
    try:
        parts = candidate.relative_to(main.parent).parts
    except ValueError:
        parts = ()
    if parts and _store_name(main.name, parts[0], folder=len(parts) > 1):
        return True
    try:  # another name for the main file itself (a hard link)
        return os.path.samefile(main, candidate)
    except OSError:
        return False


def _store_name(main: str, name: str, *, folder: bool) -> bool:
    """Is `name`, beside a main file named `main`, one of the store's files (`folder`: one of its
    folders, since the candidate is inside it)?"""
    if name.startswith(f".{main}.") and name.endswith(".tmp"):
        return True
    if not name.startswith(main):
        return False
    rest = name[len(main):]
    if _BACKUP_DIR.fullmatch(rest) or rest in (".d", ".presence"):
        return True
    return not folder and (rest in ("", ".lock", ".journal") or _BACKUP.fullmatch(rest) is not None)


_BACKUP = re.compile(r"\.v\d+(\.\d+)?\.bak")
_BACKUP_DIR = re.compile(r"\.v\d+(\.\d+)?\.bak\.d")


def segment_path(main: Path, kind: str, month: str) -> Path:
    return segments_dir(main) / f"{kind}-{month}.json"


def month_of(table: str, doc: dict[str, Any], fallback: str) -> str:
    value = doc.get(DATE_FIELD[table])
    month = value[:7] if isinstance(value, str) else ""
    return month if _MONTH.match(month) else fallback


def kind_and_month(path: Path) -> tuple[str, str] | None:
    """`kata-2026-11.json` → ("kata", "2026-11"); None for anything that is not a segment."""
    stem = path.name.removesuffix(".json")
    if stem == path.name:
        return None
    kind, _, month = stem.partition("-")
    if kind in SEGMENTED and _MONTH.match(month):
        return kind, month
    return None


def split(tables: dict[str, dict[str, Any]], main: Path, fallback_month: str) -> dict[Path, dict[str, dict[str, Any]]]:
    """Place whole tables into files: {path: {table: {doc_id: doc}}}. Document ids restart at 1
    in each file, in the order given (TinyDB's own numbering)."""
    files: dict[Path, dict[str, dict[str, Any]]] = {main: {name: {} for name in MAIN_TABLES}}
    for name in MAIN_TABLES:
        for doc in tables.get(name, {}).values():
            files[main][name][str(len(files[main][name]) + 1)] = doc
    for table, kind in KIND_OF.items():
        for doc in tables.get(table, {}).values():
            path = segment_path(main, kind, month_of(table, doc, fallback_month))
            segment = files.setdefault(path, {name: {} for name in SEGMENTED[kind]})
            segment[table][str(len(segment[table]) + 1)] = doc
    return files
