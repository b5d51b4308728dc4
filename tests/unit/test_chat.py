"""Chat transcripts → items: the shapes video-call chats come in, and messy input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retro.domain.chat import ChatLine, parse_chat


def pairs(text: str) -> list[tuple[str, str]]:
    return [(line.author, line.text) for line in parse_chat(text)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Anna: the build broke twice", ("Anna", "the build broke twice")),
        ("[10:02] Anna: the build broke", ("Anna", "the build broke")),
        ("[10:02:33] Anna: hej", ("Anna", "hej")),
        ("10:02 Anna: hej", ("Anna", "hej")),
        ("10.02 Anna: hej", ("Anna", "hej")),
        ("10:02 AM Anna Svensson: hej", ("Anna Svensson", "hej")),
        ("10:02:33 From Anna Svensson to Everyone: hej", ("Anna Svensson", "hej")),
        ("10:02:33\t From  Anna Svensson : hej", ("Anna Svensson", "hej")),
        ("10:02:33 From Anna to Bo (Direct Message): hej", ("Anna", "hej")),
        ("[26/11/2026, 10:02:33] Anna: hej", ("Anna", "hej")),
        ("26/11/2026, 10:02 - Anna: hej", ("Anna", "hej")),
        ("[2026-11-26 10:02] Anna: hej", ("Anna", "hej")),
        ("Åsa Öberg: vi borde para mer", ("Åsa Öberg", "vi borde para mer")),
        ("Karl-Johan af Klint: deploys på fredag", ("Karl-Johan af Klint", "deploys på fredag")),
        ("anna: lower-case names are common in chats", ("anna", "lower-case names are common in chats")),
    ],
)
def test_one_message_shapes(line: str, expected: tuple[str, str]) -> None:
    assert pairs(line) == [expected]


@pytest.mark.parametrize(
    "line",
    [
        "We should try this: pairing on Fridays",
        "Idea: no meetings on Friday",
        "https://example.org/board",
        "Bra jobbat: alla hjälptes åt",
        "the build broke twice",
    ],
)
def test_lines_without_a_name_have_no_author(line: str) -> None:
    assert pairs(line) == [("", line)]


def test_messy_paste_with_blank_lines_emoji_swedish_and_no_names() -> None:
    text = """
\ufeff[10:02] Anna: the build broke twice 🚀

    10:03 Bo Berg: retro tools [red]bold[/red]
a line nobody signed
\u00a0
Åsa:    🎉 äntligen grönt på main
Reacted to "the build broke" with 👍
10:05
"""
    assert pairs(text) == [
        ("Anna", "the build broke twice 🚀"),
        ("Bo Berg", "retro tools [red]bold[/red]"),
        ("", "a line nobody signed"),
        ("Åsa", "🎉 äntligen grönt på main"),
    ]


def test_teams_header_then_lines_belong_to_that_author() -> None:
    text = "Anna Svensson 10:05\nfirst thing\nsecond thing\n[10:06] Bo Berg\nhej från Teams\nCecil: own line"
    assert pairs(text) == [
        ("Anna Svensson", "first thing"),
        ("Anna Svensson", "second thing"),
        ("Bo Berg", "hej från Teams"),
        ("Cecil", "own line"),
    ]


def test_meet_name_line_then_time_line_then_message() -> None:
    text = "Cecilia Ek\n10:07\nMeet message\nDavid\n10:08 AM\nanother"
    assert pairs(text) == [("Cecilia Ek", "Meet message"), ("David", "another")]


def test_indented_line_continues_the_message_above() -> None:
    text = "10:04:01 From Karl to Everyone: deploys on friday\n\tand nobody noticed\nBo: next"
    assert pairs(text) == [("Karl", "deploys on friday and nobody noticed"), ("Bo", "next")]


def test_a_whole_indented_paste_is_not_one_long_continuation() -> None:
    text = "    Anna: one\n    Bo: two\n    three"
    assert pairs(text) == [("Anna", "one"), ("Bo", "two"), ("", "three")]


def test_name_with_empty_text_is_a_header_for_the_next_line() -> None:
    assert pairs("Anna:\nwhat I wanted to say") == [("Anna", "what I wanted to say")]


def test_a_time_inside_a_message_is_not_a_name() -> None:
    assert pairs("Anna: we start at 10:02 instead") == [("Anna", "we start at 10:02 instead")]
    assert pairs("10:10 vi började sent") == [("", "vi började sent")]


def test_empty_and_blank_input() -> None:
    assert parse_chat("") == []
    assert parse_chat("\n \n\t\n") == []


def test_windows_line_endings() -> None:
    assert pairs("Anna: one\r\nBo: two\r\n") == [("Anna", "one"), ("Bo", "two")]


@given(st.text())
def test_never_raises_and_never_yields_blank_text(text: str) -> None:
    for line in parse_chat(text):
        assert isinstance(line, ChatLine)
        assert line.text.strip()
        assert line.author == line.author.strip()
