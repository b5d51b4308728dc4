"""The run screen: a retro phase by phase, as the room and the call see it.

The screen owns what every phase shares — the heading, the phase timer, the hybrid notes, the
keys to move between phases — and mounts one phase view at a time. A closed retro opens
read-only, on its close phase (its summary and export): moving between phases and changing
anything is refused with a message. It talks to a session
(saving, or in memory for a rehearsal), never to the store directly, so a rehearsal runs the
very same code and never writes.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from retro.domain.errors import RuleError
from retro.domain.format import Format, Phase, PhaseKind
from retro.domain.retro import Participant, PhaseTimer, Retro
from retro.i18n import language, n, t, t_error
from retro.tui.screens.run.phases import view_for
from retro.tui.screens.run.phases.base import PhaseView
from retro.tui.screens.run.session import RehearsalSession, RunSession, StoreSession
from retro.store import StoreError
from retro.tui.ui import StoreChanged, literal, literal_name
from retro.tui.widgets.footer import StableFooter
from retro.tui.widgets.timer import PhaseTimerView

if TYPE_CHECKING:
    from retro.tui.screens.run.sharing import Share

NARROW_BELOW = 120  # columns; below it the hybrid notes shrink to one line
SAVE_AFTER_S = 0.05  # the key's frame is painted within this; the save waits for it
# A save's fsync waits for the disk now and then for 100+ ms: the event loop must not wait with it.
SAVE_ON_A_THREAD = True


class RunScreen(Screen[None]):
    # Moving the focus repaints the whole screen in Textual; the widgets that gain and lose focus
    # repaint themselves anyway, and the rest of a 200-item board need not be drawn again.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]
    BINDINGS = [
        Binding("pagedown,ctrl+f", "next_phase", "Next phase", id="run.next_phase", priority=True,
                tooltip="Go on to the next phase (a presenter's clicker sends Page Down)"),
        # In the footer: a phase's own keys, Next phase and Help, whole at 80 columns. The rest
        # here are in F1 and the palette (and F2 in the check-in's footer, where people arrive).
        Binding("pageup,ctrl+b", "previous_phase", "Previous phase", id="run.previous_phase", priority=True,
                show=False, tooltip="Go back to the previous phase; nothing is lost"),
        Binding("ctrl+t", "toggle_timer", "Pause timer", id="run.timer_pause", show=False,
                tooltip="Pause or restart the phase timer"),
        Binding("ctrl+g", "add_minute", "+1 min", id="run.timer_add_minute", show=False,
                tooltip="Give the phase one more minute"),
        Binding("f2", "add_participant", "Add person", id="run.add_participant", show=False,
                tooltip="Someone joined late: add them, in the room or remote"),
        # A function key: a letter would be typed into the phase's input.
        Binding("f3", "share", "Share", id="run.share", show=False,
                tooltip="Let people join from a browser on this network: a link and a QR code"),
        # Not in the footer: phases take Esc over at times (stop editing, put an item down), and
        # a footer that changed with it would be rebuilt each time. Help and the palette list it.
        Binding("escape", "leave", "Leave", id="run.leave", show=False,
                tooltip="Back to the home screen; everything is saved and the retro can be resumed"),
        # A closed retro is read-only: the keys that would move or change it say so instead.
        Binding("pagedown,ctrl+f,pageup,ctrl+b", "read_only", "Read-only", id="run.read_only_phases",
                show=False, priority=True, tooltip="A closed retro shows its summary and export only"),
        Binding("ctrl+t,ctrl+g,f2,f3,c,1,2,3,4,5", "read_only", "Read-only", id="run.read_only",
                show=False, tooltip="A closed retro shows its summary and export only"),
    ]

    def __init__(self, retro_id: str | None = None, *, rehearse: Format | None = None) -> None:
        super().__init__()
        if (retro_id is None) == (rehearse is None):
            raise ValueError("RunScreen needs a retro_id or a format to rehearse, not both")
        self._retro_id = retro_id
        self._rehearse = rehearse
        self.session: RunSession | None = None
        self.view: PhaseView | None = None
        self._problem = ""
        self._share: Share | None = None  # this retro served to browsers (F3)
        self._sharing_starts = False
        self._left = False
        self._changes_heard: int | None = None  # the app's store_changes when last told (None: not shown yet)

    # -- opening ----------------------------------------------------------------------------

    def _open_session(self) -> RunSession | None:
        app = self.app
        clock = app.clock  # type: ignore[attr-defined]
        if self._rehearse is not None:
            people = [Participant(t("Facilitator")), Participant(t("Remote colleague"), remote=True)]
            retro = Retro.start(self._rehearse.id, t("Rehearsal"), people, clock.now(),
                                anonymous=self._rehearse.anonymous)
            return RehearsalSession(retro, self._rehearse, clock)
        repo = app.repo  # type: ignore[attr-defined]
        # The saving thread hands its outcome back to this loop, in this context (the active app).
        self._loop, self._loop_context = asyncio.get_running_loop(), contextvars.copy_context()
        retro = repo.find(Retro, self._retro_id)
        if retro is None:
            self._problem = t("No retro with id {id}", id=self._retro_id)
            return None
        fmt = app.catalog.get(retro.format_id)  # type: ignore[attr-defined]
        if fmt is None:
            self._problem = t("Retro {id} uses format {format}, which is not installed", id=retro.id, format=retro.format_id)
            return None
        return StoreSession(repo, retro.id, fmt, clock, defer=self._after_frame,
                            post=self._from_the_saving_thread if SAVE_ON_A_THREAD else None,
                            on_save_error=self._save_failed, on_folded_in=self._show_others_items)

    def _after_frame(self, callback: Callable[[], object]) -> None:
        """Save once the frame showing the change is on screen. (`call_after_refresh` cannot
        promise that: the screen may run its callbacks before the changed widgets have asked for
        a repaint, and a save of the five-year store then delayed the frame.) Changes
        within the delay are saved together."""
        self.set_timer(SAVE_AFTER_S, callback, name="save")

    def _from_the_saving_thread(self, callback: Callable[[], None]) -> None:
        """Run `callback` on the event loop (called on the session's saving thread)."""
        self._loop.call_soon_threadsafe(callback, context=self._loop_context)

    def _show_others_items(self) -> None:
        """A save of ours took in items another process had added: show them now."""
        if self.session is not None and self.view is not None:
            self.view.refresh_view()
            self._refresh_top()

    def _save_failed(self, exc: Exception) -> None:
        self.app.bell()
        self.notify(t("Not saved: {problem}. Your change stays on screen; it is saved again with the next one.",
                      problem=t_error(exc)), severity="error", timeout=30, markup=False)

    def compose(self) -> ComposeResult:
        self.session = self._open_session()
        with Horizontal(id="run-top"):
            with Vertical(id="run-heading"):
                yield Static(id="run-title")
                yield Static(id="run-context")
            yield PhaseTimerView(self._phase_timer, self._now, label=t("Time"), id="phase-timer")
        yield Static(id="run-strip")
        with Horizontal(id="run-main"):
            with Vertical(id="run-body"):
                yield Static(id="run-prompt")
                # The phase view is mounted here, after the prompt (no extra container: every
                # layer is drawn again for each changed line).
            with VerticalScroll(id="run-notes"):
                yield Static(t("Hybrid notes"), classes="pane-title")
                yield Static(id="run-notes-text")
        yield Static(id="run-note-line")
        yield StableFooter()

    async def on_mount(self) -> None:
        if self.session is None:
            self.query_one("#run-title", Static).update(literal(self._problem, "bold $error"))
            return
        session = self.session
        if session.closed:  # read-only: its summary and export, whatever its format has become
            self._show_notes()
            await self._show_phase()
            return
        if not 0 <= session.retro.phase_index < len(session.format.phases):
            self._save(lambda r: setattr(r, "phase_index", 0))
        key = Retro.phase_timer_key(session.retro.phase_index)
        if key not in session.retro.timers:
            self._save(lambda r: r.start_timer(key, session.phase.minutes, self._now()))
        self._show_notes()
        await self._show_phase()

    def on_unmount(self) -> None:
        self._left = True
        self._stop_share()
        # Leaving (or quitting) stops the clock; a crash does not, so its time is still counted.
        session = self.session
        if session is None:
            return
        try:
            if not session.closed and any(tm.running for tm in session.retro.timers.values()):
                session.change(lambda r: r.pause_timers(self._now()))
            session.close()  # nothing waits for a frame that will not come
        except (RuleError, StoreError):
            pass

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The phase's own keys first in the footer, then moving between phases, then the app's:
        at 80 columns the footer shows what this phase is about."""
        bindings = super().active_bindings
        order = {b.action: i for i, b in enumerate(self._bindings_in_order())}

        def rank(entry: tuple[str, ActiveBinding]) -> tuple[int, int]:
            node = entry[1].node
            if node is self.app:
                return (2, 0)
            if node is self:
                return (1, order.get(entry[1].binding.action, 99))
            return (0, 0)

        return dict(sorted(bindings.items(), key=rank))

    def _bindings_in_order(self) -> list[Binding]:
        return [b for b in self.BINDINGS if isinstance(b, Binding)]

    # -- what every phase shows -------------------------------------------------------------

    def _shown_phase(self) -> tuple[int | None, Phase]:
        """The phase on screen and its place in the format: the current one, or for a closed
        retro its close phase (a plain one, placed nowhere, if its format no longer has one)."""
        assert self.session is not None
        session = self.session
        phases = session.format.phases
        if not session.closed:
            return session.retro.phase_index, session.phase
        index = next((i for i in reversed(range(len(phases))) if phases[i].kind is PhaseKind.CLOSE), None)
        if index is not None:
            return index, phases[index]
        return None, Phase(PhaseKind.CLOSE, t("Close retro"), 0, roti=bool(session.retro.roti))

    def _now(self):  # noqa: ANN202
        return self.app.clock.now()  # type: ignore[attr-defined]

    def _phase_timer(self) -> PhaseTimer | None:
        if self.session is None:
            return None
        return self.session.retro.timers.get(Retro.phase_timer_key(self.session.retro.phase_index))

    def _show_notes(self) -> None:
        assert self.session is not None
        notes = self.session.format.hybrid_notes
        text = Content("\n\n").join([literal("• " + n) for n in notes]) if notes else Content(t("No hybrid notes in this format."))
        self.query_one("#run-notes-text", Static).update(text)

    def _refresh_top(self) -> None:
        assert self.session is not None
        session = self.session
        retro, fmt = session.retro, session.format
        index, phase = self._shown_phase()
        count = len(fmt.phases)
        place = f"{index + 1}/{count}  " if index is not None else ""
        title = Content.assemble((place, "bold $secondary"), literal(phase.title, "bold $primary"))
        self.query_one("#run-title", Static).update(title)
        context = [literal_name(retro.team), literal_name(fmt.name)]
        if not session.saves:
            context.append(Content(t("REHEARSAL: nothing is saved")))
        if session.closed:
            context.append(Content(t("closed")))
        self.query_one("#run-context", Static).update(Content(" · ").join(context).stylize("$text-muted"))
        strip = []
        at = count if index is None else index  # a close phase placed nowhere comes after them all
        for i, p in enumerate(fmt.phases):
            if i == at:
                strip.append(literal(f" {p.title} ", "bold reverse $primary"))
            else:
                strip.append(literal(p.title, "$text-muted" if i < at else ""))
            if i < count - 1:
                strip.append(("  ›  ", "$text-muted"))
        self.query_one("#run-strip", Static).update(Content.assemble(*strip))
        self.query_one("#run-prompt", Static).update(self._prompt_text())
        self.query_one("#run-prompt", Static).display = bool(self._prompt_text())
        notes = fmt.hybrid_notes
        line = literal("• " + notes[(index or 0) % len(notes)], "italic") if notes else Content("")
        self.query_one("#run-note-line", Static).update(line)
        self.query_one("#phase-timer", PhaseTimerView).retarget(self._phase_timer)
        if session.closed:
            self._stop_share()  # serve stops by itself too, once it sees the retro closed

    def _prompt_text(self) -> Content:
        _, phase = self._shown_phase()
        if phase.prompt:
            return literal(phase.prompt)
        defaults = {
            PhaseKind.GROUP: t("Put items that belong together into themes."),
            PhaseKind.VOTE: n("Everyone has {count} vote: what matters most to talk about?",
                              "Everyone has {count} votes: what matters most to talk about?", phase.votes_per_person),
            PhaseKind.DECIDE: t("Turn the top themes into short experiments: what will we do, and what do we expect?"),
        }
        return Content(defaults.get(phase.kind, ""))

    async def _show_phase(self) -> None:
        assert self.session is not None
        body = self.query_one("#run-body", Vertical)
        if self.view is not None:
            await self.view.remove()
        self.view = view_for(self.session, self._shown_phase()[1])
        self._refresh_top()
        await body.mount(self.view)
        self.view.refresh_view()
        self.view.focus_default()

    def _save(self, fn) -> bool:  # noqa: ANN001
        assert self.session is not None
        try:
            self.session.change(fn)
        except (RuleError, StoreError) as exc:
            self.app.bell()
            self.notify(t_error(exc), severity="error", markup=False)
            return False
        return True

    # -- store changes from elsewhere ---------------------------------------------------------

    def on_screen_resume(self) -> None:
        # What others wrote while a whole screen covered this one (under a dialog it was told).
        heard, self._changes_heard = self._changes_heard, self.app.store_changes  # type: ignore[attr-defined]
        if heard is not None and heard != self._changes_heard:
            self._store_changed()

    @on(StoreChanged)
    def _store_changed(self) -> None:
        self._changes_heard = self.app.store_changes  # type: ignore[attr-defined]
        if self.session is None or not self.session.reload():
            return
        if self.session.closed and self.view is not None and self.view.phase.kind is not PhaseKind.CLOSE:
            self.call_later(self._show_phase)  # closed elsewhere: read-only from now on
            return
        self._refresh_top()
        if self.view is not None:
            self.view.refresh_view()

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.session is None and action not in ("leave",):
            return False
        closed = self.session is not None and self.session.closed
        if action == "read_only":
            return closed
        if closed and action in ("next_phase", "previous_phase", "toggle_timer", "add_minute", "add_participant",
                                 "share"):
            return False  # the read-only binding takes the key and says why
        if action == "share" and self.session is not None and not self.session.saves:
            return False  # a rehearsal has no retro in the store to serve
        return True

    def action_read_only(self) -> None:
        self.app.bell()
        self.notify(t("This retro is closed: it opens read-only, with its summary and export."),
                    severity="warning", markup=False)

    async def _go(self, step: int) -> None:
        assert self.session is not None
        session = self.session
        count = len(session.format.phases)
        target = session.retro.phase_index + step
        skipped = []
        today = self._now().date()
        # A review with nothing due is skipped (with a note): there is nothing to close the loop on.
        while 0 <= target < count and session.format.phases[target].kind is PhaseKind.REVIEW \
                and not session.due_for_review(today) and 0 <= target + step < count:
            skipped.append(session.format.phases[target].title)
            target += step
        if not 0 <= target < count:
            self.notify(t("This is the last phase.") if step > 0 else t("This is the first phase."), markup=False)
            return
        minutes = session.format.phases[target].minutes
        if not self._save(lambda r: r.enter_phase(target, count, minutes, self._now())):
            return
        for title in skipped:
            self.notify(t("Skipped {phase}: no experiments of {team} are due for follow-up.",
                          phase=title, team=session.retro.team), markup=False)
        await self._show_phase()

    async def action_next_phase(self) -> None:
        await self._go(+1)

    async def action_previous_phase(self) -> None:
        await self._go(-1)

    def _timer_keys(self) -> list[str]:
        assert self.session is not None
        keys = [Retro.phase_timer_key(self.session.retro.phase_index)]
        if self.view is not None:
            keys += getattr(self.view, "extra_timer_keys", lambda: [])()
        return keys

    def action_toggle_timer(self) -> None:
        timer = self._phase_timer()
        if timer is None:
            return
        keys = self._timer_keys()
        now = self._now()
        pause = timer.running

        def toggle(r: Retro) -> None:
            for key in keys:
                if key in r.timers:
                    (r.timers[key].pause if pause else r.timers[key].resume)(now)

        if self._save(toggle):
            self._ticks()

    def action_add_minute(self) -> None:
        keys = self._timer_keys()

        def grow(r: Retro) -> None:
            for key in keys:
                if key in r.timers:
                    r.timers[key].add_minute()

        if self._save(grow):
            self._ticks()
            self.notify(t("One more minute."), markup=False, timeout=2)

    def _ticks(self) -> None:
        for timer in self.query(PhaseTimerView):
            timer.tick()

    def action_add_participant(self) -> None:
        from retro.tui.dialogs.participant import AddParticipantDialog

        def added(participant: Participant | None) -> None:
            if participant is not None and self._save(lambda r: r.add_participant(participant)):
                self.notify(t("{name} joined.", name=participant.name), markup=False)
                if self.view is not None:
                    self.view.refresh_view()

        self.app.push_screen(AddParticipantDialog(), added)

    def action_leave(self) -> None:
        self.app.pop_screen()

    # -- sharing to browsers (F3) -------------------------------------------------------------

    def action_share(self) -> None:
        """Serve this retro on the local network, after saying so; again: the link once more."""
        if self._sharing_starts:  # (first: a link being renewed is not shown, it is dead)
            self.notify(t("Starting to share…"), markup=False, timeout=3)
            return
        if self._share is not None and self._share.running:
            self._show_share()
            return
        from retro.tui.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._begin_share()

        lines = [t("Anyone on this network who has the link can join this retro from a browser: "
                   "it is served beyond this machine, until you leave this screen."),
                 t("Plain HTTP: share it on a network you trust.")]
        self.app.push_screen(ConfirmDialog(t("Share this retro on the local network?"), lines,
                                           go_ahead=t("Share")), answered)

    def _begin_share(self) -> None:
        self._sharing_starts = True
        self.notify(t("Starting to share…"), markup=False, timeout=3)
        self.run_worker(self._start_share(), group="share", exclusive=True)

    async def _start_share(self) -> None:
        from retro.tui.screens.run import sharing

        argv = sharing.serve_command(self.app.repo.path, language(), self._retro_id)  # type: ignore[attr-defined]
        # On a thread: the child takes a moment to print its URL. If the screen is left
        # meanwhile, the serve started is stopped when it is ready.
        starting = asyncio.ensure_future(asyncio.to_thread(sharing.start, argv))
        try:
            share = await asyncio.shield(starting)
        except asyncio.CancelledError:
            starting.add_done_callback(_stop_when_started)
            raise
        except sharing.ShareError as exc:
            self.app.bell()
            self.notify(t("Could not share this retro: {problem}", problem=str(exc)),
                        severity="error", markup=False)
            return
        finally:
            self._sharing_starts = False
        if self._left or (self.session is not None and self.session.closed):
            share.stop_in_background()
            return
        self._share = share
        self._show_share()

    def _show_share(self) -> None:
        from retro.tui.dialogs.share import ShareDialog

        def chosen(choice: str | None) -> None:
            if choice == "new":
                self._sharing_starts = True
                self.run_worker(self._renew_share(), group="share", exclusive=True)
            elif choice == "stop":
                self._stop_share()
                self.notify(t("Sharing stopped: the link no longer works."), markup=False)

        assert self._share is not None
        self.app.push_screen(ShareDialog(self._share.url), chosen)

    async def _renew_share(self) -> None:
        """A new token from the same server: the shown link stops working, and the people who
        joined with it stay in; the new one is shown only when asked for (F3). If that fails,
        sharing stops: the old link must not go on."""
        from retro.tui.screens.run import sharing

        share = self._share
        try:
            if share is None or not share.running:
                raise sharing.ShareError(t("the server stopped"))
            await asyncio.to_thread(share.new_link)
        except sharing.ShareError as exc:
            self._stop_share()
            self.app.bell()
            self.notify(t("No new link: {problem}. Sharing stopped: the old link no longer works.",
                          problem=str(exc)), severity="error", markup=False)
            return
        finally:
            self._sharing_starts = False
        if not self._left and share is self._share:
            # Not shown at once: the old link was pressed away because the screen may be
            # recorded, and the new one shows when the facilitator asks for it (F3).
            self.notify(t("New link made: the old one no longer works. F3 shows the new one."), markup=False)

    def _stop_share(self) -> None:
        share, self._share = self._share, None
        if share is not None:
            share.stop_in_background()


def _stop_when_started(starting: asyncio.Future) -> None:  # type: ignore[type-arg]
    if not starting.cancelled() and starting.exception() is None:
        starting.result().stop_in_background()
