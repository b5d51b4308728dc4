"""The format library, driven by keys as a facilitator would: browse and filter, see failed files
with their problems, preview, rehearse without writing anything, copy, and the editor round trip
(with a fake editor: a tiny script that edits the file the way the test tells it to)."""

from __future__ import annotations

import json
import os
import shlex
import sys
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, OptionList, Select, Static

from retro.tui.app import RetroApp
from retro.store.catalog import load_catalog
from retro.tui.dialogs.format_dialogs import CopyDialog, ProblemsDialog
from retro.domain.format import parse_format
from retro.domain.retro import Retro
from retro.paths import builtin_formats_dir
from retro.tui.screens.library import FormatLibraryScreen
from retro.tui.screens.preview import FormatPreviewScreen, Timeline, spans

SIZE = (110, 36)

# Each run of the editor applies the next list of (old, new) replacements from FAKE_EDITS and
# appends a line to FAKE_EDITS_LOG, so a test knows how often and on which file it ran.
FAKE_EDITOR = """\
import json, os, sys
path = sys.argv[-1]
log = os.environ["FAKE_EDITS_LOG"]
runs = open(log, encoding="utf-8").read().count("\\n") if os.path.exists(log) else 0
with open(log, "a", encoding="utf-8") as handle:
    handle.write(" ".join(sys.argv[1:]) + "\\n")
rounds = json.loads(os.environ["FAKE_EDITS"])
with open(path, encoding="utf-8") as handle:
    text = handle.read()
for old, new in rounds[runs] if runs < len(rounds) else []:
    assert old in text, old
    text = text.replace(old, new, 1)
with open(path, "w", encoding="utf-8") as handle:
    handle.write(text)
"""


@pytest.fixture
def user_dir() -> Path:
    return Path(os.environ["RETRO_FORMATS_DIR"])


@pytest.fixture
def fake_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Named `vi` so the library passes `+LINE` as it would to the real one.
    script = tmp_path / "bin" / "vi"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\n" + FAKE_EDITOR, encoding="utf-8")
    script.chmod(0o755)
    log = tmp_path / "editor.log"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", shlex.quote(str(script)))
    monkeypatch.setenv("FAKE_EDITS_LOG", str(log))

    def set_rounds(*rounds: list[tuple[str, str]]) -> Path:
        monkeypatch.setenv("FAKE_EDITS", json.dumps(rounds))
        return log

    set_rounds()
    return set_rounds


def write_user_format(user_dir: Path, format_id: str, *swaps: tuple[str, str], text_from: str = "hybrid-experiments") -> Path:
    """A user format file: a built-in's text under a new id, with some text swapped."""
    user_dir.mkdir(parents=True, exist_ok=True)
    text = (builtin_formats_dir() / f"{text_from}.toml").read_text(encoding="utf-8")
    text = text.replace(f'id = "{text_from}"', f'id = "{format_id}"')
    for old, new in swaps:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = user_dir / f"{format_id}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def option_ids(screen: FormatLibraryScreen) -> list[str]:
    options = screen.query_one("#library-formats", OptionList)
    return [o.id for o in options.options]


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_library(app: RetroApp, pilot) -> FormatLibraryScreen:
    await pilot.press("f")
    await pilot.pause()
    assert isinstance(app.screen, FormatLibraryScreen)
    return app.screen


async def highlight(pilot, screen: FormatLibraryScreen, option_id: str) -> None:
    """Move the highlight with the arrow keys, as a user would, to the option with this id."""
    options = screen.query_one("#library-formats", OptionList)
    options.focus()
    await pilot.press("home")
    for _ in range(option_ids(screen).index(option_id)):
        await pilot.press("down")
    await pilot.pause()
    assert options.highlighted_option.id == option_id


# -- browsing ---------------------------------------------------------------------------------


async def test_library_lists_every_format_with_its_source(app: RetroApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        ids = option_ids(screen)
        assert set(ids) == set(load_catalog().formats)
        assert shown(screen, "#library-count") == "12 of 12 formats"
        await highlight(pilot, screen, "sailboat")
        assert "Sailboat" in shown(screen, "#detail-title")
        assert "Source: built-in" in shown(screen, "#detail-meta")
        phases = shown(screen, "#detail-phases")
        assert "The sailboat" in phases and "15 min" in phases and "gather" in phases
        await pilot.press("escape")
        assert not isinstance(app.screen, FormatLibraryScreen)


async def test_user_formats_show_their_file_and_overrides_say_so(app: RetroApp, user_dir: Path) -> None:
    mine = write_user_format(user_dir, "ours", ('name = "Hybrid retro: from what happened to experiments"', 'name = "Ours [red]"'))
    write_user_format(user_dir, "sailboat", text_from="sailboat")
    app.catalog = load_catalog()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        await highlight(pilot, screen, "ours")
        assert "Ours [red]" in shown(screen, "#detail-title")  # literal, never markup
        assert f"your file {mine}" in shown(screen, "#detail-meta")
        await highlight(pilot, screen, "sailboat")
        assert "(replaces the built-in)" in shown(screen, "#detail-meta")


async def test_filters_by_language_length_and_phase_kind(app: RetroApp, user_dir: Path) -> None:
    # A short user format without a gather, so the kind filter has something to leave out.
    user_dir.mkdir(parents=True)
    (user_dir / "quick.toml").write_text(
        'id = "quick"\nname = "Quick check"\nlanguage = "sv"\nsummary = "Kort."\nminutes = 10\n\n'
        '[[phases]]\nkind = "check-in"\ntitle = "In"\nminutes = 5\n\n'
        '[[phases]]\nkind = "close"\ntitle = "Ut"\nminutes = 5\nroti = true\n', encoding="utf-8")
    app.catalog = load_catalog()
    catalog = app.catalog
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        await pilot.press("l", "l")  # any -> Swedish -> English
        assert screen.query_one("#filter-language", Select).value == "en"
        assert set(option_ids(screen)) == {f.id for f in catalog.formats.values() if f.language == "en"}
        await pilot.press("l", "l")  # -> any -> Swedish
        swedish = set(option_ids(screen))
        assert swedish == {f.id for f in catalog.formats.values() if f.language == "sv"}
        assert "quick" in swedish
        await pilot.press("n")  # up to 30 min
        assert option_ids(screen) == ["quick"]
        await pilot.press("n")  # up to 45 min
        assert set(option_ids(screen)) == {"quick", "start-stop-continue-sv", "mad-sad-glad-sv", "kata-coaching-sv"}
        await pilot.press("k", "k", "k")  # any -> check-in -> review -> gather
        assert screen.query_one("#filter-kind", Select).value == "gather"
        assert "quick" not in option_ids(screen)
        assert shown(screen, "#library-count") == f"3 of {len(catalog.formats)} formats"
        await pilot.press("n", "n")  # up to 60 -> over 60: nothing
        assert option_ids(screen) == []
        assert "No format matches these filters." in shown(screen, "#detail-title")


async def test_failed_files_are_listed_with_their_problems(app: RetroApp, user_dir: Path) -> None:
    broken = write_user_format(user_dir, "broken", ('kind = "vote"', 'kind = "poll"'))
    bad_line = 1 + broken.read_text(encoding="utf-8").splitlines().index('kind = "poll"')
    app.catalog = load_catalog()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        assert "1 failed" in shown(screen, "#library-count")
        assert option_ids(screen)[-1] == "failed:0"
        await highlight(pilot, screen, "failed:0")
        assert "broken.toml" in shown(screen, "#detail-title")
        problems = shown(screen, "#detail-phases")
        assert f'line {bad_line}: phases[4].kind: unknown kind "poll"' in problems


# -- preview ----------------------------------------------------------------------------------


async def test_preview_shows_timeline_prompts_columns_and_notes(app: RetroApp) -> None:
    fmt = app.catalog.get("sailboat")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        await highlight(pilot, screen, "sailboat")
        await pilot.press("enter")
        preview = app.screen
        assert isinstance(preview, FormatPreviewScreen)
        text = " ".join(str(w.render()) for w in preview.query(Static))
        for phase in fmt.phases:
            assert phase.title in text
            if phase.prompt:
                assert phase.prompt in text
        for column in fmt.columns():
            assert column.title in text and column.hint in text
        for note in fmt.hybrid_notes:
            assert note in text
        assert "3 votes per person" in text and "At most 3 experiments" in text
        assert "Silent writing" in text
        timeline = str(preview.query_one(Timeline).render())
        assert timeline.splitlines()[1].rstrip().endswith("60 min")
        assert not preview.query("#preview-warning")  # 60 declared, 60 planned
        await pilot.press("escape")
        assert isinstance(app.screen, FormatLibraryScreen)


async def test_preview_flags_minutes_that_do_not_add_up(app: RetroApp, user_dir: Path) -> None:
    write_user_format(user_dir, "long", ("minutes = 60", "minutes = 75"))
    app.catalog = load_catalog()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        await highlight(pilot, screen, "long")
        assert "The phases add up to 60 min; the format says 75 min." in shown(screen, "#detail-warning")
        await pilot.press("p")
        assert "The phases add up to 60 min; the format says 75 min." in shown(app.screen, "#preview-warning")


def test_timeline_spans_add_up_and_keep_every_phase_visible() -> None:
    assert spans([5, 10, 10, 5, 3, 15, 10, 2], 60) == [5, 10, 10, 5, 3, 15, 10, 2]
    for width in (8, 20, 47, 79, 150):
        cells = spans([1, 30, 1, 2], width)
        assert sum(cells) == max(width, 4) and min(cells) >= 1


# -- rehearse ---------------------------------------------------------------------------------


async def test_rehearse_steps_through_phases_and_writes_nothing(app: RetroApp, store_path: Path) -> None:
    from retro.tui.screens.run import RunScreen

    before = store_path.read_bytes() if store_path.exists() else None
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        await highlight(pilot, screen, "kata-coaching")
        await pilot.press("r")
        await pilot.pause()
        run = app.screen
        assert isinstance(run, RunScreen)
        text = " ".join(str(w.render()) for w in run.query(Static))
        assert "Read the target condition aloud" in text  # the first phase's prompt
        for _ in range(len(app.catalog.get("kata-coaching").phases) - 1):
            await pilot.press("pagedown")
            await pilot.pause()
        text = " ".join(str(w.render()) for w in run.query(Static))
        assert "Go and see" in text  # reached the last phase
        await pilot.press("escape")
        await pilot.pause()
    assert app.repo.all(Retro) == []
    after = store_path.read_bytes() if store_path.exists() else None
    assert after == before


# -- copy and edit ----------------------------------------------------------------------------


async def test_copy_into_swedish_without_the_editor(app: RetroApp, user_dir: Path, fake_editor) -> None:
    log = fake_editor()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        await highlight(pilot, screen, "hybrid-experiments")
        await pilot.press("c")
        dialog = app.screen
        assert isinstance(dialog, CopyDialog)
        assert dialog.query_one("#copy-id", Input).value == "hybrid-experiments-copy"
        await pilot.press("ctrl+u", *"sailboat")  # taken: said at once, and refused
        assert "sailboat is taken" in str(dialog.query_one("#copy-error", Static).render())
        await pilot.press("enter")
        assert app.screen is dialog
        await pilot.press("ctrl+u", *"hybrid-45")
        await pilot.press("tab", "enter", "up", "enter")  # language: English -> Swedish
        assert dialog.query_one("#copy-language", Select).value == "sv"
        await pilot.press("tab", "space")  # do not open the editor
        assert dialog.query_one("#copy-edit", Checkbox).value is False
        await pilot.click("#copy-ok")
        await pilot.pause()
        assert isinstance(app.screen, FormatLibraryScreen)
        assert app.screen.query_one("#library-formats", OptionList).highlighted_option.id == "hybrid-45"
        assert "your file" in shown(app.screen, "#detail-meta")
    path = user_dir / "hybrid-45.toml"
    text = path.read_text(encoding="utf-8")
    fmt = parse_format(text)
    assert (fmt.id, fmt.language) == ("hybrid-45", "sv")
    assert "# Bygger på: hybrid-experiments." in text
    assert not log.exists()  # the editor was not opened


async def test_copy_and_edit_round_trip_fix_after_a_problem(app: RetroApp, user_dir: Path, fake_editor) -> None:
    log = fake_editor(
        [("minutes = 60", "minutes = 45"), ("minutes = 15", "minutes = 0")],  # first round: a mistake
        [("minutes = 0", "minutes = 10"), ("minutes = 10\nmax_experiments", "minutes = 5\nmax_experiments"),
         ('minutes = 10\nprompt = "What did we expect', 'minutes = 5\nprompt = "What did we expect')],
    )
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        await highlight(pilot, screen, "hybrid-experiments")
        await pilot.press("c", "ctrl+u", *"shorter", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ProblemsDialog)
        path = user_dir / "shorter.toml"
        bad_line = 1 + path.read_text(encoding="utf-8").splitlines().index("minutes = 0")
        text = " ".join(str(w.render()) for w in dialog.query(Static))
        assert f"line {bad_line}: phases[5].minutes: expected a whole number of at least 1, got 0" in text
        await pilot.press("e")  # edit again: the editor opens at the problem's line
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FormatLibraryScreen)
        assert app.screen.query_one("#library-formats", OptionList).highlighted_option.id == "shorter"
    runs = log.read_text(encoding="utf-8").splitlines()
    assert runs == [str(path), f"+{bad_line} {path}"]
    fmt = parse_format(path.read_text(encoding="utf-8"))
    assert fmt.minutes == 45 and fmt.phase_minutes == 45
    assert app.catalog.get("shorter") == load_catalog().get("shorter")


@pytest.mark.parametrize("created", [True, False], ids=["new copy", "existing file"])
async def test_discard_after_problems_removes_a_new_copy_or_restores_the_file(
    app: RetroApp, user_dir: Path, fake_editor, created: bool
) -> None:
    fake_editor([('kind = "vote"', 'kind = "poll"')])
    if not created:
        original = write_user_format(user_dir, "mine").read_bytes()
        app.catalog = load_catalog()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        if created:
            await highlight(pilot, screen, "sailboat")
            await pilot.press("c", "ctrl+u", *"mine", "enter")
        else:
            await highlight(pilot, screen, "mine")
            await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsDialog)
        await pilot.press("d")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FormatLibraryScreen)
        assert app.screen.catalog.skipped == []
    path = user_dir / "mine.toml"
    if created:
        assert not path.exists()
    else:
        assert path.read_bytes() == original


async def test_keep_after_problems_lists_the_file_as_failed(app: RetroApp, user_dir: Path, fake_editor) -> None:
    fake_editor([('kind = "vote"', 'kind = "poll"')])
    write_user_format(user_dir, "mine")
    app.catalog = load_catalog()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        await highlight(pilot, screen, "mine")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("k")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "mine" not in option_ids(screen) and "failed:0" in option_ids(screen)
        assert 'kind = "poll"' in (user_dir / "mine.toml").read_text(encoding="utf-8")  # kept as the user left it


async def test_builtins_are_read_only(app: RetroApp, fake_editor) -> None:
    log = fake_editor()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        await highlight(pilot, screen, "sailboat")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormatLibraryScreen)
        assert any("read-only" in n.message for n in app._notifications)
    assert not log.exists()


# -- share ------------------------------------------------------------------------------------


@pytest.mark.slow
async def test_export_and_import_from_the_library(app: RetroApp, user_dir: Path, tmp_path: Path) -> None:
    from retro.tui.dialogs.format_dialogs import TextDialog

    out = tmp_path / "for-a-colleague.toml"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        await highlight(pilot, screen, "sailboat-sv")
        await pilot.press("x")
        assert isinstance(app.screen, TextDialog)
        await pilot.press("ctrl+u", *str(out), "enter")
        await pilot.pause()
        assert out.read_bytes() == (builtin_formats_dir() / "sailboat-sv.toml").read_bytes()

        # Importing it back is refused: the id exists (replacing is a deliberate CLI act).
        await pilot.press("i", *str(out), "enter")
        dialog = app.screen
        assert isinstance(dialog, TextDialog)
        assert "already exists" in str(dialog.query_one("#text-error", Static).render())
        out.write_text(out.read_text(encoding="utf-8").replace('id = "sailboat-sv"', 'id = "var-segel"'),
                       encoding="utf-8")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FormatLibraryScreen)
        assert app.screen.query_one("#library-formats", OptionList).highlighted_option.id == "var-segel"
    assert (user_dir / "var-segel.toml").read_bytes() == out.read_bytes()


async def test_swedish_interface_lists_swedish_formats_first(repo, clock) -> None:
    from retro.tui.app import make_app

    app = make_app(repo, clock=clock, language="sv")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_library(app, pilot)
        ids = option_ids(screen)
        languages = [app.catalog.get(i).language for i in ids]
        assert languages == sorted(languages, key=lambda lang: lang != "sv")
        assert shown(screen, "#library-count") == "12 av 12 format"
        assert "Källa: inbyggt" in shown(screen, "#detail-meta")
