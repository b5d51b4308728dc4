"""The command line's common contract: --help everywhere, --version, exit 2 with one line for
bad input, never a traceback, never a wait for input without a terminal, --db/RETRO_DB."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import click
import pytest

from retro import __version__
from retro.cli.main import cli


def run(cmd: list[str], env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


def _all_command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(_all_command_paths(command, (*prefix, name)))
    return paths


def test_version(retro_cmd, cli_env) -> None:
    proc = run(retro_cmd, cli_env, "--version")
    assert proc.returncode == 0
    assert __version__ in proc.stdout


@pytest.mark.parametrize("path", [(), *_all_command_paths(cli)], ids=lambda p: " ".join(p) or "retro")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    """In-process for speed: click's own runner, the same command objects."""
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    assert "Show this message and exit." in result.output


@pytest.mark.parametrize(
    "args",
    [["no-such-command"], ["--no-such-option"], ["formats", "show"], ["--lang", "fi", "info"], ["formats", "show", "nope"]],
    ids=lambda a: " ".join(a),
)
def test_bad_input_is_one_line_and_exit_2(retro_cmd, cli_env, args: list[str]) -> None:
    proc = run(retro_cmd, cli_env, *args)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("retro: ")
    assert "Traceback" not in proc.stderr


def test_the_tui_refuses_without_a_terminal_instead_of_hanging(retro_cmd, cli_env) -> None:
    proc = run(retro_cmd, cli_env, timeout=30)
    assert proc.returncode == 2
    assert "needs a terminal" in proc.stderr


def test_db_option_beats_environment(retro_cmd, cli_env, tmp_path: Path) -> None:
    chosen = tmp_path / "chosen.json"
    proc = run(retro_cmd, cli_env, "--db", str(chosen), "info", "--json")
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    assert info["store"] == str(chosen)
    assert info["schema_version"] >= 1
    assert chosen.exists()
    env_only = json.loads(run(retro_cmd, cli_env, "info", "--json").stdout)
    assert env_only["store"] == cli_env["RETRO_DB"]


def test_swedish_interface(retro_cmd, cli_env) -> None:
    proc = run(retro_cmd, cli_env, "--lang", "sv", "formats", "show", "nope")
    assert proc.returncode == 2
    assert "Inget format med id nope" in proc.stderr
