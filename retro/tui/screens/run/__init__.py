"""Running a retro: the run screen, its session (saving or rehearsal) and one view per phase."""

from retro.tui.screens.run.screen import RunScreen

__all__ = ["RunScreen"]
