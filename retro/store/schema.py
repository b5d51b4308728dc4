"""The store's schema version and the steps that bring an older file up to date."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

SCHEMA_VERSION = 1
META = "meta"
TABLES = ("challenges", "target_conditions", "obstacles", "experiments", "coaching", "retros")

Raw = dict[str, dict[str, Any]]


def _from_0(data: Raw) -> Raw:
    # Version 0 was a bare TinyDB file without our tables; give it the tables it lacks.
    for name in TABLES:
        data.setdefault(name, {})
    return data


# MIGRATIONS[n] turns a version-n file into version n+1.
MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {0: _from_0}


def version_of(data: Raw) -> int | None:
    meta = data.get(META, {})
    for doc in meta.values():
        if isinstance(doc, dict) and isinstance(doc.get("schema_version"), int):
            return doc["schema_version"]
    return None


def migrate(data: Raw, from_version: int) -> Raw:
    for version in range(from_version, SCHEMA_VERSION):
        data = MIGRATIONS[version](data)
    data[META] = {"1": {"schema_version": SCHEMA_VERSION}}
    return data


def empty() -> Raw:
    return migrate({}, 0)
