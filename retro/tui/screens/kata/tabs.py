"""Switching the kata screen's tabs (1 Now, 2 History, 3 Picture): a tab is built when first
shown, filled once laid out (its rows and charts fit its width), and focused; and, for a screen
built ahead, each tab built, filled and drawn in turn off screen, then the experiment form.
"""

from __future__ import annotations

from textual.widget import AwaitMount
from textual.widgets import TabbedContent, TabPane

from retro.tui.screens.ahead import build_ahead, draw_ahead
from retro.tui.screens.kata.part import Part
from retro.tui.widgets.kata_record import RecordTable

TABS = ("kata-now", "kata-history", "kata-picture")


class Tabs(Part):
    """Which tab shows, and getting each one ready to show."""

    ahead: str | None = None  # the tab being drawn off screen (draw_ahead)

    def build(self, pane: TabPane) -> AwaitMount:
        """Mount a tab's widgets (the first time it is shown)."""
        if pane.id == "kata-history":
            return self.screen.history.build(pane)
        return self.screen.picture.build(pane)

    async def draw_ahead(self) -> None:
        """Off screen, each tab in turn is built, laid out at the app's size, filled and drawn,
        the Now tab last: the first `2` or `3` only shows its tab (else it would build it), and
        History's rows are drawn ahead from the start (else its first page would draw them).
        Then the experiment form: its first opening would build it. (Run as the screen's
        worker, so a reload or a quit stops it.)"""
        screen = self.screen
        tabs = screen.query_one(TabbedContent)
        try:
            for pane_id in TABS[1:]:
                pane = tabs.get_pane(pane_id)
                if not pane.children:
                    await self.build(pane)
            for pane_id in (*TABS[1:], TABS[0]):
                self.ahead = pane_id
                with tabs.prevent(TabbedContent.TabActivated):  # not a tab the user chose
                    tabs.active = pane_id
                if not await draw_ahead(screen):
                    return
                self.ready(pane_id)  # filled to the width of that drawing, and focused
                if pane_id != TABS[0] and not await draw_ahead(screen):
                    return
        finally:
            if self.ahead is not None:  # stopped (a reload, a quit) before the Now tab was back
                self.back_from_ahead()
        keys = screen.experiments
        if keys.form is None and screen.current_log is not None and screen.current_log.complete:
            form = keys.experiment_form(**keys.form_values())
            build_ahead(self.app, form)  # it lays itself out and draws once mounted

    def back_from_ahead(self) -> None:
        """The Now tab again, as the user finds it, after a stop in the middle of drawing tabs
        ahead (the focus may be on History's list, hidden now)."""
        self.ahead = None
        tabs = self.screen.query_one(TabbedContent)
        with tabs.prevent(TabbedContent.TabActivated):
            tabs.active = TABS[0]
        self.ready(TABS[0])

    async def shown(self, pane: TabPane) -> None:
        """A tab the user chose is showing: built first if it never was."""
        if pane.id in ("kata-history", "kata-picture") and not pane.children:
            await self.build(pane)
            # Drawn once its widgets are laid out: the table and the chart fit their width.
            self.screen.call_after_refresh(self.ready, pane.id)
            return
        self.ready(pane.id)

    def ready(self, pane: str | None, tries: int = 5) -> None:
        screen = self.screen
        if pane in ("kata-history", "kata-picture"):
            widget = screen.query_one("#kata-past" if pane == "kata-history" else "#picture")
            if not widget.size.width and tries:  # just mounted: not laid out yet
                screen.call_after_refresh(self.ready, pane, tries - 1)
                return
        if pane == "kata-history":
            screen.history.render()
            screen.query_one("#kata-past").focus()
        elif pane == "kata-picture":
            screen.picture.render()
        elif pane == "kata-now":
            screen.query_one(RecordTable).focus()

    def switch(self, pane: str) -> None:
        """1, 2 or 3: show that tab, filled and focused in this key's frame when it is built."""
        screen = self.screen
        tabs = screen.query_one(TabbedContent)
        if pane == "kata-now" and tabs.active == "kata-now" and screen.view_tc_id is not None:
            screen.view_tc_id = None  # 1 again on the Now tab: back to the active target condition
            screen.now.render()
        if not tabs.get_pane(pane).children:
            tabs.active = pane  # shown for the first time: Tabs.shown builds it
            return
        with tabs.prevent(TabbedContent.TabActivated):  # (it would make it ready a second time)
            tabs.active = pane
        self.ready(pane)  # built: focused and filled in this key's frame
