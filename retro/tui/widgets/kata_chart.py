"""A small bar chart of weeks: a leader would rather look than read.

Drawn with block characters, one column per week and a gap between, with month names under
the weeks where a month starts. An empty week and a week with nothing to measure are marked
differently: a gap in practice is part of the picture, not a zero to hide.
"""

from __future__ import annotations

from datetime import date

from textual.content import Content
from textual.widgets import Static

from retro.i18n import t

LEVELS = " ▁▂▃▄▅▆▇█"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def bar_rows(values: list[float | None], height: int, top: float, empty: str = "·") -> list[str]:
    """Rows of a bar chart, top row first; each value one character wide. None → `empty` on
    the baseline; exactly 0 → "_" (measured, and nothing); above 0 → at least one eighth."""
    rows = []
    for level in range(height - 1, -1, -1):
        line = []
        for v in values:
            if v is None:
                line.append(empty if level == 0 else " ")
                continue
            eighths = round(v / top * height * 8) if top > 0 else 0
            if v == 0:
                line.append("_" if level == 0 else " ")
                continue
            if v > 0:
                eighths = max(eighths, 1)
            fill = eighths - level * 8
            line.append("█" if fill >= 8 else LEVELS[fill] if fill > 0 else " ")
        rows.append("".join(line))
    return rows


def month_axis(mondays: list[date], step: int) -> str:
    """Month names under the first week of each month (where they fit)."""
    axis = [" "] * (len(mondays) * step)
    free_from = 0
    for i, monday in enumerate(mondays):
        if i and monday.month == mondays[i - 1].month:
            continue
        name = t(MONTHS[monday.month - 1])
        pos = i * step
        if pos >= free_from and pos + len(name) <= len(axis):
            axis[pos:pos + len(name)] = name
            free_from = pos + len(name) + 1
    return "".join(axis).rstrip()


class WeekChart(Static):
    """Bars per week with a title and the scale; wider and taller bars when there is room."""

    DEFAULT_CSS = """
    WeekChart { height: auto; padding: 0 1; margin-bottom: 1; }
    """

    def __init__(self, title: str, *, style: str = "$accent", empty: str = "·", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._title = title
        self._bar_style = style
        self._empty = empty

    def plot(self, mondays: list[date], values: list[float | None], top: float, scale: str, *,
             width: int = 80, height: int = 3) -> None:
        # Each week gets the same share of the width: a bar of 1 to 5 characters and a gap.
        step = max(2, min(6, width // max(len(values), 1)))
        bar = step - 1
        rows = bar_rows(values, height, top, self._empty)
        spaced = ["".join(ch * bar + " " for ch in row).rstrip() for row in rows]
        lines = [Content.assemble((self._title, "bold"), (" · " + scale, "dim"))]
        lines += [Content.styled(row, self._bar_style) for row in spaced]
        lines.append(Content.styled(month_axis(mondays, step), "dim"))
        self.update(Content("\n").join(lines))
