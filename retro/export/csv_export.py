"""Experiments as CSV rows for spreadsheets: one row per experiment, every field.

RFC 4180 quoting (the csv module's: commas, quotes and line breaks inside a field survive),
CRLF between rows. The text is UTF-8; a file written for a spreadsheet starts with a byte-order
mark, because that is how Excel knows the file is UTF-8 (without it, å, ä and ö come out
garbled); stdout gets none, for scripts. Amendments are a JSON list in their own column, so
nothing of the record is lost and the original expectation stays in `expectation`.

No cell can be a formula: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and
some also after a tab or carriage return), so such a cell gets a leading `'` (OWASP's rule for
CSV injection), which the spreadsheet shows as text. Every cell is text we were given or an id,
a date or a count: none is a negative number, so no number loses its sign to the rule.
"""

from __future__ import annotations

import csv
import dataclasses
import io

import orjson

from retro.domain.codec import to_dict
from retro.domain.kata import Experiment
from retro.export.common import ExportData


def _columns() -> list[str]:
    """Every field of Experiment, in its order (so a new field is never left out), with the
    target condition's title, the obstacle's text and the number of amendments beside them."""
    columns: list[str] = []
    for f in dataclasses.fields(Experiment):
        if f.name == "amendments":
            columns.append("amendment_count")
        columns.append(f.name)
        if f.name == "target_condition_id":
            columns.append("target_condition")
        if f.name == "obstacle_id":
            columns.append("obstacle")
    return columns


COLUMNS = _columns()
BOM = "\ufeff"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: str) -> str:
    """A value as a CSV cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _row(ex: Experiment, data: ExportData) -> list[str]:
    tc = data.target_condition_of(ex)
    obstacle = data.obstacles.get(ex.obstacle_id) if ex.obstacle_id else None
    plain = to_dict(ex)
    values = {
        **{k: "" if v is None else v for k, v in plain.items() if not isinstance(v, list)},
        "target_condition": tc.title if tc else "",
        "obstacle": obstacle.text if obstacle else "",
        "amendment_count": str(len(ex.amendments)),
        "amendments": orjson.dumps(plain["amendments"]).decode() if ex.amendments else "",
        "item_ids": " ".join(ex.item_ids),
    }
    return [cell(str(values.get(column, ""))) for column in COLUMNS]


def export_csv(data: ExportData) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_row(ex, data) for ex in data.experiments)
    return out.getvalue()
