"""The jrnl export against jrnl itself: the real `jrnl` 4.6 command on a temporary config and
journal (import, re-import adds nothing, read back with --format json), and, for Hypothesis,
jrnl's own parser in-process (the same code the command runs)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from retro.export.common import normalise_newlines, summary
from retro.export.jrnl import INDENT, entries, export_jrnl
from tests.unit.test_export_common import IDS, Story, story, story_texts

JRNL = Path(sys.executable).with_name("jrnl")

# -- reading a body back ---------------------------------------------------------------------


def blocks(body: str) -> list[tuple[str, str]]:
    """(label, text) pairs: `Label:` then indented lines, or `Label: value` on one line."""
    found: list[tuple[str, list[str]]] = []
    for line in body.split("\n"):
        if line.startswith(INDENT):
            assert found and found[-1][1] is not None, f"indented line without a label: {line!r}"
            found[-1][1].append(line[len(INDENT):])
        elif line.endswith(":"):
            found.append((line[:-1], []))
        elif ": " in line:
            label, _, value = line.partition(": ")
            found.append((label, [value]))
    return [(label, "\n".join(lines)) for label, lines in found]


def value(body: str, label: str) -> str:
    matches = [text for lab, text in blocks(body) if lab == label]
    assert len(matches) == 1, (label, blocks(body))
    return matches[0]


# -- the expected journal --------------------------------------------------------------------

def expected_titles(s: Story) -> list[tuple[str, str]]:
    """(date, title) of every entry the story must give, oldest first."""
    x = s.texts
    t_ = lambda text: re.sub(r"[\s*]+$", "", summary(text)) or "…"  # noqa: E731  (jrnl would star a trailing *)
    return sorted([
        ("2026-11-06 08:00", "Target condition set: " + t_(x["tc_old"])),
        ("2026-11-13 16:00", "Target condition achieved: " + t_(x["tc_old"])),
        ("2026-11-13 16:00", "Target condition set: " + t_(x["tc"])),
        ("2026-11-09 11:00", "Experiment planned: " + t_(x["step4"])),
        ("2026-11-09 12:00", "Experiment abandoned: " + t_(x["step4"])),
        ("2026-11-16 09:00", "Retro: " + t_(" ".join(normalise_newlines(x["team"]).split("\n")))),
        ("2026-11-16 09:40", "Experiment planned: " + t_(x["step"])),
        ("2026-11-18 08:30", "Experiment amended: " + t_(x["step"])),
        ("2026-11-18 08:40", "Experiment amended: " + t_(x["step"])),
        ("2026-11-18 15:00", "Experiment done: " + t_(x["step"])),
        ("2026-11-16 09:45", "Experiment planned: " + t_(x["step2"])),
        ("2026-11-19 14:00", "Coaching: " + t_(x["tc"])),
        ("2026-11-26 09:00", "Experiment planned: " + t_(x["step3"])),
    ])


def check_round_trip(s: Story, jrnl_entries: list[dict]) -> None:
    """What jrnl read back is every event of the story, and every piece of user text in it."""
    x = {k: normalise_newlines(v) for k, v in s.texts.items()}
    got = sorted((f"{e['date']} {e['time']}", e["title"]) for e in jrnl_entries)
    assert got == [(d, title.strip()) for d, title in expected_titles(s)]
    assert not any(e["starred"] for e in jrnl_entries)
    by_title: dict[str, list[dict]] = {}
    for e in jrnl_entries:
        by_title.setdefault(e["title"].split(":")[0], []).append(e)

    def at(moment: str, kind: str) -> str:
        (body,) = [e["body"] for e in by_title[kind] if f"{e['date']} {e['time']}" == moment]
        return body

    planned = {f"{e['date']} {e['time']}": value(e["body"], "What will be done") for e in by_title["Experiment planned"]}
    assert planned == {"2026-11-16 09:40": x["step"], "2026-11-16 09:45": x["step2"], "2026-11-26 09:00": x["step3"],
                       "2026-11-09 11:00": x["step4"]}
    body = at("2026-11-16 09:40", "Experiment planned")
    assert value(body, "Expected (written before it ran)") == x["expectation"]
    assert value(body, "Target condition") == x["tc"]
    assert value(body, "Obstacle") == x["obstacle"]
    assert value(body, "Owner") == x["owner"]
    assert value(body, "Team") == x["team"]
    assert value(at("2026-11-26 09:00", "Experiment planned"), "Expected (written before it ran)") == x["expectation3"]
    first = at("2026-11-18 08:30", "Experiment amended")
    assert value(first, "Amended expectation") == x["amended"]
    assert value(first, "Reason") == x["reason"]
    assert value(first, "As written on 2026-11-16 09:40, kept in the record") == x["expectation"]
    assert value(at("2026-11-18 08:40", "Experiment amended"), "Amended owner") == x["amended_owner"]
    (done,) = by_title["Experiment done"]
    assert value(done["body"], "Expected (written 2026-11-16 09:40, before it ran)") == x["expectation"]
    assert value(done["body"], "Amended expectation (2026-11-18 08:30)") == x["amended"]
    assert value(done["body"], "What happened") == x["happened"]
    assert value(done["body"], "What was learned") == x["learned"]
    assert value(done["body"], "As expected?") == "partly as expected"
    (dropped,) = by_title["Experiment abandoned"]
    assert value(dropped["body"], "Why it was abandoned") == x["abandon"]
    (closed,) = by_title["Target condition achieved"]
    assert value(closed["body"], "Reflection") == x["reflection"]
    (retro,) = by_title["Retro"]
    texts = [text for label, text in blocks(retro["body"])]
    for key in ("item1", "item2", "item3", "theme"):
        assert x[key] in texts, key
    (coaching,) = by_title["Coaching"]
    assert value(coaching["body"], "What did you learn?") == x["coach_learned"]
    assert value(coaching["body"], "What is your next step?") == x["coach_next"]
    for e in jrnl_entries:
        if e["title"].startswith("Experiment"):
            assert "@experiment" in e["tags"]


# -- the real jrnl command -------------------------------------------------------------------

@pytest.fixture
def jrnl(tmp_path: Path):
    """Run the real jrnl with a config and journal of its own in tmp_path: never the user's."""
    home = tmp_path / "jrnl-home"
    config = home / ".config" / "jrnl" / "jrnl.yaml"
    config.parent.mkdir(parents=True)
    journal = home / "journal.txt"
    # jrnl's own defaults (jrnl.config.get_default_config), as a first run would write them.
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: true\n"
        "indent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n",
        encoding="utf-8",
    )
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
           "XDG_DATA_HOME": str(home / ".local" / "share"), "NO_COLOR": "1", "TERM": "dumb"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([str(JRNL), "--config-file", str(config), *args], env=env, capture_output=True,
                              text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, proc.stderr
        return proc

    run.journal = journal  # type: ignore[attr-defined]
    return run


def _imported(proc: subprocess.CompletedProcess[str]) -> int:
    text = proc.stdout + proc.stderr
    for word in text.split("imported")[0].split()[::-1]:
        if word.isdigit():
            return int(word)
    raise AssertionError(text)


def test_real_jrnl_imports_reimports_nothing_and_reads_back_adversarial_text(jrnl, tmp_path: Path) -> None:
    nasty = {
        "step": "Ask Anna *",
        "tc_old": "Rummet först* **",  # stars and spaces at the end: still not a starred entry
        "expectation": "She'll talk more, \"quotes\", commas\n[2024-01-01 10:00] Fake entry\n# heading\n- list",
        "amended": "[2024-01-02 09:00] still not an entry\n\nblank line above",
        "happened": "Chaired 😀 *",
        "learned": "Åsa, Örjan och Ängla @tag #tag [red]markup[/red]",
        "item1": "[2024-01-01 10:00] looks like a date",
        "theme": "[b]Möten[/b]",
        "tc": "Fjärrdeltagare först | pipes | [red]",
        "obstacle": "Rummet tar över\r\nsamtalet",
        "coach_learned": "line one\n[2023-12-31 23:59] line two",
    }
    s = story(nasty)
    export = tmp_path / "retro.txt"
    export.write_text(export_jrnl(s.data()), encoding="utf-8")
    assert _imported(jrnl("--import", "--file", str(export))) == len(expected_titles(s))
    assert _imported(jrnl("--import", "--file", str(export))) == 0
    back = json.loads(jrnl("--format", "json").stdout)
    check_round_trip(s, back["entries"])
    tags = set(back["tags"])
    assert {"@experiment", "@retro", "@fjärrdeltagare-först-pipes-red"} <= tags
    # Exporting again later adds only the new events: nothing written before is rewritten.
    ex = s.experiment("running")
    ex.happened, ex.learned, ex.status, ex.finished_at = "It worked", "Early voices", "done", datetime(2026, 11, 26, 16, 0)
    export.write_text(export_jrnl(s.data(now=datetime(2026, 11, 27, 9, 0))), encoding="utf-8")
    assert _imported(jrnl("--import", "--file", str(export))) == 1


def test_real_jrnl_lists_the_entries_like_a_user_sees_them(jrnl, tmp_path: Path) -> None:
    export = tmp_path / "retro.txt"
    export.write_text(export_jrnl(story().data()), encoding="utf-8")
    jrnl("--import", "--file", str(export))
    listing = jrnl("-n", "20", "--short").stdout
    assert "Experiment planned: Ask Anna to chair the Monday meeting" in listing
    assert "Experiment done: Ask Anna to chair the Monday meeting" in listing
    tagged = jrnl("@experiment", "--short").stdout
    assert "Retro:" not in tagged and tagged.count("Experiment") == 8  # 4 planned, 2 amended, 1 done, 1 abandoned


# -- jrnl's parser, in-process, for Hypothesis -----------------------------------------------

def _jrnl_journal(tmp_path: Path):
    from jrnl.journals import Journal

    return Journal("default", journal=str(tmp_path / "j.txt"), timeformat="%F %r", tagsymbols="#@", encrypt=False)


def _as_dicts(journal) -> list[dict]:
    from jrnl.plugins.json_exporter import JSONExporter

    return [JSONExporter.entry_to_dict(e) for e in journal.entries]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=story_texts)
def test_adversarial_text_survives_jrnl(texts: dict[str, str], tmp_path: Path) -> None:
    s = story(texts)
    text = export_jrnl(s.data())
    journal = _jrnl_journal(tmp_path)
    journal.import_(text)
    check_round_trip(s, _as_dicts(journal))
    # jrnl writes its file and reads it again next time: same entries, and a re-import adds none.
    again = _jrnl_journal(tmp_path)
    again.entries = again._parse(journal._to_text())
    count = len(again.entries)
    again.import_(text)
    assert len(again.entries) == count == len(expected_titles(s))


def test_export_is_deterministic_and_sorted() -> None:
    data = story().data()
    assert export_jrnl(data) == export_jrnl(story().data())
    moments = [e.at for e in entries(data)]
    assert moments == sorted(moments)


def test_a_running_retro_is_not_in_the_journal_yet() -> None:
    text = export_jrnl(story().data())
    assert text.count("] Retro: ") == 1
    assert IDS["retro_open"] not in text


def test_scope_dates_cut_entries_not_experiments() -> None:
    from datetime import date

    from retro.export.common import Scope

    text = export_jrnl(story().data(Scope(since=date(2026, 11, 18), until=date(2026, 11, 18))))
    titles = [line.split("] ", 1)[1] for line in text.splitlines() if line.startswith("[2026")]
    assert titles == ["Experiment amended: Ask Anna to chair the Monday meeting"] * 2 + [
        "Experiment done: Ask Anna to chair the Monday meeting"]


def test_swedish_labels(monkeypatch: pytest.MonkeyPatch) -> None:
    from retro import i18n

    i18n.set_language("sv")
    text = export_jrnl(story().data())
    assert "Experiment planerat: Ask Anna" in text and "Förväntan (skriven innan det genomfördes):" in text
