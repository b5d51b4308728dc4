"""The Now tab: the challenge, the target condition in view (the active one, or a past one
chosen in History) with its obstacles, its experimenting record, and the detail of the
highlighted experiment. Draws only; the keys that act on it are in experiments.py and plans.py.
"""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from retro.domain.kata import TargetCondition, area_label
from retro.i18n import n, t
from retro.tui.screens.kata.part import Part
from retro.store.kata_log import FIELD_LABELS, obstacle_status
from retro.tui.ui import literal, literal_name
from retro.tui.widgets.kata_record import AMENDED_MARK, ANSWER_MARK, RecordTable


def sharing_mark(tc: TargetCondition) -> Content:
    """First under the title: may the team see it (on a retro screen, the home screen)?"""
    if tc.is_shared:
        return Content.styled(t("Shared with the team"), "bold $success")
    return Content.styled(t("Private"), "bold $warning")


def days_left_text(tc: TargetCondition, today: date) -> str:
    days = tc.days_left(today)
    if days > 0:
        return n("{count} day left", "{count} days left", days)
    if days == 0:
        return t("due today")
    return n("{count} day overdue", "{count} days overdue", -days)


class NowTab(Part):
    """Draws the Now tab, each piece only when what it shows changed."""

    rendered_tc: str | None = None  # the target condition the tab shows

    @staticmethod
    def compose() -> ComposeResult:
        yield Static(id="kata-challenge", classes="one-line")
        yield Static(id="kata-title")
        yield Static(id="kata-meta", classes="one-line")
        yield Static(id="kata-past-note")
        yield Static(id="kata-notes", classes="one-line")
        yield Static(id="kata-obstacles")
        yield Static(id="kata-record-head", classes="one-line")
        yield RecordTable(id="kata-record")
        with Horizontal(id="kata-detail"):
            yield Static(id="detail-expected")
            yield Static(id="detail-outcome")

    def render(self, keep: str | None = None) -> None:
        tc = self.screen.view_tc()
        self.rendered_tc = tc.id if tc else None
        self.render_head(tc)
        self.render_obstacles(tc)
        if self.kata_log.complete:
            self.render_record(tc, keep)

    def render_record(self, tc: TargetCondition | None, keep: str | None = None) -> None:
        record = self.kata_log.record(tc.id) if tc else []
        table = self.screen.query_one(RecordTable)
        table.show(record, self.today, keep)
        self.show("kata-record-head", table.header(), layout=False)
        self.render_detail()

    def render_head(self, tc: TargetCondition | None) -> None:
        log, today = self.kata_log, self.today
        challenge = log.challenge_of(tc)
        if challenge is None:
            head = Content.styled(t("No challenge yet: press g to write the long-range direction."), "italic")
        else:
            head = Content.assemble((t("Challenge") + ": ", "dim"), literal(challenge.title, "dim italic"))
        self.show("kata-challenge", head, layout=False)  # one line, always
        if tc is None:
            self.show("kata-title", Content.styled(t("No target condition yet: press t to set the first one."), "bold"))
            self.show("kata-meta", "", layout=False)
        else:
            self.show("kata-title", literal(tc.title, "bold $primary"))
            facts = [t(area_label(tc.area)), t("achieve by {day}", day=tc.achieve_by.isoformat()),
                     days_left_text(tc, today) if tc.is_active else t(tc.status)]
            self.show("kata-meta", Content.assemble(sharing_mark(tc), literal(" · " + " · ".join(facts), "$text-muted")),
                      layout=False)
        past = self.screen.query_one("#kata-past-note", Static)
        past.display = bool(tc and not tc.is_active)
        if tc is not None and not tc.is_active:
            self.show("kata-past-note", Content("\n").join([
                Content.assemble((t("Reflection") + ": ", "bold"), literal(tc.reflection or "—")),
                Content.styled(t("A past target condition · press 1 for the active one"), "italic $warning"),
            ]))
        notes = self.screen.query_one("#kata-notes", Static)
        notes.display = bool(tc and tc.notes)
        if tc is not None and tc.notes:
            self.show("kata-notes", Content.assemble((t("Private notes") + ": ", "bold $warning"),
                                                     literal(" ".join(tc.notes.split()), "italic")), layout=False)

    def render_obstacles(self, tc: TargetCondition | None) -> None:
        obstacles = self.kata_log.obstacles_of(tc.id if tc else None)
        if not self.kata_log.complete:
            self.show("kata-obstacles", "")
            return
        if not obstacles:
            self.show("kata-obstacles", Content.styled(t("Obstacles: none named yet (o to name one)"), "dim") if tc else "")
            return
        parts: list[Content] = [Content.styled(t("Obstacles") + ": ", "bold")]
        ordered = sorted(obstacles, key=lambda o: (not o.in_focus, not o.is_open))
        for i, ob in enumerate(ordered):
            if i:
                parts.append(Content.styled("  ·  ", "dim"))
            if ob.in_focus:
                parts.append(Content.assemble(("▶ ", "bold $accent"), literal(ob.text, "bold"),
                                              (" (" + t("in focus") + ")", "$accent")))
            else:
                parts.append(Content.assemble(literal(ob.text, "" if ob.is_open else "dim strike"),
                                              (" (" + t(obstacle_status(ob.status)) + ")", "dim")))
        self.show("kata-obstacles", Content.assemble(*parts))

    def render_detail(self) -> None:
        def left(content: Content | str) -> None:
            self.show("detail-expected", content, layout=False)  # a fixed height (kata.tcss)

        def right(content: Content | str) -> None:
            self.show("detail-outcome", content, layout=False)

        e = self.screen.highlighted()
        if e is None:
            tc = self.screen.view_tc()
            if tc is None:
                left(Content.styled(t(
                    "One target condition at a time, about a week each, tied to a challenge (g); under it short "
                    "experiments (n), each with what you expect written before it runs."), "italic"))
                right(Content.styled(t("To see a log alive first, run: retro demo"), "italic $text-muted"))
            else:
                left(Content.styled(t("No experiments yet: press n to plan one.") if tc.is_active else "", "italic"))
                right("")
            return
        written = e.created_at.strftime("%Y-%m-%d %H:%M") if e.created_at else ""
        exp_lines = [Content.assemble((t("Expected") + " ", "bold"), (t("(written {at})", at=written) + " ", "dim"),
                                      literal(e.expectation))]
        for a in e.amendments:
            exp_lines.append(Content.assemble(
                (f"{AMENDED_MARK} {a.at:%m-%d %H:%M} ", "bold $warning"), (t(FIELD_LABELS[a.field]) + ": ", "bold"),
                literal(a.text), literal(" (" + t("because") + " " + a.reason + ")", "dim")))
        left(Content("\n").join(exp_lines))
        status = e.status_on(self.today)
        facts = [Content(t(status))]
        if e.owner:
            facts.append(literal_name(e.current("owner")))
        facts.append(literal(t("go and see {day}", day=e.current("go_and_see_on"))))
        if e.locked_at:
            facts.append(Content(t("locked {at}", at=e.locked_at.strftime("%Y-%m-%d %H:%M"))))
        out_lines = [Content(" · ").join(facts).stylize("$text-muted")]
        if e.status == "abandoned":
            out_lines.append(Content.assemble((t("Abandoned") + ": ", "bold"), literal(e.abandon_reason)))
        else:
            said = e.current("as_expected")  # what was recorded, as corrected (amendments on the left)
            answer = f"  {ANSWER_MARK[said]} {t(said)}" if said in ANSWER_MARK else ""
            out_lines.append(Content.assemble((t("What happened") + ": ", "bold"), literal(e.current("happened") or "—"),
                                              (answer, "bold $accent")))
            out_lines.append(Content.assemble((t("What was learned") + ": ", "bold"), literal(e.current("learned") or "—")))
        right(Content("\n").join(out_lines))
