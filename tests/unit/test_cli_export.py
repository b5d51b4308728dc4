"""`retro export` from the command line: every target to stdout or a file, the scope options,
and bad input (unknown target, bad dates, unwritable path, JSON with a scope) as exit 2 with
one line and nothing half-written."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from retro.cli.main import main
from retro.store import Repository
from tests.unit.test_export_common import IDS, PLAIN, five_year_log, story


@pytest.fixture
def filled_store(store_path: Path) -> Path:
    Repository.open(store_path).add(*story().objects())
    return store_path


def retro(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, bytes, str]:
    code = main(list(args))
    out = capsysbinary.readouterr()
    return code, out.out, out.err.decode("utf-8")


def refused(code: int, err: str, *words: str) -> None:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("retro: "), err
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.mark.parametrize("target", ["jrnl", "json", "csv", "ics"])
def test_single_file_targets_go_to_stdout(filled_store: Path, capsysbinary, target: str) -> None:
    code, out, err = retro(capsysbinary, "--db", str(filled_store), "export", "--to", target)
    assert code == 0, err
    text = out.decode("utf-8")
    assert not text.startswith("\ufeff")  # no byte-order mark for scripts
    check = {
        "jrnl": lambda: "] Experiment planned: " + PLAIN["step"] in text,
        "json": lambda: json.loads(text)["format"] == "retro-backup",
        "csv": lambda: len(list(csv.reader(io.StringIO(text, newline="")))) == 5,
        "ics": lambda: text.startswith("BEGIN:VCALENDAR\r\n"),
    }[target]
    assert check()


@pytest.mark.parametrize("target", ["jrnl", "json", "csv", "ics", "markdown"])
def test_output_file_or_folder(filled_store: Path, tmp_path: Path, capsysbinary, target: str) -> None:
    dest = tmp_path / "out" / ("notes" if target == "markdown" else f"export.{target}")
    code, out, err = retro(capsysbinary, "--db", str(filled_store), "export", "--to", target, "-o", str(dest))
    assert code == 0, err
    assert str(dest) in out.decode() and out.decode().startswith("Wrote ")
    if target == "markdown":
        assert sorted(p.name for p in dest.iterdir())[0] == "2026-11-16-retro-team-a.md"
    else:
        assert dest.stat().st_size > 0
        assert not [p for p in dest.parent.iterdir() if p.name.startswith(".")]  # no temp file left
    if target == "csv":
        assert dest.read_bytes().startswith("\ufeff".encode())  # spreadsheets need it to read åäö


def test_scope_options(filled_store: Path, capsysbinary) -> None:
    code, out, _ = retro(capsysbinary, "--db", str(filled_store), "export", "--to", "csv", "--team", "Team A",
                         "--since", "2026-11-26")
    ids = [row["id"] for row in csv.DictReader(io.StringIO(out.decode(), newline=""))]
    assert code == 0 and ids == [IDS["planned"]]
    code, out, _ = retro(capsysbinary, "--db", str(filled_store), "export", "--to", "csv", "--retro", IDS["retro"])
    ids = [row["id"] for row in csv.DictReader(io.StringIO(out.decode(), newline=""))]
    assert sorted(ids) == sorted([IDS["done"], IDS["running"]])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--to", "pdf"], ["'pdf' is not one of"]),
        (["--to", "jrnl", "--since", "last week"], ["--since", "YYYY-MM-DD"]),
        (["--to", "jrnl", "--since", "2026-12-01", "--until", "2026-11-01"], ["after --until"]),
        (["--to", "markdown"], ["-o FOLDER"]),
        (["--to", "json", "--team", "Team A"], ["whole store"]),
        (["--to", "jrnl", "--retro", "rt-nope"], ["rt-nope"]),
    ],
)
def test_bad_input_is_one_line(filled_store: Path, capsysbinary, args: list[str], words: list[str]) -> None:
    code, out, err = retro(capsysbinary, "--db", str(filled_store), "export", *args)
    refused(code, err, *words)
    assert out == b""


@pytest.mark.parametrize("case", ["parent is a file", "output is a folder", "markdown into a file"])
def test_unwritable_destination_is_refused_and_nothing_is_written(filled_store: Path, tmp_path: Path, capsysbinary,
                                                                  case: str) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("keep me", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    target, dest = {
        "parent is a file": ("jrnl", blocker / "out.txt"),
        "output is a folder": ("csv", folder),
        "markdown into a file": ("markdown", blocker),
    }[case]
    code, out, err = retro(capsysbinary, "--db", str(filled_store), "export", "--to", target, "-o", str(dest))
    refused(code, err, str(dest))
    assert blocker.read_text(encoding="utf-8") == "keep me"
    assert list(folder.iterdir()) == []


def test_a_failed_write_keeps_the_previous_export(filled_store: Path, tmp_path: Path, capsysbinary,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    dest = tmp_path / "journal.txt"
    dest.write_text("the export of last week", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    code, out, err = retro(capsysbinary, "--db", str(filled_store), "export", "--to", "jrnl", "-o", str(dest), "--force")
    refused(code, err, "No space left")
    assert dest.read_text(encoding="utf-8") == "the export of last week"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _load(store: Path, objects: list[object]) -> None:
    """One write for thousands of objects (repo.add writes the file once per object)."""
    from retro.domain.codec import to_dict
    from retro.store.repository import TABLE_OF

    tables: dict[str, dict[str, dict]] = {}
    for obj in objects:
        table = tables.setdefault(TABLE_OF[type(obj)], {})
        table[str(len(table) + 1)] = to_dict(obj)
    Repository.open(store).replace_raw(tables)


def test_a_five_year_log_exports_to_every_target(tmp_path: Path, store_path: Path, capsysbinary) -> None:
    """The command a user runs, on a log of the promised size (its timing lives in tests/bench)."""
    _load(store_path, five_year_log().objects())
    for target in ("jrnl", "csv", "ics", "markdown", "json"):
        dest = tmp_path / f"big-{target}"
        code, out, err = retro(capsysbinary, "--db", str(store_path), "export", "--to", target, "-o", str(dest))
        assert code == 0, err
        assert out.startswith(b"Wrote ")
    rows = list(csv.reader(io.StringIO((tmp_path / "big-csv").read_text(encoding="utf-8-sig"), newline="")))
    assert len(rows) == 3001
    notes = [p.name for p in (tmp_path / "big-markdown").iterdir()]
    assert len([n for n in notes if "-retro-" in n]) == 250  # two retros on one day get two notes
    assert len([n for n in notes if n.endswith("-kata.md")]) >= 260  # every target condition's week
    backup = json.loads((tmp_path / "big-json").read_text(encoding="utf-8"))
    assert len(backup["tables"]["experiments"]) == 3000
