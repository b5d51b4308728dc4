"""Fixtures shared by every test. Nothing here, or in any test, touches the real user dirs."""

from __future__ import annotations

import os
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from retro import i18n
from retro.domain.clock import FixedClock
from retro.store import Repository

ROOT = Path(__file__).resolve().parent.parent
FROZEN = datetime(2026, 11, 26, 9, 30)  # a Thursday


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first: `make test` hands tests out to its workers one by one, and a long
    test handed out last would keep one core busy after the other has run out of work."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)  # stable: otherwise as collected


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the store and user formats at temp dirs, and fix the language to English."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("RETRO_DB", str(home / "store.json"))
    monkeypatch.setenv("RETRO_FORMATS_DIR", str(home / "formats"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))  # the format catalogue's cache
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(FROZEN)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.json"


@pytest.fixture
def repo(store_path: Path, clock: FixedClock) -> Repository:
    return Repository.open(store_path, clock)


@pytest.fixture
def cli_env(store_path: Path) -> dict[str, str]:
    """Environment for running the real `retro` entry point in a subprocess."""
    env = dict(os.environ)
    env["RETRO_DB"] = str(store_path)
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.fixture
def retro_cmd() -> list[str]:
    return [sys.executable, "-m", "retro"]


HELD_S = 5  # the longest a held save waits: a test that goes wrong fails, it does not hang


class HeldSaves:
    """A repository's save, held until released (a disk that is slow for a while): when it
    started and ended, the thread it ran on, and a failure to raise instead of saving."""

    def __init__(self, repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
        self.release = threading.Event()
        self.started = threading.Event()
        self.ended = threading.Event()
        self.threads: list[str] = []
        self.fail: Exception | None = None
        real = repo.save

        def save(*objs: object) -> None:
            self.threads.append(threading.current_thread().name)
            self.started.set()
            try:
                assert self.release.wait(HELD_S), "the save was never released"
                if self.fail is not None:
                    raise self.fail
                real(*objs)
            finally:
                self.ended.set()

        monkeypatch.setattr(repo, "save", save)
