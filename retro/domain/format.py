"""Retro formats: the schema, and a validator that reports every problem with its line and field.

A format is read from TOML text with `tomllib`. Unknown keys are errors, so a typo never passes
silently. Problems are collected, not raised one at a time, so a facilitator fixes a file in
one go.

A format file may come from anyone (a colleague's shared file), so it is bounded before it is
parsed and after: at most FORMAT_FILE_MAX bytes, brackets nested at most NESTING_MAX deep (the
TOML reader recurses per level), numbers within their field's range, at most FORMAT_PHASES_MAX
phases of at most FORMAT_COLUMNS_MAX columns each (README, Reliability). Anything past those is
a problem like any other, never a traceback and never a format that slows every command.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from retro.domain.text import FORMAT_COLUMNS_MAX, FORMAT_FILE_MAX, FORMAT_PHASES_MAX


class PhaseKind(StrEnum):
    CHECK_IN = "check-in"
    REVIEW = "review"
    GATHER = "gather"
    GROUP = "group"
    VOTE = "vote"
    DISCUSS = "discuss"
    DECIDE = "decide"
    CLOSE = "close"


LANGUAGES = ("sv", "en")
COLORS = ("red", "orange", "yellow", "green", "blue", "purple", "pink", "grey")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
ID_MAX = 64  # characters of a format or column id: a format's id is its file name
NESTING_MAX = 16  # brackets inside brackets; a format needs four at most
MINUTES_MAX = 24 * 60  # a format's or a phase's minutes
COUNT_MAX = 100  # votes per person, experiments to decide


def is_valid_id(text: str) -> bool:
    """Format and column ids: 1 to ID_MAX lower-case letters, digits, - and _ (they become file
    names)."""
    return len(text) <= ID_MAX and bool(_ID.match(text))


@dataclass(frozen=True)
class Column:
    id: str
    title: str
    hint: str = ""
    color: str | None = None


@dataclass(frozen=True)
class Phase:
    kind: PhaseKind
    title: str
    minutes: int
    prompt: str = ""
    silent: bool = False
    columns: tuple[Column, ...] = ()
    votes_per_person: int = 0
    max_experiments: int | None = None
    roti: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The phase with its kind's fields only, as the CLI and the TOML writer show it."""
        out: dict[str, Any] = {"kind": str(self.kind), "title": self.title, "minutes": self.minutes}
        for key in _KIND_FIELDS[self.kind]:
            value = getattr(self, key)
            if key == "columns":
                value = [{k: v for k, v in vars(c).items() if v not in (None, "") or k in ("id", "title")} for c in value]
            if key == "prompt" and not value:
                continue
            if key == "max_experiments" and value is None:
                continue
            out[key] = value
        return out


@dataclass(frozen=True)
class Format:
    id: str
    name: str
    language: str
    summary: str
    minutes: int
    phases: tuple[Phase, ...]
    hybrid_notes: tuple[str, ...] = ()
    source: str = ""  # where it was read from; not part of the file
    builtin: bool = False
    anonymous: bool = False  # its retros start with items stored without author (the start may change it)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "language": self.language,
            "summary": self.summary,
            "minutes": self.minutes,
        }
        if self.anonymous:
            out["anonymous"] = True
        if self.hybrid_notes:
            out["hybrid_notes"] = list(self.hybrid_notes)
        out["phases"] = [p.to_dict() for p in self.phases]
        return out

    @property
    def phase_minutes(self) -> int:
        return sum(p.minutes for p in self.phases)

    @property
    def minutes_disagree(self) -> bool:
        """The phases add up to another total than the format declares: worth a warning, not
        an error (a facilitator may plan a buffer), so previews and `formats check` flag it."""
        return self.phase_minutes != self.minutes

    def kinds(self) -> set[PhaseKind]:
        return {p.kind for p in self.phases}

    def columns(self) -> list[Column]:
        return [c for p in self.phases for c in p.columns]

    def column(self, column_id: str) -> Column | None:
        return next((c for c in self.columns() if c.id == column_id), None)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class FormatError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


_TOP_KEYS = {"id", "name", "language", "summary", "minutes", "anonymous", "hybrid_notes", "phases"}
_PHASE_COMMON = ("kind", "title", "minutes")
_KIND_FIELDS: dict[PhaseKind, tuple[str, ...]] = {
    PhaseKind.CHECK_IN: ("prompt",),
    PhaseKind.REVIEW: ("prompt",),
    PhaseKind.GATHER: ("silent", "columns"),
    PhaseKind.GROUP: ("prompt",),
    PhaseKind.VOTE: ("votes_per_person",),
    PhaseKind.DISCUSS: ("prompt",),
    PhaseKind.DECIDE: ("max_experiments",),
    PhaseKind.CLOSE: ("prompt", "roti"),
}
_REQUIRED_KIND_FIELDS = {PhaseKind.GATHER: ("silent", "columns"), PhaseKind.VOTE: ("votes_per_person",)}
_COLUMN_KEYS = {"id", "title", "hint", "color"}


class _Lines:
    """Finds the line of a field in the source, so a problem can say where it is.

    tomllib gives no positions, so the text is scanned once more with a small TOML lexer that
    knows strings (basic, literal, multi-line), comments, tables, arrays of tables, inline
    tables and multi-line arrays. Every key gets a path with indices (`phases[2].columns[0].id`)
    mapped to its line. It runs only on text tomllib has already accepted, so it can assume
    valid TOML; anything it cannot place falls back to the nearest enclosing table.
    """

    _BARE_END = set(" \t\r\n[]{}=,#\"'")

    @classmethod
    def tokens(cls, text: str) -> list[tuple[str, str, int, bool]]:
        return list(cls._tokens(text))

    @staticmethod
    def depth(tokens: list[tuple[str, str, int, bool]]) -> tuple[int, int]:
        """The deepest nesting of brackets and braces outside strings and comments, and the line
        where it is first reached."""
        depth = deepest = 0
        line = 1
        for kind, _, at, _ in tokens:
            if kind in ("[", "{"):
                depth += 1
                if depth > deepest:
                    deepest, line = depth, at
            elif kind in ("]", "}"):
                depth = max(0, depth - 1)
        return deepest, line

    def __init__(self, text: str, tokens: list[tuple[str, str, int, bool]] | None = None) -> None:
        self.where: dict[str, int] = {}
        try:
            self._scan(list(self._tokens(text)) if tokens is None else tokens)
        except (IndexError, ValueError, RecursionError):  # never let the locator hide the real problem
            pass

    # -- lexing -------------------------------------------------------------------------------

    @classmethod
    def _tokens(cls, text: str):
        """(kind, value, line, at_line_start) with kind one of [ ] { } = , NL STR BARE."""
        i, line, n = 0, 1, len(text)
        line_start = True
        while i < n:
            c = text[i]
            if c in " \t\r":
                i += 1
                continue
            if c == "\n":
                yield ("NL", "", line, line_start)
                line += 1
                i += 1
                line_start = True
                continue
            if c == "#":
                while i < n and text[i] != "\n":
                    i += 1
                continue
            first = line_start
            line_start = False
            if c in "[]{}=,":
                yield (c, c, line, first)
                i += 1
                continue
            if c in "\"'":
                quote = c * 3 if text.startswith(c * 3, i) else c
                j = i + len(quote)
                while j < n:
                    if quote[0] == '"' and text[j] == "\\":
                        j += 2
                        continue
                    if text.startswith(quote, j):
                        break
                    if len(quote) == 1 and text[j] == "\n":
                        break
                    j += 1
                j += len(quote)
                while len(quote) == 3 and j < n and text[j] == quote[0]:  # """a"""" ends with a quote
                    j += 1
                value = text[i + len(quote): j - len(quote)]
                yield ("STR", value, line, first)
                line += text.count("\n", i, j)
                i = j
                continue
            j = i
            while j < n and text[j] not in cls._BARE_END:
                j += 1
            yield ("BARE", text[i:j], line, first)
            i = j

    # -- parsing ------------------------------------------------------------------------------

    def _scan(self, tokens: list[tuple[str, str, int, bool]]) -> None:
        pos = 0
        section = ""
        counters: dict[str, int] = {}
        latest: dict[str, str] = {}  # plain dotted table path -> its indexed path, e.g. phases -> phases[2]

        def join(a: str, b: str) -> str:
            return f"{a}.{b}" if a else b

        def read_key(stop: str) -> list[str]:
            nonlocal pos
            parts: list[str] = []
            while tokens[pos][0] != stop:
                kind, value = tokens[pos][0], tokens[pos][1]
                if kind == "STR":
                    parts.append(value)
                elif kind == "BARE":
                    parts.extend(p for p in value.split(".") if p)
                pos += 1
            return parts

        def skip_newlines() -> None:
            nonlocal pos
            while pos < len(tokens) and tokens[pos][0] == "NL":
                pos += 1

        def value(path: str) -> None:
            nonlocal pos
            skip_newlines()
            kind, _, line, _ = tokens[pos]
            self.where.setdefault(path, line)
            if kind == "[":
                pos += 1
                index = 0
                while True:
                    skip_newlines()
                    if tokens[pos][0] == "]":
                        pos += 1
                        return
                    value(f"{path}[{index}]")
                    index += 1
                    skip_newlines()
                    if tokens[pos][0] == ",":
                        pos += 1
            elif kind == "{":
                pos += 1
                while tokens[pos][0] != "}":
                    if tokens[pos][0] == ",":
                        pos += 1
                        continue
                    key_line = tokens[pos][2]
                    parts = read_key("=")
                    pos += 1
                    key_path = join(path, ".".join(parts))
                    self.where.setdefault(key_path, key_line)
                    value(key_path)
                pos += 1
            else:
                pos += 1

        while pos < len(tokens):
            kind, _, line, first = tokens[pos]
            if kind == "NL":
                pos += 1
                continue
            if kind == "[" and first:
                is_array = tokens[pos + 1][0] == "["
                pos += 2 if is_array else 1
                parts = read_key("]")
                pos += 2 if is_array else 1
                indexed, plain = "", ""
                for part in parts[:-1]:
                    plain = join(plain, part)
                    indexed = latest.get(plain, join(indexed, part))
                plain = join(plain, parts[-1])
                if is_array:
                    array = join(indexed, parts[-1])
                    counters[array] = counters.get(array, -1) + 1
                    section = f"{array}[{counters[array]}]"
                else:
                    section = join(indexed, parts[-1])
                latest[plain] = section
                self.where.setdefault(section, line)
                continue
            parts = read_key("=")
            pos += 1
            key_path = join(section, ".".join(parts))
            self.where.setdefault(key_path, line)
            value(key_path)

    def line(self, dotted: str) -> int | None:
        """The line of a field, else of the nearest enclosing field or table that has one."""
        probe = dotted
        while probe:
            if probe in self.where:
                return self.where[probe]
            if probe.endswith("]"):
                probe = probe[: probe.rindex("[")]
            else:
                probe = probe.rpartition(".")[0]
        return None


def field_line(text: str, dotted: str) -> int | None:
    """The line of a field (`phases[2].columns[0].id`) in a format's source text."""
    return _Lines(text).line(dotted)


def _show(value: Any) -> str:
    """A value as it would be written in TOML, so messages quote what the user typed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and abs(value) >= 10**18:
        return f"a number of {len(str(value))} digits"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return str(value)


def _tomllib_line(message: str, text: str) -> int:
    m = re.search(r"at line (\d+)", message)
    if m:
        return int(m.group(1))
    if "end of document" in message:
        return max(1, len(text.splitlines()))
    return 1


def too_big(size: int, path: str) -> Problem:
    """The problem of a file over FORMAT_FILE_MAX bytes (`size` may be just the bytes read)."""
    return Problem(path, None, f"the file is over {FORMAT_FILE_MAX // 1024} KiB ({size:,} bytes or more); "
                               f"a format file may be at most {FORMAT_FILE_MAX:,} bytes")


def parse_format(text: str, path: str = "<format>", builtin: bool = False) -> Format:
    """Read and validate one format; raises FormatError listing every problem."""
    size = len(text) if len(text) * 4 <= FORMAT_FILE_MAX else len(text.encode("utf-8", "surrogatepass"))
    if size > FORMAT_FILE_MAX:
        raise FormatError([too_big(size, path)])
    tokens = _Lines.tokens(text)
    deepest, at = _Lines.depth(tokens)
    if deepest > NESTING_MAX:
        raise FormatError([Problem(path, at, f"brackets nested {deepest} deep; at most {NESTING_MAX} are read")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormatError([Problem(path, _tomllib_line(str(exc), text), f"TOML syntax: {exc}")]) from None
    except RecursionError:  # nested deeper than the reader can go (the bound above should stop it first)
        raise FormatError([Problem(path, None, "TOML: nested too deep to read")]) from None
    except ValueError as exc:  # an integer of thousands of digits, the only other thing it refuses
        what = "a number has too many digits" if "digits" in str(exc) else str(exc)
        raise FormatError([Problem(path, None, f"TOML: a value cannot be read: {what}")]) from None
    lines = _Lines(text, tokens)
    problems: list[Problem] = []

    def problem(field_path: str, message: str) -> None:
        problems.append(Problem(path, lines.line(field_path), f"{field_path}: {message}"))

    def want_str(container: dict, key: str, where: str, required: bool = True) -> str:
        if key not in container:
            if required:
                problem(where, "missing; a text is required")
            return ""
        value = container[key]
        if not isinstance(value, str) or (required and not value.strip()):
            problem(where, f"expected a non-empty text, got {_show(value)}")
            return ""
        return value

    def want_int(container: dict, key: str, where: str, required: bool = True, minimum: int = 1,
                 maximum: int = COUNT_MAX) -> int | None:
        if key not in container:
            if required:
                problem(where, "missing; a whole number is required")
            return None
        value = container[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            problem(where, f"expected a whole number of at least {minimum}, got {_show(value)}")
            return None
        if value > maximum:
            problem(where, f"expected a whole number of at most {maximum}, got {_show(value)}")
            return None
        return value

    def want_id(value: str, where: str) -> None:
        if value and not _ID.match(value):
            problem(where, f"{_show(value)} must be lower-case letters, digits, - or _")
        elif len(value) > ID_MAX:
            problem(where, f"is {len(value)} characters long; an id may be at most {ID_MAX}")

    for key in sorted(set(data) - _TOP_KEYS):
        problem(key, f"unknown key; expected one of {', '.join(sorted(_TOP_KEYS))}")
    fmt_id = want_str(data, "id", "id")
    want_id(fmt_id, "id")
    name = want_str(data, "name", "name")
    language = want_str(data, "language", "language")
    if language and language not in LANGUAGES:
        problem("language", f"unknown language {_show(language)}; expected one of {', '.join(LANGUAGES)}")
    summary = want_str(data, "summary", "summary")
    minutes = want_int(data, "minutes", "minutes", maximum=MINUTES_MAX) or 0
    anonymous = data.get("anonymous", False)
    if not isinstance(anonymous, bool):
        problem("anonymous", f"expected true or false, got {_show(anonymous)}")
        anonymous = False
    notes = data.get("hybrid_notes", [])
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        problem("hybrid_notes", "expected a list of texts")
        notes = []

    raw_phases = data.get("phases")
    phases: list[Phase] = []
    column_ids: dict[str, str] = {}
    if raw_phases is None:
        problem("phases", "missing; a format needs at least one [[phases]]")
        raw_phases = []
    elif not isinstance(raw_phases, list) or not raw_phases:
        problem("phases", "expected at least one [[phases]] table")
        raw_phases = []
    elif len(raw_phases) > FORMAT_PHASES_MAX:
        # Said at the first phase too many, so the line points where to cut.
        problem(f"phases[{FORMAT_PHASES_MAX}]", f"{len(raw_phases)} phases; a format may have at most {FORMAT_PHASES_MAX}")
    for i, raw in enumerate(raw_phases):
        at = f"phases[{i}]"
        if not isinstance(raw, dict):
            problem(at, "expected a table")
            continue
        kind_text = raw.get("kind")
        try:
            kind = PhaseKind(kind_text)
        except ValueError:
            expected = ", ".join(k.value for k in PhaseKind)
            problem(f"{at}.kind", f"unknown kind {_show(kind_text)}; expected one of {expected}" if kind_text is not None
                    else f"missing; expected one of {expected}")
            continue
        allowed = set(_PHASE_COMMON) | set(_KIND_FIELDS[kind])
        for key in sorted(set(raw) - allowed):
            problem(f"{at}.{key}", f"unknown key for a {kind} phase; expected one of {', '.join(sorted(allowed))}")
        for key in _REQUIRED_KIND_FIELDS.get(kind, ()):
            if key not in raw:
                problem(f"{at}.{key}", f"missing; a {kind} phase needs it")
        title = want_str(raw, "title", f"{at}.title")
        phase_minutes = want_int(raw, "minutes", f"{at}.minutes", maximum=MINUTES_MAX) or 0
        prompt = want_str(raw, "prompt", f"{at}.prompt", required=False)
        silent = raw.get("silent", False)
        if not isinstance(silent, bool):
            problem(f"{at}.silent", f"expected true or false, got {_show(silent)}")
            silent = False
        votes = want_int(raw, "votes_per_person", f"{at}.votes_per_person", required=False) or 0
        max_exp = want_int(raw, "max_experiments", f"{at}.max_experiments", required=False)
        roti = raw.get("roti", False)
        if not isinstance(roti, bool):
            problem(f"{at}.roti", f"expected true or false, got {_show(roti)}")
            roti = False
        columns: list[Column] = []
        if kind is PhaseKind.GATHER and "columns" in raw:
            raw_columns = raw["columns"]
            if not isinstance(raw_columns, list) or not raw_columns:
                problem(f"{at}.columns", "expected at least one [[phases.columns]]")
                raw_columns = []
            elif len(raw_columns) > FORMAT_COLUMNS_MAX:
                problem(f"{at}.columns[{FORMAT_COLUMNS_MAX}]",
                        f"{len(raw_columns)} columns; a phase may have at most {FORMAT_COLUMNS_MAX}")
            for j, col in enumerate(raw_columns):
                cat = f"{at}.columns[{j}]"
                if not isinstance(col, dict):
                    problem(cat, "expected a table with id and title")
                    continue
                for key in sorted(set(col) - _COLUMN_KEYS):
                    problem(f"{cat}.{key}", f"unknown key; expected one of {', '.join(sorted(_COLUMN_KEYS))}")
                cid = want_str(col, "id", f"{cat}.id")
                want_id(cid, f"{cat}.id")
                if cid in column_ids:
                    problem(f"{cat}.id", f"column id {_show(cid)} is already used by {column_ids[cid]}")
                elif cid:
                    column_ids[cid] = cat
                ctitle = want_str(col, "title", f"{cat}.title")
                hint = want_str(col, "hint", f"{cat}.hint", required=False)
                color = col.get("color")
                if color is not None and color not in COLORS:
                    problem(f"{cat}.color", f"unknown color {_show(color)}; expected one of {', '.join(COLORS)}")
                    color = None
                columns.append(Column(id=cid, title=ctitle, hint=hint, color=color))
        phases.append(Phase(kind=kind, title=title, minutes=phase_minutes, prompt=prompt, silent=silent,
                            columns=tuple(columns), votes_per_person=votes, max_experiments=max_exp, roti=roti))
    if problems:
        raise FormatError(problems)
    return Format(id=fmt_id, name=name, language=language, summary=summary, minutes=minutes,
                  phases=tuple(phases), hybrid_notes=tuple(notes), source=path, builtin=builtin,
                  anonymous=anonymous)
