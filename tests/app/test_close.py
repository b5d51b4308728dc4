"""Closing, as a facilitator meets it: `c` asks first and says what is missing; a closed retro
opens read-only on its summary and export, even when its format has since lost phases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from retro.tui.app import RetroApp, make_app
from retro.store.catalog import Catalog, load_catalog
from retro.tui.dialogs.confirm import ConfirmDialog
from retro.domain.format import PhaseKind
from retro.domain.kata import Experiment
from retro.domain.retro import Retro
from retro.tui.screens.run import RunScreen
from retro.tui.screens.run.phases.close import CloseView
from retro.store.presence import retro_folder
from tests.app.run_support import KINDS, new_retro, run_screen, running, stored, text_of, until_saved

ITEMS = [("worked", "pairing on bugs", "Anna"), ("hard", "flaky tests", "Bo")]


def notes(app: RetroApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def closed_retro(app: RetroApp, phase: str = "decide") -> Retro:
    retro = new_retro(app, phase=phase, items=ITEMS)
    ex = Experiment.plan("Quarantine flaky tests", "Fewer reruns", app.clock.now(), date(2026, 11, 27),
                         team=retro.team, retro_id=retro.id)
    retro.link_experiment(ex.id, 3)
    retro.set_roti("Bo", 4)
    retro.close(app.clock.now())
    app.repo.add(ex)
    app.repo.save(retro)
    return retro


async def test_c_asks_first_saying_what_is_missing_and_esc_goes_back(app: RetroApp) -> None:
    retro = new_retro(app, phase="close", items=ITEMS)
    async with running(app, retro.id) as pilot:
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        said = str(dialog.query_one("#confirm-lines").render())
        assert "No experiments were decided" in said and "No one has given a ROTI" in said
        await pilot.press("escape")
        assert isinstance(app.screen, RunScreen)
        await until_saved(pilot)
        assert stored(app, retro.id).status == "running"
        await pilot.press("4", "c")  # one ROTI: only the experiments are missing now
        said = str(app.screen.query_one("#confirm-lines").render())
        assert "No experiments were decided" in said and "ROTI" not in said
        left = app.repo.take_name(retro.id, "Bo")  # a join session that has ended
        assert left is not None
        left.leave()
        assert retro_folder(app.repo.path, retro.id).exists()
        await pilot.press("enter")
        assert isinstance(app.screen, RunScreen)
        await until_saved(pilot)
        saved = stored(app, retro.id)
        assert saved.status == "closed" and saved.closed_at == app.clock.now()
        assert not retro_folder(app.repo.path, retro.id).exists()  # no one joins it any more
        assert "Read-only" in text_of(pilot, "#close-summary")
        await pilot.press("5")  # closed: ROTI is no longer given
        await until_saved(pilot)
        assert stored(app, retro.id).roti == {"Bo": 4}
        assert "opens read-only" in notes(app)[-1]


async def test_a_complete_retro_is_asked_about_without_warnings(app: RetroApp) -> None:
    retro = closed_retro(app)
    retro.status, retro.closed_at, retro.phase_index = "running", None, KINDS.index("close")
    app.repo.save(retro)
    async with running(app, retro.id) as pilot:
        await pilot.press("c")
        said = str(app.screen.query_one("#confirm-lines").render())
        assert "No experiments" not in said and "ROTI" not in said and "read-only" in said


async def test_a_closed_retro_opens_read_only_on_its_summary_and_export(app: RetroApp) -> None:
    retro = closed_retro(app, phase="decide")  # closed while the decide phase was current
    async with running(app, retro.id) as pilot:
        screen = run_screen(pilot)
        assert isinstance(screen.view, CloseView)
        assert "8/8" in text_of(pilot, "#run-title")
        summary = text_of(pilot, "#close-summary")
        assert "Closed 2026-11-26 09:30" in summary and "Quarantine flaky tests" in summary
        for key in ("pageup", "pagedown", "ctrl+b", "c", "3", "f2", "ctrl+t"):
            await pilot.press(key)
            assert isinstance(app.screen, RunScreen) and isinstance(screen.view, CloseView), key
            assert "This retro is closed: it opens read-only" in notes(app)[-1], key
        await pilot.press("x")
        assert type(app.screen).__name__ == "ExportDialog"
    saved = stored(app, retro.id)
    assert (saved.phase_index, saved.roti, saved.participants) == (KINDS.index("decide"), {"Bo": 4}, retro.participants)
    assert not any(t.running for t in saved.timers.values())


async def test_a_closed_retro_whose_format_lost_its_phases_still_opens(repo, clock) -> None:  # noqa: ANN001
    full = load_catalog().get("hybrid-experiments")
    assert full is not None
    shorter = replace(full, phases=tuple(p for p in full.phases if p.kind is not PhaseKind.CLOSE)[:3])
    app = make_app(repo, catalog=Catalog(formats={full.id: shorter}), clock=clock, language="en")
    retro = closed_retro(app, phase="decide")  # phase 7 of 8; the format now has 3
    async with running(app, retro.id) as pilot:
        screen = run_screen(pilot)
        assert isinstance(screen.view, CloseView)
        assert "Close retro" in text_of(pilot, "#run-title")
        assert "Quarantine flaky tests" in text_of(pilot, "#close-summary")
        await pilot.press("pagedown")
        assert isinstance(screen.view, CloseView)
    assert stored(app, retro.id).phase_index == KINDS.index("decide")
