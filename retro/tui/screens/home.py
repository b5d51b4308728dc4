"""The home screen: formats to start a retro with, recent retros, the active target condition
(only a shared one: the home screen is what a call sees when a presented retro is left)."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from retro.domain.format import Format
from retro.domain.retro import Retro
from retro.store.repository import RetroHeading
from retro.i18n import n, t
from retro.tui.ui import Shown, StoreChanged, literal, literal_name, restyle_only_if_stale, shown_key, styled_now
from retro.tui.widgets.footer import StableFooter

RECENT = 12


def format_option(fmt: Format) -> Option:
    prompt = Content.assemble(
        literal_name(fmt.name, "bold"), "  ", (f"{fmt.language} · {t('{minutes} min', minutes=fmt.minutes)}", "dim"), "\n",
        literal(fmt.summary, "italic"),
    )
    return Option(prompt, id=fmt.id)


def retro_option(retro: Retro | RetroHeading, fmt: Format | None) -> Option:
    when = retro.started_at.strftime("%Y-%m-%d %H:%M")
    name = fmt.name if fmt else retro.format_id
    prompt = Content.assemble((when, "dim"), "  ", literal_name(retro.team, "bold"), "  ", literal_name(name), "  ", (t(retro.status), "italic"))
    return Option(prompt, id=retro.id)


class HomeScreen(Screen[None]):
    BINDINGS = [
        Binding("s", "start", "Start retro", id="home.start", tooltip="Start a retro with the highlighted format"),
        Binding("r", "resume", "Resume", id="home.resume", tooltip="Resume the highlighted retro"),
        Binding("k", "kata", "Kata log", id="home.kata", tooltip="Open the Improvement Kata log (private)"),
        Binding("f", "formats", "Formats", id="home.formats", tooltip="Browse, preview and prepare formats"),
        Binding("tab", "app.focus_next", "Switch focus", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._resumed = False
        self._shown = Shown(self)  # what the lists and panels show: a return to the screen changes little
        self._recent: list[RetroHeading] = []  # the headings listed under Recent retros, newest first

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="home-formats"):
                yield Label(t("Retro formats"), classes="pane-title")
                yield OptionList(id="formats")
            with VerticalScroll(id="home-side"):
                yield Label(t("Active target condition"), classes="pane-title")
                yield Static(id="active-tc")
                yield Label(t("Recent retros"), classes="pane-title")
                yield OptionList(id="retros")
                yield Static(id="skipped")
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#formats", OptionList).focus()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Also the first fill: Textual resumes a screen right after mounting it, before its
        # first paint, so filling in on_mount as well would read and build everything twice.
        # On that first resume Textual would also restyle every widget, all styled as they
        # mounted a moment ago; on a return, every list's lines with them. (Runs before
        # Screen's own handler, which does the restyling: see restyle_only_if_stale.)
        if not self._resumed:
            self._resumed = True
            styled_now(self)
        restyle_only_if_stale(self, event)
        self.refresh_data()

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        app = self.app
        catalog = app.catalog  # type: ignore[attr-defined]
        repo = app.repo  # type: ignore[attr-defined]
        formats = self.query_one("#formats", OptionList)
        highlighted = formats.highlighted
        self._set_options(formats, [format_option(f) for f in catalog.sorted()])
        if formats.option_count:
            formats.highlighted = min(highlighted or 0, formats.option_count - 1)
        retros = self.query_one("#retros", OptionList)
        recent = repo.retro_headings(RECENT)  # only the newest months of a five-year store, not converted
        self._recent = recent
        self._set_options(retros, [retro_option(r, catalog.get(r.format_id)) for r in recent])
        retros.display = bool(recent)
        self._show_active_tc()
        if not recent:
            retros.display = False
            skipped: Content | str = t("No retros yet. Pick a format and press Enter to start one.")
        else:
            skipped = ""
        if catalog.skipped:
            lines = [t("Skipped format files")] + [f"{s.path}: {s.problems[0].message}" for s in catalog.skipped]
            skipped = literal("\n".join(lines), "$warning")
        self._shown.show("skipped", skipped)

    def _set_options(self, options: OptionList, new: list[Option]) -> None:
        """Replace a list's options only when they changed: new options drop every line the
        list rendered, and the screen is filled again on every return to it."""
        if self._shown.changed(options.id or "", [(o.id, shown_key(o.prompt)) for o in new]):  # type: ignore[arg-type]
            options.set_options(new)

    def _show_active_tc(self) -> None:
        repo = self.app.repo  # type: ignore[attr-defined]
        today = self.app.clock.now().date()  # type: ignore[attr-defined]
        tc = repo.active_target_condition()
        if tc is None:
            self._shown.show("active-tc", t("No active target condition yet. Open the kata log with k."))
            return
        if not tc.is_shared:
            # One Esc from a presented retro: a private target condition stays in the kata log.
            self._shown.show("active-tc", t("Kata log (k)"))
            return
        self._shown.show("active-tc", Content.assemble(
            literal(tc.title, "bold"), "\n",
            (n("achieve by {day} ({count} day left)", "achieve by {day} ({count} days left)", tc.days_left(today),
               day=tc.achieve_by.isoformat()), "dim"),
        ))

    # -- actions ----------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#formats")
    def _format_chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    @on(OptionList.OptionSelected, "#retros")
    def _retro_chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_resume()

    def action_start(self) -> None:
        formats = self.query_one("#formats", OptionList)
        if formats.highlighted is None:
            return
        option = formats.get_option_at_index(formats.highlighted)
        self.app.start_retro(option.id)  # type: ignore[attr-defined]

    def action_resume(self) -> None:
        """The highlighted retro when the list is in use; else the newest one still running,
        so `r` works from wherever the focus is (it starts on the formats)."""
        retros = self.query_one("#retros", OptionList)
        if not retros.option_count:
            self.notify(t("No retro to resume yet."), markup=False)
            return
        if retros.has_focus and retros.highlighted is not None:
            chosen = retros.get_option_at_index(retros.highlighted).id
        else:
            chosen = next((h.id for h in self._recent if h.status == "running"), None)
            if chosen is None:
                retros.focus()
                self.notify(t("No retro is running: pick one in Recent retros and press Enter."), markup=False)
                return
        self.app.open_retro(chosen)  # type: ignore[attr-defined]

    def action_kata(self) -> None:
        self.app.open_kata()  # type: ignore[attr-defined]

    def action_formats(self) -> None:
        self.app.open_formats()  # type: ignore[attr-defined]
