"""Domain objects to plain JSON-able dicts and back, checked on the way in.

One codec serves the store, the JSON export/backup and every `--json` on the command line, so
the three can never disagree on a field name. Dates and times are ISO strings.

The schema is the dataclasses themselves: a field's type hint says what its JSON value must be
(text is a string, a whole number is an int and never true/false, a date parses, a date and
time parses and has no time zone: the store keeps local times), and `rule(...)` in a field's
metadata says what the domain allows beyond the type (a status from its tuple, a score 1–5, a
counter that is never negative). Decoding refuses anything else with `Invalid`, naming the
field; so a store read and an import refuse the same things, and a value of the wrong kind
never reaches a screen or an export.

Both directions are compiled once per dataclass into a small function (field names, checks and
converters written out), because they run on every save and every read: a five-year log is
3,000 experiments and 5,000 items. Anything the compiler does not know (an unusual hint) is
passed as it is, as the generic walk always did.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from functools import cache
from typing import Any, TypeVar

from retro.domain.text import visible_name

T = TypeVar("T")
_SCALARS = frozenset({str, int, float, bool, type(None)})
_MISSING = object()


# -- what a field may hold beyond its type ----------------------------------------------------

def rule(*, one_of: Iterable[str] | None = None, least: float | None = None, most: float | None = None,
         limit: int | None = None) -> dict[str, Any]:
    """A field's metadata: `field(default=..., metadata=rule(...))`.

    `one_of` the texts allowed, `least`/`most` the bounds of a number; both apply to every value
    of the field (each element of a list, each value of a dict). `limit` is the longest text the
    domain accepts at entry: it is not checked on a read (older data over a limit still loads),
    only reported, by `too_long`, to an import that warns about it.
    """
    found: dict[str, Any] = {}
    if one_of is not None:
        found["one_of"] = tuple(one_of)
    if least is not None:
        found["least"] = least
    if most is not None:
        found["most"] = most
    if limit is not None:
        found["limit"] = limit
    return found


class Invalid(TypeError, ValueError):
    """A value the schema does not allow. `where` is the path to it (`items[2].text`),
    `expected` an English phrase with `{params}` (translated by the caller, if it wishes),
    `found` the value itself. A TypeError as a missing field always was, and a ValueError as a
    date that does not parse always was."""

    def __init__(self, expected: str, found: Any = _MISSING, **params: Any) -> None:
        self.expected = expected
        self.params = params
        self.found = found
        self.path: list[str] = []
        super().__init__(expected)

    def inside(self, step: str | int) -> Invalid:
        """The same error, one level further out: in a field (its name) or a list (an index)."""
        self.path.append(f"[{step}]" if isinstance(step, int) else step)
        return self

    def keyed(self, key: str) -> Invalid:
        """The same error, one level further out: under a key of a dict (`roti["Ann"]`)."""
        self.path.append(f"[{shown(key)}]")
        return self

    @property
    def where(self) -> str:
        out = ""
        for step in reversed(self.path):
            out += step if step.startswith("[") or not out else "." + step
        return out

    @property
    def what(self) -> str:
        return self.expected.format(**self.params) if self.params else self.expected

    @property
    def missing(self) -> bool:
        return self.found is _MISSING

    def __str__(self) -> str:
        where = f"{self.where}: " if self.path else ""
        if self.missing:
            return f"{where}missing, expected {self.what}"
        return f"{where}expected {self.what}, found {shown(self.found)}"


def shown(value: Any) -> str:
    """A value as an error message may show it: short, on one line, no control character."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:39] + "…"
        text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        return f'"{visible_name(text)}"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = repr(value)
        return text if len(text) <= 40 else text[:39] + "…"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# -- encoding ---------------------------------------------------------------------------------

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


# -- decoding, with the checks ----------------------------------------------------------------

@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _optional(tp: Any) -> tuple[Any, bool]:
    """(the type without None, whether None is allowed); (None, True) for a union we do not check."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        allows_none = len(args) < len(typing.get_args(tp))
        return (args[0] if len(args) == 1 else None), allows_none
    return tp, False


def _number_words(kind: str, rules: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    least, most = rules.get("least"), rules.get("most")
    if least is not None and most is not None:
        return kind + " {least}–{most}", {"least": least, "most": most}
    if least is not None:
        return kind + " ≥ {least}", {"least": least}
    if most is not None:
        return kind + " ≤ {most}", {"most": most}
    return kind, {}


def _scalar(tp: Any, rules: dict[str, Any], key: str,
            var: str = "v") -> tuple[str, dict[str, Any], str, dict[str, Any]] | None:
    """For a plain value (text, a number, true/false): a Python expression in `var` that is True
    when the value is NOT allowed, the constants it uses (named after `key`), and what is
    expected. Written out, not called: most fields of every document are plain."""
    least, most = rules.get("least"), rules.get("most")
    if tp is str:
        if "one_of" in rules:
            words = ", ".join(f'"{v}"' for v in rules["one_of"])
            return (f"type({var}) is not str or {var} not in {key}", {key: frozenset(rules["one_of"])},
                    "one of {choices}", {"choices": words})
        return f"type({var}) is not str", {}, "text", {}
    if tp is bool:
        return f"type({var}) is not bool", {}, "true or false", {}
    if tp in (int, float):
        bad = f"type({var}) is not int" if tp is int else f"(type({var}) is not int and type({var}) is not float)"
        consts: dict[str, Any] = {}
        if least is not None:
            bad += f" or {var} < {key}_least"
            consts[f"{key}_least"] = least
        if most is not None:
            bad += f" or {var} > {key}_most"
            consts[f"{key}_most"] = most
        words, params = _number_words("a whole number" if tp is int else "a number", rules)
        return bad, consts, words, params
    return None


def _plain_check(tp: Any, rules: dict[str, Any]) -> tuple[Callable[[Any], bool], Callable[[Any], Invalid]] | None:
    """`_scalar` as a function, for the values inside a list or a dict: (allowed, error)."""
    found = _scalar(tp, rules, "k")
    if found is None:
        return None
    bad, consts, expected, params = found
    allowed = eval(f"lambda v: not ({bad})", {"type": type, **consts})  # noqa: S307 - our own expression
    return allowed, lambda value: Invalid(expected, value, **params)


# What a date or a time must be, as the messages say it.
WHEN = "a date and time (YYYY-MM-DDTHH:MM:SS)"
DAY = "a date (YYYY-MM-DD)"
ZONED = "a local date and time, without a time zone"


def _datetime(value: Any) -> datetime:
    if type(value) is str:
        try:
            found = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            if found.tzinfo is None:
                return found
            raise Invalid(ZONED, value)
    raise Invalid(WHEN, value)


def _date(value: Any) -> date:
    if type(value) is str:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise Invalid(DAY, value)


Converter = Callable[[Any], Any]


def _converter(tp: Any, rules: dict[str, Any]) -> Converter | None:
    """How a JSON value becomes a value of type `tp`, not None (which the caller handles):
    returns it or raises Invalid. None for a type the codec does not check."""
    plain = _plain_check(tp, rules)
    if plain is not None:
        allowed, error = plain

        def convert(value: Any) -> Any:
            if allowed(value):
                return value
            raise error(value)

        return convert
    if tp is datetime:
        return _datetime
    if tp is date:
        return _date
    origin = typing.get_origin(tp)
    if origin is list:
        (arg,) = typing.get_args(tp) or (Any,)
        return _list_of(arg, rules)
    if origin is dict:
        args = typing.get_args(tp)
        return _dict_of(args[1] if len(args) == 2 else Any, rules)
    if _is_dataclass(tp):
        return lambda value: _decoder(tp)(value)  # looked up late: a dataclass may contain itself
    return None


def _element(arg: Any, rules: dict[str, Any]) -> Converter | None:
    """One element of a list or value of a dict, as a converter (None: kept as it is)."""
    base, allows_none = _optional(arg)
    if base is None or base is Any:
        return None
    convert = _converter(base, rules)
    if convert is None or not allows_none:
        return convert
    inner = convert
    return lambda value: None if value is None else inner(value)


def _plain_types(arg: Any, rules: dict[str, Any]) -> frozenset[type] | None:
    """The types a list or dict of plain values may hold, when a type test is the whole check
    (then a whole list is checked at C speed); None when each value needs more."""
    if rules.get("one_of") is not None or "least" in rules or "most" in rules:
        return None
    base, allows_none = _optional(arg)
    found = {str: {str}, bool: {bool}, int: {int}, float: {int, float}}.get(base)
    if found is None:
        return None
    return frozenset(found | ({type(None)} if allows_none else set()))


def _is_dataclass(tp: Any) -> bool:
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


def _list_of(arg: Any, rules: dict[str, Any]) -> Converter:
    each = _element(arg, rules)
    plain = _plain_types(arg, rules)

    def _find(value: list[Any]) -> Invalid:
        for i, v in enumerate(value):
            try:
                each(v)  # type: ignore[misc]
            except Invalid as exc:
                return exc.inside(i)
        return Invalid("a list", value)  # not reached: the caller saw an element fail

    if each is None:
        def convert(value: Any) -> list[Any]:
            if type(value) is not list:
                raise Invalid("a list", value)
            return value[:]
    elif plain is not None:
        def convert(value: Any) -> list[Any]:
            if type(value) is not list:
                raise Invalid("a list", value)
            if value and not set(map(type, value)) <= plain:
                raise _find(value)
            return value[:]
    elif _is_dataclass(arg):
        def convert(value: Any) -> list[Any]:
            if type(value) is not list:
                raise Invalid("a list", value)
            decode = _decoder(arg)  # once per list, not once per element
            try:
                return [decode(v) for v in value]
            except Invalid:
                raise _find(value) from None
    else:
        def convert(value: Any) -> list[Any]:
            if type(value) is not list:
                raise Invalid("a list", value)
            try:
                return [each(v) for v in value]
            except Invalid:
                raise _find(value) from None

    return convert


def _dict_of(arg: Any, rules: dict[str, Any]) -> Converter:
    each = _element(arg, rules)
    plain = _plain_types(arg, rules)

    def _find(value: dict[str, Any]) -> Invalid:
        for k, v in value.items():
            try:
                each(v)  # type: ignore[misc]
            except Invalid as exc:
                return exc.keyed(k)
        return Invalid("an object", value)  # not reached

    if each is None:
        def convert(value: Any) -> dict[str, Any]:
            if type(value) is not dict:
                raise Invalid("an object", value)
            return dict(value)
    elif plain is not None:
        def convert(value: Any) -> dict[str, Any]:
            if type(value) is not dict:
                raise Invalid("an object", value)
            if value and not set(map(type, value.values())) <= plain:
                raise _find(value)
            return dict(value)
    elif _is_dataclass(arg):
        def convert(value: Any) -> dict[str, Any]:
            if type(value) is not dict:
                raise Invalid("an object", value)
            decode = _decoder(arg)
            try:
                return {k: decode(v) for k, v in value.items()}
            except Invalid:
                raise _find(value) from None
    else:
        def convert(value: Any) -> dict[str, Any]:
            if type(value) is not dict:
                raise Invalid("an object", value)
            try:
                return {k: each(v) for k, v in value.items()}
            except Invalid:
                raise _find(value) from None

    return convert


def _expected_of(tp: Any, rules: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """What a missing field should have held, for the message: (phrase, its parameters)."""
    found = _scalar(tp, rules, "k")
    if found is not None:
        return found[2], found[3]
    if tp is datetime:
        return WHEN, {}
    if tp is date:
        return DAY, {}
    return {list: "a list", dict: "an object"}.get(typing.get_origin(tp), "an object"), {}


def _failure(name: str, expected: str, params: dict[str, Any]) -> Callable[[Any], Invalid]:
    """The error for a bad value of field `name` (`_MISSING` when it is not there)."""
    return lambda value: Invalid(expected, value, **params).inside(name)


@cache
def _decoder(cls: type) -> Callable[[Any], Any]:
    """`from_dict` for one dataclass: known keys checked and converted by their type hints and
    rules, a missing required key refused, others ignored (written by a newer minor version)."""
    hints = _hints(cls)
    env: dict[str, Any] = {"cls": cls, "type": type, "Invalid": Invalid, "new": object.__new__, "MISSING": _MISSING}
    lines = [
        "def decode(data):",
        "    if type(data) is not dict:",
        "        raise Invalid('an object', data)",
    ]
    fields = dataclasses.fields(cls)
    for n, f in enumerate(fields):
        name = f.name
        rules = dict(f.metadata)
        base, allows_none = _optional(hints[name])
        plain = _scalar(base, rules, f"a{n}", f"v{n}") if base is not None else None
        convert = None if plain is not None or base is None else _converter(base, rules)
        if f.default is not dataclasses.MISSING:
            env[f"d{n}"] = f.default
            absent = f"d{n}"  # a default is immutable: it passes the same checks
        else:
            env[f"d{n}"] = f.default_factory  # MISSING for a required field
            absent = "MISSING"
        lines.append(f"    v{n} = data.get({name!r}, {absent})")
        maybe = f"v{n} is not None and " if allows_none else ""
        if plain is not None:
            bad, consts, expected, params = plain
            env.update(consts)
            env[f"e{n}"] = _failure(name, expected, params)
            lines.append(f"    if {maybe + '(' + bad + ')' if maybe else bad}:")
            lines.append(f"        raise e{n}(v{n})")
            continue
        indent = "    "
        if f.default_factory is not dataclasses.MISSING:
            lines.append(f"    if v{n} is MISSING:")
            lines.append(f"        v{n} = d{n}()")
            lines.append("    else:")
            indent += "    "
        if allows_none:
            lines.append(f"{indent}if v{n} is not None:")
            indent += "    "
        if base is datetime or base is date:
            # Written out too (dates are in most documents): one parse, and the checks around it.
            kind = "datetime" if base is datetime else "date"
            env[kind] = base
            env[f"e{n}"] = _failure(name, WHEN if base is datetime else DAY, {})
            lines.append(f"{indent}try:")
            lines.append(f"{indent}    v{n} = {kind}.fromisoformat(v{n})")
            lines.append(f"{indent}except (TypeError, ValueError):")
            lines.append(f"{indent}    raise e{n}(v{n}) from None")
            if base is datetime:
                env[f"z{n}"] = _failure(name, ZONED, {})
                lines.append(f"{indent}if v{n}.tzinfo is not None:")
                lines.append(f"{indent}    raise z{n}(data[{name!r}])")
        elif convert is not None:
            env[f"c{n}"] = convert
            if f.default_factory is dataclasses.MISSING and not allows_none and f.default is dataclasses.MISSING:
                env[f"m{n}"] = _failure(name, *_expected_of(base, rules))
                lines.append(f"{indent}if v{n} is MISSING:")
                lines.append(f"{indent}    raise m{n}(MISSING)")
            lines.append(f"{indent}try:")
            lines.append(f"{indent}    v{n} = c{n}(v{n})")
            lines.append(f"{indent}except Invalid as exc:")
            lines.append(f"{indent}    raise exc.inside({name!r}) from None")
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            env[f"m{n}"] = _failure(name, "a value", {})
            lines.append(f"{indent}if v{n} is MISSING:")
            lines.append(f"{indent}    raise m{n}(MISSING)")
    if "__slots__" not in cls.__dict__ and not hasattr(cls, "__post_init__") and "__init__" in cls.__dict__:
        # Every field is set here, in order, as the dataclass's __init__ would; passing twenty
        # keyword arguments to it cost more than all the checks above.
        lines.append("    obj = new(cls)")
        lines += [f"    obj.{f.name} = v{n}" for n, f in enumerate(fields)]
        lines.append("    return obj")
    else:
        lines.append("    return cls(" + ", ".join(f"{f.name}=v{n}" for n, f in enumerate(fields)) + ")")
    exec("\n".join(lines), env)  # noqa: S102 - our own field names and expressions
    return env["decode"]  # type: ignore[no-any-return]


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Build `cls` from a dict, ignoring keys it does not know (written by a newer minor
    version); Invalid (naming the field) for a value its schema does not allow."""
    return _decoder(cls)(data)  # type: ignore[no-any-return]


# -- what an import warns about ---------------------------------------------------------------

def too_long(obj: Any) -> Iterator[tuple[str, int, int]]:
    """(path, length, limit) of every text in `obj` longer than its field's `limit`."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        limit = f.metadata.get("limit")
        if limit is not None and isinstance(value, str) and len(value) > limit:
            yield f.name, len(value), limit
        elif isinstance(value, list):
            for i, v in enumerate(value):
                for where, length, most in too_long(v):
                    yield f"{f.name}[{i}].{where}", length, most
        elif isinstance(value, dict):
            for k, v in value.items():
                for where, length, most in too_long(v):
                    yield f"{f.name}[{shown(k)}].{where}", length, most
