"""F1 in the join app: the keys of the screen underneath, as the main app's help shows them
(without the command palette, which the join app has not)."""

from __future__ import annotations

from retro.tui.screens.help import HelpScreen


class JoinHelp(HelpScreen):
    PALETTE = False
