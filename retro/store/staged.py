"""TinyDB's own document operations on one file's tables in memory, for the length of one change.

Only a change needs TinyDB; reading the store does not. So this is imported by the first change
(or ahead of it by `Repository.warm`, after the first paint), not by every start.
"""

from __future__ import annotations

from typing import Any

from tinydb import Query
from tinydb.storages import Storage
from tinydb.table import Table

__all__ = ["Query", "StagedStorage", "Table"]


class StagedStorage(Storage):
    """A TinyDB storage over one file's tables in memory, for the length of one change.

    The repository runs TinyDB's own Table operations (upsert, insert, remove by Query) on it,
    then writes the result with `commit`: TinyDB keeps the document model, we keep durability.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
