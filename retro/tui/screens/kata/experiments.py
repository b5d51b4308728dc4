"""The keys that act on the experimenting record: plan (n), start (s), change the plan (e),
amend (m), record the outcome (d), abandon (a). Also keeps the screen's one experiment form,
built once (ahead, off screen, when it can) and opened again for each plan.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from retro.domain.errors import RuleError
from retro.domain.kata import Experiment, TargetCondition, next_retro_start, plan_changes
from retro.i18n import t, t_error
from retro.tui.screens.kata.keys import Keys

if TYPE_CHECKING:
    from retro.tui.dialogs.experiment_form import ExperimentForm


class ExperimentKeys(Keys):
    """n, s, e, m, d and a: each on the highlighted experiment (n: a new one)."""

    form: ExperimentForm | None = None  # kept between uses (see experiment_form)

    def target(self) -> Experiment | None:
        if not self.ready():
            return None
        e = self.screen.highlighted()
        if e is None:
            self.notify(t("No experiment highlighted"), severity="warning")
        return e

    def new(self) -> None:
        if not self.ready():
            return
        screen = self.screen
        tc = self.plan_for()

        def planned(e: Experiment | None) -> None:
            if e is None:
                return
            view = screen.view_tc_id
            if tc is not None and e.target_condition_id == tc.id:
                screen.view_tc_id = None if tc.is_active else tc.id  # show the record it went into
            if self.save(e, new=True, keep=e.id):
                self.notify(t("Planned: go and see {day}", day=e.go_and_see_on.isoformat()))
            else:
                screen.view_tc_id = view

        self.app.push_screen(self.experiment_form(**self.form_values()), planned)

    def plan_for(self) -> TargetCondition | None:
        """The target condition a new experiment goes to: the one in view, or the active one
        when a past one is in view."""
        return self.screen.view_tc() if not self.screen.viewing_past() else self.kata_log.active()

    def form_values(self) -> dict[str, Any]:
        tc = self.plan_for()
        focused = next((o for o in self.kata_log.obstacles_of(tc.id if tc else None) if o.in_focus), None)
        return {"owners": self.kata_log.owners(), "target_condition_id": tc.id if tc else None,
                "obstacle_id": focused.id if focused else None}

    def experiment_form(self, **values: Any) -> ExperimentForm:
        """This screen's one experiment form, built on first use and kept (installed): it is
        opened on a keypress, and building its widgets costs many frames."""
        from retro.tui.dialogs.experiment_form import ExperimentForm

        form = self.form
        if form is None or not form.is_running:
            if form is not None:
                self.app.uninstall_screen(form)
            form = self.form = ExperimentForm(**values)
            self.app.install_screen(form, f"kata-experiment-form-{id(self.screen)}")
        else:
            form.reopen(**values)
        return form

    def start(self) -> None:
        e = self.target()
        if e is not None:
            now = self.app.clock.now()
            self.change_experiment(e, lambda x: x.start(now), t("Started: the expectation is locked"))

    def edit(self) -> None:
        e = self.target()
        if e is None:
            return
        if e.is_locked(self.today):
            self.notify(t("It has started: the expectation is locked. Amend it with m"), severity="warning")
            return
        now = self.app.clock.now()

        def edited(plan: Experiment | None) -> None:
            if plan is None:
                return
            changes = plan_changes(plan)
            self.change_experiment(e, lambda x: x.revise(now, **changes), t("Plan changed"))

        self.app.push_screen(self.experiment_form(
            title=t("Change the plan (it has not started, so this is not an amendment)"), step=e.step,
            expectation=e.expectation, owner=e.owner, go_and_see_on=e.go_and_see_on, owners=self.kata_log.owners(),
            target_condition_id=e.target_condition_id, obstacle_id=e.obstacle_id), edited)

    def open_target(self, not_started: str | None = None) -> Experiment | None:
        """The highlighted experiment if its record is still open (and, when `not_started` is
        given, if it has started); otherwise say why not and return None."""
        e = self.target()
        if e is None:
            return None
        if not e.is_open:
            self.notify(t("It is {status}: its record is closed", status=t(e.status)), severity="warning")
            return None
        if not_started is not None and not e.is_locked(self.today):
            self.notify(not_started, severity="warning")
            return None
        return e

    def amend(self) -> None:
        e = self.target()
        if e is None:
            return
        now = self.app.clock.now()
        next_retro = None
        if e.status == "done":  # what was recorded may be corrected until the team's next retro
            retros = self.app.repo.retro_headings(sys.maxsize)
            next_retro = next_retro_start(e, ((r.team, r.started_at) for r in retros))
            try:
                e.check_amendable(now, next_retro)
            except RuleError as exc:
                self.notify(t_error(exc), severity="warning")
                return
        elif self.open_target(not_started=t("It has not started: change the plan with e, no amendment needed")) is None:
            return

        def amended(result: tuple[str, str, str] | None) -> None:
            if result is not None:
                field, text, reason = result
                self.change_experiment(e, lambda x: x.amend(field, text, reason, now, next_retro_at=next_retro),
                                       t("Amended; the original stays in the record"))

        from retro.tui.dialogs.amend import AmendDialog

        self.app.push_screen(AmendDialog(e, next_retro_at=next_retro), amended)

    def done(self) -> None:
        e = self.open_target(not_started=t("It has not started: outcome and learning come after. Start it with s"))
        if e is None:
            return
        now = self.app.clock.now()

        def recorded(result: tuple[str, str, str] | None) -> None:
            if result is not None:
                happened, learned, answer = result
                self.change_experiment(e, lambda x: x.complete(happened, learned, now, as_expected=answer),
                                       t("Outcome recorded"))

        from retro.tui.dialogs.outcome import OutcomeDialog

        self.app.push_screen(OutcomeDialog(e), recorded)

    def abandon(self) -> None:
        e = self.open_target()
        if e is None:
            return
        now = self.app.clock.now()

        def abandoned(reason: str | None) -> None:
            if reason:
                self.change_experiment(e, lambda x: x.abandon(reason, now), t("Abandoned"))

        from retro.tui.dialogs.text_prompt import TextPrompt

        self.app.push_screen(TextPrompt(t("Abandon the experiment: why will it not be run?"), context=e.step,
                                        placeholder=t("Required")), abandoned)
