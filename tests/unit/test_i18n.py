"""Every UI string has a Swedish translation, and the translation keeps the same fields."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from retro import i18n
from tests.conftest import ROOT


def _ui_strings() -> dict[str, str]:
    """English strings passed to t(...) or declared as Binding descriptions/tooltips."""
    found: dict[str, str] = {}
    for path in sorted((ROOT / "retro").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            candidates: list[ast.expr] = []
            if name == "t" and node.args:
                candidates.append(node.args[0])
            elif name in ("RuleError",) and node.args:
                candidates.append(node.args[0])
            elif name == "Binding":
                if len(node.args) >= 3:
                    candidates.append(node.args[2])
                candidates += [kw.value for kw in node.keywords if kw.arg in ("description", "tooltip")]
            for arg in candidates:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.strip():
                    found.setdefault(arg.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


UI_STRINGS = _ui_strings()


def test_scanner_finds_strings() -> None:
    assert "Start retro" in UI_STRINGS and "Quit" in UI_STRINGS


def test_every_ui_string_has_swedish() -> None:
    swedish = i18n._swedish()
    missing = [f"{where}: {text!r}" for text, where in UI_STRINGS.items() if text not in swedish]
    assert not missing, "missing Swedish:\n" + "\n".join(missing)


@pytest.mark.parametrize("english", sorted(UI_STRINGS))
def test_swedish_keeps_the_fields(english: str) -> None:
    swedish = i18n._swedish().get(english)
    if swedish is not None:
        assert _fields(swedish) == _fields(english)


def test_language_from_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    assert i18n.set_language(None) == "sv"
    assert i18n.t("Quit") == "Avsluta"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.set_language(None) == "en"
    assert i18n.t("Quit") == "Quit"
    assert i18n.set_language("sv") == "sv"
