"""A retro's discussion notes and its items in no theme, in the jrnl entry and the Markdown note,
read back by the real readers: the `jrnl` command (and its parser in-process, for Hypothesis) and
markdown-it-py.

The story's closed retro has one theme ("Meetings", items it-1 and it-2) and one item in no
theme (it-3); the notes are added as the discuss phase adds them, through `Retro.add_note`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.token import Token

from retro.domain.retro import Retro
from retro.export.common import Scope, normalise_newlines
from retro.export.jrnl import export_jrnl
from retro.export.markdown import export_markdown
from tests.unit.test_export_common import IDS, PLAIN, Story, adversarial_text, story
from tests.unit.test_export_jrnl import _as_dicts, _imported, _jrnl_journal, blocks, expected_titles
from tests.unit.test_export_jrnl import jrnl  # noqa: F401  (the fixture)
from tests.unit.test_export_markdown import parse, plain, shape

THEME_NOTES = ("Keep the agenda short", "[2024-01-01 10:00] not an entry", "Ends in a star *")
ITEM_NOTES = ("Try it on Monday", "- not a list #tag")
NOTE = "2026-11-16-retro-team-a.md"


def noted(theme_notes: Sequence[str] = THEME_NOTES, item_notes: Sequence[str] = ITEM_NOTES) -> Story:
    """The story, with notes on the theme and on the item in no theme, added one line at a time."""
    s = story()
    retro = closed_retro(s)
    for line in theme_notes:
        retro.add_note("th-1", line)
    for line in item_notes:
        retro.add_note("it-3", line)
    return s


def closed_retro(s: Story) -> Retro:
    return next(r for r in s.retros if r.id == IDS["retro"])


def retro_body(entries: list[dict]) -> str:
    (body,) = [e["body"] for e in entries if e["title"].startswith("Retro")]
    return body


THEMED_LABELS = [
    "Team", "Format", "Participants",
    "Theme (2 votes)", "Notes",
    "Item (went-well, Anna, 0 votes)", "Item (to-improve, Bo, 0 votes)",
    "Not in a theme",
    "Item (ideas, Cecilia, 1 vote)", "Notes",
    "ROTI", "Experiments decided",
]


# -- jrnl ------------------------------------------------------------------------------------

def test_real_jrnl_shows_the_notes_under_their_topic_and_the_loose_item_apart(jrnl, tmp_path: Path) -> None:  # noqa: F811
    s = noted()
    export = tmp_path / "retro.txt"
    export.write_text(export_jrnl(s.data()), encoding="utf-8")
    assert export.read_text(encoding="utf-8") == export_jrnl(noted().data())  # the same every time
    # Notes add no entry of their own, and a second import adds nothing.
    assert _imported(jrnl("--import", "--file", str(export))) == len(expected_titles(s))
    assert _imported(jrnl("--import", "--file", str(export))) == 0
    back = json.loads(jrnl("--format", "json").stdout)["entries"]
    assert not any(e["starred"] for e in back)
    found = blocks(retro_body(back))
    assert [label for label, _ in found] == THEMED_LABELS
    texts = [text for _, text in found]
    assert texts[3] == PLAIN["theme"] and texts[4] == "\n".join(THEME_NOTES)
    assert texts[7] == "" and texts[8] == PLAIN["item3"] and texts[9] == "\n".join(ITEM_NOTES)
    # And as a user reads the journal: the notes right under their topic.
    listing = jrnl("-on", "2026-11-16").stdout.split("\n\n")
    (entry,) = [e for e in listing if "Retro: Team A" in e]
    shown = [line.lstrip("| ").rstrip() for line in entry.splitlines()]
    start = shown.index("Meetings")
    assert shown[start:start + 5] == ["Meetings", "Notes:", *THEME_NOTES]
    start = shown.index("Not in a theme:")
    assert shown[start:start + 5] == ["Not in a theme:", "Item (ideas, Cecilia, 1 vote):", PLAIN["item3"],
                                      "Notes:", ITEM_NOTES[0]]


def test_notes_of_a_retro_reach_the_journal_once_when_it_closes(jrnl, tmp_path: Path) -> None:  # noqa: F811
    s = story()
    running = next(r for r in s.retros if r.id == IDS["retro_open"])
    running.add_note("it-9", "Said while the retro ran")
    export = tmp_path / "retro.txt"
    export.write_text(export_jrnl(s.data()), encoding="utf-8")
    before = _imported(jrnl("--import", "--file", str(export)))
    running.close(datetime(2026, 11, 23, 10, 0))
    export.write_text(export_jrnl(s.data(now=datetime(2026, 11, 24, 9, 0))), encoding="utf-8")
    assert _imported(jrnl("--import", "--file", str(export))) == 1
    assert _imported(jrnl("--import", "--file", str(export))) == 0
    back = json.loads(jrnl("--format", "json").stdout)["entries"]
    assert len(back) == before + 1
    (body,) = [e["body"] for e in back if e["title"].startswith("Retro") and e["date"] == "2026-11-23"]
    # No theme in that retro: no item is in one, so no "Not in a theme" label either.
    assert [label for label, _ in blocks(body)] == ["Team", "Format", "Item (went-well, Anna, 0 votes)", "Notes"]
    assert blocks(body)[-1][1] == "Said while the retro ran"


def test_a_note_on_an_item_inside_a_theme_follows_that_item() -> None:
    s = noted(theme_notes=[], item_notes=[])
    closed_retro(s).add_note("it-1", "Grouped, but noted")
    (body,) = [e.split("\n", 1)[1] for e in export_jrnl(s.data()).split("\n\n") if "] Retro: " in e]
    labels = [label for label, _ in blocks(body)]
    assert labels[3:7] == ["Theme (2 votes)", "Item (went-well, Anna, 0 votes)", "Notes",
                           "Item (to-improve, Bo, 0 votes)"]


# Notes as an older store may hold them: several lines, anything in them.
raw_notes = st.lists(adversarial_text, min_size=1, max_size=3).map("\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(theme_notes=raw_notes, item_notes=raw_notes)
def test_any_notes_stay_notes_in_jrnl(theme_notes: str, item_notes: str, tmp_path: Path) -> None:
    s = story()
    retro = closed_retro(s)
    retro.themes[0].notes, retro.item("it-3").notes = theme_notes, item_notes
    text = export_jrnl(s.data())
    journal = _jrnl_journal(tmp_path)
    journal.import_(text)
    entries = _as_dicts(journal)
    assert len(entries) == len(expected_titles(s))  # no note line became an entry
    assert not any(e["starred"] for e in entries)
    found = blocks(retro_body(entries))
    assert [label for label, _ in found] == THEMED_LABELS
    assert found[4][1] == normalise_newlines(theme_notes)
    assert found[9][1] == normalise_newlines(item_notes)


def test_jrnl_labels_in_swedish() -> None:
    from retro import i18n

    i18n.set_language("sv")
    text = export_jrnl(noted().data())
    assert "\nAnteckningar:\n  Keep the agenda short\n" in text
    assert "\nUtan tema:\nLapp (ideas, Cecilia, 1 röst):\n" in text


# -- Markdown --------------------------------------------------------------------------------

def outline(tokens: list[Token]) -> list[tuple[str, int, str]]:
    """(the heading it is under, how many lists deep, text) for every run of text in the note."""
    heading, depth, found = "", 0, []
    in_heading = False
    for tok in tokens:
        if tok.type == "heading_open":
            in_heading = True
        elif tok.type == "heading_close":
            in_heading = False
        elif tok.type == "bullet_list_open":
            depth += 1
        elif tok.type == "bullet_list_close":
            depth -= 1
        elif tok.type == "inline":
            if in_heading:
                heading = plain(tok)
            else:
                found.append((heading, depth, plain(tok)))
    return found


def under(tokens: list[Token], heading: str) -> list[tuple[int, str]]:
    return [(depth, text) for h, depth, text in outline(tokens) if h == heading]


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    return [(tok.tag, plain(tokens[i + 1])) for i, tok in enumerate(tokens) if tok.type == "heading_open"]


def test_markdown_notes_sit_under_their_topic_and_loose_items_under_their_own_heading() -> None:
    note = export_markdown(noted().data())[NOTE]
    assert note == export_markdown(noted().data())[NOTE]  # the same every time
    tokens = parse(note)
    assert headings(tokens)[1:] == [("h2", "Themes"), ("h3", "Meetings (2 votes)"), ("h2", "Not in a theme"),
                                    ("h2", "Experiments decided"), ("h2", "ROTI")]
    assert under(tokens, "Meetings (2 votes)") == [
        (1, PLAIN["item1"] + " — went-well, Anna"),
        (1, PLAIN["item2"] + " — to-improve, Bo"),
        (0, "Notes:"),
        *((1, note) for note in THEME_NOTES),
    ]
    assert under(tokens, "Not in a theme") == [
        (1, PLAIN["item3"] + " — ideas, Cecilia, 1 vote"),
        (2, "Notes:"),
        *((3, note) for note in ITEM_NOTES),
    ]
    # The notes are marked as such (bold), and the user's "- not a list #tag" stayed text.
    strong = [i for i, tok in enumerate(tokens) if tok.type == "inline" and plain(tok) == "Notes:"]
    assert len(strong) == 2
    for i in strong:
        assert [c.type for c in tokens[i].children or [] if c.type != "text"] == ["strong_open", "strong_close"]


def test_markdown_note_on_an_item_inside_a_theme_is_its_sub_list() -> None:
    s = noted(theme_notes=[], item_notes=[])
    closed_retro(s).add_note("it-1", "Grouped, but noted")
    tokens = parse(export_markdown(s.data())[NOTE])
    assert under(tokens, "Meetings (2 votes)") == [
        (1, PLAIN["item1"] + " — went-well, Anna"), (2, "Notes:"), (3, "Grouped, but noted"),
        (1, PLAIN["item2"] + " — to-improve, Bo"),
    ]


# Notes as the discuss phase adds them: one line each, whatever was typed (add_note refuses
# what is only spaces).
typed_notes = st.lists(adversarial_text.filter(lambda text: text.split()), min_size=1, max_size=3)


def _with_notes(theme: list[str], item: list[str]) -> str:
    return export_markdown(noted(theme, item).data(Scope(retro_id=IDS["retro"])))[NOTE]


@settings(max_examples=60, deadline=None)
@given(theme=typed_notes, item=typed_notes)
def test_markdown_in_notes_stays_text(theme: list[str], item: list[str]) -> None:
    # The same note with inert placeholders in the notes' places: the same tree of blocks and
    # inline markup, and in each placeholder's place exactly the note as stored.
    real = _with_notes(theme, item)
    retro = closed_retro(noted(theme, item))
    stored = [*retro.themes[0].notes.split("\n"), *retro.item("it-3").notes.split("\n")]  # as add_note keeps them
    marks = {f"Qn{i:02d}qn": note for i, note in enumerate(stored)}
    fake = _with_notes(list(marks)[:len(theme)], list(marks)[len(theme):])
    real_tokens, fake_tokens = parse(real), parse(fake)
    assert shape(real_tokens) == shape(fake_tokens)
    assert sorted(text for _, _, text in outline(fake_tokens) if text in marks) == sorted(marks)  # each note its own
    expected = []
    for heading, depth, text in outline(fake_tokens):
        for mark, note in marks.items():
            text = text.replace(mark, note)
        expected.append((heading, depth, text))
    assert outline(real_tokens) == expected


def test_markdown_labels_in_swedish() -> None:
    from retro import i18n

    i18n.set_language("sv")
    note = export_markdown(noted().data())[NOTE]
    assert "\n**Anteckningar:**\n\n- Keep the agenda short\n" in note
    assert "\n## Utan tema\n" in note and "  - **Anteckningar:**\n    - Try it on Monday\n" in note
