"""One virtual list per board column: an OptionList whose rows are kept in step with the retro.

A board of 200 items must answer a keypress within a frame, so nothing rebuilds the list: `sync`
compares the rows it is given with what is shown (by id and a cheap key) and appends, replaces
or removes only what changed. A full reset happens only when the order itself changed.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True)
class Row:
    id: str
    key: Hashable  # what the prompt was built from; equal keys mean an equal prompt
    prompt: Content


class ItemList(OptionList):
    """An OptionList of rows with ids, updated in place."""

    def __init__(self, *, id: str | None = None, classes: str = "") -> None:
        super().__init__(id=id, classes=classes)
        self._keys: dict[str, Hashable] = {}

    @property
    def ids(self) -> list[str]:
        return [o.id for o in self.options if o.id is not None]

    @property
    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None

    def highlight_id(self, row_id: str | None) -> None:
        if row_id is None or row_id not in self._keys:
            return
        self.highlighted = self.get_option_index(row_id)

    def sync(self, rows: Sequence[Row]) -> None:
        self._sync(rows)
        if self.highlighted is None and self.option_count:
            self.highlighted = 0  # a keyboard user always has a row to act on

    def _sync(self, rows: Sequence[Row]) -> None:
        shown = self.ids
        wanted = [r.id for r in rows]
        if shown == wanted:
            for index, row in enumerate(rows):
                if self._keys.get(row.id) != row.key:
                    self._replace(index, row)
            return
        if wanted[: len(shown)] == shown:
            for index, row in enumerate(rows[: len(shown)]):
                if self._keys.get(row.id) != row.key:
                    self._replace(index, row)
            self.append(rows[len(shown):])
            return
        if len(wanted) == len(shown) - 1 and all(i in self._keys for i in wanted):
            gone = next(i for i in shown if i not in set(wanted))
            if [i for i in shown if i != gone] == wanted:
                self.remove(gone)
                self._sync(rows)
                return
        self.reset(rows)

    def append(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        for row in rows:
            self._keys[row.id] = row.key
        self.add_options([Option(row.prompt, id=row.id) for row in rows])

    def remove(self, row_id: str) -> None:
        if row_id in self._keys:
            del self._keys[row_id]
            self.remove_option(row_id)

    def reset(self, rows: Sequence[Row]) -> None:
        keep = self.highlighted_id
        index = self.highlighted
        self._keys = {row.id: row.key for row in rows}
        self.set_options([Option(row.prompt, id=row.id) for row in rows])
        if keep in self._keys:
            self.highlight_id(keep)
        elif rows and index is not None:
            self.highlighted = min(index, len(rows) - 1)

    def _replace(self, index: int, row: Row) -> None:
        self._keys[row.id] = row.key
        self.replace_option_prompt_at_index(index, row.prompt)
