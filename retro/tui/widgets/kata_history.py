"""The History tab's rows: one line per target condition, newest first, in fixed columns.

Shown in an ItemList (a virtual list of ready-made lines), not a DataTable: a DataTable draws each
visible cell through Rich on every page, several frames a page of the five-year log; a list row is one
Content, drawn once and kept.
"""

from __future__ import annotations

from textual.content import Content

from retro.domain.kata import TargetCondition
from retro.i18n import t
from retro.store.kata_log import area_short
from retro.tui.widgets.columns import GAP, cell, row
from retro.tui.widgets.item_list import Row

FIXED = {"by": 10, "area": 12, "status": 9, "count": 4}


def column_widths(total: int) -> dict[str, int]:
    """The title takes a little more than half of what the fixed columns leave, the reflection
    the rest. Never wider than `total`, down to an 80-column terminal: a wider row would wrap."""
    free = max(total - sum(FIXED.values()) - len(GAP) * 5, 16)
    title = free * 55 // 100
    return {**FIXED, "title": title, "reflection": free - title}


def header(widths: dict[str, int]) -> Content:
    return row([
        cell(t("Achieve by"), widths["by"]), cell(t("Area"), widths["area"]),
        cell(t("Status"), widths["status"]), cell(t("Target condition"), widths["title"]),
        cell(t("Exp."), widths["count"]), cell(t("Reflection"), widths["reflection"]),
    ]).stylize("bold")


def history_row(tc: TargetCondition, count: int, widths: dict[str, int]) -> Row:
    key = (tc.achieve_by, tc.area, tc.status, tc.title, count, tc.reflection, tuple(sorted(widths.items())))

    def prompt() -> Content:
        number = str(count).rjust(widths["count"])
        return row([
            cell(tc.achieve_by.isoformat(), widths["by"]),
            cell(t(area_short(tc.area)), widths["area"]),
            cell(t(tc.status), widths["status"], style="bold" if tc.is_active else ""),
            cell(tc.title, widths["title"]),
            cell(number, widths["count"]),
            cell(tc.reflection, widths["reflection"], style="italic"),
        ])

    return Row(tc.id, key, prompt)
