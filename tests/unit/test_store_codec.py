"""The compiled codec gives exactly what the generic walk gave, on the five-year data set and on
generated objects; and the store's copies share nothing mutable with what it keeps."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retro.domain.codec import from_dict, to_dict
from retro.domain.kata import AMENDABLE_FIELDS, Amendment, Challenge, CoachingCycle, Experiment, Obstacle, TargetCondition
from retro.domain.retro import Item, Participant, PhaseTimer, Retro, Theme
from retro.store.copies import clone
from retro.store.repository import TABLE_OF

CLASSES = {table: cls for cls, table in TABLE_OF.items()}


# -- the reference: the generic walk the codec started as ---------------------------------------

def ref_to_dict(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: ref_to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, datetime):
        return obj.isoformat(timespec="seconds")
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [ref_to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): ref_to_dict(v) for k, v in obj.items()}
    return obj


def _ref_convert(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _ref_convert(args[0], value) if len(args) == 1 else value
    if tp is datetime:
        return datetime.fromisoformat(value)
    if tp is date:
        return date.fromisoformat(value)
    if origin is list:
        (arg,) = typing.get_args(tp) or (Any,)
        return [_ref_convert(arg, v) for v in value]
    if origin is dict:
        args = typing.get_args(tp)
        return {k: _ref_convert(args[1] if len(args) == 2 else Any, v) for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        return ref_from_dict(tp, value)
    return value


def ref_from_dict(cls: type, data: dict[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    return cls(**{f.name: _ref_convert(hints[f.name], data[f.name]) for f in dataclasses.fields(cls) if f.name in data})


# -- the five-year data set -------------------------------------------------------------------


@pytest.fixture(scope="module")
def five_years() -> dict[str, dict[str, dict]]:
    from tests.bench.generate import generate

    return generate(seed=11)


def test_the_five_year_data_decodes_and_encodes_as_before(five_years: dict[str, dict[str, dict]]) -> None:
    for table, docs in five_years.items():
        cls = CLASSES[table]
        for doc in list(docs.values())[::3]:  # a third of each table: every shape, a third of the time
            obj = from_dict(cls, doc)
            assert obj == ref_from_dict(cls, doc)
            assert to_dict(obj) == ref_to_dict(obj) == doc


def test_copies_are_equal_and_share_nothing_mutable(five_years: dict[str, dict[str, dict]]) -> None:
    for table, docs in five_years.items():
        for doc in list(docs.values())[:200]:
            obj = from_dict(CLASSES[table], doc)
            twin = clone(obj)
            assert twin == obj and type(twin) is type(obj)
            _assert_disjoint(obj, twin)


def _assert_disjoint(a: Any, b: Any) -> None:
    """No list, dict or dataclass reachable from `a` is the same object as its twin in `b`."""
    if isinstance(a, (list, dict)) or dataclasses.is_dataclass(a):
        assert a is not b, a
    if isinstance(a, list):
        for x, y in zip(a, b, strict=True):
            _assert_disjoint(x, y)
    elif isinstance(a, dict):
        for k in a:
            _assert_disjoint(a[k], b[k])
    elif dataclasses.is_dataclass(a):
        for f in dataclasses.fields(a):
            _assert_disjoint(getattr(a, f.name), getattr(b, f.name))


# -- generated objects, including the odd values the walk must keep handling ----------------------

TEXT = st.text(max_size=30)
WHEN = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(lambda d: d.replace(microsecond=0))
DAY = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))

RETROS = st.builds(
    Retro, id=TEXT, format_id=TEXT, team=TEXT, started_at=WHEN,
    participants=st.lists(st.builds(Participant, name=TEXT, remote=st.booleans()), max_size=3),
    items=st.lists(st.builds(Item, id=TEXT, column=TEXT, text=TEXT, created_at=st.none() | WHEN,
                             theme_id=st.none() | TEXT), max_size=4),
    themes=st.lists(st.builds(Theme, id=TEXT, title=TEXT), max_size=2),
    votes=st.dictionaries(TEXT, st.lists(TEXT, max_size=3), max_size=3),
    roti=st.dictionaries(TEXT, st.integers(1, 5), max_size=3),
    timers=st.dictionaries(TEXT, st.builds(PhaseTimer, seconds=st.integers(0, 9999),
                                           elapsed_s=st.floats(0, 1e6), running_since=st.none() | WHEN), max_size=2),
    closed_at=st.none() | WHEN,
)
EXPERIMENTS = st.builds(
    Experiment, id=TEXT, target_condition_id=st.none() | TEXT, step=TEXT, expectation=TEXT, go_and_see_on=DAY,
    amendments=st.lists(st.builds(Amendment, at=WHEN, field=st.sampled_from(AMENDABLE_FIELDS), text=TEXT, reason=TEXT), max_size=3),
    item_ids=st.lists(TEXT, max_size=3), locked_at=st.none() | WHEN, created_at=st.none() | WHEN,
)
OTHERS = st.one_of(
    st.builds(Challenge, id=TEXT, title=TEXT, created_at=st.none() | WHEN),
    st.builds(TargetCondition, id=TEXT, challenge_id=TEXT, title=TEXT, achieve_by=DAY, closed_at=st.none() | WHEN),
    st.builds(Obstacle, id=TEXT, target_condition_id=TEXT, text=TEXT),
    st.builds(CoachingCycle, id=TEXT, at=WHEN, target_condition_id=st.none() | TEXT, go_and_see_on=st.none() | DAY),
)


@settings(derandomize=True, database=None, max_examples=150, deadline=None)
@given(obj=st.one_of(RETROS, EXPERIMENTS, OTHERS))
def test_generated_objects_round_trip_like_the_reference(obj: Any) -> None:
    doc = to_dict(obj)
    assert doc == ref_to_dict(obj)
    assert from_dict(type(obj), doc) == ref_from_dict(type(obj), doc) == obj
    twin = clone(obj)
    assert twin == obj
    _assert_disjoint(obj, twin)


def test_unusual_values_follow_the_generic_rules() -> None:
    """Tuples become lists, keys become strings, unknown keys are ignored, None stays None where
    the type allows it (and only there: a null list would crash whatever reads it)."""
    assert to_dict({1: (date(2026, 1, 2), datetime(2026, 1, 2, 3, 4, 5, 678))}) == {"1": ["2026-01-02", "2026-01-02T03:04:05"]}
    ex = from_dict(Experiment, {"id": "ex-1", "target_condition_id": None, "step": "s", "expectation": "e",
                                "go_and_see_on": "2026-11-27", "from_a_newer_version": 1, "team": None})
    assert ex.team is None and ex.target_condition_id is None and ex.go_and_see_on == date(2026, 11, 27)
    with pytest.raises(ValueError, match="amendments: expected a list, found null"):
        from_dict(Experiment, {"id": "ex-1", "target_condition_id": None, "step": "s", "expectation": "e",
                               "go_and_see_on": "2026-11-27", "amendments": None})
    with pytest.raises(TypeError):
        from_dict(Experiment, {"id": "ex-1"})  # a required field missing, exactly as before
