"""What every export shares: the data to export, the selection by --since/--until/--team/retro,
and writing the result so that a failure never leaves half a file behind.

Exporters are pure functions of an `ExportData` (no store, no clock, no disk), so the benchmark
and the tests can feed them generated data, and the command line and the dialog can share
`run_export`, the one place that reads the store and writes files.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from retro.domain.format import Format
from retro.domain.kata import Challenge, CoachingCycle, Experiment, Obstacle, TargetCondition
from retro.domain.retro import Retro
from retro.i18n import t
from retro.store.layout import is_store_file
from retro.store.storage import fsync_dir, write_atomically, write_temp


class ExportError(Exception):
    """An export or import that cannot be done: the message is one line, naming the file."""


class FileExists(ExportError):
    """The destination is an existing file, and replacing it was not asked for."""


@dataclass(frozen=True)
class Scope:
    """What to export: days are inclusive; `team` and `retro_id` narrow further."""

    since: date | None = None
    until: date | None = None
    team: str | None = None
    retro_id: str | None = None

    @property
    def is_everything(self) -> bool:
        return self == Scope()

    def covers(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day <= self.until)

    def overlaps(self, first: date, last: date) -> bool:
        return (self.since is None or last >= self.since) and (self.until is None or first <= self.until)


@dataclass
class ExportData:
    """The selected part of the kata log and the retros, plus lookups for what they refer to.

    `target_conditions`, `challenges` and `obstacles` hold everything referred to (a selected
    experiment's target condition is always found, even if the condition is outside the scope);
    the `*_in_scope` lists are what the scope itself selected.
    """

    now: datetime
    scope: Scope = field(default_factory=Scope)
    experiments: list[Experiment] = field(default_factory=list)
    retros: list[Retro] = field(default_factory=list)
    coaching: list[CoachingCycle] = field(default_factory=list)
    target_conditions_in_scope: list[TargetCondition] = field(default_factory=list)
    target_conditions: dict[str, TargetCondition] = field(default_factory=dict)
    challenges: dict[str, Challenge] = field(default_factory=dict)
    obstacles: dict[str, Obstacle] = field(default_factory=dict)
    # Retro formats by id, for column titles; without them a column shows as its id.
    formats: dict[str, Format] = field(default_factory=dict)

    def column_title(self, format_id: str, column_id: str) -> str:
        fmt = self.formats.get(format_id)
        column = fmt.column(column_id) if fmt is not None else None
        return column.title if column is not None else column_id

    def target_condition_of(self, obj: Experiment | CoachingCycle) -> TargetCondition | None:
        tc_id = obj.target_condition_id
        return self.target_conditions.get(tc_id) if tc_id else None


def experiment_days(ex: Experiment) -> tuple[date, date]:
    """The first and last day anything happened to an experiment (open ones reach their day)."""
    days = [ex.go_and_see_on]
    days += [d.date() for d in (ex.created_at, ex.started_at, ex.finished_at) if d is not None]
    days += [a.at.date() for a in ex.amendments]
    return min(days), max(days)


def _tc_days(tc: TargetCondition, today: date) -> tuple[date, date]:
    first = tc.created_at.date() if tc.created_at else tc.achieve_by
    last = tc.closed_at.date() if tc.closed_at else max(tc.achieve_by, today)
    return min(first, last), max(first, last)


def select(
    scope: Scope,
    now: datetime,
    experiments: Iterable[Experiment] = (),
    retros: Iterable[Retro] = (),
    target_conditions: Iterable[TargetCondition] = (),
    challenges: Iterable[Challenge] = (),
    obstacles: Iterable[Obstacle] = (),
    coaching: Iterable[CoachingCycle] = (),
    formats: dict[str, Format] | None = None,
) -> ExportData:
    """Apply a scope to domain objects. Pure: the benchmark calls it on generated data."""
    all_tcs = {tc.id: tc for tc in target_conditions}
    chosen_retros = [
        r for r in retros
        if (scope.retro_id is None or r.id == scope.retro_id)
        and (scope.team is None or r.team == scope.team)
        and scope.covers(r.started_at.date())
    ]
    retro_ids = {r.id for r in chosen_retros}
    decided = {ex_id for r in chosen_retros for ex_id in r.experiment_ids}
    chosen_ex = [
        ex for ex in experiments
        if (scope.retro_id is None or ex.retro_id in retro_ids or ex.id in decided)
        and (scope.team is None or ex.team == scope.team)
        and scope.overlaps(*experiment_days(ex))
    ]
    narrowed = scope.team is not None or scope.retro_id is not None
    used_tcs = {ex.target_condition_id for ex in chosen_ex if ex.target_condition_id}
    tcs_in_scope = [
        tc for tc in all_tcs.values()
        if (not narrowed or tc.id in used_tcs) and scope.overlaps(*_tc_days(tc, now.date()))
    ]
    chosen_coaching = [
        c for c in coaching
        if scope.covers(c.at.date()) and (not narrowed or c.target_condition_id in used_tcs)
    ]
    return ExportData(
        now=now,
        scope=scope,
        experiments=sorted(chosen_ex, key=lambda e: (e.created_at or datetime.min, e.id)),
        retros=sorted(chosen_retros, key=lambda r: (r.started_at, r.id)),
        coaching=sorted(chosen_coaching, key=lambda c: (c.at, c.id)),
        target_conditions_in_scope=sorted(tcs_in_scope, key=lambda tc: (tc.created_at or datetime.min, tc.id)),
        target_conditions=all_tcs,
        challenges={c.id: c for c in challenges},
        obstacles={o.id: o for o in obstacles},
        formats=dict(formats or {}),
    )


def collect(repo: object, scope: Scope, now: datetime, formats: dict[str, Format] | None = None) -> ExportData:
    """Read what the scope needs from the repository (any object with `all(Cls)`)."""
    get = repo.all  # type: ignore[attr-defined]
    return select(
        scope, now,
        experiments=get(Experiment), retros=get(Retro), target_conditions=get(TargetCondition),
        challenges=get(Challenge), obstacles=get(Obstacle), coaching=get(CoachingCycle), formats=formats,
    )


# -- text helpers every target uses ----------------------------------------------------------

def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF: every target reads lines by LF (jrnl's importer even turns
    a lone CR into a new line, which would let user text start a line of its own)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def minute(dt: datetime) -> str:
    """`2026-11-26 09:30`: how every export dates an event (isoformat is much faster than strftime)."""
    return dt.isoformat(" ", "minutes")


def summary(text: str, width: int = 60) -> str:
    """The first line of a text, shortened for a title (the whole text is always in the body)."""
    lines = text.strip().splitlines()
    first = lines[0].strip() if lines else ""
    if len(first) > width:
        return first[: width - 1].rstrip() + "…"
    if len(lines) > 1:
        return first + " …"
    return first


def field_label(name: str) -> str:
    """An amendable field's name as the reader says it."""
    labels = {
        "expectation": t("expectation"),
        "step": t("what will be done"),
        "owner": t("owner"),
        "go_and_see_on": t("go-and-see day"),
        "happened": t("what happened"),
        "learned": t("what was learned"),
        "as_expected": t("as expected?"),
    }
    return labels.get(name, name)


def as_expected_label(answer: str) -> str:
    """The learner's own answer to "did it go as expected?", as words ("" if not answered)."""
    return {
        "yes": t("as expected"),
        "partly": t("partly as expected"),
        "no": t("not as expected"),
    }.get(answer, answer)


def coaching_answers(cycle: CoachingCycle) -> list[tuple[str, str]]:
    """A coaching cycle's answers under the questions they answer, in the order asked (every
    target that writes a cycle shows the same questions)."""
    return [
        (t("What is the target condition?"), cycle.target),
        (t("What is the actual condition now?"), cycle.actual_now),
        (t("What was your last step?"), cycle.last_step),
        (t("What did you expect?"), cycle.expected),
        (t("What actually happened?"), cycle.happened),
        (t("What did you learn?"), cycle.learned),
        (t("What obstacles are now in the way?"), cycle.obstacles),
        (t("What is your next step?"), cycle.next_step),
        (t("What do you expect?"), cycle.next_expectation),
    ]


def slug(text: str, fallback: str = "", limit: int = 40) -> str:
    """A tag or file-name part: lower-case letters (Swedish ones kept), digits and dashes, cut
    at a word boundary so a long title gives a tag that can still be typed."""
    text = unicodedata.normalize("NFC", text).lower()
    text = re.sub(r"[^\w]+|_+", "-", text).strip("-")
    if len(text) > limit:
        cut = text[: limit + 1]
        text = cut[: cut.rfind("-")] if "-" in cut else text[:limit]
    return text.strip("-") or fallback


# -- writing ---------------------------------------------------------------------------------
#
# An export never overwrites what the user did not ask it to: not the store's own files (under
# any name: symlinks are resolved first), not a pipe or a device, not an existing file unless
# `force` (`--force`), and not a Markdown note edited since it was written (markdown.py).


def destination(path: Path, store: Path | None) -> Path:
    """Where an export to `path` really goes: `~` expanded and a symlink resolved, once, to the
    real file (so the link stays a link). Refused if that is one of the files of `store`."""
    given = Path(path).expanduser()
    real = Path(os.path.realpath(given))
    if store is not None and is_store_file(store, real):
        raise ExportError(t("{path}: is one of the store's own files ({store}); choose another name",
                            path=given, store=store))
    return real


def _existing(path: Path, shown: Path) -> os.stat_result | None:
    """The stat of what is at `path` now, None if nothing; refused if it is not a regular file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ExportError(t("{path}: cannot write ({reason})", path=shown, reason=exc.strerror)) from None
    if stat.S_ISDIR(st.st_mode):
        raise ExportError(t("{path}: is a folder; give a file name", path=shown))
    if not stat.S_ISREG(st.st_mode):
        raise ExportError(t("{path}: is not a regular file (a pipe or a device); give a file name", path=shown))
    return st


def _writable_folder(folder: Path, target: Path) -> None:
    """Create the folder `target` goes into, or refuse naming `target` (what the user typed)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ExportError(t("{path}: cannot write there, {folder} is a file, not a folder", path=target,
                            folder=folder)) from None
    except OSError as exc:
        raise ExportError(t("{path}: cannot create the folder {folder} ({reason})", path=target, folder=folder,
                            reason=exc.strerror)) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(t("{path}: the folder {folder} is not writable", path=target, folder=folder))


def write_file(path: Path, payload: bytes, *, store: Path | None = None, force: bool = False,
               sync_folder: bool = True) -> Path:
    """Write one export file atomically (temp file, fsync, rename): never half a file.

    An existing file is replaced only with `force`; without it the file is created as a new
    file in one step, so one that appears meanwhile is not overwritten either. Returns the real
    path written (a symlink's target)."""
    given = Path(path).expanduser()
    real = destination(given, store)
    exists = _existing(real, given) is not None
    if exists and not force:
        raise FileExists(t("{path}: exists; use --force to replace it", path=given))
    _writable_folder(real.parent, given)
    try:
        if exists:
            write_atomically(real, payload, sync_folder=sync_folder)
        else:
            _create(real, payload, sync_folder=sync_folder)
    except FileExistsError:
        raise FileExists(t("{path}: exists; use --force to replace it", path=given)) from None
    except OSError as exc:
        raise ExportError(t("{path}: cannot write ({reason})", path=given, reason=exc.strerror)) from None
    return real


def _create(path: Path, payload: bytes, *, sync_folder: bool = True) -> None:
    """Create `path` with `payload`, whole or not at all; FileExistsError if it is there."""
    temp = write_temp(path, payload)
    try:
        try:
            os.link(temp, path)  # atomic, and never replaces an existing file
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: check, then rename
            if os.path.lexists(path):
                raise FileExistsError(str(path)) from None
            os.replace(temp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    if sync_folder:
        fsync_dir(path.parent)


@dataclass
class Written:
    """What an export wrote: its files, and the Markdown notes it left alone because they had
    been edited, each with the new note written beside it."""

    paths: list[Path] = field(default_factory=list)
    beside: list[tuple[Path, Path]] = field(default_factory=list)  # (the edited note, the new one)


def write_folder(folder: Path, files: dict[str, bytes], *, store: Path | None = None, force: bool = False,
                 verdict: Callable[[bytes, bytes], str] = lambda on_disk, new: "beside") -> Written:
    """Write a folder of notes. Everything is rendered before the first write, and each file
    is replaced atomically, so a failure leaves every note either old or new, never torn.

    A note whose content is already on disk is left alone (a re-export into a vault does not
    touch unchanged notes, nor their modification times, nor a sync tool's attention). Any
    other note on disk is what `verdict(its bytes, the new ones)` says (markdown.verdict):
    replaced, kept, or kept with the new note written beside it as `NAME.retro-new.md`; with
    `force` it is replaced. The writes run in parallel: each atomic write waits for its own
    fsync.
    """
    given = Path(folder).expanduser()
    real = destination(given, store)
    if real.exists() and not real.is_dir():
        raise ExportError(t("{path}: is a file; Markdown notes need a folder", path=given))
    _writable_folder(real, given)
    plan: dict[Path, tuple[bytes, bool]] = {}  # where → (what, replace)
    written = Written()
    for name, payload in files.items():
        path = real / name
        target = destination(path, store)
        found = _existing(target, path)
        if found is None:
            plan[target] = (payload, False)
        elif _same(target, payload, found):
            pass
        else:
            judged = "replace" if force else verdict(target.read_bytes(), payload)
            if judged == "replace":
                plan[target] = (payload, True)
            elif judged == "beside":
                new, job = _beside(target, payload, store, verdict)
                if job is not None:
                    plan[new] = (payload, job)
                written.beside.append((path, new))
        written.paths.append(path)

    def one(where: Path, payload: bytes, replace: bool) -> None:
        if replace:
            write_atomically(where, payload, sync_folder=False)
        else:
            _create(where, payload, sync_folder=False)

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            for future in [pool.submit(one, where, *job) for where, job in plan.items()]:
                future.result()
        for parent in sorted({where.parent for where in plan}):  # the renames made durable, once per folder
            fsync_dir(parent)
    except FileExistsError as exc:
        raise ExportError(t("{path}: appeared while exporting; nothing in it was replaced, export again",
                            path=exc.filename or exc.args[0])) from None
    except OSError as exc:
        raise ExportError(t("{path}: cannot write ({reason})", path=given, reason=exc.strerror)) from None
    return written


def _beside(note: Path, payload: bytes, store: Path | None,
            verdict: Callable[[bytes, bytes], str]) -> tuple[Path, bool | None]:
    """Where the new version of an edited note goes: `NAME.retro-new.md`, or `NAME.retro-new-2.md`
    and so on past any that was edited too; with whether to replace it (None: it already holds
    this very note)."""
    for n in range(1, 100):
        name = f"{note.stem}.retro-new{'' if n == 1 else f'-{n}'}{note.suffix}"
        candidate = destination(note.with_name(name), store)
        found = _existing(candidate, candidate)
        if found is None:
            return candidate, False
        if _same(candidate, payload, found):
            return candidate, None
        if verdict(candidate.read_bytes(), payload) == "replace":
            return candidate, True
    raise ExportError(t("{path}: too many edited copies beside it; move some away", path=note))


def _same(path: Path, payload: bytes, st: os.stat_result | None = None) -> bool:
    try:
        size = (st or path.stat()).st_size
        return size == len(payload) and path.read_bytes() == payload
    except OSError:
        return False
