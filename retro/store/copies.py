"""Fast independent copies of domain objects.

The repository keeps each document's domain object once it has converted it (converting thousands
of experiments from JSON costs far more than copying them), and hands out
copies: a caller that mutates what it got must never change what the next caller reads.
`copy.deepcopy` would do, but slowly; this copies only what can be mutated —
lists, dicts and nested dataclasses — with a copier chosen once per field from its type hint.
Strings, numbers, dates and times are immutable and shared.
"""

from __future__ import annotations

import copy
import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
_IMMUTABLE = frozenset({str, int, float, bool, type(None), date, datetime})
Copier = Callable[[Any], Any]


def _any(value: Any) -> Any:
    """Copy a value of unknown type: by what it is at run time."""
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is list:
        return [_any(v) for v in value]
    if kind is dict:
        return {k: _any(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return clone(value)
    return copy.deepcopy(value)


def _copier(tp: Any) -> Copier | None:
    """How to copy a value of type `tp`; None when it is immutable and can be shared."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        parts = [_copier(arg) for arg in typing.get_args(tp) if arg is not type(None)]
        if all(p is None for p in parts):
            return None
        if len(parts) == 1:
            inner = parts[0]
            return lambda v: None if v is None else inner(v)  # type: ignore[misc]
        return _any
    if tp in _IMMUTABLE:
        return None
    if origin is list:
        (arg,) = typing.get_args(tp) or (Any,)
        each = _copier(arg)
        if each is None:
            return list
        return lambda v: [each(x) for x in v] if v else []
    if origin is dict:
        args = typing.get_args(tp)
        each = _copier(args[1]) if len(args) == 2 else _any
        if each is None:
            return dict
        return lambda v: {k: each(x) for k, x in v.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _cloner(tp)
    return _any


@cache
def _cloner(cls: type) -> Copier:
    """A function that clones instances of the dataclass `cls`."""
    if "__slots__" in cls.__dict__ or not dataclasses.is_dataclass(cls):
        return copy.deepcopy
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation that cannot be resolved: copy by what the values are
        hints = {}
    plan = [(f.name, _copier(hints.get(f.name, Any))) for f in dataclasses.fields(cls)]
    plan = [(name, fn) for name, fn in plan if fn is not None]
    # One small function per class, written out: this runs 3,000 times for one `all()`, and a
    # loop over the plan costs half again as much as the straight-line code.
    env: dict[str, Any] = {"new": object.__new__, "set_state": object.__setattr__, "cls": cls}
    lines = ["def clone_one(obj):", "    state = obj.__dict__.copy()"]
    for n, (name, fn) in enumerate(plan):
        env[f"f{n}"] = fn
        lines.append(f"    value = state.get({name!r})")
        if fn is list:
            lines.append(f"    if value is not None: state[{name!r}] = value[:]")
        else:
            lines.append(f"    if value is not None: state[{name!r}] = f{n}(value)")
    lines += ["    twin = new(cls)", "    set_state(twin, '__dict__', state)", "    return twin"]
    exec("\n".join(lines), env)  # noqa: S102 - built only from field names of our own dataclasses
    clone_one: Copier = env["clone_one"]
    return clone_one


def clone(obj: T) -> T:
    """A copy of a domain object that shares nothing mutable with the original."""
    return _cloner(type(obj))(obj)  # type: ignore[no-any-return]
