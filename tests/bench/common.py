"""What the benches share: the five-year store, the environment a run gets, percentiles."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NOW = datetime(2026, 11, 26, 9, 30)  # the generator's "today"


def five_year_store(folder: Path | None = None, seed: int = 2026) -> Path:
    """Generate the five-year store once into `folder` (a temp dir by default); its main file."""
    from tests.bench.generate import write_store

    folder = Path(folder or tempfile.mkdtemp(prefix="retro-bench-"))
    path = folder / "five-years" / "store.json"
    if not path.exists():
        write_store(path, seed)
    return path


def fresh_copy(store: Path) -> Path:
    """A private copy of a store (its main file, month files and lock) for one bench to change."""
    target = Path(tempfile.mkdtemp(prefix="retro-bench-copy-"))
    shutil.copytree(store.parent, target / "store")
    return target / "store" / store.name


def env_for(store: Path, **extra: str) -> dict[str, str]:
    """A run that sees only the bench's store and no user formats or config, in English (and its
    own cache dir: the first run fills the format catalogue's cache, as a user's first start does)."""
    home = Path(tempfile.mkdtemp(prefix="retro-bench-home-"))
    env = dict(os.environ)
    env.update(
        RETRO_DB=str(store), RETRO_FORMATS_DIR=str(home / "formats"), XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"), LANG="en_US.UTF-8",
        PYTHONPATH=str(ROOT), **extra,
    )
    env.pop("LC_ALL", None)
    env.pop("TEXTUAL", None)
    # Start as an installed app does: from compiled bytecode. (This environment may set
    # PYTHONDONTWRITEBYTECODE, which would make retro recompile ~60 modules on every start
    # while the hello-world app imports only Textual's precompiled ones.)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def line(label: str, samples: list[float], unit: str = "ms") -> str:
    return f"  {label:34} n={len(samples):3}  p50={median(samples):8.1f} {unit}  p95={p95(samples):8.1f} {unit}"
