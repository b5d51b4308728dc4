"""The repository's contract: domain objects in and out, never shared, every change durable and locked.

These run in one process; other processes are stood in for by a second `Repository` on the same
path (it has its own caches, exactly like another process). The real multi-process, crash and
damage suites live in tests/reliability/.
"""

from __future__ import annotations

import os
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from retro.domain.clock import FixedClock
from retro.domain.kata import (
    Amendment,
    Challenge,
    CoachingCycle,
    Experiment,
    Obstacle,
    TargetCondition,
)
from retro.domain.retro import Participant, Retro
from retro.store import NotFound, Repository, StoreError

NOW = datetime(2026, 11, 26, 9, 30)


def _kata(now: datetime = NOW) -> tuple[Challenge, TargetCondition, Obstacle, Experiment, CoachingCycle]:
    ch = Challenge.create("Lead one week at a time", now, area="personal")
    tc = TargetCondition.create(ch.id, "Dialogue instead of mediation", now, achieve_by=date(2026, 12, 3))
    ob = Obstacle.create(tc.id, "People wait for me to decide", now)
    ex = Experiment.plan("Ask, don't answer, at stand-up", "Two people propose a fix", now, date(2026, 11, 27),
                         target_condition_id=tc.id, obstacle_id=ob.id, owner="Anna", team="Team North")
    cc = CoachingCycle(id="cc-abc2345", at=now, target_condition_id=tc.id, target=tc.title, next_step="Try it")
    return ch, tc, ob, ex, cc


def _retro(now: datetime = NOW, items: int = 3) -> Retro:
    retro = Retro.start("hybrid-experiments", "Team North", [Participant("Anna"), Participant("Sam", remote=True)], now)
    for n in range(items):
        retro.add_item("worked", f"Item {n} with åäö and [red]markup[/red]", "Anna", now)
    return retro


def test_every_kind_of_object_round_trips(repo: Repository) -> None:
    objs = [*_kata(), _retro()]
    repo.add(*objs)
    for obj in objs:
        assert repo.get(type(obj), obj.id) == obj
    reopened = Repository.open(repo.path, repo.clock)
    for obj in objs:
        assert reopened.get(type(obj), obj.id) == obj
        assert reopened.all(type(obj)) == [obj]


def test_find_and_get_of_an_unknown_id(repo: Repository) -> None:
    repo.add(*_kata())
    assert repo.find(Experiment, "ex-nothere") is None
    with pytest.raises(NotFound, match="no experiment with id ex-nothere"):
        repo.get(Experiment, "ex-nothere")


def test_objects_handed_out_are_never_shared(repo: Repository) -> None:
    """TinyDB and our caches hold documents; a caller mutating what it got must change nothing else."""
    ch, tc, ob, ex, cc = _kata()
    retro = _retro()
    repo.add(ch, tc, ob, ex, cc, retro)

    got = repo.get(Experiment, ex.id)
    got.step = "changed in memory only"
    got.amendments.append(Amendment(at=NOW, field="owner", text="Sam", reason="handover"))
    got.item_ids.append("it-leak")
    assert repo.get(Experiment, ex.id) == ex
    assert repo.all(Experiment) == [ex]

    board = repo.all(Retro)[0]
    board.items[0].text = "mutated"
    board.items.pop()
    board.votes.setdefault("Anna", []).append("x")
    board.participants[0].name = "Nobody"
    assert repo.get(Retro, retro.id) == retro
    assert repo.retros() == [retro]

    # Two reads give two independent objects, and what was added is not aliased either.
    assert repo.get(Retro, retro.id) is not repo.get(Retro, retro.id)
    retro.items[0].text = "the caller's own copy"
    assert repo.get(Retro, retro.id).items[0].text != "the caller's own copy"


def test_save_upserts_and_delete_removes(repo: Repository) -> None:
    ch, tc, ob, ex, cc = _kata()
    repo.save(ch, tc)  # save of a new object inserts it
    assert repo.all(TargetCondition) == [tc]
    tc.title = "Dialogue, not mediation"
    repo.save(tc)
    assert repo.get(TargetCondition, tc.id).title == "Dialogue, not mediation"
    assert len(repo.all(TargetCondition)) == 1
    repo.delete(TargetCondition, tc.id)
    assert repo.find(TargetCondition, tc.id) is None
    assert repo.all(Challenge) == [ch]


def test_save_of_many_objects_is_kept_together(repo: Repository) -> None:
    """A retro and the experiment decided in it are saved in one call; both are there after."""
    retro = _retro()
    ex = Experiment.plan("Try silent writing", "More remote voices", NOW, date(2026, 11, 30), retro_id=retro.id)
    retro.experiment_ids.append(ex.id)
    repo.save(retro, ex)
    other = Repository.open(repo.path, repo.clock)
    assert other.get(Retro, retro.id).experiment_ids == [ex.id]
    assert other.get(Experiment, ex.id).retro_id == retro.id


def test_update_reads_fresh_under_the_lock_so_no_write_is_lost(repo: Repository, store_path: Path) -> None:
    retro = _retro(items=0)
    repo.add(retro)
    other = Repository.open(store_path, repo.clock)  # another process
    repo.get(Retro, retro.id)  # warm this one's cache
    other.update(Retro, retro.id, lambda r: r.add_item("hard", "from the other process", "Sam", NOW))
    repo.update(Retro, retro.id, lambda r: r.add_item("hard", "from this process", "Anna", NOW))
    texts = [it.text for it in Repository.open(store_path, repo.clock).get(Retro, retro.id).items]
    assert texts == ["from the other process", "from this process"]


def test_update_of_a_missing_object_raises_and_writes_nothing(repo: Repository, store_path: Path) -> None:
    repo.add(*_kata())
    before = _snapshot(store_path)
    with pytest.raises(NotFound):
        repo.update(Experiment, "ex-nothere", lambda e: None)
    assert _snapshot(store_path) == before


def test_a_failing_change_in_update_saves_nothing(repo: Repository) -> None:
    ch, tc, ob, ex, cc = _kata()
    repo.add(ex)

    def change(e: Experiment) -> None:
        e.step = "half-done"
        raise RuntimeError("the caller's bug")

    with pytest.raises(RuntimeError):
        repo.update(Experiment, ex.id, change)
    assert repo.get(Experiment, ex.id).step == ex.step


def test_locked_is_reentrant_and_writes_inside_it_work(repo: Repository) -> None:
    ch, tc, ob, ex, cc = _kata()
    with repo.locked():
        with repo.locked():
            repo.add(ch, tc)
        repo.save(ex)
        repo.update(Experiment, ex.id, lambda e: setattr(e, "owner", "Sam"))
    assert repo.get(Experiment, ex.id).owner == "Sam"


def test_threads_writing_at_once_lose_nothing(repo: Repository) -> None:
    """The TUI saves from workers too: the lock serialises threads as well as processes."""
    retro = _retro(items=0)
    repo.add(retro)

    def add(n: int) -> None:
        for k in range(10):
            repo.update(Retro, retro.id, lambda r: r.add_item("worked", f"t{n}-{k}", "Anna", NOW))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    texts = sorted(it.text for it in repo.get(Retro, retro.id).items)
    assert texts == sorted(f"t{n}-{k}" for n in range(4) for k in range(10))


def test_changed_notices_another_process_and_not_its_own_writes(repo: Repository, store_path: Path) -> None:
    ch, tc, ob, ex, cc = _kata()
    repo.add(ch)
    repo.changed_seen()
    assert not repo.changed()
    repo.add(tc)  # our own write
    assert not repo.changed()
    other = Repository.open(store_path, repo.clock)
    other.add(_retro())
    assert repo.changed()
    repo.changed_seen()
    assert not repo.changed()
    assert len(repo.retros()) == 1
    other.update(TargetCondition, tc.id, lambda t: setattr(t, "title", "renamed elsewhere"))
    assert repo.changed()
    assert repo.get(TargetCondition, tc.id).title == "renamed elsewhere"


def test_own_writes_are_not_news_where_a_folder_listing_has_no_inodes(
        repo: Repository, store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows a folder listing's stat has st_ino 0, unlike a whole stat: the snapshot there
    stats each file, or every save of our own would look like someone else's."""
    import retro.store.watching as watching

    listing = os.scandir

    class Entry:
        def __init__(self, entry: os.DirEntry[str]) -> None:
            self.name, self.path, self._entry = entry.name, entry.path, entry

        def stat(self) -> object:
            st = self._entry.stat()
            return os.stat_result((st.st_mode, 0, 0, 0, st.st_uid, st.st_gid, st.st_size, int(st.st_atime),
                                   int(st.st_mtime), int(st.st_ctime), st.st_atime, st.st_mtime, st.st_ctime,
                                   st.st_atime_ns, st.st_mtime_ns, st.st_ctime_ns))

    class Listing:
        def __init__(self, path: object) -> None:
            self._entries = listing(path)  # type: ignore[call-overload]

        def __enter__(self) -> object:
            return (Entry(e) for e in self._entries)

        def __exit__(self, *exc: object) -> None:
            self._entries.close()

    monkeypatch.setattr(watching, "WINDOWS", True)
    monkeypatch.setattr(watching.os, "scandir", Listing)
    ch, tc, ob, ex, cc = _kata()
    repo.add(ch, tc)
    repo.changed_seen()
    for n in range(3):  # saved just now: the snapshot decides, file by file
        repo.add(Experiment.plan(f"own step {n}", "x", repo.clock.now(), date(2026, 11, 30), target_condition_id=tc.id))
        assert not repo.changed()


def test_reads_see_another_process_s_writes_without_polling(repo: Repository, store_path: Path) -> None:
    ch, tc, ob, ex, cc = _kata()
    repo.add(ch, tc, ex)
    assert repo.get(Experiment, ex.id).owner == "Anna"
    other = Repository.open(store_path, repo.clock)
    other.update(Experiment, ex.id, lambda e: setattr(e, "owner", "Sam"))
    other.add(_retro())
    other.delete(Challenge, ch.id)
    assert repo.get(Experiment, ex.id).owner == "Sam"
    assert len(repo.retros()) == 1
    assert repo.all(Challenge) == []


def test_raw_and_replace_raw_restore_a_store_exactly(repo: Repository, tmp_path: Path) -> None:
    objs = [*_kata(), _retro(), _retro(NOW - timedelta(days=40))]
    repo.add(*objs)
    raw = repo.raw()
    assert set(raw) >= {"challenges", "target_conditions", "obstacles", "experiments", "coaching", "retros"}
    assert len(raw["retros"]) == 2

    fresh = Repository.open(tmp_path / "restored" / "store.json", repo.clock)
    assert fresh.is_empty()
    fresh.replace_raw(raw)
    assert not fresh.is_empty()
    for obj in objs:
        assert fresh.get(type(obj), obj.id) == obj
    assert fresh.raw() == raw


def test_replace_raw_replaces_only_the_tables_it_is_given(repo: Repository) -> None:
    ch, tc, ob, ex, cc = _kata()
    old = _retro()
    repo.add(ch, tc, ex, old)
    new = _retro(NOW - timedelta(days=400))
    repo.replace_raw({"retros": {"1": _doc(new)}, "not_a_table": {"1": {"id": "x"}}})
    assert repo.all(Retro) == [new]
    assert repo.all(Experiment) == [ex]
    assert "not_a_table" not in repo.raw()


def test_active_target_condition_and_retros_order(repo: Repository) -> None:
    ch = Challenge.create("Lead", NOW)
    first = TargetCondition.create(ch.id, "First", NOW - timedelta(days=9), achieve_by=date(2026, 11, 24))
    first.status = "achieved"
    second = TargetCondition.create(ch.id, "Second", NOW, achieve_by=date(2026, 12, 3))
    old, new = _retro(NOW - timedelta(days=30)), _retro(NOW)
    repo.add(ch, first, second, old, new)
    assert repo.active_target_condition() == second
    assert repo.active_target_condition("ch-other") is None
    assert [r.id for r in repo.retros()] == [new.id, old.id]


def test_a_store_opened_with_a_clock_keeps_it(store_path: Path) -> None:
    clock = FixedClock(NOW)
    assert Repository.open(store_path, clock).clock is clock


def test_a_lock_held_too_long_is_a_clear_error(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    import retro.store.repository as repository

    monkeypatch.setattr(repository, "LOCK_TIMEOUT_S", 0.2)
    other = Repository.open(repo.path, repo.clock)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with other.locked():
            held.set()
            release.wait(10)

    th = threading.Thread(target=hold)
    th.start()
    held.wait(10)
    try:
        with pytest.raises(StoreError, match="another retro process"):
            repo.add(_retro())
    finally:
        release.set()
        th.join()
    repo.add(_retro())  # and once released, writing works again


def _doc(obj: object) -> dict:
    from retro.domain.codec import to_dict

    return to_dict(obj)


def _snapshot(store_path: Path) -> dict[str, bytes]:
    """Every file of the store (main file, lock, any segment) and its bytes."""
    root = store_path.parent
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_changed_is_exact_when_the_month_folder_looks_untouched(repo: Repository, store_path: Path) -> None:
    """The poll's shortcut (main file and month folder unchanged → nothing changed) must not
    miss a write that lands within one clock tick of the last look."""
    import os

    retro = _retro()
    repo.add(retro)
    folder = next(store_path.parent.glob("*.d"))
    other = Repository.open(store_path, repo.clock)

    # Long after the last change, the shortcut alone answers, and answers right.
    os.utime(folder, ns=(1_000_000_000, 1_000_000_000))
    repo.changed_seen()
    assert not repo.changed()
    other.update(Retro, retro.id, lambda r: r.add_item("hard", "later", "Sam", NOW))
    assert repo.changed()

    # A write hidden in the same tick: the folder's mtime is as it was when last seen.
    repo.changed_seen()
    seen_mtime = folder.stat().st_mtime_ns
    other.update(Retro, retro.id, lambda r: r.add_item("hard", "same tick", "Sam", NOW))
    os.utime(folder, ns=(seen_mtime, seen_mtime))
    assert repo.changed()


def test_warm_reads_everything_ahead_and_changes_nothing(repo: Repository, store_path: Path) -> None:
    objs = [*_kata(), _retro(), _retro(NOW - timedelta(days=70))]
    repo.add(*objs)
    cold = Repository.open(store_path, repo.clock)
    before = _snapshot(store_path)
    cold.warm()
    assert _snapshot(store_path) == before
    assert len(cold._files) == len([p for p in store_path.parent.rglob("*.json")])  # every file read once
    for obj in objs:
        assert cold.get(type(obj), obj.id) == obj
