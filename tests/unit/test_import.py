"""The JSON backup and `retro import`: an exact restore into an empty store, a merge that
never overwrites, and refusals (non-empty store, newer schema, damaged file) that leave the
store as it was and say so in one line."""

from __future__ import annotations

import json
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from retro.cli.main import main
from retro.domain.kata import Challenge, CoachingCycle, Experiment, Obstacle, TargetCondition
from retro.domain.retro import Retro
from retro.export.common import ExportError
from retro.export.json_backup import FORMAT, export_json, merge_tables, parse_backup
from retro.store import SCHEMA_VERSION, Repository
from tests.unit.test_export_common import IDS, story, story_texts

NOW = datetime(2026, 11, 26, 9, 30)
CLASSES = (Challenge, TargetCondition, Obstacle, Experiment, Retro, CoachingCycle)


def tables(repo: Repository) -> dict:
    return {name: table for name, table in repo.raw().items() if name != "meta"}


def filled(path: Path, texts: dict[str, str] | None = None) -> Repository:
    repo = Repository.open(path)
    repo.add(*story(texts).objects())
    return repo


def backup_of(repo: Repository, path: Path) -> Path:
    path.write_text(export_json(repo.raw(), NOW), encoding="utf-8")
    return path


def retro(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """The real entry point, in-process: exit code, stdout, stderr."""
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def one_line_refusal(code: int, err: str, *words: str) -> None:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("retro: ") and "Traceback" not in err
    for word in words:
        assert word in lines[0], (word, lines[0])


# -- the backup ------------------------------------------------------------------------------

def test_backup_is_versioned_and_complete(tmp_path: Path) -> None:
    repo = filled(tmp_path / "store.json")
    data = json.loads(export_json(repo.raw(), NOW))
    assert data["format"] == FORMAT and data["schema_version"] == SCHEMA_VERSION
    assert data["exported_at"] == "2026-11-26T09:30:00"
    assert data["tables"] == tables(repo)
    assert sum(len(t) for t in data["tables"].values()) == len(story().objects())


def test_restore_is_exact_and_exports_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = filled(tmp_path / "a.json")
    backup = backup_of(source, tmp_path / "backup.json")
    code, out, err = retro("--db", str(tmp_path / "b.json"), "import", str(backup), capsys=capsys)
    assert code == 0, err
    assert "Restored 11 records" in out
    restored = Repository.open(tmp_path / "b.json")
    assert tables(restored) == tables(source)
    again = json.loads(export_json(restored.raw(), NOW))
    assert again == json.loads(backup.read_text(encoding="utf-8"))
    for cls in CLASSES:
        assert sorted(restored.all(cls), key=lambda o: o.id) == sorted(source.all(cls), key=lambda o: o.id)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=story_texts)
def test_adversarial_text_survives_backup_and_restore(texts: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = filled(Path(tmp) / "a.json", texts)
        parsed = parse_backup(export_json(source.raw(), NOW).encode("utf-8"), "backup.json")
        target = Repository.open(Path(tmp) / "b.json")
        target.replace_raw(parsed)
        assert tables(target) == tables(source)
        assert target.get(Experiment, IDS["done"]) == source.get(Experiment, IDS["done"])
        assert target.get(Retro, IDS["retro"]) == source.get(Retro, IDS["retro"])


# -- refusals --------------------------------------------------------------------------------

def test_a_non_empty_store_is_refused_without_merge(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    backup = backup_of(filled(tmp_path / "a.json"), tmp_path / "backup.json")
    store = tmp_path / "b.json"
    repo = Repository.open(store)
    repo.add(Challenge(id="ch-mine", title="Mine"))
    before = store.read_bytes()
    code, out, err = retro("--db", str(store), "import", str(backup), capsys=capsys)
    one_line_refusal(code, err, "not empty", "--merge")
    assert store.read_bytes() == before


def _write(path: Path, payload: object) -> Path:
    path.write_bytes(payload if isinstance(payload, bytes) else orjson.dumps(payload))
    return path


def _good(tmp_path: Path) -> dict:
    return json.loads(export_json(filled(tmp_path / "src.json").raw(), NOW))


@pytest.mark.parametrize(
    ("case", "words"),
    [
        ("newer schema", ["newer retro", "schema 99", "upgrade"]),
        ("truncated", ["damaged JSON"]),
        ("empty file", ["damaged JSON"]),
        ("not a backup", ["not a retro backup"]),
        ("a store, not a backup", ["not a retro backup"]),
        ("unknown table", ["unknown table"]),
        ("document without id", ["has no id"]),
        ("bad date", ["damaged backup", "ex-1"]),
        ("same id twice", ["appears twice"]),
        ("missing file", ["no such file"]),
        ("a folder", ["is a folder"]),
    ],
)
def test_bad_backups_are_refused_in_one_line_and_the_store_is_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, words: list[str]
) -> None:
    good = _good(tmp_path)
    path = tmp_path / "backup.json"
    if case == "newer schema":
        _write(path, {**good, "schema_version": 99})
    elif case == "truncated":
        _write(path, orjson.dumps(good)[:-40])
    elif case == "empty file":
        _write(path, b"")
    elif case == "not a backup":
        _write(path, [1, 2, 3])
    elif case == "a store, not a backup":
        _write(path, (tmp_path / "src.json").read_bytes())
    elif case == "unknown table":
        _write(path, {**good, "tables": {**good["tables"], "secrets": {}}})
    elif case == "document without id":
        good["tables"]["challenges"]["1"].pop("id")
        _write(path, good)
    elif case == "bad date":
        for doc in good["tables"]["experiments"].values():
            if doc["id"] == "ex-1":
                doc["go_and_see_on"] = "next tuesday"
        _write(path, good)
    elif case == "same id twice":
        good["tables"]["challenges"]["2"] = good["tables"]["challenges"]["1"]
        _write(path, good)
    elif case == "a folder":
        path.mkdir()
    store = tmp_path / "store.json"
    Repository.open(store)
    before = store.read_bytes()
    code, out, err = retro("--db", str(store), "import", str(path), capsys=capsys)
    one_line_refusal(code, err, str(path), *words)
    assert store.read_bytes() == before
    assert Repository.open(store).is_empty()


def test_the_real_command_refuses_a_newer_backup(tmp_path: Path, retro_cmd: list[str], cli_env: dict[str, str]) -> None:
    path = _write(tmp_path / "new.json", {**_good(tmp_path), "schema_version": SCHEMA_VERSION + 1})
    proc = subprocess.run([*retro_cmd, "import", str(path)], env=cli_env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and str(path) in proc.stderr and "newer retro" in proc.stderr


# -- merging ---------------------------------------------------------------------------------

def test_merge_adds_what_is_missing_reports_conflicts_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = backup_of(filled(tmp_path / "a.json"), tmp_path / "backup.json")
    store = tmp_path / "b.json"
    repo = Repository.open(store)
    s = story()
    mine = s.experiment("done")
    mine.learned = "My own, later learning"
    repo.add(mine, s.challenges[0], Challenge(id="ch-only-mine", title="Only in this store"))
    code, out, err = retro("--db", str(store), "import", "--merge", str(backup), capsys=capsys)
    assert code == 0, err
    assert f"conflict: experiments {IDS['done']}" in out
    assert "added 9, already there 1, conflicts 1" in out
    merged = Repository.open(store)
    assert merged.get(Experiment, IDS["done"]).learned == "My own, later learning"
    assert merged.find(Challenge, "ch-only-mine") is not None
    assert {e.id for e in merged.all(Experiment)} == {e.id for e in s.experiments}
    # merging again adds nothing
    code, out, err = retro("--db", str(store), "import", "--merge", str(backup), capsys=capsys)
    assert "added 0, already there 10, conflicts 1" in out


def test_merge_into_an_empty_store_is_a_restore(tmp_path: Path) -> None:
    source = filled(tmp_path / "a.json")
    incoming = parse_backup(export_json(source.raw(), NOW).encode(), "b")
    merged, report = merge_tables({}, incoming)
    assert report.added_total == 11 and not report.conflicts
    assert {n: {d["id"] for d in t.values()} for n, t in merged.items()} == \
        {n: {d["id"] for d in t.values()} for n, t in tables(source).items()}


def test_parse_backup_refuses_a_newer_schema_without_touching_anything() -> None:
    with pytest.raises(ExportError, match="newer retro"):
        parse_backup(orjson.dumps({"format": FORMAT, "schema_version": SCHEMA_VERSION + 1, "tables": {}}), "x.json")
