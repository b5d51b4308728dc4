"""Fixed columns drawn as text, for the kata log's lists (the record and History): a row is
one Content made of cells of exact widths, so a list shows it as it is, never wrapped."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

from retro.tui.ui import literal

GAP = "  "  # between two columns


def cell(text: Content | str, width: int, lines: int = 1, style: str = "") -> list[Content]:
    """A cell as `lines` lines of exactly `width` cells: user text shown literally (see
    retro/tui/ui.py: literal), its white space collapsed, wrapped, and cut with an ellipsis where it
    does not fit. Only the start of a long text is read: what a cell can show of it."""
    if isinstance(text, str):
        # A cell shows `width * lines` cells at most: four times as many characters still overflow
        # it (so the ellipsis shows), unless most of them take no cell at all.
        text = text[: 4 * width * lines + 16]
    content = literal(" ".join(text.split()), style) if isinstance(text, str) else text
    if lines == 1:
        wrapped = [content]
    else:
        wrapped = content.wrap(width) or [Content("")]
        if len(wrapped) > lines:
            wrapped = [*wrapped[: lines - 1], Content(" ").join(wrapped[lines - 1:])]
    cells = [line.truncate(width, ellipsis=True, pad=True) for line in wrapped]
    return cells + [Content.blank(width)] * (lines - len(cells))


def row(columns: list[list[Content]]) -> Content:
    """Cells side by side, line by line (each cell as many lines as the first)."""
    return Content("\n").join(Content(GAP).join(column[y] for column in columns) for y in range(len(columns[0])))


def split_cells(text: str, width: int) -> tuple[str, str]:
    """`text` cut after `width` terminal cells (a wide character counts two)."""
    used = 0
    for i, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return text[:i], text[i:]
    return text, ""
