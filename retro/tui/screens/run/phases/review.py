"""Review: last time's experiments come back. Expectation beside what happened and what was
learned, and the team's own answer to "as expected?", recorded right here: the loop that
action-item lists leave open is closed.

Due means the go-and-see day as it stands after amendments; ones left open at earlier retros come
back too, oldest first (`due_for_review`). Enter moves from what happened to what was learned to
the question, which takes one key (y / p / n) or Enter to leave it unanswered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from retro.domain.errors import RuleError
from retro.domain.kata import Experiment
from retro.i18n import t, t_error
from retro.tui.screens.run.phases.base import PhaseView
from retro.store import StoreError
from retro.tui.ui import follow_cursor, literal, literal_name
from retro.tui.widgets.entry import ItemInput
from retro.tui.widgets.item_list import ItemList, Row

ANSWERS = {"yes": "Yes, as expected", "partly": "Partly", "no": "No, not as expected", "": "Not answered"}
ANSWER_MARK = {"yes": "=", "partly": "≈", "no": "≠"}


def experiment_row(ex: Experiment) -> Row:
    answer = ex.current("as_expected")
    # ✓ recorded, with the team's answer beside it (= as expected, ≈ partly, ≠ not); ● still open
    mark = (f"✓{ANSWER_MARK.get(answer, '')} ", "bold $success") if ex.status == "done" else ("● ", "$warning")
    day = ex.go_and_see_day
    prompt = Content.assemble(mark, literal(ex.current("step"), "bold"), "\n  ",
                              (t("go and see {day}", day=day.isoformat()), "$text-muted"))
    return Row(ex.id, (ex.current("step"), ex.status, day, answer), prompt)


def expectation_text(ex: Experiment) -> Content:
    """The expectation as written before, and each amendment marked as one (never overwritten)."""
    parts: list[Content] = [literal(ex.expectation)]
    for a in ex.amendments:
        if a.field == "expectation":
            parts.append(Content.assemble(
                (t("Amended {day}: ", day=a.at.date().isoformat()), "italic $warning"), literal(a.text),
                literal(" (" + t("reason: {reason}", reason=a.reason) + ")", "$text-muted")))
    return Content("\n").join(parts)


class AsExpectedQuestion(Static, can_focus=True):
    """"As expected?" answered with one key; Enter records it unanswered (the answer is the
    team's, and none is better than a guess)."""

    # One line under what was learned, so the review still fits at 80x24; Enter's meaning is in the footer.
    DEFAULT_CSS = """
    AsExpectedQuestion { height: auto; color: $text-muted; }
    AsExpectedQuestion:focus { color: $foreground; background: $primary 25%; }
    """
    BINDINGS = [
        Binding("y", "answer('yes')", "Yes", id="review.as_expected_yes",
                tooltip="It went as expected: record the outcome with that answer"),
        Binding("p", "answer('partly')", "Partly", id="review.as_expected_partly",
                tooltip="It went partly as expected: record the outcome with that answer"),
        Binding("n", "answer('no')", "No", id="review.as_expected_no",
                tooltip="It did not go as expected: record the outcome with that answer"),
        Binding("enter", "answer('')", "Not answered", id="review.as_expected_skip",
                tooltip="Record the outcome without an answer to as expected?"),
    ]

    @dataclass
    class Answered(Message):
        answer: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Content.assemble((t("As expected?") + "  ", "bold $secondary"), t("y yes · p partly · n no")),
                         id=id)

    def action_answer(self, answer: str) -> None:
        self.post_message(self.Answered(answer))


class ReviewView(PhaseView):
    BINDINGS = [
        Binding("ctrl+s", "record", "Record outcome", id="review.record",
                tooltip="Save what happened and what was learned for the highlighted experiment, "
                        "after asking whether it went as expected"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="review-empty", classes="phase-status")
        with Horizontal(id="review-main"):
            with Vertical(id="review-list-pane"):
                yield Static(t("Due for follow-up"), classes="pane-title")
                yield ItemList(id="review-list", cursor_shows_focus=True)
            with VerticalScroll(id="review-detail"):
                yield Static(t("What we did"), classes="field-title")
                yield Static(id="review-step", classes="field-text")
                yield Static(t("What we expected"), classes="field-title")
                yield Static(id="review-expected", classes="field-text")
                yield Static(t("What happened"), classes="field-title outcome-title")
                yield ItemInput(on_enter=self._happened_entered, placeholder=t("What actually happened?"),
                                id="review-happened")
                yield Static(t("What we learned"), classes="field-title outcome-title")
                yield ItemInput(on_enter=self._learned_entered,
                                placeholder=t("The learning is in the gap between the two"), id="review-learned")
                yield AsExpectedQuestion(id="review-as-expected")
                yield Static(id="review-done", classes="field-text")

    def _due(self) -> list[Experiment]:
        return self.session.due_for_review(self.now().date())

    def refresh_view(self) -> None:
        due = self._due()
        self._by_id = {e.id: e for e in due}
        empty = not due
        self.query_one("#review-main").display = not empty
        note = self.query_one("#review-empty", Static)
        note.display = empty
        self.show(note, t("Nothing to review: no experiments of {team} have come due. Go on with Page Down.",
                      team=self.retro.team))
        listing = self.query_one("#review-list", ItemList)
        listing.sync([experiment_row(e) for e in due])
        if listing.highlighted is None and listing.option_count:
            first_open = next((i for i, e in enumerate(due) if e.is_open), 0)
            listing.highlighted = first_open
        self._show_detail()

    def focus_default(self) -> None:
        if self._by_id:
            current = self._current()
            if current is not None and current.is_open:
                self.focus_now(self.query_one("#review-happened", Input))
            else:
                self.focus_now(self.query_one("#review-list", ItemList))

    def _current(self) -> Experiment | None:
        return self._by_id.get(self.query_one("#review-list", ItemList).highlighted_id or "")

    def on_mount(self) -> None:
        follow_cursor(self.query_one("#review-list", ItemList), self._show_detail)

    @on(ItemList.OptionSelected, "#review-list")
    def _selected(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        current = self._current()
        if current is not None and current.is_open:
            self.focus_now(self.query_one("#review-happened", Input))

    def _show_detail(self) -> None:
        ex = self._current()
        detail = self.query_one("#review-detail")
        detail.display = ex is not None
        if ex is None:
            return
        step = literal(ex.current("step"))
        if ex.current("owner"):
            step = Content.assemble(step, ("  — ", "$text-muted"), literal_name(ex.current("owner"), "$text-muted"))
        self.show(self.query_one("#review-step", Static), step)
        self.show(self.query_one("#review-expected", Static), expectation_text(ex))
        happened = self.query_one("#review-happened", Input)
        learned = self.query_one("#review-learned", Input)
        question = self.query_one("#review-as-expected", AsExpectedQuestion)
        happened.display = learned.display = question.display = ex.is_open
        for title in self.query(".outcome-title"):
            title.display = ex.is_open
        done = self.query_one("#review-done", Static)
        done.display = not ex.is_open
        if not ex.is_open:
            self.show(done, Content.assemble(
                (t("What happened") + ": ", "bold"), literal(ex.current("happened")), "\n",
                (t("What we learned") + ": ", "bold"), literal(ex.current("learned")), "\n",
                (t("As expected?") + " ", "bold"), t(ANSWERS.get(ex.current("as_expected"), ANSWERS[""]))))
        elif getattr(self, "_shown_id", None) != ex.id:
            happened.value = learned.value = ""
        self._shown_id = ex.id

    # Enter is handled in order with typing (see ItemInput): the text stays, the focus moves on.
    def _happened_entered(self, value: str) -> bool:
        self.focus_now(self.query_one("#review-learned", Input))
        return False

    def _learned_entered(self, value: str) -> bool:
        self._ask()
        return False

    def _texts(self) -> tuple[str, str]:
        return self.query_one("#review-happened", Input).value, self.query_one("#review-learned", Input).value

    def _refused(self, exc: Exception, happened: str) -> None:
        self.app.bell()
        self.notify(t_error(exc), severity="error", markup=False)
        self.focus_now(self.query_one("#review-happened" if not happened.strip() else "#review-learned", Input))

    def _ask(self) -> None:
        """What happened and what was learned are there: now the question, before anything is saved."""
        ex = self._current()
        if ex is None or not ex.is_open:
            return
        happened, learned = self._texts()
        trial = replace(ex, amendments=list(ex.amendments))  # the rules checked on a copy
        try:
            trial.complete(happened, learned, self.now())
        except RuleError as exc:
            self._refused(exc, happened)
            return
        self.focus_now(self.query_one("#review-as-expected", AsExpectedQuestion))

    def action_record(self) -> None:
        if self.query_one("#review-as-expected", AsExpectedQuestion).has_focus:
            self._record("")
        else:
            self._ask()

    @on(AsExpectedQuestion.Answered)
    def _answered(self, event: AsExpectedQuestion.Answered) -> None:
        event.stop()
        self._record(event.answer)

    def _record(self, answer: str) -> None:
        ex = self._current()
        if ex is None or not ex.is_open:
            return
        happened, learned = self._texts()
        now = self.now()
        try:
            self.session.update_experiment(ex.id, lambda e: e.complete(happened, learned, now, as_expected=answer))
        except (RuleError, StoreError) as exc:
            self._refused(exc, happened)
            return
        self.attempt(lambda r: r.mark_reviewed(ex.id))
        self.notify(t("Recorded: {step}", step=ex.current("step")), markup=False)
        self.refresh_view()
        listing = self.query_one("#review-list", ItemList)
        nxt = next((e for e in self._due() if e.is_open), None)
        if nxt is not None:
            listing.highlight_id(nxt.id)
            self.focus_now(self.query_one("#review-happened", Input))
        else:
            self.focus_now(listing)
