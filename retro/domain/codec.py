"""Domain objects to plain JSON-able dicts and back.

One codec serves the store, the JSON export/backup and every `--json` on the command line, so
the three can never disagree on a field name. Dates and times are ISO strings.

Both directions are compiled once per dataclass into a small function (field names and
converters written out), because they run on every save and every read: a five-year log is
3,000 experiments and 5,000 items, and the generic walk cost ~40 µs an experiment. The rules
are those of the generic walk, which remains the fallback for anything unusual.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
_SCALARS = frozenset({str, int, float, bool, type(None)})


def to_dict(obj: Any) -> Any:
    kind = type(obj)
    if kind in _SCALARS:
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _encoder(kind)(obj)
    if isinstance(obj, datetime):
        return obj.isoformat(timespec="seconds")
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [v if type(v) in _SCALARS else to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): v if type(v) in _SCALARS else to_dict(v) for k, v in obj.items()}
    return obj


@cache
def _encoder(cls: type) -> Callable[[Any], dict[str, Any]]:
    """`to_dict` for instances of one dataclass: every field, scalars as they are."""
    env: dict[str, Any] = {"S": _SCALARS, "g": to_dict, "type": type}
    parts = [f"{f.name!r}: (v if type(v := obj.{f.name}) in S else g(v))" for f in dataclasses.fields(cls)]
    exec(f"def encode(obj):\n    return {{{', '.join(parts)}}}", env)  # noqa: S102 - our own field names
    return env["encode"]  # type: ignore[no-any-return]


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _converter(tp: Any) -> Callable[[Any], Any] | None:
    """How a JSON value becomes a value of type `tp` (never called with None); None = as it is."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _converter(args[0]) if len(args) == 1 else None
    if tp is datetime:
        return datetime.fromisoformat
    if tp is date:
        return date.fromisoformat
    if origin is list:
        (arg,) = typing.get_args(tp) or (Any,)
        each = _converter(arg)
        if each is None:
            return lambda value: [v for v in value]
        return lambda value: [None if v is None else each(v) for v in value]
    if origin is dict:
        args = typing.get_args(tp)
        each = _converter(args[1]) if len(args) == 2 else None
        if each is None:
            return lambda value: {k: v for k, v in value.items()}
        return lambda value: {k: None if v is None else each(v) for k, v in value.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return lambda value: _decoder(tp)(value)  # looked up late: a dataclass may contain itself
    return None


@cache
def _decoder(cls: type) -> Callable[[dict[str, Any]], Any]:
    """`from_dict` for one dataclass: known keys converted by their type hints, others ignored."""
    hints = _hints(cls)
    env: dict[str, Any] = {"cls": cls}
    lines = ["def decode(data):", "    kw = {}"]
    for n, f in enumerate(dataclasses.fields(cls)):
        conv = _converter(hints[f.name])
        lines.append(f"    if {f.name!r} in data:")
        if conv is None:
            lines.append(f"        kw[{f.name!r}] = data[{f.name!r}]")
        else:
            env[f"c{n}"] = conv
            lines.append(f"        v = data[{f.name!r}]")
            lines.append(f"        kw[{f.name!r}] = None if v is None else c{n}(v)")
    lines.append("    return cls(**kw)")
    exec("\n".join(lines), env)  # noqa: S102 - our own field names
    return env["decode"]  # type: ignore[no-any-return]


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build `cls` from a dict, ignoring keys it does not know (written by a newer minor version)."""
    return _decoder(cls)(data)  # type: ignore[no-any-return]
