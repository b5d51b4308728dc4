"""`retro formats …`: list, show and check formats; create, edit, export and import them.

Nothing here imports Textual except the bare `retro formats` in a terminal, which opens the
library screen. A user's format file is never rewritten without being asked: `new` refuses an id
or a file that exists, `import` refuses a duplicate unless `--replace`, `export` refuses to
overwrite a file unless `--force`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from retro.store.catalog import load_catalog, read_text
from retro.cli.common import Settings, ask, echo, emit_json, refuse, stdin_is_terminal
from retro.domain.format import ID_MAX, Format, FormatError, Problem, parse_format
from retro.domain.text import visible, visible_name
from retro.i18n import language as ui_language
from retro.i18n import n, t

# `retro formats new` without --from starts from the case study's format: it has every phase kind.
STARTER = {"en": "hybrid-experiments", "sv": "hybrid-experiments-sv"}


def _as_json(fmt: Format) -> dict:
    return {**fmt.to_dict(), "source": fmt.source, "builtin": fmt.builtin}


def _minutes_warning(fmt: Format) -> str:
    return t("{path}: warning: the phases add up to {sum} min, the format says {minutes} min",
             path=fmt.source, sum=fmt.phase_minutes, minutes=fmt.minutes)


@click.group(invoke_without_command=True)
@click.pass_context
def formats(ctx: click.Context) -> None:
    """Retro formats: list, show, check, create, edit, export and import them.

    Without a command: the format library in a terminal, else the list.
    """
    if ctx.invoked_subcommand is not None:
        return
    if stdin_is_terminal() and sys.stdout.isatty():
        from retro.tui.app import launch
        from retro.tui.screens.library import FormatLibraryScreen

        launch(ctx.ensure_object(Settings), start=FormatLibraryScreen())
        return
    ctx.invoke(list_formats)


@formats.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def list_formats(as_json: bool) -> None:
    """List the built-in and user formats (files that failed validation go to stderr)."""
    catalog = load_catalog()
    if as_json:
        emit_json([_as_json(f) for f in catalog.sorted()])
    else:
        for f in catalog.sorted():
            where = "" if f.builtin else f"  [{f.source}]"
            echo(f"{f.id:28} {f.language}  {t('{minutes} min', minutes=f.minutes):>7}  {visible_name(f.name)}{where}")
    for skipped in catalog.skipped:
        echo(t("skipped {problem}", problem=skipped.problems[0]), err=True)


@formats.command("show")
@click.argument("format_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def show_format(format_id: str, as_json: bool) -> None:
    """Show one format's phases."""
    fmt = load_catalog().get(format_id)
    if fmt is None:
        refuse(t("No format with id {id}", id=format_id))
    if as_json:
        emit_json(_as_json(fmt))
        return
    echo(f"{visible_name(fmt.name)} ({fmt.id}, {fmt.language}, {t('{minutes} min', minutes=fmt.minutes)})")
    echo(t("Source: {source}", source=t("built-in") if fmt.builtin else fmt.source))
    echo(fmt.summary)
    for note in fmt.hybrid_notes:
        echo(f"  * {note}")
    for i, phase in enumerate(fmt.phases, 1):
        echo(f"{i:2}. {phase.title} [{phase.kind}] {t('{minutes} min', minutes=phase.minutes)}")
        if phase.prompt:
            echo(f"      {phase.prompt}")
        for col in phase.columns:
            echo(f"      - {col.title}" + (f": {col.hint}" if col.hint else ""))
    if fmt.minutes_disagree:
        echo(_minutes_warning(fmt), err=True)


@formats.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check_formats(paths: tuple[Path, ...]) -> None:
    """Validate format files (default: all built-in and user formats). Exit 2 on any problem.

    Every problem is one line: PATH:LINE: field: message.
    """
    problems: list[Problem] = []
    valid: list[Format] = []
    if paths:
        for path in paths:
            try:
                valid.append(parse_format(read_text(path), str(path)))
            except FormatError as exc:
                problems.extend(exc.problems)
    else:
        catalog = load_catalog()
        valid = catalog.sorted() + list(catalog.overridden.values())
        for skipped in catalog.skipped:
            problems.extend(skipped.problems)
    for problem in problems:
        echo(str(problem), err=True)
    for fmt in valid:
        if fmt.minutes_disagree:
            echo(_minutes_warning(fmt), err=True)
    if problems:
        raise click.exceptions.Exit(2)
    echo(n("{count} format is valid.", "All {count} formats are valid.", len(valid)))


# -- creating and editing ---------------------------------------------------------------------


def _edit_until_valid(path: Path, created: bool, before: str | None) -> None:
    """Open the editor, validate on return; with problems, let the facilitator edit again, keep
    the file as it is, or discard the edit. Without a terminal: report and exit 2, file kept."""
    from retro.store.format_files import EditorFailed, check_file, editor_command, replace_file, run_editor

    command = editor_command()
    if command is None:
        refuse(t("No editor: set $VISUAL or $EDITOR"))
    line: int | None = None
    while True:
        try:
            run_editor(command, path, line)
        except EditorFailed as exc:
            refuse(t("The editor could not be started: {reason}", reason=str(exc)))
        fmt, problems = check_file(path)
        if fmt is not None:
            echo(n("{path} is valid: {name}, {count} phase, {minutes} min.",
                   "{path} is valid: {name}, {count} phases, {minutes} min.", len(fmt.phases), path=path,
                   name=visible_name(fmt.name), minutes=fmt.minutes))
            if fmt.minutes_disagree:
                echo(_minutes_warning(fmt), err=True)
            return
        for problem in problems:
            echo(str(problem), err=True)
        if not stdin_is_terminal():
            refuse(n("{path} has {count} problem; it is kept as it is: fix it and run 'retro formats check'",
                     "{path} has {count} problems; it is kept as it is: fix it and run 'retro formats check'",
                     len(problems), path=path))
        choice = ask(t("Edit again (e), keep it with its problems (k), or discard the edit (d)?"),
                     type=click.Choice(["e", "k", "d"]), default="e", err=True)
        line = next((p.line for p in problems if p.line), None)  # edit again: at the first problem
        if choice == "k":
            refuse(n("{path} is kept with {count} problem; it is listed as failed until fixed",
                     "{path} is kept with {count} problems; it is listed as failed until fixed", len(problems), path=path))
        if choice == "d":
            if created:
                path.unlink(missing_ok=True)
                refuse(t("Discarded: {path} was removed", path=path))
            assert before is not None
            replace_file(path, before)
            refuse(t("Discarded: {path} is back as it was", path=path))


@formats.command("new")
@click.argument("format_id")
@click.option("--from", "from_id", metavar="EXISTING_ID", help="Copy this format (default: the hybrid format).")
@click.option("--lang", type=click.Choice(["sv", "en"]), help="Language of the new format (default: the copied one's).")
@click.option("--edit", is_flag=True, help="Open it in $VISUAL / $EDITOR, then validate it.")
def new_format(format_id: str, from_id: str | None, lang: str | None, edit: bool) -> None:
    """Write a new format FORMAT_ID into your formats dir, as commented TOML.

    It starts as a copy of --from (or of the case study's hybrid format, in --lang). An id
    that exists is refused.
    """
    from retro.store.format_files import Taken, check_new_id, derive, editor_command, render_format, write_new

    catalog = load_catalog()
    try:
        path = check_new_id(catalog, format_id)
    except Taken as exc:
        refuse(t("A format with id {id} already exists: {where}", id=format_id, where=str(exc)))
    except ValueError:
        refuse(t("{id} is not a usable id: use 1 to {max} lower-case letters, digits, - or _", id=format_id,
                 max=ID_MAX))
    if from_id is None:
        base = catalog.get(STARTER[lang or ui_language()])
    else:
        base = catalog.get(from_id)
        if base is None:
            refuse(t("No format with id {id}", id=from_id))
    if base is None:  # the starter itself failed to load: the install is damaged
        refuse(t("No format with id {id}", id=STARTER[lang or ui_language()]))
    if edit and editor_command() is None:
        refuse(t("No editor: set $VISUAL or $EDITOR"))
    fmt = derive(base, format_id, lang)
    try:
        write_new(path, render_format(fmt, based_on=[base.id], path=str(path)))
    except FileExistsError:
        refuse(t("A format with id {id} already exists: {where}", id=format_id, where=str(path)))
    except OSError as exc:
        refuse(t("Cannot write {path}: {reason}", path=path, reason=exc.strerror or str(exc)))
    echo(t("Created {path}", path=path))
    if edit:
        _edit_until_valid(path, created=True, before=None)


def _file_name_like(format_id: str) -> bool:
    """Could be the name of a file in the formats dir: no directory, no NUL, not hidden, short
    enough for any file system. (A file with an invalid id must still be editable to fix it.)"""
    return (Path(format_id).name == format_id and not format_id.startswith(".") and "\x00" not in format_id
            and len(format_id.encode("utf-8", "surrogateescape")) <= 200)


@formats.command("edit")
@click.argument("format_id")
def edit_format(format_id: str) -> None:
    """Open your format FORMAT_ID in $VISUAL / $EDITOR, then validate it.

    A file that failed validation is found by its name: FORMAT_ID.toml in your formats dir.

    Built-in formats are read-only: copy one first with 'retro formats new NEW_ID --from ID'.
    """
    from retro.store.format_files import user_path

    catalog = load_catalog()
    fmt = catalog.get(format_id)
    if fmt is not None and fmt.builtin:
        refuse(t("{id} is built in and read-only; copy it: retro formats new NEW_ID --from {id}", id=format_id))
    if fmt is None and not _file_name_like(format_id):  # never a path of the user's choosing ("../x")
        refuse(t("No format with id {id}", id=format_id))
    # A file that failed validation has no id we could read, but is what most needs editing.
    path = Path(fmt.source) if fmt is not None else user_path(catalog, format_id)
    if not path.is_file():
        refuse(t("No format with id {id}", id=format_id))
    _edit_until_valid(path, created=False, before=read_text(path))


# -- sharing ----------------------------------------------------------------------------------


@formats.command("export")
@click.argument("format_id")
@click.option("-o", "--output", "output", metavar="FILE", help="Write to FILE (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def export_format(format_id: str, output: str | None, force: bool) -> None:
    """Write format FORMAT_ID's file, comments and all, for a colleague to import."""
    from retro.store.format_files import replace_file, write_new

    fmt = load_catalog().get(format_id)
    if fmt is None:
        refuse(t("No format with id {id}", id=format_id))
    try:
        text = read_text(Path(fmt.source))
    except FormatError as exc:
        refuse(str(exc.problems[0]))
    if output in (None, "-"):
        # Exact for a pipe or a file; on a terminal the file's text is shown like any other
        # (a shared file's escape sequences are shown, not run).
        sys.stdout.write(visible(text) if sys.stdout.isatty() else text)
        return
    target = Path(output)
    if target.is_dir():
        refuse(t("{path} is a directory; give a file name", path=target))
    try:
        if force:
            replace_file(target, text)
        else:
            write_new(target, text)
    except FileExistsError:
        refuse(t("{path} exists; use --force to overwrite it", path=target))
    except OSError as exc:
        refuse(t("Cannot write {path}: {reason}", path=target, reason=exc.strerror or str(exc)))
    echo(t("Exported {id} to {path}", id=format_id, path=target))


@formats.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Replace a format with the same id.")
def import_format(file: Path, replace: bool) -> None:
    """Validate FILE and add it to your formats (as it is, comments and all).

    A format with the same id is refused unless --replace; replacing a built-in adds your file,
    which then takes the built-in's place.
    """
    from retro.store.format_files import replace_file, user_path, write_new

    try:
        text = read_text(file)
    except FormatError as exc:  # missing or unreadable: one line says why
        refuse(str(exc.problems[0]))
    try:
        fmt = parse_format(text, str(file))
    except FormatError as exc:
        for problem in exc.problems:
            echo(str(problem), err=True)
        refuse(t("{path} is not a valid format; nothing was imported", path=file))
    catalog = load_catalog()
    existing = catalog.get(fmt.id)
    target = user_path(catalog, fmt.id)
    if existing is not None and not existing.builtin:
        target = Path(existing.source)
    if existing is not None and not replace:
        refuse(t("A format with id {id} already exists: {where}; use --replace to replace it",
                 id=fmt.id, where=t("built-in") if existing.builtin else existing.source))
    if target.exists() and not replace:
        refuse(t("{path} exists; use --replace to overwrite it", path=target))
    try:
        if target.exists():
            replace_file(target, text)
        else:
            write_new(target, text)
    except OSError as exc:
        refuse(t("Cannot write {path}: {reason}", path=target, reason=exc.strerror or str(exc)))
    echo(t("Imported {id} into {path}", id=fmt.id, path=target))
