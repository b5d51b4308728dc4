"""The join app's first screen: who is writing. The retro's participants are suggested as the
name is typed; an existing name picks that participant, a new one asks once whether they are
in the room or remote (Enter: remote) and joins the retro."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from retro.domain.participant_view import find_participant
from retro.domain.retro import Participant
from retro.domain.text import NAME_MAX
from retro.i18n import t
from retro.tui.ui import literal_name
from retro.tui.widgets.entry import FieldInput
from retro.tui.widgets.footer import StableFooter


class NameScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        retro = self.app.retro()
        names = [p.name for p in retro.participants] if retro else []
        with Vertical(id="name-box"):
            yield Static(Content.assemble((t("Join the retro"), "bold $primary"), " · ",
                                         literal_name(retro.team if retro else "", "bold")), id="name-title")
            yield Static(t("Your name"), classes="field-title")
            yield FieldInput(placeholder=t("Type your name, Enter joins"), max_length=NAME_MAX,
                             suggester=SuggestFromList(names, case_sensitive=False), id="name-input")
            if names:
                yield Static(Content.assemble((t("Taking part:"), "$text-muted"), " ",
                                              Content(", ").join(literal_name(n) for n in names)), id="name-people")
            yield Static(id="join-status")
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#name-input", FieldInput).focus()

    def say(self, text: str) -> None:
        self.query_one("#join-status", Static).update(Content(text))

    @on(Input.Submitted, "#name-input")
    def _named(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if not name:
            return  # an empty Enter does nothing
        retro = self.app.retro()
        if retro is None:
            return
        known = find_participant(retro, name)
        if known is not None:
            self.app.join_as(known)
            return

        def answered(remote: bool | None) -> None:
            if remote is None:
                self.query_one("#name-input", FieldInput).focus()
                return
            self.app.join_as(Participant(name=name, remote=remote))

        self.app.push_screen(WhereDialog(name), answered)


class WhereDialog(ModalScreen[bool | None]):
    """Asked once for a new name: in the room, or remote (Enter)."""

    BINDINGS = [
        Binding("enter", "answer(True)", "Remote", id="join.remote", priority=True,
                tooltip="You take part from elsewhere, on the call"),
        Binding("r", "answer(False)", "In the room", id="join.room", tooltip="You are in the room"),
        Binding("escape", "answer(None)", "Back", id="join.back", tooltip="Change the name"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self._who = name

    def compose(self) -> ComposeResult:
        with Vertical(id="where-box"):
            yield Static(literal_name(self._who, "bold"))
            yield Static(t("In the room or remote?"), id="where-question")
            yield Static(t("Enter: remote · r: in the room · Esc: back"), classes="hint")
        yield StableFooter()

    def action_answer(self, remote: bool | None) -> None:
        self.dismiss(remote)
