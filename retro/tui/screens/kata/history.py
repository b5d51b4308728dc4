"""The History tab: every target condition, newest first, one row each, and the detail of the
highlighted one (its reflection, its notes, how many of its experiments were done); Enter
shows its experimenting record on the Now tab. Built when first shown (or ahead, off screen).
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import AwaitMount
from textual.widgets import Static, TabbedContent, TabPane

from retro.domain.kata import TargetCondition, area_label
from retro.i18n import n, t
from retro.tui.screens.kata.now import sharing_mark
from retro.tui.screens.kata.part import Part
from retro.tui.ui import follow_cursor, literal
from retro.tui.widgets.item_list import ItemList
from retro.tui.widgets.kata_history import column_widths as history_widths
from retro.tui.widgets.kata_history import header as history_header
from retro.tui.widgets.kata_history import history_row
from retro.tui.widgets.kata_record import RecordTable


class HistoryTab(Part):
    """Builds and draws the History tab; its rows are drawn again only when the log changed."""

    dirty = True  # the rows no longer match the log (or the width)

    def build(self, pane: TabPane) -> AwaitMount:
        """Mount the tab's widgets (the first time it is shown)."""
        past = ItemList(id="kata-past", cursor_shows_focus=True)
        follow_cursor(past, self.render_detail)
        return pane.mount(Static(id="kata-past-head"), past, Static(id="past-detail"))

    def render(self) -> None:
        if not self.dirty or not self.kata_log.complete or not self.screen.query("#kata-past"):
            return
        self.dirty = False
        past = self.screen.query_one("#kata-past", ItemList)
        widths = history_widths(past.row_width())
        self.show("kata-past-head", history_header(widths), layout=False)
        counts = self.kata_log.counts()
        past.sync([history_row(tc, counts.get(tc.id, 0), widths) for tc in self.kata_log.tcs])  # newest first
        past.draw_ahead()
        self.render_detail()

    def highlighted(self) -> TargetCondition | None:
        tc_id = self.screen.query_one("#kata-past", ItemList).highlighted_id
        return self.kata_log.tc(tc_id) if tc_id else None

    def render_detail(self) -> None:
        tc = self.highlighted()
        if tc is None:
            self.show("past-detail", Content.styled(t("No target conditions yet."), "italic"), layout=False)
            return
        done, count = self.kata_log.done_counts().get(tc.id, 0), self.kata_log.counts().get(tc.id, 0)
        lines = [
            literal(tc.title, "bold"),
            Content.assemble(sharing_mark(tc), literal(" · " + " · ".join([
                t(area_label(tc.area)), t(tc.status), t("achieve by {day}", day=tc.achieve_by.isoformat()),
                n("{done} of {count} experiment done", "{done} of {count} experiments done", count,
                  done=done)]), "$text-muted")),
            Content.assemble((t("Reflection") + ": ", "bold"), literal(tc.reflection or "—")),
        ]
        if tc.notes:
            lines.append(Content.assemble((t("Private notes") + ": ", "bold $warning"), literal(tc.notes, "italic")))
        lines.append(Content.styled(t("Enter: show its experimenting record"), "dim"))
        # A fixed height (kata.tcss): moving in the list lays out nothing.
        self.show("past-detail", Content("\n").join(lines), layout=False)

    def chosen(self) -> None:
        """Enter on a row: that target condition's record, on the Now tab."""
        tc = self.highlighted()
        if tc is None:
            return
        screen = self.screen
        screen.view_tc_id = None if tc.is_active else tc.id
        screen.query_one(TabbedContent).active = "kata-now"
        screen.now.render()
        screen.query_one(RecordTable).focus()
