"""Where the store is: `--db`, else `RETRO_DB`, else the user data folder; always as the real
file, symlinks followed once, so that everything beside it lives beside the real file.
"""

from __future__ import annotations

import os
from pathlib import Path

from retro.store.errors import DANGLING, StoreError


def default_store_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("retro", appauthor=False)) / "retro.json"


def resolve_store_path(cli_value: str | None) -> Path:
    """`--db` wins, then `RETRO_DB`, then the user data dir; as the real file (`real_store_path`)."""
    env = os.environ.get("RETRO_DB")
    return real_store_path(cli_value or env or default_store_path())


def real_store_path(path: Path | str) -> Path:
    """The store's real main file: symlinks followed once, here, so that its month folder, lock,
    journal, backups and temp files all live beside the real file. (Beside a link they would make
    a second store, and the first save would replace the link with a file of its own.)

    A link to nothing is refused rather than followed: it is most often a store on a drive that
    is not mounted or a folder that was moved, and a new empty store made there would hide it."""
    path = Path(path).expanduser()
    for step in (path, *path.parents):
        if os.path.lexists(step):
            if not os.path.exists(step):  # a link (or a loop of links) that leads nowhere
                raise StoreError(DANGLING, path=step, target=_link_target(step))
            break
    return Path(os.path.realpath(path))


def _link_target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return "?"
