"""Run the real CLI against a really full disk or a really read-only folder.

This script runs inside a private user + mount namespace (`unshare --map-root-user --mount`),
where it may mount a tiny tmpfs and a read-only bind mount without touching the machine: the
mounts vanish with the namespace. It prints one JSON object with what happened.

    unshare -rm python in_namespace.py full-disk|read-only STORE_DIR WORK_DIR RETRO_ID
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path


def _sh(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "filler"}


def _retro(store: Path, *args: str) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-m", "retro", "--db", str(store), *args], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    return {"args": list(args), "rc": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}


def _fill(folder: Path) -> None:
    """Write until the file system says it is full."""
    chunk = b"\0" * 4096
    with open(folder / "filler", "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(chunk)
        except OSError:
            pass
    with open(folder / "filler", "ab", buffering=0) as fh:  # the last few bytes, too
        try:
            while True:
                fh.write(b"\0")
        except OSError:
            pass


def main() -> int:
    scenario, source, work, retro_id = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    mnt = work / "mnt"
    mnt.mkdir()
    if scenario == "full-disk":
        _sh("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mnt))
        shutil.copytree(source, mnt, dirs_exist_ok=True)
        _fill(mnt)
    else:
        shutil.copytree(source, mnt, dirs_exist_ok=True)
        _sh("mount", "--bind", str(mnt), str(mnt))
        _sh("mount", "-o", "remount,bind,ro", str(mnt))
    store = mnt / "store.json"
    before = _hashes(mnt)
    runs = [
        _retro(store, "kata", "exp", "add", "--do", "Ask, don't answer", "--expect", "Two people propose a fix"),
        _retro(store, "item", "add", "--retro", retro_id, "--prompt", "worked", "Lost to the disk?"),
        _retro(store, "info", "--json"),
    ]
    after = _hashes(mnt)
    leftovers = [str(p) for p in mnt.rglob("*") if p.name.endswith((".tmp", ".journal"))]
    runs.append(_retro(mnt / "new" / "store.json", "info"))  # a new store where none can be written
    print(json.dumps({"mnt": str(mnt), "runs": runs, "unchanged": before == after, "leftovers": leftovers,
                      "files": sorted(before)}))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONPATH", str(Path(__file__).resolve().parents[2]))
    sys.exit(main())
