"""The leader's private kata log never reaches the shared screen (issue 19).

A retro's run screen is shared on a call. The store here holds a PRIVATE target condition (the
active one), its private notes, a personal obstacle and an experiment the leader planned in the
kata log, each with a marker of its own. The walk goes through every phase of a retro and every
dialog they open, and the home screen after Esc, and collects what is on screen at each step:
the screenshot's text, the text of every widget of the screen (shown or not: a hidden one is
one toggle away from the screen) and every toast. No marker may be in it.

The same collector finds every marker in the kata log opened deliberately: it would catch a leak.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta
from contextlib import asynccontextmanager
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Select, Static, TextArea

from retro.tui.app import RetroApp
from retro.domain.kata import Challenge, Experiment, Obstacle, TargetCondition, focus
from retro.domain.retro import Retro
from retro.tui.screens.home import HomeScreen
from retro.tui.screens.kata import KataScreen
from retro.tui.screens.run import RunScreen
from retro.tui.screens.run.phases.checkin import CheckInView
from retro.tui.screens.run.phases.close import CloseView
from retro.tui.screens.run.phases.decide import DecideView
from retro.tui.widgets.item_list import ItemList
from tests.app.run_support import KINDS, new_retro, run_screen, until, type_text

PRIVATE_TITLE = "PRIVAT-Jag tar med ämnen till min chef"
NOTES = "ANTECKNING-Ali verkar ha det tungt hemma"
OBSTACLE = "HINDER-Jag svarar av reflex"
STEP = "STEG-Räkna mina frågor på standup"
CHALLENGE = "UTMANING-Ett ledarskap som skapar riktning"
MARKERS = ("PRIVAT-", "ANTECKNING-", "HINDER-", "STEG-", "UTMANING-")
SHARED_TITLE = "Standupen tar högst 15 minuter"
TEAM_STEP = "Timer på standupen"  # the team's own step, decided at an earlier retro: it may show
ITEMS = [("worked", "pairing on bugs", "Anna"), ("hard", "flaky tests", "Bo"), ("hard", "slow CI", ""),
         ("curious", "more demos?", "Åsa")]


# -- what is on screen --------------------------------------------------------------------------


def _screenshot_lines(app: RetroApp) -> list[str]:
    """The screenshot as lines of text (with the screens a dialog is drawn over)."""
    svg = app.export_screenshot(simplify=True)
    rows: dict[float, list[tuple[float, str]]] = {}
    for m in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg, re.S):
        rows.setdefault(float(m.group(2)), []).append((float(m.group(1)), html.unescape(m.group(3)).replace("\xa0", " ")))
    return ["".join(text for _, text in sorted(row)) for _, row in sorted(rows.items())]


def _widget_texts(screen: Screen[Any]) -> list[str]:
    found: list[str] = []
    for widget in screen.query("*"):
        if isinstance(widget, Static):
            found.append(str(widget.render()))
        elif isinstance(widget, (OptionList, ItemList)):
            found += [str(option.prompt) for option in widget.options]
        elif isinstance(widget, Input):
            found.append(widget.value)
        elif isinstance(widget, TextArea):
            found.append(widget.text)
        elif isinstance(widget, Select):
            found.append(str(widget.selection))
    return found


def _screens_shown(app: RetroApp) -> list[Screen[Any]]:
    """The top screen and, under a dialog, the screens it is drawn over."""
    shown: list[Screen[Any]] = []
    for screen in reversed(app.screen_stack):
        shown.append(screen)
        if not isinstance(screen, ModalScreen):
            break
    return shown


class Watch:
    """What is on screen at each step, and every toast of the app (recorded as it is raised)."""

    def __init__(self, app: RetroApp) -> None:
        self.app = app
        self.toasts: list[str] = []
        real = app.notify

        def notify(message: str, *args: Any, **kwargs: Any) -> None:
            self.toasts.append(str(message))
            real(message, *args, **kwargs)

        app.notify = notify  # type: ignore[method-assign]

    def shown(self) -> list[str]:
        lines = _screenshot_lines(self.app)
        for screen in _screens_shown(self.app):
            lines += _widget_texts(screen)
        return lines + self.toasts

    def check(self, where: str) -> None:
        leaks = [f"{marker} in {line!r}" for line in self.shown() for marker in MARKERS if marker in line]
        assert not leaks, f"private kata text on the shared screen at {where}: {leaks}"


@asynccontextmanager
async def on_screen(app: RetroApp, retro_id: str | None = None, size: tuple[int, int] = (120, 36)):
    """The app with its toasts drawn (a test's app leaves them out), on a retro's run screen
    when given one; yields the pilot and the watch."""
    async with app.run_test(size=size, notifications=True) as pilot:
        watch = Watch(app)
        if retro_id is not None:
            app.push_screen(RunScreen(retro_id))
        await pilot.pause()
        yield pilot, watch


# -- the store --------------------------------------------------------------------------------


def private_log(app: RetroApp) -> dict[str, str]:
    """A shared target condition (closed) and a PRIVATE one (active, the newest), with notes, a
    personal obstacle in focus, the leader's own experiment (due, no team) and one the team
    decided at an earlier retro (due, under the private target condition)."""
    now = app.clock.now()
    ch = Challenge.create(CHALLENGE, now - timedelta(days=30), area="personal")
    shared = TargetCondition.create(ch.id, SHARED_TITLE, now - timedelta(days=14), achieve_by=date(2026, 11, 20))
    shared.close("achieved", "It worked", now - timedelta(days=7))
    private = TargetCondition.create(ch.id, PRIVATE_TITLE, now - timedelta(days=2), achieve_by=date(2026, 12, 1),
                                     area="personal", notes=NOTES)
    assert not private.is_shared and shared.is_shared
    ob = Obstacle.create(private.id, OBSTACLE, now - timedelta(days=2))
    focus(ob, [ob])
    mine = Experiment.plan(STEP, "Jag svarar tre gånger så ofta", now - timedelta(days=2), date(2026, 11, 25),
                           target_condition_id=private.id, obstacle_id=ob.id)
    theirs = Experiment.plan(TEAM_STEP, "Vi håller oss till 15 minuter", now - timedelta(days=2), date(2026, 11, 25),
                             target_condition_id=private.id, team="Blå", owner="Anna")
    app.repo.add(ch, shared, private, ob, mine, theirs)
    return {"private": private.id, "shared": shared.id}


def retro_to_walk(app: RetroApp, **fields: Any) -> Retro:
    """A retro of the team with items in every column, a theme and votes: each phase shows something."""
    retro = new_retro(app, items=ITEMS, revealed=["worked", "hard", "curious"], **fields)
    theme = retro.create_theme("Flaky pipeline")
    retro.move_item(retro.items[1].id, theme.id)
    retro.cast_vote("Bo", theme.id, 2)
    retro.cast_vote("Anna", retro.items[0].id, 1)
    app.repo.save(retro)
    return retro


# -- the walk ---------------------------------------------------------------------------------


async def _open_and_close(pilot, watch: Watch, where: str, *keys: str, dialog: type | None = None) -> None:
    screen = pilot.app.screen
    await pilot.press(*keys)
    await until(pilot, lambda: pilot.app.screen is not screen, f"{keys} opened nothing at {where}")
    if dialog is not None:
        assert isinstance(pilot.app.screen, dialog), pilot.app.screen
    await pilot.pause()
    watch.check(where)
    await pilot.press("escape")
    await until(pilot, lambda: pilot.app.screen is screen, f"escape did not close the dialog at {where}")


@pytest.mark.slow
async def test_every_phase_and_its_dialogs_show_nothing_of_the_private_log(app: RetroApp) -> None:
    from retro.tui.dialogs.export import ExportDialog
    from retro.tui.dialogs.paste_chat import PasteChatDialog
    from retro.tui.dialogs.participant import AddParticipantDialog
    from retro.tui.screens.help import HelpScreen

    private_log(app)
    retro = retro_to_walk(app)
    async with on_screen(app, retro.id) as (pilot, watch):
        screen = run_screen(pilot)
        assert isinstance(screen.view, CheckInView)
        seen = []
        for index, kind in enumerate(KINDS):
            await until(pilot, lambda: screen.session.retro.phase_index == index, f"not at {kind}")
            await pilot.pause()
            seen.append(kind)
            watch.check(kind)
            if kind == "review":  # the team's step is due: shown, and nothing of its target condition
                assert any(TEAM_STEP in line for line in watch.shown())
            await _open_and_close(pilot, watch, f"{kind}: help", "f1", dialog=HelpScreen)
            await _open_and_close(pilot, watch, f"{kind}: command palette", "ctrl+p", dialog=CommandPalette)
            await _open_and_close(pilot, watch, f"{kind}: late joiner", "f2", dialog=AddParticipantDialog)
            if kind == "gather":
                await _open_and_close(pilot, watch, "gather: paste chat", "ctrl+o", dialog=PasteChatDialog)
            if kind == "close":
                await _open_and_close(pilot, watch, "close: export", "x", dialog=ExportDialog)
            if kind != "close":
                await pilot.press("pagedown")
        assert seen == KINDS and isinstance(screen.view, CloseView)
        await pilot.press("escape")  # leave the retro: the home screen, still on the call
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "escape did not go home")
        await pilot.pause()
        watch.check("home after Esc")


async def test_the_home_screen_after_a_retro_shows_a_private_target_condition_only_as_the_kata_log(
        app: RetroApp) -> None:
    ids = private_log(app)
    retro = retro_to_walk(app)
    async with on_screen(app, retro.id) as (pilot, watch):
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "escape did not go home")
        await pilot.pause()
        watch.check("home after Esc")
        assert str(app.screen.query_one("#active-tc", Static).render()) == "Kata log (k)"
        # Shared, it is the team's: the home screen shows it.
        app.repo.update(TargetCondition, ids["private"], lambda tc: setattr(tc, "shared", True))
        app.screen.refresh_data()
        await pilot.pause()
        assert PRIVATE_TITLE in str(app.screen.query_one("#active-tc", Static).render())


async def test_the_decide_form_offers_no_private_target_condition(app: RetroApp) -> None:
    private_log(app)
    retro = retro_to_walk(app, phase="decide")
    async with on_screen(app, retro.id) as (pilot, watch):
        assert isinstance(run_screen(pilot).view, DecideView)
        await pilot.press("enter")  # an experiment from the top theme
        await until(pilot, lambda: type(app.screen).__name__ == "ExperimentForm", "no experiment form")
        form = app.screen
        await pilot.pause()
        watch.check("decide: experiment form")
        for select in ("#tc", "#obstacle"):  # each list opened, as someone choosing would
            form.query_one(select, Select).focus()
            await pilot.press("enter")
            await pilot.pause()
            watch.check(f"decide: experiment form, {select} open")
            await pilot.press("escape")
            await pilot.pause()


async def test_a_toast_of_the_kata_log_does_not_follow_to_the_home_screen(app: RetroApp) -> None:
    """Toasts follow the app from screen to screen for a few seconds; the kata log's may name a
    private target condition, and the home screen is one Esc from a presented retro."""
    from retro.tui.dialogs.tc_form import TargetConditionForm

    now = app.clock.now()
    app.repo.add(Challenge.create(CHALLENGE, now, area="personal"))
    async with on_screen(app) as (pilot, watch):
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, KataScreen), "no kata log")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TargetConditionForm), "no target condition form")
        await type_text(pilot, "PRIVAT-Ny malbild for mig")
        app.screen.query_one("#area", Select).value = "personal"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, KataScreen), "the form did not save")
        await until(pilot, lambda: any("PRIVAT-Ny malbild" in str(toast.render())
                                       for toast in app.screen.query("Toast")), "no toast")  # in the log: fine
        watch.toasts.clear()  # from here on: what the home screen shows
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "escape did not go home")
        await pilot.pause()
        watch.check("home after the kata log")
        assert str(app.screen.query_one("#active-tc", Static).render()) == "Kata log (k)"


async def test_the_kata_log_opened_deliberately_shows_every_marker(app: RetroApp) -> None:
    """The collector sees private text where it is meant to be: it would catch a leak."""
    private_log(app)
    async with on_screen(app) as (pilot, watch):
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, KataScreen), "no kata log")
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = "\n".join(watch.shown())
        for marker in ("PRIVAT-", "ANTECKNING-", "HINDER-", "STEG-", "UTMANING-"):
            assert marker in shown, marker
        with pytest.raises(AssertionError, match="private kata text"):
            watch.check("the kata log")


async def test_v_in_the_kata_log_shares_the_target_condition_and_makes_it_private_again(app: RetroApp) -> None:
    from retro.tui.screens.help import HelpScreen

    ids = private_log(app)
    async with on_screen(app) as (pilot, watch):
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, KataScreen), "no kata log")
        await app.workers.wait_for_complete()
        await pilot.pause()
        title = app.screen.query_one("#kata-title", Static)
        meta = app.screen.query_one("#kata-meta", Static)
        assert str(title.render()) == PRIVATE_TITLE and str(meta.render()).startswith("Private · ")
        await pilot.press("v")
        assert app.repo.get(TargetCondition, ids["private"]).shared is True
        assert str(meta.render()).startswith("Shared with the team · Personal leadership")
        assert "Shared with the team" in watch.toasts[-1]
        await pilot.press("escape")  # home: shared now, so shown
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "escape did not go home")
        await pilot.pause()
        assert PRIVATE_TITLE in str(app.screen.query_one("#active-tc", Static).render())

        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, KataScreen), "no kata log")
        await pilot.press("v")
        assert app.repo.get(TargetCondition, ids["private"]).shared is False
        assert str(title.render()) == PRIVATE_TITLE and str(meta.render()).startswith("Private · ")
        assert "Private" in watch.toasts[-1]
        await pilot.press("f1")  # the key is in the help, with what it does
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "no help")
        help_text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Share with the team / Make private" in help_text and "Only a shared target condition" in help_text
        await pilot.press("escape", "escape")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "escape did not go home")
        await pilot.pause()
        assert str(app.screen.query_one("#active-tc", Static).render()) == "Kata log (k)"
        watch.check("home after making it private")

        # A past target condition is shared or private too: History, Enter shows it, v shares it.
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, KataScreen), "no kata log")
        await pilot.press("2", "down")
        await until(pilot, lambda: SHARED_TITLE in str(app.screen.query_one("#past-detail", Static).render()),
                    "the past one is not highlighted")
        assert "Shared with the team · Team self-leadership" in str(app.screen.query_one("#past-detail").render())
        await pilot.press("enter")
        await until(pilot, lambda: str(title.render()) == SHARED_TITLE, "the past one is not in view")
        assert str(meta.render()).startswith("Shared with the team · Team self-leadership")  # by its area
        await pilot.press("v")
        assert app.repo.get(TargetCondition, ids["shared"]).shared is False
        assert str(meta.render()).startswith("Private · Team self-leadership")
