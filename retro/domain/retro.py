"""One retro: its participants, items, themes, votes, notes and ROTI, and the rules between them.

Also where the retro stands: its phase, the phase and topic timers, who has checked in, who
speaks next. All of it is saved with the retro, so a retro resumed after a crash opens in the
same phase with the same state.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from retro.domain.codec import rule
from retro.domain.errors import RuleError
from retro.domain.ids import new_id
from retro.domain.text import FORMAT_PHASES_MAX, ITEM_MAX, NAME_MAX, RETRO_ITEMS_MAX, check_length, clean

RETRO_STATUSES = ("running", "closed")


def _text(text: str | None, what: str, limit: int) -> str:
    """Text as typed, cleaned of control characters and stripped, within its limit."""
    return check_length(clean(text or "").strip(), limit, what)


@dataclass
class Participant:
    name: str = field(metadata=rule(limit=NAME_MAX))
    remote: bool = False

    @classmethod
    def parse(cls, spec: str) -> Participant:
        """`Anna` (in the room) or `Anna:remote`."""
        name, _, where = spec.partition(":")
        name = _text(name, "A participant's name", NAME_MAX)
        if not name:
            raise RuleError("A participant needs a name")
        where = where.strip().lower()
        if where not in ("", "remote", "room", "distans", "rummet"):
            raise RuleError("Participant {spec}: say NAME or NAME:remote", spec=spec)
        return cls(name=name, remote=where in ("remote", "distans"))


def _named(participant: Participant) -> Participant:
    """The participant with a clean name within its limit (a name typed into a dialog)."""
    name = _text(participant.name, "A participant's name", NAME_MAX)
    if not name:
        raise RuleError("A participant needs a name")
    return participant if name == participant.name else Participant(name=name, remote=participant.remote)


@dataclass
class Item:
    id: str
    column: str
    text: str = field(metadata=rule(limit=ITEM_MAX))
    author: str = field(default="", metadata=rule(limit=NAME_MAX))
    created_at: datetime | None = None
    theme_id: str | None = None
    notes: str = ""  # discussion notes, when the item is a topic on its own


@dataclass
class PhaseTimer:
    """A countdown that can pause and grow; it runs on whatever clock the caller passes.

    Only the moments it started and stopped are kept (not a ticking counter), so saving it is
    cheap and a timer resumed after a crash has counted the time that really passed.
    """

    seconds: int = field(metadata=rule(least=0))  # the timebox; grows a minute at a time
    elapsed_s: float = field(default=0.0, metadata=rule(least=0))  # time counted before `running_since`
    running_since: datetime | None = None

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def elapsed(self, now: datetime) -> float:
        if self.running_since is None:
            return self.elapsed_s
        # A clock set back must not make time run backwards.
        return self.elapsed_s + max(0.0, (now - self.running_since).total_seconds())

    def remaining(self, now: datetime) -> float:
        """Seconds left; negative once the timebox is overrun (allowed, and shown)."""
        return self.seconds - self.elapsed(now)

    def pause(self, now: datetime) -> None:
        if self.running_since is not None:
            self.elapsed_s = self.elapsed(now)
            self.running_since = None

    def resume(self, now: datetime) -> None:
        if self.running_since is None:
            self.running_since = now

    def add_minute(self) -> None:
        self.seconds += 60


@dataclass
class Theme:
    id: str
    title: str = field(metadata=rule(limit=NAME_MAX))
    notes: str = ""


@dataclass
class Retro:
    id: str
    format_id: str
    team: str = field(metadata=rule(limit=NAME_MAX))
    started_at: datetime
    participants: list[Participant] = field(default_factory=list)
    status: str = field(default="running", metadata=rule(one_of=RETRO_STATUSES))
    phase_index: int = field(default=0, metadata=rule(least=0, most=FORMAT_PHASES_MAX - 1))
    revealed: list[str] = field(default_factory=list)  # gather columns whose items are shown
    items: list[Item] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    votes: dict[str, list[str]] = field(default_factory=dict)  # participant → target ids, one per dot
    checked_in: list[str] = field(default_factory=list)
    discuss_index: int = field(default=0, metadata=rule(least=0))
    roti: dict[str, int] = field(default_factory=dict, metadata=rule(least=1, most=5))
    experiment_ids: list[str] = field(default_factory=list)
    closed_at: datetime | None = None
    timers: dict[str, PhaseTimer] = field(default_factory=dict)  # "phase-N" and "topic-<id>"
    # who speaks next on the current topic, in speaking order
    speaker_index: int = field(default=0, metadata=rule(least=0))
    reviewed: list[str] = field(default_factory=list)  # experiments whose outcome was recorded here
    # Anonymous writing: items are stored without author, whoever or whatever names one. Set at
    # the start (the format's `anonymous` is the default) and never changed: an item written
    # in the belief that it is anonymous must stay so.
    anonymous: bool = False

    @classmethod
    def start(cls, format_id: str, team: str, participants: list[Participant], now: datetime,
              anonymous: bool = False) -> Retro:
        participants = [_named(p) for p in participants]
        names = [p.name for p in participants]
        if len(set(names)) != len(names):
            raise RuleError("Each participant needs a different name")
        return cls(id=new_id("rt"), format_id=format_id, team=_text(team, "The team", NAME_MAX) or "team",
                   started_at=now, participants=participants, anonymous=bool(anonymous))

    # -- participants -----------------------------------------------------------------------

    def add_participant(self, participant: Participant) -> None:
        """Someone joins late (it happens on every call)."""
        participant = _named(participant)
        if any(p.name == participant.name for p in self.participants):
            raise RuleError("Each participant needs a different name")
        self.participants.append(participant)

    # -- where the retro stands -------------------------------------------------------------

    @staticmethod
    def phase_timer_key(index: int) -> str:
        return f"phase-{index}"

    @staticmethod
    def topic_timer_key(target_id: str) -> str:
        return f"topic-{target_id}"

    def start_timer(self, key: str, minutes: int, now: datetime) -> PhaseTimer:
        """Run the timer `key`: a new one with `minutes`, or one started earlier from where it stopped."""
        timer = self.timers.get(key)
        if timer is None:
            timer = self.timers[key] = PhaseTimer(seconds=max(0, int(minutes)) * 60)
        timer.resume(now)
        return timer

    def pause_timers(self, now: datetime) -> None:
        for timer in self.timers.values():
            timer.pause(now)

    def enter_phase(self, index: int, phase_count: int, minutes: int, now: datetime) -> PhaseTimer:
        """Move to phase `index`: every other timer stops, this phase's timer runs."""
        if not 0 <= index < phase_count:
            raise RuleError("There is no phase {number}", number=index + 1)
        self.pause_timers(now)
        self.phase_index = index
        return self.start_timer(self.phase_timer_key(index), minutes, now)

    def enter_topic(self, index: int, target_id: str, minutes: int, now: datetime) -> PhaseTimer:
        """Discuss topic `index`: its own timer runs (the phase timer keeps running), the round restarts."""
        for key, timer in self.timers.items():
            if key.startswith("topic-"):
                timer.pause(now)
        self.discuss_index = index
        self.speaker_index = 0
        return self.start_timer(self.topic_timer_key(target_id), minutes, now)

    def check_in(self, name: str) -> None:
        """Mark `name` as checked in, or take it back."""
        self._participant(name)
        if name in self.checked_in:
            self.checked_in.remove(name)
        else:
            self.checked_in.append(name)

    def next_to_check_in(self) -> Participant | None:
        return next((p for p in self.speaking_order() if p.name not in self.checked_in), None)

    def next_speaker(self) -> None:
        if self.participants:
            self.speaker_index = (self.speaker_index + 1) % len(self.participants)

    # -- items ------------------------------------------------------------------------------

    def add_item(self, column: str, text: str, author: str, now: datetime) -> Item:
        """A new item in `column`; in an anonymous retro `author` is dropped, whoever gave it
        (a `Name:` prefix, `--author`, a joiner's name, a chat line's sender)."""
        text = _text(text, "An item", ITEM_MAX)
        if not text:
            raise RuleError("An item needs some text")
        author = "" if self.anonymous else _text(author, "The author's name", NAME_MAX)
        if len(self.items) >= RETRO_ITEMS_MAX:
            raise RuleError("This retro has {limit} items, as many as a retro can hold", limit=RETRO_ITEMS_MAX)
        item = Item(id=new_id("it"), column=column, text=text, author=author, created_at=now)
        self.items.append(item)
        return item

    def author_of(self, item: Item) -> str:
        """Who wrote `item`, as anything may show or export it: nobody, in an anonymous retro
        (even for an item that came with an author some other way, e.g. an edited backup)."""
        return "" if self.anonymous else item.author

    def item(self, item_id: str) -> Item:
        for it in self.items:
            if it.id == item_id:
                return it
        raise RuleError("No item {id} in this retro", id=item_id)

    def edit_item(self, item_id: str, text: str) -> Item:
        text = _text(text, "An item", ITEM_MAX)
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
        title = _text(title, "A theme's name", NAME_MAX)
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
        title = _text(title, "A theme's name", NAME_MAX)
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
            raise RuleError.counted("{name} has used their {count} vote", "{name} has used all {count} votes", budget,
                                    name=name)
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

    def topics(self) -> list[tuple[Theme | Item, int]]:
        """What to discuss, in vote order: what got votes, or everything when nobody voted."""
        ranked = self.ranked()
        voted = [(target, votes) for target, votes in ranked if votes]
        return voted or ranked

    def target(self, target_id: str) -> Theme | Item:
        for th in self.themes:
            if th.id == target_id:
                return th
        return self.item(target_id)

    def add_note(self, target_id: str, text: str) -> None:
        """Append one line to a topic's notes (a theme, or an item discussed on its own)."""
        text = check_length(" ".join(clean(text or "").split()), ITEM_MAX, "A note")
        if not text:
            raise RuleError("A note needs some text")
        target = self.target(target_id)
        target.notes = f"{target.notes}\n{text}" if target.notes else text

    def remove_last_note(self, target_id: str) -> str | None:
        target = self.target(target_id)
        if not target.notes:
            return None
        rest, _, last = target.notes.rpartition("\n")
        target.notes = rest
        return last

    # -- experiments ------------------------------------------------------------------------

    def link_experiment(self, experiment_id: str, max_experiments: int | None) -> None:
        """An experiment decided in this retro; the format may cap how many (experiments, not a backlog)."""
        if experiment_id in self.experiment_ids:
            return
        if max_experiments is not None and len(self.experiment_ids) >= max_experiments:
            raise RuleError.counted("This format allows at most {count} experiment per retro",
                                    "This format allows at most {count} experiments per retro", max_experiments)
        self.experiment_ids.append(experiment_id)

    def mark_reviewed(self, experiment_id: str) -> None:
        if experiment_id not in self.reviewed:
            self.reviewed.append(experiment_id)

    def roti_average(self) -> float | None:
        return sum(self.roti.values()) / len(self.roti) if self.roti else None

    def set_roti(self, name: str, score: int) -> None:
        self._participant(name)
        if not 1 <= int(score) <= 5:
            raise RuleError("ROTI is a score from 1 to 5")
        self.roti[name] = int(score)

    def close(self, now: datetime) -> None:
        self.pause_timers(now)
        self.status = "closed"
        self.closed_at = now
