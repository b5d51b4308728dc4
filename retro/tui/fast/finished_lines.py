"""A widget's finished lines kept by the content they were made from, wherever they sit.

Textual's StylesCache keeps finished lines by screen row, so a page of list rows scrolled into
view is finished line by line anew though the rows' content was drawn ahead and the finishing
of an inner row does not depend on where it sits; and an input's line of text is finished anew
each time it goes back to a look it had (empty again after Enter). Kept here by the content
strip (the widget hands over the same strip object until what it shows changes) and by what
the finishing depends on: the widths, the backgrounds, the widget's own styles (Textual counts
their changes: a restyle, a theme) and its opacity. So they outlive Textual dropping the screen
rows, which it does on every layout: a board column's rows drawn ahead while the view was first
laid out were all drawn again.

Textual's private API (`textual._styles_cache.StylesCache`, its `render_line`, a widget's
`_styles_cache`, `Styles._cache_key`): every call into it passes keyword arguments, so a change
of its parameters fails at once, and tests/unit/test_textual_contract.py names it.
"""

from __future__ import annotations

from textual._styles_cache import StylesCache
from textual.strip import Strip
from textual.widget import Widget

from retro.tui import fast

FINISHED_KEPT = 2048  # finished lines kept per list: a five-year History has hundreds


class FinishedLines(StylesCache):
    def __init__(self, kept: int = FINISHED_KEPT) -> None:
        super().__init__()
        self._kept = kept
        self._finished: dict[int, tuple[Strip, tuple[object, ...], Strip]] = {}
        self._keeping = fast.enabled("finished_lines")

    def render_line(self, styles, y, size, content_size, padding, base_background, background,  # noqa: ANN001, ANN201, PLR0913
                    render_content_line, border_title, border_subtitle, opacity, ansi_theme, native_ansi):  # noqa: ANN001
        # Textual's own names: it calls this positionally, and this calls it back by keyword.
        finish = dict(styles=styles, y=y, size=size, content_size=content_size, padding=padding,
                      base_background=base_background, background=background, border_title=border_title,
                      border_subtitle=border_subtitle, opacity=opacity, ansi_theme=ansi_theme, native_ansi=native_ansi)
        top = styles.gutter.top
        outlined = any(edge for edge, _ in styles.outline)  # an outline is drawn over the first and last rows
        if not self._keeping or outlined or not top <= y < size.height - styles.gutter.bottom \
                or y - top >= content_size.height:
            return super().render_line(render_content_line=render_content_line, **finish)  # a border or padding row
        content = render_content_line(y - top)
        key = (size.width, content_size.width, padding, base_background, background, styles._cache_key,
               opacity, ansi_theme, native_ansi)
        kept = self._finished.get(id(content))
        if kept is not None and kept[0] is content and kept[1] == key:
            return kept[2]
        line = super().render_line(render_content_line=lambda _y: content, **finish)
        if len(self._finished) >= self._kept:
            self._finished.clear()
        self._finished[id(content)] = (content, key, line)
        return line


def keep_finished_lines(widget: Widget, kept: int = FINISHED_KEPT) -> None:
    """Give `widget` a FinishedLines in place of Textual's StylesCache (before it first draws)."""
    if fast.enabled("finished_lines"):
        widget._styles_cache = FinishedLines(kept)
