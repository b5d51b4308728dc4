"""The join URL of the retro being served, as text and as a QR code for the phones in the room.

Closing it leaves the serving on; "New link" asks for a fresh token (the old link stops working:
the screen may be recorded or on a shared call); "Stop sharing" ends it."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from retro.i18n import t
from retro.tui.ui import literal
from retro.tui.widgets.qr import QRCode

Choice = Literal["new", "stop"] | None


class ShareDialog(ModalScreen[Choice]):
    DEFAULT_CSS = """
    ShareDialog { align: center middle; }
    ShareDialog > #share-box {
        width: auto; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    ShareDialog #share-row { width: auto; height: auto; }
    ShareDialog #share-text { width: 36; height: auto; padding: 0 0 0 2; }
    ShareDialog #share-title { text-style: bold; color: $primary; padding: 0 0 1 0; }
    ShareDialog #share-url { text-style: bold; padding: 0 0 1 0; }
    ShareDialog #share-lines { color: $text-muted; padding: 0 0 1 0; }
    ShareDialog #share-buttons { height: auto; }
    ShareDialog #share-buttons Button { margin: 0 1 0 0; }
    """
    BINDINGS = [
        Binding("escape,enter", "close", "Close", id="share.close", tooltip="Close; the retro stays shared"),
        Binding("n", "new_link", "New link", id="share.new_link",
                tooltip="A new link; the old one stops working"),
        Binding("s", "stop", "Stop sharing", id="share.stop", tooltip="Stop serving this retro to browsers"),
    ]

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="share-box"):
            with Horizontal(id="share-row"):
                yield QRCode(self.url, id="share-qr")
                with Vertical(id="share-text"):
                    yield Static(literal(t("Join this retro")), id="share-title")
                    yield Static(literal(self.url), id="share-url")
                    yield Static(literal(t("Open the link, or scan the code with a phone, on this network. "
                                           "Anyone with the link can join. New link: the old one stops working.")),
                                 id="share-lines")
                    with Vertical(id="share-buttons"):
                        yield Button(t("New link (n)"), id="share-new", compact=True)
                        yield Button(t("Stop sharing (s)"), id="share-stop", compact=True)
                        yield Button(t("Close (Esc)"), id="share-close", compact=True)

    def on_mount(self) -> None:
        for button in self.query(Button):  # keys decide, not focus
            button.can_focus = False

    @on(Button.Pressed, "#share-close")
    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#share-new")
    def action_new_link(self) -> None:
        self.dismiss("new")

    @on(Button.Pressed, "#share-stop")
    def action_stop(self) -> None:
        self.dismiss("stop")
