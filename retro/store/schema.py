"""The store's schema version, the shape every file must have, and the steps that bring an
older store up to date.

Versions:
  0  a bare TinyDB file with some of our tables and no `meta` table.
  1  one TinyDB file holding every table.
  2  the same tables, split over files (see layout.py): the main file keeps the small tables,
     the kata log's and the retros' documents live in monthly files, so a save rewrites a few
     kilobytes instead of a five-year log. The documents themselves did not change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 2
# Stores before this version had no month files: beside such a main file, any month file
# belongs to a newer store.
SEGMENTED_SINCE = 2
META = "meta"
TABLES = ("challenges", "target_conditions", "obstacles", "experiments", "coaching", "retros")

Raw = dict[str, dict[str, Any]]


class Malformed(ValueError):
    """The data is not a retro store; the message says what is wrong (the caller names the file)."""


def _from_0(data: Raw) -> Raw:
    # Version 0 was a bare TinyDB file without our tables; give it the tables it lacks.
    for name in TABLES:
        data.setdefault(name, {})
    return data


def _from_1(data: Raw) -> Raw:
    # Same tables and documents; only where they are kept changed (layout.py does the split).
    return data


# MIGRATIONS[n] turns a version-n store into version n+1 (as one dict of tables).
MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {0: _from_0, 1: _from_1}


def meta(version: int = SCHEMA_VERSION) -> dict[str, dict[str, int]]:
    return {"1": {"schema_version": version}}


def check_shape(data: Any) -> Raw:
    """A TinyDB file: an object of tables, each an object of documents, each an object."""
    if not isinstance(data, dict):
        raise Malformed(f"expected a JSON object of tables, found {_kind(data)}")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise Malformed(f"table {name!r} is {_kind(table)}, not an object of documents")
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                raise Malformed(f"document {doc_id} of table {name!r} is {_kind(doc)}, not an object")
    return data


def version_of(data: Raw) -> int | None:
    """The schema version; 0 for a bare TinyDB file of our tables; None if it is not ours.

    Version 0 must prove itself: at least one of our tables, nothing else but an empty `_default`
    (what TinyDB itself writes). `{}` or `{"_default": {}}` alone is not an old store but an
    empty or foreign file (or a main file replaced by hand): migrating it would empty the store."""
    if META not in data:
        ours = set(data) & set(TABLES)
        return 0 if ours and set(data) <= {*TABLES, "_default"} and not data.get("_default") else None
    for doc in data[META].values():
        value = doc.get("schema_version")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
    return None


def migrate(data: Raw, from_version: int) -> Raw:
    for version in range(from_version, SCHEMA_VERSION):
        data = MIGRATIONS[version](data)
    data.pop("_default", None)
    data[META] = meta()
    return data


def empty() -> Raw:
    return migrate({}, 0)


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true/false",
            type(None): "null"}.get(type(value), type(value).__name__)
