"""What one run of `retro` was given: the store (--db) and the language (--lang), plus the
terminal check every TUI entry makes.

Kept apart from the click commands so the bare `retro` (the home screen) can start without
importing click or any command module (see retro/cli/entry.py).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from retro.domain.clock import Clock, SystemClock
from retro.store import Repository, resolve_store_path

NEEDS_TERMINAL = "the interactive screen needs a terminal; see 'retro --help' for commands that work in scripts"


@dataclass
class Settings:
    db: str | None = None
    lang: str | None = None
    clock: Clock = field(default_factory=SystemClock)
    _repo: Repository | None = None

    @property
    def store_path(self) -> Path:
        return resolve_store_path(self.db)

    def repo(self) -> Repository:
        if self._repo is None:
            self._repo = Repository.open(self.store_path, self.clock)
        return self._repo


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, AttributeError):
        return False


def has_terminal() -> bool:
    """The TUI needs a terminal on both ends: scripts and CI must get an error, never a hang."""
    try:
        return stdin_is_terminal() and sys.stdout is not None and sys.stdout.isatty()
    except (ValueError, AttributeError):
        return False
