"""`retro join`: a participant's own view of a running retro (JoinApp), driven by Pilot, with
the store changed by "another process" (a second Repository on the same file)."""

from __future__ import annotations

import subprocess

import pytest
from textual.widgets import Static

from retro import i18n
from retro.domain.format import PhaseKind
from retro.domain.retro import Participant, Retro
from retro.store import Repository
from retro.tui.join.app import JoinApp
from retro.tui.widgets.item_list import ItemList
from tests.app.run_support import PEOPLE, until

KINDS = [k.value for k in PhaseKind]  # hybrid-experiments: one phase of each kind, in this order


def make_retro(repo: Repository, clock, phase: str = "gather", items=(), **fields) -> Retro:  # noqa: ANN001
    retro = Retro.start("hybrid-experiments", "Blå", list(PEOPLE), clock.now())
    retro.phase_index = KINDS.index(phase)
    for column, text, author in items:
        retro.add_item(column, text, author, clock.now())
    for name, value in fields.items():
        setattr(retro, name, value)
    repo.add(retro)
    return retro


def other(repo: Repository) -> Repository:
    """The same store as another process sees it."""
    return Repository.open(repo.path, repo.clock)


def screen_text(pilot) -> str:  # noqa: ANN001
    """Every Static and list row on the screen, as plain text."""
    screen = pilot.app.screen
    parts = [str(s.render()) for s in screen.query(Static) if s.display]
    parts += [str(o.prompt) for lst in screen.query(ItemList) for o in lst.options]
    return "\n".join(parts)


def stored(repo: Repository, retro_id: str) -> Retro:
    return other(repo).get(Retro, retro_id)


@pytest.fixture
def english():
    i18n.set_language("en")
    yield


def join_app(repo: Repository, clock, retro: Retro, who: Participant | None = None) -> JoinApp:  # noqa: ANN001
    return JoinApp(repo, retro.id, who, clock=clock)
