"""The phase timer on the app's clock: counts down, pauses, grows, rings once at zero, shows overrun."""

from __future__ import annotations

from retro.tui.app import RetroApp
from retro.tui.widgets.timer import PhaseTimerView, clock_text
from tests.app.run_support import new_retro, run_screen, running, stored, text_of, until_saved


def test_clock_text() -> None:
    assert clock_text(300) == "05:00"
    assert clock_text(0.2) == "00:01"
    assert clock_text(0) == "00:00"
    assert clock_text(-83) == "+01:23"


async def test_countdown_pause_add_minute_bell_and_overrun(app: RetroApp) -> None:
    bells: list[int] = []
    app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
    retro = new_retro(app)  # check-in: 5 minutes
    async with running(app, retro.id) as pilot:
        timer = app.screen.query_one("#phase-timer", PhaseTimerView)
        assert "05:00" in text_of(pilot, "#timer-line")
        app.clock.advance(minutes=2)
        timer.tick()
        assert "03:00" in text_of(pilot, "#timer-line")
        await pilot.press("ctrl+t")  # pause
        assert "paused" in text_of(pilot, "#timer-state")
        await until_saved(pilot)
        assert not stored(app, retro.id).timers["phase-0"].running
        app.clock.advance(minutes=10)
        timer.tick()
        assert "03:00" in text_of(pilot, "#timer-line")
        await pilot.press("ctrl+t", "ctrl+g")  # run again, one more minute
        assert "04:00" in text_of(pilot, "#timer-line")
        await until_saved(pilot)
        assert stored(app, retro.id).timers["phase-0"].seconds == 6 * 60
        app.clock.advance(minutes=4)
        timer.tick()
        assert bells == [1]  # the cue at zero, once
        assert timer.has_class("-overrun") and timer.has_class("-time-up")
        app.clock.advance(seconds=83)
        timer.tick()
        assert "+01:23" in text_of(pilot, "#timer-line") and "over time" in text_of(pilot, "#timer-state")
        assert bells == [1]


async def test_each_phase_has_its_own_timer_and_going_back_resumes_it(app: RetroApp) -> None:
    retro = new_retro(app)
    async with running(app, retro.id) as pilot:
        app.clock.advance(minutes=1)
        await pilot.press("pagedown")  # gather: 10 minutes, fresh
        assert "10:00" in text_of(pilot, "#timer-line")
        app.clock.advance(minutes=3)
        await pilot.press("pageup", "pageup")  # back to check-in (review skipped both ways)
        assert "04:00" in text_of(pilot, "#timer-line")
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert saved.timers["phase-2"].elapsed(app.clock.now()) == 180
        assert saved.timers["phase-0"].running and not saved.timers["phase-2"].running


async def test_large_screens_show_big_digits(app: RetroApp) -> None:
    retro = new_retro(app)
    async with running(app, retro.id, size=(160, 45)) as pilot:
        screen = run_screen(pilot)
        assert screen.has_class("-wide") and screen.has_class("-tall")
        assert app.screen.query_one("#timer-digits").display
        assert str(app.screen.query_one("#timer-digits").value) == "05:00"
        assert app.screen.query_one("#run-notes").display
