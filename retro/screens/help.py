"""The help screen: every key of the screen underneath, and the ones that work everywhere."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from retro.i18n import t
from retro.ui import translate_bindings


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 80%; max-width: 100; height: 80%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    HelpScreen .help-title { text-style: bold; color: $primary; margin-top: 1; }
    """
    BINDINGS = [Binding("escape,f1,question_mark,q", "dismiss", "Close", id="help.close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        translate_bindings(self)
        self._under = under

    def compose(self) -> ComposeResult:
        # The screen's own actions first: they are what a facilitator looks for; the focused
        # widget's movement keys after them.
        screen_keys: list[tuple[str, str, str]] = []
        widget_keys: list[tuple[str, str, str]] = []
        global_keys: list[tuple[str, str, str]] = []
        seen: set[tuple[str, str]] = set()
        for key, active in self._under.active_bindings.items():
            binding = active.binding
            if not binding.description or (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            row = (self.app.get_key_display(binding), binding.description, binding.tooltip)
            if active.node is self.app:
                global_keys.append(row)
            elif active.node is self._under:
                screen_keys.append(row)
            else:
                widget_keys.append(row)
        global_keys.append((self.app.get_key_display(Binding("ctrl+p", "", "")), t("Command palette"), ""))
        with VerticalScroll():
            yield Static(t("Keys on this screen"), classes="help-title")
            yield Static(self._table(screen_keys))
            if widget_keys:
                yield Static(t("Keys of the focused field"), classes="help-title")
                yield Static(self._table(widget_keys))
            yield Static(t("Keys everywhere"), classes="help-title")
            yield Static(self._table(global_keys))

    @staticmethod
    def _table(rows: list[tuple[str, str, str]]) -> Content:
        width = max((len(k) for k, _, _ in rows), default=4) + 2
        lines = []
        for key, description, tooltip in rows:
            line = Content.assemble((key.ljust(width), "bold $accent"), (description, "bold"))
            if tooltip:
                line = Content.assemble(line, ("  " + tooltip, "dim"))
            lines.append(line)
        return Content("\n").join(lines)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
