"""User text at the edges: what may come in, how long it may be, and how it is shown.

Two rules keep a shared terminal safe (README, Reliability):

- At entry (the TUI, a pasted chat, the command line, an import) control characters other than
  newline and tab are removed: `clean`. A carriage return is a line break from another system,
  so CR LF and a lone CR become a newline first.
- At display, every text bound for a terminal passes `visible`: a control character still
  present (a format file, an older store) is shown as an escape such as `\\x1b`, never sent.
  Names also show bidi overrides and zero-width characters (`visible_name`), so one name
  cannot pose as another.

JSON output is never passed through either: it stays exact.

The limits are the product's, stated in README; every entry enforces them with `check_length`
(the command line refuses, never cuts). Older data over a limit still loads.
"""

from __future__ import annotations

import re

from retro.domain.errors import RuleError

ITEM_MAX = 2_000  # an item on the board, a discussion note line
NAME_MAX = 80  # a team, a participant, an owner, an author, a theme's title
TEXT_MAX = 4_000  # each text of an experiment, a target condition, a challenge, an obstacle
FORMAT_FILE_MAX = 64 * 1024  # bytes of one format file
FORMAT_COLUMNS_MAX = 12  # columns of one phase
FORMAT_PHASES_MAX = 20  # phases of one format
RETRO_ITEMS_MAX = 2_000  # items of one retro

# C0 controls but tab and newline, DEL, and the C1 controls (0x9b is a one-byte CSI).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidi embeddings, overrides and isolates; zero-width spaces, joiners and marks; the BOM.
_DISGUISE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_LINE_BREAK = re.compile("\r\n?")


def clean(text: str) -> str:
    """Text as it may be stored: line breaks as newlines, no other control character."""
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", text))


def controls_in(text: str) -> int:
    """How many characters `clean` would remove (a CR LF or lone CR counts as none)."""
    return len(_CONTROL.findall(_LINE_BREAK.sub("\n", text)))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """Text as it may reach a terminal: any control character but newline and tab shown as an
    escape (`\\x1b`), so it can never move the cursor, set the clipboard or make a link."""
    return _CONTROL.sub(_escape, text) if _CONTROL.search(text) else text


def visible_name(text: str) -> str:
    """A name as it may reach a terminal: `visible`, and bidi overrides and zero-width
    characters shown as escapes (`\\u202e`), so "Anna" and "An\\u200bna" look different."""
    text = visible(text)
    return _DISGUISE.sub(_escape, text) if _DISGUISE.search(text) else text


def check_length(text: str, limit: int, what: str) -> str:
    """`text` if it is within `limit` characters; else a RuleError naming `what` and the limit."""
    if len(text) > limit:
        raise RuleError("{what} is {length} characters long; at most {limit} are allowed",
                        what=what, length=len(text), limit=limit)
    return text
