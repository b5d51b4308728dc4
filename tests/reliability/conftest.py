"""Shared pieces of the reliability suites: the writer script, a seeded store, acknowledged writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT

WRITER = Path(__file__).resolve().parent / "writer.py"


@dataclass
class Acks:
    """What a writer printed: every id it was told was saved."""

    experiments: set[str] = field(default_factory=set)
    items: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)

    def read(self, text: str) -> None:
        for line in text.splitlines():
            kind, _, rest = line.partition(" ")
            if kind == "ex":
                self.experiments.add(rest)
            elif kind == "it":
                self.items.add(rest)
            elif kind == "tc":
                self.notes.append(rest.partition(" ")[2])

    def __len__(self) -> int:
        return len(self.experiments) + len(self.items) + len(self.notes)


def writer_cmd(store: Path, mode: str, **options: object) -> list[str]:
    cmd = [sys.executable, str(WRITER), str(store), mode]
    for name, value in options.items():
        cmd += [f"--{name}", str(value)]
    return cmd


def env_for(store: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["RETRO_DB"] = str(store)
    env["PYTHONPATH"] = str(ROOT)
    return env


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """Seeded once per session; each test copies it (seeding runs the store's own code)."""
    from tests.reliability.writer import seed_store

    folder = tmp_path_factory.mktemp("seeded")
    retro_id, tc_id = seed_store(folder / "store.json")
    return folder, retro_id, tc_id


@pytest.fixture
def seeded(seeded_template: tuple[Path, str, str], tmp_path: Path) -> tuple[Path, str, str]:
    folder, retro_id, tc_id = seeded_template
    target = tmp_path / "store"
    shutil.copytree(folder, target)
    return target / "store.json", retro_id, tc_id


def store_files(store: Path) -> list[Path]:
    return sorted(p for p in store.parent.rglob("*") if p.is_file())


def leftovers(store: Path) -> list[str]:
    """Temp files and journals: what a killed writer can leave for the next open to finish."""
    return [p.name for p in store_files(store) if p.name.endswith(".tmp") or p.name.endswith(".journal")]


def run(cmd: list[str], env: dict[str, str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT,
                          stdin=subprocess.DEVNULL)
