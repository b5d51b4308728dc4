"""What every command shares: the store and settings context, refusals, JSON output."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click
import orjson

from retro.domain.clock import Clock, SystemClock
from retro.domain.codec import to_dict
from retro.store import Repository, resolve_store_path


class Refusal(click.ClickException):
    """Bad input or a refused action: one line on stderr, exit code 2."""

    exit_code = 2


def refuse(message: str) -> NoReturn:
    raise Refusal(message)


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


pass_settings = click.make_pass_decorator(Settings, ensure=True)


def emit_json(data: Any) -> None:
    sys.stdout.write(orjson.dumps(to_dict(data), option=orjson.OPT_INDENT_2).decode() + "\n")


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        refuse(f"{option}: {value!r} is not a date; use YYYY-MM-DD")


def stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, AttributeError):
        return False


def require_terminal() -> None:
    """The TUI needs a terminal: scripts and CI must get an error, never a hang."""
    if not (stdin_is_terminal() and sys.stdout.isatty()):
        refuse("the interactive screen needs a terminal; see 'retro --help' for commands that work in scripts")
