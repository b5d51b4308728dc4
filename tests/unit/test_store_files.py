"""The store's files: private modes, atomic replaces, schema versions, and what a damaged,
read-only or full store does. Every refusal names the file, suggests a backup, and leaves the
bytes on disk exactly as they were.

The full disk and the read-only folder are SIMULATED here, in-process, by making the system
calls fail with ENOSPC / EROFS / EACCES (that works for root too, and on every OS). The same
situations on a real tiny tmpfs and a real read-only mount, through the real CLI, are in
tests/reliability/test_damage.py.
"""

from __future__ import annotations

import errno
import os
import stat
from datetime import date, datetime
from pathlib import Path

import orjson
import pytest

from retro.domain.kata import Challenge, Experiment, TargetCondition
from retro.domain.retro import Participant, Retro
from retro.store import SCHEMA_VERSION, Repository, StoreError

NOW = datetime(2026, 11, 26, 9, 30)


def _fill(repo: Repository) -> tuple[TargetCondition, Experiment, Retro]:
    ch = Challenge.create("Lead one week at a time", NOW)
    tc = TargetCondition.create(ch.id, "Dialogue instead of mediation", NOW, achieve_by=date(2026, 12, 3))
    ex = Experiment.plan("Ask, don't answer", "Two people propose a fix", NOW, date(2026, 11, 27), target_condition_id=tc.id)
    retro = Retro.start("hybrid-experiments", "Team North", [Participant("Anna")], NOW)
    retro.add_item("worked", "Started on time", "Anna", NOW)
    repo.add(ch, tc, ex, retro)
    return tc, ex, retro


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _temp_files(root: Path) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.name.endswith(".tmp")]


def _assert_refusal(message: str, path: Path) -> None:
    assert str(path) in message
    assert "\n" not in message
    assert "backup" in message.lower()


# -- modes ----------------------------------------------------------------------------------


def test_every_file_of_the_store_is_private(repo: Repository, store_path: Path) -> None:
    """The kata log holds private notes: the store, its lock and every other file it writes are 0600."""
    old = os.umask(0o022)  # a typical umask would make new files 0644
    try:
        _fill(repo)
        repo.add(Retro.start("hybrid-experiments", "Other", [], datetime(2025, 3, 1, 13, 0)))
    finally:
        os.umask(old)
    files = [p for p in store_path.parent.rglob("*") if p.is_file()]
    assert store_path in files and Path(str(store_path) + ".lock") in files
    for p in files:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    for d in [p for p in store_path.parent.rglob("*") if p.is_dir()]:
        assert stat.S_IMODE(d.stat().st_mode) == 0o700, d


def test_a_new_store_folder_is_private_too(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "store.json"
    Repository.open(path)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_store_made_public_by_hand_is_private_again_after_a_save(repo: Repository, store_path: Path) -> None:
    tc, ex, retro = _fill(repo)
    os.chmod(store_path, 0o644)
    repo.update(TargetCondition, tc.id, lambda t: setattr(t, "title", "renamed"))
    assert stat.S_IMODE(store_path.stat().st_mode) == 0o600


# -- atomic writes ---------------------------------------------------------------------------


def test_a_save_replaces_the_file_never_rewrites_it_in_place(repo: Repository, store_path: Path) -> None:
    """A reader holding the old file keeps a whole old file: the new one arrives by rename."""
    tc, ex, retro = _fill(repo)
    before = store_path.stat().st_ino
    with open(store_path, "rb") as held:
        old_bytes = held.read()
        repo.update(TargetCondition, tc.id, lambda t: setattr(t, "title", "renamed"))
        held.seek(0)
        assert held.read() == old_bytes
    assert store_path.stat().st_ino != before
    assert _temp_files(store_path.parent) == []


def test_temp_files_left_by_a_killed_writer_are_cleaned_on_open(repo: Repository, store_path: Path) -> None:
    _fill(repo)
    for seg in [store_path, *[p for p in store_path.parent.rglob("*.json") if p != store_path]]:
        (seg.parent / f".{seg.name}.abc123.tmp").write_bytes(b'{"half": ')
    assert _temp_files(store_path.parent)
    Repository.open(store_path)
    assert _temp_files(store_path.parent) == []


def test_the_store_is_json_that_tinydb_itself_can_read(repo: Repository, store_path: Path) -> None:
    from tinydb import TinyDB

    tc, ex, retro = _fill(repo)
    db = TinyDB(store_path, access_mode="r")
    try:
        assert db.table("meta").all() == [{"schema_version": SCHEMA_VERSION}]
        assert db.table("target_conditions").all()[0]["id"] == tc.id
    finally:
        db.close()


# -- schema versions and migrations ------------------------------------------------------------


def _version_0(path: Path) -> bytes:
    """A bare TinyDB file from before retro kept a schema version: some tables, no meta."""
    ch = Challenge.create("Old challenge", NOW)
    tc = TargetCondition.create(ch.id, "Old target", NOW, achieve_by=date(2026, 12, 3))
    from retro.domain.codec import to_dict

    payload = orjson.dumps({"challenges": {"1": to_dict(ch)}, "target_conditions": {"1": to_dict(tc)}})
    path.write_bytes(payload)
    os.chmod(path, 0o600)
    return payload


def test_a_version_0_file_is_migrated_and_a_backup_kept(store_path: Path) -> None:
    original = _version_0(store_path)
    repo = Repository.open(store_path)
    assert repo.schema_version == SCHEMA_VERSION
    backups = list(store_path.parent.glob(store_path.name + ".v0*.bak"))
    assert len(backups) == 1
    assert backups[0].read_bytes() == original
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    # The migrated store is valid: it reopens, holds the old data, takes new writes.
    again = Repository.open(store_path)
    assert [tc.title for tc in again.all(TargetCondition)] == ["Old target"]
    again.add(Retro.start("hybrid-experiments", "Team", [], NOW))
    assert len(Repository.open(store_path).retros()) == 1
    assert len(list(store_path.parent.glob("*.bak"))) == 1  # opening again does not migrate again


def test_an_older_version_of_the_current_layout_migrates_too(tmp_path: Path) -> None:
    """Version 1 was one file holding every table; a five-year v1 store must come through intact."""
    path = tmp_path / "store.json"
    ch = Challenge.create("Lead", NOW)
    tc = TargetCondition.create(ch.id, "Target", NOW, achieve_by=date(2026, 12, 3))
    ex = Experiment.plan("Step", "Expectation", NOW, date(2026, 11, 27), target_condition_id=tc.id)
    retros = [Retro.start("hybrid-experiments", "T", [], datetime(2025, m, 1, 13)) for m in range(1, 13)]
    from retro.domain.codec import to_dict

    v1 = {
        "meta": {"1": {"schema_version": 1}},
        "challenges": {"1": to_dict(ch)}, "target_conditions": {"1": to_dict(tc)}, "obstacles": {},
        "experiments": {"1": to_dict(ex)}, "coaching": {},
        "retros": {str(i): to_dict(r) for i, r in enumerate(retros, 1)},
    }
    original = orjson.dumps(v1)
    path.write_bytes(original)
    repo = Repository.open(path)
    assert repo.schema_version == SCHEMA_VERSION
    assert repo.get(Experiment, ex.id) == ex
    assert sorted(r.id for r in repo.retros()) == sorted(r.id for r in retros)
    assert next(path.parent.glob("store.json.v1*.bak")).read_bytes() == original


def test_a_newer_schema_is_refused_and_left_untouched(store_path: Path) -> None:
    payload = orjson.dumps({"meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}, "retros": {}})
    store_path.write_bytes(payload)
    with pytest.raises(StoreError) as err:
        Repository.open(store_path)
    _assert_refusal(str(err.value), store_path)
    assert "newer" in str(err.value)
    assert store_path.read_bytes() == payload
    assert sorted(p.name for p in store_path.parent.iterdir()) == [store_path.name]


# -- damage ------------------------------------------------------------------------------------

DAMAGE = {
    "empty": b"",
    "whitespace": b"  \n",
    "truncated": b'{"meta": {"1": {"schema_version": 2}}, "target_conditions": {"1": {"id": "tc-',
    "invalid-json": b"{'meta': nope}",
    "binary": bytes(range(256)),
    "a-list": b"[1, 2, 3]",
    "a-string": b'"retro"',
    "table-not-an-object": b'{"meta": {"1": {"schema_version": 2}}, "retros": [1, 2]}',
    "document-not-an-object": b'{"meta": {"1": {"schema_version": 2}}, "retros": {"1": 7}}',
    "no-schema-version": b'{"retros": {}, "meta": {"1": {"version": "two"}}}',
    "schema-version-not-a-number": b'{"meta": {"1": {"schema_version": "2"}}}',
}


@pytest.mark.parametrize("content", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_store_is_refused_naming_the_file_and_left_untouched(store_path: Path, content: bytes) -> None:
    store_path.write_bytes(content)
    before = _files(store_path.parent)
    with pytest.raises(StoreError) as err:
        Repository.open(store_path)
    _assert_refusal(str(err.value), store_path)
    assert _files(store_path.parent) == before


def test_a_store_damaged_while_open_is_refused_on_the_next_read_not_overwritten(repo: Repository, store_path: Path) -> None:
    tc, ex, retro = _fill(repo)
    damaged = b'{"meta": {"1": {"schema_version": '
    store_path.write_bytes(damaged)
    with pytest.raises(StoreError) as err:
        repo.all(TargetCondition)
    _assert_refusal(str(err.value), store_path)
    with pytest.raises(StoreError):
        repo.update(TargetCondition, tc.id, lambda t: setattr(t, "title", "x"))
    assert store_path.read_bytes() == damaged


def test_a_damaged_part_of_the_store_is_refused_naming_that_part(repo: Repository, store_path: Path) -> None:
    """Whatever file of the store is damaged, the message names that file, and nothing is written."""
    tc, ex, retro = _fill(repo)
    for part in sorted(p for p in store_path.parent.rglob("*.json")):
        fresh = Repository.open(store_path)
        original = part.read_bytes()
        part.write_bytes(original[: len(original) // 2])
        before = _files(store_path.parent)
        with pytest.raises(StoreError) as err:
            fresh.all(Retro), fresh.all(Experiment), fresh.all(TargetCondition)
            fresh.save(retro, ex, tc)
        _assert_refusal(str(err.value), part)
        assert _files(store_path.parent) == before
        part.write_bytes(original)


# -- full disk, read-only folder (simulated in-process) -------------------------------------------


@pytest.fixture
def disk_full(monkeypatch: pytest.MonkeyPatch):
    """From now on every write to disk fails the way a full disk does."""

    def enospc(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def arm() -> None:
        monkeypatch.setattr(os, "write", enospc)
        monkeypatch.setattr(os, "fsync", enospc)

    return arm


def test_a_full_disk_refuses_the_save_and_keeps_the_old_store(repo: Repository, store_path: Path, disk_full) -> None:
    tc, ex, retro = _fill(repo)
    before = _files(store_path.parent)
    disk_full()
    with pytest.raises(StoreError) as err:
        repo.update(Retro, retro.id, lambda r: r.add_item("hard", "lost to the full disk", "Anna", NOW))
    _assert_refusal(str(err.value), store_path.parent)
    assert "No space left on device" in str(err.value)
    with pytest.raises(StoreError):
        repo.save(tc, ex)
    assert _files(store_path.parent) == before
    assert _temp_files(store_path.parent) == []
    # What this process reads afterwards is what is on disk, not the change that failed.
    assert [it.text for it in repo.get(Retro, retro.id).items] == ["Started on time"]


def test_a_full_disk_when_creating_the_store_is_refused(store_path: Path, disk_full) -> None:
    disk_full()
    with pytest.raises(StoreError) as err:
        Repository.open(store_path)
    assert str(store_path) in str(err.value) and "No space left on device" in str(err.value)
    assert not store_path.exists()
    assert _temp_files(store_path.parent) == []


def test_a_full_disk_during_a_migration_keeps_the_old_file(store_path: Path, disk_full) -> None:
    original = _version_0(store_path)
    disk_full()
    with pytest.raises(StoreError) as err:
        Repository.open(store_path)
    _assert_refusal(str(err.value), store_path.parent)
    assert store_path.read_bytes() == original
    assert _temp_files(store_path.parent) == []


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_read_only_folder_refuses_writes_and_keeps_the_store(repo: Repository, store_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    tc, ex, retro = _fill(repo)
    before = _files(store_path.parent)
    real_open = os.open

    def read_only_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    fresh = Repository.open(store_path)  # reading a store on a read-only medium works
    assert fresh.get(Retro, retro.id) == retro
    with pytest.raises(StoreError) as err:
        fresh.update(TargetCondition, tc.id, lambda t: setattr(t, "title", "renamed"))
    _assert_refusal(str(err.value), store_path.parent)
    assert os.strerror(code) in str(err.value)
    monkeypatch.undo()
    assert _files(store_path.parent) == before


def test_a_store_cannot_be_created_in_a_read_only_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def read_only_open(path, flags, *args, **kwargs):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    with pytest.raises(StoreError) as err:
        Repository.open(tmp_path / "store.json")
    assert str(tmp_path) in str(err.value) and "\n" not in str(err.value)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions; the read-only mount test covers it")
def test_a_folder_without_write_permission_refuses_writes(repo: Repository, store_path: Path) -> None:
    tc, ex, retro = _fill(repo)
    before = _files(store_path.parent)
    os.chmod(store_path.parent, 0o500)
    try:
        fresh = Repository.open(store_path)
        assert fresh.get(Retro, retro.id) == retro
        with pytest.raises(StoreError) as err:
            fresh.update(TargetCondition, tc.id, lambda t: setattr(t, "title", "renamed"))
        _assert_refusal(str(err.value), store_path.parent)
    finally:
        os.chmod(store_path.parent, 0o700)
    assert _files(store_path.parent) == before
