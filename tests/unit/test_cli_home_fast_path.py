"""The bare `retro` (and `retro --db X --lang L`) opens the home screen without importing click
or any command module; every other command line goes to click, whose messages stay as they were."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from retro.cli.entry import home_screen_options
from tests.bench.pty_term import Terminal
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], {}),
        (["--db", "x.json"], {"db": "x.json"}),
        (["--db=x.json"], {"db": "x.json"}),
        (["--db=a=b.json"], {"db": "a=b.json"}),
        (["--lang", "sv"], {"lang": "sv"}),
        (["--lang=en", "--db", "x.json"], {"lang": "en", "db": "x.json"}),
        (["--db", "x.json", "--lang", "sv"], {"db": "x.json", "lang": "sv"}),
    ],
)
def test_home_screen_forms_are_taken(args: list[str], expected: dict[str, str]) -> None:
    assert home_screen_options(args) == expected


@pytest.mark.parametrize(
    "args",
    [
        ["info"], ["--help"], ["-h"], ["--version"], ["--db", "x.json", "info"], ["--lang", "fi"], ["--lang", "SV"],
        ["--lang"], ["--db"], ["--db", ""], ["--db="], ["--db", "--lang"], ["--db", "-x"], ["--lang", "sv", "--lang", "en"],
        ["--no-such-option"], ["--"], ["--db", "a", "b"], ["--dbx", "a"],
    ],
    ids=lambda a: " ".join(a) or "(none)",
)
def test_everything_else_goes_to_click(args: list[str]) -> None:
    assert home_screen_options(args) is None


def _run(cmd: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("args", [[], ["--lang", "sv"], ["--db", "elsewhere.json"], ["--lang=en", "--db=x.json"]],
                         ids=lambda a: " ".join(a) or "(none)")
def test_fast_path_refuses_without_a_terminal_in_one_line(retro_cmd, cli_env, args: list[str], tmp_path: Path) -> None:
    proc = _run(retro_cmd, cli_env, *[a.replace("elsewhere.json", str(tmp_path / "e.json")) for a in args])
    assert proc.returncode == 2
    assert proc.stderr == ("retro: the interactive screen needs a terminal; "
                           "see 'retro --help' for commands that work in scripts\n")
    assert proc.stdout == ""
    assert not (tmp_path / "e.json").exists()  # refused before the store was opened


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "fi"], "retro: Invalid value for '--lang': 'fi' is not one of 'sv', 'en'. (see 'retro --help')"),
        (["--lang"], "retro: Option '--lang' requires an argument."),
        (["--db"], "retro: Option '--db' requires an argument."),
        (["--nope"], "retro: No such option '--nope'. (see 'retro --help')"),
    ],
)
def test_bad_bare_options_keep_clicks_one_line(retro_cmd, cli_env, args: list[str], message: str) -> None:
    proc = _run(retro_cmd, cli_env, *args)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [message]


PROBE = """
import atexit, sys
def report():
    loaded = [m for m in ("click", "retro.cli.main", "retro.cli.common", "retro.cli.kata") if m in sys.modules]
    open({out!r}, "w").write(",".join(loaded) or "none")
atexit.register(report)
sys.argv = ["retro", *{args!r}]
from retro.cli.entry import run
run()
"""


def _tui(env: dict[str, str], args: list[str], out: Path) -> Terminal:
    return Terminal([sys.executable, "-c", PROBE.format(out=str(out), args=args)], env=env, size=(100, 30), cwd=str(ROOT))


def test_bare_retro_opens_home_in_a_terminal_without_click(cli_env, tmp_path: Path) -> None:
    store, out = tmp_path / "chosen.json", tmp_path / "modules.txt"
    term = _tui(cli_env, ["--db", str(store), "--lang", "sv"], out)
    try:
        term.wait_for("Senaste retros", timeout=60)  # --lang took effect
    except BaseException:
        term.kill()
        raise
    term.quit()  # ctrl+q, as a user quits
    assert term.exit_status == 0
    assert out.read_text() == "none"
    assert store.exists()  # --db took effect (RETRO_DB points elsewhere)


def test_fast_path_refuses_a_damaged_store_in_one_line(cli_env, tmp_path: Path) -> None:
    store, out = tmp_path / "damaged.json", tmp_path / "modules.txt"
    store.write_text('{"meta": {"1": {"schema_version": 1}', encoding="utf-8")  # truncated
    term = _tui(cli_env, ["--db", str(store)], out)
    try:
        term.wait_for(str(store), timeout=60)
        while term.alive():
            term.pump(0.05)
    finally:
        term.kill()
    lines = [line for line in term.text().splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("retro: ") and str(store) in lines[0], lines
    assert "Traceback" not in term.text()
    assert term.exit_status is not None and term.exit_status >> 8 == 2
    assert store.read_text(encoding="utf-8") == '{"meta": {"1": {"schema_version": 1}'  # never overwritten
