"""The kata log built ahead, off screen, in a pause on the home screen (what `retro` does, so
even the first `k` only shows it): what the user then sees, what a write by someone else in the
meantime does to it, and a quit in the middle of the build."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from textual.widgets import TabbedContent

from retro.tui.app import PREPARE_IDLE_S, RetroApp, make_app
from retro.demo import build_demo
from retro.domain.clock import FixedClock
from retro.domain.kata import Experiment, TargetCondition
from retro.tui.screens.home import HomeScreen
from retro.tui.screens.kata import KATA_SCREEN, KataScreen, prepare_kata_log
from retro.store import Repository
from retro.tui.widgets.item_list import ItemList
from retro.tui.widgets.kata_record import RecordTable
from tests.app.fast_support import needs

pytestmark = needs("ahead")

SIZE = (110, 34)


@pytest.fixture
def ahead_app(repo: Repository, clock: FixedClock) -> RetroApp:
    return make_app(repo, clock=clock, language="en", prepare_kata=True)


def demo(app: RetroApp) -> TargetCondition:
    objs = build_demo(app.clock.now())
    app.repo.add(*objs)
    return next(o for o in objs if isinstance(o, TargetCondition) and o.is_active)


def record_of(repo: Repository, tc: TargetCondition) -> set[str]:
    return {e.id for e in repo.all(Experiment) if e.target_condition_id == tc.id}


async def built_ahead(app: RetroApp, pilot) -> KataScreen | None:  # noqa: ANN001
    """Wait as a user would, looking at the home screen, until the app has built the log."""
    for _ in range(int((PREPARE_IDLE_S * 3) / 0.05)):
        await asyncio.sleep(0.05)
        if app.is_screen_installed(KATA_SCREEN):
            screen = app.get_screen(KATA_SCREEN)
            if screen.is_running and screen.query(RecordTable) and screen.query_one(RecordTable).row_count:
                await app.workers.wait_for_complete()
                await pilot.pause()
                return screen  # type: ignore[return-value]
    return None


async def test_the_first_k_shows_the_log_built_in_a_pause_on_the_home_screen(ahead_app: RetroApp) -> None:
    active = demo(ahead_app)
    now = ahead_app.clock.now()
    ahead_app.repo.add(*(Experiment.plan(f"Steg {n}", "Det går", now, date(2026, 11, 30), target_condition_id=active.id)
                         for n in range(30)))  # a record with a scroll bar
    async with ahead_app.run_test(size=SIZE) as pilot:
        screen = await built_ahead(ahead_app, pilot)
        assert screen is not None, "the kata log was not built in a pause on the home screen"
        assert isinstance(ahead_app.screen, HomeScreen)  # built off screen: the user still sees home
        for _ in range(60):  # its layout and drawing, off screen too, until nothing is left to lay out
            await asyncio.sleep(0.05)
            if not screen._layout_required:
                break
        # Nothing left for the key to lay out (the scroll bar made on the first drawing asks for more).
        assert not screen._layout_required
        assert screen.query_one(RecordTable).size.height > 0  # laid out at the app's size already
        await pilot.press("k")
        # No worker, no second look: the screen the key shows is the one built, with its record.
        assert ahead_app.screen is screen
        await pilot.pause()
        table = screen.query_one(RecordTable)
        assert set(table.experiment_ids) == record_of(ahead_app.repo, active)
        assert table.has_focus
        assert active.title in str(screen.query_one("#kata-title").render())
        assert screen.query_one(RecordTable).region.height > 0


async def test_a_write_by_someone_else_after_the_build_is_on_screen_when_the_log_opens(
        ahead_app: RetroApp, store_path, clock: FixedClock) -> None:  # noqa: ANN001
    active = demo(ahead_app)
    async with ahead_app.run_test(size=SIZE) as pilot:
        screen = await built_ahead(ahead_app, pilot)
        assert screen is not None
        e = Experiment.plan("Skrivet medan loggen byggdes", "Den syns ändå", clock.now(), date(2026, 11, 27),
                            target_condition_id=active.id)
        Repository.open(store_path, clock).add(e)  # another terminal: `retro kata exp add`
        await pilot.press("k")
        await ahead_app.workers.wait_for_complete()
        await pilot.pause()
        assert ahead_app.screen is screen
        assert e.id in screen.query_one(RecordTable).experiment_ids


async def test_nothing_is_built_ahead_for_a_store_without_a_log(ahead_app: RetroApp) -> None:
    async with ahead_app.run_test(size=SIZE) as pilot:
        assert await built_ahead(ahead_app, pilot) is None
        assert not ahead_app.is_screen_installed(KATA_SCREEN)
        await pilot.press("k")  # opening it still works: built on the key
        await ahead_app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(ahead_app.screen, KataScreen)


async def test_keys_on_the_home_screen_put_the_build_off(ahead_app: RetroApp) -> None:
    demo(ahead_app)
    async with ahead_app.run_test(size=SIZE) as pilot:
        await ahead_app.workers.wait_for_complete()
        for _ in range(int(PREPARE_IDLE_S * 3 / 0.2)):  # someone browsing the home screen
            await pilot.press("down")
            await asyncio.sleep(0.2)
        assert not ahead_app.is_screen_installed(KATA_SCREEN)
        assert await built_ahead(ahead_app, pilot) is not None  # and then the pause comes


@pytest.mark.parametrize("wait_s", [0, 0.002, 0.01, 0.03, 0.1])
async def test_a_quit_during_the_build_waits_for_it_and_ends_cleanly(app: RetroApp, wait_s: float) -> None:
    demo(app)
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        prepare_kata_log(app)  # as the pause would, now, so the quit meets the build
        await asyncio.sleep(wait_s)
        await pilot.press("ctrl+q")
    # run_test re-raises what the app raised: Textual's widgets closed half-mounted would.
    assert app.return_code == 0


async def form_built_ahead(screen: KataScreen) -> object:
    for _ in range(int(3 / 0.005)):
        await asyncio.sleep(0.005)
        if screen._form is not None:
            return screen._form
    return None


async def test_the_experiment_form_is_built_ahead_too_and_the_first_n_only_shows_it(ahead_app: RetroApp) -> None:
    active = demo(ahead_app)
    async with ahead_app.run_test(size=SIZE) as pilot:
        screen = await built_ahead(ahead_app, pilot)
        assert screen is not None
        form = await form_built_ahead(screen)
        assert form is not None, "the experiment form was not built ahead"
        await asyncio.sleep(0.3)
        assert isinstance(ahead_app.screen, HomeScreen)
        await pilot.press("k", "n")
        await pilot.pause()
        assert ahead_app.screen is form  # the form built ahead, filled in for this plan
        assert form.query_one("#step").has_focus and form.query_one("#step").value == ""
        await pilot.press(*"Ali leder", "tab", *"Han tvekar", "ctrl+s")
        await ahead_app.workers.wait_for_complete()
        await pilot.pause()
        assert ahead_app.screen is screen
        planned = next(e for e in ahead_app.repo.all(Experiment) if e.step == "Ali leder")
        assert planned.expectation == "Han tvekar" and planned.target_condition_id == active.id
        assert planned.id in screen.query_one(RecordTable).experiment_ids


async def test_a_quit_while_the_form_is_being_built_ahead_ends_cleanly(ahead_app: RetroApp) -> None:
    demo(ahead_app)
    async with ahead_app.run_test(size=SIZE) as pilot:
        form = None
        for _ in range(int(PREPARE_IDLE_S * 6 / 0.005)):  # the log, its tabs, then the form
            await asyncio.sleep(0.005)
            if ahead_app.is_screen_installed(KATA_SCREEN):
                form = ahead_app.get_screen(KATA_SCREEN)._form
                if form is not None:
                    break
        assert form is not None and not all(n.is_mounted for n in form.walk_children(with_self=True))
        await pilot.press("ctrl+q")  # the form is still mounting its widgets
    assert ahead_app.return_code == 0


async def test_history_and_picture_are_drawn_ahead_too_and_the_first_2_only_shows_history(
        ahead_app: RetroApp) -> None:
    demo(ahead_app)
    async with ahead_app.run_test(size=SIZE) as pilot:
        screen = await built_ahead(ahead_app, pilot)
        assert screen is not None and isinstance(ahead_app.screen, HomeScreen)
        past = screen.query_one("#kata-past", ItemList)  # built off screen, with its rows
        assert past.option_count == len(ahead_app.repo.all(TargetCondition))
        assert str(screen.query_one("#chart-count").render()).strip()  # and the picture drawn
        tabs = screen.query_one(TabbedContent)
        assert tabs.active == "kata-now" and screen.focused is screen.query_one(RecordTable)  # left as the user finds it
        await pilot.press("k")
        assert ahead_app.screen is screen and tabs.active == "kata-now"
        await pilot.press("2")
        # In the key's own frame: History shown and focused, its rows there already.
        assert tabs.active == "kata-history" and past.has_focus and past.region.height > 0
        assert screen.query_one("#past-detail").region.height > 0


async def test_the_log_shown_while_a_tab_is_drawn_ahead_shows_the_now_tab(ahead_app: RetroApp) -> None:
    demo(ahead_app)
    async with ahead_app.run_test(size=SIZE) as pilot:
        screen = None
        for _ in range(int(PREPARE_IDLE_S * 6 / 0.005)):
            await asyncio.sleep(0.005)
            if ahead_app.is_screen_installed(KATA_SCREEN):
                screen = ahead_app.get_screen(KATA_SCREEN)
                # History drawn and focused off screen: the moment a k hides the focused list
                if screen._tab_ahead is not None and screen.focused is screen.query_one("#kata-past"):
                    break
        assert screen is not None and screen._tab_ahead is not None, "no tab was drawn ahead"
        await pilot.press("k")
        assert ahead_app.screen is screen
        tabs = screen.query_one(TabbedContent)
        assert tabs.active == "kata-now"
        await ahead_app.workers.wait_for_complete()
        await pilot.pause()
        table = screen.query_one(RecordTable)
        assert tabs.active == "kata-now" and table.has_focus and table.region.height > 0
        before = table.highlighted
        await pilot.press("down")  # the keys reach the record
        assert table.highlighted == before + 1


async def test_a_damaged_month_of_the_log_is_said_on_screen_never_a_crash(ahead_app: RetroApp, store_path) -> None:  # noqa: ANN001
    demo(ahead_app)
    month = next(store_path.with_name(store_path.name + ".d").glob("kata-*.json"))
    month.write_bytes(b'{"experiments": {"1": {"step": ')  # cut off mid-write by something else
    async with ahead_app.run_test(size=SIZE) as pilot:
        for _ in range(int(PREPARE_IDLE_S * 3 / 0.05)):  # the pause in which the log is built ahead
            await asyncio.sleep(0.05)
            if ahead_app.is_screen_installed(KATA_SCREEN) and ahead_app.get_screen(KATA_SCREEN)._load_error:
                break
        await ahead_app.workers.wait_for_complete()
        assert isinstance(ahead_app.screen, HomeScreen)  # still running, nothing raised
        await pilot.press("k")
        await ahead_app.workers.wait_for_complete()
        await pilot.pause()
        screen = ahead_app.screen
        assert isinstance(screen, KataScreen)
        assert month.name in str(screen.query_one("#detail-expected").render())  # the file is named
        messages: list[str] = []
        ahead_app.notify = lambda message, **kw: messages.append(str(message))  # type: ignore[method-assign]
        await pilot.press("n")  # no plan on a log that could not be read
        assert ahead_app.screen is screen
        assert messages and month.name in messages[0]

