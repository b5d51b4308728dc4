"""Gather: fast typing, credit by name, edit/delete/undo, silent masking and reveal, chat paste
with a preview, and items written from another terminal."""

from __future__ import annotations

import subprocess

from textual import events
from textual.widgets import Input

from retro.domain.retro import Retro
from retro.tui.app import RetroApp
from retro.tui.dialogs.paste_chat import PasteChatDialog
from retro.tui.screens.run import RunScreen
from tests.app.run_support import new_retro, options_of, run_screen, running, stored, text_of, type_text, until_saved
from tests.app.fast_support import needs

MESSY_CHAT = """
[10:02] Anna: the build broke twice 🚀

10:03 Bo: retro tools [red]bold[/red]
a line nobody signed
10:04:01 From Åsa Öberg to Everyone: vi borde para mer på fredagar
\t\u00a0
Cecilia Ek 10:05
två rader
Reacted to "the build broke" with 👍
"""


async def test_fast_typing_enter_adds_and_the_input_stays_ready(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        assert app.focused.id == "gather-input"
        await type_text(pilot, "pairing")
        await pilot.press("enter")
        await type_text(pilot, "Anna: reviews")  # a participant's name credits her
        await pilot.press("enter", "tab")
        await type_text(pilot, "CI")
        await pilot.press("enter", "enter")  # an empty Enter adds nothing
        assert app.focused.id == "gather-input" and app.focused.value == ""
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert [(it.column, it.text, it.author) for it in saved.items] == [
            ("worked", "pairing", ""), ("worked", "reviews", "Anna"), ("hard", "CI", "")]
        assert options_of(pilot, "#items-0") == ["pairing", "reviews  — Anna"]
        assert options_of(pilot, "#items-1") == ["CI"]
        assert "Worked well  2" in text_of(pilot, "#column-title-0")
        assert "Was hard" in text_of(pilot, "#gather-target")


async def test_a_colon_that_is_not_a_participant_is_just_text(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", revealed=["worked"])
    async with running(app, retro.id) as pilot:
        await type_text(pilot, "Idea: pair")
        await pilot.press("enter")
        await until_saved(pilot)
        assert [(it.text, it.author) for it in stored(app, retro.id).items] == [("Idea: pair", "")]


async def test_edit_delete_and_undo(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", items=[("worked", "one", ""), ("worked", "two", "")],
                      revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        await pilot.press("down")  # into the column's items
        assert app.focused.id == "items-0"
        await pilot.press("down", "e")  # edit "two"
        assert app.focused.id == "gather-input" and app.focused.value == "two"
        await pilot.press("ctrl+u")
        await type_text(pilot, "zwei")
        await pilot.press("enter")
        await until_saved(pilot)
        assert [it.text for it in stored(app, retro.id).items] == ["one", "zwei"]
        assert options_of(pilot, "#items-0") == ["one", "zwei"]
        await pilot.press("down", "d")  # delete the highlighted one ("zwei": the last added/edited)
        await until_saved(pilot)
        assert [it.text for it in stored(app, retro.id).items] == ["one"]
        await pilot.press("u")  # undo the delete: back in place
        await until_saved(pilot)
        assert [it.text for it in stored(app, retro.id).items] == ["one", "zwei"]
        await pilot.press("ctrl+z")  # undo the edit
        await until_saved(pilot)
        assert [it.text for it in stored(app, retro.id).items] == ["one", "two"]
        assert options_of(pilot, "#items-0") == ["one", "two"]
        await pilot.press("escape")
        assert app.focused.id == "gather-input"
        await type_text(pilot, "three")
        await pilot.press("enter", "ctrl+z")  # undo the add
        await until_saved(pilot)
        assert [it.text for it in stored(app, retro.id).items] == ["one", "two"]


async def test_editing_a_hidden_item_is_refused_until_revealed(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", items=[("worked", "secret", "")])
    async with running(app, retro.id) as pilot:
        await pilot.press("down", "e")
        assert app.focused.id == "items-0"
        assert any("Reveal the items first" in n.message for n in app._notifications)


async def test_silent_items_are_masked_until_revealed(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather")
    async with running(app, retro.id) as pilot:
        await type_text(pilot, "secret thought")
        await pilot.press("enter")
        assert options_of(pilot, "#items-0") == ["▒" * 12]
        assert "Silent writing" in text_of(pilot, "#gather-status")
        assert "secret" not in " ".join(str(w.render()) for w in app.screen.query("Static"))
        await pilot.press("ctrl+r")
        assert options_of(pilot, "#items-0") == ["secret thought"]
        await until_saved(pilot)
        assert set(stored(app, retro.id).revealed) == {"worked", "hard", "curious"}
        assert not app.screen.query_one("#gather-status").display


async def test_chat_paste_previews_messy_input_then_adds_with_authors(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", revealed=["worked", "hard", "curious"])
    async with running(app, retro.id, size=(120, 40)) as pilot:
        await pilot.press("tab")  # into "Was hard"
        app.focused.post_message(events.Paste(MESSY_CHAT))
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PasteChatDialog)
        preview = options_of(pilot, "#paste-preview")
        assert preview == [
            "Anna  the build broke twice 🚀",
            "Bo  retro tools [red]bold[/red]",
            "(no name)  a line nobody signed",
            "Åsa Öberg  vi borde para mer på fredagar",
            "Cecilia Ek  två rader",
        ]
        assert "5 items will be added to Was hard" in text_of(pilot, "#paste-count")
        await until_saved(pilot)
        assert stored(app, retro.id).items == []  # nothing before the facilitator says so
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RunScreen)
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert [(it.column, it.author, it.text) for it in saved.items] == [
            ("hard", "Anna", "the build broke twice 🚀"),
            ("hard", "Bo", "retro tools [red]bold[/red]"),
            ("hard", "", "a line nobody signed"),
            ("hard", "Åsa Öberg", "vi borde para mer på fredagar"),
            ("hard", "Cecilia Ek", "två rader"),
        ]
        assert "retro tools [red]bold[/red]  — Bo" in options_of(pilot, "#items-1")
        await pilot.press("ctrl+z")  # one undo takes the whole paste back
        await until_saved(pilot)
        assert stored(app, retro.id).items == []


async def test_chat_paste_can_be_cancelled_and_an_empty_paste_adds_nothing(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather")
    async with running(app, retro.id) as pilot:
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, PasteChatDialog)
        await pilot.press("ctrl+s")  # nothing pasted: refused, the dialog stays
        assert isinstance(app.screen, PasteChatDialog)
        app.screen.query_one("#paste-text").insert("Anna: one\nBo: two")
        await pilot.pause()
        await pilot.press("escape")
        assert isinstance(app.screen, RunScreen)
        await until_saved(pilot)
        assert stored(app, retro.id).items == []


async def test_item_added_from_another_terminal_appears(app: RetroApp, retro_cmd, cli_env) -> None:
    retro = new_retro(app, phase="gather", revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        await type_text(pilot, "mine")
        await pilot.press("enter")
        proc = subprocess.run([*retro_cmd, "item", "add", "--retro", retro.id, "--prompt", "curious",
                               "--author", "Åsa", "from my laptop"], env=cli_env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=60)
        assert proc.returncode == 0, proc.stderr
        app._poll_store()  # what the app's half-second poll does
        await pilot.pause()
        assert options_of(pilot, "#items-2") == ["from my laptop  — Åsa"]
        assert options_of(pilot, "#items-0") == ["mine"]
        # typing goes on, and neither write is lost
        await type_text(pilot, "more")
        await pilot.press("enter")
        await until_saved(pilot)
        assert [it.text for it in stored(app, retro.id).items] == ["mine", "from my laptop", "more"]
        assert run_screen(pilot).session.retro.items[-1].text == "more"


async def test_a_failed_save_is_told_and_retried_with_the_next_change(app: RetroApp, monkeypatch) -> None:
    from retro.store import StoreError

    retro = new_retro(app, phase="gather", revealed=["worked", "hard", "curious"])
    real_save = app.repo.save
    async with running(app, retro.id) as pilot:
        def full_disk(*objs):  # noqa: ANN002, ANN202
            raise StoreError("disk full")

        monkeypatch.setattr(app.repo, "save", full_disk)
        await type_text(pilot, "one")
        await pilot.press("enter")
        assert options_of(pilot, "#items-0") == ["one"]  # still on screen
        assert any("Not saved: disk full" in n.message for n in app._notifications)
        assert app.repo.get(Retro, retro.id).items == []  # not saved, and kept to save with the next change
        monkeypatch.setattr(app.repo, "save", real_save)
        await type_text(pilot, "two")
        await pilot.press("enter")
        await until_saved(pilot)
        assert [it.text for it in stored(app, retro.id).items] == ["one", "two"]


async def test_the_column_typed_into_has_the_panel_colour_behind_its_title_in_any_theme(app: RetroApp) -> None:
    from textual.color import Color

    retro = new_retro(app, phase="gather", revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        def backgrounds() -> list[Color]:
            return [pilot.app.screen.query_one(f"#column-title-{i}").background_colors[1] for i in range(3)]

        panel = Color.parse(app.theme_variables["panel"])
        behind = backgrounds()[1]
        assert backgrounds()[0] == panel != behind
        await pilot.press("tab")
        assert backgrounds() == [behind, panel, behind]
        assert text_of(pilot, "#column-title-1").startswith("▸ ")
        app.theme = "textual-light"
        await pilot.pause()
        light = Color.parse(app.theme_variables["panel"])
        assert light != panel and backgrounds()[1] == light


@needs("input_line")
async def test_typing_and_enter_draw_the_line_of_text_not_the_border_around_it(app: RetroApp) -> None:
    """A new look of the text is drawn, one line; a look the input had (the text before a
    letter was typed, the empty input after Enter) is handed over, not drawn again."""
    from tests.app.test_item_list import FreshLines

    retro = new_retro(app, phase="gather", revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        entry = app.screen.query_one("#gather-input")
        entry.cursor_blink = False  # the cursor shows all the time: its looks do not depend on the clock
        await pilot.pause()
        assert entry.styles.border_top[0] and entry.has_focus  # a field with a border, typed into
        with FreshLines(entry) as fresh:
            for key, new_look in (("P", True), ("a", True), ("backspace", False), ("left", True), ("enter", False)):
                fresh.lines.clear()
                await pilot.press(key)
                await pilot.pause()
                expected = [entry.styles.gutter.top] if new_look else []
                assert fresh.lines == expected, f"{key!r} drew lines {fresh.lines}"
        await until_saved(pilot)
        assert [it.text for it in stored(app, retro.id).items] == ["P"]
        assert entry.value == ""
        from tests.app.test_compositor import assert_full_render_is_textuals

        app.theme = "textual-light"  # the placeholder and cursor in the new theme's colours, not kept ones
        await pilot.pause()
        assert list(entry.render_line(0)) == list(Input.render_line(entry, 0))
        assert_full_render_is_textuals(app.screen._compositor)
        await pilot.press("down")  # focus leaves: the border's look changes, all of it is drawn
        await pilot.pause()
        assert_full_render_is_textuals(app.screen._compositor)


@needs("compositor")
async def test_the_count_after_enter_is_drawn_ahead_and_the_terminal_shows_it(app: RetroApp) -> None:
    """The column title's count after the next Enter is drawn while the facilitator types: the
    Enter hands its line over, and the terminal shows what a full redraw shows."""
    from tests.app.test_compositor import mirrored
    from tests.app.test_item_list import FreshLines, drawn_ahead

    retro = new_retro(app, phase="gather", revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        mirror = await mirrored(pilot)
        title = app.screen.query_one("#column-title-0")
        for n in (1, 2, 3):
            await type_text(pilot, f"item {n}")
            await drawn_ahead(pilot, lambda: any(isinstance(slot, tuple) and str(slot[1][0]).endswith(f"  {n}")
                                                 for slot in app.screen._compositor._kept.get(title, {})))
            with FreshLines(title) as fresh:
                await pilot.press("enter")
                await pilot.pause()
            assert not fresh.lines, f"Enter {n} drew the title anew"
            assert text_of(pilot, "#column-title-0").endswith(f"  {n}")
            assert mirror.matches(app.screen._compositor), f"the terminal is stale after Enter {n}"
        await pilot.press("tab")  # the next column: the first one's title loses its mark, drawn as it is
        await pilot.pause()
        assert not text_of(pilot, "#column-title-0").startswith("▸") and text_of(pilot, "#column-title-0").endswith("  3")
        assert mirror.matches(app.screen._compositor)


@needs("finished_lines")
async def test_the_first_enter_in_a_long_column_draws_only_the_new_row(app: RetroApp) -> None:
    """The first Enter in a column scrolled to its top takes the cursor to the end: the rows
    there were drawn ahead while the facilitator typed, so only the new item's row is drawn."""
    from retro.tui.widgets.item_list import ItemList
    from tests.app.test_item_list import FreshLines, drawn_ahead, drawing_ahead_done

    items = [(column, f"Item {n} in {column}: a few words more, so that it wraps", "Anna")
             for n in range(30) for column in ("worked", "hard")]
    retro = new_retro(app, phase="gather", items=items, revealed=["worked", "hard", "curious"])
    async with running(app, retro.id, size=(100, 30)) as pilot:
        for column in (0, 1):  # the one shown first, then the next one (Tab)
            listing = app.screen.query_one(f"#items-{column}", ItemList)
            assert listing.scroll_offset.y == 0 and listing.max_scroll_y > 0  # at its top, its end out of view
            await type_text(pilot, f"New {column}")
            await drawn_ahead(pilot, lambda: drawing_ahead_done(listing))
            with FreshLines(listing) as fresh:
                await pilot.press("enter")
                await pilot.pause()
            height = listing.row_heights[-1]
            assert listing.scroll_offset.y == listing.max_scroll_y
            assert len(fresh.lines) <= height, f"column {column}: drew lines {fresh.lines}"
            await until_saved(pilot)
            assert listing.highlighted_id == stored(app, retro.id).items_in(("worked", "hard")[column])[-1].id
            await pilot.press("tab")


async def test_a_gather_view_taken_down_no_longer_listens_for_theme_changes(app: RetroApp) -> None:
    """The signal keeps its subscribers weakly, but the callback would keep the view alive."""
    retro = new_retro(app, phase="gather", revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        view = run_screen(pilot).view
        assert view in app.theme_changed_signal._subscriptions
        await pilot.press("pagedown")  # on to grouping: the gather view goes
        await pilot.pause()
        assert run_screen(pilot).view is not view
        assert view not in app.theme_changed_signal._subscriptions
