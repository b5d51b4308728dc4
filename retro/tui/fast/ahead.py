"""Screens built before they are shown, so the key that opens one only shows it.

Textual builds a screen when it is first pushed: composing, styling, laying out and drawing
every widget on the key (the kata log on a five-year store, and the experiment form, take
many frames). `build_ahead` does the same registration (`App._register`, what `push_screen` calls)
without showing the screen; the screen then calls `lay_out_ahead` (or awaits `draw_ahead`) once it
has its content, and is laid out and drawn at the app's size, off screen: its widgets keep what
they drew.

A quit must wait for every such build (`all_mounted`): Textual's Header, TabbedContent and
Select raise when their screen is closed half-mounted, as the app's shutdown stops mounting their
children; and once the app is exiting nothing more is built ahead.
Without the `ahead` override (RETRO_PLAIN_TEXTUAL, RETRO_FAST_SKIP=ahead) nothing is built
ahead: `build_ahead` says so, and each screen is built when it is pushed, as Textual does.
(Textual's private API: tests/unit/test_textual_contract.py checks what is used here.)
"""

from __future__ import annotations

import asyncio
from typing import Any
from weakref import WeakSet

from textual.app import App
from textual.screen import Screen

from retro.tui import fast
from retro.tui.fast.restyle import mark_styled

SETTLE_S = 0.05  # the widgets answer the first layout's resize events before the drawing
DRAW_ROUNDS = 3  # layout and drawing again while the drawing asks for more layout

_built: WeakSet[Screen[Any]] = WeakSet()  # every screen built ahead, until it is gone


def build_ahead(app: App[Any], screen: Screen[Any]) -> bool:
    """Start building an installed screen off screen; False if it is built (or shown) already,
    or nothing is built ahead."""
    if not fast.enabled("ahead") or screen.is_running or screen in app.screen_stack:
        return False
    if app.return_code is not None:  # exiting: a screen half-mounted at shutdown would raise
        return False
    # Styled with the CSS of this moment: a theme change while it mounts leaves it stale, and
    # it is restyled when shown (restyle.py: styled_now, restyle_only_if_stale).
    mark_styled(screen)
    _built.add(screen)
    app._register(app, screen)
    return True


def is_ahead(screen: Screen[Any]) -> bool:
    """Built and never shown yet, in a running app (not one that is quitting)."""
    return fast.enabled("ahead") and not screen.is_current and not screen.stack_updates and screen.app.is_running


def lay_out_ahead(screen: Screen[Any]) -> None:
    """Lay the screen out at the app's size and, a moment later, draw it, off screen."""
    if is_ahead(screen):
        screen.run_worker(draw_ahead(screen), group="draw-ahead", exclusive=True)


async def draw_ahead(screen: Screen[Any]) -> bool:
    """Lay the screen out at the app's size and draw it off screen, again while the drawing
    asks for more layout (a scroll bar made on first drawing); False if it was shown (or the
    app quit) meanwhile. A moment between: the widgets answer the layout's resize events."""
    if not is_ahead(screen):
        return False
    screen._refresh_layout(size=screen.app.size)
    for n in range(DRAW_ROUNDS):
        await asyncio.sleep(SETTLE_S)
        if not is_ahead(screen):
            return False
        if n and not screen._layout_required:
            break
        if screen._layout_required:  # what the widgets asked for since (resize events, a new scroll bar)
            screen._refresh_layout(size=screen.app.size)
            screen._layout_required = False
        # Drawn as a terminal is sent it: each finished line keeps its text, so the first showing
        # (whose lines are these same ones, see compositor.py) only joins them.
        screen._compositor.render_full_update().render_segments(screen.app.console)
        # A screen's update timer starts on first use and waits a whole frame before
        # its first tick: the first frame of the first showing would wait for it. Its first,
        # idle tick is taken now (off screen it renders nothing, and pauses itself again).
        screen._update_timer.resume()
    return True


def _mounting(app: App[Any]) -> list[Screen[Any]]:
    return [screen for screen in list(_built) if screen.app is app and screen.is_running
            and not all(node.is_mounted for node in screen.walk_children(with_self=True))]


async def all_mounted(app: App[Any], timeout: float) -> None:
    """Wait (at most `timeout` seconds) until every widget of every screen the app is building
    ahead is mounted, including a screen whose build starts while waiting (the kata log builds
    its experiment form once its tabs are drawn)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while _mounting(app):
        if loop.time() > deadline:
            return
        await asyncio.sleep(0.01)
