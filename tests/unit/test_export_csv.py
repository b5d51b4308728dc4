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
                assert row[name] == ("" if value is None else str(value)), name
        tc = s.data().target_condition_of(ex)
        assert row["target_condition"] == (tc.title if tc else "")
        assert row["amendment_count"] == str(len(ex.amendments))


def test_every_field_of_every_experiment() -> None:
    check({})
    header = next(csv.reader(io.StringIO(export_csv(story().data()))))
    assert header == COLUMNS
    assert {f.name for f in dataclasses.fields(Experiment)} <= set(header)


def test_commas_quotes_and_newlines_survive() -> None:
    check({"step": 'Ask "Anna", then Bo', "expectation": "line one\r\nline two\nåäö 😀", "owner": "=SUM(A1)",
           "amended": "a,b;c\"d"})


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
