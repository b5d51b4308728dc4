"""Vote: dot votes per person within the format's budget; how many each has left is on screen.

The highlighted person on the left is the one voting; Enter, space or a click on a theme or item
gives it one of their dots, Backspace takes one back. Left/right change who votes. A vote over
the budget is refused (the bell, and why on the status line), nothing is saved. `s` sorts by votes.
"""

from __future__ import annotations

from collections import Counter
from typing import NoReturn

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.content import Content
from textual.widgets import Static

from retro.domain.retro import Item, Participant, Theme
from retro.i18n import n, t
from retro.tui.screens.run.phases.base import PhaseView, Refused
from retro.tui.ui import cut, follow_cursor, literal, literal_name
from retro.tui.widgets.item_list import ItemList, Row


def dots(used: int, budget: int) -> str:
    return "●" * used + "○" * max(0, budget - used)


def voter_row(p: Participant, used: int, budget: int) -> Row:
    left = budget - used

    def prompt() -> Content:
        return Content.assemble(
            literal_name(p.name, "bold"), (f" ({t('remote')})" if p.remote else "", "$secondary"), "\n  ",
            (dots(used, budget), "bold $primary" if left else "$text-muted"), "  ",
            (t("{count} left", count=left), "$success" if left else "$text-muted"))

    return Row(p.name, (p.name, p.remote, used, budget), prompt)


def target_row(target: Theme | Item, votes: int, mine: int, size: int | None) -> Row:
    title = target.title if isinstance(target, Theme) else target.text

    def prompt() -> Content:
        extra = n("theme, {count} item", "theme, {count} items", size) if size is not None else t("item")
        shown = literal_name(title, "bold") if size is not None else literal(cut(title))
        return Content.assemble((f"{votes:>2} ", "bold $primary" if votes else "$text-muted"),
                                ("●" * mine + " " if mine else "", "$secondary"),
                                shown, (f"  · {extra}", "$text-muted"))

    return Row(target.id, (title, votes, mine, size), prompt)


class VoteView(PhaseView):
    BINDINGS = [
        Binding("space", "vote", "Vote", id="vote.cast", tooltip="Give the highlighted theme or item one dot of the voter"),
        Binding("backspace,minus", "retract", "Take back", id="vote.retract",
                tooltip="Take one of the voter's dots back from the highlighted theme or item"),
        # One footer key for both arrows, ←/→ as README has it (a focused list takes the arrows'
        # own bindings, and the footer showed the `>` left over).
        Binding("right,greater_than_sign", "voter(1)", "Voter", id="vote.next_voter", key_display="←/→",
                tooltip="The next person votes"),
        Binding("left,less_than_sign", "voter(-1)", "Previous voter", id="vote.previous_voter", show=False,
                key_display="←", tooltip="The previous person votes"),
        Binding("s", "sort", "Sort", id="vote.sort", tooltip="Show the themes and items by votes, or in board order"),
    ]

    def __init__(self, session, phase) -> None:  # noqa: ANN001
        super().__init__(session, phase)
        self.budget = phase.votes_per_person or session.votes_budget()
        self.sorted = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="vote-main"):
            with Vertical(id="vote-voters-pane"):
                yield Static(t("Who votes"), classes="pane-title")
                yield ItemList(id="vote-voters", cursor_shows_focus=True)
            with Vertical(id="vote-targets-pane"):
                yield Static(id="vote-targets-title", classes="pane-title")
                yield ItemList(id="vote-targets", cursor_shows_focus=True)
        yield Static(id="vote-status", classes="phase-status")

    @property
    def voter(self) -> str | None:
        return self.query_one("#vote-voters", ItemList).highlighted_id

    def refresh_view(self) -> None:
        retro = self.retro
        voters = self.query_one("#vote-voters", ItemList)
        voters.sync([voter_row(p, len(retro.votes.get(p.name, [])), self.budget) for p in retro.speaking_order()])
        if voters.highlighted is None and voters.option_count:
            voters.highlighted = 0
        self._show_targets()

    def _show_targets(self) -> None:
        retro = self.retro
        counts = retro.vote_counts()
        mine = retro.votes.get(self.voter or "", [])
        pairs = retro.ranked() if self.sorted else [(tg, counts[tg.id]) for tg in retro.vote_targets()]
        sizes = Counter(it.theme_id for it in retro.items if it.theme_id)
        rows = [target_row(tg, n, mine.count(tg.id), sizes[tg.id] if isinstance(tg, Theme) else None)
                for tg, n in pairs]
        targets = self.query_one("#vote-targets", ItemList)
        targets.sync(rows)
        if targets.highlighted is None and targets.option_count:
            targets.highlighted = 0
        order = t("by votes") if self.sorted else t("in board order")
        self.show(self.query_one("#vote-targets-title", Static),
            Content.assemble(t("Themes and items"), (f"  ({order})", "$text-muted")))
        self._show_status()

    def _show_status(self) -> None:
        retro = self.retro
        status = self.query_one("#vote-status", Static)
        voter = self.voter
        if not retro.participants:
            self.show(status, t("No participants yet: add them with F2."))
        elif voter is not None:
            left = retro.votes_left(voter, self.budget)
            total = sum(len(v) for v in retro.votes.values())
            self.show(status, Content.assemble(literal_name(voter, "bold"), " ",
                                           n("has {left} of {count} vote left", "has {left} of {count} votes left",
                                             self.budget, left=left),
                                           ("  ·  " + n("{count} vote cast", "{count} votes cast", total), "$text-muted")),
                          layout=False)  # one line, every vote: no need to lay out the screen

    def _show_dot(self, voter: str, target_id: str) -> None:
        """After one dot given or taken back: only the voter's row, the target's row and the status
        line change (in board order; sorted by votes, the order may change too)."""
        if self.sorted:
            self.refresh_view()
            return
        self.query_one("#vote-voters", ItemList).update_row(self._voter_row(voter))
        self.query_one("#vote-targets", ItemList).update_row(self._target_row(voter, target_id))
        self._show_status()

    def refuse(self, message: str) -> NoReturn:
        """Said on the status line, where the room reads the votes left, with the bell. (A toast
        took about a frame to show on the 200-item board; this line, a fraction of one.)"""
        self.app.bell()
        self.show(self.query_one("#vote-status", Static), literal(message, "bold $error"), layout=False)
        raise Refused(message)

    def _voter_row(self, voter: str, more: int = 0) -> Row:
        person = next(p for p in self.retro.participants if p.name == voter)
        return voter_row(person, len(self.retro.votes.get(voter, [])) + more, self.budget)

    def _target_row(self, voter: str, target_id: str, more: int = 0) -> Row:
        retro = self.retro
        target = retro.target(target_id)
        size = sum(1 for it in retro.items if it.theme_id == target.id) if isinstance(target, Theme) else None
        return target_row(target, retro.vote_counts()[target.id] + more,
                          retro.votes.get(voter, []).count(target.id) + more, size)

    def _can_vote(self) -> str | None:
        """The voter, if space would give a dot where the rows stay in place (in board order)."""
        try:
            voter = self.voter
        except NoMatches:  # (asked between keys, as the phase is being taken down)
            return None
        if voter is None or self.sorted or self.retro.votes_left(voter, self.budget) <= 0:
            return None
        return voter

    def _voted_target_look(self, target_id: str) -> Row | None:
        """The highlighted theme or item as space shows it next: one more of the voter's dots."""
        voter = self._can_vote()
        return self._target_row(voter, target_id, 1) if voter is not None else None

    def _voted_voter_look(self, name: str) -> Row | None:
        """The voter's row as space shows it next: one dot fewer left."""
        voter = self._can_vote()
        return self._voter_row(voter, 1) if voter == name else None

    def focus_default(self) -> None:
        self.focus_now(self.query_one("#vote-targets", ItemList))

    def on_mount(self) -> None:
        follow_cursor(self.query_one("#vote-voters", ItemList), self._show_targets)
        self.query_one("#vote-targets", ItemList).next_look = self._voted_target_look
        self.query_one("#vote-voters", ItemList).next_look = self._voted_voter_look

    @on(ItemList.OptionSelected, "#vote-voters")
    def _voter_chosen(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        self.focus_now(self.query_one("#vote-targets", ItemList))

    @on(ItemList.OptionSelected, "#vote-targets")
    def _target_chosen(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        self.action_vote()

    def _target(self) -> str | None:
        return self.query_one("#vote-targets", ItemList).highlighted_id

    def action_vote(self) -> None:
        voter, target = self.voter, self._target()
        if voter is None or target is None:
            return
        if self.attempt(lambda r: r.cast_vote(voter, target, self.budget))[0]:
            self._show_dot(voter, target)

    def action_retract(self) -> None:
        voter, target = self.voter, self._target()
        if voter is None or target is None:
            return
        if self.attempt(lambda r: r.retract_vote(voter, target))[0]:
            self._show_dot(voter, target)

    def action_voter(self, step: int) -> None:
        voters = self.query_one("#vote-voters", ItemList)
        if voters.option_count:
            voters.highlighted = ((voters.highlighted or 0) + step) % voters.option_count

    def action_sort(self) -> None:
        self.sorted = not self.sorted
        self._show_targets()
