"""The leader's kata log screen, a package split by tab and by group of keys.

screen.py is the shell (keys, loading, the store's changes, tab switching); now.py, history.py
and picture.py each draw one tab; experiments.py and plans.py each own a group of keys;
opening.py is how the app reaches the one screen. Others import from here.
"""

from retro.tui.screens.kata.opening import KATA_SCREEN, kata_screen, prepare_kata_log, show_kata_log
from retro.tui.screens.kata.screen import KataScreen

__all__ = ["KATA_SCREEN", "KataScreen", "kata_screen", "prepare_kata_log", "show_kata_log"]
