"""`retro run`, `retro item add` and `retro retros list|show` through the real entry point."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest

from retro.domain.kata import Experiment
from retro.domain.retro import Participant, Retro
from retro.store import Repository


def run(cmd: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def one_line_refusal(proc: subprocess.CompletedProcess[str], words: str) -> None:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("retro: "), proc.stderr
    assert words in lines[0]
    assert "Traceback" not in proc.stderr


@pytest.fixture
def retro(repo: Repository) -> Retro:
    now = repo.clock.now()
    r = Retro.start("hybrid-experiments", "Blå", [Participant("Anna"), Participant("Bo", remote=True)], now)
    theme = r.create_theme("Flow [b]x[/b]")
    a = r.add_item("hard", "flaky tests", "Bo", now)
    r.add_item("worked", "pairing", "", now)
    r.move_item(a.id, theme.id)
    r.cast_vote("Anna", theme.id, 3)
    r.cast_vote("Bo", r.items[1].id, 3)
    r.set_roti("Anna", 4)
    ex = Experiment.plan("Quarantine flaky tests", "Fewer reruns", now, date(2026, 11, 27), team="Blå", retro_id=r.id)
    r.link_experiment(ex.id, 3)
    repo.add(r, ex)
    return r


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["run", "no-such-format"], "No format with id no-such-format"),
        (["run"], "Give a FORMAT_ID"),
        (["run", "hybrid-experiments", "--resume", "rt-x"], "not both"),
        (["run", "--resume", "rt-nope"], "No retro with id rt-nope"),
        (["run", "hybrid-experiments", "--participant", ":remote"], "A participant needs a name"),
        (["run", "hybrid-experiments", "--participant", "Anna:moon"], "say NAME or NAME:remote"),
        (["run", "hybrid-experiments", "--participant", "A", "--participant", "A"], "different name"),
        (["run", "hybrid-experiments", "--participant", "Anna"], "needs a terminal"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_run_refuses_bad_input_before_needing_a_terminal(retro_cmd, cli_env, repo: Repository, args, words) -> None:
    one_line_refusal(run(retro_cmd, cli_env, *args), words)
    assert repo.all(Retro) == []  # nothing half-started


def test_resume_of_a_known_retro_only_needs_the_terminal(retro_cmd, cli_env, retro: Retro) -> None:
    one_line_refusal(run(retro_cmd, cli_env, "run", "--resume", retro.id), "needs a terminal")
    one_line_refusal(run(retro_cmd, cli_env, "run", "--resume", retro.id, "--team", "x"), "not with --resume")


def test_item_add_from_another_terminal(retro_cmd, cli_env, retro: Retro, repo: Repository) -> None:
    proc = run(retro_cmd, cli_env, "item", "add", "--retro", retro.id, "--prompt", "curious", "--author", "Åsa",
               "--json", "why [red]CI[/red]? 🚀")
    assert proc.returncode == 0, proc.stderr
    item = json.loads(proc.stdout)
    assert (item["column"], item["author"], item["text"]) == ("curious", "Åsa", "why [red]CI[/red]? 🚀")
    stored = repo.get(Retro, retro.id)
    assert stored.items[-1].id == item["id"]
    assert len(stored.items) == 3 and stored.themes == retro.themes  # nothing else changed
    plain = run(retro_cmd, cli_env, "item", "add", "--retro", retro.id, "--prompt", "worked", "plain")
    assert plain.returncode == 0 and plain.stdout.strip().startswith("it-")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--retro", "rt-nope", "--prompt", "worked", "x"], "No retro with id rt-nope"),
        (["--retro", "{id}", "--prompt", "nope", "x"], "has no column nope; its columns are: worked, hard, curious"),
        (["--retro", "{id}", "--prompt", "worked", "   "], "An item needs some text"),
        (["--retro", "{id}", "x"], "Missing option '--prompt'"),
    ],
)
def test_item_add_refuses_bad_input(retro_cmd, cli_env, retro: Retro, repo: Repository, args, words) -> None:
    args = [a.replace("{id}", retro.id) for a in args]
    one_line_refusal(run(retro_cmd, cli_env, "item", "add", *args), words)
    assert len(repo.get(Retro, retro.id).items) == 2


def test_item_add_to_a_closed_retro_is_refused(retro_cmd, cli_env, retro: Retro, repo: Repository) -> None:
    repo.update(Retro, retro.id, lambda r: r.close(repo.clock.now()))
    one_line_refusal(run(retro_cmd, cli_env, "item", "add", "--retro", retro.id, "--prompt", "worked", "late"),
                     "is closed")


def test_items_from_several_processes_at_once_are_all_kept(retro_cmd, cli_env, retro: Retro, repo: Repository) -> None:
    procs = [subprocess.Popen([*retro_cmd, "item", "add", "--retro", retro.id, "--prompt", "worked", f"item {i}"],
                              env=cli_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
             for i in range(6)]
    assert all(p.wait(timeout=60) == 0 for p in procs)
    texts = {it.text for it in repo.get(Retro, retro.id).items}
    assert {f"item {i}" for i in range(6)} <= texts


def test_retros_list_json_and_text(retro_cmd, cli_env, retro: Retro) -> None:
    proc = run(retro_cmd, cli_env, "retros", "list", "--json")
    assert proc.returncode == 0, proc.stderr
    (row,) = json.loads(proc.stdout)
    assert {k: row[k] for k in ("id", "team", "format", "status")} == {
        "id": retro.id, "team": "Blå", "format": "hybrid-experiments", "status": "running"}
    assert row["started_at"] == "2026-11-26T09:30:00"
    text = run(retro_cmd, cli_env, "retros", "list")
    assert retro.id in text.stdout and "Blå" in text.stdout


def test_retros_list_when_empty(retro_cmd, cli_env) -> None:
    assert json.loads(run(retro_cmd, cli_env, "retros", "list", "--json").stdout) == []
    assert "No retros yet." in run(retro_cmd, cli_env, "retros", "list").stdout


def test_retros_show_json(retro_cmd, cli_env, retro: Retro) -> None:
    proc = run(retro_cmd, cli_env, "retros", "show", retro.id, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    theme = retro.themes[0]
    assert data["id"] == retro.id and data["team"] == "Blå" and data["format"] == "hybrid-experiments"
    assert data["items"] == [
        {"id": retro.items[0].id, "text": "flaky tests", "author": "Bo", "column": "hard", "theme": theme.id,
         "votes": 0, "created_at": "2026-11-26T09:30:00", "notes": ""},
        {"id": retro.items[1].id, "text": "pairing", "author": "", "column": "worked", "theme": None,
         "votes": 1, "created_at": "2026-11-26T09:30:00", "notes": ""},
    ]
    assert data["themes"] == [{"id": theme.id, "title": "Flow [b]x[/b]", "items": [retro.items[0].id], "votes": 1,
                               "notes": ""}]
    (experiment,) = data["experiments"]
    assert experiment["step"] == "Quarantine flaky tests" and experiment["expectation"] == "Fewer reruns"
    assert experiment["go_and_see_on"] == "2026-11-27"
    assert data["roti"] == {"Anna": 4}
    assert data["participants"] == [{"name": "Anna", "remote": False}, {"name": "Bo", "remote": True}]


def test_retros_show_text_and_unknown(retro_cmd, cli_env, retro: Retro) -> None:
    out = run(retro_cmd, cli_env, "retros", "show", retro.id).stdout
    for words in ("Blå", "Was hard", "flaky tests", "Flow [b]x[/b]", "Quarantine flaky tests", "Fewer reruns",
                  "ROTI 4.0"):
        assert words in out, words
    one_line_refusal(run(retro_cmd, cli_env, "retros", "show", "rt-nope"), "No retro with id rt-nope")


def test_swedish_refusal(retro_cmd, cli_env) -> None:
    one_line_refusal(run(retro_cmd, cli_env, "--lang", "sv", "run", "nope"), "Inget format med id nope")
