"""A widget's finished lines kept by content: see retro/tui/fast/finished_lines.py (it extends
Textual's private StylesCache, so it lives in the speed layer)."""

from retro.tui.fast.finished_lines import FINISHED_KEPT, FinishedLines, keep_finished_lines

__all__ = ["FINISHED_KEPT", "FinishedLines", "keep_finished_lines"]
