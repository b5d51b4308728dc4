"""The Retro's rules: items, themes, votes, speaking order, timers, notes, experiments, ROTI."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from retro.domain.codec import from_dict, to_dict
from retro.domain.errors import RuleError
from retro.domain.retro import Participant, PhaseTimer, Retro

NOW = datetime(2026, 11, 26, 9, 30)


def make_retro() -> Retro:
    people = [Participant("Anna"), Participant("Bo", remote=True), Participant("Cecilia"), Participant("Dan", remote=True)]
    return Retro.start("hybrid-experiments", "Team Blå", people, NOW)


def test_participant_parse() -> None:
    assert Participant.parse("Anna") == Participant("Anna", remote=False)
    assert Participant.parse(" Bo : remote ") == Participant("Bo", remote=True)
    assert Participant.parse("Åsa:distans") == Participant("Åsa", remote=True)
    with pytest.raises(RuleError):
        Participant.parse(":remote")
    with pytest.raises(RuleError):
        Participant.parse("Anna:moon")


def test_start_refuses_duplicate_names_and_late_joiners_need_their_own_name() -> None:
    with pytest.raises(RuleError):
        Retro.start("f", "t", [Participant("A"), Participant("A", remote=True)], NOW)
    retro = make_retro()
    retro.add_participant(Participant("Eva", remote=True))
    assert retro.speaking_order()[2].name == "Eva"
    with pytest.raises(RuleError):
        retro.add_participant(Participant("Anna"))


def test_speaking_order_is_remote_first_keeping_their_order() -> None:
    assert [p.name for p in make_retro().speaking_order()] == ["Bo", "Dan", "Anna", "Cecilia"]


def test_check_in_round_goes_remote_first_and_can_be_taken_back() -> None:
    retro = make_retro()
    assert retro.next_to_check_in().name == "Bo"
    retro.check_in("Bo")
    assert retro.next_to_check_in().name == "Dan"
    retro.check_in("Bo")
    assert retro.next_to_check_in().name == "Bo"
    with pytest.raises(RuleError):
        retro.check_in("Nobody")


def test_items_edit_delete_and_restore_in_place() -> None:
    retro = make_retro()
    a = retro.add_item("worked", "  pairing  ", "Anna", NOW)
    b = retro.add_item("worked", "reviews", "", NOW)
    assert a.text == "pairing"
    with pytest.raises(RuleError):
        retro.add_item("worked", "   ", "Anna", NOW)
    retro.edit_item(a.id, "pair programming")
    with pytest.raises(RuleError):
        retro.edit_item(a.id, "")
    index, removed = retro.delete_item(a.id)
    assert [i.id for i in retro.items] == [b.id]
    retro.restore_item(index, removed)
    assert [i.text for i in retro.items] == ["pair programming", "reviews"]


def test_themes_move_items_and_deleting_a_theme_frees_them() -> None:
    retro = make_retro()
    a = retro.add_item("hard", "flaky tests", "", NOW)
    theme = retro.create_theme("Quality")
    retro.move_item(a.id, theme.id)
    assert retro.theme_items(theme.id) == [a]
    retro.cast_vote("Anna", theme.id, 3)
    retro.delete_theme(theme.id)
    assert a.theme_id is None and retro.vote_counts()[theme.id] == 0
    with pytest.raises(RuleError):
        retro.create_theme(" ")
    with pytest.raises(RuleError):
        retro.move_item(a.id, "th-nope")


def test_votes_within_budget_and_over_budget_refused() -> None:
    retro = make_retro()
    a = retro.add_item("hard", "flaky tests", "", NOW)
    b = retro.add_item("hard", "slow deploys", "", NOW)
    for _ in range(2):
        retro.cast_vote("Bo", b.id, 3)
    retro.cast_vote("Bo", a.id, 3)
    assert retro.votes_left("Bo", 3) == 0
    with pytest.raises(RuleError, match="used all 3 votes"):
        retro.cast_vote("Bo", a.id, 3)
    with pytest.raises(RuleError):
        retro.cast_vote("Nobody", a.id, 3)
    retro.retract_vote("Bo", b.id)
    assert retro.votes_left("Bo", 3) == 1
    assert [(t.id, n) for t, n in retro.ranked()] == [(a.id, 1), (b.id, 1)]


def test_topics_are_what_got_votes_in_vote_order_or_everything() -> None:
    retro = make_retro()
    a = retro.add_item("hard", "a", "", NOW)
    b = retro.add_item("hard", "b", "", NOW)
    retro.add_item("hard", "c", "", NOW)
    assert len(retro.topics()) == 3
    retro.cast_vote("Anna", b.id, 3)
    retro.cast_vote("Bo", b.id, 3)
    retro.cast_vote("Bo", a.id, 3)
    assert [(t.id, n) for t, n in retro.topics()] == [(b.id, 2), (a.id, 1)]


def test_notes_on_themes_and_items_one_line_at_a_time() -> None:
    retro = make_retro()
    a = retro.add_item("hard", "a", "", NOW)
    theme = retro.create_theme("T")
    retro.add_note(theme.id, "first")
    retro.add_note(theme.id, "second\nline")
    assert theme.notes == "first\nsecond line"
    assert retro.remove_last_note(theme.id) == "second line"
    retro.add_note(a.id, "on an item")
    assert a.notes == "on an item"
    with pytest.raises(RuleError):
        retro.add_note(a.id, "  ")


def test_phase_timer_counts_down_pauses_grows_and_overruns() -> None:
    timer = PhaseTimer(seconds=300)
    assert timer.remaining(NOW) == 300 and not timer.running
    timer.resume(NOW)
    assert timer.remaining(NOW + timedelta(seconds=100)) == 200
    timer.pause(NOW + timedelta(seconds=100))
    assert timer.remaining(NOW + timedelta(hours=1)) == 200  # paused: time does not count
    timer.resume(NOW + timedelta(seconds=200))
    timer.add_minute()
    assert timer.remaining(NOW + timedelta(seconds=600)) == -140  # 100 s + 400 s against 360 s: overrun is negative
    assert timer.remaining(NOW) == 260  # a clock set back never adds time


def test_entering_a_phase_stops_the_others_and_resumes_its_own() -> None:
    retro = make_retro()
    retro.enter_phase(0, 8, 5, NOW)
    retro.enter_phase(1, 8, 10, NOW + timedelta(minutes=2))
    assert not retro.timers["phase-0"].running
    assert retro.timers["phase-0"].remaining(NOW + timedelta(hours=1)) == 180
    assert retro.phase_index == 1
    retro.enter_phase(0, 8, 5, NOW + timedelta(minutes=3))
    assert retro.timers["phase-0"].remaining(NOW + timedelta(minutes=4)) == 120
    with pytest.raises(RuleError):
        retro.enter_phase(8, 8, 5, NOW)


def test_topic_timer_restarts_the_speaking_round() -> None:
    retro = make_retro()
    a = retro.add_item("hard", "a", "", NOW)
    b = retro.add_item("hard", "b", "", NOW)
    retro.enter_topic(0, a.id, 5, NOW)
    retro.next_speaker()
    assert retro.speaker_index == 1
    retro.enter_topic(1, b.id, 5, NOW + timedelta(minutes=1))
    assert retro.speaker_index == 0 and retro.discuss_index == 1
    assert not retro.timers[f"topic-{a.id}"].running
    assert retro.timers[f"topic-{b.id}"].running


def test_experiments_are_capped_by_the_format() -> None:
    retro = make_retro()
    retro.link_experiment("ex-1", 2)
    retro.link_experiment("ex-1", 2)  # linking twice is harmless
    retro.link_experiment("ex-2", 2)
    with pytest.raises(RuleError, match="at most 2"):
        retro.link_experiment("ex-3", 2)
    retro.link_experiment("ex-3", None)
    assert retro.experiment_ids == ["ex-1", "ex-2", "ex-3"]


def test_roti_and_close() -> None:
    retro = make_retro()
    assert retro.roti_average() is None
    retro.set_roti("Anna", 4)
    retro.set_roti("Bo", 5)
    assert retro.roti_average() == 4.5
    with pytest.raises(RuleError):
        retro.set_roti("Anna", 6)
    retro.enter_phase(7, 8, 2, NOW)
    retro.close(NOW + timedelta(minutes=1))
    assert retro.status == "closed" and not retro.timers["phase-7"].running


def test_codec_round_trip_keeps_timers_and_state() -> None:
    retro = make_retro()
    a = retro.add_item("hard", "[red]literal[/red]", "Åsa", NOW)
    retro.enter_phase(2, 8, 10, NOW)
    retro.enter_topic(0, a.id, 3, NOW)
    retro.reveal(["hard"])
    retro.mark_reviewed("ex-1")
    back = from_dict(Retro, to_dict(retro))
    assert back == retro
    assert isinstance(back.timers["phase-2"], PhaseTimer)


def test_a_retro_saved_before_timers_existed_still_loads() -> None:
    data = to_dict(make_retro())
    for key in ("timers", "speaker_index", "reviewed"):
        data.pop(key)
    back = from_dict(Retro, data)
    assert back.timers == {} and back.reviewed == []
