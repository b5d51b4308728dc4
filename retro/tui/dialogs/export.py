"""The export dialog: choose a target and a destination, export, and see where it went.

Self-contained (its own DEFAULT_CSS) so the kata screen and the retro's close phase can both
push it: `ExportDialog(team=..., retro_id=...)`. The export runs in a thread worker, which reads
the store and writes files but never touches a widget: it posts `Finished` or `Failed`, and the
handlers here update the screen.

It writes through the same `write` as `retro export -o`, so it never writes over the store's own
files, a pipe or a device, nor a Markdown note edited since it was exported. An existing file
is replaced only when asked: the dialog says it exists, and a second Export replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from retro.domain.retro import Retro
from retro.domain.text import visible
from retro.export import TARGETS, ExportError, Scope, default_destination, describe, render, write
from retro.export.common import FileExists
from retro.i18n import n, t
from retro.tui.ui import literal
from retro.tui.widgets.entry import FieldInput


def _target_label(target: str) -> str:
    return {
        "jrnl": t("jrnl: one journal entry per event"),
        "markdown": t("Markdown notes (an Obsidian vault folder)"),
        "json": t("JSON backup of everything (retro import restores it)"),
        "csv": t("CSV: one row per experiment, for spreadsheets"),
        "ics": t("iCalendar: open experiments on their go-and-see day"),
    }[target]


def _how_to_use(target: str, path: str) -> str:
    return {
        "jrnl": t("Import with: jrnl --import --file {path} (importing again adds nothing new)", path=path),
        "markdown": t("Open the folder {path} as an Obsidian vault, or copy it into yours", path=path),
        "json": t("Restore with: retro import {path}", path=path),
        "csv": t("Open {path} in a spreadsheet (UTF-8)", path=path),
        "ics": t("Import {path} into your calendar; importing again updates the same entries", path=path),
    }[target]


class ExportDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > #export-box {
        width: 90%; max-width: 96; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 2;
    }
    ExportDialog #export-title { text-style: bold; color: $primary; }
    ExportDialog #export-scope { color: $text-muted; }
    ExportDialog #export-target { width: 100%; }
    ExportDialog #export-hint { color: $text-muted; }
    ExportDialog #export-buttons { height: auto; }
    ExportDialog #export-buttons Button { margin-right: 2; }
    ExportDialog #export-result { height: auto; }
    ExportDialog #export-result.-error { color: $error; text-style: bold; }
    ExportDialog #export-result.-done { color: $success; text-style: bold; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close", id="export.close", tooltip="Close the export dialog"),
        Binding("ctrl+s", "export", "Export", id="export.run", tooltip="Write the export to the destination"),
    ]

    @dataclass
    class Finished(Message):
        """The worker wrote the export."""

        target: str
        what: str
        where: Path
        beside: int = 0  # edited Markdown notes kept, with the new note written beside each

    @dataclass
    class Failed(Message):
        target: str
        reason: str
        exists: Path | None = None  # the existing file that was not replaced

    def __init__(self, team: str | None = None, retro_id: str | None = None) -> None:
        super().__init__()
        self.team = team
        self.retro_id = retro_id
        self.target = "jrnl"
        self._default = ""
        self.running = False
        # (target, file) the dialog just said exists: Export again with both unchanged replaces it
        self._replace: tuple[str, Path] | None = None

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="export-box"):
            yield Label(t("Export to your journal"), id="export-title")
            yield Static(id="export-scope")
            with RadioSet(id="export-target"):
                for target in TARGETS:
                    yield RadioButton(_target_label(target), value=target == self.target, id=f"target-{target}")
            yield Label(t("Destination"))
            yield FieldInput(id="export-path", placeholder=t("A file, or a folder for Markdown"))
            yield Static(id="export-hint")
            yield Static(id="export-result")
            with Horizontal(id="export-buttons"):
                yield Button(t("Export"), id="export-run", variant="primary")
                yield Button(t("Close"), id="export-close")

    def on_mount(self) -> None:
        retro = self._retro()
        if retro is not None:
            self.team = self.team or retro.team
        self.query_one("#export-scope", Static).update(literal(self._scope_text(retro)))
        self._set_default_path()
        self.query_one("#export-target", RadioSet).focus()

    # -- what and where ---------------------------------------------------------------------

    def _retro(self) -> Retro | None:
        if self.retro_id is None:
            return None
        return self.app.repo.find(Retro, self.retro_id)  # type: ignore[attr-defined]

    def _scope_text(self, retro: Retro | None) -> str:
        if retro is not None:
            return t("This retro ({team}, {day}) and the experiments decided in it",
                     team=retro.team, day=retro.started_at.strftime("%Y-%m-%d"))
        if self.team:
            return t("The retros and experiments of {team}", team=self.team)
        return t("Everything: the kata log and every retro")

    def scope(self) -> Scope:
        """A retro's export is that retro (its experiments may carry no team); else the team."""
        if self.target == "json":
            return Scope()
        if self.retro_id is not None:
            return Scope(retro_id=self.retro_id)
        return Scope(team=self.team)

    def _default_path(self) -> str:
        retro = self._retro()
        today = self.app.clock.now().date()  # type: ignore[attr-defined]
        scope = Scope(team=self.team, retro_id=self.retro_id)
        path = default_destination(self.target, scope, today, retro.started_at.date() if retro else None)
        return str(path)

    def _set_default_path(self) -> None:
        field = self.query_one("#export-path", Input)
        if not field.value or field.value == self._default:
            self._default = self._default_path()
            field.value = self._default
        else:
            self._default = self._default_path()
        self._show_hint()

    def _show_hint(self) -> None:
        path = self.query_one("#export-path", Input).value.strip() or "…"
        note = _how_to_use(self.target, path)
        if self.target == "json" and (self.team or self.retro_id):
            note = t("The backup is always the whole store.") + " " + note
        self.query_one("#export-hint", Static).update(literal(note))

    @on(RadioSet.Changed, "#export-target")
    def _target_chosen(self, event: RadioSet.Changed) -> None:
        button_id = event.pressed.id or ""
        self.target = button_id.removeprefix("target-")
        self._set_default_path()

    @on(Input.Changed, "#export-path")
    def _path_typed(self) -> None:
        self._show_hint()

    @on(Input.Submitted, "#export-path")
    def _path_submitted(self) -> None:
        self.action_export()

    # -- running ----------------------------------------------------------------------------

    @on(Button.Pressed, "#export-run")
    def _run_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#export-close")
    def _close_pressed(self) -> None:
        self.action_close()

    def action_export(self) -> None:
        if self.running:
            return
        raw = self.query_one("#export-path", Input).value.strip()
        result = self.query_one("#export-result", Static)
        result.set_classes("")
        if not raw:
            result.add_class("-error")
            result.update(t("Say where to write the export"))
            return
        self.running = True
        self.query_one("#export-run", Button).disabled = True
        result.update(t("Exporting…"))
        catalog = getattr(self.app, "catalog", None)
        formats = dict(catalog.formats) if catalog is not None else {}
        destination = Path(raw).expanduser()
        force = self._replace == (self.target, destination)
        self._replace = None
        self._export(self.target, destination, self.scope(), formats, force)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, target: str, destination: Path, scope: Scope, formats: dict, force: bool) -> None:
        """Render and write off the UI thread: a five-year log takes a moment."""
        app = self.app
        store = app.repo.path  # type: ignore[attr-defined]
        try:
            rendered = render(target, app.repo, scope, app.clock.now(), formats)  # type: ignore[attr-defined]
            written = write(rendered, destination, store=store, force=force and target != "markdown")
        except FileExists as exc:
            self.post_message(self.Failed(target, str(exc), exists=destination))
            return
        except (ExportError, OSError) as exc:
            self.post_message(self.Failed(target, str(exc)))
            return
        paths = written.paths
        where = destination if rendered.is_folder else (paths[0] if paths else destination)
        self.post_message(self.Finished(target, describe(rendered), where, len(written.beside)))

    @on(Finished)
    def _finished(self, event: Finished) -> None:
        self.running = False
        self.query_one("#export-run", Button).disabled = False
        result = self.query_one("#export-result", Static)
        result.set_classes("-done")
        line = t("Wrote {what} to {path}", what=event.what, path=visible(str(event.where)))
        if event.beside:
            line += "\n" + n("{count} note had been edited since it was exported: it was kept, "
                             "and the new one written beside it (NAME.retro-new.md)",
                             "{count} notes had been edited since they were exported: they were kept, "
                             "and the new ones written beside them (NAME.retro-new.md)", event.beside)
        result.update(literal(line))
        result.scroll_visible()

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.running = False
        self.query_one("#export-run", Button).disabled = False
        result = self.query_one("#export-result", Static)
        result.set_classes("-error")
        if event.exists is not None:
            self._replace = (event.target, event.exists)
            line = t("{path} exists. Press Export again to replace it, or give another name.",
                     path=visible(str(event.exists)))
        else:
            line = t("Nothing was written: {reason}", reason=visible(event.reason))
        result.update(literal(line))
        result.scroll_visible()

    def action_close(self) -> None:
        self.dismiss(None)
