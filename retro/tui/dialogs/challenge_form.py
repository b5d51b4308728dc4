"""Write the challenge: the long-range direction every target condition ties to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Label, Static

from retro.tui.dialogs.kata_dialog import KataDialog
from retro.domain.errors import RuleError
from retro.domain.kata import Challenge
from retro.domain.text import TEXT_MAX
from retro.i18n import t, t_error
from retro.tui.widgets.entry import FieldInput


class ChallengeForm(KataDialog["Challenge | None"]):
    """Returns a new, unsaved Challenge, or None when cancelled."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t("The challenge: the direction every target condition ties to"), classes="dialog-title")
            with Grid():
                yield Label(t("Challenge"))
                yield FieldInput(placeholder=t("Required"), id="title", compact=True, max_length=TEXT_MAX)
                yield Label(t("What it means"))
                yield FieldInput(placeholder=t("A few sentences (optional)"), id="statement", compact=True,
                                 max_length=TEXT_MAX)
                yield Label(t("Vision"))
                yield FieldInput(placeholder=t("Optional"), id="vision", compact=True, max_length=TEXT_MAX)
            yield self.message_line()
            yield self.buttons()

    def on_mount(self) -> None:
        self.query_one("#title").focus()

    def action_save(self) -> None:
        try:
            challenge = Challenge.create(self.text_of("title"), self.app.clock.now(),  # type: ignore[attr-defined]
                                         statement=self.text_of("statement"), vision=self.text_of("vision"))
        except RuleError as exc:
            self.refuse(t_error(exc), "title")
            return
        self.dismiss(challenge)
