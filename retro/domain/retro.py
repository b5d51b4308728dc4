"""One retro: its participants, items, themes, votes, notes and ROTI, and the rules between them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from retro.domain.errors import RuleError
from retro.domain.ids import new_id


@dataclass
class Participant:
    name: str
    remote: bool = False

    @classmethod
    def parse(cls, spec: str) -> Participant:
        """`Anna` (in the room) or `Anna:remote`."""
        name, _, where = spec.partition(":")
        name = name.strip()
        if not name:
            raise RuleError("A participant needs a name")
        where = where.strip().lower()
        if where not in ("", "remote", "room", "distans", "rummet"):
            raise RuleError("Participant {spec}: say NAME or NAME:remote", spec=spec)
        return cls(name=name, remote=where in ("remote", "distans"))


@dataclass
class Item:
    id: str
    column: str
    text: str
    author: str = ""
    created_at: datetime | None = None
    theme_id: str | None = None


@dataclass
class Theme:
    id: str
    title: str
    notes: str = ""


@dataclass
class Retro:
    id: str
    format_id: str
    team: str
    started_at: datetime
    participants: list[Participant] = field(default_factory=list)
    status: str = "running"  # running / closed
    phase_index: int = 0
    revealed: list[str] = field(default_factory=list)  # gather columns whose items are shown
    items: list[Item] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    votes: dict[str, list[str]] = field(default_factory=dict)  # participant → target ids, one per dot
    checked_in: list[str] = field(default_factory=list)
    discuss_index: int = 0
    roti: dict[str, int] = field(default_factory=dict)
    experiment_ids: list[str] = field(default_factory=list)
    closed_at: datetime | None = None

    @classmethod
    def start(cls, format_id: str, team: str, participants: list[Participant], now: datetime) -> Retro:
        names = [p.name for p in participants]
        if len(set(names)) != len(names):
            raise RuleError("Each participant needs a different name")
        return cls(id=new_id("rt"), format_id=format_id, team=(team or "").strip() or "team",
                   started_at=now, participants=list(participants))

    # -- items ------------------------------------------------------------------------------

    def add_item(self, column: str, text: str, author: str, now: datetime) -> Item:
        text = (text or "").strip()
        if not text:
            raise RuleError("An item needs some text")
        item = Item(id=new_id("it"), column=column, text=text, author=(author or "").strip(), created_at=now)
        self.items.append(item)
        return item

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise RuleError("No item {id} in this retro", id=item_id)

    def edit_item(self, item_id: str, text: str) -> Item:
        text = (text or "").strip()
        if not text:
            raise RuleError("An item needs some text")
        item = self.item(item_id)
        item.text = text
        return item

    def delete_item(self, item_id: str) -> tuple[int, Item]:
        """Remove an item; returns its position so an undo can put it back where it was."""
        item = self.item(item_id)
        index = self.items.index(item)
        del self.items[index]
        for dots in self.votes.values():
            while item_id in dots:
                dots.remove(item_id)
        return index, item

    def restore_item(self, index: int, item: Item) -> None:
        self.items.insert(min(index, len(self.items)), item)

    def items_in(self, column: str) -> list[Item]:
        return [it for it in self.items if it.column == column]

    def is_revealed(self, column: str) -> bool:
        return column in self.revealed

    def reveal(self, columns: list[str]) -> None:
        for c in columns:
            if c not in self.revealed:
                self.revealed.append(c)

    # -- themes -----------------------------------------------------------------------------

    def create_theme(self, title: str) -> Theme:
        title = (title or "").strip()
        if not title:
            raise RuleError("A theme needs a name")
        theme = Theme(id=new_id("th"), title=title)
        self.themes.append(theme)
        return theme

    def theme(self, theme_id: str) -> Theme:
        for th in self.themes:
            if th.id == theme_id:
                return th
        raise RuleError("No theme {id} in this retro", id=theme_id)

    def rename_theme(self, theme_id: str, title: str) -> None:
        title = (title or "").strip()
        if not title:
            raise RuleError("A theme needs a name")
        self.theme(theme_id).title = title

    def move_item(self, item_id: str, theme_id: str | None) -> None:
        if theme_id is not None:
            self.theme(theme_id)
        self.item(item_id).theme_id = theme_id

    def delete_theme(self, theme_id: str) -> None:
        theme = self.theme(theme_id)
        for it in self.items:
            if it.theme_id == theme_id:
                it.theme_id = None
        self.themes.remove(theme)
        for dots in self.votes.values():
            while theme_id in dots:
                dots.remove(theme_id)

    def theme_items(self, theme_id: str) -> list[Item]:
        return [it for it in self.items if it.theme_id == theme_id]

    # -- votes ------------------------------------------------------------------------------

    def vote_targets(self) -> list[Theme | Item]:
        """What can be voted on: the themes, and the items that belong to none."""
        return [*self.themes, *(it for it in self.items if it.theme_id is None)]

    def _participant(self, name: str) -> Participant:
        for p in self.participants:
            if p.name == name:
                return p
        raise RuleError("{name} is not a participant of this retro", name=name)

    def votes_left(self, name: str, budget: int) -> int:
        return budget - len(self.votes.get(name, []))

    def cast_vote(self, name: str, target_id: str, budget: int) -> None:
        self._participant(name)
        if target_id not in {t.id for t in self.vote_targets()}:
            raise RuleError("Nothing to vote for with id {id}", id=target_id)
        if self.votes_left(name, budget) <= 0:
            raise RuleError("{name} has used all {budget} votes", name=name, budget=budget)
        self.votes.setdefault(name, []).append(target_id)

    def retract_vote(self, name: str, target_id: str) -> None:
        dots = self.votes.get(name, [])
        if target_id not in dots:
            raise RuleError("{name} has no vote on that", name=name)
        dots.remove(target_id)

    def vote_counts(self) -> Counter[str]:
        return Counter(t for dots in self.votes.values() for t in dots)

    def ranked(self) -> list[tuple[Theme | Item, int]]:
        """Targets by votes, most first; ties keep board order so the ranking is stable."""
        counts = self.vote_counts()
        targets = self.vote_targets()
        order = sorted(range(len(targets)), key=lambda i: (-counts[targets[i].id], i))
        return [(targets[i], counts[targets[i].id]) for i in order]

    def votes_for_item(self, item: Item) -> int:
        counts = self.vote_counts()
        return counts[item.id] + (counts[item.theme_id] if item.theme_id else 0)

    # -- talking ----------------------------------------------------------------------------

    def speaking_order(self) -> list[Participant]:
        """Remote participants first: the room dominates a hybrid meeting unless the order says otherwise."""
        return [p for p in self.participants if p.remote] + [p for p in self.participants if not p.remote]

    def set_roti(self, name: str, score: int) -> None:
        self._participant(name)
        if not 1 <= int(score) <= 5:
            raise RuleError("ROTI is a score from 1 to 5")
        self.roti[name] = int(score)

    def close(self, now: datetime) -> None:
        self.status = "closed"
        self.closed_at = now
