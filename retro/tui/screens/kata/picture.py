"""The Picture tab: two week charts (experiments per week, and how often the outcome matched
the expectation) and a summary of the log in words. Built when first shown (or ahead, off
screen), drawn again only when the log changed.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import AwaitMount
from textual.widgets import Static, TabPane

from retro.domain.kata_picture import summarise, weekly
from retro.i18n import n, t
from retro.tui.screens.kata.part import Part
from retro.store.kata_log import area_short
from retro.tui.ui import literal
from retro.tui.widgets.kata_chart import WeekChart


class PictureTab(Part):
    """Builds and draws the Picture tab."""

    dirty = True  # the charts no longer match the log

    @staticmethod
    def build(pane: TabPane) -> AwaitMount:
        """Mount the tab's widgets (the first time it is shown)."""
        return pane.mount(VerticalScroll(
            WeekChart(t("Experiments per week"), id="chart-count", style="$accent"),
            WeekChart(t("Outcome as expected"), id="chart-match", style="$success", empty=" "),
            Static(id="picture-summary"),
            id="picture"))

    def render(self) -> None:
        screen = self.screen
        if not self.dirty or not self.kata_log.complete or not screen.query("#picture"):
            return
        self.dirty = False
        width = screen.query_one("#picture").size.width or self.app.size.width
        span = max(8, min(52, (width - 6) // 2))
        first = self.kata_log.first_day()
        if first is not None:  # a young log: its own weeks, not a year of empty ones
            span = max(8, min(span, (self.today - first).days // 7 + 1))
        weeks = weekly(self.kata_log.points(), self.today, span)
        mondays = [w.monday for w in weeks]
        top = max([w.experiments for w in weeks] + [1])
        bars = 6 if self.app.size.height >= 36 else 3  # a tall terminal gets taller bars
        screen.query_one("#chart-count", WeekChart).plot(
            mondays, [w.experiments or None for w in weeks], top,
            n("last {count} week · most in a week: {top}", "last {count} weeks · most in a week: {top}", span, top=top),
            width=width - 2, height=bars)
        screen.query_one("#chart-match", WeekChart).plot(
            mondays, [w.match for w in weeks], 1.0,
            t("share of answered outcomes; partly counts half; blank: nothing answered"), width=width - 2,
            height=bars)
        total = summarise(weeks)
        lines = [Content.assemble(
            (n("Last {count} week", "Last {count} weeks", span) + ": ", "bold"),
            n("{count} experiment, {done} done.", "{count} experiments, {done} done.", total.experiments, done=total.done))]
        if total.answered:
            lines.append(Content.assemble(
                (t("As expected") + ": ", "bold"),
                t("yes {yes} · partly {partly} · no {no} ({unanswered} not answered)", yes=total.yes,
                  partly=total.partly, no=total.no, unanswered=total.done - total.answered),
                ("  " + t("matched {share}%", share=round(100 * (total.match or 0))), "bold $success")))
        else:
            lines.append(Content.styled(t("No outcome answered 'as expected?' in these weeks yet."), "italic"))
        areas: dict[str, int] = {}
        for tc in self.kata_log.tcs:
            areas[tc.area] = areas.get(tc.area, 0) + 1
        if areas:
            lines.append(Content.assemble(
                (t("Target conditions by area") + ": ", "bold"),
                literal(" · ".join(f"{t(area_short(a))} {c}" for a, c in sorted(areas.items(), key=lambda x: -x[1])))))
        surprises = total.no + total.partly
        if total.answered:
            lines.append(Content.styled(
                n("{surprises} of {count} outcome differed from the expectation: that gap is where the learning is.",
                  "{surprises} of {count} outcomes differed from the expectation: that gap is where the learning is.",
                  total.answered, surprises=surprises), "dim italic"))
        screen.query_one("#picture-summary", Static).update(Content("\n").join(lines))
