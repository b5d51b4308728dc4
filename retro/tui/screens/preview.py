"""A format's preview, laid out as the shared screen will show it: a timeline of the phases with
their minutes (the sum flagged when it disagrees with the declared length), each phase with its
prompt, its columns and their hints in the board's colours, and the hybrid notes beside it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Label, Static

from retro.domain.format import Column, Format, Phase, PhaseKind
from retro.domain.text import visible
from retro.i18n import n, t
from retro.tui.screens.library import LANGUAGE_NAMES, PrepareActions, kind_label, minutes_warning, source_text
from retro.tui.ui import literal, literal_name
from retro.tui.widgets.footer import StableFooter

# One colour per phase kind on the timeline; dark text on each reads on both themes.
KIND_COLOURS = {
    PhaseKind.CHECK_IN: "#5f87af", PhaseKind.REVIEW: "#87afaf", PhaseKind.GATHER: "#87af5f",
    PhaseKind.GROUP: "#afaf5f", PhaseKind.VOTE: "#d7af5f", PhaseKind.DISCUSS: "#d7875f",
    PhaseKind.DECIDE: "#af87d7", PhaseKind.CLOSE: "#8787af",
}
# The schema's column colours as the board draws them (the same theme colours as run.tcss), so
# the preview looks like the shared screen; styled by class in library.tcss.
COLUMN_COLOURS = {
    "red": "$error", "orange": "$warning", "yellow": "$primary", "green": "$success",
    "blue": "$accent", "purple": "#d7afff", "pink": "#ffafd7", "grey": "#a8a8a8",
}


def spans(minutes: list[int], width: int) -> list[int]:
    """Split `width` cells among phases in proportion to their minutes (largest remainders get
    the spare cells), then give every phase at least one cell, taken from the widest."""
    if not minutes or width <= 0:
        return []
    width = max(width, len(minutes))
    total = sum(minutes) or 1
    exact = [m / total * width for m in minutes]
    cells = [int(e) for e in exact]
    order = sorted(range(len(minutes)), key=lambda i: exact[i] - cells[i], reverse=True)
    for i in order[: width - sum(cells)]:
        cells[i] += 1
    for i, cell in enumerate(cells):
        if cell == 0:
            cells[i] = 1
            cells[cells.index(max(cells))] -= 1
    return cells


class Timeline(Widget):
    """The phases as a bar, each as wide as its share of the minutes, with the minute each starts."""

    DEFAULT_CSS = "Timeline { height: 2; }"

    def __init__(self, fmt: Format, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fmt = fmt

    def render(self) -> Content:
        width = self.size.width
        phases = self.fmt.phases
        cells = spans([p.minutes for p in phases], width)
        bar: list[Content] = []
        marks = [" "] * (width + 8)
        start = 0
        at = 0
        for number, (phase, cell) in enumerate(zip(phases, cells), 1):
            label = f"{number} {visible(phase.title)}"
            text = (label if len(label) <= cell - 1 else str(number) if cell > len(str(number)) else "")[: cell]
            bar.append(Content.styled(text.ljust(cell), f"bold #000000 on {KIND_COLOURS[phase.kind]}"))
            mark = str(start)
            if all(c == " " for c in marks[at: at + len(mark) + 1]):
                marks[at: at + len(mark)] = list(mark)
            start += phase.minutes
            at += cell
        end = t("{minutes} min", minutes=start)
        line = "".join(marks[:width])
        line = (line[: max(0, width - len(end))].rstrip().ljust(max(0, width - len(end))) + end)[:width]
        return Content.assemble(*bar, "\n", (line, "dim"))


def _what_happens(phase: Phase) -> str:
    """What the room will see in this phase, for phases whose file has nothing more to show."""
    return {
        PhaseKind.CHECK_IN: t("A round: everyone answers, remote people first."),
        PhaseKind.REVIEW: t("Experiments that are due come back: what we expected, what happened, what we learned."),
        PhaseKind.GATHER: "",
        PhaseKind.GROUP: t("Items are grouped into themes."),
        PhaseKind.VOTE: n("{count} vote per person", "{count} votes per person", phase.votes_per_person),
        PhaseKind.DISCUSS: t("The top themes in vote order, a timer per topic, remote people speak first."),
        PhaseKind.DECIDE: (n("At most {count} experiment, with its expectation written first",
                             "At most {count} experiments, each with its expectation written first",
                             phase.max_experiments) if phase.max_experiments
                           else t("Experiments, each with its expectation written first")),
        PhaseKind.CLOSE: t("Everyone scores the meeting from 1 to 5 (ROTI)") if phase.roti else "",
    }[phase.kind]


class ColumnBox(Vertical):
    """A gather column as the board shows it: its title in the column's colour, the hint below."""

    def __init__(self, column: Column) -> None:
        super().__init__(classes=f"preview-column -color-{column.color or 'none'}")
        self.column = column

    def compose(self) -> ComposeResult:
        colour = COLUMN_COLOURS.get(self.column.color or "", "")
        yield Static(literal(self.column.title, f"bold {colour}".strip()), classes="preview-column-title")
        if self.column.hint:
            yield Static(literal(self.column.hint, "italic"), classes="preview-column-hint")


class PhaseCard(Vertical):
    def __init__(self, number: int, phase: Phase) -> None:
        super().__init__(classes="preview-phase")
        self.number, self.phase = number, phase

    def compose(self) -> ComposeResult:
        phase = self.phase
        yield Static(Content.assemble(
            (f"{self.number}  ", f"bold {KIND_COLOURS[phase.kind]}"), literal(phase.title, "bold"), "  ",
            (kind_label(phase.kind), "dim"), "  ", (t("{minutes} min", minutes=phase.minutes), "bold $secondary"),
        ), classes="phase-heading")
        if phase.prompt:
            yield Static(literal(phase.prompt, "italic"), classes="phase-prompt")
        if phase.kind is PhaseKind.GATHER:
            yield Static(t("Silent writing: items stay hidden until the reveal.") if phase.silent
                         else t("Open writing: items show as they are added."), classes="phase-what")
            with Horizontal(classes="preview-columns"):
                for column in phase.columns:
                    yield ColumnBox(column)
        what = _what_happens(phase)
        if what:
            yield Static(what, classes="phase-what")


class FormatPreviewScreen(PrepareActions, Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back", id="preview.back", tooltip="Back to the format library"),
        Binding("r", "rehearse", "Rehearse", id="preview.rehearse",
                tooltip="Dry-run this format, timers included; nothing is saved"),
        Binding("c", "copy", "Copy", id="preview.copy", tooltip="Copy this format into your own file"),
        Binding("e", "edit", "Edit", id="preview.edit", tooltip="Edit this format in $EDITOR (your formats only)"),
        Binding("m", "compose", "Compose", id="preview.compose",
                tooltip="Compose a new format, starting from this one's phases"),
    ]

    def __init__(self, fmt: Format) -> None:
        super().__init__()
        self.fmt = fmt

    def compose(self) -> ComposeResult:
        fmt = self.fmt
        yield Header()
        with Vertical(id="preview-top"):
            yield Static(literal_name(fmt.name, "bold"), id="preview-name")
            language = t(LANGUAGE_NAMES.get(fmt.language, fmt.language))
            yield Static(Content.assemble(
                literal(f"{fmt.id} · {language} · {t('{minutes} min', minutes=fmt.minutes)} · ", "dim"),
                literal(t("Source: {source}", source=source_text(fmt, self.catalog)), "dim"),
            ), id="preview-meta")
            yield Static(literal(fmt.summary, "italic"), id="preview-summary")
            yield Timeline(fmt, id="preview-timeline")
            if fmt.minutes_disagree:
                yield Static(literal("⚠ " + minutes_warning(fmt), "bold $warning"), id="preview-warning")
        with Horizontal(id="preview-body"):
            with VerticalScroll(id="preview-phases"):
                for number, phase in enumerate(fmt.phases, 1):
                    yield PhaseCard(number, phase)
            with VerticalScroll(id="preview-notes"):
                yield Label(t("Hybrid notes"), classes="pane-title")
                if fmt.hybrid_notes:
                    for note in fmt.hybrid_notes:
                        yield Static(Content.assemble(("• ", "bold $primary"), literal(note)), classes="preview-note")
                else:
                    yield Static(t("This format has no hybrid notes."), classes="preview-note")
        yield StableFooter()

    def on_mount(self) -> None:
        self.sub_title = t("Preview")
        self.query_one("#preview-phases").focus()

    def current_format(self) -> Format | None:
        return self.fmt

    def catalog_changed(self, select_id: str | None) -> None:
        """After a copy, show the copy; after an edit, the edited version."""
        fresh = self.catalog.get(select_id) if select_id else None
        fresh = fresh or self.catalog.get(self.fmt.id)
        if fresh is None:
            self.app.pop_screen()
            return
        if fresh != self.fmt:
            self.fmt = fresh
            self.refresh(recompose=True)

    def action_back(self) -> None:
        self.app.pop_screen()
