"""The experimenting record as a table: one row per experiment, expectation beside outcome,
amendments marked, under a header line of the same columns (`header`, shown by the screen).

A virtual list of ready-made rows (an ItemList), not a DataTable: a DataTable draws every
visible cell through Rich again whenever a row is added or the table is shown anew (most of
the time of planning an experiment, and of coming back to the Now tab); a row here is one
Content, drawn once and kept until the experiment, its number in the record, the day or the
width changes.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date

from textual.content import Content
from textual.message import Message

from retro.domain.kata import Experiment
from retro.i18n import t
from retro.tui.ui import literal
from retro.tui.widgets.columns import GAP, cell, row, split_cells
from retro.tui.widgets.item_list import ItemList, Row

# Status as shown, and the marker for the learner's "as expected?" answer.
ANSWER_MARK = {"yes": "=", "partly": "≈", "no": "≠"}
AMENDED_MARK = "✎"

FIXED = {"n": 3, "day": 5, "status": 10}
COLUMNS = ("n", "day", "status", "step", "expectation", "happened", "learned")
SHARES = (("step", 26), ("expectation", 26), ("happened", 24), ("learned", 24))
MIN_TEXT = 8
# At a narrow width the columns go rather than all shrinking to a few letters each: first what
# happened and was learned (the detail below the record shows both), then the number. Step and
# expectation keep at least READABLE cells each while they can; a 100-column terminal keeps all.
ALL_FROM = 15  # cells each of the four texts gets before all seven columns are shown
READABLE = 25
NARROW = (("n", "day", "status", "step", "expectation"), ("day", "status", "step", "expectation"))
TALL_ROWS_FROM = (120, 36)  # width, height of the terminal


def _free(total: int, keys: tuple[str, ...]) -> int:
    """What the texts among `keys` share of `total`: the rest of the fixed columns and gaps."""
    return total - sum(FIXED[k] for k in keys if k in FIXED) - len(GAP) * (len(keys) - 1)


def column_widths(total: int) -> dict[str, int]:
    """Fixed columns for number, day and status; the texts share what is left. A column left
    out at this width has 0 (and no gap)."""
    widths = dict.fromkeys(COLUMNS, 0)
    free = _free(total, COLUMNS)
    if free * min(share for _, share in SHARES) // 100 >= ALL_FROM:
        widths.update(FIXED)
        for key, share in SHARES:
            widths[key] = free * share // 100
        return widths
    keys = next((keys for keys in NARROW if _free(total, keys) // 2 >= READABLE), NARROW[-1])
    free = max(_free(total, keys), 2 * MIN_TEXT)
    widths.update({key: FIXED[key] for key in keys if key in FIXED})
    widths["step"] = free // 2
    widths["expectation"] = free - free // 2
    return widths


def shown(widths: dict[str, int]) -> list[str]:
    """The columns shown at these widths, in order."""
    return [key for key in COLUMNS if widths[key]]


def header(widths: dict[str, int]) -> Content:
    labels = {"n": "#", "day": t("Day"), "status": t("Status"), "step": t("What will be done"),
              "expectation": t("What we expect"), "happened": t("What happened"), "learned": t("What was learned")}
    return row([cell(labels[key], widths[key]) for key in shown(widths)]).stylize("bold")


def status_label(e: Experiment, today: date) -> str:
    status = e.status_on(today)
    label = t(status)
    if status == "done" and e.as_expected:
        label += " " + ANSWER_MARK[e.as_expected]
    return label


STATUS_STYLE = {"running": "bold $warning", "planned": "", "done": "dim", "abandoned": "dim strike"}


Cells = dict[str, tuple[Hashable, list[Content]]]


def record_row(n: int, e: Experiment, today: date, widths: dict[str, int], lines: int,
               made: Cells | None = None) -> Row:
    """A row of the record. `made`: the cells of each experiment's row apart from its number,
    kept by what they show: a step planned before others renumbers them, and only the number
    is made again (a row's cells are wrapped text, the costly part)."""
    status = e.status_on(today)
    day_come = e.is_open and e.go_and_see_day <= today
    amended = bool(e.amendments_of("expectation")) or e.is_amended
    shows: Hashable = (e.go_and_see_on, status, e.as_expected, e.current("step"), e.expectation, amended,
                       len(e.amendments), e.happened, e.learned, e.abandon_reason, day_come,
                       tuple(widths.items()), lines)

    def cells() -> list[Content]:
        made: dict[str, list[Content]] = {}
        keys = shown(widths)
        if "day" in keys:
            made["day"] = cell(e.go_and_see_day.strftime("%m-%d"), widths["day"], lines, "bold $warning" if day_come else "")
        if "status" in keys:
            made["status"] = cell(status_label(e, today), widths["status"], lines, STATUS_STYLE[status])
        if "step" in keys:
            made["step"] = cell(e.current("step"), widths["step"], lines)
        if "expectation" in keys:
            expectation = literal(" ".join(e.expectation[: 4 * widths["expectation"] * lines + 16].split()))
            if amended:
                expectation = Content.assemble((f"{AMENDED_MARK}{len(e.amendments)} ", "bold $warning"), expectation)
            made["expectation"] = cell(expectation, widths["expectation"], lines)
        if "happened" in keys:
            if e.status == "abandoned":
                made["happened"] = cell(t("Abandoned: {reason}", reason=e.abandon_reason), widths["happened"], lines,
                                        "italic dim")
            else:
                made["happened"] = cell(e.current("happened"), widths["happened"], lines)
        if "learned" in keys:
            made["learned"] = cell(e.current("learned"), widths["learned"], lines)
        return [made[key] for key in keys if key != "n"]

    def prompt() -> Content:
        kept = made.get(e.id) if made is not None else None
        if kept is None or kept[0] != shows:
            kept = (shows, cells())
            if made is not None:
                made[e.id] = kept
        number = [cell(str(n), widths["n"], lines, "dim")] if widths["n"] else []
        return row([*number, *kept[1]])

    return Row(e.id, (n, shows), prompt)


class RecordTable(ItemList):
    """The record's rows, keyed by experiment id, so the cursor stays on the same experiment
    after a change. Focus shows in the cursor row only (see ItemList)."""

    class Refitted(Message):
        """The columns changed width (a resize): the header line above must follow."""

        def __init__(self, header: Content) -> None:
            super().__init__()
            self.header = header

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_shows_focus=True)
        self._rows: list[Experiment] = []
        self._today: date | None = None
        self._fit: tuple[int, int] = (0, 1)  # the width and the lines per row the rows were made for
        self._cells: Cells = {}  # see record_row
        self._header: tuple[Hashable, Content] | None = None

    @property
    def experiment_ids(self) -> list[str]:
        return self.ids

    @property
    def row_count(self) -> int:
        return self.option_count

    def widths(self) -> dict[str, int]:
        return column_widths(self._fit[0] or self.row_width())

    def header(self) -> Content:
        """The header line for these columns (made again only when they change: it is asked
        for after every change to the record)."""
        widths = self.widths()
        key = tuple(widths.items())
        if self._header is None or self._header[0] != key:
            self._header = (key, header(widths))
        return self._header[1]

    def cells(self, index: int) -> list[str]:
        """What each column of a row shows, as plain text (a tall row's two lines joined); "" for
        a column left out at this width."""
        widths = self.widths()
        lines = str(self.get_option_at_index(index).prompt).split("\n")
        columns: dict[str, list[str]] = {key: [] for key in COLUMNS}
        for line in lines:
            rest = line
            for key in shown(widths):
                text, rest = split_cells(rest, widths[key])
                columns[key].append(text.strip())
                rest = rest[len(GAP):]
        return [" ".join(part for part in columns[key] if part) for key in COLUMNS]

    def show(self, experiments: list[Experiment], today: date, keep: str | None = None) -> None:
        """Show this record; the cursor stays on `keep` (or on the experiment it is on). A row is
        drawn anew only when what it shows changed."""
        keep = keep or self.highlighted_id
        before = self.ids
        self._rows, self._today = list(experiments), today
        # Below ~68 columns the columns' minimums win and rows take two lines.
        self._fit = (self.row_width(), 2 if self._is_tall() else 1)
        widths, lines = column_widths(self._fit[0]), self._fit[1]
        if len(self._cells) > 4 * len(self._rows) + 64:  # another record in view: not kept for long
            self._cells.clear()
        self.sync([record_row(n, e, today, widths, lines, self._cells) for n, e in enumerate(self._rows, 1)])
        if keep is not None and keep in self.ids:
            self.highlight_id(keep)
        elif self.ids and self.ids != before:
            # The newest step is the one the leader is working on: start at the first open one.
            open_rows = [i for i, e in enumerate(self._rows) if e.is_open]
            self.highlighted = open_rows[0] if open_rows else len(self._rows) - 1

    def _is_tall(self) -> bool:
        # A large screen shows two lines of each text; a small one keeps every step on one line.
        return self.app.size.width >= TALL_ROWS_FROM[0] and self.app.size.height >= TALL_ROWS_FROM[1]

    def on_resize(self) -> None:
        if self._today is not None and (self.row_width(), 2 if self._is_tall() else 1) != self._fit:
            self.show(self._rows, self._today)
            self.post_message(self.Refitted(self.header()))
