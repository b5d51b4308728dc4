"""The format catalogue: built-in formats plus the user's own, which win on the same id.

A broken file never stops the others from loading: it is kept as a `Skipped` entry with its
problems, so the UI and `retro formats check` can say which file and why.

Reading and validating every file is a noticeable part of each start (the home screen lists them all), so
what each file gave is kept in a cache file in the user cache dir, by the file's stat. An entry
is used only while the file's stat and the parser's own code are unchanged; a file changed in
the last couple of seconds is never cached (its next change could keep the same stat). A
missing, stale or unreadable cache only means the files are read again.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from retro.domain.format import Column, Format, FormatError, Phase, PhaseKind, Problem, field_line, parse_format, too_big
from retro.domain.text import FORMAT_FILE_MAX
from retro.i18n import language
from retro.paths import builtin_formats_dir, user_formats_dir

CACHE_VERSION = 1
RACY_NS = 2_000_000_000  # a stat this fresh could repeat after another change: do not cache it


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

    def sorted(self, first: str | None = None) -> list[Format]:
        """By language, the formats in `first` (the UI's language unless given) before the
        rest, then by name: a Swedish interface lists its Swedish formats first."""
        if first is None:
            first = language()
        return sorted(self.formats.values(), key=lambda f: (f.language != first, f.language, f.name.lower()))

    def reload(self) -> Catalog:
        """The same directories read again: after an edit, an import or a compose."""
        return load_catalog(self.builtin_dir, self.user_dir)


def read_bytes(path: Path) -> bytes:
    """A format file's bytes, at most FORMAT_FILE_MAX of them; FormatError for anything else.

    Only a regular file is read (a symlink to one is fine): a FIFO would wait forever for a
    writer and a device could give bytes without end, so either is refused at once. The open
    does not wait (O_NONBLOCK), and no more than one byte past the limit is ever read, so a
    huge file costs nothing but its problem line."""
    where = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FormatError([Problem(where, None, f"cannot be read: {exc.strerror or exc}")]) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FormatError([Problem(where, None, "cannot be read: not a regular file")])
        chunks: list[bytes] = []
        size = 0
        while size <= FORMAT_FILE_MAX:
            chunk = os.read(fd, FORMAT_FILE_MAX + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise FormatError([Problem(where, None, f"cannot be read: {exc.strerror or exc}")]) from None
    finally:
        os.close(fd)
    if size > FORMAT_FILE_MAX:
        raise FormatError([too_big(size, where)])
    return b"".join(chunks)


def read_text(path: Path) -> str:
    """A format file's text (see `read_bytes` for what is refused). `utf-8-sig` because some
    editors put a byte-order mark first."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError([Problem(str(path), None, f"cannot be read: not UTF-8 text ({exc.reason} at byte {exc.start})")]) from None


def load_file(path: Path, builtin: bool = False) -> Format:
    return parse_format(read_text(path), str(path), builtin=builtin)


def _load_dir(directory: Path, builtin: bool, catalog: Catalog, cache: _Cache) -> None:
    if not directory.is_dir():
        return
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        result = cache.parsed(path, builtin)
        if isinstance(result, Skipped):
            catalog.skipped.append(result)
            continue
        fmt = result
        if fmt.id in seen:
            # Two files of one directory claiming one id: which wins would depend on file names.
            try:
                line = field_line(read_text(path), "id")
            except FormatError:
                line = None
            problem = Problem(str(path), line, f'id: "{fmt.id}" is already used by {seen[fmt.id]}')
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
    cache = _Cache(cache_path())
    _load_dir(builtin_dir, True, catalog, cache)
    _load_dir(user_dir, False, catalog, cache)
    cache.save()
    return catalog


# -- the cache --------------------------------------------------------------------------------


def cache_path() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("retro", appauthor=False)) / "formats.json"


def _stamp(st: os.stat_result) -> list[int]:
    return [st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns]


def _code_stamp() -> list[list[int]]:
    """The parser's own files: a change to them (an upgrade, a fix) makes every entry stale."""
    import retro.domain.format as parser

    return [_stamp(os.stat(file)) for file in (parser.__file__, __file__)]


def _to_json(result: Format | Skipped) -> dict[str, Any]:
    if isinstance(result, Skipped):
        return {"skipped": [[p.path, p.line, p.message] for p in result.problems]}
    return {"format": asdict(result)}


def _from_json(entry: dict[str, Any], path: Path) -> Format | Skipped:
    if "skipped" in entry:
        return Skipped(str(path), tuple(Problem(*problem) for problem in entry["skipped"]))
    data = entry["format"]
    phases = tuple(
        Phase(**{**phase, "kind": PhaseKind(phase["kind"]), "columns": tuple(Column(**c) for c in phase["columns"])})
        for phase in data["phases"]
    )
    return Format(**{**data, "phases": phases, "hybrid_notes": tuple(data["hybrid_notes"])})


class _Cache:
    """What each format file gave when it was last read, by its stat."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: dict[str, dict[str, Any]] = {}
        self.used: set[str] = set()
        self.changed = False
        self.code: list[list[int]] = []
        try:
            self.code = _code_stamp()
            import orjson

            data = orjson.loads(path.read_bytes())
            if data.get("version") == CACHE_VERSION and data.get("code") == self.code:
                self.entries = dict(data["files"])
        except Exception:  # no cache yet, or one we cannot use: read the files
            self.entries = {}

    def parsed(self, path: Path, builtin: bool) -> Format | Skipped:
        key = f"{'builtin' if builtin else 'user'}:{path}"
        try:
            st = os.stat(path)
        except OSError:
            st = None
        stamp = _stamp(st) if st is not None else None
        entry = self.entries.get(key)
        if entry is not None and stamp is not None and entry.get("stamp") == stamp:
            try:
                result = _from_json(entry, path)
            except Exception:  # an entry this version cannot read: parse the file
                pass
            else:
                self.used.add(key)
                return result
        try:
            result: Format | Skipped = parse_format(read_text(path), str(path), builtin=builtin)
        except FormatError as exc:
            result = Skipped(str(path), tuple(exc.problems))
        if stamp is not None and time.time_ns() - max(stamp[0], stamp[3]) > RACY_NS:
            self.entries[key] = {"stamp": stamp, **_to_json(result)}
            self.used.add(key)
            self.changed = True
        return result

    def save(self) -> None:
        """Write the cache if it gained or lost an entry; a cache that cannot be written is no loss."""
        stale = set(self.entries) - self.used
        if not (self.changed or stale):
            return
        try:
            import orjson

            files = {key: entry for key, entry in self.entries.items() if key in self.used}
            payload = orjson.dumps({"version": CACHE_VERSION, "code": self.code, "files": files})
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(payload)
            os.replace(tmp, self.path)
        except Exception:  # noqa: S110 - read-only home, full disk, another process racing: fine
            pass
