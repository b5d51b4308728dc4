"""Small dialogs of the format library: copy a format, type one line, see a file's problems.

Each is a self-contained `ModalScreen[T]` (styles in DEFAULT_CSS) that returns a value and
writes nothing: the library screen owns the files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from retro.domain.format import Format, Problem
from retro.i18n import n, t
from retro.tui.ui import literal
from retro.tui.widgets.entry import FieldInput

_DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 90%; max-width: 84; height: auto; max-height: 100%;
    border: thick $primary; background: $surface; padding: 0 1;
}}
{name} .dialog-title {{ text-style: bold; color: $primary; padding: 1 0 0 0; }}
{name} .dialog-label {{ color: $text-muted; padding: 1 0 0 0; }}
{name} Input, {name} Select {{ background: $panel; }}
{name} .dialog-error {{ color: $error; text-style: bold; height: auto; }}
{name} Checkbox {{ margin: 1 0 0 0; }}
{name} .dialog-buttons {{ height: auto; align-horizontal: right; padding: 1 0; }}
{name} .dialog-buttons Button {{ margin-left: 2; }}
"""


@dataclass(frozen=True)
class CopyRequest:
    format_id: str
    language: str
    edit: bool


class CopyDialog(ModalScreen[CopyRequest | None]):
    """Copy a format under a new id, in a chosen language; optionally open it in the editor."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="CopyDialog")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="copy.cancel", tooltip="Close without copying"),
    ]

    def __init__(self, base: Format, check_id: Callable[[str], str | None]) -> None:
        super().__init__()
        self._base = base
        self._check_id = check_id  # returns a problem text, or None when the id is free

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(t("Copy {name}", name=self._base.name)), classes="dialog-title")
            yield Label(t("Id of the copy (lower-case letters, digits, - or _)"), classes="dialog-label")
            yield FieldInput(self._suggest_id(), id="copy-id", compact=True)
            yield Static("", id="copy-error", classes="dialog-error")
            yield Label(t("Language of the copy"), classes="dialog-label")
            yield Select([(t("Swedish"), "sv"), (t("English"), "en")], value=self._base.language,
                         allow_blank=False, id="copy-language", compact=True)
            yield Checkbox(t("Open it in the editor"), value=True, id="copy-edit", compact=True)
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("Cancel"), id="copy-cancel", compact=True)
                yield Button(t("Copy"), variant="primary", id="copy-ok", compact=True)

    def _suggest_id(self) -> str:
        stem = self._base.id.removesuffix("-sv").removesuffix("-en")
        for n in range(1, 100):
            candidate = f"{stem}-{'copy' if n == 1 else f'copy{n}'}"
            if self._check_id(candidate) is None:
                return candidate
        return ""

    def on_mount(self) -> None:
        self.query_one("#copy-id", Input).focus()

    @on(Input.Changed, "#copy-id")
    def _id_changed(self, event: Input.Changed) -> None:
        problem = self._check_id(event.value.strip()) if event.value.strip() else None
        self.query_one("#copy-error", Static).update(literal(problem or ""))  # it names the id as typed

    @on(Input.Submitted, "#copy-id")
    @on(Button.Pressed, "#copy-ok")
    def _submit(self) -> None:
        format_id = self.query_one("#copy-id", Input).value.strip()
        problem = self._check_id(format_id) if format_id else t("The copy needs an id")
        if problem:
            self.query_one("#copy-error", Static).update(literal(problem))
            self.query_one("#copy-id", Input).focus()
            return
        language = self.query_one("#copy-language", Select).value
        edit = self.query_one("#copy-edit", Checkbox).value
        self.dismiss(CopyRequest(format_id, str(language), edit))

    @on(Button.Pressed, "#copy-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(ModalScreen[str | None]):
    """One line of text: a phase title, a file path. Empty input is refused with a message."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="TextDialog")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="text.cancel", tooltip="Close without changing anything")]

    def __init__(self, title: str, label: str, value: str = "",
                 check: Callable[[str], str | None] | None = None) -> None:
        super().__init__()
        self._title, self._label, self._value = title, label, value
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(literal(self._title), classes="dialog-title")
            yield Label(self._label, classes="dialog-label")
            yield FieldInput(self._value, id="text-value", compact=True)
            yield Static("", id="text-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("Cancel"), id="text-cancel", compact=True)
                yield Button(t("OK"), variant="primary", id="text-ok", compact=True)

    def on_mount(self) -> None:
        self.query_one("#text-value", Input).focus()

    @on(Input.Submitted, "#text-value")
    @on(Button.Pressed, "#text-ok")
    def _submit(self) -> None:
        value = self.query_one("#text-value", Input).value.strip()
        problem = t("This cannot be empty") if not value else (self._check(value) if self._check else None)
        if problem:
            self.query_one("#text-error", Static).update(literal(problem))
            return
        self.dismiss(value)

    @on(Button.Pressed, "#text-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ProblemsDialog(ModalScreen[str]):
    """A file came back from the editor with problems: show each with its line, then let the
    facilitator edit again, keep the file as it is (listed as failed), or discard the edit."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="ProblemsDialog") + """
    ProblemsDialog #problems-list { height: auto; max-height: 14; border: round $error; padding: 0 1; }
    """
    BINDINGS = [
        Binding("e", "choose('edit')", "Edit again", id="problems.edit", tooltip="Open the editor again to fix it"),
        Binding("k", "choose('keep')", "Keep", id="problems.keep",
                tooltip="Keep the file with its problems; the library lists it as failed"),
        Binding("d", "choose('discard')", "Discard", id="problems.discard", tooltip="Throw away this edit"),
        Binding("escape", "choose('keep')", "Keep", show=False, id="problems.escape"),
    ]

    def __init__(self, path: str, problems: list[Problem], created: bool) -> None:
        super().__init__()
        self._path, self._problems, self._created = path, problems, created

    def compose(self) -> ComposeResult:
        with Vertical():
            count = len(self._problems)
            title = n("{path} has {count} problem", "{path} has {count} problems", count, path=self._path)
            yield Static(literal(title), classes="dialog-title")
            with VerticalScroll(id="problems-list"):
                for problem in self._problems:
                    where = t("line {line}", line=problem.line) if problem.line else t("file")
                    yield Static(Content.assemble((f"{where}: ", "bold $error"), literal(problem.message)))
            discard = t("d Discard: remove the new file") if self._created else t("d Discard: back to how it was")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("e Edit again"), variant="primary", id="problems-edit", compact=True)
                yield Button(t("k Keep as it is"), id="problems-keep", compact=True)
                yield Button(discard, variant="error", id="problems-discard", compact=True)

    def on_mount(self) -> None:
        self.query_one("#problems-edit", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "problems-keep").removeprefix("problems-"))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
