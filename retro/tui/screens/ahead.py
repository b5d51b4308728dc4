"""Screens built before they are shown: see retro/tui/fast/ahead.py (it uses Textual's
private API, so it lives in the speed layer); the screens ask for it here."""

from retro.tui.fast.ahead import all_mounted, build_ahead, draw_ahead, is_ahead, lay_out_ahead

__all__ = ["all_mounted", "build_ahead", "draw_ahead", "is_ahead", "lay_out_ahead"]
