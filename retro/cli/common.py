"""What every command shares: the store and settings context, refusals, JSON output, and the
one place human text is written.

Every line a person reads (a listing, a confirmation, a refusal, a prompt) is written by `echo`
(or asked by `ask`), which passes it through `visible`: an item, a name or a format file holding
an escape sequence shows it as `\\x1b…`, so nothing a user typed, imported or was sent can move
the cursor, wipe the screen, set the clipboard or make a link (README, Reliability). Names are
passed through `visible_name` where they are put into a line, so one name cannot pose as
another. JSON (`emit_json`) is written exactly: it escapes what it must by itself.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

import click
import orjson

from retro.domain.codec import to_dict
from retro.domain.text import visible
from retro.i18n import t
from retro.settings import NEEDS_TERMINAL, Settings, has_terminal, stdin_is_terminal

if TYPE_CHECKING:
    from retro.domain.retro import Retro
    from retro.store import Repository

__all__ = ["Refusal", "Settings", "ask", "echo", "emit_json", "parse_day", "pass_settings", "refuse",
           "require_terminal", "stdin_is_terminal"]


class Refusal(click.ClickException):
    """Bad input or a refused action: one line on stderr, exit code 2."""

    exit_code = 2


def refuse(message: str) -> NoReturn:
    raise Refusal(message)


pass_settings = click.make_pass_decorator(Settings, ensure=True)


# A file name that is not UTF-8 (from $RETRO_DB, say) arrives with each bad byte as a lone
# surrogate; written as it is, 0x9b would be a CSI to an 8-bit terminal.
_SURROGATE = re.compile("[\ud800-\udfff]")


def retro_or_refuse(repo: Repository, retro_id: str, *, running: bool = False) -> Retro:
    """The retro with that id, or one line and exit 2; `running`: a closed one is refused too."""
    from retro.domain.retro import Retro

    retro = repo.find(Retro, retro_id)
    if retro is None:
        refuse(t("No retro with id {id}", id=retro_id))
    if running and retro.status == "closed":
        refuse(t("Retro {id} is closed", id=retro.id))
    return retro


def _byte(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def shown(text: str) -> str:
    """Text as the command line writes it for a person: `visible`, and no lone surrogate."""
    text = visible(text)
    return _SURROGATE.sub(_byte, text) if _SURROGATE.search(text) else text


def echo(message: object = "", err: bool = False) -> None:
    """Write one human line (or a few): the only way the command line writes text to be read."""
    click.echo(shown(str(message)), err=err)


def ask(question: str, **kwargs: Any) -> Any:
    """`click.prompt` with its question made visible, like every other line."""
    return click.prompt(shown(question), **kwargs)


def emit_json(data: Any) -> None:
    try:
        payload = orjson.dumps(to_dict(data), option=orjson.OPT_INDENT_2)
    except TypeError:  # a path or text that is not UTF-8 (a surrogate-escaped file name) has no JSON form
        refuse(t("The output holds text that is not valid UTF-8 (a file name?), so it cannot be written as JSON"))
    sys.stdout.write(payload.decode() + "\n")


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
