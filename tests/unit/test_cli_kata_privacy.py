"""Shared or private target conditions from the command line (issue 19): `retro kata tc add
--shared/--private`, `retro kata tc set ID --shared|--private`, what `retro kata list` says, and
a JSON backup that keeps the choice. Through the real entry point, in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.unit.test_cli_kata import data, ok, refused, run


@pytest.fixture
def challenge(retro_cmd, cli_env) -> str:
    return data(retro_cmd, cli_env, "kata", "challenge", "add", "Lead one week at a time")["id"]


def _tc(retro_cmd, cli_env, challenge: str, title: str, *options: str) -> dict:
    return data(retro_cmd, cli_env, "kata", "tc", "add", title, "--challenge", challenge, "--reflection", "done",
                *options)


def _line_of(listing: str, tc_id: str) -> str:
    (line,) = [x for x in listing.splitlines() if x.strip().startswith(tc_id)]
    return line


def test_a_new_target_condition_is_shared_or_private_by_its_area_unless_told(retro_cmd, cli_env, challenge) -> None:
    team = _tc(retro_cmd, cli_env, challenge, "Standup in 15 minutes")
    personal = _tc(retro_cmd, cli_env, challenge, "Ask more than I answer", "--area", "personal")
    shared = _tc(retro_cmd, cli_env, challenge, "Bring topics to my manager", "--area", "leaders", "--shared")
    private = _tc(retro_cmd, cli_env, challenge, "Our own team thing", "--private")
    assert [x["shared"] for x in (team, personal, shared, private)] == [None, None, True, False]

    listing = ok(retro_cmd, cli_env, "kata", "list")
    assert _line_of(listing, team["id"]).endswith("· shared")
    assert _line_of(listing, personal["id"]).endswith("· private")
    assert _line_of(listing, shared["id"]).endswith("· shared")
    assert _line_of(listing, private["id"]).endswith("· private")


def test_set_shares_and_makes_private_and_says_so(retro_cmd, cli_env, challenge) -> None:
    tc = _tc(retro_cmd, cli_env, challenge, "Ask more than I answer", "--area", "personal")
    assert ok(retro_cmd, cli_env, "kata", "tc", "set", tc["id"], "--shared").split() == [tc["id"], "shared"]
    assert _line_of(ok(retro_cmd, cli_env, "kata", "list"), tc["id"]).endswith("· shared")
    made = data(retro_cmd, cli_env, "kata", "tc", "set", tc["id"], "--private")
    assert (made["id"], made["shared"], made["title"]) == (tc["id"], False, "Ask more than I answer")
    (listed,) = data(retro_cmd, cli_env, "kata", "list")["target_conditions"]
    assert listed["shared"] is False


def test_bad_input_is_refused_with_one_line_and_nothing_changes(retro_cmd, cli_env, challenge) -> None:
    tc = _tc(retro_cmd, cli_env, challenge, "Ask more than I answer", "--area", "personal")
    assert "give --shared or --private" in refused(retro_cmd, cli_env, "kata", "tc", "set", tc["id"])
    assert "not both" in refused(retro_cmd, cli_env, "kata", "tc", "set", tc["id"], "--shared", "--private")
    assert "No target condition with id tc-nope" in refused(retro_cmd, cli_env, "kata", "tc", "set", "tc-nope",
                                                             "--shared")
    assert "not both" in refused(retro_cmd, cli_env, "kata", "tc", "add", "Both", "--challenge", challenge,
                                 "--shared", "--private")
    listed = data(retro_cmd, cli_env, "kata", "list")["target_conditions"]
    assert [(x["title"], x["shared"]) for x in listed] == [("Ask more than I answer", None)]
    assert run(retro_cmd, cli_env, "kata", "tc", "set").returncode == 2  # no id: click's usage error


def test_help_says_what_shared_and_private_mean(retro_cmd, cli_env) -> None:
    text = ok(retro_cmd, cli_env, "kata", "tc", "set", "--help")
    assert "--shared" in text and "--private" in text and "retro screens" in text
    text = ok(retro_cmd, cli_env, "kata", "tc", "add", "--help")
    assert "--shared" in text and "--private" in text


def test_a_json_backup_keeps_the_choice_and_an_older_store_follows_the_area(
        retro_cmd, cli_env, challenge, tmp_path: Path) -> None:
    shared = _tc(retro_cmd, cli_env, challenge, "Bring topics to my manager", "--area", "leaders")
    ok(retro_cmd, cli_env, "kata", "tc", "set", shared["id"], "--shared")
    private = _tc(retro_cmd, cli_env, challenge, "Standup in 15 minutes", "--private")
    backup = tmp_path / "backup.json"
    ok(retro_cmd, cli_env, "export", "--to", "json", "-o", str(backup))

    restored = dict(cli_env, RETRO_DB=str(tmp_path / "restored" / "store.json"))
    ok(retro_cmd, restored, "import", str(backup))
    listed = {x["id"]: x["shared"] for x in data(retro_cmd, restored, "kata", "list")["target_conditions"]}
    assert (listed[shared["id"]], listed[private["id"]]) == (True, False)
    listing = ok(retro_cmd, restored, "kata", "list")
    assert _line_of(listing, shared["id"]).endswith("· shared")
    assert _line_of(listing, private["id"]).endswith("· private")

    # A backup written before the field existed: no "shared" key at all. It follows the area.
    old = json.loads(backup.read_text(encoding="utf-8"))
    for doc in old["tables"]["target_conditions"].values():
        doc.pop("shared")
    backup.write_text(json.dumps(old), encoding="utf-8")
    older = dict(cli_env, RETRO_DB=str(tmp_path / "older" / "store.json"))
    ok(retro_cmd, older, "import", str(backup))
    listing = ok(retro_cmd, older, "kata", "list")
    assert _line_of(listing, shared["id"]).endswith("· private")  # leaders: private by default
    assert _line_of(listing, private["id"]).endswith("· shared")  # team: shared by default
    assert ok(retro_cmd, older, "kata", "tc", "set", shared["id"], "--shared").split() == [shared["id"], "shared"]
