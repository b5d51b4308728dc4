"""The stand-in for `retro join` in the serve tests: a tiny Textual app that records its pid
(so a test can tell whether it is still alive) and writes each line typed into a file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Input, Label


class StandIn(App[None]):
    def __init__(self, out: Path) -> None:
        super().__init__()
        self.out = out

    def compose(self) -> ComposeResult:
        yield Label("STANDIN-READY")
        yield Input()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        with self.out.joinpath("typed.txt").open("a", encoding="utf-8") as file:
            file.write(event.value + "\n")
        event.input.value = ""


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.joinpath(f"pid-{os.getpid()}").touch()
    StandIn(out).run()
