"""Small helpers every screen uses: literal user text, translated bindings, store messages.

User text reaches the terminal only through `literal` (any text) or `literal_name` (a person's,
a team's, a theme's or a format's name): shown as typed, never markup, and any control character
in it shown as an escape (`\\x1b`) instead of being sent (retro.domain.text.visible). What a
screen hands over to be shown (`Shown.show`, a phase view's `show`, an ItemList's rows) passes
`shown_safely` on its way, so a text put into a Content some other way is caught too. A row or
a status line shows an item `cut` (an older store may hold one of a megabyte).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import ActiveBinding
from textual.content import Content, Span
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget
    from textual.visual import VisualType

from retro.domain.text import visible, visible_name
from retro.i18n import language, n, t
from retro.tui.fast.restyle import restyle_only_if_stale, styled_now  # (for the screens: they live there)

# An item as a row or a line shows it: a stack trace pasted before the limits were enforced
# still loads, and showing it whole made every key of the run screen take seconds.
SHOWN_CHARS = 2_000  # as many as an item may have (ITEM_MAX)
SHOWN_LINES = 10
# A text longer than that (an older store's) shows only its start, and how much more it has:
# the rows that draw it then cost what a short item's row costs (its 2,000 characters wrapped
# in a narrow column are a hundred lines, and a key that draws them took two frames).
GLIMPSE = (300, 3)
CUT_MARK = "…"
# The most any row (`ROW_MOST`) or any text a screen shows (`TEXT_MOST`) is handed, in
# characters and lines, whatever made it: a row within the limits (an experiment's step) stays
# well within, and a text of an older store that no screen cut is still cut there.
ROW_MOST = (8_000, 50)
TEXT_MOST = (40_000, 1_000)


def literal(text: str, style: str = "") -> Content:
    """User text as it was typed: `[red]` stays `[red]`, never markup; a control character
    (ESC, BEL, a C1 code) shows as an escape such as `\\x1b`, never reaches the terminal."""
    text = visible(text)
    return Content.styled(text, style) if style else Content(text)


def literal_name(text: str, style: str = "") -> Content:
    """A name (a participant, a team, an author, an owner, a theme, a format) as `literal`
    shows text, and with bidi overrides and zero-width characters shown as escapes
    (`\\u202e`): one name cannot pose as another."""
    text = visible_name(text)
    return Content.styled(text, style) if style else Content(text)


def cut(text: str, chars: int = SHOWN_CHARS, lines: int = SHOWN_LINES) -> str:
    """`text` as a row shows it: at most `chars` characters and `lines` lines, ending in "…"
    where it was cut; a text longer than `chars` shows only a glimpse, and how many characters
    more it has. Reads no more of `text` than that, however long it is."""
    if len(text) <= chars and text.count("\n") < lines:
        return text
    more = len(text) > chars
    if more:
        chars, lines = min(chars, GLIMPSE[0]), min(lines, GLIMPSE[1])
    head = text[:chars]
    kept = head.split("\n", lines)
    if len(kept) > lines:
        head = "\n".join(kept[:lines])
    head = head.rstrip()
    if not more:
        return head + " " + CUT_MARK
    left = len(text) - len(head)
    return head + " " + CUT_MARK + " " + n("({count} more character)", "({count} more characters)", left, count=number(left))


def number(n: int) -> str:
    """A count as the language writes it: 1,298,000 (or 1 298 000 in Swedish)."""
    return f"{n:,}".replace(",", "\u00a0") if language() == "sv" else f"{n:,}"


def bounded(content: Content, chars: int, lines: int) -> Content:
    """`content` cut after `chars` characters or `lines` lines, with "…" where it was cut.
    Reads no more of it than that."""
    plain = content.plain
    end = min(len(plain), chars)
    at = -1
    for _ in range(lines):
        at = plain.find("\n", at + 1, end)
        if at < 0:
            break
    else:
        end = at  # a line more follows
    if end >= len(plain):
        return content
    return Content.assemble(content[:end], " " + CUT_MARK)


def shown_safely(content: VisualType, most: tuple[int, int] = TEXT_MOST) -> VisualType:
    """What a widget is about to show, with any control character in its text shown as an
    escape (styles kept), and no longer than `most` (characters, lines): the net under
    `literal` and `cut` for a text put into a Content another way. Costs one scan of the text
    when there is nothing to do (the common case)."""
    if isinstance(content, str):
        return visible(content)  # (retro's own text, markup perhaps: never cut)
    if not isinstance(content, Content):
        return content
    content = bounded(content, *most)
    plain = content.plain
    if visible(plain) is plain:  # (visible returns the very text when it has nothing to escape)
        return content
    pieces: list[Content] = []
    last = 0
    for index, char in enumerate(plain):
        escaped = visible(char)
        if escaped is not char:
            pieces.append(content[last:index])
            spans = [Span(0, len(escaped), span.style) for span in content[index].spans]
            pieces.append(Content(escaped, spans))
            last = index + 1
    pieces.append(content[last:])
    return Content("").join(pieces)


def translated(active: ActiveBinding) -> ActiveBinding:
    """A binding as the app shows it: its description and tooltip in the app's language
    (bindings are declared in English at class level, before the language is known)."""
    binding = active.binding
    shown = replace(binding, description=t(binding.description) if binding.description else "",
                    tooltip=t(binding.tooltip) if binding.tooltip else "")
    return ActiveBinding(active.node, shown, active.enabled, t(active.tooltip) if active.tooltip else "")


def shown_key(content: Content | str) -> tuple[str, list[object]]:
    """What a piece of content looks like, to compare (Content compares its text only)."""
    return (content.plain, list(content.spans)) if isinstance(content, Content) else (content, [])


class Shown:
    """What a screen's Statics show, so an update that changes nothing costs nothing: no
    repaint, and no layout of the screen (every Static.update asks for one)."""

    def __init__(self, screen: Screen) -> None:
        self.screen = screen
        self._keys: dict[str, object] = {}

    def changed(self, name: str, key: object) -> bool:
        """Remember `key` under `name`; True if it differs from what was remembered."""
        if self._keys.get(name) == key:
            return False
        self._keys[name] = key
        return True

    def show(self, widget_id: str, content: Content | str, *, layout: bool = True) -> None:
        if self.changed(widget_id, shown_key(content)):
            self.screen.query_one(f"#{widget_id}", Static).update(shown_safely(content), layout=layout)


def follow_cursor(rows: Widget, show: Callable[[], None]) -> None:
    """Call `show` as the list's cursor moves, in the key's own frame: for the pane beside a
    list that shows the detail of its cursor row. (OptionHighlighted arrives after the list has
    been drawn: each move was two frames, the detail a frame behind the cursor.)"""
    # Not while a sync has no cursor yet: every view shows its detail itself once it is done.
    rows.watch(rows, "highlighted", lambda: show() if rows.is_attached and rows.highlighted is not None else None,
               init=False)


class StoreChanged(Message):
    """Another process wrote to the store: the screen showing it should reload."""


def tell_store_changed(app: App[object]) -> None:
    """Another process wrote: every screen on view is told, a dialog and the screens under it
    (a participant who joins while the share dialog is open shows in the round behind it). A
    screen hidden under another catches up when it shows again (its ScreenResume)."""
    for screen in reversed(app.screen_stack):
        screen.post_message(StoreChanged())
        if not isinstance(screen, ModalScreen):
            break
