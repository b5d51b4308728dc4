"""The export dialog, driven by keys as a user would: choose a target, keep or type a
destination, export, and read on screen where it went; the files are then checked on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, RadioSet, Static

from retro.tui.app import RetroApp
from retro.tui.dialogs.export import ExportDialog
from tests.unit.test_export_common import IDS, PLAIN, story


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The default destination is under the user's home: make that a temp dir."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def filled(app: RetroApp) -> RetroApp:
    app.repo.add(*story({"team": "Team [red]A"}).objects())
    return app


def shown(dialog: ExportDialog, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


async def _open(app: RetroApp, pilot, **kwargs: str | None) -> ExportDialog:
    dialog = ExportDialog(**kwargs)
    app.push_screen(dialog)
    await pilot.pause()
    return dialog


async def _export(app: RetroApp, pilot) -> None:
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_export_a_retro_to_jrnl_with_the_default_destination(filled: RetroApp, home: Path) -> None:
    app = filled
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(app, pilot, retro_id=IDS["retro"])
        assert "This retro (Team [red]A, 2026-11-16)" in shown(dialog, "#export-scope")  # literal, not markup
        path = Path(dialog.query_one("#export-path", Input).value)
        assert path == home / "retro-export" / "retro-2026-11-16-team-red-a-jrnl.txt"
        assert f"jrnl --import --file {path}" in shown(dialog, "#export-hint")
        await _export(app, pilot)
        text = path.read_text(encoding="utf-8")
        assert "] Retro: Team [red]A\n" in text
        assert "] Experiment planned: " + PLAIN["step"] in text
        assert PLAIN["step3"] not in text  # not decided in this retro
        result = shown(dialog, "#export-result")
        assert result.startswith("Wrote ") and "journal entries" in result and str(path) in result.replace("\n", "")
        assert dialog.query_one("#export-result", Static).has_class("-done")


async def test_choose_markdown_with_the_keys_and_get_a_folder_of_notes(filled: RetroApp, home: Path) -> None:
    app = filled
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(app, pilot, team="Team [red]A")
        assert app.focused is dialog.query_one("#export-target", RadioSet)
        await pilot.press("down", "enter")
        assert dialog.target == "markdown"
        folder = home / "retro-export" / "notes"
        assert dialog.query_one("#export-path", Input).value == str(folder)
        await _export(app, pilot)
        names = sorted(p.name for p in folder.iterdir())
        assert "2026-11-16-retro-team-red-a.md" in names and "2026-W47-kata.md" in names
        assert "Wrote " in shown(dialog, "#export-result") and "notes" in shown(dialog, "#export-result")


async def test_a_typed_destination_is_kept_when_the_target_changes(filled: RetroApp, home: Path, tmp_path: Path) -> None:
    app = filled
    mine = tmp_path / "mine" / "calendar.ics"
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(app, pilot)
        field = dialog.query_one("#export-path", Input)
        field.focus()
        field.value = str(mine)[:-3]
        await pilot.press("end", "i", "c", "s")  # the user finishes typing the name
        dialog.query_one("#export-target", RadioSet).focus()
        await pilot.press("down", "down", "down", "down", "enter")
        assert dialog.target == "ics"
        assert field.value == str(mine)
        await _export(app, pilot)
        assert mine.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
        assert not (home / "retro-export").exists()


async def test_an_unwritable_destination_says_so_and_writes_nothing(filled: RetroApp, home: Path, tmp_path: Path) -> None:
    app = filled
    blocker = tmp_path / "a-file"
    blocker.write_text("keep", encoding="utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(app, pilot)
        field = dialog.query_one("#export-path", Input)
        field.value = str(blocker / "out.txt")
        await _export(app, pilot)
        result = dialog.query_one("#export-result", Static)
        assert shown(dialog, "#export-result").startswith("Nothing was written: ")
        assert result.has_class("-error")
        assert blocker.read_text(encoding="utf-8") == "keep"
        # A good path afterwards works: the dialog is not stuck.
        field.value = str(tmp_path / "ok.txt")
        await _export(app, pilot)
        assert (tmp_path / "ok.txt").exists() and not result.has_class("-error")


async def test_json_from_a_team_is_the_whole_store(filled: RetroApp, home: Path) -> None:
    app = filled
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(app, pilot, team="Team [red]A")
        await pilot.press("down", "down", "enter")
        assert dialog.target == "json"
        assert "The backup is always the whole store." in shown(dialog, "#export-hint")
        path = Path(dialog.query_one("#export-path", Input).value)
        assert path.name == "retro-backup-2026-11-26.json"
        await _export(app, pilot)
        backup = json.loads(path.read_text(encoding="utf-8"))
        assert len(backup["tables"]["experiments"]) == 4  # every one, not only the team's


async def test_escape_closes_the_dialog(filled: RetroApp, home: Path) -> None:
    app = filled
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(app, pilot)
        await pilot.press("escape")
        assert app.screen is not dialog
        assert not (home / "retro-export").exists()


async def test_swedish_dialog(filled: RetroApp, home: Path) -> None:
    from retro import i18n

    i18n.set_language("sv")
    app = filled
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(app, pilot)
        assert "Allt: kata-loggen och alla retros" in shown(dialog, "#export-scope")
        await _export(app, pilot)
        assert shown(dialog, "#export-result").startswith("Skrev ")


async def test_the_store_s_own_file_is_refused(filled: RetroApp, home: Path) -> None:
    app = filled
    store = app.repo.path
    before = store.read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(app, pilot)
        await pilot.press("down", "down", "enter")  # the JSON backup, which is what would be written
        dialog.query_one("#export-path", Input).value = str(store)
        await _export(app, pilot)
        result = shown(dialog, "#export-result").replace("\n", "")
        assert result.startswith("Nothing was written: ") and "one of the store's own files" in result
        await _export(app, pilot)  # a second try is refused just the same
        assert "one of the store's own files" in shown(dialog, "#export-result").replace("\n", "")
    assert store.read_bytes() == before


async def test_an_existing_file_is_replaced_only_on_a_second_export(filled: RetroApp, home: Path, tmp_path: Path) -> None:
    app = filled
    mine = tmp_path / "journal.txt"
    mine.write_text("my own journal", encoding="utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await _open(app, pilot)
        dialog.query_one("#export-path", Input).value = str(mine)
        await _export(app, pilot)
        result = shown(dialog, "#export-result").replace("\n", "")
        assert "exists. Press Export again to replace it" in result
        assert dialog.query_one("#export-result", Static).has_class("-error")
        assert mine.read_text(encoding="utf-8") == "my own journal"
        await _export(app, pilot)
        assert shown(dialog, "#export-result").startswith("Wrote ")
    assert PLAIN["step"] in mine.read_text(encoding="utf-8")
