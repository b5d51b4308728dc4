"""A widget's finished lines kept by the content they were made from, wherever they sit."""

from __future__ import annotations

from textual._styles_cache import StylesCache
from textual.strip import Strip

FINISHED_KEPT = 2048  # finished lines kept per list: a five-year History is ~600 lines


class FinishedLines(StylesCache):
    """A widget's lines as Textual finishes them (padding, border, background, text opacity),
    kept by the content they were made from. StylesCache keeps finished lines by screen row, so
    a page of list rows scrolled into view is finished line by line anew (~0.15 ms a line: 4 ms
    of a History page) though the rows' content was drawn ahead and the finishing of an inner
    row does not depend on where it sits; and an input's line of text is finished anew each
    time it goes back to a look it had (empty again after Enter). Kept here by the content
    strip (the widget hands over the same strip object until what it shows changes) and by
    what the finishing depends on: the widths, the backgrounds, the widget's own styles
    (Textual counts their changes: a restyle, a theme) and its opacity. So they outlive
    Textual dropping the screen rows, which it does on every layout: a board column's rows
    drawn ahead while the view was first laid out were all drawn again."""

    def __init__(self, kept: int = FINISHED_KEPT) -> None:
        super().__init__()
        self._kept = kept
        self._finished: dict[int, tuple[Strip, tuple[object, ...], Strip]] = {}

    def render_line(self, styles, y, size, content_size, padding, base_background, background,  # noqa: ANN001, ANN201, PLR0913
                    render_content_line, *rest):  # noqa: ANN002 - Textual's own signature
        top = styles.gutter.top
        outlined = any(edge for edge, _ in styles.outline)  # an outline is drawn over the first and last rows
        if outlined or not top <= y < size.height - styles.gutter.bottom or y - top >= content_size.height:
            return super().render_line(styles, y, size, content_size, padding, base_background, background,
                                       render_content_line, *rest)  # a border or padding row
        content = render_content_line(y - top)
        key = (size.width, content_size.width, padding, base_background, background, styles._cache_key,
               rest[2:])  # opacity, ANSI
        kept = self._finished.get(id(content))
        if kept is not None and kept[0] is content and kept[1] == key:
            return kept[2]
        line = super().render_line(styles, y, size, content_size, padding, base_background, background,
                                   lambda _y: content, *rest)
        if len(self._finished) >= self._kept:
            self._finished.clear()
        self._finished[id(content)] = (content, key, line)
        return line
