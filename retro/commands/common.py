"""What every command shares: the store and settings context, refusals, JSON output."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any, NoReturn

import click
import orjson

from retro.domain.codec import to_dict
from retro.settings import NEEDS_TERMINAL, Settings, has_terminal, stdin_is_terminal

__all__ = ["Refusal", "Settings", "emit_json", "parse_day", "pass_settings", "refuse", "require_terminal",
           "stdin_is_terminal"]


class Refusal(click.ClickException):
    """Bad input or a refused action: one line on stderr, exit code 2."""

    exit_code = 2


def refuse(message: str) -> NoReturn:
    raise Refusal(message)


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


def require_terminal() -> None:
    """The TUI needs a terminal: scripts and CI must get an error, never a hang."""
    if not has_terminal():
        refuse(NEEDS_TERMINAL)
