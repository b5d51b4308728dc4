"""Property: a valid backup, mutated in any way (a field dropped, a value of the wrong type, a
number out of range, text full of control characters, dates at the ends of the calendar,
nesting hundreds deep, any JSON at all), is either restored exactly (less the control
characters) or refused with exit 2 and the store unchanged; and after a restore no command
raises: the lists, every retro shown, every export."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from retro.cli.main import main
from retro.export.json_backup import export_json
from retro.store import Repository
from tests.text_support import without_controls
from tests.unit.test_export_common import story

NOW = story().data().now


def _backup() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        repo = Repository.open(Path(tmp) / "src.json")
        repo.add(*story().objects())
        return json.loads(export_json(repo.raw(), NOW))


GOOD = _backup()


def _paths(value: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the tables a value sits (a document, a field, an element), as a path."""
    found = [at] if at else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*at, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            found += _paths(inner, (*at, i))
    return found


PATHS = _paths(GOOD["tables"])

# Text a user could never type but a file can hold.
TEXT = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(categories=["Cc", "Cf"]), max_size=6),
    st.sampled_from(["", " ", "=SUM(A1)", "[red]x[/red]", "\x1b]52;c;eA==\x07", "th-1", "it-1", "rt-1", "ex-1",
                     "tc-2", "ob-1", "running", "closed", "done", "planned", "active", "yes", "expectation"]),
    st.integers(1, 8).map(lambda n: "x" * (2000 * n)),
)
DATES = st.dates().map(lambda d: d.isoformat())  # year 1 to 9999
TIMES = st.datetimes().map(lambda d: d.isoformat())
INTS = st.one_of(st.integers(-3, 30), st.integers(-(2**63), 2**64 - 1))
FLOATS = st.floats(allow_nan=False, allow_infinity=False)
SCALARS = st.one_of(st.none(), st.booleans(), INTS, FLOATS, TEXT, DATES, TIMES)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
                    max_leaves=8)


def _deep(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value] if depth % 2 else {"k": value}
    return value


def _like(value: Any) -> st.SearchStrategy[Any]:
    """A value of the same JSON type, as odd as the type allows."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return INTS
    if isinstance(value, float):
        return FLOATS
    if isinstance(value, str):
        return st.one_of(TEXT, DATES, TIMES)
    if isinstance(value, list):
        return st.lists(st.one_of(TEXT, SCALARS), max_size=4)
    if isinstance(value, dict):
        return st.dictionaries(TEXT, st.one_of(SCALARS, st.lists(TEXT, max_size=3)), max_size=3)
    return SCALARS


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    data = json.loads(json.dumps(GOOD))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        parent: Any = data["tables"]
        try:
            for step in path[:-1]:
                parent = parent[step]
            current = parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced the way there
        how = draw(st.sampled_from(["drop", "same type", "same type", "any JSON", "deep"]))
        if how == "drop":
            if isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent.pop(path[-1])
        elif how == "same type":
            parent[path[-1]] = draw(_like(current))
        elif how == "any JSON":
            parent[path[-1]] = draw(JSON)
        else:
            parent[path[-1]] = _deep(draw(st.sampled_from([20, 300, 900])))
    return data



def _by_id(docs: dict[str, Any]) -> dict[str, Any]:
    return {doc["id"]: doc for doc in docs.values()}


def _run(*args: str) -> int:
    """The real entry point, in-process: any exception it lets out fails the test."""
    return main(list(args))


@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=mutated())
def test_a_mutated_backup_is_restored_exactly_or_refused_and_nothing_crashes_after(
    data: dict[str, Any], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        backup = folder / "backup.json"
        try:
            backup.write_text(json.dumps(data), encoding="utf-8")
        except RecursionError:
            return  # Python's own json cannot write it; orjson's depth limit is tested by hand
        store = folder / "store.json"
        Repository.open(store)
        before = store.read_bytes()
        code = _run("--db", str(store), "import", str(backup))
        err = capsysbinary.readouterr().err.decode("utf-8")
        assert code in (0, 2), err
        event("refused" if code == 2 else "restored")
        if code == 2:
            assert len(err.strip().splitlines()) == 1, err
            assert store.read_bytes() == before and Repository.open(store).is_empty()
            return
        # Exactly the same records (the store numbers them by the month files they fall in).
        restored = {k: v for k, v in Repository.open(store).raw().items() if k != "meta"}
        expected = without_controls({t: data["tables"].get(t, {}) for t in restored})
        for table in restored:
            assert _by_id(restored[table]) == _by_id(expected[table]), table
        retro_ids = [d["id"] for d in restored["retros"].values()]
        commands = [["retros", "list"], ["retros", "list", "--json"], ["kata", "list"], ["kata", "list", "--json"],
                    *(["retros", "show", rid] for rid in retro_ids),
                    *(["export", "--to", target] for target in ("jrnl", "json", "csv", "ics")),
                    ["export", "--to", "markdown", "-o", str(folder / "notes")]]
        for args in commands:
            code = _run("--db", str(store), *args)
            err = capsysbinary.readouterr().err.decode("utf-8")
            assert code in (0, 2), (args, err)
