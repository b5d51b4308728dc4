"""Every UI string has a Swedish translation, and the translation keeps the same fields."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from retro import i18n
from tests.conftest import ROOT


def _calls() -> list[tuple[ast.Call, str, str]]:
    """Every call in the app's code: (call, the name called, where)."""
    calls = []
    for path in sorted((ROOT / "retro").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                calls.append((node, name, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return calls


def _text(arg: ast.expr) -> str | None:
    return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value.strip() else None


def _ui_strings() -> dict[str, str]:
    """English strings passed to t(...) or declared as Binding descriptions/tooltips."""
    found: dict[str, str] = {}
    for node, name, where in CALLS:
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
            if _text(arg) is not None:
                found.setdefault(_text(arg), where)
    return found


def _plural_strings() -> dict[tuple[str, str], str]:
    """(singular, plural) of every n(...) and RuleError.counted(...): ngettext's msgid and
    msgid_plural. (retro/i18n passes a RuleError's forms on to n(): not a message of its own.)"""
    found: dict[tuple[str, str], str] = {}
    for node, name, where in CALLS:
        if name in ("n", "counted") and len(node.args) >= 3 and not where.startswith("retro/i18n/"):
            singular, plural = _text(node.args[0]), _text(node.args[1])
            assert singular is not None and plural is not None, f"{where}: n() needs both English forms as literals"
            found.setdefault((singular, plural), where)
    return found


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


CALLS = _calls()
UI_STRINGS = _ui_strings()
PLURAL_STRINGS = _plural_strings()


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


def test_scanner_finds_plurals() -> None:
    assert ("{count} item", "{count} items") in PLURAL_STRINGS
    assert ("{name} has used their {count} vote", "{name} has used all {count} votes") in PLURAL_STRINGS


def test_every_plural_has_swedish() -> None:
    plurals = i18n._swedish_plurals()
    missing = [f"{where}: {forms[0]!r}" for forms, where in PLURAL_STRINGS.items() if forms[0] not in plurals]
    assert not missing, "missing Swedish plural:\n" + "\n".join(missing)


def test_one_singular_one_plural() -> None:
    """A singular is the key of its message (as an ngettext msgid): it has one plural."""
    singulars = [singular for singular, _ in PLURAL_STRINGS]
    assert len(singulars) == len(set(singulars))


@pytest.mark.parametrize("forms", sorted(PLURAL_STRINGS), ids=lambda forms: forms[0][:40])
def test_plural_forms_keep_the_fields(forms: tuple[str, str]) -> None:
    """Both English forms and both Swedish ones fill the same fields: a field for every number."""
    singular, plural = forms
    assert _fields(singular) == _fields(plural)
    swedish = i18n._swedish_plurals().get(singular)
    if swedish is not None:
        assert _fields(swedish[0]) == _fields(swedish[1]) == _fields(singular)


def test_language_from_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    assert i18n.set_language(None) == "sv"
    assert i18n.t("Quit") == "Avsluta"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.set_language(None) == "en"
    assert i18n.t("Quit") == "Quit"
    assert i18n.set_language("sv") == "sv"
