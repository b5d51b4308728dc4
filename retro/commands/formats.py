"""`retro formats …`: list, show and check retro formats."""

from __future__ import annotations

from pathlib import Path

import click

from retro.catalog import load_catalog, load_file
from retro.commands.common import emit_json, refuse
from retro.domain.format import FormatError
from retro.i18n import t


@click.group(invoke_without_command=True)
@click.pass_context
def formats(ctx: click.Context) -> None:
    """Retro formats: list, show and check them."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(list_formats)


@formats.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_formats(as_json: bool) -> None:
    """List the built-in and user formats."""
    catalog = load_catalog()
    if as_json:
        emit_json([f.to_dict() for f in catalog.sorted()])
        return
    for f in catalog.sorted():
        click.echo(f"{f.id:28} {f.language}  {t('{minutes} min', minutes=f.minutes):>7}  {f.name}")
    for skipped in catalog.skipped:
        click.echo(f"skipped {skipped.path}: {skipped.problems[0]}", err=True)


@formats.command("show")
@click.argument("format_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show_format(format_id: str, as_json: bool) -> None:
    """Show one format's phases."""
    fmt = load_catalog().get(format_id)
    if fmt is None:
        refuse(t("No format with id {id}", id=format_id))
    if as_json:
        emit_json(fmt.to_dict())
        return
    click.echo(f"{fmt.name} ({fmt.id}, {fmt.language}, {t('{minutes} min', minutes=fmt.minutes)})")
    click.echo(fmt.summary)
    for note in fmt.hybrid_notes:
        click.echo(f"  * {note}")
    for i, phase in enumerate(fmt.phases, 1):
        click.echo(f"{i:2}. {phase.title} [{phase.kind}] {t('{minutes} min', minutes=phase.minutes)}")
        if phase.prompt:
            click.echo(f"      {phase.prompt}")
        for col in phase.columns:
            click.echo(f"      - {col.title}" + (f": {col.hint}" if col.hint else ""))


@formats.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check_formats(paths: tuple[Path, ...]) -> None:
    """Validate format files (default: all built-in and user formats). Exit 2 on any problem."""
    problems = []
    count = 0
    if paths:
        for path in paths:
            count += 1
            try:
                load_file(path)
            except FormatError as exc:
                problems.extend(exc.problems)
    else:
        catalog = load_catalog()
        count = len(catalog.formats) + len(catalog.skipped)
        for skipped in catalog.skipped:
            problems.extend(skipped.problems)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise SystemExit(2)
    click.echo(t("All {count} formats are valid.", count=count))
