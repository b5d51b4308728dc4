"""`retro join RETRO_ID [--as NAME]`: a participant's own view of a running retro.

Checked before Textual is imported: an unknown or closed retro is refused with one line, and
without a terminal the command says so — unless it runs under Textual's web driver, as
`retro serve` starts it for each browser tab.
"""

from __future__ import annotations

import os

import click

from retro.cli.common import Settings, pass_settings, refuse, require_terminal, retro_or_refuse
from retro.domain.errors import RuleError
from retro.domain.participant_view import find_participant
from retro.domain.retro import Participant
from retro.domain.text import visible
from retro.i18n import t, t_error

WEB_DRIVER = "web_driver:WebDriver"


def served() -> bool:
    """Run by `retro serve` for a browser (Textual's web driver), not in a terminal."""
    return os.environ.get("TEXTUAL_DRIVER", "").endswith(WEB_DRIVER)


@click.command()
@click.argument("retro_id")
@click.option("--as", "as_name", metavar="NAME[:remote]",
              help="Join as this participant; add :remote for someone on the call (else a prompt asks).")
@pass_settings
def join(settings: Settings, retro_id: str, as_name: str | None) -> None:
    """Take part in a running retro from your own device: write, vote and give ROTI.

    A name is taken by one live session at a time: a second device under the same name is
    refused until the first one leaves.

    \b
    Examples:
      retro join rt-3kf9q2a
      retro join rt-3kf9q2a --as Bo:remote
    """
    participant = None
    if as_name is not None:
        try:
            participant = Participant.parse(as_name)
        except RuleError as exc:
            refuse(t_error(exc))
    repo = settings.repo()
    retro = retro_or_refuse(repo, retro_id, running=True)
    presence = None
    if participant is not None:
        known = find_participant(retro, participant.name)
        name = known.name if known is not None else participant.name
        presence = repo.take_name(retro.id, name)  # (a store problem: one line, from main)
        if presence is None:
            refuse(t("{name} has already joined on another device: choose another name, or leave "
                     "that session first", name=visible(name)))
    if not served():
        require_terminal()

    from retro.tui.join import run_join

    run_join(repo, retro.id, participant, clock=settings.clock, served=served(), presence=presence)
