"""Group: items into themes, by keyboard and by mouse, with one gesture for both.

Pick an item (Enter or a click), then pick a theme (Enter or a click): the item moves there.
`n` makes a new theme (with the picked or highlighted item in it), 1–9 move the picked or
highlighted item straight to that theme, `o` takes it out again, `r` renames and `x` deletes a
theme (its items go back to the ungrouped list).
"""

from __future__ import annotations

from collections import Counter

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Static

from retro.domain.retro import Item, Theme
from retro.domain.text import NAME_MAX
from retro.i18n import t
from retro.tui.screens.run.phases.base import PhaseView
from retro.tui.ui import cut, follow_cursor, literal, literal_name
from retro.tui.widgets.item_list import ItemList, Row

NEW_THEME = "new-theme"
STATUS_CHARS = 200  # of the picked item, on the status line: one line


def grouped_item_row(item: Item, column_title: str, held: bool) -> Row:
    text = item.text

    def prompt() -> Content:
        return Content.assemble(("⇢ " if held else "", "bold $warning"), literal(cut(text)),
                                literal(f"  · {column_title}", "$text-muted"))

    return Row(item.id, (text, column_title, held), prompt)


def theme_row(number: int, theme: Theme, count: int) -> Row:
    key = f"{number} " if number <= 9 else "  "
    title = theme.title

    def prompt() -> Content:
        return Content.assemble((key, "bold $secondary"), literal_name(title, "bold"), (f"  ({count})", "$text-muted"))

    return Row(theme.id, (number, title, count), prompt)


class GroupView(PhaseView):
    BINDINGS = [
        Binding("n", "new_theme", "New theme", id="group.new_theme",
                tooltip="Make a new theme, with the picked or highlighted item in it"),
        Binding("m", "pick", "Pick", id="group.pick",
                tooltip="Pick the highlighted item up; then choose a theme to move it there"),
        Binding("o", "take_out", "Take out", id="group.take_out",
                tooltip="Take the highlighted item out of its theme"),
        Binding("r", "rename_theme", "Rename", id="group.rename", tooltip="Rename the highlighted theme"),
        Binding("x", "delete_theme", "Delete", id="group.delete_theme",
                tooltip="Delete the highlighted theme; its items go back to the ungrouped list"),
        *[Binding(str(n), f"to_theme({n})", "Move to theme", id=f"group.to_theme_{n}", show=False,
                  tooltip="Move the picked or highlighted item to the theme with this number") for n in range(1, 10)],
        # Not in the footer: a footer that changed on every pick would be rebuilt on every pick.
        Binding("escape", "drop", "Put down", id="group.drop", show=False,
                tooltip="Put the picked item down without moving it"),
    ]

    def __init__(self, session, phase) -> None:  # noqa: ANN001
        super().__init__(session, phase)
        self.held: str | None = None
        self._titles = {c.id: c.title for c in session.format.columns()}

    def on_mount(self) -> None:
        follow_cursor(self.query_one("#group-themes", ItemList), self._show_members)
        for rows in ("#group-ungrouped", "#group-members"):
            self.query_one(rows, ItemList).next_look = self._picked_look
        self.query_one("#group-themes", ItemList).next_look = self._dropped_look

    def _find(self, item_id: str | None) -> Item | None:
        """The item, or None if it is gone (another process's change may take it)."""
        return next((it for it in self.retro.items if it.id == item_id), None)

    def _item_row(self, item: Item, held: bool | None = None) -> Row:
        """An item's row in the ungrouped or members list: picked up or not (as it is, by default)."""
        return grouped_item_row(item, self._titles.get(item.column, item.column),
                                item.id == self.held if held is None else held)

    def _picked_look(self, item_id: str) -> Row | None:
        """An item's row as Enter on it shows it next: picked up."""
        item = self._find(item_id)
        if item is None or item.id == self.held:
            return None
        return self._item_row(item, True)

    def _dropped_look(self, theme_id: str) -> Row | None:
        """A theme's row as Enter shows it next while an item is picked up: one item more. (And
        the item's row among the theme's members, which show beside it, drawn ahead too.)"""
        held = self._find(self.held)
        if held is None or held.theme_id == theme_id:
            return None
        number, theme = next(((n, th) for n, th in enumerate(self.retro.themes, 1) if th.id == theme_id), (0, None))
        if theme is None:
            return None
        members = [it for it in self.retro.items if it.theme_id == theme_id or it is held]
        self.query_one("#group-members", ItemList).draw_new_row_ahead(
            self._item_row(held, False), members.index(held))
        return theme_row(number, theme, len(members))

    def compose(self) -> ComposeResult:
        with Horizontal(id="group-main"):
            with Vertical(id="group-ungrouped-pane"):
                yield Static(id="group-ungrouped-title", classes="pane-title")
                yield ItemList(id="group-ungrouped", cursor_shows_focus=True)
            with Vertical(id="group-themes-pane"):
                yield Static(t("Themes"), classes="pane-title")
                yield ItemList(id="group-themes", cursor_shows_focus=True)
            with Vertical(id="group-members-pane"):
                yield Static(id="group-members-title", classes="pane-title")
                yield ItemList(id="group-members", cursor_shows_focus=True)
                yield Button(t("Take out (o)"), id="group-take-out", compact=True)
        yield Static(id="group-status", classes="phase-status")

    # -- showing ------------------------------------------------------------------------------

    def _theme_rows(self) -> list[Row]:
        sizes = Counter(it.theme_id for it in self.retro.items if it.theme_id)
        rows = [theme_row(i, th, sizes[th.id]) for i, th in enumerate(self.retro.themes, 1)]
        rows.append(Row(NEW_THEME, ("new",), Content.styled(t("+ New theme"), "italic $secondary")))
        return rows

    def refresh_view(self) -> None:
        retro = self.retro
        if self.held is not None and not any(it.id == self.held for it in retro.items):
            self.held = None
        ungrouped = [it for it in retro.items if it.theme_id is None]
        self._show_ungrouped_title(len(ungrouped))
        self.query_one("#group-ungrouped", ItemList).sync([self._item_row(it) for it in ungrouped])
        themes = self.query_one("#group-themes", ItemList)
        themes.sync(self._theme_rows())
        if themes.highlighted is None and themes.option_count:
            themes.highlighted = 0
        self._show_members()
        self._show_status()

    def _show_dropped(self, item_id: str, theme_id: str) -> None:
        """The common drop, a loose item into a theme, drawn from what it changed: the item
        leaves the ungrouped list, one theme counts one more, and that theme's members show it
        if it is the one in view. Rebuilding and comparing every row of the three lists (and
        counting every theme's items) was a fifth of the key's frame on a 200-item board."""
        items = self.retro.items
        self._show_ungrouped_title(sum(1 for it in items if it.theme_id is None))
        self.query_one("#group-ungrouped", ItemList).remove(item_id)
        number, theme = next((n, th) for n, th in enumerate(self.retro.themes, 1) if th.id == theme_id)
        themes = self.query_one("#group-themes", ItemList)
        themes.update_row(theme_row(number, theme, sum(1 for it in items if it.theme_id == theme_id)))
        if themes.highlighted_id == theme_id:
            self._show_members()
        self._show_status()

    def _show_ungrouped_title(self, count: int) -> None:
        title = self.query_one("#group-ungrouped-title", Static)
        self.show(title, t("Not in a theme ({count})", count=count), layout=False)
        if count:
            self.show_next(title, t("Not in a theme ({count})", count=count - 1))  # after the next drop

    def _current_theme(self) -> Theme | None:
        theme_id = self.query_one("#group-themes", ItemList).highlighted_id
        return next((th for th in self.retro.themes if th.id == theme_id), None)

    def _show_members(self) -> None:
        theme = self._current_theme()
        title = self.query_one("#group-members-title", Static)
        members = self.query_one("#group-members", ItemList)
        if theme is None:
            self.show(title, t("Items of a theme"), layout=False)
            members.sync([])
        else:
            self.show(title, Content.assemble(t("In "), literal_name(theme.title, "bold")), layout=False)
            members.sync([self._item_row(it) for it in self.retro.theme_items(theme.id)])
        # Disabled, not hidden: showing or hiding it lays out the screen (several frames, every list
        # drawn anew) each time the cursor goes between a theme with items and one without.
        button = self.query_one("#group-take-out", Button)
        if button.disabled != (not members.option_count):
            button.disabled = not members.option_count

    def _show_status(self) -> None:
        status = self.query_one("#group-status", Static)
        if self.held is not None:
            item = self.retro.item(self.held)
            self.show(status, Content.assemble(
                (t("Moving") + ": ", "bold $warning"), literal(cut(item.text, STATUS_CHARS, 1)), "  ",
                (t("choose a theme (Enter or click), n for a new one, Esc to put it down"), "$text-muted")),
                layout=False)
        elif not self.retro.items:
            self.show(status, t("No items yet: they come from the gather phase."), layout=False)
        else:
            self.show(status, Content.styled(t("Enter or click picks an item; Enter or click on a theme moves it there."),
                                             "$text-muted"), layout=False)

    def focus_default(self) -> None:
        ungrouped = self.query_one("#group-ungrouped", ItemList)
        target = ungrouped if ungrouped.option_count else self.query_one("#group-themes", ItemList)
        self.focus_now(target)
        if target.highlighted is None and target.option_count:
            target.highlighted = 0

    # -- which item ---------------------------------------------------------------------------

    def _focused_item(self) -> Item | None:
        focused = self.screen.focused
        if isinstance(focused, ItemList) and focused.id in ("group-ungrouped", "group-members"):
            item_id = focused.highlighted_id
            if item_id:
                return self.retro.item(item_id)
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Only Esc depends on the moment (it leaves the retro unless an item is picked up). The
        # other keys stay put whatever is focused, and do nothing where they do not apply: the
        # footer stays the same while the facilitator moves between the lists.
        if action == "drop":
            return self.held is not None
        if action in ("rename_theme", "delete_theme"):
            return bool(self.retro.themes)
        return True

    # -- the pick-and-drop gesture --------------------------------------------------------------

    @on(ItemList.OptionSelected, "#group-ungrouped, #group-members")
    def _item_selected(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        self.action_pick()

    @on(ItemList.OptionSelected, "#group-themes")
    def _theme_selected(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        if event.option.id == NEW_THEME:
            self.action_new_theme()
        elif self.held is not None:
            self._move(self.held, event.option.id)
        else:
            members = self.query_one("#group-members", ItemList)
            if members.option_count:
                self.focus_now(members)
                if members.highlighted is None:
                    members.highlighted = 0

    def action_pick(self) -> None:
        item = self._focused_item()
        if item is None:
            return
        before, self.held = self.held, None if self.held == item.id else item.id
        self._show_picked(before, item.id)
        if self.held is not None:
            themes = self.query_one("#group-themes", ItemList)
            self.focus_now(themes)
            if item.theme_id:
                themes.highlight_id(item.theme_id)

    def action_drop(self) -> None:
        before, self.held = self.held, None
        self._show_picked(before)
        self.focus_default()

    def _show_picked(self, *item_ids: str | None) -> None:
        """The picked mark on these items' rows, where they show, and the status: a pick or a
        put-down changes no more (building and comparing every row of the three lists was a
        quarter of the key's frame on a 200-item board)."""
        in_view = self.query_one("#group-themes", ItemList).highlighted_id
        for item_id in dict.fromkeys(i for i in item_ids if i is not None):
            item = self._find(item_id)
            if item is None:
                continue
            if item.theme_id is None or item.theme_id == in_view:
                rows = self.query_one("#group-ungrouped" if item.theme_id is None else "#group-members", ItemList)
                rows.update_row(self._item_row(item))
        self._show_status()

    def _move(self, item_id: str, theme_id: str | None) -> None:
        was_loose = self.retro.item(item_id).theme_id is None
        others_look_the_same = self.held in (None, item_id)  # no other row loses its "picked" mark
        ok, _ = self.attempt(lambda r: r.move_item(item_id, theme_id))
        if not ok:
            return
        self.held = None
        if was_loose and theme_id is not None and others_look_the_same:
            self._show_dropped(item_id, theme_id)
        else:
            self.refresh_view()
        ungrouped = self.query_one("#group-ungrouped", ItemList)
        if theme_id is not None and ungrouped.option_count:
            self.focus_now(ungrouped)  # on to the next loose item
        elif theme_id is None:
            self.focus_now(self.query_one("#group-members", ItemList))

    def action_to_theme(self, number: int) -> None:
        item = self.retro.item(self.held) if self.held else self._focused_item()  # as `n` does
        if item is None or not 1 <= number <= len(self.retro.themes):
            return
        self._move(item.id, self.retro.themes[number - 1].id)

    def action_take_out(self) -> None:
        item = self._focused_item()
        if item is not None and item.theme_id is not None:
            self._move(item.id, None)

    @on(Button.Pressed, "#group-take-out")
    def _take_out_pressed(self) -> None:
        members = self.query_one("#group-members", ItemList)
        item_id = members.highlighted_id
        if item_id:
            self._move(item_id, None)

    # -- themes ---------------------------------------------------------------------------------

    def action_new_theme(self) -> None:
        from retro.tui.dialogs.name_prompt import NamePrompt

        item = self.retro.item(self.held) if self.held else self._focused_item()

        def named(title: str | None) -> None:
            if not title:
                return
            item_id = item.id if item is not None else None

            def create(r):  # noqa: ANN001, ANN202
                theme = r.create_theme(title)
                if item_id is not None:
                    r.move_item(item_id, theme.id)
                return theme

            ok, theme = self.attempt(create)
            if not ok or theme is None:
                return
            self.held = None
            self.refresh_view()
            self.screen.refresh_bindings()  # Rename and Delete theme have something to act on
            self.query_one("#group-themes", ItemList).highlight_id(theme.id)
            self._show_members()
            self.focus_default()

        # The item's first words, as many as a theme's name may have.
        suggestion = " ".join(item.text[:4 * NAME_MAX].split())[:NAME_MAX] if item is not None else ""
        self.app.push_screen(NamePrompt(t("New theme"), t("Name of the theme"), suggestion), named)

    def action_rename_theme(self) -> None:
        from retro.tui.dialogs.name_prompt import NamePrompt

        theme = self._current_theme()
        if theme is None:
            return

        def named(title: str | None) -> None:
            if title and self.attempt(lambda r: r.rename_theme(theme.id, title))[0]:
                self.refresh_view()

        self.app.push_screen(NamePrompt(t("Rename theme"), t("Name of the theme"), theme.title), named)

    def action_delete_theme(self) -> None:
        theme = self._current_theme()
        if theme is None:
            return
        if self.attempt(lambda r: r.delete_theme(theme.id))[0]:
            self.refresh_view()
            self.screen.refresh_bindings()
            self.notify(t("Theme deleted; its items are back in the list."), markup=False, timeout=3)
