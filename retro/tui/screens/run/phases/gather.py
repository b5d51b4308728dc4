"""Gather: items per column, typed as fast as people talk.

The input stays focused: Enter adds the item to the current column and the next one can be
typed at once; Tab moves to the next column. `Anna: text` credits a participant. Down goes to
the column's items (edit with e or Enter, delete with d, undo with ctrl+z). With a silent
format the items show as blocks until the facilitator reveals them. A chat pasted into the
input (or ctrl+o) opens a preview before its lines become items.

Each column is one virtual list, appended to or patched in place: a keypress never rebuilds
the board.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from retro.domain.chat import ChatLine
from retro.domain.format import Column
from retro.domain.retro import Item, Retro
from retro.domain.text import ITEM_MAX
from retro.i18n import n, t
from retro.tui.screens.run.phases.base import PhaseView
from retro.tui.ui import cut, literal, literal_name, number
from retro.tui.widgets.entry import ItemInput
from retro.tui.widgets.item_list import ItemList, Row

MASK = "▒" * 12


MASKED = Content.styled(MASK, "$text-muted")


def item_row(item: Item, masked: bool, author: str) -> Row:
    """One item on the board; `author` as the retro shows it (nobody, in an anonymous retro)."""
    if masked:
        return Row(item.id, ("masked",), MASKED)
    text = item.text

    def prompt() -> Content:
        shown = literal(cut(text))
        return Content.assemble(shown, "  — ", literal_name(author)).stylize("$text-muted italic", len(shown)) \
            if author else shown

    return Row(item.id, (text, author), prompt)


@dataclass
class Undo:
    """One undoable change: what to put back."""

    kind: str  # add, edit, delete, paste
    item_ids: list[str] = field(default_factory=list)
    text: str = ""
    index: int = 0
    item: Item | None = None


class GatherView(PhaseView):
    BINDINGS = [
        # In the order the footer keeps them at 80 columns: Edit and Delete while in the items,
        # Undo, Next column; the rest when there is room (all are in F1 and the palette).
        Binding("e", "edit", "Edit", id="gather.edit", tooltip="Edit the highlighted item"),
        Binding("d,delete", "delete", "Delete", id="gather.delete", tooltip="Delete the highlighted item (undo with ctrl+z)"),
        Binding("ctrl+z,u", "undo", "Undo", id="gather.undo",
                tooltip="Undo the last add, edit, delete or paste"),
        Binding("tab", "column(1)", "Next column", id="gather.next_column",
                tooltip="Type into the next column"),
        Binding("shift+tab", "column(-1)", "Previous column", id="gather.previous_column", show=False,
                tooltip="Type into the previous column"),
        Binding("ctrl+r", "reveal", "Reveal", id="gather.reveal",
                tooltip="Show the hidden items of every column to everyone"),
        Binding("escape", "to_input", "Back to typing", id="gather.to_input",
                tooltip="Stop editing, or go back from the items to typing"),
        Binding("ctrl+o", "paste_chat", "Paste chat", id="gather.paste_chat",
                tooltip="Add a video-call chat as items, after a preview"),
        Binding("left", "column(-1)", "Column left", id="gather.column_left", show=False,
                tooltip="Go to the column on the left"),
        Binding("right", "column(1)", "Column right", id="gather.column_right", show=False,
                tooltip="Go to the column on the right"),
        Binding("down", "to_items", "Items", id="gather.to_items", show=False,
                tooltip="Go from typing to the column's items"),
    ]

    def __init__(self, session, phase) -> None:  # noqa: ANN001
        super().__init__(session, phase)
        self.columns: list[Column] = list(phase.columns)
        self.column_index = 0
        self.editing: str | None = None
        self.undo_stack: list[Undo] = []

    # -- building -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="gather-columns"):
            for i, col in enumerate(self.columns):
                with Vertical(classes="gather-column", id=f"column-{i}"):
                    yield Static(classes=f"column-title -color-{col.color or 'none'}", id=f"column-title-{i}")
                    if col.hint:
                        yield Static(literal(col.hint), classes="column-hint")
                    yield ItemList(id=f"items-{i}", classes="column-items", cursor_shows_focus=True,
                                   cursor_when_blurred=False)  # while typing, no column shows a cursor
        yield Static(id="gather-status", classes="phase-status")
        with Horizontal(id="gather-entry"):
            yield Static(id="gather-target")
            yield ItemInput(on_enter=self.submit, on_paste_lines=self.open_paste, tab_steps=self.action_column,
                            max_length=ITEM_MAX,
                            placeholder=self._placeholder(),
                            id="gather-input")

    def _placeholder(self) -> str:
        if self.retro.anonymous:
            return t("Type what was said, Enter adds it (anonymous: no names are stored)")
        return t("Type what was said, Enter adds it (Name: text credits someone)")

    def _list(self, index: int) -> ItemList:
        return self.query_one(f"#items-{index}", ItemList)

    @property
    def input(self) -> ItemInput:
        return self.query_one("#gather-input", ItemInput)

    def _masked(self, column: Column) -> bool:
        return self.phase.silent and not self.retro.is_revealed(column.id)

    def refresh_view(self) -> None:
        for i, col in enumerate(self.columns):
            masked = self._masked(col)
            self._list(i).sync([item_row(it, masked, self.retro.author_of(it)) for it in self.retro.items_in(col.id)])
        self._column_chosen()
        self._show_status()

    def _title(self, index: int) -> None:
        count = len(self.retro.items_in(self.columns[index].id))
        title = self.query_one(f"#column-title-{index}", Static)
        self.show(title, self._title_text(index, count), layout=False)  # one line, every Enter: no layout
        # The panel colour behind the title of the column typed into, set inline: a class change
        # restyles the node through the whole stylesheet (two titles on every switch; on the
        # column, with its list, far more).
        title.styles.background = self._current_background() if index == self.column_index else None
        if index == self.column_index:
            self.show_next(title, self._title_text(index, count + 1))  # after the next Enter

    def _column_chosen(self) -> None:
        """The column typed into now: its titles show it, and its list's last rows are drawn
        ahead, where its first Enter takes the cursor (from the top of a long column)."""
        for i in range(len(self.columns)):
            self._title(i)
        self._show_target()
        self._list(self.column_index).draw_ahead(last_page=True)

    def _title_text(self, index: int, count: int) -> Content:
        mark = "▸ " if index == self.column_index else ""
        return Content.assemble(mark, literal(self.columns[index].title, "bold"), (f"  {count}", "$text-muted"))

    def _current_background(self) -> Color:
        return Color.parse(self.app.theme_variables["panel"])

    def on_mount(self) -> None:
        # The inline colour is the theme's: a new theme paints the current title again.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._title(self.column_index))

    def on_unmount(self) -> None:
        # The signal keeps its subscribers weakly, but the callback holds the view: let it go.
        self.app.theme_changed_signal.unsubscribe(self)

    def _show_target(self) -> None:
        col = self.columns[self.column_index]
        label = Content(t("Edit")) if self.editing else literal(col.title)
        self.show(self.query_one("#gather-target", Static), Content.assemble(label.stylize("bold"), " › "),
                  layout=False)  # a fixed width: switching columns lays out nothing

    def _show_status(self) -> None:
        status = self.query_one("#gather-status", Static)
        hidden = [c for c in self.columns if self._masked(c)]
        lines = []
        if hidden:
            lines.append(t("Silent writing: items stay hidden until you reveal them (ctrl+r)."))
        if self.retro.anonymous:
            lines.append(t("Anonymous retro: items are stored without names; a Name: prefix is dropped."))
        self.show(status, "\n".join(lines))
        status.display = bool(lines)

    def focus_default(self) -> None:
        self.focus_now(self.input)

    # -- typing ---------------------------------------------------------------------------------

    def _author_and_text(self, value: str) -> tuple[str, str]:
        """`Anna: text` credits Anna when she takes part; any other colon is just text. In an
        anonymous retro the prefix is dropped as well (the domain stores no author anyway): a
        name said out loud is not written into the item."""
        head, colon, rest = value.partition(":")
        if colon:
            names = {p.name.casefold(): p.name for p in self.retro.participants}
            name = names.get(head.strip().casefold())
            if name and rest.strip():
                return name, rest.strip()
        return "", value

    def submit(self, value: str) -> bool:
        """Enter in the input: add the item (or save the edit). False keeps the text to correct."""
        if self.editing is not None:
            return self._finish_edit(value)
        if not value.strip():
            return True
        author, text = self._author_and_text(value)
        column = self.columns[self.column_index]
        ok, item = self.attempt(lambda r: r.add_item(column.id, text, author, self.now()))
        if not ok or item is None:
            return False
        self.undo_stack.append(Undo("add", [item.id]))
        items = self._list(self.column_index)
        # one row added; the board is not rebuilt
        items.append([item_row(item, self._masked(column), self.retro.author_of(item))])
        items.highlighted = items.option_count - 1
        self._title(self.column_index)
        return True

    def _finish_edit(self, value: str) -> bool:
        item_id = self.editing
        assert item_id is not None
        old = self.retro.item(item_id).text
        ok, _ = self.attempt(lambda r: r.edit_item(item_id, value))
        if not ok:
            return False
        if value.strip() != old:
            self.undo_stack.append(Undo("edit", [item_id], text=old))
        self._end_edit()
        self.refresh_view()
        return True

    def _end_edit(self) -> None:
        self.editing = None
        self.input.value = ""
        self._show_target()

    # -- moving around ----------------------------------------------------------------------------

    def _focused_list_index(self) -> int | None:
        focused = self.screen.focused
        if isinstance(focused, ItemList) and focused.id and focused.id.startswith("items-"):
            return int(focused.id.removeprefix("items-"))
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_list = self._focused_list_index() is not None
        if action in ("edit", "delete"):
            return in_list
        if action == "to_items":
            return not in_list
        if action == "to_input":
            return in_list or self.editing is not None
        if action == "reveal":
            return any(self._masked(c) for c in self.columns)
        return True

    def action_column(self, step: int) -> None:
        if self.editing is not None:
            return
        self.column_index = (self.column_index + step) % len(self.columns)
        self._column_chosen()
        if self._focused_list_index() is not None:
            self._focus_list(self.column_index)

    def _focus_list(self, index: int) -> None:
        items = self._list(index)
        self.focus_now(items)
        if items.highlighted is None and items.option_count:
            items.highlighted = 0

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Clicking into a column makes it the one being typed into.
        index = self._focused_list_index()
        if index is not None and index != self.column_index and self.editing is None:
            self.column_index = index
            self._column_chosen()

    def action_to_items(self) -> None:
        self._focus_list(self.column_index)

    def action_to_input(self) -> None:
        if self.editing is not None:
            self._end_edit()
        self.focus_now(self.input)

    # -- editing items ------------------------------------------------------------------------------

    def _highlighted_item(self) -> Item | None:
        index = self._focused_list_index()
        if index is None:
            return None
        item_id = self._list(index).highlighted_id
        return self.retro.item(item_id) if item_id else None

    @on(ItemList.OptionSelected, ".column-items")
    def _selected(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        item = self._highlighted_item()
        if item is None:
            return
        column = next((c for c in self.columns if c.id == item.column), None)
        if column is not None and self._masked(column):
            self.app.bell()
            self.notify(t("Reveal the items first (ctrl+r): editing would show a hidden item to everyone."),
                        severity="warning", markup=False)
            return
        text = item.text
        if len(text) > ITEM_MAX:
            # An item of an older store, longer than an item may be now: the field takes no
            # more, and a megabyte in it would make every key slow. Esc keeps it whole.
            text = text[:ITEM_MAX]
            self.notify(t("This item is {length} characters long; the edit holds its first {limit}, and saving "
                          "keeps only those (Esc keeps the item whole).", length=number(len(item.text)), limit=number(ITEM_MAX)),
                        severity="warning", markup=False, timeout=8)
        self.editing = item.id
        self.input.value = text
        self.input.cursor_position = len(self.input.value)
        self._show_target()
        self.focus_now(self.input)

    def action_delete(self) -> None:
        item = self._highlighted_item()
        if item is None:
            return
        ok, result = self.attempt(lambda r: r.delete_item(item.id))
        if not ok or result is None:
            return
        index, removed = result
        self.undo_stack.append(Undo("delete", [removed.id], index=index, item=removed))
        self.refresh_view()
        self.notify(t("Deleted. Undo with ctrl+z."), markup=False, timeout=3)

    def action_undo(self) -> None:
        if self.editing is not None:
            self._end_edit()
            return
        if not self.undo_stack:
            self.notify(t("Nothing to undo."), markup=False, timeout=2)
            return
        step = self.undo_stack.pop()

        def put_back(r: Retro) -> None:
            if step.kind in ("add", "paste"):
                for item_id in step.item_ids:
                    if any(it.id == item_id for it in r.items):
                        r.delete_item(item_id)
            elif step.kind == "edit":
                r.edit_item(step.item_ids[0], step.text)
            elif step.kind == "delete" and step.item is not None:
                r.restore_item(step.index, step.item)

        if self.attempt(put_back)[0]:
            self.refresh_view()

    def action_reveal(self) -> None:
        ok, _ = self.attempt(lambda r: r.reveal([c.id for c in self.columns]))
        if ok:
            self.refresh_view()
            self.screen.refresh_bindings()  # nothing is hidden now: Reveal leaves the footer
            self.notify(t("Revealed."), markup=False, timeout=2)

    # -- chat ------------------------------------------------------------------------------------------

    def action_paste_chat(self) -> None:
        self.open_paste("")

    def open_paste(self, text: str) -> None:
        from retro.tui.dialogs.paste_chat import PasteChatDialog

        def pasted(result: tuple[str, list[ChatLine]] | None) -> None:
            if not result:
                self.focus_now(self.input)
                return
            column_id, lines = result
            now = self.now()

            def add_all(r: Retro) -> list[str]:
                return [r.add_item(column_id, line.text, line.author, now).id for line in lines]

            ok, ids = self.attempt(add_all)
            if ok and ids:
                self.undo_stack.append(Undo("paste", list(ids)))
                self.refresh_view()
                self.notify(n("Added {count} item from the chat.", "Added {count} items from the chat.", len(ids)), markup=False)
            self.focus_now(self.input)

        column = self.columns[self.column_index]
        self.app.push_screen(PasteChatDialog(self.columns, column.id, text, anonymous=self.retro.anonymous), pasted)
