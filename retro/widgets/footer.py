"""A footer for every screen of the app: Textual's Footer, rebuilt only when what it shows changes.

Textual's Footer recomposes (a widget per key, styles, a layout of the screen) on every focus
change and every screen switch. On a board that costs 50-200 ms, and moving between a column's
items and the input, between the lists of the group phase, or in and out of the kata log,
changes focus all the time while the keys shown stay the same. Here the keys, descriptions and
enabled states are compared first.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class StableFooter(Footer):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._signature: tuple[tuple[str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen) -> None:
        # Compared once the key's own frame is out (Textual rebuilds a changed footer after a
        # refresh anyway): asking every binding of the focus chain whether it is enabled is
        # ~0.4 ms, on every focus change, and almost always finds the same keys.
        # (Each change asks on its own: a check can be lost with a dialog closed before its
        # first frame, where the callback waited, and one check must not hold up the next.)
        if self._signature is None:
            self._check_bindings(screen)  # the first keys: at once
        else:
            self.call_after_refresh(self._check_bindings, screen)

    def _check_bindings(self, screen: Screen) -> None:
        signature = tuple(
            (key, active.binding.description, active.enabled)
            for key, active in screen.active_bindings.items()
            if active.binding.show
        )
        if signature == self._signature:
            return
        self._signature = signature
        self._forget_removed_keys()
        super().bindings_changed(screen)

    def _forget_removed_keys(self) -> None:
        """Each FooterKey binds itself to the footer's `compact`, and Textual drops such a binding
        only when `compact` changes, which it never does here: every key of every rebuilt footer
        (with its styles and drawn lines) stayed in memory, ~15 keys per phase change. Bindings
        of keys already removed are dropped here, as Textual's own check would. (Textual internals:
        safe only because Textual is pinned exactly.)"""
        for pairs in getattr(self, "__watchers", {}).values():
            pairs[:] = [(node, callback) for node, callback in pairs if not node._closing]
