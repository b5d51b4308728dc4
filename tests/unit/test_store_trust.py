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

from retro.domain.codec import to_dict
from retro.domain.kata import Challenge, Experiment, TargetCondition
from retro.domain.retro import Participant, Retro
from retro.store import SCHEMA_VERSION, Repository, StoreError, errors, layout, resolve_store_path
from tests.conftest import ROOT
from tests.i18n_support import swedish as swedish_catalogue

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


# -- 1. only a provably older store is migrated ------------------------------------------------

NOT_PROVABLY_OLD = {
    "empty-object": b"{}",
    "tinydb-default": b'{"_default": {}}',
    "empty-object-with-newline": b"{}\n",
}


@pytest.mark.parametrize("content", NOT_PROVABLY_OLD.values(), ids=NOT_PROVABLY_OLD.keys())
def test_a_main_file_that_is_no_schema_is_refused_beside_month_files(tmp_path: Path, content: bytes) -> None:
    """Finding 1: `{}` was taken as schema 0, 'migrated', and every month file written empty."""
    main = _store(tmp_path)
    main.write_bytes(content)
    before = _tree(tmp_path)
    with pytest.raises(StoreError) as err:
        Repository.open(main)
    assert str(main) in str(err.value) and "\n" not in str(err.value)
    assert "backup" in str(err.value)
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("content", NOT_PROVABLY_OLD.values(), ids=NOT_PROVABLY_OLD.keys())
def test_a_main_file_that_is_no_schema_is_refused_alone_too(store_path: Path, content: bytes) -> None:
    store_path.write_bytes(content)
    with pytest.raises(StoreError):
        Repository.open(store_path)
    assert [p.name for p in store_path.parent.iterdir()] == [store_path.name]
    assert store_path.read_bytes() == content


def test_the_old_main_file_copied_back_beside_newer_month_files_is_refused(tmp_path: Path) -> None:
    """A `retro.json.v1.bak` put back as the main file of a store that has month files since."""
    main = _store(tmp_path)
    ch = Challenge.create("From the old days", NOW)
    main.write_bytes(_v1({"challenges": {"1": to_dict(ch)}, "retros": {}}))
    before = _tree(tmp_path)
    with pytest.raises(StoreError) as err:
        Repository.open(main)
    message = str(err.value)
    assert message.startswith(f"{main}: schema 1")
    assert str(tmp_path / "retro.json.d") in message and "backup" in message
    assert _tree(tmp_path) == before


def test_a_version_0_main_file_beside_month_files_is_refused(tmp_path: Path) -> None:
    main = _store(tmp_path)
    ch = Challenge.create("Bare TinyDB", NOW)
    main.write_bytes(orjson.dumps({"_default": {}, "challenges": {"1": to_dict(ch)}}))
    before = _tree(tmp_path)
    with pytest.raises(StoreError) as err:
        Repository.open(main)
    assert str(err.value).startswith(f"{main}: schema 0")
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("args", [["info"], ["retros", "list"], ["kata", "list", "--json"]], ids=" ".join)
def test_a_read_only_command_never_empties_the_store(tmp_path: Path, args: list[str]) -> None:
    """Finding 1 through the real CLI: exit 2, the main file named, every byte unchanged."""
    main = _store(tmp_path)
    (tmp_path / "retro.json.v0.bak").write_bytes(b"{}")  # an old backup of nothing, copied back below
    main.write_bytes((tmp_path / "retro.json.v0.bak").read_bytes())
    before = _tree(tmp_path)
    line = _refused(_retro(*args, db=main), main)
    assert "not a retro store" in line
    assert _tree(tmp_path) == before
    _refused(_retro(*args, env_db=main), main)
    assert _tree(tmp_path) == before


PROVABLY_0 = {
    "one-table": {"retros": {}},
    "tables-and-empty-default": {"_default": {}, "challenges": {}, "target_conditions": {}},
}


@pytest.mark.parametrize("tables", PROVABLY_0.values(), ids=PROVABLY_0.keys())
def test_a_bare_tinydb_file_of_our_tables_is_still_schema_0(store_path: Path, tables: dict) -> None:
    store_path.write_bytes(orjson.dumps(tables))
    assert Repository.open(store_path).schema_version == SCHEMA_VERSION
    assert store_path.with_name(store_path.name + ".v0.bak").read_bytes() == orjson.dumps(tables)


def test_a_migration_backs_up_the_month_folder_too_and_no_older_backup_is_overwritten(tmp_path: Path) -> None:
    main = tmp_path / "retro.json"
    retros = [Retro.start("hybrid-experiments", "T", [], datetime(2025, m, 1, 13)) for m in (1, 2)]
    original = _v1({"challenges": {}, "target_conditions": {}, "obstacles": {}, "experiments": {}, "coaching": {},
                    "retros": {str(i): to_dict(r) for i, r in enumerate(retros, 1)}})
    main.write_bytes(original)
    (tmp_path / "retro.json.d").mkdir()
    (tmp_path / "retro.json.d" / "notes.txt").write_bytes(b"mine")  # not a month file: kept, and backed up
    older = tmp_path / "retro.json.v1.bak"
    older.write_bytes(b"an older backup, of something else")

    repo = Repository.open(main)
    assert repo.schema_version == SCHEMA_VERSION
    assert sorted(r.id for r in repo.retros()) == sorted(r.id for r in retros)
    assert older.read_bytes() == b"an older backup, of something else"
    assert (tmp_path / "retro.json.v1.2.bak").read_bytes() == original
    assert _tree(tmp_path / "retro.json.v1.2.bak.d") == {"notes.txt": hashlib.sha256(b"mine").hexdigest()}
    assert (tmp_path / "retro.json.d" / "notes.txt").read_bytes() == b"mine"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    # The backup pair is a store of its own layout: it opens as it is (a migration of its own).
    Repository.open(tmp_path / "retro.json.v1.2.bak")


def test_a_migration_is_one_journalled_commit(store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import retro.store.repository as repository

    retros = [Retro.start("hybrid-experiments", "T", [], datetime(2025, m, 1, 13)) for m in (1, 2, 3)]
    store_path.write_bytes(_v1({"retros": {str(i): to_dict(r) for i, r in enumerate(retros, 1)}}))
    calls: list[list[Path]] = []
    real = repository.commit

    def spy(files: dict[Path, bytes], journal: Path) -> None:
        calls.append(sorted(files))
        real(files, journal)

    monkeypatch.setattr(repository, "commit", spy)
    Repository.open(store_path)
    assert calls == [sorted([store_path, *(store_path.parent / "store.json.d").iterdir()])]


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


def test_a_migration_refuses_anything_but_files_in_the_month_folder(store_path: Path) -> None:
    original = _v1({"retros": {}})
    store_path.write_bytes(original)
    (store_path.parent / "store.json.d").mkdir()
    (store_path.parent / "store.json.d" / "sub").mkdir()
    with pytest.raises(StoreError) as err:
        Repository.open(store_path)
    assert str(err.value).startswith(f"{store_path}.d/sub: a directory")
    assert store_path.read_bytes() == original
    assert sorted(p.name for p in store_path.parent.iterdir()) == ["store.json", "store.json.d"]


# -- the store's own files, for an export ------------------------------------------------------


def test_is_store_file_knows_the_stores_own_files(tmp_path: Path) -> None:
    main = tmp_path / "retro.json"
    own = [
        "retro.json", "retro.json.d", "retro.json.d/kata-2026-11.json", "retro.json.d/anything",
        "retro.json.d/.kata-2026-11.json.x1y2.tmp", "retro.json.lock", "retro.json.journal",
        "retro.json.v0.bak", "retro.json.v1.bak", "retro.json.v1.12.bak", "retro.json.v1.bak.d",
        "retro.json.v1.2.bak.d/retros-2025-01.json", ".retro.json.ab12cd.tmp", ".retro.json.journal.x.tmp",
        ".retro.json.q9.tmp/kata-2026-11.json",
    ]
    other = [
        "other.json", "retro.json.md", "retro.json.csv", "retro.json.bak", "retro.json.v1.bak.csv",
        "retro.json.d.md", "retro.jsonl", "retro.json.v.bak", ".retro.json.tmp.md", "retro.json2",
        "sub/retro.json", "retro.json.lock.txt", ".retro.jsonx.tmp",
    ]
    for name in own:
        assert layout.is_store_file(main, tmp_path / name), name
    for name in other:
        assert not layout.is_store_file(main, tmp_path / name), name
    assert not layout.is_store_file(main, tmp_path)
    assert not layout.is_store_file(main, tmp_path.parent / "retro.json")


def test_is_store_file_sees_through_links_and_relative_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = _store(tmp_path / "real")
    (tmp_path / "elsewhere").mkdir()
    link_main = tmp_path / "elsewhere" / "retro.json"
    link_main.symlink_to(real)
    link_month = tmp_path / "elsewhere" / "out.json"
    link_month.symlink_to(next((real.parent / "retro.json.d").iterdir()))
    hard = tmp_path / "elsewhere" / "hard.json"
    os.link(real, hard)

    assert layout.is_store_file(link_main, real.parent / "retro.json.lock")  # the real store's siblings
    assert layout.is_store_file(real, link_main)
    assert layout.is_store_file(real, link_month)
    assert layout.is_store_file(real, hard)
    assert not layout.is_store_file(link_main, tmp_path / "elsewhere" / "retro.json.lock")
    monkeypatch.chdir(real.parent)
    assert layout.is_store_file(Path("retro.json"), Path("retro.json.d/x.json"))
    assert layout.is_store_file(real, Path("./retro.json.journal"))


# -- every refusal has Swedish ---------------------------------------------------------------


def test_every_store_message_has_swedish_with_the_same_fields() -> None:
    swedish = swedish_catalogue()
    templates = [v for k, v in vars(errors).items() if k.isupper() and isinstance(v, str)]
    assert all(getattr(errors, name, None) in templates for name in ("NOT_A_FILE", "MIXED", "DANGLING"))
    for template in templates:
        assert template in swedish, template
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        assert {f for _, f, _, _ in string.Formatter().parse(swedish[template]) if f} == fields
    for kind in ("a directory", "a named pipe (FIFO)", "a device", "a socket", "a symbolic link", "a special file"):
        assert kind in swedish
