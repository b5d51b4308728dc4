"""A format being composed from phases of other formats: pure Python, no Textual, so the rules
(column ids stay unique, minutes stay positive, the total is the phases' sum) are tested alone."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from retro.domain.format import Column, Format, Phase


@dataclass
class Draft:
    phases: list[Phase] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)  # ids of the formats phases came from, in order
    hybrid_notes: tuple[str, ...] = ()
    anonymous: bool = False  # kept from the format it starts from: composing never drops it

    @classmethod
    def from_format(cls, fmt: Format | None) -> Draft:
        if fmt is None:
            return cls()
        return cls(list(fmt.phases), [fmt.id], fmt.hybrid_notes, fmt.anonymous)

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.phases)

    def _column_ids(self, skip: int | None = None) -> set[str]:
        return {c.id for i, p in enumerate(self.phases) if i != skip for c in p.columns}

    def add(self, phase: Phase, origin: str, at: int | None = None) -> int:
        """Insert a copy of `phase` at `at` (default: the end); returns its index. Column ids
        that clash with columns already in the draft get a suffix, since ids must be unique."""
        taken = self._column_ids()
        columns: list[Column] = []
        for column in phase.columns:
            new_id, n = column.id, 2
            while new_id in taken:
                new_id, n = f"{column.id}-{n}", n + 1
            taken.add(new_id)
            columns.append(replace(column, id=new_id))
        phase = replace(phase, columns=tuple(columns))
        index = len(self.phases) if at is None else max(0, min(at, len(self.phases)))
        self.phases.insert(index, phase)
        if origin not in self.origins:
            self.origins.append(origin)
        return index

    def remove(self, index: int) -> Phase:
        return self.phases.pop(index)

    def move(self, index: int, delta: int) -> int:
        target = max(0, min(index + delta, len(self.phases) - 1))
        self.phases.insert(target, self.phases.pop(index))
        return target

    def retitle(self, index: int, title: str) -> None:
        title = title.strip()
        if title:
            self.phases[index] = replace(self.phases[index], title=title)

    def change_minutes(self, index: int, delta: int) -> None:
        phase = self.phases[index]
        self.phases[index] = replace(phase, minutes=max(1, phase.minutes + delta))

    def to_format(self, format_id: str, name: str, language: str, summary: str) -> Format:
        """The composed format; its declared length is the phases' sum, so the two agree."""
        return Format(id=format_id, name=name.strip(), language=language, summary=summary.strip(),
                      minutes=self.minutes, phases=tuple(self.phases), hybrid_notes=self.hybrid_notes,
                      anonymous=self.anonymous)
