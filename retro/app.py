"""The Textual app: `make_app` builds it for the command line and for the tests alike."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from retro.catalog import Catalog, load_catalog
from retro.domain.clock import Clock, SystemClock
from retro.i18n import set_language, t
from retro.store import Repository
from retro.theme import THEMES
from retro.ui import StoreChanged, translate_bindings

if TYPE_CHECKING:
    from retro.commands.common import Settings

STORE_POLL_S = 0.5  # another process's item shows within a second


class RetroApp(App[None]):
    # Each area keeps its styles in its own file beside its screens; together they are the app's styles.
    CSS_PATH = ["app.tcss", "screens/run.tcss", "screens/kata.tcss", "screens/library.tcss"]
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
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.repo = repo
        self.clock: Clock = clock or repo.clock or SystemClock()
        self.catalog = catalog if catalog is not None else load_catalog()
        self._start = start
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = "retro-presentation"

    def on_mount(self) -> None:
        from retro.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self._start is not None:
            self.push_screen(self._start)
        self.set_interval(STORE_POLL_S, self._poll_store)
        # Read the rest of the store once the home screen has painted, so opening the kata log
        # later does not pay for a five-year log on the keypress.
        self.call_after_refresh(
            lambda: self.run_worker(self.repo.warm, thread=True, name="warm-store", exit_on_error=False)
        )

    def _poll_store(self) -> None:
        if self.repo.changed():
            # Re-read once here, so every screen that reloads sees the same fresh data.
            self.repo.changed_seen()
            self.screen.post_message(StoreChanged())

    # -- actions every screen can reach -----------------------------------------------------

    def action_help(self) -> None:
        from retro.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def start_retro(self, format_id: str) -> None:
        """Ask for team and participants, then open the new retro's run screen."""
        from retro.dialogs.start_retro import StartRetroDialog

        def started(retro_id: str | None) -> None:
            if retro_id:
                self.open_retro(retro_id)

        self.push_screen(StartRetroDialog(format_id), started)

    def open_retro(self, retro_id: str) -> None:
        from retro.screens.run import RunScreen

        self.push_screen(RunScreen(retro_id))

    def open_kata(self) -> None:
        from retro.screens.kata import show_kata_log

        show_kata_log(self)

    def open_formats(self) -> None:
        from retro.screens.library import FormatLibraryScreen

        self.push_screen(FormatLibraryScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers every action of the current screen, so nothing is footer-only."""
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not active.enabled or binding.action in seen or active.node is self:
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
) -> RetroApp:
    """One factory for the command line and the tests."""
    if language is not None:
        set_language(language)
    return RetroApp(repo, catalog=catalog, clock=clock, start=start)


def launch(settings: Settings, start: Screen | None = None) -> None:
    app = make_app(settings.repo(), clock=settings.clock, start=start)
    app.run()
