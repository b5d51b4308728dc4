"""The kata screens at 80x24 and 160x45 on the demo log (Swedish text, English interface) with
the frozen clock, Thursday 2026-11-26 09:30.

What a reviewer should see:
- now: the challenge (one line), the active target condition "Jag ställer fler frågor…" with
  "Personal leadership · achieve by 2026-11-30 · 4 days left", the private notes line, the
  obstacles with the one in focus marked ▶, the record of five steps (done ≠, running with ✎1,
  running today, two planned), and below it the highlighted running step's expectation beside
  its (empty) outcome with the dated amendment.
- history: ten target conditions newest first with status, count and reflection; the detail
  of the highlighted one below.
- picture: bars of experiments per week since the log began, the share that matched, the
  summary "29 experiments, 25 done … yes 5 · partly 8 · no 12".
- coaching: question 3 of 5 highlighted in the progress line, the last step with what was
  expected, and the answer fields.
- the experiment form: the default go-and-see day (Friday: tomorrow), the active target
  condition and the obstacle in focus chosen.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from retro.demo import build_demo
from retro.store import Repository


@pytest.fixture
def demo_repo(repo: Repository) -> Repository:
    repo.add(*build_demo(repo.clock.now()))
    return repo


async def _quiet(pilot) -> None:
    """No blinking cursor: a picture must not depend on the moment it is taken."""
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def _open_kata(*then: str):
    async def run_before(pilot) -> None:
        await pilot.press("k")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if then:
            await pilot.press(*then)
            await pilot.app.workers.wait_for_complete()
        await _quiet(pilot)

    return run_before


def test_kata_now(snap_compare, snap_app, size, demo_repo) -> None:
    assert snap_compare(snap_app(), terminal_size=size, run_before=_open_kata())


def test_kata_history(snap_compare, snap_app, size, demo_repo) -> None:
    assert snap_compare(snap_app(), terminal_size=size, run_before=_open_kata("2", "down"))


def test_kata_picture(snap_compare, snap_app, size, demo_repo) -> None:
    assert snap_compare(snap_app(), terminal_size=size, run_before=_open_kata("3"))


def test_coaching_last_step(snap_compare, snap_app, size, demo_repo) -> None:
    assert snap_compare(snap_app(), terminal_size=size, run_before=_open_kata("c", "pagedown", "pagedown"))


def test_experiment_form(snap_compare, snap_app, size, demo_repo) -> None:
    assert snap_compare(snap_app(), terminal_size=size, run_before=_open_kata("n"))


def test_kata_empty_log(snap_compare, snap_app, size) -> None:
    """An empty log says what to do first: g for a challenge, t for a target condition."""
    assert snap_compare(snap_app(), terminal_size=size, run_before=_open_kata())
