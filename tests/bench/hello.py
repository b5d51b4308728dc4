"""The baseline for startup_ratio: the smallest Textual app, a Label and a Footer."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Label


class Hello(App[None]):
    BINDINGS = [("ctrl+q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Label("Hello, world")
        yield Footer()


if __name__ == "__main__":
    Hello().run()
