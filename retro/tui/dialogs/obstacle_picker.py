"""Choose the obstacle to address now, or park, resolve or set one aside."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from retro.domain.kata import Obstacle
from retro.store.kata_log import obstacle_status
from retro.i18n import t
from retro.tui.ui import literal


class ObstaclePicker(ModalScreen["tuple[str, str] | None"]):
    """Returns (obstacle id, action) with action one of focus / parked / resolved / set-aside."""

    DEFAULT_CSS = """
    ObstaclePicker { align: center middle; }
    ObstaclePicker > Vertical {
        width: 96%; max-width: 100; height: auto; max-height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ObstaclePicker .dialog-title { text-style: bold; color: $primary; padding: 0 0 1 0; }
    ObstaclePicker OptionList { height: auto; max-height: 16; }
    ObstaclePicker .dialog-context { color: $text-muted; padding: 1 0 0 0; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="obstacle_picker.cancel", tooltip="Close without a change"),
        Binding("enter", "choose('focus')", "Focus", id="obstacle_picker.focus",
                tooltip="Address this obstacle now (the one in focus before is parked)", priority=True),
        Binding("p", "choose('parked')", "Park", id="obstacle_picker.park", tooltip="Park the obstacle"),
        Binding("r", "choose('resolved')", "Resolved", id="obstacle_picker.resolve", tooltip="Mark the obstacle resolved"),
        Binding("z", "choose('set-aside')", "Set aside", id="obstacle_picker.aside", tooltip="Set the obstacle aside"),
    ]

    def __init__(self, obstacles: list[Obstacle]) -> None:
        super().__init__()
        self._obstacles = obstacles

    def compose(self) -> ComposeResult:
        options = []
        for ob in self._obstacles:
            mark = "▶ " if ob.in_focus else "  "
            options.append(Option(Content.assemble((mark, "bold $accent"), literal(ob.text),
                                                   ("  " + t(obstacle_status(ob.status)), "dim")), id=ob.id))
        with Vertical():
            yield Static(t("Obstacles: which one are you addressing now?"), classes="dialog-title")
            yield OptionList(*options, id="obstacles")
            yield Static(t("Enter: focus · p: park · r: resolved · z: set aside · Esc: cancel"), classes="dialog-context")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_choose(self, action: str) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        self.dismiss((options.get_option_at_index(options.highlighted).id, action))  # type: ignore[arg-type]

    def action_cancel(self) -> None:
        self.dismiss(None)
