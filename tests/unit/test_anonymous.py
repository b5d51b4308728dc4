"""Anonymous writing (issue #21): a format's `anonymous` option, a retro started anonymous,
items stored without author whatever names one, and a participant's own items known only to
their session."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from retro.cli.main import main
from retro.domain.codec import from_dict, to_dict
from retro.domain.format import FormatError, PhaseKind, parse_format
from retro.domain.participant_view import is_own, visible_items
from retro.domain.retro import Participant, Retro
from retro.domain.retro_merge import merge
from retro.export.json_backup import export_json
from retro.store import Repository

NOW = datetime(2026, 11, 26, 9, 30)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "backups"

FORMAT = """\
id = "quiet"
name = "Quiet"
language = "en"
summary = "Written without names."
minutes = 10
{anonymous}
[[phases]]
kind = "gather"
title = "Gather"
minutes = 10
silent = true
[[phases.columns]]
id = "worked"
title = "Worked"
"""


def people() -> list[Participant]:
    return [Participant("Anna"), Participant("Bo", remote=True)]


def anonymous_retro() -> Retro:
    return Retro.start("quiet", "Blå", people(), NOW, anonymous=True)


# -- the format option ---------------------------------------------------------------------------

def test_a_format_may_say_anonymous_and_says_it_back() -> None:
    fmt = parse_format(FORMAT.format(anonymous="anonymous = true"))
    assert fmt.anonymous is True
    assert fmt.to_dict()["anonymous"] is True
    assert parse_format(FORMAT.format(anonymous="anonymous = false")).anonymous is False


def test_a_format_without_the_key_is_named() -> None:
    fmt = parse_format(FORMAT.format(anonymous=""))
    assert fmt.anonymous is False
    assert "anonymous" not in fmt.to_dict()


def test_anonymous_must_be_true_or_false_and_says_where() -> None:
    with pytest.raises(FormatError) as exc:
        parse_format(FORMAT.format(anonymous='anonymous = "yes"'), "quiet.toml")
    assert [str(p) for p in exc.value.problems] == ['quiet.toml:6: anonymous: expected true or false, got "yes"']


# -- the retro ----------------------------------------------------------------------------------

def test_a_retro_is_named_unless_started_anonymous() -> None:
    assert Retro.start("quiet", "Blå", people(), NOW).anonymous is False
    assert anonymous_retro().anonymous is True


@pytest.mark.parametrize("author", ["Anna", "Bo", "Someone Else", "x" * 500, "\x1b[31mAnna"])
def test_an_anonymous_retro_stores_no_author_whoever_is_named(author: str) -> None:
    retro = anonymous_retro()
    item = retro.add_item("worked", "pairing", author, NOW)
    assert item.author == ""
    assert retro.items[0].author == ""
    assert "Anna" not in json.dumps(to_dict(retro.items))


def test_a_named_retro_keeps_the_author() -> None:
    retro = Retro.start("quiet", "Blå", people(), NOW)
    assert retro.add_item("worked", "pairing", "Anna", NOW).author == "Anna"


def test_author_of_is_nobody_in_an_anonymous_retro_even_for_an_item_with_one() -> None:
    retro = anonymous_retro()
    item = retro.add_item("worked", "pairing", "", NOW)
    item.author = "Anna"  # e.g. a hand-edited backup
    assert retro.author_of(item) == ""
    named = Retro.start("quiet", "Blå", people(), NOW)
    assert named.author_of(named.add_item("worked", "x", "Bo", NOW)) == "Bo"


# -- whose items --------------------------------------------------------------------------------

def test_own_items_in_an_anonymous_retro_are_the_sessions_own_ids() -> None:
    retro = anonymous_retro()
    mine = retro.add_item("worked", "mine", "Anna", NOW)
    theirs = retro.add_item("worked", "theirs", "Bo", NOW)
    assert is_own(retro, mine, "Anna", {mine.id})
    assert not is_own(retro, theirs, "Anna", {mine.id})
    assert not is_own(retro, mine, "Anna")  # a new session: nobody can tell any more
    phase = parse_format(FORMAT.format(anonymous="anonymous = true")).phases[0]
    assert phase.kind == PhaseKind.GATHER and phase.silent
    assert [(it.text, hidden) for it, hidden in visible_items(retro, phase, "worked", "Anna", {mine.id})] == \
        [("mine", False), ("theirs", True)]


def test_own_items_in_a_named_retro_are_by_author() -> None:
    retro = Retro.start("quiet", "Blå", people(), NOW)
    mine = retro.add_item("worked", "mine", "Anna", NOW)
    theirs = retro.add_item("worked", "theirs", "Bo", NOW)
    assert is_own(retro, mine, "Anna") and not is_own(retro, theirs, "Anna")
    assert not is_own(retro, theirs, "Anna", {theirs.id})  # the author decides, not the session


# -- saved, merged, backed up -----------------------------------------------------------------

def test_the_flag_survives_the_codec_and_a_merge() -> None:
    retro = anonymous_retro()
    assert from_dict(Retro, to_dict(retro)).anonymous is True
    theirs = from_dict(Retro, to_dict(retro))
    theirs.add_item("worked", "from a joiner", "Bo", NOW)
    merged = merge(from_dict(Retro, to_dict(retro)), retro, theirs)
    assert merged.anonymous is True and [it.author for it in merged.items] == [""]


def test_a_retro_stored_before_the_field_existed_loads_named() -> None:
    data = to_dict(Retro.start("quiet", "Blå", people(), NOW))
    data.pop("anonymous")
    assert from_dict(Retro, data).anonymous is False


@pytest.mark.parametrize("backup", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.name)
def test_older_backups_restore_with_their_retros_named(backup: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "store.json"), "import", str(backup)]) == 0, capsys.readouterr().err
    retros = Repository.open(tmp_path / "store.json").retros()
    assert retros and all(r.anonymous is False for r in retros)


def test_a_backup_with_an_anonymous_retro_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = Repository.open(tmp_path / "a.json")
    retro = anonymous_retro()
    retro.add_item("worked", "pairing", "Anna", NOW)
    source.add(retro)
    backup = tmp_path / "backup.json"
    backup.write_text(export_json(source.raw(), NOW), encoding="utf-8")
    assert '"anonymous": true' in backup.read_text(encoding="utf-8").replace('":true', '": true')
    assert main(["--db", str(tmp_path / "b.json"), "import", str(backup)]) == 0, capsys.readouterr().err
    restored = Repository.open(tmp_path / "b.json").find(Retro, retro.id)
    assert restored == retro and restored.anonymous is True and restored.items[0].author == ""
