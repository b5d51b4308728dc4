"""One long text never stalls the run screen, and what is typed or pasted keeps to the limits.

A 1.3 MB stack trace pasted from a call's chat made every group-phase key take seconds: each
row and status line showing it laid out and drew all of it. The limits now refuse such an item
at entry, but an older store may still hold one: it loads, and every board shows it cut (see
retro/tui/ui.py: cut), so drawing it costs what a row within the limits costs. The tests bound the
text handed to the widgets (and the lines it makes), not the time it takes.
"""

from __future__ import annotations

import re

from textual import events
from textual.content import Content
from textual.widgets import Input, Static

from retro.tui.app import RetroApp
from retro.tui.dialogs.name_prompt import NamePrompt
from retro.tui.dialogs.paste_chat import PasteChatDialog
from retro.domain.retro import Retro
from retro.domain.text import ITEM_MAX, NAME_MAX
from retro.tui.widgets.item_list import ItemList
from tests.app.run_support import KINDS, PEOPLE, new_retro, running, stored, until, until_saved
from tests.bench.bench_long_item import stack_trace

LONG = 1_300_000
# As retro/tui/ui.py shows a row: at most 2,000 characters and ten lines, cut with "…".
SHOWN_CHARS, SHOWN_LINES, CUT_MARK = 2_000, 10, "…"
REVEALED = ["worked", "hard", "curious"]
# A row: the item, cut, and what the row adds to it (a mark, the column, the author, votes).
ROW_MAX = SHOWN_CHARS + 80


def with_long_item(app: RetroApp, phase: str) -> Retro:
    """A retro whose first item is a megabyte long, as an older store may hold it (the domain
    refuses such an item now, so it is put in after)."""
    now = app.clock.now()
    retro = Retro.start("hybrid-experiments", "Blå", list(PEOPLE), now)
    retro.phase_index = KINDS.index(phase)
    retro.add_item("hard", "placeholder", "Bo", now).text = stack_trace(LONG)
    retro.add_item("worked", "flaky tests", "", now)
    retro.add_item("curious", "pairing", "Anna", now)
    retro.reveal(REVEALED)
    app.repo.add(retro)
    return retro


def rows_of(app: RetroApp, selector: str = "OptionList, ItemList") -> list[Content]:
    """Every row of the lists on the screen, as handed to the list to draw."""
    return [option.prompt for rows in app.screen.query(selector)
            for option in rows.options]  # type: ignore[attr-defined]


def shown_of(app: RetroApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def most_lines(rows: ItemList) -> int:
    """The most lines a list of a few short rows and one cut row can take at its width."""
    return SHOWN_LINES + ROW_MAX // rows.scrollable_content_region.width + 10


def assert_cut(prompt: Content | str) -> None:
    text = str(prompt)
    assert len(text) <= ROW_MAX and text.count("\n") <= SHOWN_LINES + 2, (len(text), text.count("\n"))


async def test_a_megabyte_item_shows_cut_in_the_group_phase(app: RetroApp) -> None:
    retro = with_long_item(app, "group")
    async with running(app, retro.id, size=(120, 40)) as pilot:
        ungrouped = app.screen.query_one("#group-ungrouped", ItemList)
        first = str(ungrouped.get_option_at_index(0).prompt)
        assert first.startswith("Exception in thread") and CUT_MARK in first
        assert re.search(r"… \(1,2\d\d,\d\d\d more characters\)  · Was hard$", first), first[-60:]
        for prompt in rows_of(app):
            assert_cut(prompt)
        # The list's lines: the cut row's (its ten lines, wrapped) and two more; not tens of thousands.
        assert ungrouped.virtual_size.height <= most_lines(ungrouped)
        await pilot.press("enter")  # picked up: the status line names it, on one line
        status = shown_of(pilot.app, "#group-status")
        assert status.startswith("Moving: Exception in thread") and len(status) < 400 and "\n" not in status
        await pilot.press("1")  # no theme yet: nothing; n makes one named after the item's first words
        await pilot.press("n")
        assert isinstance(app.screen, NamePrompt)
        suggestion = app.screen.query_one("#name-input", Input).value
        assert suggestion.startswith("Exception in thread") and len(suggestion) <= NAME_MAX
        await pilot.press("enter")
        await until(pilot, lambda: bool(stored(app, retro.id).themes))
        for prompt in rows_of(app):  # the members of the theme the item is in now
            assert_cut(prompt)
        assert len(stored(app, retro.id).items[0].text) == LONG  # shown cut, kept whole


async def test_a_megabyte_item_shows_cut_on_the_board_in_the_vote_and_in_the_discussion(app: RetroApp) -> None:
    retro = with_long_item(app, "gather")
    async with running(app, retro.id, size=(120, 40)) as pilot:
        column = app.screen.query_one("#items-1", ItemList)
        assert CUT_MARK in str(column.get_option_at_index(0).prompt)
        for prompt in rows_of(app):
            assert_cut(prompt)
        assert column.virtual_size.height <= most_lines(column)
        await pilot.press("pagedown", "pagedown")  # group, vote
        await pilot.pause()
        for prompt in rows_of(app):
            assert_cut(prompt)
        app.screen.query_one("#vote-targets", ItemList).highlighted = 0
        await pilot.press("space")  # the long item gets the vote: first to discuss
        await pilot.press("pagedown")
        await pilot.pause()
        for prompt in rows_of(app):
            assert_cut(prompt)
        assert_cut(shown_of(app, "#discuss-topic-title"))


async def test_the_long_item_edits_as_its_first_2000_characters_and_esc_keeps_it_whole(app: RetroApp) -> None:
    retro = with_long_item(app, "gather")
    said: list[str] = []
    app.notify = lambda message, **kw: said.append(message)  # type: ignore[method-assign]
    async with running(app, retro.id, size=(120, 40)) as pilot:
        await pilot.press("tab", "down")  # into "Was hard": the long item
        await pilot.press("e")
        field = app.screen.query_one("#gather-input", Input)
        assert len(field.value) == ITEM_MAX and field.value.startswith("Exception in thread")
        assert any("1,300,000 characters long" in m and "first 2,000" in m for m in said), said
        await pilot.press("escape")
        await until_saved(pilot)
        assert len(stored(app, retro.id).items[0].text) == LONG


async def test_a_megabyte_paste_is_cut_with_a_note_and_added_cut(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", revealed=REVEALED)
    chat = "Anna: the build broke, see below\nBo: " + stack_trace(LONG)
    async with running(app, retro.id, size=(120, 40)) as pilot:
        app.focused.post_message(events.Paste(chat))
        await until(pilot, lambda: isinstance(app.screen, PasteChatDialog))
        dialog = app.screen
        assert not dialog.query("#paste-text")  # too long to put where it would be edited
        assert f"This paste is {len(chat):,} characters long, too long to edit here" in shown_of(app, "#paste-long")
        await until(pilot, lambda: "items will be added" in shown_of(app, "#paste-count"))
        preview = [str(p) for p in rows_of(app, "#paste-preview")]
        assert preview[0] == "Anna  the build broke, see below"
        assert preview[1].startswith("Bo  Exception in thread")
        note = re.search(f"{CUT_MARK}  \\(cut: ([0-9,]+) more characters\\)$", preview[1])
        assert note and int(note[1].replace(",", "")) > LONG - 30_000, preview[1][-80:]  # (its tabs went)
        for prompt in rows_of(app):
            assert_cut(prompt)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(stored(app, retro.id).items) == 2)
        long_item = stored(app, retro.id).items[1]
        assert long_item.author == "Bo" and len(long_item.text) == ITEM_MAX and long_item.text.endswith(CUT_MARK)


async def test_a_line_longer_than_an_item_pasted_into_the_board_goes_to_the_preview(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", revealed=REVEALED)
    async with running(app, retro.id) as pilot:
        app.focused.post_message(events.Paste("x" * (ITEM_MAX + 500)))
        await until(pilot, lambda: isinstance(app.screen, PasteChatDialog))
        await until(pilot, lambda: "1 item will be added" in shown_of(app, "#paste-count"))
        assert str(rows_of(app, "#paste-preview")[0]).endswith("(cut: 502 more characters)")


async def test_a_chat_with_escape_sequences_is_previewed_and_added_without_them(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", revealed=REVEALED)
    chat = "Anna: the \x1b[2Jbuild \x9bbroke\nBo: copy \x1b]52;c;aGk=\x07this\n"
    async with running(app, retro.id, size=(120, 40)) as pilot:
        app.focused.post_message(events.Paste(chat))
        await until(pilot, lambda: isinstance(app.screen, PasteChatDialog))
        await until(pilot, lambda: "items will be added" in shown_of(app, "#paste-count"))
        assert "\x1b" not in app.screen.query_one("#paste-text").text  # type: ignore[attr-defined]
        assert [str(p) for p in rows_of(app, "#paste-preview")] == ["Anna  the [2Jbuild broke", "Bo  copy ]52;c;aGk=this"]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: len(stored(app, retro.id).items) == 2)
        assert [it.text for it in stored(app, retro.id).items] == ["the [2Jbuild broke", "copy ]52;c;aGk=this"]


async def test_inputs_take_no_more_than_their_limit_and_no_control_character(app: RetroApp) -> None:
    retro = new_retro(app, phase="group", items=[("hard", "y" * 300, "")], revealed=REVEALED)
    async with running(app, retro.id) as pilot:
        await pilot.press("n")  # a new theme, named after the item: as much of it as a name may have
        field = app.screen.query_one("#name-input", Input)
        assert field.value == "y" * NAME_MAX
        await pilot.press("end", "z")
        assert field.value == "y" * NAME_MAX  # no more
        await pilot.press("ctrl+u")
        field.post_message(events.Paste("Team \x1b[2Jone\x9b"))
        await pilot.pause()
        assert field.value == "Team [2Jone"


async def test_the_board_takes_an_item_of_at_most_2000_characters(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", revealed=REVEALED)
    async with running(app, retro.id) as pilot:
        field = app.screen.query_one("#gather-input", Input)
        field.value = "x" * ITEM_MAX
        await pilot.press("end", "y")
        assert field.value == "x" * ITEM_MAX


async def test_no_phase_hands_a_row_or_a_text_the_whole_megabyte(app: RetroApp) -> None:
    """The net under the cut (retro/tui/ui.py: shown_safely): the decide and close phases show the
    top topics as they are, and a megabyte item among them still reaches no widget whole."""
    retro = with_long_item(app, "decide")
    app.repo.update(Retro, retro.id, lambda r: r.votes.update({"Anna": [r.items[0].id]}))
    async with running(app, retro.id, size=(120, 40)) as pilot:
        rows = [str(p) for p in rows_of(app, "#decide-topics")]
        assert rows[0].lstrip(" 0123456789").startswith("Exception in thread")
        assert max(len(row) for row in rows) <= 8_000 + 10
        await pilot.press("pagedown")  # close: the summary names the top topics
        await pilot.pause()
        summary = shown_of(app, "#close-summary")
        assert "Exception in thread" in summary and len(summary) <= 40_000 + 10
