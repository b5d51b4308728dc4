"""What every part of the kata screen stands on: the screen it belongs to and the few things
each part asks of it (the app, the log in view, today, a message to the user, a text shown).

The screen (screen.py) owns the Textual side: keys, messages, workers. Each tab and each group
of keys is a small `Part` the screen hands its work to, so one module holds one tab or one
group of keys and the screen stays a switchboard.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from textual.content import Content

from retro.store.kata_log import KataLog

if TYPE_CHECKING:
    from retro.tui.screens.kata.screen import KataScreen


class Part:
    """One tab or one group of keys of the kata screen."""

    def __init__(self, screen: KataScreen) -> None:
        self.screen = screen

    @property
    def app(self) -> Any:
        return self.screen.app

    @property
    def kata_log(self) -> KataLog:
        return self.screen.kata_log

    @property
    def today(self) -> date:
        return self.screen.today

    def notify(self, message: str, *, severity: str = "information") -> None:
        self.screen.notify(message, severity=severity)  # type: ignore[arg-type]

    def show(self, widget_id: str, content: Content | str, *, layout: bool = True) -> None:
        self.screen.show(widget_id, content, layout=layout)
