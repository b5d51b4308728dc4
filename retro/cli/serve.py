"""`retro serve RETRO_ID`: `retro join` for browsers, one app process per tab (textual-serve).

Thin: the retro is checked first (unknown or closed: one line, exit 2), then the web side is
imported. Nothing here or there imports Textual; the served apps do, in their own processes.
The first line on stdout is the join URL, and nothing else is ever written there: the
facilitator's screen (F3) reads that line.
"""

from __future__ import annotations

import shlex
import sys

import click

from retro.cli.common import Settings, echo, pass_settings, refuse, retro_or_refuse, shown
from retro.domain.retro import Retro
from retro.i18n import language, t
from retro.store import StoreError


class _ToStderr:
    """Stands in for stdout once the URL is out: the stock service writes a failed app's
    errors to stdout, which belongs to the URL alone."""

    def write(self, text: str) -> int:
        sys.stderr.write(shown(text))
        return len(text)

    def flush(self) -> None:
        sys.stderr.flush()


@click.command()
@click.argument("retro_id")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="HOST",
              help="Address to listen on; 'lan' for this machine's address on the local network.")
@click.option("--port", default=0, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one (the URL names it).")
@click.option("--max", "most", default=30, show_default=True, type=click.IntRange(1, 500),
              help="Most browser tabs joined at once; beyond it they are told the retro is full.")
@click.option("--app-command", hidden=True, metavar="COMMAND",
              help="Run this instead of `retro join RETRO_ID` in each tab (the tests' stand-in app).")
@click.option("--until-stdin-closes", is_flag=True, hidden=True,
              help="Also stop when stdin ends (started by the run screen, which holds the other end); "
                   "a `new-link` line on stdin makes a new token and prints the new URL.")
@pass_settings
def serve(settings: Settings, retro_id: str, host: str, port: int, most: int, app_command: str | None,
          until_stdin_closes: bool) -> None:
    """Serve `retro join RETRO_ID` to browsers on the local network.

    Prints the join URL (with a fresh secret token) as its first line, and serves until Ctrl+C,
    SIGTERM or the retro's close.
    """
    repo = settings.repo()
    retro = retro_or_refuse(repo, retro_id, running=True)

    import asyncio
    import secrets

    from retro.cli.web import address, server

    where = address.resolve(host)
    if app_command is not None:
        argv = shlex.split(app_command)
    else:
        argv = [sys.executable, "-m", "retro", "--db", str(settings.store_path), "--lang", language(),
                "join", retro.id]

    def still_running() -> bool:
        try:
            found = repo.find(Retro, retro.id)
        except StoreError:  # the store busy or moved for a moment: ask again next time
            return True
        return found is not None and found.status != "closed"

    url_out = sys.stdout
    announced = False

    def announce(url: str) -> None:
        nonlocal announced
        url_out.write(url + "\n")
        url_out.flush()
        if announced:
            return  # a new link (`new-link` on stdin): the URL alone
        announced = True
        sys.stdout = _ToStderr()  # type: ignore[assignment]
        if where.beyond_machine:
            echo(t("Serving beyond this machine: anyone on the network who has the link can join, "
                   "and the connection is not encrypted"), err=True)

    texts = {"lang": language(), "title": t("Retro {id}", id=retro.id), "ended": t("Session ended."),
             "restart": t("Restart")}
    try:
        asyncio.run(server.serve(where, port, secrets.token_urlsafe(16), argv, most, texts, still_running,
                                 announce, until_stdin_closes))
    except OSError as exc:  # the port taken, the address not this machine's
        refuse(t("Cannot listen on {host} port {port}: {reason}", host=host, port=port,
                 reason=exc.strerror or str(exc)))
