"""The format catalogue: built-in formats plus the user's own, which win on the same id.

A broken file never stops the others from loading: it is kept as a `Skipped` entry with its
problems, so the UI and `retro formats check` can say which file and why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from retro.domain.format import Format, FormatError, Problem, field_line, parse_format
from retro.paths import builtin_formats_dir, user_formats_dir


@dataclass(frozen=True)
class Skipped:
    path: str
    problems: tuple[Problem, ...]


@dataclass
class Catalog:
    formats: dict[str, Format] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    # Built-ins hidden by a user file with the same id, so the library can say so.
    overridden: dict[str, Format] = field(default_factory=dict)
    builtin_dir: Path | None = None
    user_dir: Path | None = None

    def get(self, format_id: str) -> Format | None:
        return self.formats.get(format_id)

    def sorted(self) -> list[Format]:
        return sorted(self.formats.values(), key=lambda f: (f.language, f.name.lower()))

    def reload(self) -> Catalog:
        """The same directories read again: after an edit, an import or a compose."""
        return load_catalog(self.builtin_dir, self.user_dir)


def read_text(path: Path) -> str:
    """A format file's text. `utf-8-sig` because some editors put a byte-order mark first."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError([Problem(str(path), None, f"cannot be read: not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None
    except OSError as exc:
        raise FormatError([Problem(str(path), None, f"cannot be read: {exc.strerror or exc}")]) from None


def load_file(path: Path, builtin: bool = False) -> Format:
    return parse_format(read_text(path), str(path), builtin=builtin)


def _load_dir(directory: Path, builtin: bool, catalog: Catalog) -> None:
    if not directory.is_dir():
        return
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            text = read_text(path)
            fmt = parse_format(text, str(path), builtin=builtin)
        except FormatError as exc:
            catalog.skipped.append(Skipped(str(path), tuple(exc.problems)))
            continue
        if fmt.id in seen:
            # Two files of one directory claiming one id: which wins would depend on file names.
            problem = Problem(str(path), field_line(text, "id"), f'id: "{fmt.id}" is already used by {seen[fmt.id]}')
            catalog.skipped.append(Skipped(str(path), (problem,)))
            continue
        seen[fmt.id] = str(path)
        if not builtin and fmt.id in catalog.formats and catalog.formats[fmt.id].builtin:
            catalog.overridden[fmt.id] = catalog.formats[fmt.id]
        catalog.formats[fmt.id] = fmt


def load_catalog(builtin_dir: Path | None = None, user_dir: Path | None = None) -> Catalog:
    builtin_dir = builtin_dir or builtin_formats_dir()
    user_dir = user_dir or user_formats_dir()
    catalog = Catalog(builtin_dir=builtin_dir, user_dir=user_dir)
    _load_dir(builtin_dir, True, catalog)
    _load_dir(user_dir, False, catalog)
    return catalog
