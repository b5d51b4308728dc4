"""Anonymous writing from the command line and in the exports (issue #21): `retro run
--anonymous/--named`, `retro item add --author` into an anonymous retro, `retros show`, and no
author in the Markdown, jrnl and CSV of an anonymous retro."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

import retro.tui.app
from retro import paths
from retro.cli import run as run_command
from retro.cli.main import main
from retro.domain.kata import Experiment
from retro.domain.retro import Participant, Retro
from retro.store import Repository

# Names that are only ever given as authors: if one shows anywhere, an author leaked.
AUTHORS = ("Yngve", "Zelda")


def run(cmd: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def quiet_format() -> None:
    """hybrid-experiments as a user format `quiet` that says `anonymous = true`."""
    source = (paths.builtin_formats_dir() / "hybrid-experiments.toml").read_text(encoding="utf-8")
    folder = paths.user_formats_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "quiet.toml").write_text(source.replace('id = "hybrid-experiments"', 'id = "quiet"\nanonymous = true', 1),
                                       encoding="utf-8")


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):  # noqa: ANN201
    """`retro run ...` in-process, at a "terminal", with the TUI not opened: the retro it stored."""
    monkeypatch.setattr(run_command, "require_terminal", lambda: None)
    monkeypatch.setattr(retro.tui.app, "launch", lambda settings, start=None: None)
    store = tmp_path / "run.json"

    def start(*args: str) -> Retro:
        assert main(["--db", str(store), "run", *args, "--participant", "Anna"]) == 0
        newest = Repository.open(store).retros()[0]
        return newest

    return start


@pytest.mark.parametrize(("args", "anonymous"), [
    (["hybrid-experiments"], False),
    (["hybrid-experiments", "--anonymous"], True),
    (["quiet"], True),
    (["quiet", "--named"], False),
], ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_run_starts_anonymous_as_asked_or_as_the_format_says(started, args: list[str], anonymous: bool) -> None:  # noqa: ANN001
    quiet_format()
    assert started(*args).anonymous is anonymous


def test_run_refuses_anonymous_with_resume(retro_cmd, cli_env, repo: Repository) -> None:  # noqa: ANN001
    retro = Retro.start("hybrid-experiments", "Blå", [Participant("Anna")], repo.clock.now())
    repo.add(retro)
    for flag in ("--anonymous", "--named"):
        proc = run(retro_cmd, cli_env, "run", "--resume", retro.id, flag)
        assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [
            "retro: --anonymous and --named are for a new retro, not with --resume"]
    assert repo.get(Retro, retro.id).anonymous is False


@pytest.fixture
def anonymous(repo: Repository) -> Retro:
    now = repo.clock.now()
    r = Retro.start("hybrid-experiments", "Blå", [Participant("Anna"), Participant("Bo", remote=True)], now,
                    anonymous=True)
    r.add_item("hard", "flaky tests", "Yngve", now)
    r.add_item("worked", "pairing", "", now)
    r.items[1].author = "Zelda"  # as a hand-edited backup could bring it: still shown as nobody's
    r.cast_vote("Anna", r.items[0].id, 3)
    ex = Experiment.plan("Quarantine flaky tests", "Fewer reruns", now, date(2026, 11, 27), team="Blå", retro_id=r.id)
    r.link_experiment(ex.id, 3)
    repo.add(r, ex)
    return r


def test_item_add_with_an_author_into_an_anonymous_retro_stores_none(retro_cmd, cli_env, anonymous: Retro,  # noqa: ANN001
                                                                     repo: Repository) -> None:
    proc = run(retro_cmd, cli_env, "item", "add", "--retro", anonymous.id, "--prompt", "curious", "--author", "Anna",
               "--json", "why so slow")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["author"] == ""
    assert proc.stderr.strip() == f"Retro {anonymous.id} is anonymous: the item is stored without author"
    added = repo.get(Retro, anonymous.id).items[-1]
    assert (added.text, added.author) == ("why so slow", "")


def test_retros_show_has_no_author_and_says_anonymous(retro_cmd, cli_env, anonymous: Retro) -> None:  # noqa: ANN001
    text = run(retro_cmd, cli_env, "retros", "show", anonymous.id)
    assert text.returncode == 0, text.stderr
    assert "Anonymous: items are stored without names" in text.stdout
    assert "  - pairing\n" in text.stdout
    data = json.loads(run(retro_cmd, cli_env, "retros", "show", anonymous.id, "--json").stdout)
    assert data["anonymous"] is True
    assert [it["author"] for it in data["items"]] == ["", ""]
    for name in AUTHORS:
        assert name not in text.stdout and name not in json.dumps(data)


@pytest.mark.parametrize("to", ["markdown", "jrnl", "csv"])
def test_exports_of_an_anonymous_retro_show_no_author(retro_cmd, cli_env, anonymous: Retro, tmp_path: Path,  # noqa: ANN001
                                                       repo: Repository, to: str) -> None:
    repo.update(Retro, anonymous.id, lambda r: r.close(repo.clock.now()))  # the journal holds closed retros
    out = tmp_path / "out"
    proc = run(retro_cmd, cli_env, "export", "--to", to, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    files = sorted(out.rglob("*")) if out.is_dir() else [out]
    text = "\n".join(f.read_text(encoding="utf-8") for f in files if f.is_file())
    assert "Quarantine flaky tests" in text  # the export holds the retro's experiment
    if to != "csv":
        assert "flaky tests" in text and "pairing" in text
    for name in AUTHORS:
        assert name not in text, (to, name)
