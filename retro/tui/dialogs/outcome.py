"""Record what actually happened and what was learned, beside what was expected: the learning
lives in the gap between the two, so the expectation is on screen while you write."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.content import Content
from textual.widgets import Label, Select, Static

from retro.tui.dialogs.kata_dialog import KataDialog
from retro.domain.errors import RuleError
from retro.domain.kata import AS_EXPECTED, Experiment
from retro.domain.text import TEXT_MAX
from retro.i18n import t, t_error
from retro.tui.ui import literal
from retro.tui.widgets.entry import FieldInput

ANSWERS = {"yes": "Yes, as expected", "partly": "Partly", "no": "No, not as expected"}


class OutcomeDialog(KataDialog["tuple[str, str, str] | None"]):
    """Returns (happened, learned, as_expected), or None when cancelled."""

    def __init__(self, experiment: Experiment) -> None:
        super().__init__()
        self._experiment = experiment

    def compose(self) -> ComposeResult:
        e = self._experiment
        # The expectation as written first, then each dated amendment: the gap is measured from there.
        context = [Content.assemble((t("What will be done") + ": ", "bold"), literal(e.current("step"))),
                   Content.assemble((t("What we expected") + ": ", "bold"), literal(e.expectation))]
        for a in e.amendments_of("expectation"):
            context.append(Content.assemble((f"✎ {a.at:%m-%d %H:%M} " + t("amended") + ": ", "bold $warning"),
                                            literal(a.text), literal(" (" + t("because") + " " + a.reason + ")", "dim")))
        with Vertical(classes="dialog"):
            yield Static(t("What actually happened, and what did you learn?"), classes="dialog-title")
            yield Static(Content("\n").join(context), classes="dialog-context")
            with Grid():
                yield Label(t("What happened"))
                yield FieldInput(e.happened, placeholder=t("Required"), id="happened", compact=True, max_length=TEXT_MAX)
                yield Label(t("What was learned"))
                yield FieldInput(e.learned, placeholder=t("Required: the gap between expected and happened"),
                                 id="learned", compact=True, max_length=TEXT_MAX)
                yield Label(t("As expected?"))
                yield Select([(t(ANSWERS[a]), a) for a in AS_EXPECTED], prompt=t("Not answered"),
                             allow_blank=True, id="as-expected", compact=True)
            yield self.message_line()
            yield self.buttons()

    def on_mount(self) -> None:
        self.query_one("#happened").focus()

    def action_save(self) -> None:
        happened, learned = self.text_of("happened").strip(), self.text_of("learned").strip()
        answer = self.choice_of("as-expected") or ""
        trial = replace(self._experiment, amendments=list(self._experiment.amendments))
        try:
            trial.complete(happened, learned, self.app.clock.now(), as_expected=answer)  # type: ignore[attr-defined]
        except RuleError as exc:
            self.refuse(t_error(exc), "happened" if not happened else "learned")
            return
        self.dismiss((happened, learned, answer))
