"""`retro export --to TARGET` and `retro import PATH`: the journal exports and the backup restore."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from retro.cli.common import Settings, echo, parse_day, pass_settings, refuse, retro_or_refuse
from retro.domain.text import visible, visible_name
from retro.export import TARGETS, ExportError, Scope, describe, render, write
from retro.export.common import destination
from retro.i18n import n, t

if TYPE_CHECKING:
    from retro.export.json_backup import Backup


def _formats() -> dict:
    """Format names for column titles; a broken format file never stops an export."""
    from retro.store.catalog import load_catalog

    return dict(load_catalog().formats)


@click.command()
@click.option("--to", "target", required=True, type=click.Choice(TARGETS, case_sensitive=False),
              help="jrnl, markdown (a folder of notes), json (full backup), csv or ics.")
@click.option("--since", metavar="DATE", help="Only what happened on or after this day (YYYY-MM-DD).")
@click.option("--until", metavar="DATE", help="Only what happened on or before this day (YYYY-MM-DD).")
@click.option("--team", metavar="NAME", help="Only this team's retros and experiments.")
@click.option("--retro", "retro_id", metavar="ID", help="Only this retro and the experiments decided in it.")
@click.option("-o", "--output", metavar="PATH", type=click.Path(path_type=Path),
              help="File to write (folder for markdown). Without it, single-file targets go to stdout.")
@click.option("--force", is_flag=True,
              help="Replace an existing file; for markdown, also notes edited since they were exported.")
@pass_settings
def export(settings: Settings, target: str, since: str | None, until: str | None, team: str | None,
           retro_id: str | None, output: Path | None, force: bool) -> None:
    """Export the kata log and retros to your journal.

    \b
    retro export --to jrnl -o week.txt && jrnl --import --file week.txt
    retro export --to markdown -o ~/vault/retro
    retro export --to json -o backup.json    (restore with: retro import backup.json)
    retro export --to csv --since 2026-01-01 > experiments.csv
    retro export --to ics -o experiments.ics

    -o never writes over the store's own files, and replaces an existing file only with --force.
    A Markdown note edited since it was exported is kept; the new one is written beside it.
    """
    target = target.lower()
    scope = Scope(since=parse_day(since, "--since"), until=parse_day(until, "--until"), team=team, retro_id=retro_id)
    if scope.since and scope.until and scope.since > scope.until:
        refuse(t("--since {since} is after --until {until}", since=since, until=until))
    if target == "markdown" and output is None:
        refuse(t("markdown writes a folder of notes: say where with -o FOLDER"))
    repo = settings.repo()
    if retro_id is not None:
        retro_or_refuse(repo, retro_id)
    try:
        if output is not None:
            destination(output, repo.path)  # refused before the work of rendering
        rendered = render(target, repo, scope, settings.clock.now(), None if target == "json" else _formats())
        if output is None:
            sys.stdout.buffer.write(rendered.text.encode("utf-8"))
            sys.stdout.flush()
            return
        written = write(rendered, output, store=repo.path, force=force)
    except ExportError as exc:
        refuse(visible(str(exc)))
    for edited, new in written.beside:
        echo("retro: " + t("{note} was edited since it was exported: kept it, and wrote the new note to {new}",
                                 note=visible(str(edited)), new=visible(new.name)), err=True)
    paths = written.paths
    where = paths[0].parent if rendered.is_folder and paths else (paths[0] if paths else output.expanduser())
    echo(t("Wrote {what} to {path}", what=describe(rendered), path=visible(str(where))))


@click.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--merge", is_flag=True, help="Add what the store lacks (by id) instead of refusing a non-empty store.")
@pass_settings
def import_(settings: Settings, path: Path, merge: bool) -> None:
    """Restore a JSON backup (from `retro export --to json`) into an empty store.

    With --merge, add the records the store does not have yet (by id); a record that exists
    with different content is reported as a conflict and left as it is, never overwritten.
    """
    from retro.export import json_backup

    repo = settings.repo()
    try:
        backup = json_backup.read_backup(path)
        if not merge:
            if not repo.is_empty():
                refuse(t("{store}: the store is not empty; import restores into an empty store, or add --merge",
                         store=repo.path))
            count = json_backup.restore(repo, backup.tables)
            _notes(backup, path)
            echo(n("Restored {count} record from {path}", "Restored {count} records from {path}", count,
                         path=visible(str(path))))
            return
        report = json_backup.merge(repo, backup.tables)
    except ExportError as exc:
        refuse(visible(str(exc)))
    _notes(backup, path)
    for table, obj_id in report.conflicts:
        echo(t("conflict: {table} {id} differs from the store's; kept the store's", table=table,
                     id=visible_name(obj_id)))
    echo(t("Merged {path}: added {added}, already there {same}, conflicts {conflicts}",
                 path=visible(str(path)), added=report.added_total, same=report.unchanged, conflicts=len(report.conflicts)))


def _notes(backup: Backup, path: Path) -> None:
    """What the import changed or let through, one line each on stderr: control characters it
    removed, text longer than retro allows today (restored as it is: it was allowed once)."""
    name = visible(str(path))
    if backup.removed:
        echo("retro: " + n("{file}: removed {count} control character from its text (line breaks and tabs are kept)",
                           "{file}: removed {count} control characters from its text (line breaks and tabs are kept)",
                           backup.removed, file=name), err=True)
    if backup.too_long:
        where, length, limit = backup.too_long[0]
        echo("retro: " + n("{file}: {count} text is longer than retro allows today, restored as it is "
                           "(the first: {where}, {length} characters, at most {limit})",
                           "{file}: {count} texts are longer than retro allows today, restored as they are "
                           "(the first: {where}, {length} characters, at most {limit})",
                           len(backup.too_long), file=name, where=where, length=length, limit=limit), err=True)
