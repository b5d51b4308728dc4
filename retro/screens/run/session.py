"""The retro being run, behind one small interface, so the phases never ask where it lives.

`StoreSession` saves every change at once through the repository, under the store's lock and
on a fresh read, so an item added by `retro item add` from another terminal is never lost.
`RehearsalSession` runs the same retro in memory for a facilitator's dry run and never writes
to the store. The phases only call `change(fn)`: `fn` mutates the Retro (and may return a
value); a RuleError from it leaves everything as it was (the domain checks before it changes).

Saving after the frame: a durable save (temp file, fsync, rename) takes 5-15 ms, most of a
frame. With a `defer` callback (the run screen's waits ~50 ms, for the frame to be painted) the
change is applied in memory, the screen shows it, and the save follows that frame. A save is
a merge under the store's lock: our retro wins, and items another process added meanwhile (the
only thing other processes write to a running retro) are kept and shown.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from retro.domain.clock import Clock
from retro.domain.format import Format, Phase
from retro.domain.kata import Experiment, due_for_review
from retro.domain.retro import Retro
from retro.store import Repository

T = TypeVar("T")


class RunSession:
    """What every phase needs: the retro, its format, the clock and the experiments it touches."""

    saves = True

    def __init__(self, retro: Retro, fmt: Format, clock: Clock) -> None:
        self.retro = retro
        self.format = fmt
        self.clock = clock

    # -- the retro ------------------------------------------------------------------------

    @property
    def phase(self) -> Phase:
        return self.format.phases[self.retro.phase_index]

    @property
    def closed(self) -> bool:
        return self.retro.status == "closed"

    def change(self, fn: Callable[[Retro], T]) -> T:
        raise NotImplementedError

    def reload(self) -> bool:
        """Re-read after another process wrote; True when the retro changed."""
        return False

    def votes_budget(self) -> int:
        return next((p.votes_per_person for p in self.format.phases if p.votes_per_person), 0)

    # -- experiments ----------------------------------------------------------------------

    def experiments(self) -> list[Experiment]:
        raise NotImplementedError

    def due_for_review(self, today: date) -> list[Experiment]:
        """Due ones, plus the ones already recorded in this retro (so the record stays in view)."""
        everything = self.experiments()
        due = due_for_review(everything, self.retro.team, today)
        due_ids = {e.id for e in due}
        done_here = [e for e in everything if e.id in self.retro.reviewed and e.id not in due_ids]
        return done_here + due

    def decided(self) -> list[Experiment]:
        by_id = {e.id: e for e in self.experiments()}
        return [by_id[i] for i in self.retro.experiment_ids if i in by_id]

    def flush(self) -> None:
        """Write what is not yet saved (nothing to do unless saving is deferred)."""

    def add_experiment(self, experiment: Experiment, max_experiments: int | None) -> None:
        raise NotImplementedError

    def update_experiment(self, experiment_id: str, fn: Callable[[Experiment], object]) -> Experiment:
        raise NotImplementedError


class StoreSession(RunSession):
    saves = True

    def __init__(self, repo: Repository, retro_id: str, fmt: Format, clock: Clock,
                 defer: Callable[[Callable[[], None]], object] | None = None,
                 on_save_error: Callable[[Exception], None] | None = None,
                 on_folded_in: Callable[[], None] | None = None) -> None:
        super().__init__(repo.get(Retro, retro_id), fmt, clock)
        self.repo = repo
        self._defer = defer
        self._on_save_error = on_save_error
        self._on_folded_in = on_folded_in
        self._folded = False  # others' items taken in by a save, not yet shown
        self._dirty = False
        self._scheduled = False
        self._known = {it.id for it in self.retro.items}  # items we have seen: others' are the rest

    def change(self, fn: Callable[[Retro], T]) -> T:
        result = fn(self.retro)
        self._known.update(it.id for it in self.retro.items)
        self._dirty = True
        if self._defer is None:
            self.flush()
        elif not self._scheduled:
            self._scheduled = True
            self._defer(self._deferred_flush)
        return result

    def _deferred_flush(self) -> None:
        self._scheduled = False
        try:
            self.flush()
        except Exception as exc:  # noqa: BLE001 - told to the user, kept dirty, retried on the next change
            if self._on_save_error is None:
                raise
            self._on_save_error(exc)

    def flush(self) -> None:
        if not self._dirty:
            return
        with self.repo.locked():
            self.repo.save(self._merged(self.repo.get(Retro, self.retro.id)))
        self._dirty = False

    def _merged(self, stored: Retro) -> Retro:
        """Our retro, plus the items another process added since we last looked (call under the lock)."""
        mine = self.retro
        theirs = [it for it in stored.items if it.id not in self._known]
        if theirs:  # ours to show too: the screen is told, as the store's own poll may not see them
            mine.items.extend(theirs)
            self._known.update(it.id for it in theirs)
            self._folded = True
            if self._on_folded_in is not None and self._defer is not None:
                self._defer(self._on_folded_in)
        return mine

    def reload(self) -> bool:
        """Re-read after another process wrote; True when there is something new to show
        (including others' items a save of ours has already taken in)."""
        self.flush()
        fresh = self.repo.get(Retro, self.retro.id)
        self._known.update(it.id for it in fresh.items)
        folded, self._folded = self._folded, False
        if fresh == self.retro:
            return folded
        self.retro = fresh
        return True

    def shown(self) -> None:
        """The screen has drawn the retro as it is now."""
        self._folded = False

    def experiments(self) -> list[Experiment]:
        return self.repo.all(Experiment)

    def decided(self) -> list[Experiment]:
        # Only the linked ones: a five-year log holds thousands of experiments.
        found = (self.repo.find(Experiment, i) for i in self.retro.experiment_ids)
        return [e for e in found if e is not None]

    def add_experiment(self, experiment: Experiment, max_experiments: int | None) -> None:
        # Check the cap first, then store the experiment and its link together: a refused one is not saved.
        self.retro.link_experiment(experiment.id, max_experiments)
        try:
            with self.repo.locked():
                # One commit: the experiment and the retro that links it, or neither.
                self.repo.save(experiment, self._merged(self.repo.get(Retro, self.retro.id)))
        except Exception:
            self.retro.experiment_ids.remove(experiment.id)
            raise
        self._dirty = False

    def update_experiment(self, experiment_id: str, fn: Callable[[Experiment], object]) -> Experiment:
        return self.repo.update(Experiment, experiment_id, fn)


class RehearsalSession(RunSession):
    """A dry run: the same retro, in memory only."""

    saves = False

    def __init__(self, retro: Retro, fmt: Format, clock: Clock) -> None:
        super().__init__(retro, fmt, clock)
        self._experiments: dict[str, Experiment] = {}

    def change(self, fn: Callable[[Retro], T]) -> T:
        # Work on a copy, so a refused change leaves the retro exactly as it was (as the store does).
        from retro.domain.codec import from_dict, to_dict

        draft = from_dict(Retro, to_dict(self.retro))
        result = fn(draft)
        self.retro = draft
        return result

    def experiments(self) -> list[Experiment]:
        return list(self._experiments.values())

    def add_experiment(self, experiment: Experiment, max_experiments: int | None) -> None:
        self.change(lambda r: r.link_experiment(experiment.id, max_experiments))
        self._experiments[experiment.id] = experiment

    def update_experiment(self, experiment_id: str, fn: Callable[[Experiment], object]) -> Experiment:
        from retro.domain.codec import from_dict, to_dict

        draft = from_dict(Experiment, to_dict(self._experiments[experiment_id]))
        fn(draft)
        self._experiments[experiment_id] = draft
        return draft
