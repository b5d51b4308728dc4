"""The format library: every built-in and user format, filterable, with its source; files that
failed validation are listed with their problems instead of vanishing. From here a facilitator
previews, rehearses, copies, edits and composes formats (the actions live in `PrepareActions`,
shared with the preview).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from retro.store.catalog import Catalog, Skipped
from retro.domain.format import Format, PhaseKind
from retro.i18n import language as ui_language
from retro.i18n import n, t
from retro.tui.ui import follow_cursor, literal, literal_name
from retro.tui.widgets.footer import StableFooter

FAILED_PREFIX = "failed:"

# Length filter: (value, label, test on the declared minutes).
LENGTHS: list[tuple[str, str]] = [
    ("any", "Any length"),
    ("30", "Up to 30 min"),
    ("45", "Up to 45 min"),
    ("60", "Up to 60 min"),
    ("long", "Over 60 min"),
]
LANGUAGE_NAMES = {"sv": "Swedish", "en": "English"}


def kind_label(kind: PhaseKind | str) -> str:
    """A phase kind in the interface language (the files keep the English keyword)."""
    return {
        "check-in": t("check-in"), "review": t("review"), "gather": t("gather"), "group": t("group"),
        "vote": t("vote"), "discuss": t("discuss"), "decide": t("decide"), "close": t("close"),
    }[str(kind)]


@dataclass(frozen=True)
class Filters:
    language: str = "any"
    length: str = "any"
    kind: str = "any"

    def accepts(self, fmt: Format) -> bool:
        if self.language != "any" and fmt.language != self.language:
            return False
        if self.length == "long" and fmt.minutes <= 60:
            return False
        if self.length.isdigit() and fmt.minutes > int(self.length):
            return False
        return self.kind == "any" or PhaseKind(self.kind) in fmt.kinds()


def source_text(fmt: Format, catalog: Catalog) -> str:
    if fmt.builtin:
        return t("built-in")
    if fmt.id in catalog.overridden:
        return t("your file {path} (replaces the built-in)", path=fmt.source)
    return t("your file {path}", path=fmt.source)


def format_option(fmt: Format) -> Option:
    mine = "" if fmt.builtin else " · " + t("yours")
    prompt = Content.assemble(
        literal_name(fmt.name, "bold"), "\n",
        literal(f"{fmt.language} · {t('{minutes} min', minutes=fmt.minutes)} · {fmt.id}{mine}", "dim"),
    )
    return Option(prompt, id=fmt.id)


def failed_option(index: int, skipped: Skipped) -> Option:
    prompt = Content.assemble(
        literal("⚠ " + Path(skipped.path).name, "bold $warning"), "\n",
        (n("failed validation: {count} problem", "failed validation: {count} problems", len(skipped.problems)), "dim"),
    )
    return Option(prompt, id=f"{FAILED_PREFIX}{index}")


def phase_rows(fmt: Format) -> Content:
    """One line per phase: minutes and kind first, in columns that line up, then the title
    (a long title wraps at the end of its line, not in the middle of the columns)."""
    kinds = max(len(kind_label(p.kind)) for p in fmt.phases) + 2
    lines = []
    for number, phase in enumerate(fmt.phases, 1):
        lines.append(Content.assemble(
            (f"{number:2} ", "dim"), (t("{minutes} min", minutes=phase.minutes).rjust(7), "bold"), "  ",
            (kind_label(phase.kind).ljust(kinds), "$secondary"), literal(phase.title),
        ))
    return Content("\n").join(lines)


def minutes_warning(fmt: Format) -> str:
    return t("The phases add up to {sum} min; the format says {minutes} min.", sum=fmt.phase_minutes,
             minutes=fmt.minutes)


class PrepareActions:
    """Rehearse, copy, edit and compose: what a facilitator does with a format, from the library
    or from its preview. The including screen says which format is current and how to refresh."""

    app: object

    def current_format(self) -> Format | None:
        raise NotImplementedError

    def current_failed(self) -> Skipped | None:
        return None

    def catalog_changed(self, select_id: str | None) -> None:
        raise NotImplementedError

    @property
    def catalog(self) -> Catalog:
        return self.app.catalog  # type: ignore[attr-defined]

    def _reload(self, select_id: str | None = None) -> None:
        self.app.catalog = self.catalog.reload()  # type: ignore[attr-defined]
        self.catalog_changed(select_id)

    def _id_problem(self, format_id: str) -> str | None:
        from retro.store.format_files import Taken, check_new_id

        try:
            check_new_id(self.catalog, format_id)
        except Taken as exc:
            return t("{id} is taken: {where}", id=format_id, where=str(exc))
        except ValueError:
            return t("Use lower-case letters, digits, - or _")
        return None

    # -- rehearse ---------------------------------------------------------------------------

    def action_rehearse(self) -> None:
        fmt = self.current_format()
        if fmt is None:
            return
        try:
            from retro.tui.screens.run import RunScreen
        except ImportError:
            self.notify(t("Rehearsal is not available in this version"), severity="warning")  # type: ignore[attr-defined]
            return
        # A rehearsal runs the format exactly as a retro, timers included, and saves nothing.
        self.app.push_screen(RunScreen(rehearse=fmt))  # type: ignore[attr-defined]

    # -- copy -------------------------------------------------------------------------------

    def action_copy(self) -> None:
        from retro.tui.dialogs.format_dialogs import CopyDialog, CopyRequest

        base = self.current_format()
        if base is None:
            return

        def copied(request: CopyRequest | None) -> None:
            if request is None:
                return
            from retro.store.format_files import check_new_id, derive, render_format, write_new

            try:
                path = check_new_id(self.catalog, request.format_id)
                fmt = derive(base, request.format_id, request.language)
                write_new(path, render_format(fmt, based_on=[base.id], path=str(path)))
            except (ValueError, OSError) as exc:
                self.notify(t("Could not copy: {reason}", reason=str(exc)), severity="error")  # type: ignore[attr-defined]
                return
            self._reload(request.format_id)
            self.notify(t("Copied to {path}", path=str(path)))  # type: ignore[attr-defined]
            if request.edit:
                self.edit_file(path, created=True)

        self.app.push_screen(CopyDialog(base, self._id_problem), copied)  # type: ignore[attr-defined]

    # -- edit -------------------------------------------------------------------------------

    def action_edit(self) -> None:
        failed = self.current_failed()
        if failed is not None:
            path = Path(failed.path)
            if self.catalog.builtin_dir and path.parent == self.catalog.builtin_dir:
                self.notify(t("Built-in formats are read-only"), severity="warning")  # type: ignore[attr-defined]
                return
            self.edit_file(path, created=False)
            return
        fmt = self.current_format()
        if fmt is None:
            return
        if fmt.builtin:
            self.notify(t("Built-in formats are read-only: copy it with c, then edit the copy"),  # type: ignore[attr-defined]
                        severity="warning")
            return
        self.edit_file(Path(fmt.source), created=False)

    def _run_editor(self, command: list[str], path: Path, line: int | None) -> None:
        from retro.store.format_files import run_editor

        try:
            with self.app.suspend():  # type: ignore[attr-defined]
                run_editor(command, path, line)
        except SuspendNotSupported:  # headless (tests) or a web terminal: the editor runs without it
            run_editor(command, path, line)

    @work(exclusive=True, group="format-edit")
    async def edit_file(self, path: Path, created: bool) -> None:
        """The editor round trip: suspend the app, edit, validate on return; with problems the
        facilitator edits again, keeps the file (listed as failed) or discards the edit. The
        file is only ever written back on an explicit discard, to what it was before."""
        from retro.tui.dialogs.format_dialogs import ProblemsDialog
        from retro.store.format_files import EditorFailed, check_file, editor_command, replace_file

        command = editor_command()
        if command is None:
            self.notify(t("No editor: set $VISUAL or $EDITOR"), severity="error")  # type: ignore[attr-defined]
            return
        before = None if created else path.read_bytes()
        line: int | None = None
        while True:
            try:
                self._run_editor(command, path, line)
            except EditorFailed as exc:
                self.notify(t("The editor could not be started: {reason}", reason=str(exc)),  # type: ignore[attr-defined]
                            severity="error")
                return
            fmt, problems = check_file(path)
            self._reload(fmt.id if fmt else None)
            if fmt is not None:
                self.notify(t("{name} is valid and saved", name=fmt.name))  # type: ignore[attr-defined]
                if fmt.minutes_disagree:
                    self.notify(minutes_warning(fmt), severity="warning")  # type: ignore[attr-defined]
                return
            choice = await self.app.push_screen_wait(  # type: ignore[attr-defined]
                ProblemsDialog(str(path), problems, created))
            if choice == "edit":
                line = next((p.line for p in problems if p.line), None)  # back at the first problem
                continue
            if choice == "discard":
                if created:
                    path.unlink(missing_ok=True)
                else:
                    assert before is not None
                    replace_file(path, before)
                self._reload(None)
                self.notify(t("Discarded the edit"))  # type: ignore[attr-defined]
            return

    # -- compose ----------------------------------------------------------------------------

    def action_compose(self) -> None:
        from retro.tui.screens.compose import ComposeScreen

        def composed(format_id: str | None) -> None:
            if format_id:
                self._reload(format_id)

        self.app.push_screen(ComposeScreen(self.current_format()), composed)  # type: ignore[attr-defined]


class FormatLibraryScreen(PrepareActions, Screen[None]):
    BINDINGS = [
        Binding("p", "preview", "Preview", id="library.preview", tooltip="Preview the highlighted format"),
        Binding("r", "rehearse", "Rehearse", id="library.rehearse",
                tooltip="Dry-run the highlighted format, timers included; nothing is saved"),
        Binding("c", "copy", "Copy", id="library.copy", tooltip="Copy the highlighted format into your own file"),
        Binding("e", "edit", "Edit", id="library.edit", tooltip="Edit your format (or a failed file) in $EDITOR"),
        Binding("m", "compose", "Compose", id="library.compose",
                tooltip="Compose a new format from phases of several formats"),
        # Last of the footer's keys: at 80 columns in Swedish there is no room for it (F1 has it).
        Binding("escape", "back", "Back", id="library.back", tooltip="Back to the home screen"),
        Binding("x", "export", "Export", id="library.export", show=False,
                tooltip="Write the highlighted format's file somewhere, to hand to a colleague"),
        Binding("i", "import", "Import", id="library.import", show=False,
                tooltip="Add a format file a colleague gave you (validated first)"),
        Binding("l", "cycle('language')", "Language filter", id="library.language", show=False,
                tooltip="Show formats in Swedish, in English, or all"),
        Binding("n", "cycle('length')", "Length filter", id="library.length", show=False,
                tooltip="Show formats up to 30, 45 or 60 minutes, longer ones, or all"),
        Binding("k", "cycle('kind')", "Phase kind filter", id="library.kind", show=False,
                tooltip="Show only formats with a phase of this kind"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = Filters()

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="library-filters"):
            yield Select(self._language_options(), value="any", allow_blank=False, id="filter-language",
                         compact=True)
            yield Select(self._length_options(), value="any", allow_blank=False,
                         id="filter-length", compact=True)
            yield Select(self._kind_options(), value="any", allow_blank=False, id="filter-kind", compact=True)
        with Horizontal(id="library"):
            with Vertical(id="library-side"):
                yield OptionList(id="library-formats")
                yield Static(id="library-count")
            with VerticalScroll(id="library-detail"):
                yield Static(id="detail-title")
                yield Static(id="detail-meta")
                yield Static(id="detail-summary")
                yield Label(t("Phases"), classes="pane-title", id="detail-phases-title")
                yield Static(id="detail-phases")
                yield Static(id="detail-warning")
                yield Static(id="detail-notes")
        yield StableFooter()

    @staticmethod
    def _language_options() -> list[tuple[str, str]]:
        return [(t("All languages"), "any"), (t("Swedish"), "sv"), (t("English"), "en")]

    @staticmethod
    def _length_options() -> list[tuple[str, str]]:
        return [(t(label), value) for value, label in LENGTHS]

    @staticmethod
    def _kind_options() -> list[tuple[str, str]]:
        return [(t("Any phase kind"), "any")] + [(t("with {kind}", kind=kind_label(k)), k.value) for k in PhaseKind]

    def on_mount(self) -> None:
        self.sub_title = t("Format library")
        follow_cursor(self.query_one("#library-formats", OptionList), self.show_detail)
        self.refresh_list()
        self.query_one("#library-formats", OptionList).focus()

    # -- data -------------------------------------------------------------------------------

    def visible_formats(self) -> list[Format]:
        """The formats the filters let through, those in the interface's language first."""
        first = ui_language()
        shown = [f for f in self.catalog.sorted() if self.filters.accepts(f)]
        return sorted(shown, key=lambda f: f.language != first)

    def refresh_list(self, select_id: str | None = None) -> None:
        options = self.query_one("#library-formats", OptionList)
        keep = select_id or self._highlighted_id()
        shown = self.visible_formats()
        items: list[Option | None] = [format_option(f) for f in shown]
        if self.catalog.skipped:
            items.append(None)
            items.extend(failed_option(i, s) for i, s in enumerate(self.catalog.skipped))
        options.set_options(items)
        ids = [o.id for o in options.options]
        if keep in ids:
            options.highlighted = ids.index(keep)
        elif options.option_count:
            options.highlighted = 0
        total = len(self.catalog.formats)
        count = n("{shown} of {count} format", "{shown} of {count} formats", total, shown=len(shown))
        if self.catalog.skipped:
            count += " · " + n("{count} failed", "{count} failed", len(self.catalog.skipped))
        self.query_one("#library-count", Static).update(Content(count))
        self.show_detail()

    def _highlighted_id(self) -> str | None:
        options = self.query_one("#library-formats", OptionList)
        option = options.highlighted_option
        return option.id if option else None

    def current_format(self) -> Format | None:
        option_id = self._highlighted_id()
        return self.catalog.get(option_id) if option_id else None

    def current_failed(self) -> Skipped | None:
        option_id = self._highlighted_id()
        if option_id and option_id.startswith(FAILED_PREFIX):
            return self.catalog.skipped[int(option_id.removeprefix(FAILED_PREFIX))]
        return None

    def catalog_changed(self, select_id: str | None) -> None:
        self.refresh_list(select_id)

    def on_screen_resume(self) -> None:
        self.refresh_list()

    # -- detail -----------------------------------------------------------------------------

    def show_detail(self) -> None:
        title = self.query_one("#detail-title", Static)
        meta = self.query_one("#detail-meta", Static)
        summary = self.query_one("#detail-summary", Static)
        phases = self.query_one("#detail-phases", Static)
        warning = self.query_one("#detail-warning", Static)
        notes = self.query_one("#detail-notes", Static)
        heading = self.query_one("#detail-phases-title", Label)
        failed = self.current_failed()
        fmt = self.current_format()
        if failed is not None:
            title.update(literal(Path(failed.path).name, "bold $warning"))
            meta.update(literal(failed.path))
            summary.update(t("This file failed validation and is not offered for retros. Press e to fix it."))
            heading.update(t("Problems"))
            phases.update(Content("\n").join(
                Content.assemble(((t("line {line}", line=p.line) if p.line else t("file")) + ": ", "bold $error"),
                                 literal(p.message))
                for p in failed.problems))
            warning.display = notes.display = False
            return
        heading.update(t("Phases"))
        if fmt is None:
            title.update(t("No format matches these filters."))
            for widget in (meta, summary, phases):
                widget.update("")
            warning.display = notes.display = False
            return
        title.update(literal_name(fmt.name, "bold"))
        language = t(LANGUAGE_NAMES.get(fmt.language, fmt.language))
        meta.update(Content.assemble(
            literal(f"{fmt.id} · {language} · {t('{minutes} min', minutes=fmt.minutes)}", "dim"), "\n",
            literal(t("Source: {source}", source=source_text(fmt, self.catalog)), "dim"),
        ))
        summary.update(literal(fmt.summary, "italic"))
        phases.update(phase_rows(fmt))
        warning.update(literal("⚠ " + minutes_warning(fmt), "bold $warning") if fmt.minutes_disagree else "")
        warning.display = fmt.minutes_disagree
        notes.display = bool(fmt.hybrid_notes)
        notes.update(Content("\n").join(
            [Content.styled(t("Hybrid notes"), "bold $primary")]
            + [Content.assemble(("• ", "$primary"), literal(note)) for note in fmt.hybrid_notes]
        ) if fmt.hybrid_notes else "")

    @on(OptionList.OptionSelected, "#library-formats")
    def _selected(self) -> None:
        if self.current_failed() is not None:
            self.action_edit()
        else:
            self.action_preview()

    # -- filters ----------------------------------------------------------------------------

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        name = (event.select.id or "").removeprefix("filter-")
        if name in ("language", "length", "kind") and getattr(self.filters, name) != str(event.value):
            self.filters = Filters(**{**self.filters.__dict__, name: str(event.value)})
            self.refresh_list()

    def action_cycle(self, name: str) -> None:
        select = self.query_one(f"#filter-{name}", Select)
        # The choices as composed (Select keeps its own in a private list).
        options = {"language": self._language_options, "length": self._length_options, "kind": self._kind_options}
        values = [value for _, value in options[name]()]
        select.value = values[(values.index(select.value) + 1) % len(values)]

    # -- actions ----------------------------------------------------------------------------

    def action_preview(self) -> None:
        fmt = self.current_format()
        if fmt is None:
            return
        from retro.tui.screens.preview import FormatPreviewScreen

        self.app.push_screen(FormatPreviewScreen(fmt))

    def action_back(self) -> None:
        self.app.pop_screen()

    # -- share ------------------------------------------------------------------------------

    def action_export(self) -> None:
        """The format's file as it is (comments and all) to a path; never over an existing file."""
        from retro.store.catalog import read_text
        from retro.tui.dialogs.format_dialogs import TextDialog
        from retro.domain.format import FormatError
        from retro.store.format_files import write_new

        fmt = self.current_format()
        if fmt is None:
            return

        def check(value: str) -> str | None:
            target = Path(value).expanduser()
            if target.is_dir():
                return t("{path} is a directory; give a file name", path=target)
            if target.exists():
                return t("{path} exists; choose another name", path=target)
            if not target.parent.is_dir():
                return t("There is no folder {path}", path=target.parent)
            return None

        def chosen(value: str | None) -> None:
            if not value:
                return
            target = Path(value).expanduser()
            try:
                write_new(target, read_text(Path(fmt.source)))
            except (FormatError, OSError) as exc:
                self.notify(t("Could not export: {reason}", reason=str(exc)), severity="error")
                return
            self.notify(t("Exported {id} to {path}", id=fmt.id, path=str(target)))

        default = str(Path.cwd() / f"{fmt.id}.toml")
        self.app.push_screen(TextDialog(t("Export {name}", name=fmt.name), t("File to write"), default, check), chosen)

    def action_import(self) -> None:
        """A colleague's file into the user's formats, validated first; an id that exists is
        refused here (replacing is `retro formats import --replace`, a deliberate act)."""
        from retro.store.catalog import read_text
        from retro.tui.dialogs.format_dialogs import TextDialog
        from retro.domain.format import FormatError, parse_format
        from retro.store.format_files import user_path, write_new

        def load(value: str):
            path = Path(value).expanduser()
            text = read_text(path)
            return text, parse_format(text, str(path))

        def check(value: str) -> str | None:
            try:
                _, fmt = load(value)
            except FormatError as exc:
                first = exc.problems[0]
                more = len(exc.problems) - 1
                return str(first) + (" " + t("(and {count} more)", count=more) if more else "")
            existing = self.catalog.get(fmt.id)
            if existing is not None:
                return t("A format with id {id} already exists: {where}; use --replace to replace it",
                         id=fmt.id, where=t("built-in") if existing.builtin else existing.source)
            if user_path(self.catalog, fmt.id).exists():
                return t("{path} exists; use --replace to overwrite it", path=user_path(self.catalog, fmt.id))
            return None

        def chosen(value: str | None) -> None:
            if not value:
                return
            text, fmt = load(value)
            target = user_path(self.catalog, fmt.id)
            try:
                write_new(target, text)
            except OSError as exc:
                self.notify(t("Cannot write {path}: {reason}", path=target, reason=exc.strerror or str(exc)),
                            severity="error")
                return
            self._reload(fmt.id)
            self.notify(t("Imported {id} into {path}", id=fmt.id, path=str(target)))

        self.app.push_screen(TextDialog(t("Import a format"), t("File to import"), "", check), chosen)
