"""Markdown notes for a journal or an Obsidian vault: one note per retro
(`YYYY-MM-DD-retro-TEAM.md`) and one per ISO week of the kata log (`YYYY-Www-kata.md`), each
with YAML front matter (type, date, team, target condition, tags) and then sections.

The week's experimenting record is a table, expectation and outcome side by side, each with the
moment it was written, and every amendment shown as an amendment.

User text can never change a note's structure: it is written on one physical line (its line
breaks become `<br>`), every character Markdown or Obsidian would read as syntax is escaped
with a backslash (CommonMark allows that for any ASCII punctuation), and in the front matter
it is a double-quoted YAML string with anything unprintable escaped.

A vault is the user's: a note edited there is never overwritten. Each note's front matter ends
with `retro_hash:`, a hash of the note as written (without that line); a note on disk whose
hash still matches is as retro wrote it and may be updated in place, any other is kept and
the new version is written beside it (retro/export/common.py, `write_folder`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from retro.domain.kata import CoachingCycle, Experiment, TargetCondition
from retro.domain.retro import Item, Retro, Theme
from retro.export.common import (
    ExportData,
    as_expected_label,
    coaching_answers,
    field_label,
    minute,
    normalise_newlines,
    slug,
)
from retro.i18n import n, t


# Inline syntax of CommonMark, GFM (tables, strikethrough) and Obsidian (tags, math, block ids),
# escaped wherever it appears. This runs on every piece of user text (45,000 in a five-year
# export): a regex is ~10x faster than str.translate, which has no fast path for Swedish text.
_ALWAYS = re.compile(r"[\\`*_\[\]<>|~#$^]")
# ... and what is syntax only in company: `&` starting an entity, `==` (highlight), `%%` (comment).
_ENTITY = re.compile(r"&(?=#?\w+;)")
_DOUBLED = re.compile(r"(?<==)=|=(?==)|(?<=%)%|%(?=%)")
# What a line may start with to open a block: list item, quote, setext line, ordered list.
_BLOCK_START = re.compile(r"^(?:[-+=:]|(\d{1,9})[.)])")
# YAML reads these as line breaks or refuses them raw: written as \u escapes instead.
_YAML_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    return "\\" + match.group()


def md_text(text: str) -> str:
    """User text as Markdown that shows exactly that text and nothing else."""
    joined = normalise_newlines(text).strip()
    if _ALWAYS.search(joined):
        joined = _ALWAYS.sub(_escape, joined)
    if "&" in joined:
        joined = _ENTITY.sub(_escape, joined)
    if "==" in joined or "%%" in joined:
        joined = _DOUBLED.sub(_escape, joined)
    joined = joined.replace("\n", "<br>")
    match = _BLOCK_START.match(joined)
    if match:
        at = match.end() - 1
        joined = joined[:at] + "\\" + joined[at:]
    return joined


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar (JSON's escapes are YAML's too), on one line."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def yaml_list(values: list[str]) -> str:
    return "[" + ", ".join(yaml_str(v) for v in values) + "]"


def front_matter(kind: str, day: date, teams: list[str], tcs: list[str], tags: list[str], **extra: str) -> str:
    lines = ["---", f"type: {kind}", f"date: {day.isoformat()}"]
    lines += [f"{key}: {yaml_str(value)}" for key, value in extra.items()]
    lines += [
        f"team: {yaml_list(teams)}",
        f"target_condition: {yaml_list(tcs)}",
        f"tags: {yaml_list(tags)}",
        "---",
    ]
    return "\n".join(lines)


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(r) for r in rows)]


def _when(dt: datetime | None) -> str:
    return minute(dt) if dt else ""


# -- the kata log, one note per ISO week -----------------------------------------------------

def week_of(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso[0], iso[1]


def _expectation_cell(ex: Experiment) -> str:
    parts = [md_text(ex.expectation)]
    if ex.created_at:
        parts.append("*" + t("written {day}", day=_when(ex.created_at)) + "*")
    for a in ex.amendments:
        label = t("Amended {field} {day}", field=field_label(a.field), day=_when(a.at))
        parts.append(f"**{label}:** {md_text(a.text)} (*{t('reason')}:* {md_text(a.reason)})")
    return "<br>".join(parts)


def _outcome_cells(ex: Experiment) -> tuple[str, str]:
    if ex.status == "done":
        happened = md_text(ex.happened)
        if ex.as_expected:
            happened += "<br>**" + as_expected_label(ex.as_expected) + "**"
        if ex.finished_at:
            happened += "<br>*" + t("recorded {day}", day=_when(ex.finished_at)) + "*"
        return happened, md_text(ex.learned)
    if ex.status == "abandoned":
        return "*" + t("abandoned") + ":* " + md_text(ex.abandon_reason), ""
    return "*" + (t("running") if ex.status == "running" else t("planned")) + "*", ""


def _step_cell(ex: Experiment, data: ExportData) -> str:
    cell = md_text(ex.step)
    obstacle = data.obstacles.get(ex.obstacle_id) if ex.obstacle_id else None
    if obstacle is not None:
        cell += f"<br>*{t('Obstacle')}:* {md_text(obstacle.text)}"
    return cell


def experimenting_record(experiments: list[Experiment], data: ExportData) -> list[str]:
    header = [t("Go and see"), t("Owner"), t("What will be done"), t("Expected (written before it ran)"),
              t("What happened"), t("What was learned")]
    rows = []
    for ex in experiments:
        happened, learned = _outcome_cells(ex)
        rows.append([ex.go_and_see_on.isoformat(), md_text(ex.owner), _step_cell(ex, data),
                     _expectation_cell(ex), happened, learned])
    return _table(header, rows)


def _tc_lines(tc: TargetCondition, data: ExportData, monday: date) -> list[str]:
    sunday = monday + timedelta(days=6) if monday <= date.max - timedelta(days=6) else date.max
    lines = []
    if tc.created_at and monday <= tc.created_at.date() <= sunday:
        line = f"- **{t('Set')}** {_when(tc.created_at)}: {md_text(tc.title)}"
        line += " (" + t("achieve by {day}", day=tc.achieve_by.isoformat()) + ")"
        challenge = data.challenges.get(tc.challenge_id)
        if challenge is not None:
            line += f" · {t('Challenge')}: {md_text(challenge.title)}"
        lines.append(line)
    if tc.closed_at and tc.status != "active" and monday <= tc.closed_at.date() <= sunday:
        status = {"achieved": t("Achieved"), "expired": t("Expired")}.get(tc.status, t("Dropped"))
        line = f"- **{status}** {_when(tc.closed_at)}: {md_text(tc.title)}"
        if tc.reflection:
            line += f" · {t('Reflection')}: {md_text(tc.reflection)}"
        lines.append(line)
    return lines


def _coaching_lines(cycle: CoachingCycle) -> list[str]:
    lines = ["", f"### {_when(cycle.at)}", ""]
    for label, text in coaching_answers(cycle):
        if text.strip():
            lines.append(f"- **{label}** {md_text(text)}")
    return lines


def week_note(year: int, week: int, data: ExportData, experiments: list[Experiment],
              coaching: list[CoachingCycle], tcs: list[TargetCondition]) -> str:
    monday = date.fromisocalendar(year, week, 1)
    by_tc: dict[str | None, list[Experiment]] = defaultdict(list)
    for ex in sorted(experiments, key=lambda e: (e.go_and_see_on, e.created_at or datetime.min, e.id)):
        by_tc[ex.target_condition_id if ex.target_condition_id in data.target_conditions else None].append(ex)
    mentioned = _unique([*(tc.id for tc in tcs), *(k for k in by_tc if k),
                         *(c.target_condition_id for c in coaching if c.target_condition_id in data.target_conditions)])
    titles = [data.target_conditions[i].title for i in mentioned]
    tags = _unique(["retro", "kata", *(slug(data.target_conditions[i].title, i) for i in mentioned)])
    out = [front_matter("kata-week", monday, _unique([ex.team or "" for ex in experiments]), titles, tags,
                        week=f"{year}-W{week:02d}")]
    out += ["", "# " + t("Kata log, {year} week {week}", year=year, week=week)]
    tc_lines = [line for tc in tcs for line in _tc_lines(tc, data, monday)]
    if tc_lines:
        out += ["", "## " + t("Target conditions"), "", *tc_lines]
    for tc_id, exs in by_tc.items():
        heading = t("Experimenting record: {title}", title=md_text(data.target_conditions[tc_id].title)) if tc_id \
            else t("Experiments without a target condition")
        out += ["", "## " + heading, "", *experimenting_record(exs, data)]
    if coaching:
        out += ["", "## " + t("Coaching")]
    for cycle in coaching:
        out += _coaching_lines(cycle)
    return "\n".join(out) + "\n"


def kata_notes(data: ExportData) -> dict[str, str]:
    experiments: dict[tuple[int, int], list[Experiment]] = defaultdict(list)
    coaching: dict[tuple[int, int], list[CoachingCycle]] = defaultdict(list)
    tcs: dict[tuple[int, int], list[TargetCondition]] = defaultdict(list)
    for ex in data.experiments:
        experiments[week_of(ex.go_and_see_on)].append(ex)
    for cycle in data.coaching:
        coaching[week_of(cycle.at.date())].append(cycle)
    for tc in data.target_conditions_in_scope:
        weeks = {week_of(d.date()) for d in (tc.created_at, tc.closed_at) if d is not None}
        for week in weeks:
            tcs[week].append(tc)
    notes = {}
    for year, week in sorted({*experiments, *coaching, *tcs}):
        key = (year, week)
        notes[f"{year}-W{week:02d}-kata.md"] = week_note(year, week, data, experiments[key], coaching[key], tcs[key])
    return notes


# -- one note per retro ----------------------------------------------------------------------

def _note_lines(notes: str) -> list[str]:
    """Discussion notes, one list entry per line (each note was added as one line)."""
    return ["- " + md_text(line) for line in normalise_newlines(notes).split("\n") if line.strip()]


def _item_lines(item: Item, votes: int, data: ExportData, retro: Retro) -> list[str]:
    """An item, and its discussion notes (an item discussed on its own) as a sub-list."""
    meta = [md_text(data.column_title(retro.format_id, item.column))]
    author = retro.author_of(item)  # nobody, in an anonymous retro
    if author:
        meta.append(md_text(author))
    if votes:
        meta.append(n("{count} vote", "{count} votes", votes))
    lines = [f"- {md_text(item.text)} — *{', '.join(meta)}*"]
    notes = _note_lines(item.notes)
    if notes:
        lines += [f"  - **{t('Notes')}:**", *("    " + line for line in notes)]
    return lines


def _items(items: list[Item], counts: Counter[str], data: ExportData, retro: Retro) -> list[str]:
    return [line for it in items for line in _item_lines(it, counts[it.id], data, retro)]


def retro_note(retro: Retro, data: ExportData, decided: list[Experiment]) -> str:
    tcs = [tc for tc in (data.target_condition_of(ex) for ex in decided) if tc is not None]
    titles = _unique([tc.title for tc in tcs])
    tags = _unique(["retro", slug(retro.team, "team"), *(slug(tc.title, tc.id) for tc in tcs)])
    fmt = data.formats.get(retro.format_id)
    out = [front_matter("retro", retro.started_at.date(), [retro.team], titles, tags,
                        format=fmt.name if fmt else retro.format_id, retro_id=retro.id)]
    out += ["", "# " + t("Retro {team}, {day}", team=md_text(retro.team), day=retro.started_at.date().isoformat()), ""]
    facts = [f"**{t('Format')}:** {md_text(fmt.name if fmt else retro.format_id)}",
             f"**{t('Started')}:** {_when(retro.started_at)}"]
    if retro.closed_at:
        facts.append(f"**{t('Closed')}:** {_when(retro.closed_at)}")
    if retro.participants:
        names = [md_text(p.name) + (" " + t("(remote)") if p.remote else "") for p in retro.participants]
        facts.append(f"**{t('Participants')}:** " + ", ".join(names))
    out += ["- " + f for f in facts]
    counts = retro.vote_counts()
    if retro.themes:
        out += ["", "## " + t("Themes")]
        ranked = [(target, n) for target, n in retro.ranked() if isinstance(target, Theme)]
        for theme, votes in ranked:
            out += ["", "### " + md_text(theme.title) + " (" + n("{count} vote", "{count} votes", votes) + ")", ""]
            out += _items(retro.theme_items(theme.id), counts, data, retro)
            notes = _note_lines(theme.notes)
            if notes:  # a paragraph of its own: a list right after the items' would join it
                out += [*([""] if out[-1] else []), f"**{t('Notes')}:**", "", *notes]
    loose = [it for it in retro.items if it.theme_id is None]
    if loose:
        out += ["", "## " + (t("Not in a theme") if retro.themes else t("Items")), ""]
        out += _items(loose, counts, data, retro)
    if decided:
        out += ["", "## " + t("Experiments decided"), ""]
        out += experimenting_record(decided, data)
    if retro.roti:
        average = sum(retro.roti.values()) / len(retro.roti)
        out += ["", "## " + t("ROTI"), "",
                n("{average} of 5 ({count} answer)", "{average} of 5 ({count} answers)", len(retro.roti),
                  average=f"{average:.1f}")]
    return "\n".join(out) + "\n"


def retro_notes(data: ExportData) -> dict[str, str]:
    notes: dict[str, str] = {}
    by_id = {ex.id: ex for ex in data.experiments}
    decided: dict[str, list[Experiment]] = defaultdict(list)
    for ex in data.experiments:
        if ex.retro_id:
            decided[ex.retro_id].append(ex)
    for retro in data.retros:
        base = f"{retro.started_at:%Y-%m-%d}-retro-{slug(retro.team, 'team')}"
        name, n = f"{base}.md", 2
        while name in notes:  # two retros of a team on one day
            name, n = f"{base}-{n}.md", n + 1
        mine = decided.get(retro.id, [])
        also = [by_id[i] for i in retro.experiment_ids if i in by_id and by_id[i].retro_id != retro.id]
        notes[name] = retro_note(retro, data, mine + also)
    return notes


def export_markdown(data: ExportData) -> dict[str, str]:
    """File name → note text, for a folder (an Obsidian vault or any notes folder)."""
    return {name: seal(note) for name, note in {**retro_notes(data), **kata_notes(data)}.items()}


# -- edited or not ---------------------------------------------------------------------------

HASH_KEY = "retro_hash"
_HASH_LINE = re.compile(rf"\n{HASH_KEY}: ([0-9a-f]{{32}})(?=\n)")


def _digest(note: str) -> str:
    return hashlib.sha256(note.encode("utf-8")).hexdigest()[:32]


def seal(note: str) -> str:
    """The note with `retro_hash:` as the last line of its front matter."""
    end = note.index("\n---\n", 3)
    return f"{note[:end]}\n{HASH_KEY}: {_digest(note)}{note[end:]}"


def _hash_line(text: str) -> re.Match[str] | None:
    """The `retro_hash:` line of a note's front matter (not of its body), wherever it is there."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    return _HASH_LINE.search(text, 3, end + 1) if end > 0 else None


def _without(text: str, line: re.Match[str]) -> str:
    return text[:line.start()] + text[line.end():]


def unchanged_since_written(data: bytes) -> bool:
    """Is this note on disk exactly as retro wrote it? Its hash must match the rest of it; a
    note without one (an older retro's, or one whose front matter was rewritten) counts as
    edited, so it is never overwritten."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    line = _hash_line(text)
    return line is not None and _digest(_without(text, line)) == line.group(1)


def verdict(on_disk: bytes, new_note: bytes) -> str:
    """What to do with a note on disk when `new_note` is exported to its place:

    "replace" it is as retro wrote it (or is the note an older retro, without a hash, wrote for
              the same data): it is updated in place;
    "keep"    it was edited, and retro would write what it wrote then: nothing new, it is left
              alone;
    "beside"  it was edited, and retro has something new: that is written beside it.
    """
    if unchanged_since_written(on_disk):
        return "replace"
    text = new_note.decode("utf-8")
    new = _hash_line(text)
    if new is None:
        return "beside"
    if on_disk == _without(text, new).encode("utf-8"):
        return "replace"
    recorded = _hash_line(on_disk.decode("utf-8", errors="replace"))
    return "keep" if recorded is not None and recorded.group(1) == new.group(1) else "beside"
