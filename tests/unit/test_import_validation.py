"""`retro import` checks every field of every record with the codec the store reads with: a
wrong type, a value out of range or nesting too deep is refused in one line naming the record
and the field, and nothing is written. What it lets through can never crash a later command.
It removes control characters from the text it restores and says how many; text over today's
limits restores with a warning. Real backups of older versions restore exactly."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import orjson
import pytest

from retro.cli.main import main
from retro.domain.kata import Experiment
from retro.domain.retro import Retro
from retro.domain.text import ITEM_MAX, NAME_MAX
from retro.export.json_backup import export_json
from retro.store import Repository
from tests.unit.test_export_common import IDS, story

NOW = story().data().now
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "backups"
TARGETS = ("jrnl", "json", "csv", "ics", "markdown")


@pytest.fixture(scope="module")
def good() -> dict[str, Any]:
    """A backup of the story: a closed and a running retro, and a kata log in every state."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository.open(Path(tmp) / "src.json")
        repo.add(*story().objects())
        return json.loads(export_json(repo.raw(), NOW))


def run(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsysbinary.readouterr()
    return code, out.out.decode("utf-8"), out.err.decode("utf-8")


def doc(data: dict[str, Any], table: str, doc_id: str) -> dict[str, Any]:
    return next(d for d in data["tables"][table].values() if d["id"] == doc_id)


def key_of(data: dict[str, Any], table: str, doc_id: str) -> str:
    return next(k for k, d in data["tables"][table].items() if d["id"] == doc_id)


def nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def retro_doc(data: dict[str, Any]) -> dict[str, Any]:
    return doc(data, "retros", IDS["retro"])


def done_doc(data: dict[str, Any]) -> dict[str, Any]:
    return doc(data, "experiments", IDS["done"])


# (what the brief found, how to spoil the backup, the words the refusal must say)
SPOILED = [
    ("participants null", lambda d: retro_doc(d).update(participants=None), ["participants", "expected a list, found null"]),
    ("a time zone", lambda d: done_doc(d).update(created_at="2026-11-16T09:40:00+02:00"), ["created_at", "without a time zone"]),
    ("amendment of an unknown field", lambda d: done_doc(d)["amendments"][0].update(field="secret"),
     ["amendments[0].field", "one of", '"secret"']),
    ("roti as words", lambda d: retro_doc(d).update(roti={"Anna": "ten"}), ['roti["Anna"]', "1–5", '"ten"']),
    ("roti out of range", lambda d: retro_doc(d).update(roti={"Anna": 6}), ['roti["Anna"]', "1–5", "found 6"]),
    ("an object where text belongs", lambda d: done_doc(d).update(step={"a": 1}), ["step: expected text, found an object"]),
    ("phase_index as text", lambda d: retro_doc(d).update(phase_index="3"), ['phase_index: expected a whole number 0–19, found "3"']),
    ("phase_index negative", lambda d: retro_doc(d).update(phase_index=-5), ["phase_index", "found -5"]),
    ("phase_index huge", lambda d: retro_doc(d).update(phase_index=10**6), ["phase_index", "found 1000000"]),
    ("phase_index true", lambda d: retro_doc(d).update(phase_index=True), ["phase_index", "found true"]),
    ("phase_index 1.5", lambda d: retro_doc(d).update(phase_index=1.5), ["phase_index", "found 1.5"]),
    ("votes nested 500 deep", lambda d: retro_doc(d).update(votes={"Anna": nested(500)}), ["nested more than"]),
    ("votes not a list", lambda d: retro_doc(d).update(votes={"Anna": "th-1"}), ['votes["Anna"]', "expected a list"]),
    ("a vote not text", lambda d: retro_doc(d).update(votes={"Anna": ["th-1", 7]}), ['votes["Anna"][1]', "expected text, found 7"]),
    ("an unknown field nested deep", lambda d: done_doc(d).update(later=nested(100)), ["nested more than"]),
    ("unknown status", lambda d: done_doc(d).update(status="finished"), ["status", '"finished"']),
    ("unknown retro status", lambda d: retro_doc(d).update(status="paused"), ["status", '"paused"']),
    ("as_expected maybe", lambda d: done_doc(d).update(as_expected="maybe"), ["as_expected", '"maybe"']),
    ("a negative timer", lambda d: retro_doc(d).update(timers={"phase-0": {"seconds": -60}}),
     ['timers["phase-0"].seconds', "≥ 0"]),
    ("a negative speaker", lambda d: retro_doc(d).update(speaker_index=-1), ["speaker_index"]),
    ("a date that does not parse", lambda d: done_doc(d).update(go_and_see_on="next tuesday"), ["go_and_see_on", "YYYY-MM-DD"]),
    ("a date as a number", lambda d: done_doc(d).update(go_and_see_on=20261118), ["go_and_see_on", "found 20261118"]),
    ("a required field missing", lambda d: retro_doc(d).pop("started_at"), ["started_at: missing"]),
    ("a participant without a name", lambda d: retro_doc(d)["participants"][0].pop("name"), ["participants[0].name: missing"]),
    ("remote as text", lambda d: retro_doc(d)["participants"][0].update(remote="yes"), ["participants[0].remote", "true or false"]),
    ("an item as a list", lambda d: retro_doc(d)["items"].append(["it-x"]), ["items[3]", "expected an object"]),
    ("an id as a number", lambda d: done_doc(d)["item_ids"].append(3), ["item_ids[2]", "found 3"]),
    ("a key that only looks like a number", lambda d: d["tables"]["retros"].update({"²": retro_doc(d)}), ["the key is not a number"]),
]


@pytest.mark.parametrize(("case", "spoil", "words"), SPOILED, ids=[c[0] for c in SPOILED])
def test_a_wrong_type_or_range_is_refused_naming_the_record_and_field(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], good: dict[str, Any], case: str, spoil: Any,
    words: list[str],
) -> None:
    data = copy.deepcopy(good)
    spoil(data)
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(data), encoding="utf-8")
    store = tmp_path / "store.json"
    Repository.open(store)
    before = store.read_bytes()
    for args in (["import", str(backup)], ["import", "--merge", str(backup)]):
        code, out, err = run(capsysbinary, "--db", str(store), *args)
        assert code == 2, (case, out, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"retro: {backup}: "), err
        assert "Traceback" not in err and out == ""
        for word in words:
            assert word in lines[0], (word, lines[0])
    assert store.read_bytes() == before
    assert Repository.open(store).is_empty()


def test_the_refusal_names_the_record_by_its_key_and_id(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes],
                                                         good: dict[str, Any]) -> None:
    data = copy.deepcopy(good)
    retro_doc(data)["phase_index"] = "3"
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsysbinary, "--db", str(tmp_path / "store.json"), "import", str(backup))
    key = key_of(data, "retros", IDS["retro"])
    assert code == 2
    assert err.strip() == (f"retro: {backup}: damaged backup (retros[{key}], id {IDS['retro']}: "
                           'phase_index: expected a whole number 0–19, found "3")')


def test_json_nested_ten_thousand_deep_is_refused(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    backup = tmp_path / "deep.json"
    backup.write_bytes(b'{"format": "retro-backup", "schema_version": 2, "tables": {"retros": {"1": {"votes": '
                       + b"[" * 10_000 + b"]" * 10_000 + b"}}}}")
    code, _, err = run(capsysbinary, "--db", str(tmp_path / "store.json"), "import", str(backup))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "not a retro backup" in err


def test_a_refusal_in_swedish(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], good: dict[str, Any]) -> None:
    data = copy.deepcopy(good)
    retro_doc(data)["phase_index"] = "3"
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = run(capsysbinary, "--lang", "sv", "--db", str(tmp_path / "store.json"), "import", str(backup))
    assert code == 2
    assert 'skadad säkerhetskopia' in err and 'phase_index: väntade ett heltal 0–19, fann "3"' in err


# -- what an import lets through, and what it changes ----------------------------------------

def test_control_characters_are_removed_and_counted(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes],
                                                     good: dict[str, Any]) -> None:
    data = copy.deepcopy(good)
    done_doc(data)["step"] = "Ask\x1b]52;c;ZXZpbA==\x07 Anna\x9b1m"  # sets the clipboard, then a one-byte CSI
    retro_doc(data)["items"][0]["text"] = "line one\r\nline two"  # a line break, not a control: kept as it is
    retro_doc(data)["roti"] = {"An\x00na": 4}
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(data), encoding="utf-8")
    store = tmp_path / "store.json"
    code, out, err = run(capsysbinary, "--db", str(store), "import", str(backup))
    assert code == 0, err
    assert f"Restored {sum(len(t) for t in data['tables'].values())} records" in out
    assert err == f"retro: {backup}: removed 4 control characters from its text (line breaks and tabs are kept)\n"
    repo = Repository.open(store)
    assert repo.get(Experiment, IDS["done"]).step == "Ask]52;c;ZXZpbA== Anna1m"
    restored = repo.get(Retro, IDS["retro"])
    assert restored.items[0].text == "line one\r\nline two"
    assert restored.roti == {"Anna": 4}


def test_text_over_a_limit_restores_with_one_warning(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes],
                                                     good: dict[str, Any]) -> None:
    """An older version allowed it, so it is kept; the user hears that it is longer than retro
    accepts today (an edit will have to shorten it)."""
    data = copy.deepcopy(good)
    retro_doc(data)["items"][1]["text"] = "x" * (ITEM_MAX + 1)
    done_doc(data)["owner"] = "o" * (NAME_MAX + 5)
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(data), encoding="utf-8")
    store = tmp_path / "store.json"
    code, out, err = run(capsysbinary, "--db", str(store), "import", str(backup))
    assert code == 0, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "2 texts are longer than retro allows today, restored as they are" in lines[0]
    assert f"at most {NAME_MAX}" in lines[0] or f"at most {ITEM_MAX}" in lines[0]
    assert Repository.open(store).get(Retro, IDS["retro"]).items[1].text == "x" * (ITEM_MAX + 1)


def test_fields_of_a_newer_minor_version_still_restore(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes],
                                                       good: dict[str, Any]) -> None:
    data = copy.deepcopy(good)
    done_doc(data)["confidence"] = {"before": 3, "notes": ["a", "b"]}
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(data), encoding="utf-8")
    store = tmp_path / "store.json"
    code, _, err = run(capsysbinary, "--db", str(store), "import", str(backup))
    assert code == 0, err
    assert doc({"tables": Repository.open(store).raw()}, "experiments", IDS["done"])["confidence"]["before"] == 3


# -- real backups of older versions ----------------------------------------------------------

@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_a_real_older_backup_restores_exactly_and_every_command_works(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], fixture: Path
) -> None:
    store = tmp_path / "store.json"
    code, out, err = run(capsysbinary, "--db", str(store), "import", str(fixture))
    assert code == 0 and err == "", err
    tables = json.loads(fixture.read_text(encoding="utf-8"))["tables"]
    assert {k: v for k, v in Repository.open(store).raw().items() if k != "meta"} == tables
    for args in (["retros", "list"], ["kata", "list"],
                 *(["export", "--to", target, "-o", str(tmp_path / f"out-{target}")] for target in TARGETS)):
        code, out, err = run(capsysbinary, "--db", str(store), *args)
        assert code == 0, (args, err)
    for retro_id in (d["id"] for d in tables["retros"].values()):
        code, out, err = run(capsysbinary, "--db", str(store), "retros", "show", retro_id)
        assert code == 0, err


# -- a hand-edited store is refused as the import is -----------------------------------------

def test_a_hand_edited_store_with_a_wrong_type_is_refused_naming_the_file(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    store = tmp_path / "store.json"
    Repository.open(store).add(*story().objects())
    month = next((tmp_path / "store.json.d").glob("retros-*.json"))
    data = orjson.loads(month.read_bytes())
    for d in data["retros"].values():
        d["roti"] = {"Anna": "ten"}
    month.write_bytes(orjson.dumps(data))
    for args in (["retros", "show", IDS["retro"]], ["export", "--to", "jrnl"], ["export", "--to", "csv"]):
        code, out, err = run(capsysbinary, "--db", str(store), *args)
        assert code == 2, (args, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and f"{month}: not a retro store" in lines[0], err
        assert 'roti["Anna"]: expected a whole number 1–5, found "ten"' in lines[0]


# -- what is allowed, at its very ends -------------------------------------------------------

EDGES = {
    "a go-and-see day of 9999-12-31": lambda d: done_doc(d).update(go_and_see_on="9999-12-31", status="running"),
    "an experiment written in year 1": lambda d: doc(d, "experiments", IDS["running"]).update(
        created_at="0001-01-01T00:00:00"),
    "a target condition due 9999-12-31": lambda d: [tc.update(achieve_by="9999-12-31", created_at="9999-12-31T08:00:00",
                                                              closed_at=None) for tc in d["tables"]["target_conditions"].values()],
}


@pytest.fixture
def stockholm() -> Any:
    """Local time east of UTC, as the product's users have it: year 1 has no UTC before it."""
    import os
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Stockholm"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.parametrize("case", list(EDGES))
def test_values_at_the_ends_of_their_range_restore_and_every_command_works(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], good: dict[str, Any], case: str, stockholm: None
) -> None:
    """The domain lets a user type a go-and-see day of 9999-12-31 (it is not in the past), so a
    store and a backup can hold one: every export must still work."""
    data = copy.deepcopy(good)
    EDGES[case](data)
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(data), encoding="utf-8")
    store = tmp_path / "store.json"
    code, out, err = run(capsysbinary, "--db", str(store), "import", str(backup))
    assert code == 0, err
    for args in (["retros", "list"], ["kata", "list"], ["retros", "show", IDS["retro"]],
                 *(["export", "--to", target, "-o", str(tmp_path / f"out-{target}")] for target in TARGETS)):
        code, out, err = run(capsysbinary, "--db", str(store), *args)
        assert code == 0, (args, err)


@pytest.mark.parametrize(("field", "value", "words"), [
    ("started_at", "2026-11-16T09:00:00+02:00", ["started_at", "without a time zone"]),
    ("status", "paused", ["status", '"paused"']),
])
def test_the_home_screen_s_retro_list_refuses_a_hand_edited_retro_too(tmp_path: Path, field: str, value: str,
                                                                      words: list[str]) -> None:
    """The newest retros' headings are read without converting whole retros; a heading the
    codec would refuse is converted, and refused the same way (not a crash while sorting)."""
    from retro.store import StoreError

    store = tmp_path / "store.json"
    Repository.open(store).add(*story().objects())
    month = next((tmp_path / "store.json.d").glob("retros-*.json"))
    data = orjson.loads(month.read_bytes())
    next(iter(data["retros"].values()))[field] = value
    month.write_bytes(orjson.dumps(data))
    with pytest.raises(StoreError) as refused:
        Repository.open(store).retro_headings(12)
    assert f"{month}: not a retro store" in str(refused.value)
    for word in words:
        assert word in str(refused.value)


def test_a_pipe_is_refused_not_waited_on(tmp_path: Path, cli_env: dict[str, str], retro_cmd: list[str]) -> None:
    import os
    import subprocess

    pipe = tmp_path / "backup.json"
    os.mkfifo(pipe)
    proc = subprocess.run([*retro_cmd, "import", str(pipe)], env=cli_env, capture_output=True, text=True,
                          timeout=30, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert proc.stderr == f"retro: {pipe}: is not a regular file (a pipe or a device)\n"
