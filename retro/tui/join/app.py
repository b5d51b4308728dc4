"""JoinApp: one participant's view of one running retro, on their own device.

Not the facilitator's RetroApp: no home screen, no kata log, no other retro. It reads only its
retro, writes only what a participant may (joining, their own items, their dots, their ROTI),
each as a locked read-modify-write of the store (`Repository.update`), so nothing the
facilitator or another participant wrote meanwhile is lost. It follows the facilitator's phase
by polling the store as RetroApp does.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

from textual.app import App
from textual.binding import Binding
from textual.content import Content
from textual.css.query import NoMatches

from retro.domain.clock import Clock, SystemClock
from retro.domain.errors import RuleError
from retro.domain.format import Format, Phase
from retro.domain.participant_view import find_participant
from retro.domain.retro import Participant, Retro
from retro.domain.text import visible
from retro.i18n import t, t_error
from retro.store import Repository, StoreError
from retro.store.catalog import Catalog, load_catalog
from retro.store.presence import Presence
from retro.tui.theme import PRESENTATION, THEMES
from retro.tui.ui import tell_store_changed

STORE_POLL_S = 0.5  # the facilitator's next phase shows within a second
T = TypeVar("T")


class JoinApp(App[None]):
    CSS_PATH = "join.tcss"
    TITLE = "retro"
    # No palette: its system commands (a screenshot saved to disk, …) are not a participant's,
    # and on a shared host they would act on the owner's account.
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Leave (everything is already saved)", priority=True),
        Binding("f1", "help", "Help", id="help", tooltip="Show the keys of this screen"),
    ]

    def __init__(self, repo: Repository, retro_id: str, participant: Participant | None = None, *,
                 clock: Clock | None = None, catalog: Catalog | None = None, served: bool = False,
                 presence: Presence | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.retro_id = retro_id
        self.clock: Clock = clock or SystemClock()
        self.catalog = catalog if catalog is not None else load_catalog()
        self.wanted = participant
        self.who = ""  # who this session writes as, once chosen
        # The ids of the items this session added. In an anonymous retro no item names its
        # author, so only this session can tell which are this participant's; it is kept in
        # memory only, and is gone when the session ends (the screen says so).
        self.mine: set[str] = set()
        # This session's hold on its name (store/presence.py): a second device under the same
        # name is refused while this one lives.
        self.presence = presence
        # Served to a browser (retro serve): a child left behind by a server that died ends itself.
        self.server_pid = os.getppid() if served else None

    # -- the retro, as the store has it ---------------------------------------------------------

    def retro(self) -> Retro | None:
        return self.repo.find(Retro, self.retro_id)

    def format_of(self, retro: Retro) -> Format | None:
        return self.catalog.get(retro.format_id)

    def phase_of(self, retro: Retro) -> Phase | None:
        fmt = self.format_of(retro)
        if fmt is None or not 0 <= retro.phase_index < len(fmt.phases):
            return None
        return fmt.phases[retro.phase_index]

    def write(self, change: Callable[[Retro], T]) -> tuple[bool, T | None]:
        """`change` applied to the retro as the store has it now, under the store's lock.
        A refusal (a rule, a closed retro, a store problem) is said on the status line."""
        result: list[T] = []

        def apply(retro: Retro) -> None:
            if retro.status == "closed":
                raise RuleError("Retro {id} is closed", id=retro.id)
            result.append(change(retro))

        try:
            self.repo.update(Retro, self.retro_id, apply)
        except (RuleError, StoreError) as exc:
            self.bell()
            self.say(t_error(exc))
            return False, None
        return True, result[0] if result else None

    def say(self, text: str) -> None:
        """One line on the screen's status line (or a toast where a screen has none)."""
        say = getattr(self.screen, "say", None)
        try:
            if say is not None:
                say(text)
                return
        except NoMatches:  # its status line not there yet (`--as` is tried as the app starts)
            pass
        self.notify(text)

    # -- joining -----------------------------------------------------------------------------------

    def join_as(self, participant: Participant) -> bool:
        """Take part as `participant`: one already in the retro is picked (their own flag kept),
        a new one is added. Then the phase's view opens."""
        retro = self.retro()
        if retro is None:
            return False
        known = find_participant(retro, participant.name)
        if known is not None and not self.hold(known.name):
            return False
        if known is None:
            def add(r: Retro) -> Participant:
                found = find_participant(r, participant.name)  # joined meanwhile from another device
                if found is None:
                    r.add_participant(participant)
                    found = find_participant(r, participant.name)
                assert found is not None
                return found

            ok, known = self.write(add)
            if not ok or known is None or not self.hold(known.name):
                return False
        self.who = known.name
        from retro.tui.join.board import BoardScreen

        self.switch_screen(BoardScreen())
        return True

    def hold(self, name: str) -> bool:
        """Hold `name` for this session; False (said on the screen) when a live session on
        another device holds it already."""
        if self.presence is not None and self.presence.name == name:
            return True  # held already (`retro join --as NAME` takes it before the app starts)
        try:
            presence = self.repo.take_name(self.retro_id, name)
        except StoreError as exc:
            self.say(t_error(exc))
            return False
        if presence is None:
            self.bell()
            self.say(t("{name} has already joined on another device: choose another name, or leave "
                       "that session first", name=visible(name)))
            return False
        self.leave()
        self.presence = presence
        return True

    def leave(self) -> None:
        if self.presence is not None:
            self.presence.leave()
            self.presence = None

    # -- the app --------------------------------------------------------------------------------

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = PRESENTATION.name
        self.set_interval(STORE_POLL_S, self._poll_store)
        from retro.tui.join.name import NameScreen

        self.push_screen(NameScreen())
        if self.wanted is not None:
            self.join_as(self.wanted)

    def on_unmount(self) -> None:
        self.leave()

    def _poll_store(self) -> None:
        if self.server_pid is not None and os.getppid() != self.server_pid:
            self.exit()
            return
        if self.repo.saving:
            return
        try:
            changed = self.repo.changed()
        except StoreError:
            return  # unreadable for a moment: look again at the next poll
        if changed:
            self.repo.changed_seen()
            tell_store_changed(self)

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every toast literally: a message may name user text."""
        super().notify(visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False)

    def format_title(self, title: str, sub_title: str) -> Content:
        return super().format_title(visible(title), visible(sub_title))

    def action_help(self) -> None:
        from retro.tui.join.help import JoinHelp

        if not isinstance(self.screen, JoinHelp):
            self.push_screen(JoinHelp(self.screen))
