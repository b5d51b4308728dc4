"""The Textual app: `make_app` builds it for the command line and for the tests alike."""

from __future__ import annotations

import gc
import io
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.content import Content
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.worker import Worker

from retro.store.catalog import Catalog, load_catalog
from retro.tui import fast
from retro.tui.fast.collector import PauseCollector
from retro.tui.fast.css_cache import redundant_refresh
from retro.domain.clock import Clock, SystemClock
from retro.domain.text import visible
from retro.i18n import set_language, t
from retro.store import Repository, StoreError
from retro.tui.theme import THEMES
from retro.tui.ui import tell_store_changed

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

    from retro.settings import Settings

SCREENSHOT = "retro-screenshot"  # our delivery's name: Textual announces its own "screenshot" in English
STORE_POLL_S = 0.5  # another process's item shows within a second
PREPARE_IDLE_S = 1.0  # the kata log is built ahead after this long on the home screen without a key
BUILT_WAIT_S = 3.0  # a quit waits at most this long for the screens being built ahead
HERE = Path(__file__).resolve().parent
# Each area keeps its styles in its own file beside its screens; with app.tcss they are the
# app's styles. The home screen needs none of them, and parsing them is a real part of the
# start, so they are read after the first paint (and before any other screen is pushed, should
# a key be quicker). In this order, after app.tcss: the order CSS_PATH had them in.
AREA_CSS = (HERE / "screens" / "run.tcss", HERE / "screens" / "kata.tcss", HERE / "screens" / "library.tcss")


class RetroApp(App[None]):
    CSS_PATH = ["app.tcss"]  # see AREA_CSS for the rest
    TITLE = "retro"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Quit retro (everything is already saved)", priority=True),
        Binding("f1,question_mark", "help", "Help", id="help", tooltip="Show the keys of this screen"),
    ]

    def __init__(
        self,
        repo: Repository,
        catalog: Catalog | None = None,
        clock: Clock | None = None,
        start: Screen | None = None,
        prepare_kata: bool = False,
    ) -> None:
        super().__init__()
        self.repo = repo
        self.clock: Clock = clock or repo.clock or SystemClock()
        self.catalog = catalog if catalog is not None else load_catalog()
        self._start = start
        self._prepare_kata = prepare_kata
        self.store_changes = 0  # changes from elsewhere seen so far: a screen shown again asks
        self.collector = PauseCollector()  # (started by the speed layer, if at all)
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            # No animations: a screen shared over a video call shows a sliding tab underline or a
            # smooth scroll as a smear, and each costs frames for ~0.3 s after the key (a kata tab
            # switch went on drawing long after the key, on the CPU the next key needs). A key ends in
            # one frame.
            self.animation_level = "none"
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = "retro-presentation"
        # Every speed override, and every use of Textual's private API, in one place; with
        # RETRO_PLAIN_TEXTUAL=1 none (see retro/tui/fast/__init__.py). After the theme: the
        # stylesheet it may bring is made with the theme's variables.
        fast.install(self)
        self._area_css_applied = False
        if self.css_monitor is not None:  # `textual run --dev`: reload area styles on edits too
            self.css_monitor.add_paths(AREA_CSS)

    def get_default_screen(self) -> Screen[Any]:
        """The home screen is the app's first screen (Textual's own blank one would be a second
        screen to build, style and restyle before the first paint)."""
        from retro.tui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        if self._start is not None:
            self.push_screen(self._start)
        self.set_interval(STORE_POLL_S, self._poll_store)
        fast.started(self)
        self.call_after_refresh(self._after_first_paint)

    def on_unmount(self) -> None:
        self.collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.input_seen()
        await super().on_event(event)

    def _after_first_paint(self) -> None:
        if not gc.isenabled():  # launch() turned the collector off for the start
            gc.freeze()  # what the start made is never scanned again; on again once the store is warm
        # The area styles, a file per idle moment, then the rest of the store in a worker, so
        # opening the kata log later pays for neither.
        self._load_area_css_in_idle(list(AREA_CSS))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "warm-store" or not event.worker.is_finished:
            return
        if not gc.isenabled():
            # The warm store is ~100,000 objects that live as long as the app: frozen, so the
            # collector never pauses a keypress to scan them (a gen-2 scan of it is several frames).
            gc.freeze()
            gc.enable()
        if self._prepare_kata:
            self.set_timer(PREPARE_IDLE_S, self._prepare_kata_in_a_pause)

    def _prepare_kata_in_a_pause(self) -> None:
        """Build the kata log ahead (retro/tui/screens/ahead.py) when the home screen has had no key
        for a while: the build takes ~0.5 s of the UI thread, in steps, and would delay a key
        pressed meanwhile. Only for a store that has a log to show."""
        from retro.tui.screens.home import HomeScreen

        if not self.is_running:
            return
        if not isinstance(self.screen, HomeScreen) or time.monotonic() - self.collector.last_input < PREPARE_IDLE_S:
            self.set_timer(PREPARE_IDLE_S, self._prepare_kata_in_a_pause)  # the store is asked once, in the pause
            return
        try:
            if self.repo.active_target_condition() is None:
                return
        except StoreError:
            return  # damaged since the start: said when someone opens a screen that reads it
        from retro.tui.screens.kata import prepare_kata_log

        prepare_kata_log(self)

    async def action_quit(self) -> None:
        # Closing a screen Textual is still mounting ends in a traceback from Textual's own
        # widgets (Header, TabbedContent, Select: their children are no longer mounted once the
        # app is shutting down). The kata log and its form being built ahead take a fraction of
        # a second: quit after.
        from retro.tui.screens.ahead import all_mounted

        await all_mounted(self, BUILT_WAIT_S)
        self.exit()

    def _load_area_css_in_idle(self, paths: list[Path]) -> None:
        if paths and self.is_running:
            self._read_area_css(paths[:1])
            self.call_later(self._load_area_css_in_idle, paths[1:])
            return
        self.load_area_css()  # restyles what is on screen now (a no-op if a push did it already)
        self.run_worker(self.repo.warm, thread=True, name="warm-store", exit_on_error=False)

    def _read_area_css(self, paths: list[Path]) -> bool:
        """Parse the area files not read yet (the files parsed before are cached); True if any was."""
        missing = [path for path in paths if not self.stylesheet.has_source(str(path), "")]
        for path in missing:
            self.stylesheet.read(path)
        if missing:
            self.stylesheet.parse()
        return bool(missing)

    def load_area_css(self) -> None:
        """Make sure every area's styles are in use: parse what is missing and restyle the screens."""
        if self._read_area_css(list(AREA_CSS)) or not self._area_css_applied:
            self._area_css_applied = True
            self.stylesheet.update(self)

    def push_screen(self, screen: Screen[Any] | str, *args: Any, **kwargs: Any) -> Any:
        self.load_area_css()
        return super().push_screen(screen, *args, **kwargs)

    def switch_screen(self, screen: Screen[Any] | str) -> Any:
        self.load_area_css()
        return super().switch_screen(screen)

    def refresh_css(self, animate: bool = True) -> None:
        if redundant_refresh(self):
            return  # the refresh queued in __init__: see retro/tui/fast/css_cache.py
        super().refresh_css(animate)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every toast (Widget.notify comes here too) shows its text literally: a message names
        user text (a title, a step, a name) and none of retro's uses markup, so a `[` in a
        name can neither style the toast nor break it; a control character in it shows as an
        escape, never reaches the terminal."""
        super().notify(visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False)

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's line (a screen's sub-title may name a target condition): literally."""
        return super().format_title(visible(title), visible(sub_title))

    def _poll_store(self) -> None:
        if self.repo.saving:
            # A look now would wait in the kernel for our own save's rename and fsync:
            # look again at the next poll.
            return
        if self.repo.changed():
            # Re-read once here, so every screen that reloads sees the same fresh data.
            self.repo.changed_seen()
            self.store_changes += 1
            tell_store_changed(self)

    # -- actions every screen can reach -----------------------------------------------------

    def action_help(self) -> None:
        from retro.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def start_retro(self, format_id: str) -> None:
        """Ask for team and participants, then open the new retro's run screen."""
        from retro.tui.dialogs.start_retro import StartRetroDialog

        def started(retro_id: str | None) -> None:
            if retro_id:
                self.open_retro(retro_id)

        self.push_screen(StartRetroDialog(format_id), started)

    def open_retro(self, retro_id: str) -> None:
        from retro.tui.screens.run import RunScreen

        self.push_screen(RunScreen(retro_id))

    def open_kata(self) -> None:
        from retro.tui.screens.kata import show_kata_log

        show_kata_log(self)

    def open_formats(self) -> None:
        from retro.tui.screens.library import FormatLibraryScreen

        self.push_screen(FormatLibraryScreen())

    def action_command_palette(self) -> None:
        """Textual's palette, its placeholder in the app's language (Textual's is English)."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder=t("Search for commands…"), id="--command-palette"))

    def change_theme(self) -> None:
        self.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=t("Search for themes…")))

    def save_screenshot(self) -> None:
        """Textual's screenshot, named and announced in the app's words (`on_delivery_complete`)."""
        name = f"{self.title} {time.strftime('%Y-%m-%dT%H_%M_%S')}.svg"
        self.deliver_text(io.StringIO(self.export_screenshot()), save_filename=name, name=SCREENSHOT)

    def on_delivery_complete(self, event: events.DeliveryComplete) -> None:
        if event.name == SCREENSHOT:
            self.notify(t("Saved screenshot to {path}", path=str(event.path)) if event.path else t("Saved screenshot"),
                        title=t("Screenshot"), markup=False)

    def on_delivery_failed(self, event: events.DeliveryFailed) -> None:
        if event.name == SCREENSHOT:
            self.notify(t("Could not save the screenshot: {reason}", reason=str(event.exception)),
                        title=t("Screenshot"), severity="error", markup=False)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands in the app's words (instead of its English ones, not beside
        them), then every action of the current screen, so nothing is footer-only."""
        from retro.tui.screens.help import own_bindings

        yield SystemCommand(t("Quit"), t("Quit retro (everything is already saved)"), self.action_quit)
        yield SystemCommand(t("Help"), t("Show the keys of this screen"), self.action_help)
        yield SystemCommand(t("Colour theme"), t("Change the colours of the app"), self.change_theme)
        if screen.maximized is not None:
            yield SystemCommand(t("Minimize"), t("Show the maximized part at its normal size again"),
                                screen.action_minimize)
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield SystemCommand(t("Maximize"), t("Show the focused part on the whole screen"), screen.action_maximize)
        yield SystemCommand(t("Screenshot"), t("Save a picture (SVG) of the screen"),
                            lambda: self.set_timer(0.1, self.save_screenshot))
        seen: set[str] = set()
        for _key, active in own_bindings(screen):
            binding = active.binding
            if not active.enabled or binding.action in seen or active.node is self:
                continue
            seen.add(binding.action)
            node = active.node
            yield SystemCommand(
                binding.description,
                binding.tooltip or t("Key: {key}", key=self.get_key_display(binding)),
                lambda node=node, action=binding.action: self.run_action(action, node),
            )

def make_app(
    repo: Repository,
    catalog: Catalog | None = None,
    clock: Clock | None = None,
    language: str | None = None,
    start: Screen | None = None,
    prepare_kata: bool = False,
) -> RetroApp:
    """One factory for the command line and the tests. `prepare_kata`: build the kata log ahead
    in a pause on the home screen (what `retro` does; the tests that look for it ask for it)."""
    if language is not None:
        set_language(language)
    return RetroApp(repo, catalog=catalog, clock=clock, start=start, prepare_kata=prepare_kata)


def launch(settings: Settings, start: Screen | None = None) -> None:
    fast.quiet_start()  # the cyclic collector off until the store is warm (retro/tui/fast/collector.py)
    app = make_app(settings.repo(), clock=settings.clock, start=start, prepare_kata=start is None)
    app.run()
