"""Retro formats: the schema, and a validator that reports every problem with its line and field.

A format is read from TOML text with `tomllib`. Unknown keys are errors, so a typo never passes
silently. Problems are collected, not raised one at a time, so a facilitator fixes a file in
one go.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


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

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "language": self.language,
            "summary": self.summary,
            "minutes": self.minutes,
        }
        if self.hybrid_notes:
            out["hybrid_notes"] = list(self.hybrid_notes)
        out["phases"] = [p.to_dict() for p in self.phases]
        return out

    @property
    def phase_minutes(self) -> int:
        return sum(p.minutes for p in self.phases)

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


_TOP_KEYS = {"id", "name", "language", "summary", "minutes", "hybrid_notes", "phases"}
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

    tomllib gives no positions, so we scan the text: table headers (`[[phases]]`,
    `[[phases.columns]]`) open numbered sections, and `key =` lines belong to the last one.
    """

    _HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\"' -]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r"^\s*([A-Za-z0-9_\"'-]+)\s*=")

    def __init__(self, text: str) -> None:
        self.where: dict[str, int] = {}
        counters: dict[str, int] = {}
        section = ""
        parent_index: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            header = self._HEADER.match(line)
            if header and not self._KEY.match(line):
                name = header.group(1).replace('"', "").replace("'", "").strip()
                if line.strip().startswith("[["):
                    # [[phases.columns]] after the third [[phases]] is phases[2].columns[n]: the
                    # numbering of a child array restarts under each parent entry.
                    parts = name.split(".")
                    prefix = ""
                    for part in parts[:-1]:
                        key = (prefix + "." if prefix else "") + part
                        prefix = parent_index.get(key, key)
                    array = (prefix + "." if prefix else "") + parts[-1]
                    counters[array] = counters.get(array, -1) + 1
                    section = f"{array}[{counters[array]}]"
                    parent_index[".".join(parts)] = section
                else:
                    section = name
                self.where.setdefault(section, number)
                continue
            key = self._KEY.match(line)
            if key:
                name = key.group(1).strip("\"'")
                self.where.setdefault(f"{section}.{name}" if section else name, number)

    def line(self, dotted: str) -> int | None:
        probe = dotted
        while probe:
            if probe in self.where:
                return self.where[probe]
            probe = probe.rpartition(".")[0] if "." in probe else ""
            if probe.endswith("]") and probe in self.where:
                return self.where[probe]
        return None


def _tomllib_line(message: str) -> int | None:
    m = re.search(r"at line (\d+)", message)
    return int(m.group(1)) if m else None


def parse_format(text: str, path: str = "<format>", builtin: bool = False) -> Format:
    """Read and validate one format; raises FormatError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FormatError([Problem(path, _tomllib_line(str(exc)) or 1, f"TOML syntax: {exc}")]) from None
    lines = _Lines(text)
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
            problem(where, f"expected a non-empty text, got {value!r}")
            return ""
        return value

    def want_int(container: dict, key: str, where: str, required: bool = True, minimum: int = 1) -> int | None:
        if key not in container:
            if required:
                problem(where, "missing; a whole number is required")
            return None
        value = container[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            problem(where, f"expected a whole number of at least {minimum}, got {value!r}")
            return None
        return value

    for key in sorted(set(data) - _TOP_KEYS):
        problem(key, f"unknown key; expected one of {', '.join(sorted(_TOP_KEYS))}")
    fmt_id = want_str(data, "id", "id")
    if fmt_id and not _ID.match(fmt_id):
        problem("id", f"{fmt_id!r} must be lower-case letters, digits, - or _")
    name = want_str(data, "name", "name")
    language = want_str(data, "language", "language")
    if language and language not in LANGUAGES:
        problem("language", f"unknown language {language!r}; expected one of {', '.join(LANGUAGES)}")
    summary = want_str(data, "summary", "summary")
    minutes = want_int(data, "minutes", "minutes") or 0
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
            problem(f"{at}.kind", f"unknown kind {kind_text!r}; expected one of {expected}" if kind_text is not None
                    else f"missing; expected one of {expected}")
            continue
        allowed = set(_PHASE_COMMON) | set(_KIND_FIELDS[kind])
        for key in sorted(set(raw) - allowed):
            problem(f"{at}.{key}", f"unknown key for a {kind} phase; expected one of {', '.join(sorted(allowed))}")
        for key in _REQUIRED_KIND_FIELDS.get(kind, ()):
            if key not in raw:
                problem(f"{at}.{key}", f"missing; a {kind} phase needs it")
        title = want_str(raw, "title", f"{at}.title")
        phase_minutes = want_int(raw, "minutes", f"{at}.minutes") or 0
        prompt = want_str(raw, "prompt", f"{at}.prompt", required=False)
        silent = raw.get("silent", False)
        if not isinstance(silent, bool):
            problem(f"{at}.silent", f"expected true or false, got {silent!r}")
            silent = False
        votes = want_int(raw, "votes_per_person", f"{at}.votes_per_person", required=False) or 0
        max_exp = want_int(raw, "max_experiments", f"{at}.max_experiments", required=False)
        roti = raw.get("roti", False)
        if not isinstance(roti, bool):
            problem(f"{at}.roti", f"expected true or false, got {roti!r}")
            roti = False
        columns: list[Column] = []
        if kind is PhaseKind.GATHER and "columns" in raw:
            raw_columns = raw["columns"]
            if not isinstance(raw_columns, list) or not raw_columns:
                problem(f"{at}.columns", "expected at least one [[phases.columns]]")
                raw_columns = []
            for j, col in enumerate(raw_columns):
                cat = f"{at}.columns[{j}]"
                if not isinstance(col, dict):
                    problem(cat, "expected a table with id and title")
                    continue
                for key in sorted(set(col) - _COLUMN_KEYS):
                    problem(f"{cat}.{key}", f"unknown key; expected one of {', '.join(sorted(_COLUMN_KEYS))}")
                cid = want_str(col, "id", f"{cat}.id")
                if cid and not _ID.match(cid):
                    problem(f"{cat}.id", f"{cid!r} must be lower-case letters, digits, - or _")
                if cid in column_ids:
                    problem(f"{cat}.id", f"column id {cid!r} is already used by {column_ids[cid]}")
                elif cid:
                    column_ids[cid] = cat
                ctitle = want_str(col, "title", f"{cat}.title")
                hint = want_str(col, "hint", f"{cat}.hint", required=False)
                color = col.get("color")
                if color is not None and color not in COLORS:
                    problem(f"{cat}.color", f"unknown color {color!r}; expected one of {', '.join(COLORS)}")
                    color = None
                columns.append(Column(id=cid, title=ctitle, hint=hint, color=color))
        phases.append(Phase(kind=kind, title=title, minutes=phase_minutes, prompt=prompt, silent=silent,
                            columns=tuple(columns), votes_per_person=votes, max_experiments=max_exp, roti=roti))
    if problems:
        raise FormatError(problems)
    return Format(id=fmt_id, name=name, language=language, summary=summary, minutes=minutes,
                  phases=tuple(phases), hybrid_notes=tuple(notes), source=path, builtin=builtin)
