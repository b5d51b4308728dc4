"""The store: one TinyDB JSON file behind a repository of domain objects."""

from retro.store.errors import NotFound, StoreError
from retro.store.layout import is_store_file
from retro.store.repository import Repository, resolve_store_path
from retro.store.schema import SCHEMA_VERSION

__all__ = ["SCHEMA_VERSION", "NotFound", "Repository", "StoreError", "is_store_file", "resolve_store_path"]
