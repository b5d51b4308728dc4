"""Check-in: the format's question, and a round through the people, remote ones first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from retro.domain.retro import Participant
from retro.i18n import t
from retro.tui.screens.run.phases.base import PhaseView
from retro.tui.ui import literal_name
from retro.tui.widgets.item_list import ItemList, Row


def person_label(p: Participant) -> Content:
    where = t("remote") if p.remote else t("in the room")
    return Content.assemble(literal_name(p.name, "bold"), "  ", (f"({where})", "$secondary" if p.remote else "$text-muted"))


class CheckInView(PhaseView):
    BINDINGS = [
        Binding("enter,space", "check_in", "Checked in", id="checkin.done",
                tooltip="Mark the highlighted person as checked in and go on to the next"),
        # The screen's F2, in this phase's footer: latecomers arrive while the round goes on.
        Binding("f2", "screen.add_participant", "Add person", id="checkin.add_participant",
                tooltip="Someone joined late: add them, in the room or remote"),
        # The screen's F3 too: the round is when people join from their own devices.
        Binding("f3", "screen.share", "Share", id="checkin.share",
                tooltip="Let people join from a browser on this network: a link and a QR code"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(t("The round: remote people first"), classes="pane-title")
        yield ItemList(id="round", cursor_shows_focus=True)
        yield Static(id="round-next", classes="phase-status")

    def _rows(self) -> list[Row]:
        rows = []
        for p in self.retro.speaking_order():
            done = p.name in self.retro.checked_in
            mark = ("✓ ", "bold $success") if done else ("○ ", "$text-muted")
            rows.append(Row(p.name, (p.name, p.remote, done), Content.assemble(mark, person_label(p))))
        return rows

    def refresh_view(self) -> None:
        round_list = self.query_one("#round", ItemList)
        round_list.sync(self._rows())
        nxt = self.retro.next_to_check_in()
        status = self.query_one("#round-next", Static)
        if not self.retro.participants:
            self.show(status, t("No participants yet: add them with F2."))
        elif nxt is None:
            self.show(status, Content.styled(t("Everyone has checked in."), "$success"))
        else:
            self.show(status, Content.assemble(t("Next: "), literal_name(nxt.name, "bold")))
        if round_list.highlighted is None and round_list.option_count:
            round_list.highlighted = 0

    def focus_default(self) -> None:
        round_list = self.query_one("#round", ItemList)
        self.focus_now(round_list)
        nxt = self.retro.next_to_check_in()
        if nxt is not None:
            round_list.highlight_id(nxt.name)

    @on(ItemList.OptionSelected, "#round")
    def _selected(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        self.action_check_in()

    def action_check_in(self) -> None:
        round_list = self.query_one("#round", ItemList)
        name = round_list.highlighted_id
        if name is None:
            return
        ok, _ = self.attempt(lambda r: r.check_in(name))
        if not ok:
            return
        self.refresh_view()
        nxt = self.retro.next_to_check_in()
        if name in self.retro.checked_in and nxt is not None:
            round_list.highlight_id(nxt.name)
