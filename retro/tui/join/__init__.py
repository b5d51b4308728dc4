"""`retro join`: a participant's own view of one running retro (see app.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from retro.domain.clock import Clock
    from retro.domain.retro import Participant
    from retro.store import Repository
    from retro.store.presence import Presence


def run_join(repo: Repository, retro_id: str, participant: Participant | None, clock: Clock | None = None,
             served: bool = False, presence: Presence | None = None) -> None:
    from retro.tui.join.app import JoinApp

    app = JoinApp(repo, retro_id, participant, clock=clock, served=served, presence=presence)
    try:
        app.run()
    finally:
        app.leave()
