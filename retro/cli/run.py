"""`retro run`, `retro item add`, `retro retros list|show`: running retros from the command line.

`run` opens the TUI; the others work in scripts and from a second terminal while a retro runs
(a running TUI shows an added item within a second). None of them imports Textual at import
time: the run screen is imported inside `run`, after the input has been checked.
"""

from __future__ import annotations

from typing import Any

import click

from retro.store.catalog import load_catalog
from retro.cli.common import Settings, echo, emit_json, pass_settings, refuse, require_terminal, retro_or_refuse
from retro.domain.errors import RuleError
from retro.domain.format import Format
from retro.domain.kata import Experiment
from retro.domain.retro import Participant, Retro
from retro.domain.text import visible_name
from retro.i18n import n, t, t_error


def _format_or_refuse(format_id: str) -> Format:
    fmt = load_catalog().get(format_id)
    if fmt is None:
        refuse(t("No format with id {id}", id=format_id))
    return fmt


@click.command()
@click.argument("format_id", required=False)
@click.option("--team", metavar="NAME", help="The team holding the retro.")
@click.option("--participant", "participants", metavar="NAME[:remote]", multiple=True,
              help="Someone taking part; add :remote for someone on the call. Repeat for each.")
@click.option("--anonymous/--named", "anonymous", default=None,
              help="Store items without names (anonymous), or with them; the format's `anonymous` by default.")
@click.option("--resume", "resume_id", metavar="RETRO_ID", help="Continue a retro where it stopped.")
@pass_settings
def run(settings: Settings, format_id: str | None, team: str | None, participants: tuple[str, ...],
        anonymous: bool | None, resume_id: str | None) -> None:
    """Run a retro in the terminal: start one with FORMAT_ID, or --resume one.

    \b
    Examples:
      retro run hybrid-experiments --team Blå --participant Anna --participant Bo:remote
      retro run mad-sad-glad --team Blå --anonymous
      retro run --resume rt-3kf9q2a
    """
    if bool(format_id) == bool(resume_id):
        refuse(t("Give a FORMAT_ID to start a retro, or --resume RETRO_ID to continue one (not both)"))
    repo = settings.repo()
    if resume_id:
        if team or participants:
            refuse(t("--team and --participant are for a new retro, not with --resume"))
        if anonymous is not None:
            # Never changed once started: an item written as anonymous must stay so.
            refuse(t("--anonymous and --named are for a new retro, not with --resume"))
        retro = retro_or_refuse(repo, resume_id)
        fmt = load_catalog().get(retro.format_id)
        if fmt is None:
            refuse(t("Retro {id} uses format {format}, which is not installed", id=retro.id, format=retro.format_id))
        if not 0 <= retro.phase_index < len(fmt.phases):
            # The format lost phases since: the phase it stopped in is gone, and any other one
            # would be a guess (a running retro would lose its place, a closed one show a phase it
            # never had). Refused, with nothing changed; `retros show` still shows all of it.
            refuse(n("Retro {id} stopped at phase {phase}, but its format {format} now has {count} phase; "
                     "give the format its phases back to resume it (retro retros show {id} shows it as it is)",
                     "Retro {id} stopped at phase {phase}, but its format {format} now has {count} phases; "
                     "give the format its phases back to resume it (retro retros show {id} shows it as it is)",
                     len(fmt.phases), id=retro.id, phase=retro.phase_index + 1, format=retro.format_id))
        require_terminal()
        retro_id = retro.id
    else:
        assert format_id is not None
        fmt = _format_or_refuse(format_id)
        try:
            people = [Participant.parse(spec) for spec in participants]
            retro = Retro.start(format_id, team or "", people, settings.clock.now(),
                                anonymous=fmt.anonymous if anonymous is None else anonymous)
        except RuleError as exc:
            refuse(t_error(exc))
        # Checked before anything is stored: a script without a terminal leaves no half-started retro.
        require_terminal()
        repo.add(retro)
        retro_id = retro.id

    from retro.tui.app import launch
    from retro.tui.screens.run import RunScreen

    launch(settings, start=RunScreen(retro_id))


# -- items from another terminal --------------------------------------------------------------


@click.group()
def item() -> None:
    """Items of a running retro, e.g. written from a second terminal or a script."""


@item.command("add")
@click.option("--retro", "retro_id", required=True, metavar="ID", help="The retro to add to.")
@click.option("--prompt", "column", required=True, metavar="COLUMN_ID",
              help="The gather column (prompt) of the retro's format, e.g. worked.")
@click.option("--author", default="", metavar="NAME",
              help="Who wrote it (optional; not stored in an anonymous retro).")
@click.option("--json", "as_json", is_flag=True, help="Print the new item as JSON.")
@click.argument("text")
@pass_settings
def add_item(settings: Settings, retro_id: str, column: str, author: str, as_json: bool, text: str) -> None:
    """Add an item with TEXT to a retro; a running retro screen shows it within a second."""
    repo = settings.repo()
    retro = retro_or_refuse(repo, retro_id)
    fmt = _format_or_refuse(retro.format_id)
    if fmt.column(column) is None:
        refuse(t("Format {format} has no column {column}; its columns are: {columns}",
                 format=fmt.id, column=column, columns=", ".join(c.id for c in fmt.columns()) or "-"))
    if retro.status == "closed":
        refuse(t("Retro {id} is closed", id=retro.id))
    now = settings.clock.now()
    added: list[Any] = []
    try:
        # Read-modify-write under the store's lock: the running TUI's own changes are kept.
        repo.update(Retro, retro.id, lambda r: added.append(r.add_item(column, text, author, now)))
    except RuleError as exc:
        refuse(t_error(exc))
    new = added[0]
    if author.strip() and retro.anonymous:
        echo(t("Retro {id} is anonymous: the item is stored without author", id=retro.id), err=True)
    if as_json:
        emit_json(new)
    else:
        echo(new.id)


# -- listing and showing --------------------------------------------------------------------------


@click.group()
def retros() -> None:
    """Retros in the store: list them, show one."""


def _summary(retro: Retro, fmt: Format | None) -> dict[str, Any]:
    phase = fmt.phases[retro.phase_index] if fmt and 0 <= retro.phase_index < len(fmt.phases) else None
    return {
        "id": retro.id,
        "team": retro.team,
        "format": retro.format_id,
        "status": retro.status,
        "started_at": retro.started_at,
        "closed_at": retro.closed_at,
        "phase": str(phase.kind) if phase else None,
        "participants": len(retro.participants),
        "anonymous": retro.anonymous,
        "items": len(retro.items),
        "experiments": len(retro.experiment_ids),
    }


@retros.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def list_retros(settings: Settings, as_json: bool) -> None:
    """List retros, newest first."""
    catalog = load_catalog()
    rows = [_summary(r, catalog.get(r.format_id)) for r in settings.repo().retros()]
    if as_json:
        emit_json(rows)
        return
    if not rows:
        echo(t("No retros yet."))
        return
    for row in rows:
        when = row["started_at"].strftime("%Y-%m-%d %H:%M")
        echo(f"{row['id']}  {when}  {t(row['status']):9} {visible_name(row['team'])}  ({visible_name(row['format'])}, "
             + n("{count} item", "{count} items", row["items"]) + ")")


def retro_details(retro: Retro, fmt: Format | None, experiments: list[Experiment]) -> dict[str, Any]:
    """The shape of `retro retros show --json`: everything a script needs about one retro."""
    counts = retro.vote_counts()
    data = _summary(retro, fmt)
    data.pop("items")
    data.pop("experiments")
    data["participants"] = [{"name": p.name, "remote": p.remote} for p in retro.participants]
    data["items"] = [
        {"id": it.id, "text": it.text, "author": retro.author_of(it), "column": it.column, "theme": it.theme_id,
         "votes": counts[it.id], "created_at": it.created_at, "notes": it.notes}
        for it in retro.items
    ]
    data["themes"] = [
        {"id": th.id, "title": th.title, "items": [it.id for it in retro.theme_items(th.id)], "votes": counts[th.id],
         "notes": th.notes}
        for th in retro.themes
    ]
    data["votes"] = {name: list(dots) for name, dots in retro.votes.items()}
    data["experiments"] = experiments
    data["reviewed"] = list(retro.reviewed)
    data["roti"] = dict(retro.roti)
    return data


@retros.command("show")
@click.argument("retro_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_settings
def show_retro(settings: Settings, retro_id: str, as_json: bool) -> None:
    """Show one retro: items, themes, votes, experiments and ROTI."""
    repo = settings.repo()
    retro = retro_or_refuse(repo, retro_id)
    fmt = load_catalog().get(retro.format_id)
    experiments = [e for e in (repo.find(Experiment, i) for i in retro.experiment_ids) if e is not None]
    if as_json:
        emit_json(retro_details(retro, fmt, experiments))
        return
    counts = retro.vote_counts()
    echo(f"{visible_name(retro.team)} · {visible_name(fmt.name if fmt else retro.format_id)} · "
         f"{retro.started_at:%Y-%m-%d %H:%M} · {t(retro.status)}")
    if retro.anonymous:
        echo(t("Anonymous: items are stored without names"))
    if retro.participants:
        echo(t("Participants") + ": " + ", ".join(
            visible_name(p.name) + (" (" + t("remote") + ")" if p.remote else "") for p in retro.participants))
    columns = fmt.columns() if fmt else []
    known = {c.id for c in columns}
    for col_id, title in [(c.id, c.title) for c in columns] + [
            (c, c) for c in dict.fromkeys(it.column for it in retro.items) if c not in known]:
        items = retro.items_in(col_id)
        if not items:
            continue
        echo(f"\n{title}")
        for it in items:
            votes = f"  [{counts[it.id]}]" if counts[it.id] else ""
            author = retro.author_of(it)
            by = f"  — {visible_name(author)}" if author else ""
            echo(f"  - {it.text}{by}{votes}")
    if retro.themes:
        echo("\n" + t("Themes"))
        for th in retro.themes:
            echo(f"  * {th.title}  [{counts[th.id]}]  " + n("{count} item", "{count} items", len(retro.theme_items(th.id))))
    if experiments:
        echo("\n" + t("Experiments"))
        for ex in experiments:
            echo(f"  * {ex.step}")
            echo("    " + t("Expect: {text}", text=ex.current("expectation")))
            echo("    " + t("Go and see: {day}", day=ex.go_and_see_on.isoformat()) + (f" · {visible_name(ex.owner)}" if ex.owner else ""))
    if retro.roti:
        average = retro.roti_average() or 0
        echo("\n" + n("ROTI {average:.1f} from {count} person", "ROTI {average:.1f} from {count} people",
                      len(retro.roti), average=average))
