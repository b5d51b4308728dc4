"""The `retro` command line. The TUI is the default command; every other command runs without
importing Textual, so scripts stay fast and the data layer stays testable on its own.

The program starts in retro/cli/entry.py, which opens the home screen itself for the bare `retro`
(without importing this module) and hands every other command line to `main` here."""

from __future__ import annotations

import sys

import click

from retro import __version__
from retro.cli.common import Settings, echo, require_terminal
from retro.cli.formats import formats
from retro.cli.info import info
from retro.domain.errors import RuleError
from retro.i18n import set_language, t, t_error
from retro.store import StoreError


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="PATH", help="The store file (default: $RETRO_DB, else the user data dir).")
@click.option("--lang", type=click.Choice(["sv", "en"]), help="Language of the interface (default: the locale).")
@click.version_option(__version__, prog_name="retro")
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: str | None) -> None:
    """retro: hybrid team retrospectives that end in short experiments with written
    expectations, and the leader's Improvement Kata log they feed.

    Without a command, opens the home screen.
    """
    settings = ctx.ensure_object(Settings)
    settings.db, settings.lang = db, lang
    set_language(lang)
    if ctx.invoked_subcommand is None:
        require_terminal()
        from retro.tui.app import launch

        launch(settings)


cli.add_command(formats)
cli.add_command(info)


def _register_optional() -> None:
    """Areas of the CLI that live in their own modules."""
    import importlib

    for module, names in (
        ("retro.cli.run", ("run", "item", "retros")),
        ("retro.cli.kata", ("kata", "demo")),
        ("retro.cli.export", ("export", "import_")),
        ("retro.cli.join", ("join",)),
        ("retro.cli.serve", ("serve",)),
    ):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        for name in names:
            cli.add_command(getattr(mod, name))


_register_optional()


def _fail(message: str, code: int = 2) -> int:
    echo(f"retro: {message}", err=True)  # a message may quote user or file text: `echo` shows it safely
    return code


def main(argv: list[str] | None = None) -> int:
    """Run the CLI: one line on stderr and exit 2 for bad input, never a traceback."""
    from retro.cli.entry import refuse_undecodable, undecodable

    args = sys.argv[1:] if argv is None else list(argv)
    position = undecodable(args)
    if position is not None:
        return refuse_undecodable(position)
    try:
        result = cli.main(args=args, prog_name="retro", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        return _fail(exc.format_message().replace("\n", " ") + hint)
    except click.ClickException as exc:
        return _fail(exc.format_message().replace("\n", " "), exc.exit_code)
    except (StoreError, RuleError) as exc:
        return _fail(t_error(exc))
    except click.Abort:
        return _fail(t("interrupted"), 130)
    except KeyboardInterrupt:
        return _fail(t("interrupted"), 130)
    except BrokenPipeError:
        return 0
    except OSError as exc:  # a name too long for the file system, a device where a file was expected
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(where + (exc.strerror or str(exc)))
    return result if isinstance(result, int) else 0


def run() -> None:
    """The entry point of installs made before it moved to retro.cli.entry: the same behaviour."""
    from retro.cli.entry import run as entry_run

    entry_run()


if __name__ == "__main__":
    run()
