"""The experimenting record as a virtual table: one row per experiment, expectation beside
outcome, amendments marked. A DataTable renders only the rows on screen, so a long record
scrolls as fast as a short one. Showing a record again changes only what changed: the cells
of a changed experiment, the rows when experiments come or go, the columns on a resize."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from retro.domain.kata import Experiment
from retro.i18n import t

# Status as shown, and the marker for the learner's "as expected?" answer.
ANSWER_MARK = {"yes": "=", "partly": "≈", "no": "≠"}
AMENDED_MARK = "✎"

FIXED = {"n": 3, "day": 5, "status": 10}
COLUMNS = ("n", "day", "status", "step", "expectation", "happened", "learned")
SHARES = (("step", 26), ("expectation", 26), ("happened", 24), ("learned", 24))
MIN_TEXT = 8
TALL_ROWS_FROM = (120, 36)  # width, height of the terminal


def column_widths(total: int) -> dict[str, int]:
    """Fixed columns for number, day and status; the four texts share what is left."""
    padding = 2 * (len(FIXED) + len(SHARES))  # DataTable's cell padding, one each side
    free = max(total - sum(FIXED.values()) - padding - 1, MIN_TEXT * len(SHARES))
    widths = dict(FIXED)
    for key, share in SHARES:
        widths[key] = max(MIN_TEXT, free * share // 100)
    return widths


def _cell(text: str, style: str = "", wrap: bool = False) -> Text:
    # User text as a rich Text, never a str: DataTable would parse a str as markup.
    return Text(" ".join(text.split()), style=style, no_wrap=not wrap, overflow="ellipsis", end="")


def status_cell(e: Experiment, today: date, warning: str) -> Text:
    status = e.status_on(today)
    label = t(status)
    if status == "done" and e.as_expected:
        label += " " + ANSWER_MARK[e.as_expected]
    style = {"running": f"bold {warning}", "planned": "", "done": "dim", "abandoned": "dim strike"}[status]
    return _cell(label, style)


def row_cells(n: int, e: Experiment, today: date, warning: str, wrap: bool = False) -> tuple[Text, ...]:
    day = Text(e.go_and_see_on.strftime("%m-%d"), no_wrap=True, end="",
               style=f"bold {warning}" if e.is_open and e.go_and_see_on <= today else "")
    expectation = Text(no_wrap=not wrap, overflow="ellipsis", end="")
    if e.amendments_of("expectation") or e.is_amended:
        expectation.append(f"{AMENDED_MARK}{len(e.amendments)} ", style=f"bold {warning}")
    expectation.append(" ".join(e.expectation.split()))
    if e.status == "abandoned":
        happened = _cell(t("Abandoned: {reason}", reason=e.abandon_reason), "italic dim", wrap)
    else:
        happened = _cell(e.happened, wrap=wrap)
    return (Text(str(n), style="dim", end=""), day, status_cell(e, today, warning), _cell(e.current("step"), wrap=wrap),
            expectation, happened, _cell(e.learned, wrap=wrap))


class RecordTable(DataTable):
    """Rows keyed by experiment id, so the cursor stays on the same experiment after a change."""

    DEFAULT_CSS = """
    RecordTable { height: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        self._drawn: dict[tuple[Any, ...], tuple[object, Any]] = {}  # see _render_cell
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        self._ids: list[str] = []
        self._width = 0
        self._tall = False
        self._rows: list[Experiment] = []
        self._cells: list[tuple[Any, ...]] = []  # what each row shows, to compare with the next
        self._today: date | None = None

    @property
    def experiment_ids(self) -> list[str]:
        return list(self._ids)

    def highlighted_id(self) -> str | None:
        if not self._ids or self.cursor_row < 0 or self.cursor_row >= len(self._ids):
            return None
        return self._ids[self.cursor_row]

    def show(self, experiments: list[Experiment], today: date, keep: str | None = None) -> None:
        """Show this record; the cursor stays on `keep` (or the current row's experiment)."""
        keep = keep or self.highlighted_id()
        rows = list(experiments)
        same_columns = bool(self.columns) and self._width == self._current_width() and self._tall == self._is_tall()
        same_rows = same_columns and self._today == today and [e.id for e in rows] == self._ids
        self._rows, self._today = rows, today
        if not same_rows:
            self._rebuild(keep, columns=not same_columns)
            return
        # The same experiments in the same order: only the cells that show something new change.
        cells = self._all_cells()
        for row, (old, new) in enumerate(zip(self._cells, cells)):
            if old == new:
                continue
            row_key = self._ids[row]
            for key, (before, after) in zip(COLUMNS, zip(old, new)):
                if before != after:
                    self.update_cell(row_key, key, after[0])
        self._cells = cells
        if keep in self._ids and self._ids.index(keep) != self.cursor_row:
            self.move_cursor(row=self._ids.index(keep), animate=False)

    def _current_width(self) -> int:
        return self.size.width or self.app.size.width

    def _is_tall(self) -> bool:
        # A large screen shows two lines of each text; a small one keeps every step on one line.
        return self._current_width() >= TALL_ROWS_FROM[0] and self.app.size.height >= TALL_ROWS_FROM[1]

    def _all_cells(self) -> list[tuple[Any, ...]]:
        """Each row's cells, each as (Text, what it looks like): rich's Text compares its text and
        spans but not its own style, which is how a day that has come is marked."""
        warning = self.app.current_theme.warning or "yellow"
        today = self._today or date.today()
        return [tuple((cell, (cell.plain, str(cell.style), tuple(cell.spans)))
                      for cell in row_cells(i, e, today, warning, wrap=self._tall))
                for i, e in enumerate(self._rows, 1)]

    def _rebuild(self, keep: str | None, columns: bool = True) -> None:
        self.clear(columns=columns)
        if columns:
            width = self._current_width()
            self._width, self._tall = width, self._is_tall()
            widths = column_widths(width)
            labels = {"n": "#", "day": t("Day"), "status": t("Status"), "step": t("What will be done"),
                      "expectation": t("What we expect"), "happened": t("What happened"),
                      "learned": t("What was learned")}
            for key in COLUMNS:
                self.add_column(labels[key], width=widths[key], key=key)
        # Keep the Text of every cell that looks the same as before: its drawing is kept with it.
        before = {} if columns else {exp_id: cells for exp_id, cells in zip(self._ids, self._cells)}
        self._cells = [tuple(old if old[1] == new[1] else new for old, new in zip(before[e.id], cells))
                       if e.id in before else cells for e, cells in zip(self._rows, self._all_cells())]
        height = 2 if self._tall else 1
        for e, cells in zip(self._rows, self._cells):
            self.add_row(*(cell for cell, _ in cells), height=height, key=e.id)
        self._ids = [e.id for e in self._rows]
        if keep in self._ids:
            self.move_cursor(row=self._ids.index(keep), animate=False)
        elif self._ids:
            # The newest step is the one the leader is working on: start at the first open one.
            open_rows = [i for i, e in enumerate(self._rows) if e.is_open]
            self.move_cursor(row=open_rows[0] if open_rows else len(self._ids) - 1, animate=False)

    # -- drawing ----------------------------------------------------------------------------

    def _render_cell(self, row_index: int, column_index: int, base_style: Any, width: int,
                     cursor: bool = False, hover: bool = False) -> Any:
        """DataTable keys its drawn cells on a counter that every added row or changed cell
        moves on, and drops them all when rows are cleared, so planning one experiment redraws
        every cell of the record (rich wraps each one: most of a save's frame). Here a drawn cell
        is kept for as long as the cell's own object is in the table (a changed cell is a new
        Text), keyed on everything that decides how it is drawn: its styles as they are now
        (so no style change can leave it stale), size and position (what is drawn carries the
        row for the mouse)."""
        if row_index < 0 or column_index < 0:  # the header and row labels: as DataTable does
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cell = self._data[row_key][column_key]
        styles = self._get_styles_to_render_cell(
            False, False, row_index < self.fixed_rows or column_index < self.fixed_columns, hover, cursor,
            self.show_cursor, self._show_hover_cursor, self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css")
        key = (row_index, row_key, column_key, width, base_style, styles, self.rows[row_key].height)
        hit = self._drawn.get(key)
        if hit is not None and hit[0] is cell:  # the cache holds the cell, so its id is never reused
            return hit[1]
        lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        if len(self._drawn) > 4000:
            self._drawn.clear()
        self._drawn[key] = (cell, lines)
        return lines

    def on_resize(self) -> None:
        if self.size.width and self.size.width != self._width and self._today is not None:
            self._rebuild(self.highlighted_id())
