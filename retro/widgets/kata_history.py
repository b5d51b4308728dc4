"""The History tab's rows: one line per target condition, newest first, in fixed columns.

Shown in an ItemList (a virtual list of ready-made lines), not a DataTable: a DataTable draws each
visible cell through Rich on every page, ~75 ms a page of the five-year log; a list row is one
Content, drawn once and kept.
"""

from __future__ import annotations

from textual.content import Content

from retro.domain.kata import TargetCondition
from retro.i18n import t
from retro.screens.kata_data import area_short
from retro.widgets.item_list import Row

FIXED = {"by": 10, "area": 12, "status": 9, "count": 4}
GAP = "  "


def column_widths(total: int) -> dict[str, int]:
    """The title takes a little more than half of what the fixed columns leave, the reflection
    the rest. Never wider than `total`, down to an 80-column terminal: a wider row would wrap."""
    free = max(total - sum(FIXED.values()) - len(GAP) * 5, 16)
    title = free * 55 // 100
    return {**FIXED, "title": title, "reflection": free - title}


def _cell(text: str, width: int, style: str = "") -> Content:
    # User text as Content: shown literally, on one line, cut with an ellipsis.
    return Content.styled(" ".join(text.split()), style).truncate(width, ellipsis=True, pad=True)


def _line(cells: list[Content]) -> Content:
    return Content(GAP).join(cells)


def header(widths: dict[str, int]) -> Content:
    return _line([
        _cell(t("Achieve by"), widths["by"]), _cell(t("Area"), widths["area"]),
        _cell(t("Status"), widths["status"]), _cell(t("Target condition"), widths["title"]),
        _cell(t("Exp."), widths["count"]), _cell(t("Reflection"), widths["reflection"]),
    ]).stylize("bold")


def history_row(tc: TargetCondition, count: int, widths: dict[str, int]) -> Row:
    key = (tc.achieve_by, tc.area, tc.status, tc.title, count, tc.reflection, tuple(sorted(widths.items())))

    def prompt() -> Content:
        number = str(count).rjust(widths["count"])
        return _line([
            _cell(tc.achieve_by.isoformat(), widths["by"]),
            _cell(t(area_short(tc.area)), widths["area"]),
            _cell(t(tc.status), widths["status"], "bold" if tc.is_active else ""),
            _cell(tc.title, widths["title"]),
            _cell(number, widths["count"]),
            _cell(tc.reflection, widths["reflection"], "italic"),
        ])

    return Row(tc.id, key, prompt)
