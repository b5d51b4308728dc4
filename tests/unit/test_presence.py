"""A live join session holds its name in its retro (retro/store/presence.py): a second session
under that name is refused while the first lives, in this process or another, and the name is
free again the moment the holder ends, however it ends."""

from __future__ import annotations

import errno
import os
import select
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from retro.store import Repository, StoreError, is_store_file
from retro.store.layout import presence_dir
from retro.store import presence
from retro.store.presence import retro_folder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path) -> Repository:
    return Repository.open(tmp_path / "retro.json")


def test_a_name_is_held_once_per_retro_until_it_is_left(store: Repository) -> None:
    bo = store.take_name("rt-1", "Bo")
    assert bo is not None and bo.held
    assert store.take_name("rt-1", "Bo") is None
    other_name = store.take_name("rt-1", "Cia")
    other_retro = store.take_name("rt-2", "Bo")
    assert other_name is not None and other_retro is not None
    bo.leave()
    assert not bo.held
    again = store.take_name("rt-1", "Bo")
    assert again is not None
    for held in (again, other_name, other_retro):
        held.leave()


def test_names_and_ids_are_never_paths(store: Repository) -> None:
    held = store.take_name("../../etc", "../x\x1b[2J/\u202e")
    assert held is not None
    files = [p for p in presence_dir(store.path).rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].parent.parent == presence_dir(store.path)
    assert all(c in "0123456789abcdef." for c in files[0].name.removesuffix(".lock"))
    held.leave()


HOLDER = textwrap.dedent("""
    import sys, time
    from retro.store import Repository
    held = Repository.open(sys.argv[1]).take_name("rt-1", "Bo")
    print("held" if held else "refused", flush=True)
    time.sleep(60)
""")


def test_another_process_holding_the_name_refuses_it_until_it_dies(store: Repository) -> None:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(store.path)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert select.select([proc.stdout], [], [], 60)[0], "the holder said nothing"
        assert proc.stdout.readline().strip() == "held"  # type: ignore[union-attr]
        assert store.take_name("rt-1", "Bo") is None
    finally:
        proc.send_signal(signal.SIGKILL)  # no goodbye: the kernel lets go of its lock
        proc.wait(30)
    held = store.take_name("rt-1", "Bo")
    assert held is not None
    held.leave()


def test_a_closed_retro_forgets_its_names(store: Repository) -> None:
    held = store.take_name("rt-1", "Bo")
    assert held is not None
    held.leave()
    store.forget_presence("rt-1")
    assert not retro_folder(store.path, "rt-1").exists() and not presence_dir(store.path).exists()
    store.forget_presence("rt-never")  # nothing there: nothing to do


def test_the_presence_folder_is_the_stores_so_an_export_never_writes_there(store: Repository) -> None:
    held = store.take_name("rt-1", "Bo")
    assert held is not None
    lock = next(presence_dir(store.path).rglob("*.lock"))
    assert is_store_file(store.path, presence_dir(store.path)) and is_store_file(store.path, lock)
    held.leave()


def test_a_fifo_in_place_of_a_name_lock_is_refused_not_waited_on(store: Repository) -> None:
    folder = retro_folder(store.path, "rt-1")
    folder.mkdir(parents=True)
    held = store.take_name("rt-1", "Cia")
    assert held is not None
    lock = next(folder.glob("*.lock"))
    held.leave()
    lock.unlink()
    os.mkfifo(lock)
    with pytest.raises(StoreError):
        store.take_name("rt-1", "Cia")


def test_a_file_in_place_of_the_presence_folder_is_a_store_error(store: Repository) -> None:
    presence_dir(store.path).write_text("not a folder")
    with pytest.raises(StoreError):
        store.take_name("rt-1", "Bo")


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_store_nobody_may_write_to_guards_no_name_and_refuses_no_one(store: Repository, monkeypatch, code) -> None:
    def refused(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(Path, "mkdir", refused)
    first, second = store.take_name("rt-1", "Bo"), store.take_name("rt-1", "Bo")
    assert first is not None and second is not None and not first.held
    first.leave()


def test_forgetting_a_folder_that_cannot_be_read_is_no_error(store: Repository, monkeypatch) -> None:
    held = store.take_name("rt-1", "Bo")
    assert held is not None
    held.leave()

    def refused(self):  # noqa: ANN001
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(Path, "is_dir", refused)
    presence.forget(store.path, "rt-1")  # the close goes on
