"""The full scans of Python's collector wait for a pause in the input (retro/tui/fast/collector.py)."""

from __future__ import annotations

import gc

import pytest

from retro.tui.fast.collector import MAX_DEFERRED, NEVER, PAUSE_S, PauseCollector


@pytest.fixture
def collector():  # noqa: ANN201
    before = gc.get_threshold()
    c = PauseCollector()
    c.start()
    yield c
    c.stop()
    assert gc.get_threshold() == before


def owe_a_full_scan() -> None:
    gc.collect()  # nothing owed
    for _ in range(10):  # CPython's own gen-2 threshold, which the collector keeps as its minimum
        gc.collect(1)  # young scans: what survives them is old, and after enough a full scan is owed


def test_start_takes_the_full_scans_over_and_stop_gives_them_back() -> None:
    before = gc.get_threshold()
    c = PauseCollector()
    c.start()
    assert gc.get_threshold() == (before[0], before[1], NEVER)
    c.stop()
    assert gc.get_threshold() == before


def test_nothing_is_owed_right_after_a_full_scan_nor_after_a_few_young_ones(collector: PauseCollector) -> None:
    gc.collect()
    assert not collector.due(now=collector.last_input + PAUSE_S * 10)
    gc.collect(1)
    assert not collector.due(now=collector.last_input + PAUSE_S * 10)  # CPython would not scan yet either


def test_a_scan_waits_while_someone_types_and_runs_in_the_pause(collector: PauseCollector) -> None:
    owe_a_full_scan()
    collector.input_seen()
    assert not collector.due(now=collector.last_input + PAUSE_S / 2)
    assert collector.due(now=collector.last_input + PAUSE_S)


def test_typing_without_a_pause_still_gets_a_scan_in_the_end(collector: PauseCollector) -> None:
    gc.collect()
    for _ in range(MAX_DEFERRED):
        gc.collect(1)
    collector.input_seen()
    assert collector.due(now=collector.last_input)


def test_a_due_scan_runs_and_clears_what_was_owed(collector: PauseCollector) -> None:
    owe_a_full_scan()
    collector.last_input -= PAUSE_S
    assert collector.collect_if_due()
    assert gc.get_count()[2] == 0
    assert not collector.collect_if_due()


def test_nothing_runs_while_the_collector_is_off(collector: PauseCollector) -> None:
    owe_a_full_scan()
    collector.last_input -= PAUSE_S
    gc.disable()
    try:
        assert not collector.due()
    finally:
        gc.enable()
