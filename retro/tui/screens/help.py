"""The help screen: every key of the screen underneath, and the ones that work everywhere.

The screen's own keys come first: they are what a facilitator looks for. Then the keys that
work on every screen, then a few lines for the keys Textual's lists and fields all have
(moving, choosing, copying) in the app's words: Textual's own descriptions are English only,
and a line per scroll key added nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from retro.i18n import t
from retro.tui.ui import translated

Row = tuple[str, str, str]  # key, description, tooltip

# Textual's own keys, by action, summed up in a line each; any other (an Input's dozen editing
# keys) is left out. The movement line lists only the plain keys.
MOVE_PREFIXES = ("cursor_", "scroll_", "page_")
MOVE_ACTIONS = ("first", "last", "home", "end")
MOVE_KEYS = ("up", "down", "left", "right", "home", "end", "pageup", "pagedown")
CHOOSE_ACTIONS = ("select", "select_cursor", "submit")


def _declared_by_the_app(node: DOMNode) -> set[tuple[str, str]]:
    """(key, action) of the bindings the app's own classes declare for this node; what only
    Textual's classes (Screen, OptionList, Input, …) declare is Textual's generic keys."""
    own: set[tuple[str, str]] = set()
    for cls in type(node).__mro__:
        if cls.__module__.partition(".")[0] == "textual" or "BINDINGS" not in cls.__dict__:
            continue
        own.update((b.key, b.action) for b in Binding.make_bindings(cls.__dict__["BINDINGS"]))
    return own


def own_bindings(screen: Screen) -> Iterator[tuple[str, ActiveBinding]]:
    """The screen's active bindings that the app declares (with a description): its own keys,
    its widgets', and the app-wide ones, in Textual's order."""
    declared: dict[int, set[tuple[str, str]]] = {}
    for key, active in screen.active_bindings.items():
        node = active.node
        if id(node) not in declared:
            declared[id(node)] = _declared_by_the_app(node)
        if active.binding.description and (key, active.binding.action) in declared[id(node)]:
            yield key, translated(active)


def _generic_words() -> dict[str, str]:
    """A line per kind of Textual key, in this order."""
    return {
        "move": t("Move, scroll and page"),
        "choose": t("Choose or confirm"),
        "focus_next": t("Next field"),
        "focus_previous": t("Previous field"),
        "copy": t("Copy selected text"),
    }


def _generic_group(action: str, key: str) -> str | None:
    name = action.rpartition(".")[2]
    if name.startswith(MOVE_PREFIXES) or name in MOVE_ACTIONS:
        return "move" if key in MOVE_KEYS else None
    if name in CHOOSE_ACTIONS:
        return "choose"
    if name in ("focus_next", "focus_previous"):
        return name
    if name in ("copy", "copy_text"):
        return "copy"
    return None


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
    PALETTE = True  # an app without the command palette (retro join) says nothing of it

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self._under = under

    def compose(self) -> ComposeResult:
        screen_keys: list[Row] = []
        widget_keys: list[Row] = []
        global_keys: list[Row] = []
        seen: set[tuple[str, str]] = set()
        own = dict(own_bindings(self._under))
        for key, active in own.items():
            binding = active.binding
            if (binding.action, binding.description) in seen:
                continue
            seen.add((binding.action, binding.description))
            row = (self.app.get_key_display(binding), binding.description, binding.tooltip)
            if active.node is self.app:
                global_keys.append(row)
            elif active.node is self._under:
                screen_keys.append(row)
            else:
                widget_keys.append(row)
        if self.PALETTE:
            global_keys.append((self.app.get_key_display(Binding("ctrl+p", "", "")), t("Command palette"), ""))
        with VerticalScroll():
            yield Static(t("Keys on this screen"), classes="help-title")
            yield Static(self._table(screen_keys))
            if widget_keys:
                yield Static(t("Keys of the focused field"), classes="help-title")
                yield Static(self._table(widget_keys))
            yield Static(t("Keys everywhere"), classes="help-title")
            yield Static(self._table(global_keys))
            generic = self._generic_rows(set(own))
            if generic:
                yield Static(t("Keys of every list and field"), classes="help-title")
                yield Static(self._table(generic))

    def _generic_rows(self, own: set[str]) -> list[Row]:
        """Textual's own keys left over, a line per kind of key, in the app's words."""
        words = _generic_words()
        keys: dict[str, list[str]] = {group: [] for group in words}
        for key, active in self._under.active_bindings.items():
            group = None if key in own else _generic_group(active.binding.action, key)
            if group is not None:
                keys[group].append(key)
        keys["move"].sort(key=MOVE_KEYS.index)
        return [(" ".join(self.app.get_key_display(Binding(k, "", "")) for k in found), words[group], "")
                for group, found in keys.items() if found]

    @staticmethod
    def _table(rows: list[Row]) -> Content:
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
