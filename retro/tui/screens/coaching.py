"""The coaching kata: five questions walked one at a time against the learner's log.

1. What is the target condition?
2. What is the actual condition now?
3. What was your last step? What did you expect? What actually happened? What did you learn?
4. What obstacles are now preventing you from reaching the target condition? Which one are you
   addressing now?
5. What is your next step, and what do you expect? When can we go and see what we have learned?

Each question shows what the log already knows beside the answer field. Saving records the
answers as a CoachingCycle and writes back what they decided: the actual condition becomes the
target condition's current condition, an open last step gets its outcome, the obstacle chosen
goes in focus, and the next step becomes an experiment (planned through the experiment form,
expectation first).
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, ContentSwitcher, Header, Input, Label, Select, Static

from retro.domain.errors import RuleError
from retro.domain.kata import AS_EXPECTED, CoachingCycle, Experiment, Obstacle, focus
from retro.i18n import n, t, t_error
from retro.store.kata_log import FIELD_LABELS, KataLog, obstacle_status
from retro.store import StoreError
from retro.tui.ui import literal
from retro.tui.widgets.entry import FieldInput
from retro.tui.widgets.footer import StableFooter

QUESTIONS = (
    ("q1", "Target condition", "What is the target condition?"),
    ("q2", "Actual now", "What is the actual condition now?"),
    ("q3", "Last step", "What was your last step? What did you expect? What actually happened? What did you learn?"),
    ("q4", "Obstacles", "What obstacles are now preventing you from reaching the target condition? "
                        "Which one are you addressing now?"),
    ("q5", "Next step", "What is your next step, and what do you expect? When can we go and see what we have learned?"),
)
ANSWERS = {"yes": "Yes, as expected", "partly": "Partly", "no": "No, not as expected"}
NEW_OBSTACLE = "__new__"


class CoachingScreen(Screen["list[object] | None"]):
    """Dismisses with the objects it saved (for the kata screen to show), or None."""

    BINDINGS = [
        Binding("pagedown,ctrl+right", "step(1)", "Next question", id="coaching.next",
                tooltip="Go to the next coaching question", priority=True),
        Binding("ctrl+s", "save", "Save cycle", id="coaching.save",
                tooltip="Record the answers as a coaching cycle", priority=True),
        Binding("ctrl+n", "plan", "Plan next step", id="coaching.plan",
                tooltip="Plan the next step as an experiment, expectation first", priority=True),
        Binding("pageup,ctrl+left", "step(-1)", "Previous question", id="coaching.previous", show=False,
                tooltip="Go back to the previous question", priority=True),
        Binding("escape", "leave", "Back", id="coaching.back", tooltip="Back to the kata log without saving"),
    ]

    def __init__(self, log: KataLog, tc_id: str) -> None:
        super().__init__()
        self._log = log
        self._tc = log.tc(tc_id)
        assert self._tc is not None
        self._last = log.last_step(tc_id)
        self._obstacles = [o for o in log.obstacles_of(tc_id) if o.is_open]
        self._next: Experiment | None = None
        self._index = 0

    # -- building ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        tc, last, today = self._tc, self._last, self._log.today
        yield Header()
        yield Static(id="coach-progress")
        with ContentSwitcher(initial="q1", id="coach-questions"):
            with VerticalScroll(id="q1", classes="question"):
                yield Static(t(QUESTIONS[0][2]), classes="question-title")
                facts = [literal(tc.title, "bold"),
                         Content.styled(t("achieve by {day}", day=tc.achieve_by.isoformat())
                                        + " · " + n("{count} day left", "{count} days left", tc.days_left(today)), "$text-muted")]
                if tc.outcome:
                    facts.append(Content.assemble((t("Outcome") + ": ", "bold"), tc.outcome))
                if tc.operating_pattern:
                    facts.append(Content.assemble((t("Operating pattern") + ": ", "bold"), tc.operating_pattern))
                yield Static(Content("\n").join(facts), classes="question-context")
                yield Label(t("In the learner's words"))
                yield FieldInput(tc.title, placeholder=t("The target condition, as the learner says it"), id="target")
            with VerticalScroll(id="q2", classes="question"):
                yield Static(t(QUESTIONS[1][2]), classes="question-title")
                record = self._log.record(tc.id)
                done = sum(e.status == "done" for e in record)
                open_ = sum(e.is_open for e in record)
                yield Static(Content("\n").join([
                    Content.assemble((t("Current condition, as last written") + ": ", "bold"), tc.current_condition or "—"),
                    Content.styled(n("{count} experiment done, {open} open for this target condition",
                                     "{count} experiments done, {open} open for this target condition", done,
                                     open=open_), "$text-muted"),
                ]), classes="question-context")
                yield Label(t("Actual condition now (facts, not opinions)"))
                yield FieldInput(tc.current_condition, placeholder=t("What is it like now?"), id="actual-now")
            with VerticalScroll(id="q3", classes="question"):
                yield Static(t(QUESTIONS[2][2]), classes="question-title")
                yield Static(self._last_step_context(), classes="question-context")
                yield Label(t("What actually happened"))
                yield FieldInput(last.happened if last else "", placeholder=t("Facts: what did you see?"), id="happened")
                yield Label(t("What did you learn"))
                yield FieldInput(last.learned if last else "", placeholder=t("The gap between what you expected and what happened"), id="learned")
                yield Label(t("As expected?"))
                yield Select([(t(ANSWERS[a]), a) for a in AS_EXPECTED], prompt=t("Not answered"), allow_blank=True,
                             value=last.as_expected if last and last.as_expected else Select.NULL, id="as-expected")
            with VerticalScroll(id="q4", classes="question"):
                yield Static(t(QUESTIONS[3][2]), classes="question-title")
                yield Static(self._obstacles_context(), classes="question-context")
                yield Label(t("Obstacles, in the learner's words"))
                yield FieldInput(placeholder=t("What stands in the way now?"), id="obstacles")
                yield Label(t("Addressing now"))
                focused = next((o.id for o in self._obstacles if o.in_focus), None)
                options = [(literal(o.text), o.id) for o in self._obstacles]
                options.append((t("A new obstacle (write it below)"), NEW_OBSTACLE))
                yield Select(options, prompt=t("None chosen"), allow_blank=True,
                             value=focused or Select.NULL, id="obstacle-now")
                yield Label(t("New obstacle"))
                yield FieldInput(placeholder=t("Optional"), id="new-obstacle")
            with VerticalScroll(id="q5", classes="question"):
                yield Static(t(QUESTIONS[4][2]), classes="question-title")
                yield Static(id="next-step", classes="question-context")
                yield Button(t("Plan the next step (ctrl+n)"), id="plan", variant="primary", compact=True)
                yield Static(t("When everything is answered, save the cycle with ctrl+s."), classes="question-hint")
        yield StableFooter()

    def _last_step_context(self) -> Content:
        e = self._last
        if e is None:
            return Content.styled(t("No step taken yet for this target condition."), "italic")
        today = self._log.today
        lines = [Content.assemble((t("Last step") + ": ", "bold"), literal(e.current("step"))),
                 Content.assemble((t("Expected") + ": ", "bold"), literal(e.expectation))]
        for a in e.amendments:
            lines.append(Content.assemble((f"✎ {a.at:%Y-%m-%d} ", "bold $warning"), (t(FIELD_LABELS[a.field]) + ": ", "bold"),
                                          literal(a.text), literal(" (" + t("because") + " " + a.reason + ")", "dim")))
        status = e.status_on(today)
        if e.status == "done":
            note = t("Recorded in the log already; answers here go into the coaching record.")
        elif e.is_open and e.is_locked(today):
            note = t("It is {status}: what you write here is recorded as its outcome.", status=t(status))
        elif e.is_open:
            note = t("It has not started yet: its outcome comes later.")
        else:
            note = t("It was {status}.", status=t(status))
        lines.append(Content.styled(note, "italic $text-muted"))
        return Content("\n").join(lines)

    def _obstacles_context(self) -> Content:
        if not self._obstacles:
            return Content.styled(t("No open obstacles in the log yet."), "italic")
        return Content("\n").join(
            Content.assemble(("▶ " if o.in_focus else "· ", "bold $accent"), literal(o.text),
                             (" (" + t(obstacle_status(o.status)) + ")", "dim"))
            for o in self._obstacles)

    def on_mount(self) -> None:
        self.sub_title = t("Coaching: {title}", title=self._tc.title)  # type: ignore[union-attr]
        self._show(0)
        self._render_next()

    # -- walking the questions --------------------------------------------------------------

    def _show(self, index: int) -> None:
        self._index = max(0, min(index, len(QUESTIONS) - 1))
        qid = QUESTIONS[self._index][0]
        self.query_one(ContentSwitcher).current = qid
        parts = []
        for i, (_, short, _) in enumerate(QUESTIONS):
            label = f"{i + 1} {t(short)}"
            parts.append((label, "bold reverse $accent") if i == self._index else (label, "dim"))
            if i < len(QUESTIONS) - 1:
                parts.append((" › ", "dim"))
        self.query_one("#coach-progress", Static).update(Content.assemble(*parts))
        first = self.query_one(f"#{qid}").query("Input, Button").first()
        first.focus()

    def action_step(self, delta: int) -> None:
        self._show(self._index + delta)

    @on(Input.Submitted)
    def _answered(self, event: Input.Submitted) -> None:
        """Enter moves on: to the next field of the question, else to the next question."""
        event.stop()
        question = self.query_one(f"#{QUESTIONS[self._index][0]}")
        fields = list(question.query("Input, Select, Button"))
        at = fields.index(event.input) if event.input in fields else len(fields) - 1
        if at + 1 < len(fields):
            fields[at + 1].focus()
        else:
            self.action_step(1)

    # -- the next step ----------------------------------------------------------------------

    def _chosen_obstacle(self) -> str | None:
        value = self.query_one("#obstacle-now", Select).value
        return value if isinstance(value, str) and value != NEW_OBSTACLE else None

    def action_plan(self) -> None:
        from retro.tui.dialogs.experiment_form import ExperimentForm

        nxt = self._next

        def planned(e: Experiment | None) -> None:
            if e is not None:
                self._next = e
                self._render_next()
                self.query_one("#plan", Button).focus()

        self._show(4)
        self.app.push_screen(ExperimentForm(
            title=t("The next step: what will you do, and what do you expect?"),
            step=nxt.step if nxt else "", expectation=nxt.expectation if nxt else "",
            owner=nxt.owner if nxt else "", go_and_see_on=nxt.go_and_see_on if nxt else None,
            owners=self._log.owners(), target_condition_id=self._tc.id,  # type: ignore[union-attr]
            obstacle_id=self._chosen_obstacle()), planned)

    @on(Button.Pressed, "#plan")
    def _plan_pressed(self) -> None:
        self.action_plan()

    def _render_next(self) -> None:
        panel = self.query_one("#next-step", Static)
        e = self._next
        if e is None:
            panel.update(Content.styled(t("No next step planned yet: press ctrl+n to plan it as an experiment."),
                                        "italic"))
            return
        panel.update(Content("\n").join([
            Content.assemble((t("Next step") + ": ", "bold"), e.step),
            Content.assemble((t("Expected") + ": ", "bold"), e.expectation),
            Content.assemble((t("Go and see") + ": ", "bold"), e.go_and_see_on.isoformat(),
                             ("  " + (e.owner or ""), "dim")),
        ]))

    # -- saving -----------------------------------------------------------------------------

    def _text(self, widget_id: str) -> str:
        return self.query_one(f"#{widget_id}", Input).value.strip()

    def action_save(self) -> None:
        repo = self.app.repo  # type: ignore[attr-defined]
        now = self.app.clock.now()  # type: ignore[attr-defined]
        tc = self._tc
        assert tc is not None
        answer = self.query_one("#as-expected", Select).value
        happened, learned = self._text("happened"), self._text("learned")
        actual_now = self._text("actual-now")
        new_text = self._text("new-obstacle")
        choice = self.query_one("#obstacle-now", Select).value
        if choice == NEW_OBSTACLE and not new_text:
            self.notify(t("Write the new obstacle, or choose one from the list"), severity="warning")
            self._show(3)
            self.query_one("#new-obstacle").focus()
            return
        saved: list[Any] = []
        try:
            with repo.locked():
                # Everything is read fresh under the lock: another process may have written since.
                fresh_tc = repo.get(type(tc), tc.id)
                if actual_now and actual_now != fresh_tc.current_condition:
                    fresh_tc.current_condition = actual_now
                    saved.append(fresh_tc)
                last = repo.find(Experiment, self._last.id) if self._last else None
                if last is not None and last.is_open and last.is_locked(now.date()) and happened and learned:
                    last.complete(happened, learned, now, as_expected=answer if isinstance(answer, str) else "")
                    saved.append(last)
                obstacle_id = self._chosen_obstacle()
                siblings = [o for o in repo.all(Obstacle) if o.target_condition_id == tc.id]
                if new_text:
                    new_ob = Obstacle.create(tc.id, new_text, now)
                    siblings.append(new_ob)
                    if choice == NEW_OBSTACLE:
                        obstacle_id = new_ob.id
                    saved.append(new_ob)
                if obstacle_id:
                    chosen = next((o for o in siblings if o.id == obstacle_id), None)
                    if chosen is not None and not chosen.in_focus:
                        saved.extend(o for o in focus(chosen, siblings) if o not in saved)
                if self._next is not None:
                    if obstacle_id and self._next.obstacle_id is None:
                        self._next.obstacle_id = obstacle_id
                    saved.append(self._next)
                cycle = CoachingCycle.record(
                    now, tc.id, next_step=self._next,
                    target=self._text("target"), actual_now=actual_now,
                    last_step=last.current("step") if last else "",
                    expected=last.current("expectation") if last else "",
                    happened=happened, learned=learned, obstacles=self._text("obstacles"),
                    obstacle_id=obstacle_id or "",
                )
                saved.append(cycle)
                repo.save(*saved)
        except (RuleError, StoreError) as exc:
            self.notify(t_error(exc), severity="error")
            return
        self.notify(t("Coaching cycle recorded"))
        self.dismiss(saved)

    def action_leave(self) -> None:
        self.dismiss(None)
