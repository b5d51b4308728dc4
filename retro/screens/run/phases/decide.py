"""Decide: turn the top themes or items into short experiments with written expectations.

The experiment form (shared with the kata log) refuses to save without an expectation and warns
when the go-and-see day is far off; what it returns is stored, linked to this retro and its
items, and counted against the format's `max_experiments`.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static

from retro.domain.errors import RuleError
from retro.domain.kata import Experiment
from retro.domain.retro import Item, Theme
from retro.i18n import t, t_error
from retro.screens.run.phases.base import PhaseView
from retro.store import StoreError
from retro.ui import literal
from retro.widgets.item_list import ItemList, Row


def title_of(target: Theme | Item) -> str:
    return target.title if isinstance(target, Theme) else target.text


def experiment_card(ex: Experiment) -> Content:
    parts = [
        literal(ex.current("step"), "bold"),
        Content.assemble((t("Expect") + ": ", "$text-muted"), literal(ex.current("expectation"))),
        Content.assemble((t("Go and see") + ": ", "$text-muted"), ex.go_and_see_on.isoformat(),
                         (f"  · {ex.owner}" if ex.owner else "", "")),
    ]
    return Content("\n").join(parts)


class DecideView(PhaseView):
    BINDINGS = [
        # Enter (or a click) on a topic does the same through the list; `e` shows it in the footer.
        Binding("e", "from_topic", "Experiment from this", id="decide.from_topic",
                tooltip="Turn the highlighted theme or item into an experiment (or press Enter on it)"),
        Binding("n", "new_experiment", "New experiment", id="decide.new",
                tooltip="Plan an experiment that starts from a blank form"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="decide-main"):
            with Vertical(id="decide-topics-pane"):
                yield Static(t("Top themes and items"), classes="pane-title")
                yield ItemList(id="decide-topics", cursor_shows_focus=True)
            with Vertical(id="decide-experiments-pane"):
                yield Static(id="decide-count", classes="pane-title")
                with VerticalScroll(id="decide-experiments"):
                    yield Static(id="decide-cards")

    @property
    def cap(self) -> int | None:
        return self.phase.max_experiments

    def refresh_view(self) -> None:
        rows = []
        for target, votes in self.retro.topics():
            prompt = Content.assemble((f"{votes:>2} ", "bold $secondary"), literal(title_of(target)))
            rows.append(Row(target.id, (votes, title_of(target)), prompt))
        listing = self.query_one("#decide-topics", ItemList)
        listing.sync(rows)
        if listing.highlighted is None and listing.option_count:
            listing.highlighted = 0
        decided = self.session.decided()
        count = len(self.retro.experiment_ids)
        if self.cap is not None:
            heading = t("Experiments: {count} of at most {cap}", count=count, cap=self.cap)
        else:
            heading = t("Experiments: {count}", count=count)
        self.show(self.query_one("#decide-count", Static), heading)
        cards = [experiment_card(ex) for ex in decided]
        self.show(self.query_one("#decide-cards", Static),
            Content("\n\n").join(cards) if cards else
            Content.styled(t("None yet. Highlight a theme and press Enter: what will we try, and what do we expect?"),
                           "$text-muted"))

    def focus_default(self) -> None:
        self.focus_now(self.query_one("#decide-topics", ItemList))

    @on(OptionList.OptionSelected, "#decide-topics")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_from_topic()

    def action_from_topic(self) -> None:
        topic_id = self.query_one("#decide-topics", ItemList).highlighted_id
        if topic_id is None:
            self.action_new_experiment()
            return
        target = self.retro.target(topic_id)
        if isinstance(target, Theme):
            items = tuple(it.id for it in self.retro.theme_items(target.id))
        else:
            items = (target.id,)
        self._open_form(title_of(target), items)

    def action_new_experiment(self) -> None:
        self._open_form("", ())

    def _open_form(self, step: str, item_ids: tuple[str, ...]) -> None:
        if self.cap is not None and len(self.retro.experiment_ids) >= self.cap:
            self.app.bell()
            self.notify(t("This format allows at most {count} experiments per retro", count=self.cap),
                        severity="warning", markup=False)
            return
        from retro.dialogs.experiment_form import ExperimentForm

        def planned(experiment: Experiment | None) -> None:
            if experiment is None:
                return
            try:
                self.session.add_experiment(experiment, self.cap)
            except (RuleError, StoreError) as exc:
                self.app.bell()
                self.notify(t_error(exc), severity="error", markup=False)
                return
            self.notify(t("Experiment planned: {step}", step=experiment.step), markup=False)
            self.refresh_view()

        form = ExperimentForm(step=step, team=self.retro.team, retro_id=self.retro.id, item_ids=item_ids,
                              owners=[p.name for p in self.retro.participants])
        self.app.push_screen(form, planned)
