"""F1 in the join app: the keys of the screen underneath, as the main app's help shows them
(without the command palette, which the join app has not)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from retro.i18n import t
from retro.tui.screens.help import HelpScreen, own_bindings


class JoinHelp(HelpScreen):
    def compose(self) -> ComposeResult:
        screen_keys, global_keys = [], []
        seen: set[tuple[str, str]] = set()
        own = dict(own_bindings(self._under))
        for active in own.values():
            binding = active.binding
            if (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            row = (self.app.get_key_display(binding), binding.description, binding.tooltip)
            (global_keys if active.node is self.app else screen_keys).append(row)
        with VerticalScroll():
            yield Static(t("Keys on this screen"), classes="help-title")
            yield Static(self._table(screen_keys))
            yield Static(t("Keys everywhere"), classes="help-title")
            yield Static(self._table(global_keys))
            generic = self._generic_rows(set(own))
            if generic:
                yield Static(t("Keys of every list and field"), classes="help-title")
                yield Static(self._table(generic))
