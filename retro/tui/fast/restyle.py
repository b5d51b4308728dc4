"""A screen shown again is restyled only when the app's CSS changed since it was styled.

Textual restyles every widget of a screen shown again, and the lists and tables among them drop
every line they rendered with their styles: a return to a screen redraws it all. Only a change
of the app's CSS since the screen was last styled (a theme change) calls for it. Textual counts
those changes (`App._css_update_count`) and marks each screen it restyles with the count.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from retro.tui import fast

if TYPE_CHECKING:
    from textual.events import ScreenResume
    from textual.screen import Screen


def styled_now(screen: Screen) -> None:
    """The screen's widgets were styled with the app's CSS as it is now (they mounted). A
    screen built ahead was marked when its building began (see ahead.py): a theme change while
    it mounted, off the stack, did not restyle it, so that mark stays."""
    if fast.enabled("restyle") and screen._css_update_count < 0:
        screen._css_update_count = screen.app._css_update_count


def restyle_only_if_stale(screen: Screen, event: ScreenResume) -> None:
    """Restyle the screen being shown again only if the app's CSS changed since it was styled.
    A screen on the stack is restyled with the app (App.refresh_css) and marked; one kept off the
    stack (the kata log) is not, so it is restyled here. Call from the screen's ScreenResume
    handler, which runs before Screen's own."""
    if fast.enabled("restyle"):
        event.refresh_styles = screen._css_update_count != screen.app._css_update_count
        screen._css_update_count = screen.app._css_update_count


def mark_styled(screen: Screen) -> None:
    """A screen about to be built ahead is styled with the CSS of this moment."""
    screen._css_update_count = screen.app._css_update_count
