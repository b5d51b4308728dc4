"""Writing format files: commented TOML for new, copied and composed formats, safe file writes,
and the editor round trip. No Textual here: the CLI and the library screens share it.

A user's format file is theirs: nothing here ever overwrites one unless the caller asked for
exactly that (`replace_file` for `import --replace`, or restoring the text a facilitator chose to
go back to). New files are created exclusively, so a race or a typo never clobbers a file.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

import tomlkit

from retro.store.catalog import Catalog, read_text
from retro.domain.format import Format, FormatError, PhaseKind, Problem, is_valid_id, parse_format

# Comments that explain each field, in the format's own language: a Swedish facilitator editing a
# Swedish format reads Swedish. Keys are the field (or `kind:<kind>` at a kind's first phase).
COMMENTS: dict[str, dict[str, str]] = {
    "en": {
        "header": "A retro format for `retro`. Check it with: retro formats check {path}\n"
                  "Unknown keys are errors, so a typo never passes silently.",
        "based_on": "Based on: {names}.",
        "id": "id: the format's id: lower-case letters, digits, - and _. Unique among all formats;\n"
              "a format of yours with a built-in's id replaces that built-in.",
        "name": "name: what the format library and the shared screen show.",
        "language": 'language: "sv" or "en".',
        "summary": "summary: a sentence or two on what this retro is for.",
        "minutes": "minutes: the length you plan for; the phases' minutes should add up to it\n"
                   "(the preview flags it when they do not).",
        "hybrid_notes": "hybrid_notes (optional): reminders for running it with people in the room and on a call.",
        "anonymous": "anonymous (optional): its retros start with items stored without names.",
        "phases": "Each [[phases]] is one step of the retro, run in this order. Every phase has kind,\n"
                  "title and minutes (a whole number, at least 1). kind is one of: check-in, review,\n"
                  "gather, group, vote, discuss, decide, close.",
        "kind:check-in": "check-in: a round to arrive. prompt (optional): the question everyone answers.",
        "kind:review": "review: last time's experiments come back: what was expected, what happened,\n"
                       "what was learned. prompt (optional).",
        "kind:gather": "gather: people write items into columns. silent = true hides items until the reveal.\n"
                       "Each [[phases.columns]] has an id (unique in the whole format), a title, and\n"
                       "optionally a hint and a color: red, orange, yellow, green, blue, purple, pink, grey.",
        "kind:group": "group: items are grouped into themes. prompt (optional).",
        "kind:vote": "vote: dot voting. votes_per_person: each person's dots (at least 1).",
        "kind:discuss": "discuss: the top themes in vote order, a timer per topic. prompt (optional).",
        "kind:decide": "decide: themes become experiments, each with an expectation written first.\n"
                       "max_experiments (optional): at most this many.",
        "kind:close": "close: the end. prompt (optional): a closing question. roti = true asks everyone\n"
                      "for a Return On Time Invested score, 1 to 5.",
        "copy": "copy",
    },
    "sv": {
        "header": "Ett retroformat för `retro`. Kontrollera det med: retro formats check {path}\n"
                  "Okända nycklar är fel, så att ett stavfel aldrig slinker igenom.",
        "based_on": "Bygger på: {names}.",
        "id": "id: formatets id: små bokstäver, siffror, - och _. Unikt bland alla format;\n"
              "ett eget format med samma id som ett inbyggt ersätter det inbyggda.",
        "name": "name: det som formatbiblioteket och den delade skärmen visar.",
        "language": 'language: "sv" eller "en".',
        "summary": "summary: en mening eller två om vad retron är till för.",
        "minutes": "minutes: längden du planerar för; fasernas minuter bör tillsammans bli lika många\n"
                   "(förhandsvisningen säger till när de inte blir det).",
        "hybrid_notes": "hybrid_notes (valfritt): påminnelser för möten med folk både i rummet och på distans.",
        "anonymous": "anonymous (valfritt): dess retros börjar med lappar som sparas utan namn.",
        "phases": "Varje [[phases]] är ett steg i retron, i den här ordningen. Varje fas har kind,\n"
                  "title och minutes (ett heltal, minst 1). kind är en av: check-in, review,\n"
                  "gather, group, vote, discuss, decide, close.",
        "kind:check-in": "check-in: en runda för att landa. prompt (valfritt): frågan alla svarar på.",
        "kind:review": "review: förra gångens experiment kommer tillbaka: vad vi förväntade oss, vad som\n"
                       "hände, vad vi lärde oss. prompt (valfritt).",
        "kind:gather": "gather: alla skriver lappar i kolumner. silent = true döljer lapparna tills de visas.\n"
                       "Varje [[phases.columns]] har ett id (unikt i hela formatet), en title, och\n"
                       "valfritt en hint och en color: red, orange, yellow, green, blue, purple, pink, grey.",
        "kind:group": "group: lapparna grupperas i teman. prompt (valfritt).",
        "kind:vote": "vote: prickröstning. votes_per_person: varje persons prickar (minst 1).",
        "kind:discuss": "discuss: de viktigaste temana i röstordning, en timer per ämne. prompt (valfritt).",
        "kind:decide": "decide: teman blir experiment, vart och ett med en förväntan skriven först.\n"
                       "max_experiments (valfritt): högst så här många.",
        "kind:close": "close: avslutningen. prompt (valfritt): en avslutande fråga. roti = true ber alla\n"
                      "om ett betyg för hur väl använd tiden var (ROTI), 1 till 5.",
        "copy": "kopia",
    },
}


def _comment(container: tomlkit.TOMLDocument | tomlkit.items.Table, text: str) -> None:
    for line in text.splitlines():
        container.add(tomlkit.comment(line))


def render_format(fmt: Format, based_on: list[str] | None = None, path: str = "PATH") -> str:
    """The format as commented TOML that `parse_format` reads back to the same format."""
    words = COMMENTS.get(fmt.language, COMMENTS["en"])
    doc = tomlkit.document()
    _comment(doc, words["header"].format(path=path))
    if based_on:
        _comment(doc, words["based_on"].format(names=", ".join(based_on)))
    doc.add(tomlkit.nl())
    for key in ("id", "name", "language", "summary", "minutes"):
        _comment(doc, words[key])
        doc.add(key, getattr(fmt, key))
    _comment(doc, words["hybrid_notes"])
    notes = tomlkit.array()
    notes.extend(fmt.hybrid_notes)
    notes.multiline(bool(fmt.hybrid_notes))
    doc.add("hybrid_notes", notes)
    if fmt.anonymous:
        _comment(doc, words["anonymous"])
        doc.add("anonymous", True)
    doc.add(tomlkit.nl())
    _comment(doc, words["phases"])
    phases = tomlkit.aot()
    explained: set[PhaseKind] = set()
    for phase in fmt.phases:
        table = tomlkit.table()
        if phase.kind not in explained:
            explained.add(phase.kind)
            _comment(table, words[f"kind:{phase.kind}"])
        data = phase.to_dict()
        columns = data.pop("columns", None)
        for key, value in data.items():
            table.add(key, value)
        if columns is not None:
            aot = tomlkit.aot()
            for column in columns:
                col = tomlkit.table()
                for key, value in column.items():
                    col.add(key, value)
                aot.append(col)
            table.add("columns", aot)
        phases.append(table)
    doc.add("phases", phases)
    return tomlkit.dumps(doc)


def derive(base: Format, new_id: str, language: str | None = None, name: str | None = None) -> Format:
    """A copy of `base` under a new id (and, if asked, another language), ready to be edited."""
    language = language or base.language
    word = COMMENTS[language]["copy"]
    return replace(base, id=new_id, language=language, name=name or f"{base.name} ({word})", source="", builtin=False)


# -- files ------------------------------------------------------------------------------------


def user_path(catalog: Catalog, format_id: str) -> Path:
    assert catalog.user_dir is not None
    return catalog.user_dir / f"{format_id}.toml"


class Taken(ValueError):
    """The id or the file is already there: say where, so the facilitator can choose."""


def check_new_id(catalog: Catalog, format_id: str) -> Path:
    """Where a new format with this id goes; raises Taken/ValueError when it cannot."""
    if not is_valid_id(format_id):
        raise ValueError(format_id)
    existing = catalog.get(format_id)
    if existing is not None:
        raise Taken(existing.source)
    path = user_path(catalog, format_id)
    if path.exists():
        raise Taken(str(path))
    return path


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_with(directory: Path, content: str | bytes) -> Path:
    """A fsynced temp file in the target's directory, so the final rename is atomic. Bytes are
    written as they are (restoring a file exactly, even one that is not UTF-8)."""
    directory.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, name = tempfile.mkstemp(prefix=".retro-", suffix=".tmp", dir=directory)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(name, 0o644)
    return Path(name)


def write_new(path: Path, text: str | bytes) -> None:
    """Create `path` with `text`, whole or not at all; FileExistsError if it is already there."""
    temp = _temp_with(path.parent, text)
    try:
        os.link(temp, path)  # atomic, and refuses to replace an existing file
    except FileExistsError:
        raise
    except OSError:  # a filesystem without hard links: check, then rename
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def replace_file(path: Path, text: str | bytes) -> None:
    """Write `path` atomically, replacing what is there. Only for an explicit user choice."""
    temp = _temp_with(path.parent, text)
    try:
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def check_file(path: Path) -> tuple[Format | None, list[Problem]]:
    """Validate a file as it is on disk now: the format, or every problem with its line."""
    try:
        return parse_format(read_text(path), str(path)), []
    except FormatError as exc:
        return None, list(exc.problems)


# -- the editor -------------------------------------------------------------------------------


def editor_command() -> list[str] | None:
    """$VISUAL, else $EDITOR (either may carry arguments, e.g. `code --wait`), else a common
    terminal editor when one is installed; None when there is nothing to run."""
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return shlex.split(value)
    for name in ("sensible-editor", "nano", "vi"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


# Editors known to accept `+LINE FILE` to open at a line; others just get the file.
_PLUS_LINE = {"vi", "vim", "nvim", "view", "nano", "pico", "emacs", "emacsclient", "micro", "joe", "ne", "mg", "kak"}


def run_editor(command: list[str], path: Path, line: int | None = None) -> int:
    """Run the editor on `path` (at `line`, for editors known to take `+LINE`) and wait for it.
    Its exit code is returned, not judged: many editors exit non-zero for harmless reasons, and
    the file is validated afterwards anyway."""
    at = [f"+{line}"] if line and Path(command[0]).name in _PLUS_LINE else []
    try:
        return subprocess.call([*command, *at, str(path)])
    except OSError as exc:
        raise EditorFailed(f"{command[0]}: {exc.strerror or exc}") from None


class EditorFailed(RuntimeError):
    pass
