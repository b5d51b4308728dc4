"""Close: the closing question, ROTI 1–5 per person when the format asks for it, and a summary
of the retro on screen — items, themes, votes, experiments. `c` closes it after asking (and
saying what is missing: no experiments, no ROTI); `x` exports. A closed retro opens here,
read-only: its summary and its export."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from retro.domain.retro import Participant
from retro.i18n import n, t
from retro.tui.screens.run.phases.base import PhaseView
from retro.tui.screens.run.phases.discuss import shown_title
from retro.tui.ui import literal, literal_name
from retro.tui.widgets.item_list import ItemList, Row

TOP_THEMES = 5


def roti_row(p: Participant, score: int | None) -> Row:
    stars = ("★" * score + "☆" * (5 - score)) if score else "·····"
    prompt = Content.assemble((f"{stars}  ", "bold $primary" if score else "$text-muted"), literal_name(p.name, "bold"),
                              (f" ({t('remote')})" if p.remote else "", "$secondary"))
    return Row(p.name, (p.name, score, p.remote), prompt)


class CloseView(PhaseView):
    BINDINGS = [
        *[Binding(str(n), f"roti({n})", "ROTI", id=f"close.roti_{n}", show=n == 1,
                  key_display="1–5" if n == 1 else None,
                  tooltip="Give the highlighted person's ROTI score (1 = waste of time, 5 = well worth it)")
          for n in range(1, 6)],
        Binding("c", "close_retro", "Close retro", id="close.close",
                tooltip="Mark the retro as closed, after asking (it can still be opened, read and exported)"),
        Binding("x", "export", "Export", id="close.export", tooltip="Export this retro to the journal"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="close-main"):
            with Vertical(id="close-roti-pane"):
                yield Static(t("ROTI: return on time invested (1–5)"), classes="pane-title")
                yield ItemList(id="close-roti", cursor_shows_focus=True)
                yield Static(id="close-roti-average", classes="phase-status")
            with VerticalScroll(id="close-summary-pane"):
                yield Static(t("Summary"), classes="pane-title")
                yield Static(id="close-summary")

    def refresh_view(self) -> None:
        retro = self.retro
        roti_pane = self.query_one("#close-roti-pane")
        roti_pane.display = self.phase.roti
        if self.phase.roti:
            listing = self.query_one("#close-roti", ItemList)
            listing.sync([roti_row(p, retro.roti.get(p.name)) for p in retro.speaking_order()])
            if listing.highlighted is None and listing.option_count:
                listing.highlighted = 0
            average = retro.roti_average()
            self.show(self.query_one("#close-roti-average", Static),
                n("Average {average:.1f} from {count} person", "Average {average:.1f} from {count} people", len(retro.roti),
                  average=average)
                if average is not None else t("Press 1–5 for the highlighted person."))
        self.show(self.query_one("#close-summary", Static), self._summary())

    def _summary(self) -> Content:
        retro, fmt = self.retro, self.session.format
        counts = retro.vote_counts()
        lines: list[Content] = []
        if retro.status == "closed" and retro.closed_at:
            lines.append(Content.styled(t("Closed {when}", when=retro.closed_at.strftime("%Y-%m-%d %H:%M")), "bold $success"))
            lines.append(Content.styled(t("Read-only: its summary and its export (x).") if self.session.saves
                                        else t("Read-only: its summary."), "$text-muted"))
        per_column = [f"{c.title} {len(retro.items_in(c.id))}" for c in fmt.columns()]
        lines.append(Content.assemble((t("Items") + ": ", "bold"),
                                      literal(f"{len(retro.items)}  (" + ", ".join(per_column) + ")" if per_column
                                              else str(len(retro.items)))))
        lines.append(Content.assemble((t("Votes") + ": ", "bold"), str(sum(counts.values()))))
        ranked = [(tg, n) for tg, n in retro.ranked() if n][:TOP_THEMES]
        if ranked:
            lines.append(Content.styled(t("Top themes and items"), "bold"))
            for tg, n in ranked:
                lines.append(Content.assemble((f"  {n:>2} ", "$secondary"), shown_title(tg)))
        if retro.reviewed:
            lines.append(Content.assemble((t("Outcomes recorded") + ": ", "bold"), str(len(retro.reviewed))))
        decided = self.session.decided()
        lines.append(Content.styled(t("Experiments ({count})", count=len(decided)), "bold"))
        for ex in decided:
            lines.append(Content.assemble("  • ", literal(ex.current("step"), "bold")))
            lines.append(Content.assemble("    ", (t("Expect") + ": ", "$text-muted"), literal(ex.current("expectation"))))
            lines.append(Content.assemble("    ", (t("Go and see") + ": ", "$text-muted"), ex.go_and_see_day.isoformat(),
                                          literal_name(f" · {ex.current('owner')}" if ex.current("owner") else "")))
        if not decided:
            lines.append(Content.styled("  " + t("No experiments decided."), "$text-muted"))
        if retro.roti:
            lines.append(Content.assemble((t("ROTI") + ": ", "bold"),
                                          f"{retro.roti_average():.1f} ({len(retro.roti)})"))
        return Content("\n").join(lines)

    def focus_default(self) -> None:
        if self.phase.roti:
            self.focus_now(self.query_one("#close-roti", ItemList))

    @on(ItemList.OptionSelected, "#close-roti")
    def _selected(self, event: ItemList.OptionSelected) -> None:
        event.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("roti", "close_retro") and self.session.closed:
            return False  # read-only: the screen says so when the key is pressed
        if action == "roti":
            return self.phase.roti and bool(self.retro.participants)
        if action == "export":
            return self.session.saves
        return True

    def action_roti(self, score: int) -> None:
        listing = self.query_one("#close-roti", ItemList)
        name = listing.highlighted_id
        if name is None:
            return
        if self.attempt(lambda r: r.set_roti(name, score))[0]:
            self.refresh_view()
            if listing.highlighted is not None and listing.highlighted < listing.option_count - 1:
                listing.highlighted += 1

    def missing(self) -> list[str]:
        """What a retro closed now would go without, said before it is closed."""
        missing = []
        if not self.retro.experiment_ids:
            missing.append(t("No experiments were decided: nothing comes back for review next time."))
        if self.phase.roti and not self.retro.roti:
            missing.append(t("No one has given a ROTI."))
        return missing

    def action_close_retro(self) -> None:
        from retro.tui.dialogs.confirm import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._close()

        lines = [*(Content.styled(m, "$warning") for m in self.missing()),
                 t("Once closed it opens read-only: its summary and its export.")]
        self.app.push_screen(ConfirmDialog(t("Close this retro?"), lines, go_ahead=t("Close the retro")), confirmed)

    def _close(self) -> None:
        if self.attempt(lambda r: r.close(self.now()))[0]:
            self.app.repo.forget_presence(self.retro.id)  # no one joins a closed retro
            self.notify(t("The retro is closed. Everything is saved."), markup=False)
            self.refresh_view()
            self.screen.refresh_bindings()
            refresh_top = getattr(self.screen, "_refresh_top", None)
            if refresh_top is not None:
                refresh_top()

    def action_export(self) -> None:
        try:
            from retro.tui.dialogs.export import ExportDialog
        except ImportError:
            self.notify(t("Export is not available in this version."), severity="warning", markup=False)
            return
        self.app.push_screen(ExportDialog(team=self.retro.team, retro_id=self.retro.id))
