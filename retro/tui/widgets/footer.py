"""A footer for every screen of the app: Textual's Footer, showing only keys that fit whole, and
rebuilt only when what it shows changes.

Keys that fit whole: Textual's Footer lays its keys out in a row and cuts the row at the edge of
the terminal, mid-word (`^t Pause ti` at 80 columns), and its palette key on the right covers
whatever is under it. Here a key is shown whole or not at all, the most useful first: Help
(F1 lists every key, and the palette too), then the screen's own keys (moving between phases;
everything on the home screen, the kata log, the library), then the keys of the part in focus
(a phase's), then the app's others (Quit), then the palette key. Once a key does not fit, none
after it is shown; each screen chooses its keys (`show=`) so that what matters fits at 80
columns in English and Swedish, and the rest stays in F1 and the palette.

Rebuilt only when what it shows changes: Textual's Footer recomposes (a widget per key, styles, a
layout of the screen) on every focus change and every screen switch. On a board that costs
several frames, and moving between a column's items and the input, between the lists of the group
phase, or in and out of the kata log, changes focus all the time while the keys shown stay the
same. Here the keys, descriptions and enabled states are compared first.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widgets import Footer

from retro.i18n import t
from retro.tui.fast.footer import forget_removed_keys

# The cells a key takes beyond its key and description: " key description " (Footer's own
# padding, not compact); the palette key's border and padding come to the same.
KEY_PADDING = 3
PALETTE = "-command-palette"  # Footer's class for the palette key


def t_or_blank(text: str) -> str:
    return t(text) if text else ""


def key_width(key_display: str, description: str) -> int:
    return cell_len(key_display) + cell_len(description) + KEY_PADDING


class Fit(NamedTuple):
    """What the footer shows: the actions of the keys that fit, in the screen's order, with what
    each key shows, and whether the palette key fits after them."""

    keys: tuple[tuple[str, str, str, bool], ...]  # action, key as shown, description, enabled
    palette: bool

    @property
    def actions(self) -> set[str]:
        return {action for action, *_ in self.keys}


class StableFooter(Footer):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._signature: Fit | None = None

    def fit(self, screen: Screen) -> Fit:
        """The keys of `screen` that fit whole in this footer's width (see the module's doc)."""
        app = self.app
        width = self.size.width or app.size.width
        first: dict[str, ActiveBinding] = {}  # one key per action, as Footer shows them
        for active in screen.active_bindings.values():
            if active.binding.show:
                first.setdefault(active.binding.action, active)

        def rank(active: ActiveBinding) -> int:
            if active.node is app:
                return 0 if active.binding.action == "help" else 3
            return 1 if active.node is screen else 2

        shows = {action: (app.get_key_display(active.binding), t_or_blank(active.binding.description))
                 for action, active in first.items()}
        room = width
        kept: set[str] = set()
        fits_all = True
        for action, active in sorted(first.items(), key=lambda entry: rank(entry[1])):
            needed = key_width(*shows[action])
            if needed > room:
                fits_all = False
                break
            kept.add(action)
            room -= needed
        palette = False
        if fits_all and self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            active = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
            palette = active is not None and key_width(app.get_key_display(active.binding),
                                                       t_or_blank(active.binding.description)) <= room
        keys = tuple((action, *shows[action], first[action].enabled) for action in first if action in kept)
        return Fit(keys, palette)

    def compose(self) -> ComposeResult:
        keys = list(super().compose())
        if not keys:
            return
        # What the last check found fits: a change of width since then is checked again on
        # its Resize.
        fit = self._signature or self.fit(self.screen)
        actions = fit.actions
        for key in keys:
            if key.has_class(PALETTE):
                if not fit.palette:
                    continue
            elif getattr(key, "action", None) not in actions:
                continue
            # In the app's words: bindings are declared in English, at class level.
            key.description = t_or_blank(getattr(key, "description", ""))
            if isinstance(key.tooltip, str):
                key.tooltip = t_or_blank(key.tooltip)
            yield key

    def bindings_changed(self, screen: Screen) -> None:
        # Compared once the key's own frame is out (Textual rebuilds a changed footer after a
        # refresh anyway): asking every binding of the focus chain whether it is enabled
        # costs, on every focus change, and almost always finds the same keys.
        # (Each change asks on its own: a check can be lost with a dialog closed before its
        # first frame, where the callback waited, and one check must not hold up the next.)
        if self._signature is None:
            self._check_bindings(screen)  # the first keys: at once
        else:
            self.call_after_refresh(self._check_bindings, screen)

    def on_resize(self, event: events.Resize) -> None:
        # Another width: other keys may fit.
        if self._signature is not None and self.is_attached:
            self._check_bindings(self.screen)

    def _check_bindings(self, screen: Screen) -> None:
        signature = self.fit(screen)
        if signature == self._signature:
            return
        self._signature = signature
        forget_removed_keys(self)
        super().bindings_changed(screen)
