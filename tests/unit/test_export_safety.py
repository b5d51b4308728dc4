"""`retro export -o` writes only where the user asked it to: never over the store's own files
(under any name: symlinks are resolved first), never into a pipe or a device, over an existing
file only with --force, and never over a Markdown note edited since it was exported."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from retro.cli.main import main
from retro.store import Repository
from tests.unit.test_export_common import PLAIN, story


@pytest.fixture
def store(store_path: Path) -> Path:
    """A filled store with a month folder, a lock, and the backups a migration keeps. (A journal
    and temp files are named below but not made: the store sweeps them when it opens; a name is
    refused whether or not the file is there.)"""
    Repository.open(store_path).add(*story().objects())
    for name in ("store.json.v1.bak", "store.json.v1.2.bak"):
        (store_path.parent / name).write_text("the store's", encoding="utf-8")
    (store_path.parent / "store.json.v1.bak.d").mkdir()
    return store_path


def retro(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsysbinary.readouterr()
    return code, out.out.decode("utf-8"), out.err.decode("utf-8")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (links as what they point to), to show nothing changed."""
    found = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            found[key] = path.read_bytes()
    return found


def one_line(err: str, *words: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("retro: ") and "Traceback" not in err, err
    for word in words:
        assert word in lines[0], (word, lines[0])


STORE_FILES = ["store.json", "store.json.d", "store.json.d/retros-2026-11.json", "store.json.d/new.csv",
               "store.json.d/.kata-2026-11.json.x2.tmp", "store.json.lock", "store.json.journal",
               "store.json.v1.bak", "store.json.v1.2.bak", "store.json.v1.bak.d/x.csv", ".store.json.x1.tmp",
               "link-to-store", "link-to-a-month", "link-to-a-new-file-in-the-month-folder", "hard-link-to-store"]


@pytest.mark.parametrize("name", STORE_FILES)
@pytest.mark.parametrize("target", ["csv", "json", "markdown"])
def test_the_store_s_own_files_are_refused_even_with_force(store: Path, capsysbinary: pytest.CaptureFixture[bytes],
                                                           name: str, target: str) -> None:
    folder = store.parent
    (folder / "link-to-store").symlink_to(store)
    (folder / "link-to-a-month").symlink_to(folder / "store.json.d" / "retros-2026-11.json")
    (folder / "link-to-a-new-file-in-the-month-folder").symlink_to(folder / "store.json.d" / "new.csv")
    os.link(store, folder / "hard-link-to-store")
    before = snapshot(folder)
    for force in ([], ["--force"]):
        code, out, err = retro(capsysbinary, "--db", str(store), "export", "--to", target, "-o", str(folder / name),
                               *force)
        assert code == 2 and out == ""
        one_line(err, str(folder / name), "one of the store's own files")
    assert snapshot(folder) == before
    assert Repository.open(store).all  # and the store still opens


def test_names_that_only_look_like_the_store_s_are_not_refused(store: Path) -> None:
    from retro.store.layout import is_store_file

    folder = store.parent
    for name in ("store.json.csv", "store.jsonx", "store.json.dx", "other.json", "store.json.v1.bak.txt",
                 "notes/store.json", ".store.json.tmp.csv"):
        assert not is_store_file(store, folder / name), name
    assert is_store_file(store, folder / "sub" / ".." / "store.json")


def test_an_existing_file_is_replaced_only_with_force(store: Path, tmp_path: Path,
                                                      capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    mine = tmp_path / "mine.txt"
    mine.write_text("my own notes", encoding="utf-8")
    code, out, err = retro(capsysbinary, "--db", str(store), "export", "--to", "jrnl", "-o", str(mine))
    assert code == 2
    one_line(err, str(mine), "exists", "--force")
    assert mine.read_text(encoding="utf-8") == "my own notes"
    code, out, err = retro(capsysbinary, "--db", str(store), "export", "--to", "jrnl", "-o", str(mine), "--force")
    assert code == 0, err
    assert PLAIN["step"] in mine.read_text(encoding="utf-8")


def test_a_symlink_is_resolved_once_and_stays_a_link(store: Path, tmp_path: Path,
                                                     capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    real = tmp_path / "real" / "calendar.ics"
    real.parent.mkdir()
    real.write_text("old calendar", encoding="utf-8")
    link = tmp_path / "calendar-link.ics"
    link.symlink_to(real)
    code, out, err = retro(capsysbinary, "--db", str(store), "export", "--to", "ics", "-o", str(link))
    assert code == 2
    one_line(err, "exists")
    code, out, err = retro(capsysbinary, "--db", str(store), "export", "--to", "ics", "-o", str(link), "--force")
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert str(real) in out


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_pipe_or_a_device_is_refused(store: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes],
                                       kind: str) -> None:
    # Both made in the test's own folder: an export that got this wrong must not replace a real
    # device (it did: /dev/null became a regular file).
    if kind == "fifo":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    else:
        path = tmp_path / "null"
        try:
            os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("making a device node needs root")
    for force in ([], ["--force"]):
        code, out, err = retro(capsysbinary, "--db", str(store), "export", "--to", "csv", "-o", str(path), *force)
        assert code == 2
        one_line(err, str(path), "not a regular file")


# -- Markdown: the vault is the user's -------------------------------------------------------

def _add_item(retro_obj: object) -> None:
    retro_obj.add_item("went-well", "An item added later", "Anna", story().data().now)  # type: ignore[attr-defined]


def _notes(capsysbinary: pytest.CaptureFixture[bytes], store: Path, vault: Path, *more: str) -> tuple[int, str, str]:
    return retro(capsysbinary, "--db", str(store), "export", "--to", "markdown", "-o", str(vault), *more)


def test_an_edited_note_is_kept_and_the_new_one_written_beside_it(store: Path, tmp_path: Path,
                                                                  capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    vault = tmp_path / "vault"
    code, _, err = _notes(capsysbinary, store, vault)
    assert code == 0 and err == ""
    note = vault / "2026-11-16-retro-team-a.md"
    week = vault / "2026-W47-kata.md"
    untouched = week.read_bytes()
    edited = note.read_text(encoding="utf-8") + "\nMy own thoughts after the retro.\n"
    note.write_text(edited, encoding="utf-8")
    # Nothing new to say: the edited note is left alone, and nothing is written beside it.
    code, _, err = _notes(capsysbinary, store, vault)
    assert code == 0 and err == ""
    assert note.read_text(encoding="utf-8") == edited
    assert not (vault / "2026-11-16-retro-team-a.retro-new.md").exists()
    # Something new: the edited note is still kept, the new one goes beside it, stderr says so.
    repo = Repository.open(store)
    retro_obj = story().retros[0]
    repo.update(type(retro_obj), retro_obj.id, _add_item)
    os.utime(week, (0, 0))
    code, out, err = _notes(capsysbinary, store, vault)
    assert code == 0
    one_line(err, str(note), "edited", "2026-11-16-retro-team-a.retro-new.md")
    assert note.read_text(encoding="utf-8") == edited
    beside = (vault / "2026-11-16-retro-team-a.retro-new.md").read_text(encoding="utf-8")
    assert "An item added later" in beside and "My own thoughts" not in beside
    assert week.read_bytes() == untouched and week.stat().st_mtime == 0  # unchanged: not touched at all
    # --force replaces the edited note too.
    code, out, err = _notes(capsysbinary, store, vault, "--force")
    assert code == 0 and err == ""
    assert note.read_text(encoding="utf-8") == beside


def test_a_note_as_retro_wrote_it_is_updated_in_place(store: Path, tmp_path: Path,
                                                      capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    vault = tmp_path / "vault"
    _notes(capsysbinary, store, vault)
    note = vault / "2026-11-16-retro-team-a.md"
    repo = Repository.open(store)
    retro_obj = story().retros[0]
    repo.update(type(retro_obj), retro_obj.id, _add_item)
    code, out, err = _notes(capsysbinary, store, vault)
    assert code == 0 and err == ""
    assert "An item added later" in note.read_text(encoding="utf-8")
    assert sorted(p.name for p in vault.iterdir() if "retro-new" in p.name) == []


def test_a_note_from_before_the_hash_is_replaced_only_if_it_is_what_retro_wrote(
    store: Path, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """A vault exported by an older retro has notes without `retro_hash:`: one that is exactly
    what retro writes now (less the hash) is updated; any other might be the user's edit."""
    import re

    vault = tmp_path / "vault"
    _notes(capsysbinary, store, vault)
    note, week = vault / "2026-11-16-retro-team-a.md", vault / "2026-W47-kata.md"
    for path in (note, week):
        path.write_text(re.sub(r"\nretro_hash: [0-9a-f]+", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    week.write_text(week.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    code, out, err = _notes(capsysbinary, store, vault)
    assert code == 0
    one_line(err, str(week), "2026-W47-kata.retro-new.md")
    assert "retro_hash: " in note.read_text(encoding="utf-8")
    assert week.read_text(encoding="utf-8").endswith("edited\n")


def test_markdown_into_the_store_s_month_folder_is_refused(store: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    before = snapshot(store.parent)
    code, out, err = _notes(capsysbinary, store, store.parent / "store.json.d" / "notes")
    assert code == 2
    one_line(err, "one of the store's own files")
    assert snapshot(store.parent) == before


def test_a_store_reached_through_a_symlink_is_protected_at_its_real_files(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    real = tmp_path / "synced" / "retro.json"
    real.parent.mkdir()
    Repository.open(real).add(*story().objects())
    link = tmp_path / "retro.json"
    link.symlink_to(real)
    # The store keeps every file beside the real one (retro/store/repository.py), so those are
    # its files; the link itself resolves to the main file.
    for name in ("retro.json", "synced/retro.json", "synced/retro.json.lock", "synced/retro.json.d/x.csv"):
        code, out, err = retro(capsysbinary, "--db", str(link), "export", "--to", "csv", "-o", str(tmp_path / name))
        assert code == 2, (name, err)
        one_line(err, "one of the store's own files")
