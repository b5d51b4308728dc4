"""Nothing a user types, imports or points at can lose the store (issue 18, the store's part).

- Only a store that is provably an older schema is migrated, and only when its other files are
  as old as it is; `{}`, `{"_default": {}}` or an old main file beside a newer store's month
  files is refused, every byte of every file left as it was. A real migration backs up every
  file of the store first, never over an older backup, and is one journalled commit.
- `--db` / `RETRO_DB` through a symlink opens the real file: every sibling lives beside it, and
  a save never replaces the link. A link to nothing is refused, nothing created.
- A FIFO, a device or a directory in the place of a store file is refused at once, never read.
- `layout.is_store_file` tells the store's own files, for whatever writes a file a user names.

CLI cases run the real `retro` in a subprocess with a timeout, so a hang fails the test.
"""

from __future__ import annotations

import hashlib
import os
import string
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from retro import i18n
from retro.domain.codec import to_dict
from retro.domain.kata import Challenge, Experiment, TargetCondition
from retro.domain.retro import Participant, Retro
from retro.store import SCHEMA_VERSION, Repository, StoreError, errors, layout, resolve_store_path
from tests.conftest import ROOT

NOW = datetime(2026, 11, 26, 9, 30)
QUICK_S = 30  # far longer than a refusal takes; a FIFO that is opened would wait forever


def _fill(repo: Repository) -> None:
    """A schema-2 store with a main file and month files of both kinds, in two months."""
    ch = Challenge.create("Lead one week at a time", NOW)
    tc = TargetCondition.create(ch.id, "Dialogue instead of mediation", NOW, achieve_by=date(2026, 12, 3))
    ex = Experiment.plan("Ask, don't answer", "Two people propose a fix", NOW, date(2026, 11, 27), target_condition_id=tc.id)
    retro = Retro.start("hybrid-experiments", "Team North", [Participant("Anna")], NOW)
    retro.add_item("worked", "Started on time", "Anna", NOW)
    old = Retro.start("hybrid-experiments", "Team South", [], datetime(2025, 3, 1, 13, 0))
    repo.add(ch, tc, ex, retro, old)


def _store(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    main = folder / "retro.json"
    _fill(Repository.open(main))
    assert len(list((folder / "retro.json.d").iterdir())) == 3
    return main


def _tree(folder: Path) -> dict[str, str]:
    """Every entry under `folder`: a hash of each file's bytes, and each folder by name."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(folder.rglob("*"))
    }


def _v1(tables: dict) -> bytes:
    return orjson.dumps({"meta": {"1": {"schema_version": 1}}, **tables})


def _retro(*args: str, db: Path | str | None = None, env_db: Path | str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    if env_db is not None:
        env["RETRO_DB"] = str(env_db)
    cmd = [sys.executable, "-m", "retro", *(["--db", str(db)] if db is not None else []), *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=QUICK_S, stdin=subprocess.DEVNULL)


def _refused(proc: subprocess.CompletedProcess[str], path: Path) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(path) in lines[0]
    assert "Traceback" not in proc.stderr
    return lines[0]


# -- 2. a symlinked --db is the real file ------------------------------------------------------


def test_a_symlinked_store_opens_the_real_file_and_a_save_keeps_the_link(tmp_path: Path) -> None:
    """Finding 2: the month files and the lock were looked for beside the link, and the first
    save replaced the link with a file of its own."""
    real = _store(tmp_path / "real")
    (tmp_path / "elsewhere").mkdir()
    link = tmp_path / "elsewhere" / "retro.json"
    link.symlink_to(real)

    repo = Repository.open(link)
    assert repo.path == real
    assert [e.step for e in repo.all(Experiment)] == ["Ask, don't answer"]
    repo.add(Retro.start("hybrid-experiments", "Via the link", [], NOW))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert [p.name for p in link.parent.iterdir()] == ["retro.json"]
    assert "Via the link" in [r.team for r in Repository.open(real).retros()]


def test_a_symlinked_store_through_the_cli(tmp_path: Path) -> None:
    real = tmp_path / "real" / "retro.json"
    Repository.open(real)
    (tmp_path / "link").mkdir()
    link = tmp_path / "link" / "retro.json"
    link.symlink_to(real)

    proc = _retro("demo", db=link)
    assert proc.returncode == 0, proc.stderr
    proc = _retro("info", "--json", env_db=link)
    assert proc.returncode == 0, proc.stderr
    info = orjson.loads(proc.stdout)
    assert info["store"] == str(real)
    assert info["counts"]["experiments"] > 0  # they live in month files: found beside the real file
    assert link.is_symlink()
    assert [p.name for p in link.parent.iterdir()] == ["retro.json"]
    assert (real.parent / "retro.json.d").is_dir()


def test_a_link_to_nothing_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    target = tmp_path / "unmounted" / "retro.json"
    link = tmp_path / "retro.json"
    link.symlink_to(target)
    with pytest.raises(StoreError) as err:
        Repository.open(link)
    assert str(err.value).startswith(f"{link}: a symbolic link to {target}, which does not exist")
    assert not (tmp_path / "unmounted").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["retro.json"]

    proc = _retro("info", db=link)
    _refused(proc, link)
    assert not (tmp_path / "unmounted").exists()


def test_a_folder_link_to_nothing_is_refused_too(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.symlink_to(tmp_path / "moved-away")
    with pytest.raises(StoreError) as err:
        Repository.open(folder / "retro.json")
    assert str(err.value).startswith(f"{folder}: a symbolic link")
    assert not (tmp_path / "moved-away").exists()


def test_resolve_store_path_gives_the_real_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real.json"
    real.write_bytes(b"")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert resolve_store_path(str(link)) == real
    monkeypatch.setenv("RETRO_DB", str(link))
    assert resolve_store_path(None) == real


# -- 3. a FIFO, a device, a directory -----------------------------------------------------------


def test_a_fifo_as_the_store_is_refused_at_once(tmp_path: Path) -> None:
    """Finding 3: reading a FIFO waits for a writer forever. (A hang fails on the timeout.)"""
    fifo = tmp_path / "retro.json"
    os.mkfifo(fifo)
    line = _refused(_retro("info", db=fifo), fifo)
    assert "a named pipe (FIFO), not a regular file" in line
    assert [p.name for p in tmp_path.iterdir()] == ["retro.json"]


def test_a_fifo_in_the_month_folder_is_refused_at_once(tmp_path: Path) -> None:
    main = _store(tmp_path)
    month = next((tmp_path / "retro.json.d").glob("kata-*.json"))
    month.unlink()
    os.mkfifo(month)
    names = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    for args in (["info"], ["kata", "list", "--json"]):
        line = _refused(_retro(*args, db=main), month)
        assert "a named pipe (FIFO)" in line
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*")) == names


def test_a_fifo_as_the_journal_is_refused_at_once(tmp_path: Path) -> None:
    main = _store(tmp_path)
    os.mkfifo(tmp_path / "retro.json.journal")
    _refused(_retro("info", db=main), tmp_path / "retro.json.journal")


def test_a_directory_as_the_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as err:
        Repository.open(tmp_path)
    assert str(err.value).startswith(f"{tmp_path}: a directory, not a regular file")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.exists("/dev/null"), reason="no /dev/null")
def test_a_device_as_the_store_is_refused() -> None:
    with pytest.raises(StoreError) as err:
        Repository.open("/dev/null")
    assert str(err.value).startswith("/dev/null: a device, not a regular file")


@pytest.mark.parametrize("kind", ["directory", "symlink"])
def test_anything_but_a_regular_file_in_a_month_files_place_is_refused(tmp_path: Path, kind: str) -> None:
    main = _store(tmp_path)
    month = next((tmp_path / "retro.json.d").glob("retros-*.json"))
    kept = tmp_path / "kept.json"
    month.rename(kept)
    if kind == "directory":
        month.mkdir()
    else:
        month.symlink_to(kept)
    repo = Repository.open(main)
    with pytest.raises(StoreError) as err:
        repo.retros()
    assert str(err.value).startswith(f"{month}: a {'directory' if kind == 'directory' else 'symbolic link'}, not a regular file")
    assert kept.exists() and (month.is_symlink() == (kind == "symlink"))


def test_a_directory_as_the_lock_is_refused_naming_it(store_path: Path) -> None:
    (store_path.parent / "store.json.lock").mkdir()
    with pytest.raises(StoreError) as err:
        Repository.open(store_path)  # creating the store takes the lock
    assert str(err.value).startswith(f"{store_path}.lock: a directory, not a regular file")
    assert not store_path.exists()