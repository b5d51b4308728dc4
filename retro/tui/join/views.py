"""The phase views of the join app, one per kind of phase; each shows only what this
participant may see (retro/domain/participant_view.py) and writes only what is theirs."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from retro.domain.errors import RuleError
from retro.domain.format import Column, Phase, PhaseKind
from retro.domain.kata import Experiment
from retro.domain.participant_view import is_own, others_dots_shown, own_dots, visible_items
from retro.domain.retro import Item, Retro, Theme
from retro.domain.text import ITEM_MAX
from retro.i18n import n, t
from retro.tui.ui import cut, literal, literal_name
from retro.tui.widgets.entry import ItemInput
from retro.tui.widgets.item_list import ItemList, Row

if TYPE_CHECKING:
    from retro.tui.join.board import BoardScreen


class View(Vertical):
    """One phase's view. `show` draws it from the board's retro; `focus_default` puts the focus
    where the participant types."""

    def __init__(self, board: BoardScreen) -> None:
        super().__init__(classes="join-phase")
        self.board = board

    @property
    def retro(self) -> Retro:
        assert self.board.retro is not None
        return self.board.retro

    @property
    def phase(self) -> Phase:
        assert self.board.phase is not None
        return self.board.phase

    @property
    def who(self) -> str:
        return self.app.who  # type: ignore[attr-defined]

    @property
    def mine(self) -> set[str]:
        """The ids of the items this session added: in an anonymous retro, the only way to tell
        which are this participant's (JoinApp.mine)."""
        return self.app.mine  # type: ignore[attr-defined]

    def is_own(self, item: Item) -> bool:
        return is_own(self.retro, item, self.who, self.mine)

    def show(self) -> None:
        pass

    def focus_default(self) -> None:
        pass

    def write(self, change):  # noqa: ANN001, ANN201 - see JoinApp.write
        """`change` to the retro in the store, if the facilitator is still in this phase;
        the view then shows the retro as the write left it."""
        index = self.retro.phase_index

        def here(r: Retro):  # noqa: ANN202
            if r.phase_index != index:
                raise RuleError("The facilitator has moved on to another phase")
            return change(r)

        ok, result = self.app.write(here)  # type: ignore[attr-defined]
        if ok:
            self.board.say("")
            self.board.retro = self.app.retro()  # type: ignore[attr-defined]
            self.show()
        return ok, result


# -- gather ---------------------------------------------------------------------------------------


def own_row(item: Item) -> Row:
    return Row(item.id, ("own", item.text), lambda: literal(cut(item.text)))


def others_row(item: Item, author: str) -> Row:
    """Someone else's item; `author` as the retro shows it (nobody, in an anonymous retro)."""
    def prompt() -> Content:
        shown = literal(cut(item.text))
        if not author:
            return shown
        return Content.assemble(shown, "  — ", literal_name(author)).stylize("$text-muted italic", len(shown))

    return Row(item.id, ("other", item.text, author), prompt)


class GatherView(View):
    BINDINGS = [
        Binding("tab", "column(1)", "Next column", id="join.next_column", tooltip="Write into the next column"),
        Binding("shift+tab", "column(-1)", "Previous column", id="join.previous_column", show=False,
                tooltip="Write into the previous column"),
        Binding("e", "edit", "Edit", id="join.edit", tooltip="Edit your highlighted item"),
        Binding("d,delete", "delete", "Delete", id="join.delete", tooltip="Delete your highlighted item"),
        Binding("down", "to_items", "Items", id="join.to_items", show=False, tooltip="Go from typing to the items"),
        Binding("escape", "to_input", "Back to typing", id="join.to_input",
                tooltip="Stop editing, or go back from the items to typing"),
    ]

    def __init__(self, board: BoardScreen) -> None:
        super().__init__(board)
        self.columns: list[Column] = list(self.phase.columns)
        self.column_index = 0
        self.editing: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="gather-column")
        yield ItemList(id="gather-items", cursor_shows_focus=True, cursor_when_blurred=False)
        yield Static(id="gather-hidden", classes="hint")
        if self.retro.anonymous:
            yield Static(t("Anonymous: no names are stored. You can edit and delete your items until you leave; "
                           "after that, nobody can tell them from others'."), id="gather-anonymous", classes="hint")
        yield ItemInput(on_enter=self.submit, tab_steps=self.action_column, max_length=ITEM_MAX,
                        placeholder=t("Type an item, Enter adds it"), id="gather-input")

    @property
    def input(self) -> ItemInput:
        return self.query_one("#gather-input", ItemInput)

    @property
    def items(self) -> ItemList:
        return self.query_one("#gather-items", ItemList)

    @property
    def column(self) -> Column | None:
        return self.columns[self.column_index] if self.columns else None

    def show(self) -> None:
        column = self.column
        if column is None:
            return
        label = Content(t("Edit")) if self.editing else literal(column.title)
        self.query_one("#gather-column", Static).update(Content.assemble(
            ("▸ ", "$primary"), label.stylize("bold"),
            (f"  {self.column_index + 1}/{len(self.columns)}", "$text-muted")))
        rows, hidden = [], 0
        for item, masked in visible_items(self.retro, self.phase, column.id, self.who, self.mine):
            if masked:
                hidden += 1
            else:
                rows.append(own_row(item) if self.is_own(item) else others_row(item, self.retro.author_of(item)))
        self.items.sync(rows)
        note = self.query_one("#gather-hidden", Static)
        note.update(n("{count} item by others stays hidden until the reveal",
                      "{count} items by others stay hidden until the reveal", hidden) if hidden else "")
        note.display = bool(hidden)

    def focus_default(self) -> None:
        self.input.focus()

    def submit(self, value: str) -> bool:
        """Enter: add the item as this participant (or save the edit); False keeps the text."""
        if self.editing is not None:
            return self._finish_edit(value)
        column = self.column
        if not value.strip() or column is None:
            return True
        now = self.app.clock.now()  # type: ignore[attr-defined]
        ok, item = self.write(lambda r: self._add(r, column.id, value, now))
        if ok and item is not None:
            self.items.highlight_id(item.id)
            self.board.say("")
        return ok

    def _add(self, r: Retro, column: str, text: str, now: datetime) -> Item:
        item = r.add_item(column, text, self.who, now)
        # Remembered before the view shows the retro again, so it shows as this participant's.
        self.mine.add(item.id)
        return item

    def _own(self, r: Retro, item_id: str) -> Item:
        item = r.item(item_id)
        if not is_own(r, item, self.who, self.mine):
            raise RuleError("Only your own items can be changed")
        return item

    def _finish_edit(self, value: str) -> bool:
        item_id = self.editing
        assert item_id is not None
        ok, _ = self.write(lambda r: (self._own(r, item_id), r.edit_item(item_id, value)))
        if ok:
            self.editing = None
            self.show()
        return ok

    def _highlighted(self) -> Item | None:
        item_id = self.items.highlighted_id
        if item_id is None or not self.items.has_focus:
            return None
        return next((it for it in self.retro.items if it.id == item_id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_list = self.items.has_focus
        if action in ("edit", "delete"):
            return in_list
        if action == "to_items":
            return not in_list
        if action == "to_input":
            return in_list or self.editing is not None
        return True

    def action_column(self, step: int) -> None:
        if self.editing is not None or not self.columns:
            return
        self.column_index = (self.column_index + step) % len(self.columns)
        self.show()

    def action_to_items(self) -> None:
        self.items.focus()
        if self.items.highlighted is None and self.items.option_count:
            self.items.highlighted = 0

    def action_to_input(self) -> None:
        if self.editing is not None:
            self.editing = None
            self.input.value = ""
            self.show()
        self.input.focus()

    def _refuse_others(self, item: Item) -> bool:
        if self.is_own(item):
            return False
        self.app.bell()
        self.board.say(t("Only your own items can be changed"))
        return True

    def action_edit(self) -> None:
        item = self._highlighted()
        if item is None or self._refuse_others(item):
            return
        self.editing = item.id
        self.input.value = item.text[:ITEM_MAX]
        self.input.cursor_position = len(self.input.value)
        self.show()
        self.input.focus()

    def action_delete(self) -> None:
        item = self._highlighted()
        if item is None or self._refuse_others(item):
            return
        ok, _ = self.write(lambda r: (self._own(r, item.id), r.delete_item(item.id)))
        if ok:
            self.board.say(t("Deleted."))

    @on(ItemList.OptionSelected, "#gather-items")
    def _selected(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        self.action_edit()


# -- vote -------------------------------------------------------------------------------------------


def vote_row(target: Theme | Item, mine: int) -> Row:
    is_theme = isinstance(target, Theme)
    title = target.title if is_theme else target.text

    def prompt() -> Content:
        shown = literal_name(title, "bold") if is_theme else literal(cut(title))
        return Content.assemble(("●" * mine + " " if mine else "", "bold $secondary"), shown)

    return Row(target.id, (title, mine), prompt)


class VoteView(View):
    BINDINGS = [
        Binding("space", "vote", "Vote", id="join.vote", tooltip="Give the highlighted theme or item one of your dots"),
        Binding("backspace,minus", "retract", "Take back", id="join.retract",
                tooltip="Take one of your dots back from the highlighted theme or item"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="vote-left")
        yield ItemList(id="vote-targets", cursor_shows_focus=True)

    @property
    def budget(self) -> int:
        if self.phase.votes_per_person:
            return self.phase.votes_per_person
        fmt = self.app.format_of(self.retro)  # type: ignore[attr-defined]
        return next((p.votes_per_person for p in fmt.phases if p.votes_per_person), 0) if fmt else 0

    @property
    def targets(self) -> ItemList:
        return self.query_one("#vote-targets", ItemList)

    def show(self) -> None:
        mine = own_dots(self.retro, self.who)
        left = self.retro.votes_left(self.who, self.budget)
        used = self.budget - left
        self.query_one("#vote-left", Static).update(Content.assemble(
            (t("Your dots:"), "$text-muted"), " ", ("●" * used + "○" * max(0, left), "bold $primary"), "  ",
            (t("{count} left", count=left), "$success" if left else "$text-muted")))
        self.targets.sync([vote_row(target, mine[target.id]) for target in self.retro.vote_targets()])
        if self.targets.highlighted is None and self.targets.option_count:
            self.targets.highlighted = 0

    def focus_default(self) -> None:
        self.targets.focus()

    def action_vote(self) -> None:
        target = self.targets.highlighted_id
        if target is None:
            return
        budget = self.budget
        ok, _ = self.write(lambda r: r.cast_vote(self.who, target, budget))
        if ok:
            self.board.say("")

    def action_retract(self) -> None:
        target = self.targets.highlighted_id
        if target is None:
            return
        ok, _ = self.write(lambda r: r.retract_vote(self.who, target))
        if ok:
            self.board.say("")

    @on(ItemList.OptionSelected, "#vote-targets")
    def _selected(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        self.action_vote()


# -- close ------------------------------------------------------------------------------------------


class CloseView(View, can_focus=True):
    BINDINGS = [
        *[Binding(str(k), f"roti({k})", "ROTI", id=f"join.roti_{k}", show=k == 1, key_display="1–5",
                  tooltip="Your ROTI: 1 not worth the time … 5 well worth it") for k in range(1, 6)],
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="close-question")
        yield Static(id="close-score")

    def focus_default(self) -> None:
        self.focus()  # its keys (1–5) work while it has the focus

    def show(self) -> None:
        if not self.phase.roti:
            self.query_one("#close-question", Static).update(literal(self.phase.prompt or self.phase.title))
            return
        self.query_one("#close-question", Static).update(
            t("Was this retro worth your time? Press 1 (not at all) to 5 (well worth it)."))
        score = self.retro.roti.get(self.who)
        self.query_one("#close-score", Static).update(
            Content.assemble((t("Your ROTI:"), "$text-muted"), " ", (str(score), "bold $primary")) if score else "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.phase.roti if action == "roti" else True

    def action_roti(self, score: int) -> None:
        ok, _ = self.write(lambda r: r.set_roti(self.who, score))
        if ok:
            self.board.say(t("Saved."))


# -- read only: check-in, review, group, discuss, decide, and a closed retro ---------------------


class ReadView(View):
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="read-scroll"):
            yield Static(id="read-body")

    def focus_default(self) -> None:
        self.query_one("#read-scroll").focus()

    def show(self) -> None:
        self.query_one("#read-body", Static).update(self.body())

    def body(self) -> Content:
        retro, phase = self.retro, self.board.phase
        if retro.status == "closed" or phase is None:
            return self._experiments() or Content("")
        if phase.kind == PhaseKind.GROUP:
            return self._themes()
        if phase.kind in (PhaseKind.DISCUSS, PhaseKind.DECIDE):
            parts = [self._topic()]
            if phase.kind == PhaseKind.DECIDE:
                parts.append(self._experiments() or Content.styled(t("No experiment written yet."), "$text-muted"))
            return Content("\n\n").join(parts)
        return literal(phase.prompt or phase.title)  # check-in, review: what the facilitator asks

    def _item_lines(self, items: list[Item]) -> list[Content]:
        return [Content.assemble("  - ", literal(cut(it.text))) for it in items]

    def _themes(self) -> Content:
        retro = self.retro
        lines: list[Content] = []
        for theme in retro.themes:
            lines.append(literal_name(theme.title, "bold $primary"))
            lines.extend(self._item_lines(retro.theme_items(theme.id)))
        loose = [it for it in retro.items if it.theme_id is None]
        if loose:
            lines.append(Content.styled(t("Not in a theme"), "bold $text-muted"))
            lines.extend(self._item_lines(loose))
        return Content("\n").join(lines) if lines else Content.styled(t("No themes yet."), "$text-muted")

    def _topic(self) -> Content:
        retro = self.retro
        topics = retro.topics()
        if not 0 <= retro.discuss_index < len(topics):
            return Content.styled(t("No topic yet."), "$text-muted")
        target, votes = topics[retro.discuss_index]
        heading = literal_name(target.title, "bold $primary") if isinstance(target, Theme) \
            else literal(cut(target.text), "bold $primary")
        lines = [Content.assemble((t("Topic:"), "$text-muted"), " ", heading)]
        if others_dots_shown(self.phase):
            lines.append(Content.styled(n("{count} vote", "{count} votes", votes), "$text-muted"))
        if isinstance(target, Theme):
            lines.extend(self._item_lines(retro.theme_items(target.id)))
        if target.notes:
            lines.append(Content.styled(t("Notes"), "bold"))
            lines.extend(literal(line) for line in target.notes.split("\n"))
        return Content("\n").join(lines)

    def _experiments(self) -> Content | None:
        repo = self.app.repo  # type: ignore[attr-defined]
        found = [e for e in (repo.find(Experiment, i) for i in self.retro.experiment_ids) if e is not None]
        if not found:
            return None
        lines = [Content.styled(t("Experiments"), "bold")]
        for ex in found:
            lines.append(Content.assemble("* ", literal(cut(ex.step), "bold")))
            lines.append(Content.assemble("  ", (t("Expect:"), "$text-muted"), " ", literal(cut(ex.current("expectation")))))
            owner = Content.assemble(" · ", literal_name(ex.owner)) if ex.owner else Content("")
            lines.append(Content.assemble("  ", (t("Go and see:"), "$text-muted"), f" {ex.go_and_see_on.isoformat()}", owner))
        return Content("\n").join(lines)


VIEWS: dict[PhaseKind, type[View]] = {
    PhaseKind.GATHER: GatherView,
    PhaseKind.VOTE: VoteView,
    PhaseKind.CLOSE: CloseView,
}
