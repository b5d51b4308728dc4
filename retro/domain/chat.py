"""Turn a pasted video-call chat into items: one line, one item, with its author when it has one.

Remote people write their items in the call's chat; the facilitator pastes the chat in. Chats
come in many shapes, and the parser accepts the common ones without being told which:

    Anna: text                                  plain
    [10:02] Anna: text  /  10:02 Anna: text     with a time (also 10:02:33, 10.02, 10:02 AM)
    10:02:33 From Anna to Everyone: text        Zoom's saved chat (also "From  Anna : text")
    [26/11/2026, 10:02:33] Anna: text           with a date (also 2026-11-26 10:02, "- Anna:")
    Anna Svensson 10:02                         a header line (Teams, Meet): the text follows on
    [10:02] Anna Svensson                       the next lines, which belong to that author
    Anna Svensson  /  10:02  /  text            Meet: a name line, then a time line, then text

A line that does not start with a name becomes an item without an author (or, after a header,
an item by that header's author). An indented line continues the message above it. Blank lines
are skipped. What looks like a name is kept strict — a few words, no sentence — so that
"We should try this: pairing" stays one item without an author rather than inventing one.
Nothing here guesses silently: the paste dialog previews the result before anything is added.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class ChatLine:
    author: str
    text: str


_TIME = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?"
_DATE = r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?|\d{1,2}\.\d{1,2}\.(?:\d{2,4})?)"
# A time, perhaps with a date before it, perhaps in brackets; then an optional dash.
_STAMP = rf"(?:\[\s*(?:{_DATE}[,\sT]+)?{_TIME}\s*\]|\[\s*{_DATE}\s*\]|(?:{_DATE}[,\sT]+)?{_TIME})"
_STAMP_PREFIX = re.compile(rf"^{_STAMP}\s*[-–—]?\s*")
_STAMP_ONLY = re.compile(rf"^{_STAMP}$")
_STAMP_SUFFIX = re.compile(rf"^(?P<name>.+?)[,\s]+{_STAMP}$")
# Zoom: "From Anna to Everyone", "From Anna to Bo (Direct Message)", "From Anna (privately)".
_ZOOM = re.compile(
    r"^(?:From|Från)\s+(?P<name>.+?)(?:\s+(?:to|till)\s+.+?)?(?:\s*\((?:[^)]*)\))?\s*$", re.IGNORECASE
)
_SYSTEM = re.compile(r"^(?:reacted to|replying to|reagerade på|svarade på)\b", re.IGNORECASE)
# Words that start many ordinary lines with a colon, and are never names.
_NOT_NAMES = {
    "http", "https", "www", "note", "obs", "ps", "todo", "fyi", "re", "edit", "tips", "idea", "idé",
    "fråga", "question", "q", "a", "svar", "answer", "nb", "eg", "ex",
}
_PARTICLES = {"af", "av", "von", "van", "de", "der", "den", "la", "le", "da", "di", "du", "del", "bin", "al"}
_MAX_NAME_WORDS = 5
_MAX_NAME_CHARS = 40


def _clean(line: str) -> str:
    # Chats pad names with no-break and zero-width spaces; none of them is content.
    line = line.replace("\u00a0", " ").replace("\u202f", " ")
    return "".join(ch for ch in line if ch not in "\u200b\u200c\u200d\ufeff\u2060")


def _name_like(candidate: str, strict: bool) -> str | None:
    """`candidate` as a name, or None. Strict (no time, no "From") means: at most three words,
    each capitalised unless it is a single word or a particle such as "af" or "van"."""
    name = " ".join(candidate.split())
    if not name or len(name) > _MAX_NAME_CHARS:
        return None
    words = name.split(" ")
    if len(words) > (3 if strict else _MAX_NAME_WORDS):
        return None
    if name.lower().rstrip(".") in _NOT_NAMES:
        return None
    for word in words:
        if not all(_name_char(ch) for ch in word) or word.isdigit():
            return None
    if not _name_char(words[0][0]) or not words[0][0].isalpha():
        return None
    if strict and len(words) > 1:
        for word in words:
            if word.lower() not in _PARTICLES and not (word[0].isupper() or not word[0].isalpha()):
                return None
    return name


def _name_char(ch: str) -> bool:
    if ch.isalnum() or ch in "-'’._()":
        return True
    # Letters with combining marks, as some chats send Å as A + ring.
    return unicodedata.category(ch).startswith("M")


def _split_message(rest: str, stamped: bool) -> tuple[str, str] | None:
    """`Name: text` (or `From Name to Everyone: text`) → (name, text); None if no name leads."""
    head, colon, text = rest.partition(":")
    if not colon:
        return None
    zoom = _ZOOM.match(head.strip())
    if zoom:
        name = _name_like(zoom.group("name"), strict=False)
    else:
        if head != head.rstrip() and not stamped:
            return None  # "Anna : text" only in stamped (Zoom-like) chats; else it is prose
        name = _name_like(head, strict=not stamped)
    if name is None:
        return None
    return name, text.strip()


def parse_chat(text: str) -> list[ChatLine]:
    """Every message of a pasted chat as (author, text), in order. Never raises on odd input."""
    raw_lines = [_clean(line) for line in (text or "").splitlines()]
    indent = min((len(line) - len(line.lstrip()) for line in raw_lines if line.strip()), default=0)
    out: list[ChatLine] = []
    current_author = ""  # set by a header line; its text follows
    last_was_header = False
    last_bare_index: int | None = None  # a bare line that might turn out to be a Meet name line

    for raw in raw_lines:
        line = raw[indent:].rstrip()
        if not line.strip():
            continue
        indented = line[0].isspace()
        line = line.strip()
        if _SYSTEM.match(line):
            continue
        if _STAMP_ONLY.match(line):
            # Meet: "Anna Svensson" on one line, the time on the next, then the message.
            if last_bare_index is not None and last_bare_index == len(out) - 1:
                name = _name_like(out[-1].text, strict=False)
                if name is not None:
                    out.pop()
                    current_author, last_was_header = name, True
            last_bare_index = None
            continue
        stamp = _STAMP_PREFIX.match(line)
        stamped = stamp is not None
        rest = line[stamp.end():] if stamp else line
        last_bare_index = None

        suffix = _STAMP_SUFFIX.match(line)
        if suffix and not stamped:
            name = _name_like(suffix.group("name"), strict=False)
            if name is not None:
                current_author, last_was_header = name, True  # "Anna Svensson 10:02" (Teams, Meet)
                continue
        message = _split_message(rest, stamped)
        if message is not None:
            name, body = message
            if body:
                out.append(ChatLine(name, body))
                current_author, last_was_header = "", False
            else:
                current_author, last_was_header = name, True  # "Anna:" with the text below
            continue
        header = _name_like(rest, strict=True) if stamped else None
        if header is not None:
            current_author, last_was_header = header, True  # "[10:02] Anna Svensson" (Teams)
            continue
        if not rest.strip():
            continue
        if indented and out and not last_was_header:
            # An indented line that is no message of its own continues the one above it.
            prev = out[-1]
            out[-1] = ChatLine(prev.author, f"{prev.text} {line}")
            continue
        out.append(ChatLine(current_author, rest.strip()))
        last_bare_index = len(out) - 1
        last_was_header = False
    return out
