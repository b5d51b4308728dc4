"""Errors of the store, each naming the file it concerns."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be used: the message names the file and says what to do."""


class NotFound(StoreError):
    pass
