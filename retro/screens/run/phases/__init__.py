"""One view per phase kind; the run screen mounts the one for the current phase."""

from __future__ import annotations

from retro.domain.format import Phase, PhaseKind
from retro.screens.run.phases.base import PhaseView
from retro.screens.run.session import RunSession


def view_for(session: RunSession, phase: Phase) -> PhaseView:
    # Imported here: only the phase on screen needs its module.
    if phase.kind is PhaseKind.CHECK_IN:
        from retro.screens.run.phases.checkin import CheckInView as view
    elif phase.kind is PhaseKind.REVIEW:
        from retro.screens.run.phases.review import ReviewView as view
    elif phase.kind is PhaseKind.GATHER:
        from retro.screens.run.phases.gather import GatherView as view
    elif phase.kind is PhaseKind.GROUP:
        from retro.screens.run.phases.group import GroupView as view
    elif phase.kind is PhaseKind.VOTE:
        from retro.screens.run.phases.vote import VoteView as view
    elif phase.kind is PhaseKind.DISCUSS:
        from retro.screens.run.phases.discuss import DiscussView as view
    elif phase.kind is PhaseKind.DECIDE:
        from retro.screens.run.phases.decide import DecideView as view
    else:
        from retro.screens.run.phases.close import CloseView as view
    return view(session, phase)
