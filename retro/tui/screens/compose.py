"""Compose a format: pick phases from several formats (a check-in from here, a gather from there),
reorder them, adjust titles and minutes, and save a commented TOML file in the user's formats.

The draft lives in `retro.domain.format_draft.Draft`; this screen only shows it and turns keys into
draft operations. Saving validates the written text by reading it back, and never replaces a file.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Input, Label, OptionList, Select, Static, Tree
from textual.widgets.option_list import Option

from retro.store.catalog import Catalog
from retro.domain.format import Format, FormatError, parse_format
from retro.domain.text import visible, visible_name
from retro.domain.format_draft import Draft
from retro.i18n import language as ui_language
from retro.i18n import n, t
from retro.tui.screens.library import kind_label
from retro.tui.ui import literal
from retro.tui.widgets.entry import FieldInput
from retro.tui.widgets.footer import StableFooter


class SourceTree(Tree[tuple[str, int] | None]):
    """Every format, each opening onto its phases; Enter (or a) on a phase adds it to the draft."""

    BINDINGS = [
        Binding("a", "screen.add_phase", "Add phase", id="compose.add",
                tooltip="Add the highlighted phase to the new format, after the highlighted one"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class DraftList(OptionList):
    """The new format's phases, in order; keys here change the highlighted phase."""

    BINDINGS = [
        Binding("plus,equals_sign", "screen.minutes(1)", "+1 min", id="compose.longer",
                tooltip="One minute more for this phase"),
        Binding("minus", "screen.minutes(-1)", "-1 min", id="compose.shorter",
                tooltip="One minute less for this phase"),
        Binding("t,enter", "screen.retitle", "Title", id="compose.title", tooltip="Change this phase's title"),
        Binding("ctrl+up,K", "screen.move(-1)", "Move up", id="compose.up", tooltip="Move this phase earlier"),
        Binding("ctrl+down,J", "screen.move(1)", "Move down", id="compose.down", tooltip="Move this phase later"),
        Binding("x,delete", "screen.remove", "Remove", id="compose.remove", tooltip="Take this phase out"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)


class ComposeScreen(Screen["str | None"]):
    """Dismisses with the saved format's id, or None when the draft is abandoned."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="compose.save", tooltip="Save the new format to your formats"),
        Binding("escape", "cancel", "Cancel", id="compose.cancel", tooltip="Leave without saving (asks first)"),
        Binding("tab", "app.focus_next", "Switch focus", show=False),
    ]

    def __init__(self, base: Format | None = None) -> None:
        super().__init__()
        self.base = base
        self.draft = Draft.from_format(base)
        self._changed = False
        self._confirm_cancel = False

    @property
    def catalog(self) -> Catalog:
        return self.app.catalog  # type: ignore[attr-defined]

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        base = self.base
        language = base.language if base else ui_language()
        yield Header()
        with Horizontal(id="compose"):
            with Vertical(id="compose-source"):
                yield Label(t("Pick phases from"), classes="pane-title")
                yield SourceTree(t("Formats"), id="compose-tree")
            with Vertical(id="compose-draft"):
                yield Label(t("New format"), classes="pane-title")
                with Horizontal(classes="compose-field"):
                    yield Label(t("Id"), classes="compose-label")
                    yield FieldInput(placeholder=t("lower-case-id"), id="compose-id", compact=True)
                with Horizontal(classes="compose-field"):
                    yield Label(t("Name"), classes="compose-label")
                    yield FieldInput(placeholder=t("Name shown in the library"), id="compose-name", compact=True)
                with Horizontal(classes="compose-field"):
                    yield Label(t("Language"), classes="compose-label")
                    yield Select([(t("Swedish"), "sv"), (t("English"), "en")], value=language, allow_blank=False,
                                 id="compose-language", compact=True)
                with Horizontal(classes="compose-field"):
                    yield Label(t("Summary"), classes="compose-label")
                    yield FieldInput(base.summary if base else "", placeholder=t("What this retro is for"),
                                id="compose-summary", compact=True)
                yield DraftList(id="compose-phases")
                yield Static(id="compose-total")
                yield Static(id="compose-message")
        yield StableFooter()

    def on_mount(self) -> None:
        self.sub_title = t("Compose a format")
        tree = self.query_one("#compose-tree", SourceTree)
        tree.show_root = False
        language = self.base.language if self.base else ui_language()
        formats = sorted(self.catalog.sorted(), key=lambda f: f.language != language)
        for fmt in formats:
            # Tree labels are Rich Text; built from parts, user text is never read as markup.
            node = tree.root.add(Text.assemble((visible_name(fmt.name), "bold"),
                                               (f"  {visible(fmt.language)} · {fmt.minutes}'", "dim")),
                                 data=None, expand=False)
            for index, phase in enumerate(fmt.phases):
                node.add_leaf(Text.assemble(visible(phase.title), "  ", (f"{kind_label(phase.kind)} · {phase.minutes}'", "dim")),
                              data=(fmt.id, index))
        self.refresh_draft(0)
        self.query_one("#compose-id", Input).focus()

    @staticmethod
    def _phase_label(phase, number: int) -> Content:
        return Content.assemble(
            (f"{number:2}. ", "dim"), (t("{minutes} min", minutes=phase.minutes).rjust(7), "bold"), "  ",
            literal(phase.title), "  ", (kind_label(phase.kind), "dim"),
        )

    def refresh_draft(self, highlight: int | None = None) -> None:
        draft_list = self.query_one("#compose-phases", DraftList)
        current = draft_list.highlighted if highlight is None else highlight
        draft_list.set_options(Option(self._phase_label(p, i), id=str(i)) for i, p in enumerate(self.draft.phases, 1))
        if draft_list.option_count:
            draft_list.highlighted = max(0, min(current or 0, draft_list.option_count - 1))
        self.query_one("#compose-total", Static).update(Content.assemble(
            (t("Total: {minutes} min", minutes=self.draft.minutes), "bold"),
            (" · " + n("{count} phase", "{count} phases", len(self.draft.phases)), "dim"),
        ))

    # -- draft operations -------------------------------------------------------------------

    def _highlighted(self) -> int | None:
        draft_list = self.query_one("#compose-phases", DraftList)
        return draft_list.highlighted if draft_list.option_count else None

    def _changed_now(self) -> None:
        self._changed = True
        self._confirm_cancel = False
        self.query_one("#compose-message", Static).update("")

    def action_add_phase(self) -> None:
        tree = self.query_one("#compose-tree", SourceTree)
        node = tree.cursor_node
        if node is None or node.data is None:
            if node is not None:
                node.toggle()
            return
        format_id, index = node.data
        fmt = self.catalog.get(format_id)
        if fmt is None:
            return
        current = self._highlighted()
        at = self.draft.add(fmt.phases[index], format_id, None if current is None else current + 1)
        self._changed_now()
        self.refresh_draft(at)
        self.notify(t("Added {title}", title=fmt.phases[index].title), timeout=2)

    @on(Input.Changed)
    @on(Select.Changed)
    def _field_changed(self) -> None:
        if self.is_mounted:
            self._changed = True
            self._confirm_cancel = False

    @on(Tree.NodeSelected, "#compose-tree")
    def _node_selected(self, event: Tree.NodeSelected) -> None:
        if event.node.data is not None:
            self.action_add_phase()

    def action_minutes(self, delta: int) -> None:
        index = self._highlighted()
        if index is None:
            return
        self.draft.change_minutes(index, delta)
        self._changed_now()
        self.refresh_draft(index)

    def action_move(self, delta: int) -> None:
        index = self._highlighted()
        if index is None:
            return
        target = self.draft.move(index, delta)
        self._changed_now()
        self.refresh_draft(target)

    def action_remove(self) -> None:
        index = self._highlighted()
        if index is None:
            return
        self.draft.remove(index)
        self._changed_now()
        # The highlight goes to the phase before, so "remove, then add" puts the new one in its place.
        self.refresh_draft(max(0, index - 1))

    def action_retitle(self) -> None:
        from retro.tui.dialogs.format_dialogs import TextDialog

        index = self._highlighted()
        if index is None:
            return
        phase = self.draft.phases[index]

        def retitled(title: str | None) -> None:
            if title:
                self.draft.retitle(index, title)
                self._changed_now()
                self.refresh_draft(index)

        self.app.push_screen(TextDialog(t("Phase {number}", number=index + 1), t("Title"), phase.title), retitled)

    # -- save and cancel --------------------------------------------------------------------

    def _say(self, text: str, error: bool = True) -> None:
        message = self.query_one("#compose-message", Static)
        message.update(literal(text, "bold $error" if error else "bold $success"))

    def action_save(self) -> None:
        from retro.store.format_files import Taken, check_new_id, render_format, write_new

        format_id = self.query_one("#compose-id", Input).value.strip()
        name = self.query_one("#compose-name", Input).value.strip()
        summary = self.query_one("#compose-summary", Input).value.strip()
        language = str(self.query_one("#compose-language", Select).value)
        missing = [label for label, value in ((t("Id"), format_id), (t("Name"), name), (t("Summary"), summary))
                   if not value]
        if missing:
            self._say(t("Fill in: {fields}", fields=", ".join(missing)))
            self.query_one(f"#compose-{['id', 'name', 'summary'][[format_id, name, summary].index('')]}", Input).focus()
            return
        if not self.draft.phases:
            self._say(t("Add at least one phase from the left"))
            self.query_one("#compose-tree", SourceTree).focus()
            return
        try:
            path = check_new_id(self.catalog, format_id)
        except Taken as exc:
            self._say(t("{id} is taken: {where}", id=format_id, where=str(exc)))
            self.query_one("#compose-id", Input).focus()
            return
        except ValueError:
            self._say(t("Use lower-case letters, digits, - or _"))
            self.query_one("#compose-id", Input).focus()
            return
        fmt = self.draft.to_format(format_id, name, language, summary)
        text = render_format(fmt, based_on=self.draft.origins, path=str(path))
        try:
            parse_format(text, str(path))  # what is written must read back; never save a broken file
        except FormatError as exc:
            self._say("\n".join(str(p) for p in exc.problems))
            return
        try:
            write_new(path, text)
        except FileExistsError:
            self._say(t("{id} is taken: {where}", id=format_id, where=str(path)))
            return
        except OSError as exc:
            self._say(t("Cannot write {path}: {reason}", path=path, reason=exc.strerror or str(exc)))
            return
        self.notify(t("Saved {name} to {path}", name=name, path=str(path)))
        self.dismiss(format_id)

    def action_cancel(self) -> None:
        if self._changed and not self._confirm_cancel:
            self._confirm_cancel = True
            self._say(t("The draft is not saved. Press escape again to leave without saving, ctrl+s to save."))
            return
        self.dismiss(None)
