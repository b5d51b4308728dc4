"""iCalendar, parsed by the `icalendar` library and checked line by line against RFC 5545:
CRLF, folding at 75 octets, PRODID, DTSTAMP, stable UIDs, a VTODO and an all-day VEVENT per
open experiment."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from icalendar import Calendar

from retro.domain.kata import Amendment
from retro.export.common import normalise_newlines
from retro.export.ics import PRODID, escape_text, export_ics, fold
from tests.unit.test_export_common import IDS, PLAIN, story, story_texts

CONTENT_LINE = re.compile(r"^[A-Z][A-Z0-9-]*(;[A-Z0-9-]+=[^:;]+)*:")


def check_lines(text: str) -> None:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    for line in text.split("\r\n")[:-1]:
        assert len(line.encode("utf-8")) <= 75, line
        assert line.startswith(" ") or CONTENT_LINE.match(line), line


def components(text: str, kind: str) -> dict[str, object]:
    cal = Calendar.from_ical(text)
    return {str(c["UID"]): c for c in cal.walk(kind)}


def check(texts: dict[str, str]) -> None:
    s = story(texts)
    text = export_ics(s.data())
    check_lines(text)
    cal = Calendar.from_ical(text)
    assert str(cal["PRODID"]) == PRODID and str(cal["VERSION"]) == "2.0"
    todos, events = components(text, "VTODO"), components(text, "VEVENT")
    open_ids = [IDS["running"], IDS["planned"]]
    assert sorted(todos) == sorted(f"{i}.vtodo@retro.kata" for i in open_ids)
    assert sorted(events) == sorted(f"{i}.vevent@retro.kata" for i in open_ids)
    for key, ex_key in (("2", "running"), ("3", "planned")):
        ex = s.experiment(ex_key)
        todo, event = todos[f"{ex.id}.vtodo@retro.kata"], events[f"{ex.id}.vevent@retro.kata"]
        description = str(todo["DESCRIPTION"])
        step = normalise_newlines(texts.get(f"step{key}", PLAIN[f"step{key}"]))
        expectation = normalise_newlines(texts.get(f"expectation{key}", PLAIN[f"expectation{key}"]))
        assert f"What will be done:\n{step}\n\nExpected (written before it ran):\n{expectation}" in description
        assert str(event["DESCRIPTION"]) == description
        assert todo["DUE"].dt == ex.go_and_see_on
        assert event["DTSTART"].dt == ex.go_and_see_on and event["DTEND"].dt == ex.go_and_see_on + timedelta(days=1)
        assert todo["DTSTAMP"].dt == datetime(2026, 11, 26, 9, 30).astimezone(timezone.utc)
    assert str(todos[f"{IDS['running']}.vtodo@retro.kata"]["STATUS"]) == "IN-PROCESS"
    assert str(todos[f"{IDS['planned']}.vtodo@retro.kata"]["STATUS"]) == "NEEDS-ACTION"


def test_open_experiments_become_todos_and_all_day_events() -> None:
    check({})


def test_commas_semicolons_backslashes_newlines_and_long_lines() -> None:
    check({"step2": "a, b; c\\d\nline two " + "å" * 50 + " 😀" * 20,
           "expectation3": "BEGIN:VEVENT\nEND:VCALENDAR\r\nSUMMARY:x"})


@settings(max_examples=60, deadline=None)
@given(texts=story_texts)
def test_adversarial_text_survives(texts: dict[str, str]) -> None:
    check(texts)


def test_uids_are_stable_so_a_reimport_updates() -> None:
    s = story()
    first = export_ics(s.data(now=datetime(2026, 11, 26, 9, 30)))
    ex = s.experiment("planned")
    ex.amendments.append(Amendment(at=datetime(2026, 11, 27, 8, 0), field="go_and_see_on", text="2026-12-02",
                                   reason="Anna is away"))
    second = export_ics(s.data(now=datetime(2026, 11, 27, 9, 0)))
    a, b = components(first, "VTODO"), components(second, "VTODO")
    assert a.keys() == b.keys()
    uid = f"{ex.id}.vtodo@retro.kata"
    assert b[uid]["DUE"].dt == date(2026, 12, 2)  # the amended day moves the entry
    assert int(b[uid]["SEQUENCE"]) > int(a[uid]["SEQUENCE"])
    assert b[uid]["DTSTAMP"].dt > a[uid]["DTSTAMP"].dt
    assert "Anna is away" in str(b[uid]["DESCRIPTION"])


def test_a_finished_experiment_leaves_the_calendar() -> None:
    text = export_ics(story().data())
    assert IDS["done"] not in text and IDS["abandoned"] not in text


def test_folding_never_cuts_a_character() -> None:
    line = "DESCRIPTION:" + "😀å" * 60
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_escape_text() -> None:
    assert escape_text("a,b;c\\d\ne\r\nf\x07") == "a\\,b\\;c\\\\d\\ne\\nf"
