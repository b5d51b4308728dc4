"""Where things live on disk. Nothing here touches the disk at import time."""

from __future__ import annotations

import os
from pathlib import Path


def builtin_formats_dir() -> Path:
    """The shipped formats: inside the installed package, or the repo's top-level `formats/`."""
    package = Path(__file__).resolve().parent
    inside = package / "formats"
    if inside.is_dir():
        return inside
    return package.parent / "formats"


def user_formats_dir() -> Path:
    """The user's own formats; `RETRO_FORMATS_DIR` overrides (tests, portable setups)."""
    env = os.environ.get("RETRO_FORMATS_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("retro", appauthor=False)) / "formats"
