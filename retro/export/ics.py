"""iCalendar (RFC 5545): a VTODO per open experiment, due on its go-and-see day, and an all-day
VEVENT on the same day for calendars that ignore to-dos.

UIDs come from the experiment's id, so importing a later export updates the entries rather than
duplicating them (DTSTAMP is the export time and SEQUENCE counts the amendments, which is what
calendars compare). Written by hand rather than with a library at run time: TEXT escaping,
CRLF line ends and folding at 75 octets (never inside a UTF-8 character) are all there is.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from retro import __version__
from retro.domain.kata import Experiment
from retro.export.common import ExportData, field_label, normalise_newlines, summary
from retro.i18n import t

PRODID = f"-//retro//retro {__version__}//EN"
UID_DOMAIN = "retro.kata"
LIMIT = 75  # octets per line, CRLF not counted
# RFC 5545 TEXT allows no control characters but HTAB (line breaks are written as \n).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(text: str) -> str:
    text = _CONTROL.sub("", normalise_newlines(text))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into lines of at most 75 octets, each continuation starting with a
    space, cutting only between characters."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LIMIT:
        return line
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, LIMIT
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, LIMIT - 1  # the leading space counts
        current.append(ch)
        size += n
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _utc(dt: datetime) -> str:
    # Naive times in the store are the user's local time. At the very ends of the calendar
    # (year 1, year 9999: a file can hold them) the shift to UTC has no room: kept as it is.
    try:
        dt = dt.astimezone(timezone.utc)
    except (OverflowError, ValueError):
        pass
    # isoformat, not strftime: strftime writes year 1 as "1", not "0001".
    return dt.replace(tzinfo=None).isoformat(timespec="seconds").replace("-", "").replace(":", "") + "Z"


def _day(day: date) -> str:
    return day.isoformat().replace("-", "")


def _description(ex: Experiment, data: ExportData) -> str:
    lines = [t("What will be done") + ":", ex.step, "", t("Expected (written before it ran)") + ":", ex.expectation]
    for a in ex.amendments:
        lines += ["", t("Amended {field} {day}", field=field_label(a.field), day=a.at.strftime("%Y-%m-%d %H:%M")) + ":", a.text,
                  t("Reason") + ": " + a.reason]
    tc = data.target_condition_of(ex)
    if tc is not None:
        lines += ["", t("Target condition") + ": " + tc.title]
    if ex.owner:
        lines += [t("Owner") + ": " + ex.owner]
    if ex.team:
        lines += [t("Team") + ": " + ex.team]
    return "\n".join(lines)


def _last_modified(ex: Experiment) -> datetime | None:
    moments = [d for d in (ex.created_at, ex.started_at) if d is not None] + [a.at for a in ex.amendments]
    return max(moments) if moments else None


def go_and_see_day(ex: Experiment) -> date:
    """The day as it stands: an amended go-and-see day moves the calendar entry."""
    try:
        return date.fromisoformat(ex.current("go_and_see_on"))
    except ValueError:
        return ex.go_and_see_on


def _component(kind: str, ex: Experiment, data: ExportData, stamp: str) -> list[str]:
    day = go_and_see_day(ex)
    lines = [
        f"BEGIN:{kind}",
        f"UID:{ex.id}.{kind.lower()}@{UID_DOMAIN}",
        f"DTSTAMP:{stamp}",
    ]
    if ex.created_at:
        lines.append(f"CREATED:{_utc(ex.created_at)}")
    modified = _last_modified(ex)
    if modified:
        lines.append(f"LAST-MODIFIED:{_utc(modified)}")
    lines.append(f"SEQUENCE:{len(ex.amendments)}")
    lines.append("SUMMARY:" + escape_text(t("Go and see: {step}", step=summary(ex.current("step")))))
    lines.append("DESCRIPTION:" + escape_text(_description(ex, data)))
    lines.append("CATEGORIES:" + escape_text(t("Experiment")))
    if kind == "VTODO":
        lines.append(f"DUE;VALUE=DATE:{_day(day)}")
        lines.append("STATUS:" + ("IN-PROCESS" if ex.status_on(data.now.date()) == "running" else "NEEDS-ACTION"))
    else:
        lines.append(f"DTSTART;VALUE=DATE:{_day(day)}")
        if day < date.max:  # without DTEND a one-day event still lasts the day (RFC 5545 3.6.1)
            lines.append(f"DTEND;VALUE=DATE:{_day(day + timedelta(days=1))}")
        lines.append("TRANSP:TRANSPARENT")
    lines.append(f"END:{kind}")
    return lines


def open_experiments(data: ExportData) -> list[Experiment]:
    return [ex for ex in data.experiments if ex.is_open]


def export_ics(data: ExportData) -> str:
    stamp = _utc(data.now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text(t("retro experiments")),
    ]
    for ex in open_experiments(data):
        lines += _component("VTODO", ex, data, stamp)
        lines += _component("VEVENT", ex, data, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
