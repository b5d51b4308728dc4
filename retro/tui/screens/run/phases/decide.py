"""Decide: turn the top themes or items into short experiments with written expectations.

The experiment form (shared with the kata log) opens empty: what will be done is typed first,
the topic is shown as context, and the form refuses to save without an expectation. What it
returns is stored, linked to this retro and its items, and counted against the format's
`max_experiments`. This retro's experiments are listed beside the topics; with that list
focused a plan can be changed (`Experiment.revise`) or deleted until it starts: after that its
expectation is locked, and a change is an amendment in the kata log.
"""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from retro.domain.errors import RuleError
from retro.domain.kata import Experiment, plan_changes
from retro.domain.retro import Item, Theme
from retro.i18n import n, t, t_error
from retro.tui.screens.run.phases.base import PhaseView
from retro.store import StoreError
from retro.tui.screens.run.phases.discuss import shown_title
from retro.tui.ui import literal, literal_name
from retro.tui.widgets.item_list import ItemList, Row


def title_of(target: Theme | Item) -> str:
    return target.title if isinstance(target, Theme) else target.text


def experiment_card(ex: Experiment, today: date) -> Content:
    day = Content.assemble((t("Go and see") + ": ", "$text-muted"), ex.go_and_see_day.isoformat(),
                           literal_name(f"  · {ex.current('owner')}" if ex.current("owner") else ""))
    if ex.is_locked(today):
        day = Content.assemble(day, ("  · " + t("started: amend it in the kata log"), "$warning"))
    parts = [
        literal(ex.current("step"), "bold"),
        Content.assemble((t("Expect") + ": ", "$text-muted"), literal(ex.current("expectation"))),
        day,
    ]
    return Content("\n").join(parts)


def experiment_row(ex: Experiment, today: date) -> Row:
    key = (ex.current("step"), ex.current("expectation"), ex.go_and_see_day, ex.current("owner"), ex.is_locked(today))
    return Row(ex.id, key, experiment_card(ex, today))


class DecideView(PhaseView):
    BINDINGS = [
        # Enter (or a click) on a topic does the same through the list; `e` shows it in the footer.
        Binding("e", "from_topic", "Experiment from this", id="decide.from_topic",
                tooltip="Turn the highlighted theme or item into an experiment (or press Enter on it)"),
        Binding("n", "new_experiment", "New experiment", id="decide.new",
                tooltip="Plan an experiment that starts from a blank form"),
        # With the list of this retro's experiments focused (Tab), `e` and Enter change a plan.
        Binding("e", "edit_experiment", "Edit", id="decide.edit",
                tooltip="Change the highlighted experiment's plan (or press Enter on it), until it starts"),
        Binding("d", "delete_experiment", "Delete", id="decide.delete",
                tooltip="Delete the highlighted experiment, after asking, until it starts"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="decide-main"):
            with Vertical(id="decide-topics-pane"):
                yield Static(t("Top themes and items"), classes="pane-title")
                yield ItemList(id="decide-topics", cursor_shows_focus=True)
            with Vertical(id="decide-experiments-pane"):
                yield Static(id="decide-count", classes="pane-title")
                yield Static(id="decide-none", classes="phase-status")
                yield ItemList(id="decide-experiments", cursor_shows_focus=True)

    @property
    def cap(self) -> int | None:
        return self.phase.max_experiments

    def refresh_view(self) -> None:
        rows = []
        for target, votes in self.retro.topics():
            prompt = Content.assemble((f"{votes:>2} ", "bold $secondary"), shown_title(target))
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
        today = self.now().date()
        experiments = self.query_one("#decide-experiments", ItemList)
        experiments.sync([experiment_row(ex, today) for ex in decided])
        experiments.display = bool(decided)
        none = self.query_one("#decide-none", Static)
        none.display = not decided
        self.show(none, t("None yet. Highlight a theme and press Enter: what will we try, and what do we expect?"))
        if not decided and experiments.has_focus:
            self.focus_default()

    def focus_default(self) -> None:
        self.focus_now(self.query_one("#decide-topics", ItemList))

    def _experiments_focused(self) -> bool:
        return self.query_one("#decide-experiments", ItemList).has_focus

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.session.closed:
            return False  # a closed retro is read-only
        if action in ("edit_experiment", "delete_experiment"):
            return self._experiments_focused()
        if action == "from_topic":
            return not self._experiments_focused()
        return True

    @on(ItemList.OptionSelected, "#decide-topics")
    def _chosen(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        self.action_from_topic()

    @on(ItemList.OptionSelected, "#decide-experiments")
    def _experiment_chosen(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        self.action_edit_experiment()

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

    def _open_form(self, topic: str, item_ids: tuple[str, ...]) -> None:
        if self.cap is not None and len(self.retro.experiment_ids) >= self.cap:
            self.app.bell()
            self.notify(n("This format allows at most {count} experiment per retro",
                          "This format allows at most {count} experiments per retro", self.cap),
                        severity="warning", markup=False)
            return
        from retro.tui.dialogs.experiment_form import ExperimentForm

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

        # The topic is context, not a prefill: what will be done is typed first, in the team's words.
        form = ExperimentForm(topic=topic, team=self.retro.team, retro_id=self.retro.id, item_ids=item_ids,
                              owners=[p.name for p in self.retro.participants], shared_only=True)
        self.app.push_screen(form, planned)

    # -- this retro's experiments -------------------------------------------------------------

    def _highlighted_experiment(self) -> Experiment | None:
        chosen = self.query_one("#decide-experiments", ItemList).highlighted_id
        return next((ex for ex in self.session.decided() if ex.id == chosen), None)

    def _topic_of(self, ex: Experiment) -> str:
        """The theme or item an experiment came from, as its form shows it."""
        for item in self.retro.items:
            if item.id in ex.item_ids:
                if item.theme_id is not None:
                    return next((th.title for th in self.retro.themes if th.id == item.theme_id), item.text)
                return item.text
        return ""

    def _refuse_started(self, ex: Experiment) -> bool:
        """Once it has started its expectation is locked: say so, and where a change goes."""
        if not ex.is_locked(self.now().date()):
            return False
        self.app.bell()
        self.notify(t("It has started: its expectation is locked. Amend it in the kata log (m)."),
                    severity="warning", markup=False)
        return True

    def action_edit_experiment(self) -> None:
        ex = self._highlighted_experiment()
        if ex is None or self._refuse_started(ex):
            return
        from retro.tui.dialogs.experiment_form import ExperimentForm

        def edited(plan: Experiment | None) -> None:
            if plan is None:
                return
            changes = plan_changes(plan)
            now = self.now()
            try:
                self.session.update_experiment(ex.id, lambda e: e.revise(now, **changes))
            except (RuleError, StoreError) as exc:
                self.app.bell()
                self.notify(t_error(exc), severity="error", markup=False)
                return
            self.notify(t("Plan changed: {step}", step=plan.step), markup=False)
            self.refresh_view()

        form = ExperimentForm(
            title=t("Change the plan (it has not started, so this is not an amendment)"), topic=self._topic_of(ex),
            step=ex.step, expectation=ex.expectation, owner=ex.owner, go_and_see_on=ex.go_and_see_on,
            target_condition_id=ex.target_condition_id, obstacle_id=ex.obstacle_id, team=self.retro.team,
            retro_id=self.retro.id, item_ids=tuple(ex.item_ids), owners=[p.name for p in self.retro.participants],
            shared_only=True)
        self.app.push_screen(form, edited)

    def action_delete_experiment(self) -> None:
        ex = self._highlighted_experiment()
        if ex is None or self._refuse_started(ex):
            return
        from retro.tui.dialogs.confirm import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.session.remove_experiment(ex.id, self.now().date())
            except (RuleError, StoreError) as exc:
                self.app.bell()
                self.notify(t_error(exc), severity="error", markup=False)
                return
            self.notify(t("Experiment deleted: {step}", step=ex.step), markup=False)
            self.refresh_view()

        self.app.push_screen(ConfirmDialog(t("Delete this experiment?"),
                                           [literal(ex.step, "bold"),
                                            Content.assemble((t("Expect") + ": ", "$text-muted"), literal(ex.expectation)),
                                            t("It is only a plan: nothing of it is kept.")],
                                           go_ahead=t("Delete")), confirmed)
