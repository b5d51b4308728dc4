"""Counted messages read right in both languages: `n()` itself, a refusal with a number, and
the places that count things (the command line, the exports)."""

from __future__ import annotations

import string
import subprocess

import pytest

from retro import i18n
from retro.domain.errors import RuleError
from retro.domain.retro import Participant, Retro
from retro.export.jrnl import export_jrnl
from retro.export.markdown import export_markdown
from retro.i18n import n, t_error
from retro.store import Repository
from tests.conftest import FROZEN
from tests.unit.test_export_common import story

ITEMS = ("{count} item", "{count} items")


def test_english_takes_the_singular_for_one_only() -> None:
    assert n(*ITEMS, 1) == "1 item"
    assert n(*ITEMS, 2) == "2 items"
    assert n(*ITEMS, 0) == "0 items"


def test_swedish_has_its_own_two_forms() -> None:
    i18n.set_language("sv")
    assert n(*ITEMS, 1) == "1 lapp"
    assert n(*ITEMS, 2) == "2 lappar"
    assert n(*ITEMS, 0) == "0 lappar"


def test_other_fields_fill_in_beside_the_count() -> None:
    forms = ("has {left} of {count} vote left", "has {left} of {count} votes left")
    assert n(*forms, 1, left=0) == "has 0 of 1 vote left"
    assert n(*forms, 3, left=1) == "has 1 of 3 votes left"
    i18n.set_language("sv")
    assert n(*forms, 1, left=0) == "har 0 av 1 röst kvar"
    assert n(*forms, 3, left=1) == "har 1 av 3 röster kvar"


def test_a_message_without_swedish_keeps_the_english_form_for_its_count() -> None:
    i18n.set_language("sv")
    assert n("{count} frog", "{count} frogs", 1) == "1 frog"
    assert n("{count} frog", "{count} frogs", 4) == "4 frogs"


def test_a_refusal_with_a_number_is_counted_in_both_languages() -> None:
    retro = Retro.start("hybrid-experiments", "Blå", [Participant("Anna")], FROZEN)
    item = retro.add_item("hard", "flaky tests", "Anna", FROZEN)
    retro.cast_vote("Anna", item.id, 1)
    with pytest.raises(RuleError) as refused:
        retro.cast_vote("Anna", item.id, 1)
    assert str(refused.value) == "Anna has used their 1 vote"
    assert t_error(refused.value) == "Anna has used their 1 vote"
    i18n.set_language("sv")
    assert t_error(refused.value) == "Anna har använt sin 1 röst"
    retro.cast_vote("Anna", item.id, 3)
    retro.cast_vote("Anna", item.id, 3)
    with pytest.raises(RuleError) as over:
        retro.cast_vote("Anna", item.id, 3)
    assert t_error(over.value) == "Anna har använt alla 3 röster"


@pytest.fixture
def one_item_retro(repo: Repository) -> Retro:
    now = repo.clock.now()
    retro = Retro.start("hybrid-experiments", "Blå", [Participant("Anna"), Participant("Bo")], now)
    theme = retro.create_theme("Flow")
    retro.move_item(retro.add_item("hard", "flaky tests", "Bo", now).id, theme.id)
    retro.set_roti("Anna", 4)
    repo.add(retro)
    return retro


def _cli(retro_cmd: list[str], env: dict[str, str], *args: str) -> str:
    proc = subprocess.run([*retro_cmd, *args], env=env, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_retros_list_and_show_count_one_item_and_one_person(retro_cmd, cli_env, one_item_retro: Retro) -> None:
    listed = _cli(retro_cmd, cli_env, "retros", "list")
    assert "1 item)" in listed and "1 items" not in listed
    shown = _cli(retro_cmd, cli_env, "retros", "show", one_item_retro.id)
    assert "Flow  [0]  1 item" in shown and "ROTI 4.0 from 1 person" in shown
    listed = _cli(retro_cmd, cli_env, "--lang", "sv", "retros", "list")
    assert "1 lapp)" in listed and "1 lappar" not in listed
    shown = _cli(retro_cmd, cli_env, "--lang", "sv", "retros", "show", one_item_retro.id)
    assert "Flow  [0]  1 lapp" in shown and "ROTI 4.0 från 1 person" in shown and "personer" not in shown


def test_exports_count_one_vote_in_the_singular() -> None:
    """The story's third item has one vote (Anna's)."""
    note = export_markdown(story().data())["2026-11-16-retro-team-a.md"]
    assert "1 vote*" in note and "1 votes" not in note
    journal = export_jrnl(story().data())
    assert ", 1 vote)" in journal and "1 votes" not in journal
    i18n.set_language("sv")
    note = export_markdown(story().data())["2026-11-16-retro-team-a.md"]
    assert "1 röst*" in note and "1 röster" not in note


def test_the_vote_board_counts_a_themes_items_in_both_languages() -> None:
    """The vote board's row for a theme: "theme, 1 item", "tema, 1 lapp", "tema, 2 lappar"."""
    forms = ("theme, {count} item", "theme, {count} items")
    assert (n(*forms, 1), n(*forms, 2)) == ("theme, 1 item", "theme, 2 items")
    i18n.set_language("sv")
    assert (n(*forms, 1), n(*forms, 2), n(*forms, 0)) == ("tema, 1 lapp", "tema, 2 lappar", "tema, 0 lappar")


# A count that stands alone, with no word to agree with it in either language: a heading's
# "(3)", "3 left" ("3 kvar"), "(and 3 more)" ("(och 3 till)").
BARE_COUNTS = {
    "Experiments ({count})", "Experiments: {count}", "Experiments: {count} of at most {cap}",
    "Not in a theme ({count})", "{count} left", "(and {count} more)",
}
COUNTS = {"count", "n", "total", "days", "items", "votes", "people", "notes", "characters"}


def test_every_count_with_a_word_goes_through_ngettext() -> None:
    """A message with a number and a noun is an n() (ngettext): t("{count} notes ...") would
    read "1 notes" in English and in Swedish alike."""
    from retro.i18n.extract import messages
    from tests.conftest import ROOT

    through_t = []
    for path in sorted((ROOT / "retro").rglob("*.py")):
        for line, kind, strings in messages(path.read_text(encoding="utf-8")):
            fields = {f for _, f, _, _ in string.Formatter().parse(strings[0]) if f}
            if kind == "t" and fields & COUNTS and strings[0] not in BARE_COUNTS:
                through_t.append(f"{path.relative_to(ROOT)}:{line}: {strings[0]!r}")
    assert not through_t, "a count through t(), not n():\n" + "\n".join(through_t)

