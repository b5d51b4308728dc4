"""What every phase view shares: the session, a guarded way to change the retro, and a refresh."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from textual.containers import Vertical
from textual.content import Content
from textual.visual import VisualType
from textual.widget import Widget
from textual.widgets import Static

from retro.tui.fast.compositor import draw_text_ahead
from retro.domain.errors import RuleError
from retro.domain.format import Phase
from retro.domain.retro import Retro
from retro.i18n import t_error
from retro.tui.screens.run.session import RunSession
from retro.store import StoreError
from retro.tui.ui import shown_key, shown_safely
from retro.tui.widgets.item_list import AHEAD_PAUSE_S

LAYOUT_WAIT_S = 0.05  # a view just shown is laid out within a frame or two

T = TypeVar("T")


class Refused(Exception):
    """A change the rules refused; the user has already been told why."""


class PhaseView(Vertical):
    """One phase on the run screen. Subclasses compose their widgets, react to keys through their
    BINDINGS (declared in English, with id and tooltip) and redraw from `self.retro` in
    `refresh_view`, which the screen also calls after another process changed the store."""

    def __init__(self, session: RunSession, phase: Phase) -> None:
        super().__init__(classes="phase-view")
        self.session = session
        self.phase = phase
        self._shown: dict[int, object] = {}

    @property
    def retro(self) -> Retro:
        return self.session.retro

    def change(self, fn: Callable[[Retro], T]) -> T:
        """Apply and save a change; a refusal is shown (bell + message) and raised as Refused."""
        try:
            return self.session.change(fn)
        except RuleError as exc:
            self.refuse(t_error(exc))
        except StoreError as exc:
            self.refuse(str(exc))
        raise AssertionError  # refuse() raised

    def attempt(self, fn: Callable[[Retro], T]) -> tuple[bool, T | None]:
        """`change` for handlers that carry on either way."""
        try:
            return True, self.change(fn)
        except Refused:
            return False, None

    def refuse(self, message: str) -> Any:
        self.app.bell()
        self.notify(message, severity="error", markup=False)
        raise Refused(message)

    def show(self, widget: Static, content: VisualType = "", *, layout: bool = True) -> None:
        """Update a Static only when what it shows changes: refresh_view runs on every keypress,
        and an unchanged text must not cost a repaint (or, worse, a layout of the screen)."""
        key = shown_key(content) if isinstance(content, (Content, str)) else content
        if self._shown.get(id(widget)) == key:
            return
        self._shown[id(widget)] = key
        widget.update(shown_safely(content), layout=layout)

    def show_next(self, widget: Static, content: VisualType) -> None:
        """Draw ahead, once this key's frame is out, how `widget` looks when `show` gives it
        `content` (what the likely next key shows there): that key's frame hands it over. (A
        view just shown may not be laid out yet: then a little later.)"""
        content = shown_safely(content)

        def draw(tries: int) -> None:
            if not draw_text_ahead(widget, content) and tries:
                self.set_timer(LAYOUT_WAIT_S, partial(draw, tries - 1), name="text-ahead")

        self.set_timer(AHEAD_PAUSE_S, partial(draw, 10), name="text-ahead")

    def now(self):  # noqa: ANN201 - a datetime
        return self.app.clock.now()  # type: ignore[attr-defined]

    def refresh_view(self) -> None:
        """Show the retro as it is now."""

    def focus_default(self) -> None:
        """Put the focus where the facilitator starts in this phase."""

    def focus_now(self, widget: Widget) -> None:
        """Focus at once, not after a refresh as `widget.focus()` does: keys typed right after
        a phase change or an Enter must land in the widget the facilitator is looking at.
        Scrolled into view only when a container between the widget and the view can scroll:
        Textual's scroll to a focused widget is a callback after every focus change (part of
        a drop's frame) that finds nothing to scroll for a list laid out on the screen."""
        if self.is_attached and widget.is_attached:
            self.screen.set_focus(widget, scroll_visible=self._scrolls_to(widget))

    def _scrolls_to(self, widget: Widget) -> bool:
        for node in widget.ancestors:
            if node is self or not isinstance(node, Widget):
                return False
            if node.styles.overflow_y != "hidden" or node.styles.overflow_x != "hidden":
                return True  # (it may have more to show once laid out, so not its size now)
        return False
