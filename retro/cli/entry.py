"""The `retro` entry point: the bare command goes straight to the home screen; everything else
goes to the click command line (retro/cli/main.py).

Why a fast path: the bare `retro` is what a user types most, and the time to the first painted
screen is measured against a hello-world Textual app (issue 6). Importing click and every
command module before noticing that no sub-command was asked for was a tenth of the start. So only the plainest, fully valid forms are taken here —

    retro    retro --db PATH    retro --lang sv|en    (in any order; `--opt=value` too)

— and anything else (a sub-command, --help, --version, a repeated, empty, unknown or invalid
option) goes to click unchanged, so its messages and exit codes stay exactly click's.
"""

from __future__ import annotations

import gc
import sys

LANGUAGES = ("sv", "en")  # the choices of the group's --lang


def undecodable(args: list[str]) -> int | None:
    """The position (from 1) of the first argument that is not valid UTF-8 text, if any.

    Python hands such an argument over with each bad byte as a lone surrogate, which cannot be
    stored, shown or written as JSON, so it is refused before anything runs (a file name that is
    not UTF-8 included: the command line takes text only)."""
    for position, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return position
    return None


def refuse_undecodable(position: int) -> int:
    from retro.i18n import t

    return _fail(t("argument {position} is not valid UTF-8 text; nothing was done", position=position))


def home_screen_options(args: list[str]) -> dict[str, str] | None:
    """{"db": …, "lang": …} (either may be absent) when `args` ask for nothing but the home
    screen, each option at most once and with a plain valid value; otherwise None."""
    found: dict[str, str] = {}
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        name, eq, value = arg.partition("=")
        if name not in ("--db", "--lang") or name[2:] in found:
            return None
        if not eq:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-") or (name == "--lang" and value not in LANGUAGES):
            return None
        found[name[2:]] = value
    return found


def open_home(options: dict[str, str]) -> int:
    """What the click group does without a sub-command, with the same one-line refusals."""
    from retro.i18n import set_language, t, t_error
    from retro.settings import NEEDS_TERMINAL, Settings, has_terminal

    set_language(options.get("lang"))
    if not has_terminal():
        return _fail(NEEDS_TERMINAL)
    # The collector is off for the start (see launch); here already, before Textual is imported.
    gc.disable()
    from retro.domain.errors import RuleError
    from retro.store import StoreError

    try:
        from retro.tui.app import launch

        launch(Settings(db=options.get("db"), lang=options.get("lang")))
    except (StoreError, RuleError) as exc:
        return _fail(t_error(exc))
    except KeyboardInterrupt:
        return _fail(t("interrupted"), 130)
    except BrokenPipeError:
        return 0
    return 0


def _fail(message: str, code: int = 2) -> int:
    """One line on stderr; text in it (a path given with --db) reaches the terminal only as
    `visible` text, as every line of the command line does (retro/cli/common.py)."""
    from retro.domain.text import visible

    print(visible(f"retro: {message}"), file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    position = undecodable(args)
    if position is not None:
        return refuse_undecodable(position)
    options = home_screen_options(args)
    if options is not None:
        return open_home(options)
    from retro.cli.main import main as cli_main

    return cli_main(args)


def run() -> None:
    sys.exit(main())
