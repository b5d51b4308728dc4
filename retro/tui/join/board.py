"""The join app's board: the facilitator's current phase, as one participant takes part in it.

The screen reads its retro again whenever the store changes (the app's poll) and shows the
phase the facilitator is in: a new phase mounts that phase's view, a change within the phase
updates the view in place. Once the retro is closed it says thank you and stays readable.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from retro.domain.format import Phase, PhaseKind
from retro.domain.retro import Retro
from retro.i18n import t
from retro.tui.join.views import VIEWS, ReadView, View
from retro.tui.ui import StoreChanged, literal, literal_name
from retro.tui.widgets.footer import StableFooter


class BoardScreen(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.retro: Retro | None = None
        self.phase: Phase | None = None
        self._shown: tuple[int, str] | None = None  # (phase index, status) the view was made for

    def compose(self) -> ComposeResult:
        yield Static(id="join-header")
        yield Static(id="join-closed")
        yield Vertical(id="join-view")
        yield Static(id="join-status")
        yield StableFooter()

    async def on_mount(self) -> None:
        await self.reload()

    @on(StoreChanged)
    async def _store_changed(self, event: StoreChanged) -> None:
        event.stop()
        await self.reload()

    @property
    def view(self) -> View | None:
        views = self.query_one("#join-view").query_children(View)
        return views.first() if views else None

    async def reload(self, retro: Retro | None = None) -> None:
        """Show the retro as the store has it (or as a write just left it)."""
        retro = retro or self.app.retro()
        if retro is None:
            return
        self.retro = retro
        self.phase = self.app.phase_of(retro)
        self._header()
        closed = retro.status == "closed"
        thanks = self.query_one("#join-closed", Static)
        thanks.update(t("The retro is closed. Thank you! (ctrl+q leaves)") if closed else "")
        thanks.display = closed
        where = (retro.phase_index, retro.status)
        if where != self._shown:
            self._shown = where
            self.say("")
            box = self.query_one("#join-view")
            await box.remove_children()
            kind = self.phase.kind if self.phase else None
            view = ReadView(self) if closed or kind is None else VIEWS.get(kind, ReadView)(self)
            await box.mount(view)
            view.show()
            view.focus_default()
            self.refresh_bindings()
        elif self.view is not None:
            self.view.show()

    def _header(self) -> None:
        assert self.retro is not None
        phase = self.phase
        title = literal(phase.title, "bold $primary") if phase else Content("")
        self.query_one("#join-header", Static).update(Content.assemble(
            title, " · ", literal_name(self.retro.team), " · ",
            (t("you: "), "$text-muted"), literal_name(self.app.who, "bold")))

    def say(self, text: str) -> None:
        self.query_one("#join-status", Static).update(Content(text))

    @property
    def kind(self) -> PhaseKind | None:
        return self.phase.kind if self.phase else None
