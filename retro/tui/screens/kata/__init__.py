"""The leader's kata log screen, split by tab: screen.py is the shell, each tab its own module."""

from retro.tui.screens.kata.screen import KATA_SCREEN, KataScreen, kata_screen, prepare_kata_log, show_kata_log

__all__ = ["KATA_SCREEN", "KataScreen", "kata_screen", "prepare_kata_log", "show_kata_log"]
