"""The format catalogue: built-in formats plus the user's own, which win on the same id.

A broken file never stops the others from loading: it is kept as a `Skipped` entry with its
problems, so the UI and `retro formats check` can say which file and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from retro.domain.format import Format, FormatError, Problem, parse_format
from retro.paths import builtin_formats_dir, user_formats_dir


@dataclass(frozen=True)
class Skipped:
    path: str
    problems: tuple[Problem, ...]


@dataclass
class Catalog:
    formats: dict[str, Format] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)

    def get(self, format_id: str) -> Format | None:
        return self.formats.get(format_id)

    def sorted(self) -> list[Format]:
        return sorted(self.formats.values(), key=lambda f: (f.language, f.name.lower()))


def load_file(path: Path, builtin: bool = False) -> Format:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError([Problem(str(path), None, f"cannot be read: {exc}")]) from None
    return parse_format(text, str(path), builtin=builtin)


def _load_dir(directory: Path, builtin: bool, catalog: Catalog) -> None:
    if not directory.is_dir():
        return
    for path in sorted(directory.glob("*.toml")):
        try:
            fmt = load_file(path, builtin)
        except FormatError as exc:
            catalog.skipped.append(Skipped(str(path), tuple(exc.problems)))
            continue
        catalog.formats[fmt.id] = fmt


def load_catalog(builtin_dir: Path | None = None, user_dir: Path | None = None) -> Catalog:
    catalog = Catalog()
    _load_dir(builtin_dir or builtin_formats_dir(), True, catalog)
    _load_dir(user_dir or user_formats_dir(), False, catalog)
    return catalog
