"""The screen as the team sees it at 80x24: every footer shows its keys whole (English and
Swedish), a toast never covers the line being typed into, and the kata record keeps its step and
expectation readable."""

from __future__ import annotations

from datetime import date

import pytest
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Input

from retro import i18n
from retro.tui.app import RetroApp, make_app
from retro.store.catalog import load_catalog
from retro.demo import build_demo
from retro.domain.clock import FixedClock
from retro.domain.kata import Challenge, Experiment, TargetCondition
from retro.tui.screens.coaching import CoachingScreen
from retro.tui.screens.help import HelpScreen
from retro.tui.screens.kata import KataScreen
from retro.tui.screens.library import FormatLibraryScreen
from retro.tui.screens.preview import FormatPreviewScreen
from retro.tui.screens.run import RunScreen
from retro.store import Repository
from retro.tui.widgets.footer import StableFooter
from retro.tui.widgets.kata_record import RecordTable
from tests.app.run_support import type_text, until
from tests.snapshots.test_run_snapshots import KINDS, seeded

SMALL = (80, 24)
HELP = "Help"
NEXT = "Next phase"
# The keys that matter, whole in the footer at 80x24 in both languages (English descriptions).
MATTER = {
    "home": ["Start retro", "Resume", "Kata log", "Formats", HELP],
    "kata": ["New experiment", "Start", "Amend", "Outcome", "Coaching", HELP],
    "library": ["Preview", "Rehearse", "Copy", "Edit", "Compose", HELP],
    "preview": ["Back", "Rehearse", "Copy", "Edit", "Compose", HELP],
    "kata coaching": ["Next question", "Save cycle", "Plan next step", HELP],
    "check-in": ["Checked in", "Add person", "Share", NEXT, HELP],
    "review": ["Record outcome", NEXT, HELP],
    "gather": ["Undo", "Next column", NEXT, HELP],
    "gather items": ["Edit", "Delete", "Undo", "Next column", NEXT, HELP],
    "group": ["New theme", "Pick", "Take out", "Rename", "Delete", NEXT, HELP],
    "vote": ["Vote", "Take back", "Voter", "Sort", NEXT, HELP],
    "discuss": ["Next topic", "Next speaker", "Undo note", NEXT, HELP],
    "decide": ["Experiment from this", "New experiment", NEXT, HELP],
    "decide experiments": ["Edit", "New experiment", "Delete", NEXT, HELP],
    "close": ["ROTI", "Close retro", "Export", NEXT, HELP],
}
# How to get there from a run screen opened on the phase (the first word of the name).
THEN = {"gather items": ["down"], "decide experiments": ["tab"], "kata coaching": ["c"]}


def footer_keys(screen: Screen) -> list:
    """The footer's keys (the palette key last: docked on the right, over the rest)."""
    return list(screen.query_one(StableFooter).children)


def footer_line(screen: Screen) -> str:
    """The footer's line as drawn: each key's own rendering at its place, cut at the footer's edge."""
    footer = screen.query_one(StableFooter)
    area = footer.region
    cells = [" "] * area.width
    for key in footer_keys(screen):
        region = key.region
        if not region.area:
            continue  # scrolled out of the footer altogether
        for i, char in enumerate(key.render_lines(Region(0, 0, region.width, 1))[0].text):
            x = region.x - area.x + i
            if 0 <= x < area.width:
                cells[x] = char
    return "".join(cells)


def whole(key) -> str:  # noqa: ANN001 - Textual's FooterKey
    return f"{key.key_display} {key.description}"


def open_screen(repo: Repository, clock: FixedClock, name: str, language: str) -> RetroApp:
    """An app on `name` (a screen, or a phase of the run screen) at 80x24, and its pilot."""
    kind = name.split()[0]
    i18n.set_language(language)  # before the screen is made: its keys are translated as it is
    start = None
    if kind in KINDS:
        start = RunScreen(seeded(repo, kind).id)
    elif kind == "library":
        start = FormatLibraryScreen()
    elif kind == "preview":
        start = FormatPreviewScreen(load_catalog().get("hybrid-experiments"))
    elif kind == "kata":
        repo.add(*build_demo(clock.now()))
    app = make_app(repo, clock=clock, language=language, start=start)
    return app


async def settle_footer(pilot) -> None:  # noqa: ANN001
    footer = pilot.app.screen.query_one(StableFooter)
    await until(pilot, lambda: len(footer.children) > 0, "the footer shows no keys")
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("name", list(MATTER))
async def test_every_footer_shows_its_keys_whole_at_80x24(repo: Repository, clock: FixedClock, name: str,
                                                         language: str) -> None:
    app = open_screen(repo, clock, name, language)
    kind = name.split()[0]
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        if kind == "kata":
            await pilot.press("k")
            await app.workers.wait_for_complete()
            await until(pilot, lambda: isinstance(app.screen, KataScreen))
        for key in THEN.get(name, []):
            await pilot.press(key)
        if name == "kata coaching":
            await until(pilot, lambda: isinstance(app.screen, CoachingScreen))
        await settle_footer(pilot)
        line = footer_line(app.screen)
        shown = [key for key in footer_keys(app.screen) if key.region.area]
        # Every key drawn is drawn whole: its key and its description, none cut at the edge or
        # under the palette key.
        for key in shown:
            assert whole(key) in line, f"{name} ({language}): {whole(key)!r} is cut in {line!r}"
        assert line.rstrip().endswith(tuple(key.description for key in shown)), line
        # And the keys that matter in this phase are among them.
        for description in MATTER[name]:
            assert f" {i18n.t(description)} " in line, f"{name} ({language}): no {description!r} in {line!r}"


async def test_the_vote_footer_shows_the_arrows_for_the_voters(repo: Repository, clock: FixedClock) -> None:
    app = open_screen(repo, clock, "vote", "en")
    async with app.run_test(size=SMALL) as pilot:
        await settle_footer(pilot)
        line = footer_line(app.screen)
        assert "←/→ Voter" in line and ">" not in line and "<" not in line
        voters = app.screen.query_one("#vote-voters")
        first = voters.highlighted
        await pilot.press("right")
        assert voters.highlighted == first + 1
        await pilot.press("left")
        assert voters.highlighted == first


async def test_keys_left_out_of_the_footer_are_in_help_and_the_palette(repo: Repository, clock: FixedClock) -> None:
    app = open_screen(repo, clock, "gather", "en")
    async with app.run_test(size=SMALL) as pilot:
        await settle_footer(pilot)
        line = footer_line(app.screen)
        hidden = ["Previous phase", "Pause timer", "+1 min", "Add person"]
        assert not [words for words in hidden if words in line]
        palette = {command.title for command in app.get_system_commands(app.screen)}
        assert set(hidden) <= palette
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        helped = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert all(words in helped for words in hidden)


async def test_a_narrower_footer_drops_keys_whole_and_keeps_help(repo: Repository, clock: FixedClock) -> None:
    app = open_screen(repo, clock, "vote", "sv")
    async with app.run_test(size=SMALL) as pilot:
        for width in (70, 50, 30):
            await pilot.resize_terminal(width, 24)
            await settle_footer(pilot)
            line = footer_line(app.screen)
            shown = [key for key in footer_keys(app.screen) if key.region.area]
            assert all(whole(key) in line for key in shown), line
            assert f"f1 {i18n.t('Help')}" in line, line


@pytest.mark.parametrize("phase, field", [("gather", "#gather-input"), ("discuss", "#discuss-note-input")])
async def test_a_toast_never_covers_the_line_being_typed_into(repo: Repository, clock: FixedClock, phase: str,
                                                             field: str) -> None:
    app = open_screen(repo, clock, phase, "en")
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await pilot.pause()
        typing = app.screen.query_one(field, Input)
        typing.focus()
        await type_text(pilot, "Half a sentence")
        await pilot.press("ctrl+g", "ctrl+g")  # "One more minute." twice
        app.notify("Not saved: the disk is full. Your change stays on screen; it is saved again with the next one.",
                   severity="error")
        await until(pilot, lambda: len(app.screen.query("Toast")) == 3, "no toasts")
        await pilot.pause()
        toasts = [toast.region for toast in app.screen.query("Toast")]
        assert all(toast.area for toast in toasts)
        assert not [toast for toast in toasts if toast.overlaps(typing.region)], (typing.region, toasts)
        timer = app.screen.query_one("#phase-timer").region
        assert not [toast for toast in toasts if toast.overlaps(timer)], (timer, toasts)
        assert app.focused is typing and typing.value == "Half a sentence"


LONG_STEP = "Ask the team at the retro whether anyone noticed a difference in how I answer"
LONG_EXPECTATION = "Some have noticed that I am quieter, but nobody knows why yet, and two ask"


@pytest.mark.parametrize("size", [SMALL, (100, 30)])
async def test_the_kata_record_keeps_step_and_expectation_readable(app: RetroApp, size: tuple[int, int]) -> None:
    now = app.clock.now()
    challenge = Challenge.create("Lead by asking", now)
    tc = TargetCondition.create(challenge.id, "I ask more than I answer", now, achieve_by=date(2026, 12, 4))
    step = Experiment.plan(LONG_STEP, LONG_EXPECTATION, now, date(2026, 11, 27), target_condition_id=tc.id)
    app.repo.add(challenge, tc, step)
    async with app.run_test(size=size) as pilot:
        await pilot.press("k")
        await app.workers.wait_for_complete()
        await until(pilot, lambda: isinstance(app.screen, KataScreen) and app.screen.query_one(RecordTable).row_count)
        table = app.screen.query_one(RecordTable)
        cells = table.cells(0)
        shown_step, shown_expectation = cells[3].rstrip("…"), cells[4].rstrip("…")
        assert LONG_STEP.startswith(shown_step) and LONG_EXPECTATION.startswith(shown_expectation), cells
        head = str(app.screen.query_one("#kata-record-head").render())
        assert "Day" in head and "planned" in cells  # the day and the status stay
        if size == SMALL:  # columns go rather than every text shrinking to a few letters
            assert len(shown_step) >= 25 and len(shown_expectation) >= 25, cells
            assert "What will be done" in head and "What we expect" in head, head
            assert "What happened" not in head  # the outcome's columns go first (the detail shows them)
        else:  # from 100 columns all seven columns stay
            assert all(label in head for label in ("#", "What happened", "What was")), head
