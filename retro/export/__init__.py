"""Exports "to the journal": jrnl, Markdown notes, a JSON backup, CSV and iCalendar.

Each target is a module with one pure function of the selected data:

    export_jrnl(data) -> str            retro.export.jrnl
    export_markdown(data) -> {name: text}  retro.export.markdown
    export_json(repo.raw(), now) -> str   retro.export.json_backup
    export_csv(data) -> str             retro.export.csv_export
    export_ics(data) -> str             retro.export.ics

where `data` is an `ExportData` from `collect(repo, scope, now)` or `select(scope, now, ...)`.
`render` and `write` below are what the command line and the export dialog share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from retro.domain.format import Format
from retro.export.common import (
    ExportData,
    ExportError,
    Scope,
    Written,
    collect,
    select,
    slug,
    write_file,
    write_folder,
)
from retro.i18n import n, t

TARGETS = ("jrnl", "markdown", "json", "csv", "ics")

__all__ = ["TARGETS", "ExportData", "ExportError", "Rendered", "Scope", "Written", "collect", "default_destination",
           "describe", "render", "select", "write"]


@dataclass
class Rendered:
    """An export made in memory, before anything is written."""

    target: str
    count: int
    text: str = ""  # single-file targets
    files: dict[str, str] = field(default_factory=dict)  # Markdown: name → note

    @property
    def is_folder(self) -> bool:
        return self.target == "markdown"


def render(target: str, repo: Any, scope: Scope, now: datetime, formats: dict[str, Format] | None = None) -> Rendered:
    if target not in TARGETS:
        raise ExportError(f"unknown export target {target!r}; choose one of {', '.join(TARGETS)}")
    if target == "json":
        if not scope.is_everything:
            raise ExportError("the JSON backup is always the whole store; leave out --since, --until, --team and --retro")
        from retro.export.json_backup import export_json, record_count

        raw = repo.raw()
        return Rendered(target, record_count({k: v for k, v in raw.items() if k != "meta"}), text=export_json(raw, now))
    data = collect(repo, scope, now, formats)
    if target == "jrnl":
        from retro.export.jrnl import entries

        found = entries(data)
        return Rendered(target, len(found), text="\n".join(e.render() for e in found))
    if target == "markdown":
        from retro.export.markdown import export_markdown

        notes = export_markdown(data)
        return Rendered(target, len(notes), files=notes)
    if target == "csv":
        from retro.export.csv_export import export_csv

        return Rendered(target, len(data.experiments), text=export_csv(data))
    from retro.export.ics import export_ics, open_experiments

    return Rendered(target, len(open_experiments(data)), text=export_ics(data))


def payload(rendered: Rendered, for_file: bool) -> bytes:
    """The bytes of a single-file export. A CSV file gets a byte-order mark for spreadsheets."""
    text = rendered.text
    if rendered.target == "csv" and for_file:
        from retro.export.csv_export import BOM

        text = BOM + text
    return text.encode("utf-8")


def write(rendered: Rendered, destination: Path, *, store: Path | None = None, force: bool = False) -> Written:
    """Write an export: a file (atomically) or, for Markdown, a folder of notes.

    Never one of the files of `store` (the store being exported; None only for a destination
    outside any store), never a pipe or a device; an existing file only with `force`; a note
    edited since it was written only with `force` (else the new one goes beside it)."""
    if rendered.is_folder:
        from retro.export.markdown import verdict

        files = {name: text.encode("utf-8") for name, text in rendered.files.items()}
        return write_folder(destination, files, store=store, force=force, verdict=verdict)
    return Written([write_file(destination, payload(rendered, for_file=True), store=store, force=force)])


def describe(rendered: Rendered) -> str:
    """What was exported, for the line that says where it went."""
    count = rendered.count
    return {
        "jrnl": n("{count} journal entry", "{count} journal entries", count),
        "markdown": n("{count} note", "{count} notes", count),
        "json": n("{count} record", "{count} records", count),
        "csv": n("{count} experiment", "{count} experiments", count),
        "ics": n("{count} open experiment", "{count} open experiments", count),
    }[rendered.target]


def export_folder() -> Path:
    """Where exports go unless told otherwise: a folder in the user's home."""
    return Path("~").expanduser() / "retro-export"


def default_destination(target: str, scope: Scope, today: date, retro_day: date | None = None) -> Path:
    """A sensible file (or folder) name for a target and scope, under `export_folder()`."""
    if scope.retro_id:
        stem = f"retro-{(retro_day or today).isoformat()}-{slug(scope.team or '', 'team')}"
    elif scope.team:
        stem = f"retro-{slug(scope.team, 'team')}"
    else:
        stem = "retro"
    name = {
        "jrnl": f"{stem}-jrnl.txt",
        "markdown": "notes",
        "json": f"retro-backup-{today.isoformat()}.json",
        "csv": f"{stem}-experiments.csv",
        "ics": f"{stem}-experiments.ics",
    }[target]
    return export_folder() / name
