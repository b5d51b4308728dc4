"""Discuss: the top themes in vote order, one at a time, each with its own timer, a speaking
round with remote people first, and notes typed as the talk goes (Enter adds a line)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from retro.domain.retro import Item, Retro, Theme
from retro.domain.text import ITEM_MAX
from retro.i18n import t
from retro.tui.screens.run.phases.base import PhaseView
from retro.tui.ui import cut, literal, literal_name
from retro.tui.widgets.entry import ItemInput
from retro.tui.widgets.item_list import ItemList, Row
from retro.tui.widgets.timer import PhaseTimerView

TOPICS_IN_TIMEBOX = 3  # the phase's minutes are shared by the top three topics


def title_of(target: Theme | Item) -> str:
    return target.title if isinstance(target, Theme) else target.text


def shown_title(target: Theme | Item, style: str = "") -> Content:
    """A topic as a row or a heading shows it: a theme's name, or an item's text (cut)."""
    return literal_name(target.title, style) if isinstance(target, Theme) else literal(cut(target.text), style)


class DiscussView(PhaseView):
    BINDINGS = [
        Binding("ctrl+n", "next_topic", "Next topic", id="discuss.next_topic",
                tooltip="Go on to the next topic in vote order; its own timer starts"),
        Binding("ctrl+r", "next_speaker", "Next speaker", id="discuss.next_speaker",
                tooltip="The next person in the round speaks (remote people first)"),
        Binding("ctrl+z", "undo_note", "Undo note", id="discuss.undo_note",
                tooltip="Remove the last note of this topic"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="discuss-main"):
            with Vertical(id="discuss-topics-pane"):
                yield Static(t("Topics by votes"), classes="pane-title")
                yield ItemList(id="discuss-topics", cursor_shows_focus=True)
            with Vertical(id="discuss-topic-pane"):
                with Horizontal(id="discuss-topic-head"):
                    yield Static(id="discuss-topic-title")
                    yield PhaseTimerView(self._topic_timer, self.now, label=t("Topic"), big=False, id="topic-timer")
                yield Static(id="discuss-speakers")
                with VerticalScroll(id="discuss-body"):
                    yield Static(id="discuss-items")
                    yield Static(t("Notes"), classes="field-title")
                    yield Static(id="discuss-notes")
                yield ItemInput(on_enter=self.add_note, placeholder=t("Type a note, Enter adds it"), max_length=ITEM_MAX,
                                id="discuss-note-input")

    # -- the current topic -----------------------------------------------------------------------

    def _topics(self) -> list[tuple[Theme | Item, int]]:
        return self.retro.topics()

    def _current(self) -> Theme | Item | None:
        topics = self._topics()
        if not topics:
            return None
        return topics[min(self.retro.discuss_index, len(topics) - 1)][0]

    def _topic_minutes(self) -> int:
        return max(1, self.phase.minutes // max(1, min(len(self._topics()), TOPICS_IN_TIMEBOX)))

    def _topic_timer(self):  # noqa: ANN202
        current = self._current()
        if current is None:
            return None
        return self.retro.timers.get(Retro.topic_timer_key(current.id))

    def extra_timer_keys(self) -> list[str]:
        """The screen's pause and +1 minute act on this topic's timer too."""
        current = self._current()
        return [Retro.topic_timer_key(current.id)] if current is not None else []

    def on_mount(self) -> None:
        current = self._current()
        if current is not None and Retro.topic_timer_key(current.id) not in self.retro.timers \
                and not self.session.closed:
            index = min(self.retro.discuss_index, len(self._topics()) - 1)
            self.attempt(lambda r: r.enter_topic(index, current.id, self._topic_minutes(), self.now()))

    # -- showing ----------------------------------------------------------------------------------

    def refresh_view(self) -> None:
        topics = self._topics()
        current = self._current()
        rows = []
        for i, (target, votes) in enumerate(topics):
            here = current is not None and target.id == current.id
            prompt = Content.assemble(("▶ " if here else "  ", "bold $primary"), (f"{votes} ", "bold $secondary"),
                                      shown_title(target, "bold" if here else ""))
            rows.append(Row(target.id, (here, votes, title_of(target)), prompt))
        listing = self.query_one("#discuss-topics", ItemList)
        listing.sync(rows)
        if current is not None and listing.highlighted is None:
            listing.highlight_id(current.id)
        title = self.query_one("#discuss-topic-title", Static)
        if current is None:
            self.show(title, t("Nothing to discuss: no items yet."))
            self.show(self.query_one("#discuss-items", Static), "")
            self.show(self.query_one("#discuss-notes", Static), "")
            self.show(self.query_one("#discuss-speakers", Static), "")
            self.query_one("#topic-timer", PhaseTimerView).retarget(self._topic_timer)
            return
        self.show(title, shown_title(current, "bold $primary"))
        if isinstance(current, Theme):
            lines = [literal("• " + cut(it.text)) for it in self.retro.theme_items(current.id)]
            self.show(self.query_one("#discuss-items", Static), Content("\n").join(lines))
        else:
            alone = Content(t("An item on its own"))
            author = self.retro.author_of(current)  # nobody, in an anonymous retro
            if author:
                alone = Content.assemble(alone, " — ", literal_name(author))
            self.show(self.query_one("#discuss-items", Static), alone.stylize("$text-muted"))
        notes = [literal("– " + cut(line)) for line in current.notes.split("\n") if line]
        self.show(self.query_one("#discuss-notes", Static),
            Content("\n").join(notes) if notes else Content.styled(t("No notes yet."), "$text-muted"))
        self._show_speakers()
        self.query_one("#topic-timer", PhaseTimerView).retarget(self._topic_timer)

    def _show_speakers(self) -> None:
        order = self.retro.speaking_order()
        widget = self.query_one("#discuss-speakers", Static)
        if not order:
            self.show(widget, t("No participants yet: add them with F2."))
            return
        now = self.retro.speaker_index % len(order)
        parts: list[Content | tuple[str, str] | str] = [(t("Speaks now") + ": ", "$text-muted")]
        for i, p in enumerate(order):
            name = Content.assemble(literal_name(p.name), f" ({t('remote')})" if p.remote else "")
            parts.append(Content.assemble(" ", name, " ").stylize("bold reverse $secondary") if i == now else name)
            if i < len(order) - 1:
                parts.append(("  ›  ", "$text-muted"))
        self.show(widget, Content.assemble(*parts))

    def focus_default(self) -> None:
        self.focus_now(self.query_one("#discuss-note-input", ItemInput))

    # -- actions ----------------------------------------------------------------------------------

    def _go_to(self, index: int) -> None:
        topics = self._topics()
        if not 0 <= index < len(topics):
            self.notify(t("That was the last topic."), markup=False, timeout=3)
            return
        target_id = topics[index][0].id
        if self.attempt(lambda r: r.enter_topic(index, target_id, self._topic_minutes(), self.now()))[0]:
            self.refresh_view()
            self.query_one("#discuss-topics", ItemList).highlight_id(target_id)

    def action_next_topic(self) -> None:
        self._go_to(min(self.retro.discuss_index, max(0, len(self._topics()) - 1)) + 1)

    @on(ItemList.OptionSelected, "#discuss-topics")
    def _topic_chosen(self, event: ItemList.OptionSelected) -> None:
        event.stop()
        ids = [tg.id for tg, _ in self._topics()]
        if event.option.id in ids:
            self._go_to(ids.index(event.option.id))
            self.focus_default()

    def action_next_speaker(self) -> None:
        if self.attempt(lambda r: r.next_speaker())[0]:
            self._show_speakers()

    def add_note(self, value: str) -> bool:
        """Enter in the notes input (handled in order with typing; see ItemInput)."""
        current = self._current()
        if current is None or not value.strip():
            return True
        if self.attempt(lambda r: r.add_note(current.id, value))[0]:
            self.refresh_view()
            return True
        return False

    def action_undo_note(self) -> None:
        current = self._current()
        if current is None:
            return
        ok, removed = self.attempt(lambda r: r.remove_last_note(current.id))
        if ok and removed is not None:
            self.refresh_view()
