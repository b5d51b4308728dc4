"""Compose a format by keys: start from one format, swap its gather for another's, reorder,
retitle, adjust minutes, save; the saved file is valid commented TOML that reloads to exactly the
format that was composed. Refusals leave no file behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static, Tree

from retro.tui.app import RetroApp
from retro.store.catalog import load_catalog, load_file
from retro.tui.dialogs.format_dialogs import TextDialog
from retro.domain.format_draft import Draft
from retro.tui.screens.compose import ComposeScreen
from retro.tui.screens.library import FormatLibraryScreen

SIZE = (110, 36)


@pytest.fixture
def user_dir() -> Path:
    return Path(os.environ["RETRO_FORMATS_DIR"])


async def open_compose(app: RetroApp, pilot, base_id: str) -> ComposeScreen:
    await pilot.press("f")
    await pilot.pause()
    library = app.screen
    assert isinstance(library, FormatLibraryScreen)
    options = library.query_one("#library-formats", OptionList)
    ids = [o.id for o in options.options]
    await pilot.press("home", *["down"] * ids.index(base_id), "m")
    await pilot.pause()
    assert isinstance(app.screen, ComposeScreen)
    return app.screen


def draft_titles(screen: ComposeScreen) -> list[str]:
    return [p.title for p in screen.draft.phases]


async def go_to_draft_phase(pilot, screen: ComposeScreen, index: int) -> None:
    screen.query_one("#compose-phases", OptionList).focus()
    await pilot.press("home", *["down"] * index)
    assert screen.query_one("#compose-phases", OptionList).highlighted == index


async def add_from_tree(pilot, screen: ComposeScreen, format_id: str, phase_index: int) -> None:
    """Open the format's node in the tree and press Enter on one of its phases, by keys."""
    tree = screen.query_one("#compose-tree", Tree)
    tree.focus()
    nodes = list(tree.root.children)
    position = next(i for i, n in enumerate(nodes) if n.children[0].data[0] == format_id)
    for node in nodes:
        node.collapse()
    await pilot.press("home", *["down"] * position, "enter")  # open the format
    await pilot.press(*["down"] * (phase_index + 1), "enter")  # add the phase
    await pilot.pause()


async def test_compose_swaps_a_gather_adjusts_and_saves_a_file_that_reloads_identically(
    app: RetroApp, user_dir: Path
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compose(app, pilot, "hybrid-experiments-sv")
        assert draft_titles(screen)[2] == "Vad hände?"
        assert "Total: 60 min" in str(screen.query_one("#compose-total", Static).render())

        # Take out the gather; the highlight goes to the phase before, so the new one lands in its place.
        await go_to_draft_phase(pilot, screen, 2)
        await pilot.press("x")
        await add_from_tree(pilot, screen, "mad-sad-glad-sv", 2)
        assert draft_titles(screen)[:4] == ["Incheckning", "Förra gångens experiment", "Arg, ledsen, glad",
                                            "Gruppera i teman"]

        # Shorter: discuss 15 -> 12, decide 10 -> 8 (the total follows), and a new title for the check-in.
        await go_to_draft_phase(pilot, screen, 5)
        await pilot.press(*["minus"] * 3)
        await pilot.press("down", *["minus"] * 2)
        await go_to_draft_phase(pilot, screen, 0)
        await pilot.press("t")
        assert isinstance(app.screen, TextDialog)
        await pilot.press("ctrl+u", *"Ett ord", "enter")
        # Move the vote before the group, then back: order is the user's to choose.
        await go_to_draft_phase(pilot, screen, 4)
        await pilot.press("ctrl+up")
        assert draft_titles(screen)[3] == "Prickröstning"
        await pilot.press("ctrl+down")
        assert screen.draft.minutes == 55
        assert "Total: 55 min" in str(screen.query_one("#compose-total", Static).render())

        screen.query_one("#compose-id", Input).focus()
        await pilot.press(*"hybrid-55-sv", "tab", *"Hybrid, 55 minuter")
        expected = screen.draft.to_format("hybrid-55-sv", "Hybrid, 55 minuter", "sv",
                                          screen.query_one("#compose-summary", Input).value)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormatLibraryScreen)
        assert app.screen.query_one("#library-formats", OptionList).highlighted_option.id == "hybrid-55-sv"
        assert app.catalog.get("hybrid-55-sv") is not None

    path = user_dir / "hybrid-55-sv.toml"
    text = path.read_text(encoding="utf-8")
    assert "# Bygger på: hybrid-experiments-sv, mad-sad-glad-sv." in text
    assert "# gather: alla skriver lappar" in text
    reloaded = load_file(path)
    assert reloaded.to_dict() == expected.to_dict()
    assert reloaded.phases == expected.phases
    assert [c.id for c in reloaded.columns()] == ["arg", "ledsen", "glad"]
    assert reloaded.phases[0].title == "Ett ord" and reloaded.minutes == 55 and not reloaded.minutes_disagree
    assert load_catalog().skipped == []


async def test_save_refuses_missing_fields_taken_ids_and_an_empty_draft(app: RetroApp, user_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compose(app, pilot, "sailboat")
        message = screen.query_one("#compose-message", Static)
        await pilot.press("ctrl+s")
        assert "Fill in: Id, Name" in str(message.render())
        assert app.focused is screen.query_one("#compose-id", Input)
        await pilot.press(*"sailboat", "tab", *"Another boat", "ctrl+s")
        assert "sailboat is taken" in str(message.render())
        assert app.focused is screen.query_one("#compose-id", Input)  # back where the fix goes
        await pilot.press("ctrl+u", *"Bad Id", "ctrl+s")
        assert "Use lower-case letters" in str(message.render())
        await pilot.press("ctrl+u", *"boat")
        await go_to_draft_phase(pilot, screen, 0)
        await pilot.press(*["x"] * 8)
        assert screen.draft.phases == []
        await pilot.press("ctrl+s")
        assert "Add at least one phase" in str(message.render())
        assert isinstance(app.screen, ComposeScreen)
    assert not user_dir.exists() or not any(user_dir.iterdir())


async def test_leaving_with_a_draft_asks_first_and_writes_nothing(app: RetroApp, user_dir: Path) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_compose(app, pilot, "4ls")
        await go_to_draft_phase(pilot, screen, 1)
        await pilot.press("plus")
        await pilot.press("escape")
        assert app.screen is screen
        assert "not saved" in str(screen.query_one("#compose-message", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, FormatLibraryScreen)
    assert not user_dir.exists() or not any(user_dir.iterdir())


def test_draft_keeps_column_ids_unique_and_minutes_positive() -> None:
    catalog = load_catalog()
    hybrid = catalog.get("hybrid-experiments")
    draft = Draft.from_format(hybrid)
    gather = hybrid.phases[2]
    draft.add(gather, "hybrid-experiments")
    draft.add(gather, "hybrid-experiments")
    ids = [c.id for c in draft.to_format("x", "X", "en", "s").columns()]
    assert ids == ["worked", "hard", "curious", "worked-2", "hard-2", "curious-2", "worked-3", "hard-3", "curious-3"]
    draft.change_minutes(0, -50)
    assert draft.phases[0].minutes == 1
    assert draft.move(0, -3) == 0 and draft.move(0, 100) == len(draft.phases) - 1
    draft.retitle(0, "   ")
    assert draft.phases[0].title == hybrid.phases[1].title  # a blank title is ignored
