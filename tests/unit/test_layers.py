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
        ["join", "--help"],
        ["serve", "--help"],
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


# What each part of retro/ may import of the others: arrows point down only. README's layout
# section says the same in words; the test below keeps both honest.
MAY_IMPORT = {
    "domain": set(),
    "i18n": set(),
    "paths": set(),
    "demo": {"domain"},
    "store": {"domain", "i18n", "paths"},
    "settings": {"domain", "store"},
    "export": {"domain", "store", "i18n", "__init__"},
    "cli": {"domain", "store", "export", "i18n", "paths", "settings", "demo", "tui", "__init__"},
    "tui": {"domain", "store", "export", "i18n", "paths", "settings", "demo", "__init__"},
    "__main__": {"cli"},
    "__init__": set(),
}
PACKAGE = ROOT / "retro"


def _part(path) -> str:  # noqa: ANN001
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def _imports_of_retro(path) -> set[str]:  # noqa: ANN001
    import ast

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] if node.module != "retro" else [f"retro.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            if name.startswith("retro."):
                target = name.split(".")[1]
                found.add("__init__" if target == "__version__" else target)
    return found


def test_every_part_imports_only_what_it_may() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        part = _part(path)
        for target in _imports_of_retro(path) - {part} - MAY_IMPORT[part]:
            wrong.append(f"{path.relative_to(ROOT)} imports retro.{target}")
    assert wrong == []


def test_the_house_is_small_at_the_top_and_named_in_readme() -> None:
    """retro/ holds its packages and at most six modules, and README's layout section names
    every one of them (a newcomer's map must not leave a file out)."""
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert packages == ["cli", "domain", "export", "i18n", "store", "tui"]
    assert len(modules) <= 6, modules
    assert set(MAY_IMPORT) == {m.removesuffix(".py") for m in modules} | set(packages)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## How the code is laid out"):]
    missing = [name for name in modules + [f"{p}/" for p in packages] if name not in layout]
    assert missing == []
