"""The domain, the store and every non-UI command run without importing Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

PROBE = """
import sys, runpy
sys.argv = ["retro", *{args!r}]
try:
    from retro.cli.main import main
    print("RC:" + str(main(sys.argv[1:])), file=sys.stderr)
finally:
    loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    print("TEXTUAL:" + ",".join(loaded[:3]), file=sys.stderr)
"""


def _textual_loaded(args: list[str], env: dict[str, str]) -> str:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], env=env, capture_output=True, text=True,
                          cwd=ROOT, timeout=60, stdin=subprocess.DEVNULL)
    marker = [line for line in proc.stderr.splitlines() if line.startswith("TEXTUAL:")]
    assert marker, proc.stderr
    assert "RC:0" in proc.stderr.splitlines(), proc.stderr  # the command really ran
    return marker[-1].removeprefix("TEXTUAL:")


def test_domain_and_store_do_not_import_textual(cli_env: dict[str, str]) -> None:
    code = "import retro.domain, retro.store, retro.store.catalog, retro.i18n, sys; print(any(m.startswith('textual') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], env=cli_env, capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "args",
    [
        ["info", "--json"],
        ["formats", "list", "--json"],
        ["formats", "check"],
        ["--help"],
        ["retros", "list", "--json"],
        ["kata", "list", "--json"],
        ["export", "--to", "json"],
    ],
    ids=lambda a: " ".join(a),
)
def test_non_ui_commands_do_not_import_textual(args: list[str], cli_env: dict[str, str]) -> None:
    assert _textual_loaded(args, cli_env) == ""


def test_the_probe_would_notice_textual(cli_env: dict[str, str]) -> None:
    """Guard for the test above: importing the app module is detected."""
    code = PROBE.replace("from retro.cli.main import main", "import retro.tui.app; from retro.cli.main import main")
    proc = subprocess.run([sys.executable, "-c", code.format(args=["--version"])], env=cli_env, capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert "textual" in proc.stderr.split("TEXTUAL:")[-1]
