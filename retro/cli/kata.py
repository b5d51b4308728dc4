"""`retro kata …`: the leader's Improvement Kata log from the command line, and `retro demo`.

Every command here runs without Textual (only `retro kata` with no subcommand opens the TUI).
Ids are printed first on each line so scripts can cut them; `--json` prints the created or
listed objects through the one codec.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

import click

from retro.cli.common import (
    Settings,
    ask,
    echo,
    emit_json,
    parse_day,
    pass_settings,
    refuse,
    require_terminal,
    stdin_is_terminal,
)
from retro.domain.clock import next_working_day
from retro.domain.errors import RuleError
from retro.domain.kata import (
    AMENDABLE_FIELDS,
    AS_EXPECTED,
    TC_CLOSING,
    Challenge,
    Experiment,
    Obstacle,
    TargetCondition,
    activate,
    area_label,
    focus,
    lock_due,
    previous_active,
)
from retro.domain.text import visible_name
from retro.i18n import n, t, t_error
from retro.store.kata_log import FIELD_LABELS
from retro.store import Repository

T = TypeVar("T")

NOUNS = {Challenge: "challenge", TargetCondition: "target condition", Obstacle: "obstacle", Experiment: "experiment"}


def _get(repo: Repository, cls: type[T], obj_id: str) -> T:
    obj = repo.find(cls, obj_id.strip())
    if obj is None:
        refuse(t("No {noun} with id {id}", noun=t(NOUNS[cls]), id=obj_id))
    return obj


def _ruled(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a domain rule; a refusal becomes the one-line exit-2 message."""
    try:
        return fn(*args, **kwargs)
    except RuleError as exc:
        refuse(t_error(exc))


def _say(obj_id: str, text: str) -> None:
    echo(f"{obj_id}  {text}")


# -- the group ------------------------------------------------------------------------------


@click.group(invoke_without_command=True)
@click.pass_context
def kata(ctx: click.Context) -> None:
    """The leader's Improvement Kata log: challenge, target conditions, obstacles and
    experiments with their expectations written first.

    Without a command, opens the kata log on screen.
    """
    if ctx.invoked_subcommand is None:
        settings = ctx.ensure_object(Settings)
        require_terminal()
        from retro.tui.app import launch
        from retro.tui.screens.kata import KataScreen

        launch(settings, start=KataScreen())


# -- challenge ------------------------------------------------------------------------------


@kata.group()
def challenge() -> None:
    """The long-range direction every target condition ties to."""


@challenge.command("add")
@click.argument("text")
@click.option("--statement", default="", help="What the challenge means, in a few sentences.")
@click.option("--vision", default="", help="The vision it serves.")
@click.option("--area", default=None, help="Its area: personal, leaders, organisation, team or your own.")
@click.option("--json", "as_json", is_flag=True, help="Print the new challenge as JSON.")
@pass_settings
def challenge_add(settings: Settings, text: str, statement: str, vision: str, area: str | None, as_json: bool) -> None:
    """Write a new challenge."""
    repo = settings.repo()
    ch = _ruled(Challenge.create, text, settings.clock.now(), statement=statement, area=area, vision=vision)
    repo.add(ch)
    if as_json:
        emit_json(ch)
    else:
        _say(ch.id, ch.title)


# -- target conditions ----------------------------------------------------------------------


@kata.group("tc")
def tc_group() -> None:
    """Target conditions: the next concrete state to reach, one active at a time per challenge."""


def _reflection_for(previous: TargetCondition, given: str | None) -> str:
    """The closing reflection: from --reflection, or asked for when a person is at the
    terminal; a script without it is refused rather than left waiting for input."""
    if given is not None and given.strip():
        return given
    if not stdin_is_terminal():
        refuse(t("Target condition {id} is still active: give --reflection TEXT to close it", id=previous.id))
    return ask(t("Reflection on {title} before it closes", title=previous.title), type=str)


def _sharing(shared: bool, private: bool) -> bool | None:
    """--shared or --private as the stored choice; neither: None (by its area)."""
    if shared and private:
        refuse(t("Give --shared or --private, not both"))
    return True if shared else (False if private else None)


def _sharing_text(tc: TargetCondition) -> str:
    return t("shared") if tc.is_shared else t("private")


@tc_group.command("add")
@click.argument("text")
@click.option("--challenge", "challenge_id", required=True, metavar="ID", help="The challenge it ties to.")
@click.option("--by", "by", metavar="DATE", help="Achieve by (YYYY-MM-DD; default one week on).")
@click.option("--area", default=None, help="personal, leaders, organisation, team (default) or your own.")
@click.option("--shared", is_flag=True,
              help="Shared with the team: shown on the retro screens (default for the area team).")
@click.option("--private", is_flag=True, help="Kept in the kata log only (default for every other area).")
@click.option("--outcome", default="", help="The outcome to see when it is reached.")
@click.option("--pattern", "operating_pattern", default="", help="The operating pattern to see.")
@click.option("--current", "current_condition", default="", help="The current condition, as it is now.")
@click.option("--reflection", default=None, help="Closes the active one with this reflection.")
@click.option("--close-as", type=click.Choice(TC_CLOSING), default=None,
              help="How the active one closes (default: achieved, or expired when its date has passed).")
@click.option("--json", "as_json", is_flag=True, help="Print the new target condition as JSON.")
@pass_settings
def tc_add(settings: Settings, text: str, challenge_id: str, by: str | None, area: str | None, shared: bool,
           private: bool, outcome: str, operating_pattern: str, current_condition: str, reflection: str | None,
           close_as: str | None, as_json: bool) -> None:
    """Set a new target condition and make it the active one of its challenge.

    The one active before it closes, with its reflection (--reflection; asked for at a terminal).
    Only a shared target condition shows on the retro screens and the home screen.
    """
    sharing = _sharing(shared, private)
    repo = settings.repo()
    now = settings.clock.now()
    achieve_by = parse_day(by, "--by")
    ch = _get(repo, Challenge, challenge_id)
    if not ch.is_active:
        refuse(t("Challenge {id} is closed", id=ch.id))
    new = _ruled(TargetCondition.create, ch.id, text, now, achieve_by=achieve_by, area=area, outcome=outcome,
                 operating_pattern=operating_pattern, current_condition=current_condition)
    new.shared = sharing
    previous = previous_active(new, repo.all(TargetCondition))
    if previous is not None:
        reflection = _reflection_for(previous, reflection)
    with repo.locked():
        siblings = repo.all(TargetCondition)  # fresh, under the lock
        closed = _ruled(activate, new, siblings, reflection, now, close_as)
        if closed is not None:
            repo.save(closed)
        repo.add(new)
    if as_json:
        emit_json(new)
        return
    if closed is not None:
        _say(closed.id, t("closed as {status}", status=t(closed.status)))
    _say(new.id, t("{title} (achieve by {day})", title=new.title, day=new.achieve_by.isoformat()))


@tc_group.command("close")
@click.argument("tc_id", metavar="ID")
@click.option("--reflection", default=None, help="What the week taught (asked for at a terminal).")
@click.option("--as", "close_as", type=click.Choice(TC_CLOSING), default=None,
              help="achieved, expired or dropped (default: achieved, or expired after its date).")
@click.option("--json", "as_json", is_flag=True, help="Print the closed target condition as JSON.")
@pass_settings
def tc_close(settings: Settings, tc_id: str, reflection: str | None, close_as: str | None, as_json: bool) -> None:
    """Close a target condition with its reflection, without setting the next one."""
    repo = settings.repo()
    now = settings.clock.now()
    tc = _get(repo, TargetCondition, tc_id)
    if not tc.is_active:
        refuse(t_error(RuleError("Target condition {id} is already {status}", id=tc.id, status=tc.status)))
    reflection = _reflection_for(tc, reflection)
    tc = repo.update(TargetCondition, tc.id,
                     lambda x: _ruled(x.close, close_as or x.closing_status(now.date()), reflection, now))
    if as_json:
        emit_json(tc)
    else:
        _say(tc.id, t("closed as {status}", status=t(tc.status)))


@tc_group.command("set")
@click.argument("tc_id", metavar="ID")
@click.option("--shared", is_flag=True, help="Share it with the team: it shows on the retro screens.")
@click.option("--private", is_flag=True, help="Make it private: it stays in the kata log.")
@click.option("--json", "as_json", is_flag=True, help="Print the target condition as JSON.")
@pass_settings
def tc_set(settings: Settings, tc_id: str, shared: bool, private: bool, as_json: bool) -> None:
    """Share a target condition with the team, or make it private.

    Only a shared one shows on the retro screens and the home screen; by default a team's
    target condition is shared and every other area's is private.
    """
    sharing = _sharing(shared, private)
    if sharing is None:
        refuse(t("Nothing to change: give --shared or --private"))
    repo = settings.repo()
    tc = _get(repo, TargetCondition, tc_id)
    tc = repo.update(TargetCondition, tc.id, lambda x: setattr(x, "shared", sharing))
    if as_json:
        emit_json(tc)
    else:
        _say(tc.id, _sharing_text(tc))


# -- obstacles ------------------------------------------------------------------------------


@kata.group()
def obstacle() -> None:
    """Obstacles believed to stand between now and the target condition."""


@obstacle.command("add")
@click.argument("text")
@click.option("--tc", "tc_id", required=True, metavar="ID", help="The target condition it stands in the way of.")
@click.option("--focus", "in_focus", is_flag=True, help="Work on it now (the one in focus before is parked).")
@click.option("--json", "as_json", is_flag=True, help="Print the new obstacle as JSON.")
@pass_settings
def obstacle_add(settings: Settings, text: str, tc_id: str, in_focus: bool, as_json: bool) -> None:
    """Name an obstacle."""
    repo = settings.repo()
    tc = _get(repo, TargetCondition, tc_id)
    ob = _ruled(Obstacle.create, tc.id, text, settings.clock.now())
    with repo.locked():
        changed = focus(ob, repo.all(Obstacle)) if in_focus else []
        repo.add(ob)
        repo.save(*[o for o in changed if o.id != ob.id])
    if as_json:
        emit_json(ob)
    else:
        _say(ob.id, ob.text)


@obstacle.command("focus")
@click.argument("obstacle_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the obstacle as JSON.")
@pass_settings
def obstacle_focus(settings: Settings, obstacle_id: str, as_json: bool) -> None:
    """Put an obstacle in focus: the one to address now. The one in focus before is parked."""
    repo = settings.repo()
    with repo.locked():
        ob = _get(repo, Obstacle, obstacle_id)
        changed = focus(ob, repo.all(Obstacle))
        repo.save(*changed)
    if as_json:
        emit_json(ob)
    else:
        _say(ob.id, t("in focus"))


@obstacle.command("set")
@click.argument("obstacle_id", metavar="ID")
@click.argument("status", type=click.Choice(("parked", "resolved", "set-aside")))
@click.option("--json", "as_json", is_flag=True, help="Print the obstacle as JSON.")
@pass_settings
def obstacle_set(settings: Settings, obstacle_id: str, status: str, as_json: bool) -> None:
    """Park, resolve or set aside an obstacle."""
    repo = settings.repo()
    _get(repo, Obstacle, obstacle_id)
    ob = repo.update(Obstacle, obstacle_id, lambda o: _ruled(o.set_status, status))
    if as_json:
        emit_json(ob)
    else:
        _say(ob.id, t(ob.status))


# -- experiments ----------------------------------------------------------------------------


@kata.group("exp")
def exp_group() -> None:
    """Experiments: one short step, with what you expect written before it runs."""


@exp_group.command("add")
@click.option("--do", "step", required=True, metavar="TEXT", help="What will be done.")
@click.option("--expect", "expectation", required=True, metavar="TEXT", help="What you expect to happen (required).")
@click.option("--tc", "tc_id", metavar="ID", help="Its target condition (default: the active one).")
@click.option("--obstacle", "obstacle_id", metavar="ID", help="The obstacle it addresses.")
@click.option("--owner", default="", metavar="NAME", help="Who takes the step.")
@click.option("--go-and-see", "go_and_see", metavar="DATE", help="When to go and see (default: the next working day).")
@click.option("--json", "as_json", is_flag=True, help="Print the new experiment as JSON.")
@pass_settings
def exp_add(settings: Settings, step: str, expectation: str, tc_id: str | None, obstacle_id: str | None, owner: str,
            go_and_see: str | None, as_json: bool) -> None:
    """Plan an experiment: what will be done and what you expect."""
    repo = settings.repo()
    now = settings.clock.now()
    day = parse_day(go_and_see, "--go-and-see") or next_working_day(now.date())
    if tc_id:
        tc: TargetCondition | None = _get(repo, TargetCondition, tc_id)
    else:
        tc = repo.active_target_condition()
    if obstacle_id:
        ob = _get(repo, Obstacle, obstacle_id)
        if tc is None or ob.target_condition_id != tc.id:
            refuse(t("Obstacle {id} belongs to another target condition", id=ob.id))
    e = _ruled(Experiment.plan, step, expectation, now, day, target_condition_id=tc.id if tc else None,
               obstacle_id=obstacle_id, owner=owner)
    repo.add(e)
    if as_json:
        emit_json(e)
    else:
        _say(e.id, t("planned; go and see {day}", day=e.go_and_see_on.isoformat()))


def _change(settings: Settings, exp_id: str, change: Any) -> Experiment:
    repo = settings.repo()
    _get(repo, Experiment, exp_id)
    return repo.update(Experiment, exp_id.strip(), lambda e: _ruled(change, e))


@exp_group.command("edit")
@click.argument("exp_id", metavar="ID")
@click.option("--do", "step", default=None, metavar="TEXT", help="What will be done.")
@click.option("--expect", "expectation", default=None, metavar="TEXT", help="What you expect.")
@click.option("--owner", default=None, metavar="NAME", help="Who takes the step.")
@click.option("--go-and-see", "go_and_see", default=None, metavar="DATE", help="When to go and see.")
@click.option("--json", "as_json", is_flag=True, help="Print the experiment as JSON.")
@pass_settings
def exp_edit(settings: Settings, exp_id: str, step: str | None, expectation: str | None, owner: str | None,
             go_and_see: str | None, as_json: bool) -> None:
    """Change a plan before it starts (after that, amend it with a reason)."""
    changes: dict[str, Any] = {k: v for k, v in (("step", step), ("expectation", expectation), ("owner", owner))
                               if v is not None}
    if go_and_see is not None:
        changes["go_and_see_on"] = parse_day(go_and_see, "--go-and-see")
    if not changes:
        refuse(t("Nothing to change: give --do, --expect, --owner or --go-and-see"))
    now = settings.clock.now()
    e = _change(settings, exp_id, lambda e: e.revise(now, **changes))
    _done(e, as_json, t("changed"))


@exp_group.command("start")
@click.argument("exp_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the experiment as JSON.")
@pass_settings
def exp_start(settings: Settings, exp_id: str, as_json: bool) -> None:
    """Start an experiment: its expectation locks."""
    now = settings.clock.now()
    e = _change(settings, exp_id, lambda e: e.start(now))
    _done(e, as_json, t("running; the expectation is locked"))


@exp_group.command("amend")
@click.argument("exp_id", metavar="ID")
@click.option("--expect", "expectation", default=None, metavar="TEXT", help="The expectation as it stands now.")
@click.option("--do", "step", default=None, metavar="TEXT", help="What will be done, as it stands now.")
@click.option("--owner", default=None, metavar="NAME", help="A new owner.")
@click.option("--go-and-see", "go_and_see", default=None, metavar="DATE", help="A new go-and-see day.")
@click.option("--reason", required=True, metavar="TEXT", help="Why it changed (kept with the amendment).")
@click.option("--json", "as_json", is_flag=True, help="Print the experiment as JSON.")
@pass_settings
def exp_amend(settings: Settings, exp_id: str, expectation: str | None, step: str | None, owner: str | None,
              go_and_see: str | None, reason: str, as_json: bool) -> None:
    """Amend a started experiment: the change is appended, dated, with its reason; the
    original expectation stays in the record."""
    changes = [(f, v) for f, v in (("expectation", expectation), ("step", step), ("owner", owner),
                                   ("go_and_see_on", go_and_see)) if v is not None]
    if not changes:
        refuse(t("Nothing to amend: give --expect, --do, --owner or --go-and-see"))
    assert all(f in AMENDABLE_FIELDS for f, _ in changes)
    now = settings.clock.now()

    def amend(e: Experiment) -> None:
        for field_name, text in changes:
            e.amend(field_name, text, reason, now)

    e = _change(settings, exp_id, amend)
    _done(e, as_json, n("amended ({count} amendment)", "amended ({count} amendments)", len(e.amendments)))


@exp_group.command("done")
@click.argument("exp_id", metavar="ID")
@click.option("--happened", required=True, metavar="TEXT", help="What actually happened.")
@click.option("--learned", required=True, metavar="TEXT", help="What was learned.")
@click.option("--as-expected", "as_expected", type=click.Choice(AS_EXPECTED), default=None,
              help="Did it go as expected? yes, partly or no.")
@click.option("--json", "as_json", is_flag=True, help="Print the experiment as JSON.")
@pass_settings
def exp_done(settings: Settings, exp_id: str, happened: str, learned: str, as_expected: str | None,
             as_json: bool) -> None:
    """Record what actually happened and what was learned."""
    now = settings.clock.now()
    e = _change(settings, exp_id, lambda e: e.complete(happened, learned, now, as_expected=as_expected or ""))
    _done(e, as_json, t("done"))


@exp_group.command("abandon")
@click.argument("exp_id", metavar="ID")
@click.option("--reason", required=True, metavar="TEXT", help="Why it will not be run.")
@click.option("--json", "as_json", is_flag=True, help="Print the experiment as JSON.")
@pass_settings
def exp_abandon(settings: Settings, exp_id: str, reason: str, as_json: bool) -> None:
    """Abandon an experiment, saying why."""
    now = settings.clock.now()
    e = _change(settings, exp_id, lambda e: e.abandon(reason, now))
    _done(e, as_json, t("abandoned"))


def _done(e: Experiment, as_json: bool, text: str) -> None:
    if as_json:
        emit_json(e)
    else:
        _say(e.id, text)


# -- list -----------------------------------------------------------------------------------


def _chronological(objs: list[T]) -> list[T]:
    return sorted(objs, key=lambda o: (str(getattr(o, "created_at", "") or ""), getattr(o, "id", "")))


@kata.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with all four lists.")
@pass_settings
def kata_list(settings: Settings, as_json: bool) -> None:
    """List the whole log: challenges, target conditions, obstacles and experiments.

    An experiment whose go-and-see day has come is shown running (its expectation is locked
    from the start of that day), whether or not anything has saved it since.
    """
    repo = settings.repo()
    now = settings.clock.now()
    challenges = _chronological(repo.all(Challenge))
    tcs = _chronological(repo.all(TargetCondition))
    obstacles = _chronological(repo.all(Obstacle))
    experiments = _chronological(repo.all(Experiment))
    lock_due(experiments, now)  # shown as it stands; the next change saves it
    if as_json:
        emit_json({"challenges": challenges, "target_conditions": tcs, "obstacles": obstacles,
                   "experiments": experiments})
        return
    _print_log(challenges, tcs, obstacles, experiments, now.date())


def _print_log(challenges: list[Challenge], tcs: list[TargetCondition], obstacles: list[Obstacle],
               experiments: list[Experiment], today: date) -> None:
    if not (challenges or tcs or experiments):
        echo(t("The kata log is empty. Start with: retro kata challenge add TEXT (or try retro demo)"))
        return
    by_tc: dict[str | None, list[Experiment]] = {}
    for e in experiments:
        by_tc.setdefault(e.target_condition_id, []).append(e)
    obs_by_tc: dict[str, list[Obstacle]] = {}
    for o in obstacles:
        obs_by_tc.setdefault(o.target_condition_id, []).append(o)
    for ch in challenges:
        echo(f"{ch.id}  {t('Challenge')}: {ch.title} [{t(ch.status)}]")
        for tc in (x for x in tcs if x.challenge_id == ch.id):
            when = t("achieve by {day}", day=tc.achieve_by.isoformat())
            if tc.is_active:
                when += " · " + n("{count} day left", "{count} days left", tc.days_left(today))
            where = f"{visible_name(t(area_label(tc.area)))} · {_sharing_text(tc)}"
            echo(f"  {tc.id}  {tc.title} [{t(tc.status)}] {when} · {where}")
            if tc.reflection:
                echo(f"      {t('Reflection')}: {tc.reflection}")
            for o in obs_by_tc.get(tc.id, []):
                echo(f"    {o.id}  {t('Obstacle')}: {o.text} [{t(o.status)}]")
            for e in by_tc.get(tc.id, []):
                _print_experiment(e)
    orphans = by_tc.get(None, []) + [e for tid, es in by_tc.items() if tid and tid not in {x.id for x in tcs} for e in es]
    if orphans:
        echo(t("Experiments without a target condition"))
        for e in orphans:
            _print_experiment(e)


def _print_experiment(e: Experiment) -> None:
    amended = f" ({t('amended')})" if e.is_amended else ""
    echo(f"    {e.id}  [{t(e.status)}] {e.step}  · {t('go and see {day}', day=e.go_and_see_day.isoformat())}"
         + (f" · {visible_name(e.owner)}" if e.owner else ""))
    echo(f"        {t('Expected')}: {e.expectation}")
    for a in e.amendments:
        text = visible_name(a.text) if a.field == "owner" else a.text
        echo(f"        {t('Amended {at}', at=a.at.isoformat(sep=' ', timespec='minutes'))} "
             f"{t(FIELD_LABELS[a.field])}: {text} ({t('because')} {a.reason})")
    if e.happened:
        echo(f"        {t('Happened')}: {e.happened}")
        echo(f"        {t('Learned')}: {e.learned}")
    if e.abandon_reason:
        echo(f"        {t('Abandoned')}: {e.abandon_reason}")


# -- demo -----------------------------------------------------------------------------------


@click.command()
@click.option("--force", is_flag=True, help="Add the demo log even if the store already has one.")
@click.option("--json", "as_json", is_flag=True, help="Print counts of what was added as JSON.")
@pass_settings
def demo(settings: Settings, force: bool, as_json: bool) -> None:
    """Fill the store with a realistic kata log (in Swedish) to see the product alive."""
    from retro.demo import build_demo

    repo = settings.repo()
    if not force and (repo.all(Challenge) or repo.all(TargetCondition) or repo.all(Experiment)):
        echo(t("{path} already has a kata log, so nothing was added. Use --force to add the demo log "
               "beside it.", path=repo.path), err=True)
        return
    objs = build_demo(settings.clock.now())
    with repo.locked():
        repo.add(*objs)
    counts = {
        "challenges": sum(isinstance(o, Challenge) for o in objs),
        "target_conditions": sum(isinstance(o, TargetCondition) for o in objs),
        "obstacles": sum(isinstance(o, Obstacle) for o in objs),
        "experiments": sum(isinstance(o, Experiment) for o in objs),
    }
    if as_json:
        emit_json({"store": str(repo.path), **counts})
        return
    echo(t("Added a demo kata log to {path}: {tcs}, {experiments}. Open it with: retro kata", path=repo.path,
           tcs=n("{count} target condition", "{count} target conditions", counts["target_conditions"]),
           experiments=n("{count} experiment", "{count} experiments", counts["experiments"])))
