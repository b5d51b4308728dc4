"""The Swedish catalogue (retro.po) holds every string of the code, each translated, with the
same fields; the app reads it compiled (retro.mo), and says so when that is missing."""

from __future__ import annotations

import gettext
import os
import shutil
import string
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from retro import i18n
from retro.i18n.extract import messages
from tests.conftest import ROOT
from tests.i18n_support import PO, catalogue, swedish, swedish_plurals

MO = Path(i18n.LOCALE_DIR) / "sv" / "LC_MESSAGES" / "retro.mo"


def _extracted() -> dict[str | tuple[str, str], str]:
    """What `make messages` gathers from the code (babel.cfg, its keywords): msgid -> where."""
    found: dict[str | tuple[str, str], str] = {}
    method_map = [("**.py", "retro.i18n.extract.extract_retro")]
    for path, line, msgid, _, _ in extract_from_dir(str(ROOT / "retro"), method_map,
                                                    keywords={"t": None, "n": (1, 2)}):
        found.setdefault(msgid, f"retro/{path}:{line}")
    return found


EXTRACTED = _extracted()


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


# -- what the code says is what the catalogue holds --------------------------------------------


def test_the_extractor_finds_calls_keywords_and_marked_strings() -> None:
    assert "Start retro" in EXTRACTED and "Quit" in EXTRACTED
    assert ("{count} item", "{count} items") in EXTRACTED
    assert ("{name} has used their {count} vote", "{name} has used all {count} votes") in EXTRACTED  # counted()
    assert "Open the editor again to fix it" in EXTRACTED  # Binding(..., tooltip=...)
    assert "Monday" in EXTRACTED and "active" in EXTRACTED  # N_ in variables.py
    assert "{what} must not be blank" in EXTRACTED  # RuleError


def test_the_extractor_reads_keyword_arguments_and_skips_what_is_not_literal() -> None:
    source = ('Binding("k", "keep", "Keep", tooltip="Keep it")\n'
              'Binding("d", "drop", description="Drop")\n'
              't(status)\nt(f"{x}")\nn("{count} a", "{count} as", k)\nn(one, other, k)\n')
    assert [(line, kind, strings) for line, kind, strings in messages(source)] == [
        (1, "t", ("Keep",)), (1, "t", ("Keep it",)), (2, "t", ("Drop",)), (5, "n", ("{count} a", "{count} as"))]


def test_every_string_of_the_code_is_in_the_catalogue() -> None:
    held = {m.id for m in catalogue() if m.id}
    missing = [f"{where}: {msgid!r}" for msgid, where in EXTRACTED.items() if msgid not in held]
    assert not missing, "not in retro.po (run make messages, then translate):\n" + "\n".join(missing)


def test_the_catalogue_holds_nothing_the_code_no_longer_says() -> None:
    stale = [m.id for m in catalogue() if m.id and m.id not in EXTRACTED]
    assert not stale and not catalogue().obsolete, f"stale in retro.po (run make messages): {stale}"


def test_every_message_is_translated_and_none_is_fuzzy() -> None:
    untranslated = [m.id for m in catalogue() if m.id and (
        not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalogue() if m.id and m.fuzzy]
    assert not untranslated, f"no Swedish in retro.po: {untranslated}"
    assert not fuzzy, f"fuzzy (a guess to check, then drop the flag) in retro.po: {fuzzy}"


def test_the_header_says_swedish_with_two_plural_forms_in_utf8() -> None:
    text = PO.read_text(encoding="utf-8")
    assert '"Language: sv\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    assert '"Content-Type: text/plain; charset=utf-8\\n"' in text


@pytest.mark.parametrize("english", sorted(swedish()))
def test_swedish_keeps_the_fields(english: str) -> None:
    assert _fields(swedish()[english]) == _fields(english)


@pytest.mark.parametrize("singular", sorted(swedish_plurals()), ids=lambda s: s[:40])
def test_plural_forms_keep_the_fields(singular: str) -> None:
    """Both English forms and both Swedish ones fill the same fields: a field for every number."""
    [plural] = [m.id[1] for m in catalogue() if isinstance(m.id, tuple) and m.id[0] == singular]
    one, other = swedish_plurals()[singular]
    assert _fields(singular) == _fields(plural) == _fields(one) == _fields(other)


def test_one_singular_one_plural() -> None:
    """A singular is the key of its message (ngettext's msgid): it has one plural."""
    singulars = [msgid[0] for msgid in EXTRACTED if isinstance(msgid, tuple)]
    assert len(singulars) == len(set(singulars))


def test_gettexts_own_check_passes() -> None:
    """msgfmt --check, where gettext is installed (CI installs it); else Babel's checks."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt:
        proc = subprocess.run([msgfmt, "--check", "-o", os.devnull, str(PO)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    else:
        assert not list(catalogue().check())


# -- the app reads the compiled catalogue ------------------------------------------------------


def test_the_compiled_catalogue_is_where_the_package_looks_and_is_swedish() -> None:
    assert MO.is_file(), f"{MO} is missing: reinstall retro (pip install -e .) to compile retro.po"
    gettext.translation("retro", i18n.LOCALE_DIR, ["sv"])  # no fallback: raises when missing
    i18n.set_language("sv")
    assert i18n.t("Quit") == "Avsluta"
    assert i18n.n("{count} item", "{count} items", 1) == "1 lapp"
    assert i18n.n("{count} item", "{count} items", 2) == "2 lappar"


def test_a_missing_catalogue_is_said_once_and_the_app_goes_on_in_english(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(i18n, "LOCALE_DIR", str(tmp_path))
    monkeypatch.setattr(i18n, "_translations", None)
    i18n.set_language("sv")
    assert i18n.t("Quit") == "Quit"
    assert i18n.n("{count} item", "{count} items", 2) == "2 items"
    assert capsys.readouterr().err == "retro: the Swedish translations are missing (retro.mo); reinstall retro\n"


def test_an_english_start_does_not_open_the_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_translations", None)
    i18n.set_language("en")
    assert i18n.t("Quit") == "Quit" and i18n.n("{count} item", "{count} items", 1) == "1 item"
    assert i18n._translations is None


def test_the_empty_string_stays_empty_in_swedish() -> None:
    """gettext's key "" is the catalogue's header."""
    i18n.set_language("sv")
    assert i18n.t("") == ""


def test_language_from_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "sv_SE.UTF-8")
    assert i18n.set_language(None) == "sv"
    assert i18n.t("Quit") == "Avsluta"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert i18n.set_language(None) == "en"
    assert i18n.t("Quit") == "Quit"
    assert i18n.set_language("sv") == "sv"
