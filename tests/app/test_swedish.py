"""The app under `--lang sv` as a Swedish facilitator meets it: Textual's own palette, commands
and keys in Swedish too, the screen's own keys first in the help, the Swedish formats first,
counts in the right form, and wording that reads as meant."""

from __future__ import annotations

import re
import subprocess

import pytest
from textual.binding import Binding
from textual.command import CommandInput, CommandList, CommandPalette
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import OptionList, Static

from retro.tui.app import RetroApp, make_app
from retro.domain.clock import FixedClock
from retro.tui.screens.help import HelpScreen
from retro.tui.screens.home import HomeScreen
from retro.tui.screens.library import FormatLibraryScreen
from retro.tui.screens.run.phases.gather import GatherView
from retro.tui.screens.run.phases.vote import VoteView
from retro.store import Repository
from tests.app.run_support import new_retro, run_screen, running, text_of, until
from tests.i18n_support import swedish

ITEMS = [("worked", "pairing on bugs", "Anna"), ("hard", "flaky tests", "Bo")]


@pytest.fixture
def app(repo: Repository, clock: FixedClock) -> RetroApp:
    return make_app(repo, clock=clock, language="sv")


def textual_descriptions(*nodes: DOMNode) -> set[str]:
    """Every key description Textual's own classes declare for these nodes: English only."""
    found: set[str] = set()
    for node in nodes:
        for cls in type(node).__mro__:
            if cls.__module__.partition(".")[0] == "textual" and "BINDINGS" in cls.__dict__:
                found.update(b.description for b in Binding.make_bindings(cls.__dict__["BINDINGS"]) if b.description)
    return found


def help_rows(app: RetroApp) -> list[tuple[str, str]]:
    """The help screen as read from the top: (section title, description) for every key row."""
    assert isinstance(app.screen, HelpScreen)
    rows: list[tuple[str, str]] = []
    section = ""
    for static in app.screen.query(Static):
        text = str(static.render())
        if static.has_class("help-title"):
            section = text
            continue
        for line in text.splitlines():
            key_and_rest = re.split(r"\s{2,}", line.strip())
            if len(key_and_rest) > 1:
                rows.append((section, key_and_rest[1]))
    return rows


async def help_of(app: RetroApp, pilot, under: Screen) -> list[tuple[str, str]]:  # noqa: ANN001
    """Open the help on `under` (the screen showing), read it, close it."""
    english = textual_descriptions(app, under, *under.query("*"))
    await pilot.press("f1")
    await until(pilot, lambda: isinstance(app.screen, HelpScreen), "no help screen")
    rows = help_rows(app)
    await pilot.press("escape")
    await until(pilot, lambda: app.screen is under, "the help did not close")
    leftover = [row for row in rows if row[1] in english]
    assert not leftover, f"Textual's English in the help: {leftover}"
    return rows


async def test_palette_placeholder_and_textual_commands_are_swedish(app: RetroApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await until(pilot, lambda: CommandPalette.is_open(app), "no command palette")
        assert app.screen.query_one(CommandInput).placeholder == "Sök efter kommandon…"
        commands = app.screen.query_one(CommandList)
        await until(pilot, lambda: commands.option_count > 0, "no commands listed")
        listed = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        titles = {prompt.splitlines()[0] for prompt in listed}
        assert {"Färgtema", "Skärmbild", "Avsluta", "Hjälp", "Starta retro"} <= titles
        # Textual's own commands are replaced, not listed beside the Swedish ones.
        assert not titles & {"Theme", "Quit", "Keys", "Screenshot", "Maximize", "Minimize"}
        assert not any("Quit the application" in p or "Save an SVG" in p for p in listed)
        # Textual's generic keys (its English) are no commands of the app.
        assert not titles & textual_descriptions(app, app.screen_stack[0], *app.screen_stack[0].query("*"))

        await pilot.press(*"färgtema")
        await until(pilot, lambda: commands.option_count == 1, "no single match for the theme command")
        await pilot.press("enter")
        await until(pilot, lambda: CommandPalette.is_open(app)
                    and app.screen.query_one(CommandInput).placeholder == "Sök efter färgtema…",
                    "the theme picker is not in Swedish")


async def test_home_help_is_swedish_with_the_screens_own_keys_first(app: RetroApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        rows = await help_of(app, pilot, app.screen)
        sections = [section for section, _ in rows]
        descriptions = [description for _, description in rows]
        assert sections[0] == "Tangenter på den här skärmen"
        assert descriptions[:5] == ["Byt fokus", "Starta retro", "Återuppta", "Kata-loggen", "Format"]
        # then the app-wide keys, then a line or two for what every list and field has
        assert descriptions.index("Format") < descriptions.index("Avsluta") < descriptions.index("Kopiera markerad text")
        assert sections[-1] == "Tangenter i alla listor och fält"
        assert "Flytta, rulla och bläddra" in descriptions and descriptions.count("Kommandopalett") == 1


async def test_run_and_library_help_are_swedish_with_their_own_keys_first(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather")
    async with running(app, retro.id, size=(100, 40)) as pilot:
        screen = run_screen(pilot)
        assert isinstance(screen.view, GatherView)  # a text field has the focus: a dozen Textual keys
        rows = await help_of(app, pilot, screen)
        descriptions = [description for _, description in rows]
        assert descriptions[0] == "Nästa fas"
        for own in ("Nästa kolumn", "Klistra in chatt", "Ångra"):
            assert descriptions.index(own) < descriptions.index("Avsluta") < descriptions.index("Välj eller bekräfta")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "escape did not go home")
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FormatLibraryScreen), "no library")
        rows = await help_of(app, pilot, app.screen)
        # The library's own keys, in Swedish, come first ("Tillbaka" among them).
        assert rows[0][0] == "Tangenter på den här skärmen"
        own = [d for section, d in rows if section == "Tangenter på den här skärmen"]
        assert "Tillbaka" in own and "Förhandsvisa" in own


async def test_home_lists_the_swedish_formats_first(app: RetroApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        formats = app.screen.query_one("#formats", OptionList)
        ids = [formats.get_option_at_index(i).id for i in range(formats.option_count)]
        languages = [app.catalog.get(i).language for i in ids]
        assert languages[0] == "sv" and languages == sorted(languages, key=lambda lang: lang != "sv")
        assert "sv" in languages and "en" in languages


def test_formats_list_puts_the_swedish_ones_first_under_sv(retro_cmd, cli_env) -> None:  # noqa: ANN001
    def ids(*lang: str) -> list[str]:
        proc = subprocess.run([*retro_cmd, *lang, "formats", "list"], env=cli_env, capture_output=True, text=True,
                              timeout=60, check=True)
        return [line.split()[0] for line in proc.stdout.splitlines() if line.strip()]

    swedish, english = ids("--lang", "sv"), ids("--lang", "en")
    assert sorted(swedish) == sorted(english)
    count = sum(i.endswith("-sv") for i in swedish)
    assert count and all(i.endswith("-sv") for i in swedish[:count])
    assert not any(i.endswith("-sv") for i in english[: len(english) - count])


async def test_vote_status_counts_one_vote_in_the_singular(app: RetroApp) -> None:
    retro = new_retro(app, phase="vote", items=ITEMS)
    async with running(app, retro.id) as pilot:
        assert isinstance(run_screen(pilot).view, VoteView)
        await pilot.press("space")  # Bo (remote, first) votes once
        status = text_of(pilot, "#vote-status")
        assert "Bo har 2 av 3 röster kvar" in status and "1 röst lagd" in status and "röster lagda" not in status


async def test_a_skipped_phase_reads_as_a_swedish_sentence(app: RetroApp, monkeypatch: pytest.MonkeyPatch) -> None:
    toasts: list[str] = []
    notify = app.notify
    monkeypatch.setattr(app, "notify", lambda message, *a, **k: (toasts.append(str(message)), notify(message, *a, **k)))
    retro = new_retro(app, format_id="hybrid-experiments-sv")
    async with running(app, retro.id) as pilot:
        await pilot.press("pagedown")  # the review has nothing due: skipped, with a note
        await until(pilot, lambda: isinstance(run_screen(pilot).view, GatherView), "the review was not skipped")
        assert any(toast.startswith("Förra gångens experiment hoppades över: ") for toast in toasts), toasts


def test_the_kata_log_is_the_kata_log_in_swedish() -> None:
    """"Kataloggen" reads as "the catalogue": it is the kata log, "Kata-loggen"."""
    for english, said in swedish().items():
        assert "katalogg" not in said.lower(), said
        if "kata log" in english.lower():
            assert "kata-logg" in said.lower() or "demologg" in said, (english, said)
