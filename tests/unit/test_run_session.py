"""The run screen's session saves on a thread of its own: the UI goes on while the disk is slow,
and nothing is lost or saved twice.

The session is driven here as the run screen drives it, with its two callbacks made visible:
`defer` (the screen's "after the frame" timer) and `post` (back to the event loop) only collect
what they are given, and the test runs it when the screen would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from retro.store.catalog import load_catalog
from retro.domain.clock import FixedClock
from retro.domain.kata import Experiment
from retro.domain.retro import Participant, Retro
from retro.tui.screens.run.session import StoreSession
from retro.store import Repository, StoreError
from tests.conftest import HELD_S, HeldSaves

class Loop:
    """What the run screen gives the session: callbacks run when the test says so."""

    def __init__(self) -> None:
        self.deferred: list[Callable[[], None]] = []
        self.posted: list[Callable[[], None]] = []
        self._lock = threading.Lock()

    def defer(self, callback: Callable[[], None]) -> None:
        self.deferred.append(callback)

    def post(self, callback: Callable[[], None]) -> None:  # called on the saving thread
        with self._lock:
            self.posted.append(callback)

    def after_frame(self) -> None:
        ready, self.deferred = self.deferred, []
        for callback in ready:
            callback()

    def take_posted(self) -> None:
        with self._lock:
            ready, self.posted = self.posted, []
        for callback in ready:
            callback()


@pytest.fixture
def board(repo: Repository, clock: FixedClock) -> Retro:
    retro = Retro.start("hybrid-experiments", "Blå", [Participant("Anna"), Participant("Bo", remote=True)], clock.now())
    repo.add(retro)
    return retro


def session_for(repo: Repository, retro: Retro, clock: FixedClock, loop: Loop, **callbacks: object) -> StoreSession:
    fmt = load_catalog().get("hybrid-experiments")
    return StoreSession(repo, retro.id, fmt, clock, defer=loop.defer, post=loop.post, **callbacks)  # type: ignore[arg-type]


def add(session: StoreSession, text: str, clock: FixedClock) -> None:
    session.change(lambda r: r.add_item("worked", text, "Anna", clock.now()))


def saving_one(repo: Repository, board: Retro, clock: FixedClock,
               monkeypatch: pytest.MonkeyPatch) -> tuple[HeldSaves, Loop, StoreSession]:
    """A session whose first change, "one", is being saved on the thread, held there."""
    held = HeldSaves(repo, monkeypatch)
    loop = Loop()
    session = session_for(repo, board, clock, loop)
    add(session, "one", clock)
    loop.after_frame()  # the frame is painted: the save starts
    assert held.started.wait(HELD_S)
    return held, loop, session


def texts(store_path: Path, retro_id: str) -> list[str]:
    """The items as another process reads them from disk."""
    return [it.text for it in Repository.open(store_path).get(Retro, retro_id).items]


def test_the_save_runs_on_its_own_thread_with_the_retro_as_it_was(repo, store_path, board, clock, monkeypatch) -> None:
    held, loop, session = saving_one(repo, board, clock, monkeypatch)
    add(session, "two", clock)  # the UI goes on while the disk is busy
    assert [it.text for it in session.retro.items] == ["one", "two"]
    held.release.set()
    session._saving[0].result(HELD_S)
    assert held.threads == ["retro-save_0"]
    assert texts(store_path, board.id) == ["one"]  # the copy handed over, not what came after
    loop.take_posted()
    loop.after_frame()  # the second change's save
    session._saving[0].result(HELD_S)
    loop.take_posted()
    assert texts(store_path, board.id) == ["one", "two"]
    assert not session._saving and not session._dirty


def test_closing_waits_for_the_save_on_its_way_then_saves_the_rest(repo, store_path, board, clock, monkeypatch) -> None:
    held, loop, session = saving_one(repo, board, clock, monkeypatch)
    add(session, "two", clock)  # not yet handed to the thread
    threading.Timer(0.2, held.release.set).start()
    session.close()  # quitting: nothing waits for a frame that will not come
    assert texts(store_path, board.id) == ["one", "two"]
    assert held.threads == ["retro-save_0", "MainThread"]
    assert session._saver is None


def test_a_failed_save_on_the_thread_is_told_kept_and_saved_with_the_next_change(repo, store_path, board, clock,
                                                                                   monkeypatch) -> None:
    held = HeldSaves(repo, monkeypatch)
    held.fail = StoreError("disk full")
    held.release.set()
    told: list[Exception] = []
    loop = Loop()
    session = session_for(repo, board, clock, loop, on_save_error=told.append)
    add(session, "one", clock)
    loop.after_frame()
    with pytest.raises(StoreError):
        session._saving[0].result(HELD_S)
    loop.take_posted()
    assert [str(e) for e in told] == ["disk full"]
    assert session._dirty and texts(store_path, board.id) == []
    held.fail = None
    add(session, "two", clock)
    loop.after_frame()
    session._saving[0].result(HELD_S)
    loop.take_posted()
    assert texts(store_path, board.id) == ["one", "two"]


def test_another_process_s_write_seen_during_a_save_is_looked_at_once_it_is_done(repo, store_path, board, clock,
                                                                                 monkeypatch) -> None:
    held = HeldSaves(repo, monkeypatch)
    shown: list[str] = []
    loop = Loop()
    session = session_for(repo, board, clock, loop, on_folded_in=lambda: shown.append("shown"))
    add(session, "mine", clock)
    loop.after_frame()
    assert held.started.wait(HELD_S)
    assert session.reload() is False  # the poll saw a change: the look waits, the screen does not
    held.release.set()
    session._saving[0].result(HELD_S)
    other = Repository.open(store_path, clock)  # another process adds an item after our save
    other.update(Retro, board.id, lambda r: r.add_item("curious", "theirs", "Bo", clock.now()))
    loop.take_posted()
    loop.after_frame()  # the look, after the frame
    assert [it.text for it in session.retro.items] == ["mine", "theirs"]
    assert shown == ["shown"]


def test_an_item_added_elsewhere_is_taken_in_by_the_thread_s_save_once(repo, store_path, board, clock,
                                                                      monkeypatch) -> None:
    loop = Loop()
    shown: list[str] = []
    session = session_for(repo, board, clock, loop, on_folded_in=lambda: shown.append("shown"))
    other = Repository.open(store_path, clock)
    other.update(Retro, board.id, lambda r: r.add_item("curious", "theirs", "Bo", clock.now()))
    add(session, "mine", clock)
    loop.after_frame()
    session._saving[0].result(HELD_S)
    loop.take_posted()
    loop.after_frame()
    assert [it.text for it in session.retro.items] == ["mine", "theirs"]
    assert shown == ["shown"]
    add(session, "more", clock)
    loop.after_frame()
    session.close()
    assert texts(store_path, board.id) == ["mine", "theirs", "more"]  # not doubled


def test_an_experiment_waits_for_the_save_on_its_way_and_is_stored_with_its_link(repo, store_path, board, clock,
                                                                                 monkeypatch) -> None:
    held, loop, session = saving_one(repo, board, clock, monkeypatch)
    threading.Timer(0.2, held.release.set).start()
    experiment = Experiment.plan("Pair on reviews", "Reviews wait less than a day", clock.now(), clock.now().date(),
                                 owner="Anna", team="Blå", retro_id=board.id)
    session.add_experiment(experiment, max_experiments=2)
    fresh = Repository.open(store_path)
    assert fresh.get(Retro, board.id).experiment_ids == [experiment.id]
    assert [it.text for it in fresh.get(Retro, board.id).items] == ["one"]
    assert fresh.get(Experiment, experiment.id).expectation == "Reviews wait less than a day"
