"""The picture's bar chart and month axis: pure drawing, checked character by character."""

from __future__ import annotations

from datetime import date, timedelta

from retro.tui.widgets.kata_chart import bar_rows, month_axis
from retro.tui.widgets.kata_record import GAP, column_widths


def test_bars_scale_to_the_top_in_eighths_and_mark_gaps() -> None:
    assert bar_rows([4, 2, 1, None, 0], 1, 4) == ["█▄▂·_"]
    assert bar_rows([4, 2, None], 2, 4, empty=" ") == ["█  ", "██ "]
    assert bar_rows([0.01], 1, 4) == ["▁"]  # anything above zero is visible
    assert bar_rows([1], 1, 0) == ["▁"]  # a zero scale never divides by zero


def test_month_names_sit_under_the_first_week_of_each_month() -> None:
    mondays = [date(2026, 10, 19) + timedelta(weeks=i) for i in range(6)]  # Oct 19 … Nov 23
    axis = month_axis(mondays, 2)
    assert axis.startswith("Oct") and axis.index("Nov") == 2 * 2  # Nov 2 is the third week
    assert month_axis(mondays[:1], 2) == ""  # no room for a name: none rather than a cut one


def test_record_columns_fit_the_width() -> None:
    for width in (80, 110, 160):
        widths = column_widths(width)
        shown = [w for w in widths.values() if w]  # a column left out at this width is 0
        assert sum(shown) + len(GAP) * (len(shown) - 1) <= width
        assert widths["expectation"] >= widths["happened"]  # the expectation never gets less room
