"""`retro kata …` and `retro demo` through the real entry point, in a subprocess: the JSON
contract, the honest-memory refusals (exit 2, one line), and never a wait for input without a
terminal. Dates are relative to today: the subprocess runs on the real clock."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from retro.domain.clock import next_working_day


def run(cmd: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def ok(cmd: list[str], env: dict[str, str], *args: str) -> str:
    proc = run(cmd, env, *args)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def data(cmd: list[str], env: dict[str, str], *args: str) -> dict:
    return json.loads(ok(cmd, env, *args, "--json"))


def refused(cmd: list[str], env: dict[str, str], *args: str) -> str:
    proc = run(cmd, env, *args)
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("retro: "), proc.stderr
    assert "Traceback" not in proc.stderr
    return lines[0]


@pytest.fixture
def log(retro_cmd, cli_env) -> dict[str, str]:
    """A challenge, an active target condition and one obstacle, made through the CLI."""
    ch = data(retro_cmd, cli_env, "kata", "challenge", "add", "Lead one week at a time")
    tc = data(retro_cmd, cli_env, "kata", "tc", "add", "Dialogue instead of mediation", "--challenge", ch["id"],
              "--area", "personal")
    ob = data(retro_cmd, cli_env, "kata", "obstacle", "add", "They avoid each other", "--tc", tc["id"])
    return {"ch": ch["id"], "tc": tc["id"], "ob": ob["id"]}


def test_the_whole_life_of_an_experiment_and_the_list_contract(retro_cmd, cli_env, log) -> None:
    today = date.today()
    e = data(retro_cmd, cli_env, "kata", "exp", "add", "--do", "Invite both to one talk",
             "--expect", "They talk to me, not to each other", "--obstacle", log["ob"], "--owner", "Jonas")
    assert e["id"].startswith("ex-")
    assert e["target_condition_id"] == log["tc"]  # the active one by default
    assert e["go_and_see_on"] == next_working_day(today).isoformat()
    assert (e["status"], e["locked_at"], e["amendments"]) == ("planned", None, [])

    started = data(retro_cmd, cli_env, "kata", "exp", "start", e["id"])
    assert started["status"] == "running" and started["locked_at"]
    amended = data(retro_cmd, cli_env, "kata", "exp", "amend", e["id"], "--expect", "Only one of them shows up",
                   "--reason", "Anna is ill")
    assert amended["expectation"] == "They talk to me, not to each other"  # the original stays
    assert [(a["field"], a["text"], a["reason"]) for a in amended["amendments"]] == [
        ("expectation", "Only one of them shows up", "Anna is ill")]
    done = data(retro_cmd, cli_env, "kata", "exp", "done", e["id"], "--happened", "They talked after five minutes",
                "--learned", "If I keep quiet they take over", "--as-expected", "no")
    assert (done["status"], done["as_expected"]) == ("done", "no")

    listed = data(retro_cmd, cli_env, "kata", "list")
    assert set(listed) == {"challenges", "target_conditions", "obstacles", "experiments"}
    (tc,) = listed["target_conditions"]
    assert {k: tc[k] for k in ("id", "challenge_id", "title", "status", "achieve_by", "area")} == {
        "id": log["tc"], "challenge_id": log["ch"], "title": "Dialogue instead of mediation", "status": "active",
        "achieve_by": (today + timedelta(weeks=1)).isoformat(), "area": "personal"}
    (x,) = listed["experiments"]
    for key in ("id", "target_condition_id", "obstacle_id", "step", "expectation", "amendments", "owner",
                "go_and_see_on", "status", "locked_at", "happened", "learned", "created_at", "retro_id"):
        assert key in x, key
    assert x["obstacle_id"] == log["ob"] and x["owner"] == "Jonas" and x["retro_id"] is None
    assert x["expectation"] == "They talk to me, not to each other"
    assert x["learned"] == "If I keep quiet they take over"

    text = ok(retro_cmd, cli_env, "kata", "list")
    assert e["id"] in text and "Only one of them shows up" in text and "Anna is ill" in text


def test_the_expectation_is_required_and_refusals_are_one_line(retro_cmd, cli_env, log) -> None:
    assert "--expect" in refused(retro_cmd, cli_env, "kata", "exp", "add", "--do", "Something")
    assert "needs an expectation" in refused(retro_cmd, cli_env, "kata", "exp", "add", "--do", "x", "--expect", "  ")
    assert "YYYY-MM-DD" in refused(retro_cmd, cli_env, "kata", "exp", "add", "--do", "x", "--expect", "y",
                                   "--go-and-see", "tomorrow")
    past = (date.today() - timedelta(days=1)).isoformat()
    assert "in the past" in refused(retro_cmd, cli_env, "kata", "exp", "add", "--do", "x", "--expect", "y",
                                    "--go-and-see", past)
    assert "No target condition with id tc-nope" in refused(retro_cmd, cli_env, "kata", "exp", "add", "--do", "x",
                                                             "--expect", "y", "--tc", "tc-nope")
    assert "No experiment with id ex-nope" in refused(retro_cmd, cli_env, "kata", "exp", "start", "ex-nope")
    assert "No challenge with id ch-nope" in refused(retro_cmd, cli_env, "kata", "tc", "add", "x", "--challenge",
                                                     "ch-nope")
    assert "No target condition" in refused(retro_cmd, cli_env, "kata", "obstacle", "add", "x", "--tc", "tc-nope")
    assert data(retro_cmd, cli_env, "kata", "list")["experiments"] == []  # nothing half-saved


def test_the_lock_refuses_what_would_falsify_the_memory(retro_cmd, cli_env, log) -> None:
    later = (date.today() + timedelta(days=3)).isoformat()
    e = data(retro_cmd, cli_env, "kata", "exp", "add", "--do", "Ask", "--expect", "Silence", "--go-and-see", later)
    assert "has not started: change it directly" in refused(
        retro_cmd, cli_env, "kata", "exp", "amend", e["id"], "--expect", "Noise", "--reason", "r")
    assert "outcome and learning come after" in refused(
        retro_cmd, cli_env, "kata", "exp", "done", e["id"], "--happened", "h", "--learned", "l")
    edited = data(retro_cmd, cli_env, "kata", "exp", "edit", e["id"], "--expect", "Some noise")
    assert edited["expectation"] == "Some noise" and edited["amendments"] == []  # a plan, still only a plan
    ok(retro_cmd, cli_env, "kata", "exp", "start", e["id"])
    assert "already running" in refused(retro_cmd, cli_env, "kata", "exp", "start", e["id"])
    assert "locked; amend it with a reason" in refused(retro_cmd, cli_env, "kata", "exp", "edit", e["id"],
                                                       "--expect", "Quietly rewritten")
    assert "--reason" in refused(retro_cmd, cli_env, "kata", "exp", "amend", e["id"], "--expect", "Noise")
    assert "must not be blank" in refused(retro_cmd, cli_env, "kata", "exp", "amend", e["id"], "--expect", "Noise",
                                          "--reason", " ")
    assert "changes nothing" in refused(retro_cmd, cli_env, "kata", "exp", "amend", e["id"], "--expect",
                                        "Some noise", "--reason", "same")
    assert "must not be blank" in refused(retro_cmd, cli_env, "kata", "exp", "done", e["id"], "--happened", "h",
                                          "--learned", "")
    abandoned = data(retro_cmd, cli_env, "kata", "exp", "abandon", e["id"], "--reason", "The talk was cancelled")
    assert abandoned["status"] == "abandoned"
    assert "already abandoned" in refused(retro_cmd, cli_env, "kata", "exp", "done", e["id"], "--happened", "h",
                                          "--learned", "l")
    stored = data(retro_cmd, cli_env, "kata", "list")["experiments"][0]
    assert stored["expectation"] == "Some noise" and stored["amendments"] == []


def test_a_new_target_condition_closes_the_active_one_with_its_reflection(retro_cmd, cli_env, log) -> None:
    line = refused(retro_cmd, cli_env, "kata", "tc", "add", "Leaders meet twice a week", "--challenge", log["ch"])
    assert "still active" in line and "--reflection" in line  # no terminal: refused, not waiting
    assert len(data(retro_cmd, cli_env, "kata", "list")["target_conditions"]) == 1

    new = data(retro_cmd, cli_env, "kata", "tc", "add", "Leaders meet twice a week", "--challenge", log["ch"],
               "--by", (date.today() + timedelta(days=5)).isoformat(), "--area", "leaders",
               "--reflection", "Dialogue works when I keep quiet")
    tcs = {tc["id"]: tc for tc in data(retro_cmd, cli_env, "kata", "list")["target_conditions"]}
    old = tcs[log["tc"]]
    assert (old["status"], old["reflection"]) == ("achieved", "Dialogue works when I keep quiet")
    assert tcs[new["id"]]["status"] == "active" and tcs[new["id"]]["area"] == "leaders"

    dropped = data(retro_cmd, cli_env, "kata", "tc", "add", "A third", "--challenge", log["ch"],
                   "--reflection", "Wrong focus", "--close-as", "dropped")
    tcs = {tc["id"]: tc for tc in data(retro_cmd, cli_env, "kata", "list")["target_conditions"]}
    assert tcs[new["id"]]["status"] == "dropped"
    closed = data(retro_cmd, cli_env, "kata", "tc", "close", dropped["id"], "--reflection", "Enough for now")
    assert closed["status"] == "achieved"
    assert "already achieved" in refused(retro_cmd, cli_env, "kata", "tc", "close", dropped["id"],
                                         "--reflection", "again")
    assert "in the past" in refused(retro_cmd, cli_env, "kata", "tc", "add", "x", "--challenge", log["ch"],
                                    "--by", "2001-01-01")


def test_at_a_terminal_the_reflection_is_asked_for(retro_cmd, cli_env, log) -> None:
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen([*retro_cmd, "kata", "tc", "add", "Next week", "--challenge", log["ch"], "--json"],
                                stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=cli_env, text=True)
        os.write(master, b"It held all week\n")
        out, err = proc.communicate(timeout=60)
    finally:
        os.close(master)
        os.close(slave)
    assert proc.returncode == 0, err
    assert "Reflection on Dialogue instead of mediation" in out
    tcs = {tc["id"]: tc for tc in data(retro_cmd, cli_env, "kata", "list")["target_conditions"]}
    assert tcs[log["tc"]]["reflection"] == "It held all week"


def test_obstacles_one_in_focus(retro_cmd, cli_env, log) -> None:
    second = data(retro_cmd, cli_env, "kata", "obstacle", "add", "No room", "--tc", log["tc"], "--focus")
    assert second["status"] == "working"
    ok(retro_cmd, cli_env, "kata", "obstacle", "focus", log["ob"])
    statuses = {o["id"]: o["status"] for o in data(retro_cmd, cli_env, "kata", "list")["obstacles"]}
    assert statuses == {log["ob"]: "working", second["id"]: "parked"}
    assert data(retro_cmd, cli_env, "kata", "obstacle", "set", second["id"], "resolved")["status"] == "resolved"
    assert "Invalid value" in refused(retro_cmd, cli_env, "kata", "obstacle", "set", second["id"], "working")
    other_tc = data(retro_cmd, cli_env, "kata", "tc", "add", "Other", "--challenge", log["ch"], "--reflection", "r")
    assert "belongs to another target condition" in refused(
        retro_cmd, cli_env, "kata", "exp", "add", "--do", "x", "--expect", "y", "--tc", other_tc["id"],
        "--obstacle", log["ob"])


def test_refusals_speak_swedish(retro_cmd, cli_env, log) -> None:
    line = refused(retro_cmd, cli_env, "--lang", "sv", "kata", "exp", "add", "--do", "x", "--expect", " ")
    assert "Ett experiment behöver en förväntan" in line
    line = refused(retro_cmd, cli_env, "--lang", "sv", "kata", "exp", "start", "ex-nope")
    assert "Inget experiment med id ex-nope" in line


def test_the_kata_screen_needs_a_terminal(retro_cmd, cli_env) -> None:
    proc = run(retro_cmd, cli_env, "kata")
    assert proc.returncode == 2 and "needs a terminal" in proc.stderr


def test_an_empty_log_says_how_to_start(retro_cmd, cli_env) -> None:
    assert "retro kata challenge add" in ok(retro_cmd, cli_env, "kata", "list")
    assert data(retro_cmd, cli_env, "kata", "list") == {"challenges": [], "target_conditions": [], "obstacles": [],
                                                        "experiments": []}


def test_demo_fills_the_store_given_by_db_once_unless_forced(retro_cmd, cli_env, tmp_path: Path) -> None:
    store = tmp_path / "demo" / "retro.json"
    counts = data(retro_cmd, cli_env, "--db", str(store), "demo")
    assert counts["store"] == str(store)
    assert counts["target_conditions"] == 10 and counts["experiments"] >= 20
    listed = data(retro_cmd, cli_env, "--db", str(store), "kata", "list")
    assert len(listed["experiments"]) == counts["experiments"]
    assert not Path(cli_env["RETRO_DB"]).exists() or data(retro_cmd, cli_env, "kata", "list")["experiments"] == []

    again = run(retro_cmd, cli_env, "--db", str(store), "demo")
    assert again.returncode == 0 and "already has a kata log" in again.stderr and "--force" in again.stderr
    assert len(data(retro_cmd, cli_env, "--db", str(store), "kata", "list")["experiments"]) == counts["experiments"]
    data(retro_cmd, cli_env, "--db", str(store), "demo", "--force")
    assert len(data(retro_cmd, cli_env, "--db", str(store), "kata", "list")["challenges"]) == 2


def test_an_experiment_whose_day_has_come_is_listed_running_and_locked_from_that_day(retro_cmd, cli_env, log) -> None:
    today = date.today().isoformat()
    e = data(retro_cmd, cli_env, "kata", "exp", "add", "--do", "Ask", "--expect", "Silence", "--go-and-see", today)
    assert e["status"] == "planned"  # as saved
    (listed,) = data(retro_cmd, cli_env, "kata", "list")["experiments"]
    assert listed["status"] == "running" and listed["locked_at"] == f"{today}T00:00:00"
    assert "locked; amend it with a reason" in refused(retro_cmd, cli_env, "kata", "exp", "edit", e["id"],
                                                       "--expect", "Noise")
    amended = data(retro_cmd, cli_env, "kata", "exp", "amend", e["id"], "--expect", "Noise", "--reason", "Heard more")
    assert amended["status"] == "running" and amended["locked_at"] == f"{today}T00:00:00"
