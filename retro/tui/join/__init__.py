"""`retro join`: a participant's own view of one running retro (see app.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retro.domain.clock import Clock
    from retro.domain.retro import Participant
    from retro.store import Repository


def run_join(repo: Repository, retro_id: str, participant: Participant | None, clock: Clock | None = None,
             served: bool = False) -> None:
    from retro.tui.join.app import JoinApp

    JoinApp(repo, retro_id, participant, clock=clock, served=served).run()
