from __future__ import annotations

import subprocess

from collections.abc import Iterator
from pathlib import Path

import pytest

from retro.domain.format import PhaseKind
from retro.domain.retro import Participant, Retro
from retro.store import Repository
from tests.web.support import Served, alive, start_serve


@pytest.fixture
def running(repo: Repository) -> Retro:
    retro = Retro.start("hybrid-experiments", "Blå", [Participant("Anna")], repo.clock.now())
    repo.add(retro)
    return retro


@pytest.fixture
def serve(running: Retro, cli_env: dict[str, str], tmp_path: Path) -> Iterator:
    """Start `retro serve` on the running retro (with the stand-in app); stopped at the end."""
    started: list[Served] = []

    def start(*extra: str, app: list[str] | None = None, stdin: int = subprocess.DEVNULL) -> Served:
        served = start_serve(running.id, cli_env, tmp_path / f"out{len(started)}", *extra, app=app, stdin=stdin)
        started.append(served)
        return served

    yield start
    for served in started:
        if served.proc.poll() is None:
            served.proc.terminate()
            served.proc.wait(20)
        for pid in served.app_pids():
            assert not alive(pid), "a served app outlived the test"


@pytest.fixture
def gathering(repo: Repository) -> Retro:
    """A running retro in its gather phase (hybrid-experiments has one phase of each kind)."""
    retro = Retro.start("hybrid-experiments", "Blå", [Participant("Anna")], repo.clock.now())
    retro.phase_index = [k.value for k in PhaseKind].index("gather")
    repo.add(retro)
    return retro
