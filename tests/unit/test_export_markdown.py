"""Markdown notes, read by a real Markdown parser (markdown-it-py with GFM tables and the
front-matter plugin) and the front matter by a YAML parser.

The proof that user text cannot change a note's structure: the same story is rendered twice,
once with adversarial text and once with an inert placeholder in each place; both parse to the
same tree of blocks and inline markup, and every placeholder's place holds exactly the original
text."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin
from ruamel.yaml import YAML

from retro.export.common import Scope, normalise_newlines
from retro.export.markdown import export_markdown, md_text, yaml_str
from tests.unit.test_export_common import IDS, PLAIN, story, story_texts

MD = MarkdownIt("commonmark").enable("table").enable("strikethrough").use(front_matter_plugin)


def parse(text: str) -> list[Token]:
    return MD.parse(text)


def front(tokens: list[Token]) -> dict:
    assert tokens[0].type == "front_matter", "the note must start with front matter"
    return YAML(typ="safe", pure=True).load(tokens[0].content)


def plain(inline: Token) -> str:
    """What a reader sees of an inline run: text, with <br> as a line break."""
    out = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "html_inline" and child.content == "<br>":
            out.append("\n")
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
    return "".join(out)


def shape(tokens: list[Token]) -> list[tuple]:
    """The structure: every block, and inside inline runs every token but text and <br>."""
    result = []
    for tok in tokens:
        if tok.type == "inline":
            kids = [(c.type, c.tag) for c in tok.children or []
                    if c.type != "text" and not (c.type == "html_inline" and c.content == "<br>")]
            result.append(("inline", tuple(kids)))
        elif tok.type == "front_matter":
            result.append(("front_matter",))
        else:
            result.append((tok.type, tok.tag, tok.level))
    return result


def placeholders() -> dict[str, str]:
    # Letters only, distinct, and none a prefix of another: inert in Markdown and easy to find.
    return {key: f"Qz{i:02d}qz" for i, key in enumerate(PLAIN)}


def check_structure(texts: dict[str, str]) -> None:
    texts = {**PLAIN, **texts}
    real = export_markdown(story(texts).data())
    marks = placeholders()
    fake = export_markdown(story(marks).data())
    assert len(real) == len(fake)
    back = {v: normalise_newlines(texts[k]).strip() for k, v in marks.items()}
    for (real_name, real_text), (fake_name, fake_text) in zip(real.items(), fake.items(), strict=True):
        real_tokens, fake_tokens = parse(real_text), parse(fake_text)
        assert shape(real_tokens) == shape(fake_tokens), real_name
        for r, f in zip(real_tokens, fake_tokens, strict=True):
            if f.type == "inline":
                expected = plain(f)
                for mark, original in back.items():
                    expected = expected.replace(mark, original)
                assert plain(r) == expected, (real_name, plain(r), expected)
        real_front, fake_front = front(real_tokens), front(fake_tokens)
        assert real_front.keys() == fake_front.keys()
        exact = {v: texts[k] for k, v in marks.items()}  # front matter is data: the text exactly as stored
        for key in ("team", "target_condition"):
            assert real_front[key] == [exact.get(v, v) for v in fake_front[key]], key
        assert real_name.endswith(".md") and "/" not in real_name


NASTY = {
    "tc": "# Not a heading | with pipe",
    "step": "- not a list\n1. not ordered\n> not a quote",
    "expectation": "---\ntitle: not front matter\n---",
    "amended": "```\ncode?\n```",
    "reason": "**bold** _em_ `code` [link](http://x) <b>html</b> &amp; ~~gone~~",
    "happened": "| a | b |\n|---|---|\n| c | d |",
    "learned": "[[wikilink]] #tag ==highlight== $math$ %%comment%% ^block",
    "item1": "[red]markup[/red] [2024-01-01 10:00] 😀 Åsa, Örjan",
    "team": "Team \"A\": #1",
    "theme": "Möten ## trailing hashes ##",
    "owner": "1) Anna",
    "obstacle": "+ plus\n= equals\n    indented four",
    "coach_learned": "line one\n\nline three after a blank line",
}


def test_markdown_syntax_in_user_text_stays_text() -> None:
    check_structure(NASTY)


@settings(max_examples=60, deadline=None)
@given(texts=story_texts)
def test_adversarial_text_cannot_change_the_structure(texts: dict[str, str]) -> None:
    check_structure(texts)


def test_notes_are_named_by_day_team_and_iso_week() -> None:
    notes = export_markdown(story().data())
    assert sorted(notes) == [
        "2026-11-16-retro-team-a.md",
        "2026-11-23-retro-team-a.md",
        "2026-W45-kata.md",  # target condition set on the 6th
        "2026-W46-kata.md",  # the abandoned experiment, the closing and new target condition
        "2026-W47-kata.md",  # the done experiment, coaching
        "2026-W48-kata.md",  # running, due the 25th
        "2026-W49-kata.md",  # planned, due the 30th
    ]


def test_two_retros_of_a_team_on_one_day_get_two_notes() -> None:
    s = story()
    s.retros[1].started_at = s.retros[0].started_at.replace(hour=14)
    names = sorted(export_markdown(s.data()))
    assert "2026-11-16-retro-team-a.md" in names and "2026-11-16-retro-team-a-2.md" in names


def test_week_note_puts_expectation_and_outcome_side_by_side() -> None:
    note = export_markdown(story().data())["2026-W47-kata.md"]
    tokens = parse(note)
    meta = front(tokens)
    assert meta["type"] == "kata-week" and meta["week"] == "2026-W47" and meta["date"] == date(2026, 11, 16)
    assert meta["team"] == ["Team A"] and meta["target_condition"] == [PLAIN["tc"]]
    assert "kata" in meta["tags"]
    headers = [plain(t) for i, t in enumerate(tokens) if t.type == "inline" and tokens[i - 1].type == "th_open"]
    assert headers[:6] == ["Go and see", "Owner", "What will be done", "Expected (written before it ran)",
                           "What happened", "What was learned"]
    cells = [plain(t) for i, t in enumerate(tokens) if t.type == "inline" and tokens[i - 1].type == "td_open"]
    expected_cell = cells[3]
    # The expectation as written, when it was written, and the amendment shown as one.
    assert expected_cell.startswith(PLAIN["expectation"] + "\nwritten 2026-11-16 09:40\n")
    assert "Amended expectation 2026-11-18 08:30: " + PLAIN["amended"] in expected_cell
    assert "reason: " + PLAIN["reason"] in expected_cell
    assert cells[4] == PLAIN["happened"] + "\npartly as expected\nrecorded 2026-11-18 15:00"
    assert cells[5] == PLAIN["learned"]
    assert PLAIN["obstacle"] in cells[2]
    assert any(t.type == "inline" and "What did you learn?" in plain(t) for t in tokens)


def test_retro_note_lists_themes_items_experiments_and_roti() -> None:
    note = export_markdown(story().data())["2026-11-16-retro-team-a.md"]
    tokens = parse(note)
    meta = front(tokens)
    assert meta["type"] == "retro" and meta["date"] == date(2026, 11, 16) and meta["retro_id"] == IDS["retro"]
    assert meta["team"] == ["Team A"] and meta["target_condition"] == [PLAIN["tc"]]
    seen = [plain(t) for t in tokens if t.type == "inline"]
    assert "Meetings (2 votes)" in seen
    assert any(s.startswith(PLAIN["item1"]) for s in seen)
    assert "4.5 of 5 (2 answers)" in seen
    assert any(s.startswith(PLAIN["step"]) for s in seen) and PLAIN["step2"] in seen  # the experiments decided


def test_scope_narrows_the_notes() -> None:
    notes = export_markdown(story().data(Scope(retro_id=IDS["retro"])))
    assert "2026-11-16-retro-team-a.md" in notes and "2026-11-23-retro-team-a.md" not in notes
    assert "2026-W49-kata.md" not in notes  # the planned experiment was not decided in that retro


@pytest.mark.parametrize("text", ["-", "+", "1.", "12)", "#", ">", "=", "*", "`", "|", "\\", "&copy;", "<x>"])
def test_md_text_escapes_what_would_start_or_mark_up(text: str) -> None:
    tokens = parse(md_text(text))
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    assert plain(tokens[1]) == text


def test_yaml_strings_survive_line_separators_and_quotes() -> None:
    for text in ['a "b" \\ c', "x\u2028y\u2029z", "tab\there", "\ufeffbom", "---", "key: value", "- item"]:
        assert YAML(typ="safe", pure=True).load(f"k: {yaml_str(text)}") == {"k": text}
