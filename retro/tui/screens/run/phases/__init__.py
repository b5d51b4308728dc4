"""One view per phase kind; the run screen mounts the one for the current phase.

All are imported up front: a phase change happens mid-meeting, and the first one must not pay
for an import while the facilitator is already typing.
"""

from __future__ import annotations

from retro.domain.format import Phase, PhaseKind
from retro.tui.screens.run.phases.base import PhaseView
from retro.tui.screens.run.phases.checkin import CheckInView
from retro.tui.screens.run.phases.close import CloseView
from retro.tui.screens.run.phases.decide import DecideView
from retro.tui.screens.run.phases.discuss import DiscussView
from retro.tui.screens.run.phases.gather import GatherView
from retro.tui.screens.run.phases.group import GroupView
from retro.tui.screens.run.phases.review import ReviewView
from retro.tui.screens.run.phases.vote import VoteView
from retro.tui.screens.run.session import RunSession

VIEWS: dict[PhaseKind, type[PhaseView]] = {
    PhaseKind.CHECK_IN: CheckInView,
    PhaseKind.REVIEW: ReviewView,
    PhaseKind.GATHER: GatherView,
    PhaseKind.GROUP: GroupView,
    PhaseKind.VOTE: VoteView,
    PhaseKind.DISCUSS: DiscussView,
    PhaseKind.DECIDE: DecideView,
    PhaseKind.CLOSE: CloseView,
}


def view_for(session: RunSession, phase: Phase) -> PhaseView:
    return VIEWS[phase.kind](session, phase)
