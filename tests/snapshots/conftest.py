"""Snapshot fixtures: a fixed clock, a temp store and the presentation theme, so pictures are
stable. Review every SVG before accepting it (`pytest --snapshot-update`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from retro.tui.app import RetroApp, make_app
from retro.domain.clock import FixedClock
from retro.store import Repository

SIZES = {"small": (80, 24), "large": (160, 45)}


@pytest.fixture
def snap_app(repo: Repository, clock: FixedClock) -> Callable[..., RetroApp]:
    def build(**kwargs: Any) -> RetroApp:
        return make_app(repo, clock=clock, language=kwargs.pop("language", "en"), **kwargs)

    return build


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def size(request: pytest.FixtureRequest) -> tuple[int, int]:
    return SIZES[request.param]
