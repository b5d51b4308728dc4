"""The retro being run, behind one small interface, so the phases never ask where it lives.

`StoreSession` saves every change at once through the repository, under the store's lock and
on a fresh read, so an item added by `retro item add` from another terminal is never lost.
`RehearsalSession` runs the same retro in memory for a facilitator's dry run and never writes
to the store. The phases only call `change(fn)`: `fn` mutates the Retro (and may return a
value); a RuleError from it leaves everything as it was (the domain checks before it changes).

Saving after the frame, off the event loop: a durable save (temp file, fsync, rename) takes
a good part of a frame, and now and then its fsync waits for the disk for many frames (see
tests/bench/README.md). With a `defer` callback (the run screen's waits for the frame to be
painted) the change is applied in memory, the screen shows it, and the save follows
that frame; with a `post` callback too, the save itself runs on a thread of the session's own,
on a copy of the retro, and `post` brings its outcome back to the UI thread.

A save is a three-way merge under the store's lock (`retro.domain.retro_merge`): other
processes write to a running retro too (`retro item add`, participants joining, voting, giving
their ROTI, editing their own items), so the session keeps `base`, the retro as it last read or
saved it, and saves ours with what others changed since then where we did not; a save that
took in others' writes shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import fields
from datetime import date
from typing import TypeVar

from retro.domain.clock import Clock
from retro.domain.format import Format, Phase
from retro.domain.kata import Experiment, due_for_review
from retro.domain.retro import Retro
from retro.domain.retro_merge import merge
from retro.store import Repository
from retro.store.copies import clone

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

    @property
    def pending(self) -> bool:
        """A change is not in the store yet (its save waits for the frame, or is on its way)."""
        return False

    def flush(self) -> None:
        """Write what is not yet saved (nothing to do unless saving is deferred)."""

    def close(self) -> None:
        """Write what is not yet saved: the screen is closing."""
        self.flush()

    def add_experiment(self, experiment: Experiment, max_experiments: int | None) -> None:
        raise NotImplementedError

    def update_experiment(self, experiment_id: str, fn: Callable[[Experiment], object]) -> Experiment:
        raise NotImplementedError

    def remove_experiment(self, experiment_id: str, today: date) -> None:
        """Delete a plan decided in this retro, and its link, if the domain says it may go."""
        raise NotImplementedError


class StoreSession(RunSession):
    saves = True

    def __init__(self, repo: Repository, retro_id: str, fmt: Format, clock: Clock,
                 defer: Callable[[Callable[[], None]], object] | None = None,
                 post: Callable[[Callable[[], None]], object] | None = None,
                 on_save_error: Callable[[Exception], None] | None = None,
                 on_folded_in: Callable[[], None] | None = None) -> None:
        super().__init__(repo.get(Retro, retro_id), fmt, clock)
        self.repo = repo
        self._defer = defer
        self._post = post
        self._on_save_error = on_save_error
        self._on_folded_in = on_folded_in
        self._folded = False  # others' writes taken in by a save, not yet shown
        self._dirty = False
        self._scheduled = False
        self._base = clone(self.retro)  # the retro as we last read or saved it: what others changed is the rest
        self._saver: ThreadPoolExecutor | None = None
        self._saving: list[Future[tuple[Retro, Retro]]] = []  # handed to the thread, outcome not yet taken in
        self._reload_after = False  # another process wrote while we were saving: look once we are done

    def change(self, fn: Callable[[Retro], T]) -> T:
        result = fn(self.retro)
        self._dirty = True
        if self._defer is None:
            self.flush()
        elif not self._scheduled:
            self._scheduled = True
            self._defer(self._deferred_flush)
        return result

    def _deferred_flush(self) -> None:
        self._scheduled = False
        if self._post is None:
            try:
                self.flush()
            except Exception as exc:  # noqa: BLE001 - told to the user, kept dirty, retried on the next change
                self._save_failed(exc)
            return
        if not self._dirty:
            return
        # The thread saves a copy: the UI goes on changing the retro meanwhile.
        snapshot = clone(self.retro)
        self._dirty = False
        if self._saver is None:
            self._saver = ThreadPoolExecutor(max_workers=1, thread_name_prefix="retro-save")
        future = self._saver.submit(self._write, snapshot, self._base)
        self._saving.append(future)
        post = self._post
        future.add_done_callback(lambda done: post(lambda: self._saved(done)))

    def _saved(self, future: Future[tuple[Retro, Retro]]) -> None:
        """On the UI thread: take in the outcome of a save the thread finished (once)."""
        if future not in self._saving:
            return  # taken in already, by a flush that waited for it
        self._saving.remove(future)
        try:
            self._take_in(*future.result())
        except Exception as exc:  # noqa: BLE001 - told to the user, kept dirty, retried on the next change
            self._dirty = True
            self._save_failed(exc)
        if self._reload_after and not self._saving and not self._dirty and self._defer is not None:
            self._reload_after = False
            self._defer(self._look_again)

    def _look_again(self) -> None:
        if self.reload() and self._on_folded_in is not None:
            self._on_folded_in()

    def _save_failed(self, exc: Exception) -> None:
        if self._on_save_error is None:
            raise exc
        self._on_save_error(exc)

    def _settle(self) -> None:
        """Wait for the saves on the thread and take in their outcomes (quitting, a save of our own)."""
        while self._saving:
            future = self._saving[0]
            wait([future])
            self._saved(future)

    @property
    def pending(self) -> bool:
        return self._dirty or self._scheduled or bool(self._saving)

    def flush(self) -> None:
        self._settle()
        if not self._dirty:
            return
        self._take_in(*self._write(clone(self.retro), self._base))
        self._dirty = False

    def close(self) -> None:
        """Save what is left and let the saving thread go (the screen is closing)."""
        self._reload_after = False
        try:
            self.flush()
        finally:
            if self._saver is not None:
                self._saver.shutdown(wait=True)
                self._saver = None

    def _write(self, retro: Retro, base: Retro, *also: Experiment,
               remove: tuple[type, str] | None = None) -> tuple[Retro, Retro]:
        """Save `retro` (and `also`, in the same commit) merged with what other processes wrote
        since `base`; returns `retro` and what was saved (`retro` itself when nobody else wrote).
        `retro` is a copy of our own, made for this save: it may be kept as the next base. Runs
        on the saving thread, or inline."""
        with self.repo.locked():
            theirs = self.repo.get(Retro, retro.id)
            saved = retro
            if theirs != base:  # another process wrote since
                merged = merge(base, retro, theirs)
                if merged != retro:  # else ours overruled each of their writes: nothing to take in
                    saved = merged
            if remove is None:
                self.repo.save(*also, saved)
            else:
                self.repo.delete(*remove, *also, saved)
        return retro, saved

    def _take_in(self, sent: Retro, saved: Retro) -> None:
        """A save is done: `saved` is what the store holds now. What others wrote is taken into
        ours too (the store's own poll may not see it), keeping what we changed since `sent`."""
        self._base = saved
        if saved is sent:
            return
        mine = merge(sent, self.retro, saved)
        for f in fields(Retro):  # in place: whoever holds the retro sees it
            setattr(self.retro, f.name, getattr(mine, f.name))
        self._folded = True
        if self._on_folded_in is not None and self._defer is not None:
            self._defer(self._on_folded_in)

    def reload(self) -> bool:
        """Re-read after another process wrote; True when there is something new to show
        (including what others wrote that a save of ours has already taken in). While a save of ours is
        on its way, the look waits for it rather than the screen."""
        if self._saving or (self._dirty and self._post is not None):
            self._reload_after = True
            return False
        self.flush()
        fresh = self.repo.get(Retro, self.retro.id)
        folded, self._folded = self._folded, False
        if fresh == self.retro:
            self._base = fresh
            return folded
        self.retro, self._base = fresh, clone(fresh)
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
        self._settle()
        self.retro.link_experiment(experiment.id, max_experiments)
        try:
            written = self._write(clone(self.retro), self._base, experiment)  # one commit: both, or neither
        except Exception:
            self.retro.experiment_ids.remove(experiment.id)
            raise
        self._take_in(*written)
        self._dirty = False

    def update_experiment(self, experiment_id: str, fn: Callable[[Experiment], object]) -> Experiment:
        return self.repo.update(Experiment, experiment_id, fn)

    def remove_experiment(self, experiment_id: str, today: date) -> None:
        self._settle()
        with self.repo.locked():  # checked on a fresh read: another process may have started it
            self.repo.get(Experiment, experiment_id).check_deletable(today)
            at = self.retro.experiment_ids.index(experiment_id)
            del self.retro.experiment_ids[at]
            try:
                written = self._write(clone(self.retro), self._base, remove=(Experiment, experiment_id))  # one commit
            except Exception:
                self.retro.experiment_ids.insert(at, experiment_id)
                raise
        self._take_in(*written)
        self._dirty = False


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

    def remove_experiment(self, experiment_id: str, today: date) -> None:
        self._experiments[experiment_id].check_deletable(today)
        self.change(lambda r: r.experiment_ids.remove(experiment_id))
        del self._experiments[experiment_id]
