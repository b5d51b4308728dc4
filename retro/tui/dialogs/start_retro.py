"""Start a retro: the team, and who takes part — each in the room or remote.

Type a name and press Enter to add it (`Name:remote`, or Tab to the list and press space to
switch room/remote); Enter on an empty name starts the retro. The people of this team's last
retro are offered again, since it is usually the same people. A checkbox says whether the retro
is anonymous (items stored without names); the format's `anonymous` option is its default.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from retro.domain.errors import RuleError
from retro.domain.retro import Participant, Retro
from retro.domain.text import NAME_MAX
from retro.i18n import n, t, t_error
from retro.store import StoreError
from retro.tui.ui import literal, literal_name
from retro.tui.widgets.entry import ItemInput
from retro.tui.widgets.item_list import ItemList, Row


SPEC_MAX = NAME_MAX + len(":distans")  # a name, and where the person is


def participant_row(p: Participant) -> Row:
    where = (t("remote"), "bold $secondary") if p.remote else (t("in the room"), "$text-muted")
    return Row(p.name, (p.name, p.remote), Content.assemble(literal_name(p.name, "bold"), "  ", where))


class StartRetroDialog(ModalScreen["str | None"]):
    DEFAULT_CSS = """
    StartRetroDialog { align: center middle; }
    StartRetroDialog > #start-box {
        width: 96%; max-width: 90; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    StartRetroDialog .dialog-title { text-style: bold; color: $primary; }
    StartRetroDialog .field-title { color: $text-muted; margin-top: 1; }
    StartRetroDialog #start-people { height: auto; max-height: 10; min-height: 3; }
    StartRetroDialog #start-anonymous { margin-top: 1; }
    StartRetroDialog #start-message { height: auto; }
    StartRetroDialog #start-message.-error { color: $error; text-style: bold; }
    StartRetroDialog #start-buttons { height: auto; align-horizontal: right; }
    StartRetroDialog #start-buttons Button { margin-left: 2; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="start_retro.cancel", tooltip="Close without starting a retro"),
        Binding("ctrl+s", "start", "Start", id="start_retro.start", tooltip="Start the retro with these people"),
        Binding("space", "toggle_remote", "Room/remote", id="start_retro.toggle_remote",
                tooltip="Switch the highlighted person between in the room and remote"),
        Binding("delete,d", "remove", "Remove", id="start_retro.remove", tooltip="Remove the highlighted person"),
    ]

    def __init__(self, format_id: str) -> None:
        super().__init__()
        self.format_id = format_id
        self.people: list[Participant] = []

    def compose(self) -> ComposeResult:
        fmt = self.app.catalog.get(self.format_id)  # type: ignore[attr-defined]
        name = fmt.name if fmt else self.format_id
        with Vertical(id="start-box"):
            yield Static(Content.assemble(t("Start a retro") + ": ", literal_name(name)), classes="dialog-title")
            yield Static(t("Team"), classes="field-title")
            yield ItemInput(on_enter=self._team_entered, placeholder=t("Which team?"), max_length=NAME_MAX,
                            id="start-team")
            yield Static(t("Who takes part? Enter adds; Name:remote for someone on the call"), classes="field-title")
            yield ItemInput(on_enter=self._name_entered, placeholder=t("Name, then Enter (an empty Enter starts the retro)"),
                            max_length=SPEC_MAX, id="start-name")
            yield ItemList(id="start-people")
            yield Checkbox(t("Anonymous: items are stored without names"), value=bool(fmt and fmt.anonymous),
                           id="start-anonymous", compact=True)
            yield Static(id="start-message")
            with Horizontal(id="start-buttons"):
                yield Button(t("Start (ctrl+s)"), id="start-go", variant="primary", compact=True)
                yield Button(t("Cancel (esc)"), id="start-cancel", compact=True)

    def on_mount(self) -> None:
        team = self.query_one("#start-team", Input)
        last = next(iter(self.app.repo.retros()), None)  # type: ignore[attr-defined]
        team.value = last.team if last and len(last.team) <= NAME_MAX else ""  # (an older one may be longer)
        if team.value:
            self._offer_last_people(team.value)
            self.query_one("#start-name", Input).focus()
        else:
            team.focus()
        self._show()

    def _offer_last_people(self, team: str) -> None:
        if self.people:
            return
        last = next((r for r in self.app.repo.retros() if r.team == team.strip()), None)  # type: ignore[attr-defined]
        if last is not None:
            self.people = [Participant(p.name, p.remote) for p in last.participants]
            self._show()

    def _show(self) -> None:
        people = self.query_one("#start-people", ItemList)
        people.sync([participant_row(p) for p in self.people])
        people.display = bool(self.people)
        remote = sum(p.remote for p in self.people)
        self._say(n("{count} person, {remote} remote", "{count} people, {remote} remote", len(self.people),
                    remote=remote) if self.people
                  else t("Nobody yet."))

    def _say(self, text: str, error: bool = False) -> None:
        message = self.query_one("#start-message", Static)
        message.update(literal(text))  # it may name a person: literally
        message.set_class(error, "-error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle_remote", "remove"):
            return self.focused is self.query_one("#start-people", ItemList)
        return True

    # Enter is handled in order with typing (see ItemInput), so fast typing loses no letters.
    def _team_entered(self, value: str) -> bool:
        self._offer_last_people(value)
        self.query_one("#start-name", Input).focus()
        return False

    def _name_entered(self, value: str) -> bool:
        if not value.strip():
            self.action_start()
            return True
        return self._add_name(value)

    def _add_name(self, value: str) -> bool:
        try:
            person = Participant.parse(value)
        except RuleError as exc:
            self.app.bell()
            self._say(t_error(exc), error=True)
            return False
        if any(p.name == person.name for p in self.people):
            self.app.bell()
            self._say(t("{name} is already in the list", name=person.name), error=True)
            return False
        self.people.append(person)
        self._show()
        return True

    @on(ItemList.OptionSelected, "#start-people")
    def _person_selected(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        self.action_toggle_remote()

    def _highlighted(self) -> int | None:
        return self.query_one("#start-people", ItemList).highlighted

    def action_toggle_remote(self) -> None:
        index = self._highlighted()
        if index is not None and index < len(self.people):
            self.people[index].remote = not self.people[index].remote
            self._show()

    def action_remove(self) -> None:
        index = self._highlighted()
        if index is not None and index < len(self.people):
            del self.people[index]
            self._show()
            if not self.people:
                self.query_one("#start-name", Input).focus()

    @on(Button.Pressed, "#start-go")
    def _go(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#start-cancel")
    def _cancel(self) -> None:
        self.action_cancel()

    def action_start(self) -> None:
        name_input = self.query_one("#start-name", Input)
        # A name typed but not yet added counts: nobody should be left out by a missed Enter.
        if name_input.value.strip():
            if not self._add_name(name_input.value):
                return
            name_input.value = ""
        if not self.people:
            self.app.bell()
            self._say(t("Add at least one participant."), error=True)
            self.query_one("#start-name", Input).focus()
            return
        team = self.query_one("#start-team", Input).value
        app = self.app
        try:
            anonymous = self.query_one("#start-anonymous", Checkbox).value
            retro = Retro.start(self.format_id, team, list(self.people), app.clock.now(),  # type: ignore[attr-defined]
                                anonymous=anonymous)
            app.repo.add(retro)  # type: ignore[attr-defined]
        except (RuleError, StoreError) as exc:
            self.app.bell()
            self._say(t_error(exc), error=True)
            return
        self.dismiss(retro.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
