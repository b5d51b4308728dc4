"""How the app reaches its one kata screen: built once and installed, opened on top of
whatever is showing (or gone back to, if it is open under another screen), or built ahead,
off screen, in a pause on the home screen so that the first `k` only shows it.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from retro.tui.screens.ahead import build_ahead
from retro.tui.screens.kata.screen import KataScreen

KATA_SCREEN = "kata-log"


def kata_screen(app: App[Any]) -> KataScreen:
    """The app's one kata screen: installed, so leaving it keeps it (and its log) for the next visit."""
    if not app.is_screen_installed(KATA_SCREEN):
        app.install_screen(KataScreen(), KATA_SCREEN)
    return app.get_screen(KATA_SCREEN)  # type: ignore[return-value]


def show_kata_log(app: App[Any]) -> None:
    """Open the kata log on top of the current screen (the same screen as last time)."""
    screen = kata_screen(app)
    if screen in app.screen_stack:
        while app.screen is not screen:  # it is open under another screen: go back to it
            app.pop_screen()
        return
    app.push_screen(KATA_SCREEN)


def prepare_kata_log(app: App[Any]) -> KataScreen | None:
    """Build the kata log now, off screen (retro/tui/screens/ahead.py), and then its experiment
    form. Returns the screen, whose mounting a quit waits for (see RetroApp.action_quit; the
    form closes cleanly half-built, as test_kata_ahead checks); None when it is built already."""
    screen = kata_screen(app)
    return screen if build_ahead(app, screen) else None
