"""F3 on the run screen: serve this retro to browsers on the local network, after asking, and show
the join URL as text and as a QR code; again: the same link, or a new one; leaving stops it.

A stand-in for `retro serve` (through `sharing.serve_command`) prints a URL and waits for its
stdin to close, writing its pid down so the test can see it is gone; one test runs the real one."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import segno
from textual.widgets import Static

from retro.domain.clock import FixedClock
from retro.domain.retro import Participant, Retro
from retro.store import Repository
from retro.tui.app import RetroApp
from retro.tui.dialogs.confirm import ConfirmDialog
from retro.tui.dialogs.share import ShareDialog
from retro.tui.screens.run import RunScreen, sharing
from retro.tui.widgets.qr import QRCode
from tests.app.run_support import new_retro, options_of, running, until

FAKE_SERVE = """
import os, secrets, sys
with open(sys.argv[1], "a") as pids:
    pids.write(f"{os.getpid()}\\n")
print(f"http://192.0.2.7:8123/?t={secrets.token_urlsafe(16)}", flush=True)
for line in sys.stdin:  # serve until the run screen closes the pipe
    if line.strip() == "new-link":  # as retro serve does: a new token, the new URL
        print(f"http://192.0.2.7:8123/?t={secrets.token_urlsafe(16)}", flush=True)
"""
FAILING_SERVE = "import sys; sys.exit(3)"


@pytest.fixture
def fake_serve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Put the stand-in in place; returns the file its pids are written to."""
    pids = tmp_path / "pids"
    script = tmp_path / "serve.py"
    script.write_text(FAKE_SERVE)
    monkeypatch.setattr(sharing, "serve_command", lambda store, language, retro_id: [sys.executable, str(script), str(pids)])
    return pids


def started(pids: Path) -> list[int]:
    return [int(line) for line in pids.read_text().split()] if pids.exists() else []


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def said(app: RetroApp) -> list[str]:
    messages: list[str] = []
    real = app.notify

    def notify(message: str, **kw: object) -> None:
        messages.append(str(message))
        real(message, **kw)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return messages


def url_shown(app: RetroApp) -> str:
    return str(app.screen.query_one("#share-url", Static).render())


def qr_shown(app: RetroApp) -> list[str]:
    return str(app.screen.query_one(QRCode).render()).split("\n")


def decoded(rows: list[str]) -> list[list[bool]]:
    """The modules the half blocks draw, two rows to a line."""
    top = {"█": True, "▀": True, "▄": False, " ": False}
    bottom = {"█": True, "▀": False, "▄": True, " ": False}
    matrix = []
    for row in rows:
        matrix.append([top[c] for c in row])
        matrix.append([bottom[c] for c in row])
    return matrix


def segno_matrix(url: str) -> list[list[bool]]:
    code = segno.make_qr(url, error="m")
    return [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=2)]


async def share_confirmed(pilot) -> None:  # noqa: ANN001
    await pilot.press("f3")
    await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog), "F3 did not ask first")
    await pilot.press("enter")
    await until(pilot, lambda: link_on_screen(pilot.app), "no link shown", seconds=20)


def link_on_screen(app: RetroApp) -> bool:
    return isinstance(app.screen, ShareDialog) and bool(app.screen.query("#share-url"))


async def test_f3_asks_first_and_going_back_starts_nothing(app: RetroApp, fake_serve: Path) -> None:
    retro = new_retro(app, phase="gather")
    async with running(app, retro.id) as pilot:
        assert "Share" in {command.title for command in app.get_system_commands(app.screen)}  # the palette
        await pilot.press("f3")
        assert isinstance(app.screen, ConfirmDialog)
        lines = str(app.screen.query_one("#confirm-lines", Static).render())
        assert "Anyone on this network" in lines and "Plain HTTP" in lines
        await pilot.press("escape")
        assert isinstance(app.screen, RunScreen)
        await pilot.pause(0.3)
        assert started(fake_serve) == []


async def test_yes_serves_and_shows_the_url_and_a_qr_code_of_it(app: RetroApp, fake_serve: Path) -> None:
    retro = new_retro(app, phase="gather")
    async with running(app, retro.id, size=(100, 40)) as pilot:
        await share_confirmed(pilot)
        url = url_shown(app)
        assert url.startswith("http://192.0.2.7:8123/?t=")
        assert decoded(qr_shown(app))[:len(segno_matrix(url))] == segno_matrix(url)
        [pid] = started(fake_serve)
        assert alive(pid)
        # Again: the same link, from the same process.
        await pilot.press("escape")
        assert isinstance(app.screen, RunScreen)
        await pilot.press("f3")
        await until(pilot, lambda: link_on_screen(app), "F3 again showed nothing")
        assert url_shown(app) == url
        assert started(fake_serve) == [pid]
        # A new link: a new token from the same server, so those who joined stay in; it is not
        # shown at once (the screen may be recorded: that is why the old one went).
        messages = said(app)
        await pilot.press("n")
        await until(pilot, lambda: any(m.startswith("New link made") for m in messages), "no new link", seconds=20)
        assert isinstance(app.screen, RunScreen)
        assert started(fake_serve) == [pid] and alive(pid)
        await pilot.press("f3")  # F3 shows the new one
        await until(pilot, lambda: link_on_screen(app), "F3 showed nothing")
        new_url = url_shown(app)
        assert new_url != url and new_url.startswith("http://192.0.2.7:8123/?t=")
        assert decoded(qr_shown(app))[:len(segno_matrix(new_url))] == segno_matrix(new_url)
        new = pid
        # Leaving the run screen stops serving.
        await pilot.press("escape")
        await pilot.press("escape")
        assert not isinstance(app.screen, RunScreen)
        await until(pilot, lambda: not alive(new), "serving went on after the run screen was left")


async def test_quitting_the_app_stops_serving(app: RetroApp, fake_serve: Path) -> None:
    retro = new_retro(app, phase="gather")
    async with running(app, retro.id) as pilot:
        await share_confirmed(pilot)
        [pid] = started(fake_serve)
    for thread in __import__("threading").enumerate():
        if thread.name == "retro-share-stop":
            thread.join(10)
    assert not alive(pid)


SILENT_ON_NEW_LINK = """
import sys
print("http://192.0.2.7:8123/?t=first", flush=True)
for line in sys.stdin:
    pass  # never answers a new-link
"""


async def test_a_new_link_that_does_not_come_stops_sharing(app: RetroApp, monkeypatch: pytest.MonkeyPatch) -> None:
    """The user asked that the old link stop working: if no new one comes, none works."""
    monkeypatch.setattr(sharing, "START_WAIT_S", 1.0)
    monkeypatch.setattr(sharing, "serve_command", lambda *args: [sys.executable, "-c", SILENT_ON_NEW_LINK])
    retro = new_retro(app, phase="gather")
    messages = said(app)
    async with running(app, retro.id, size=(100, 40)) as pilot:
        await share_confirmed(pilot)
        screen = next(s for s in app.screen_stack if isinstance(s, RunScreen))
        process = screen._share.process  # noqa: SLF001 - the test's own look at the child
        await pilot.press("n")
        await until(pilot, lambda: any(m.startswith("No new link") for m in messages), "no word of it", seconds=20)
        assert [m for m in messages if m.startswith("No new link")] == [
            "No new link: the server gave no new address. Sharing stopped: the old link no longer works."]
        await until(pilot, lambda: process.poll() is not None, "the old server went on", seconds=20)
        assert isinstance(app.screen, RunScreen)


SLOW_NEW_LINK = """
import sys, time
print("http://192.0.2.7:8123/?t=first", flush=True)
for line in sys.stdin:
    time.sleep(1.5)  # a busy machine
    print("http://192.0.2.7:8123/?t=second", flush=True)
"""


async def test_f3_while_a_new_link_is_made_never_shows_the_dead_one(app: RetroApp,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sharing, "serve_command", lambda *args: [sys.executable, "-c", SLOW_NEW_LINK])
    retro = new_retro(app, phase="gather")
    messages = said(app)
    async with running(app, retro.id, size=(100, 40)) as pilot:
        await share_confirmed(pilot)
        await pilot.press("n")
        await pilot.pause(0.2)
        await pilot.press("f3")  # while the server is still answering
        await pilot.pause(0.2)
        assert not isinstance(app.screen, ShareDialog)
        await until(pilot, lambda: any(m.startswith("New link made") for m in messages), "no new link", seconds=20)
        await pilot.press("f3")
        await until(pilot, lambda: link_on_screen(app), "F3 showed nothing")
        assert url_shown(app) == "http://192.0.2.7:8123/?t=second"
        assert sum(isinstance(s, ShareDialog) for s in app.screen_stack) == 1


SAYS_WHY = r"""
import sys
sys.stderr.write("Serving beyond this machine: ...\n" + "x" * 100000 + "\n")
sys.stderr.write("retro: Cannot listen on lan port 0: \x1b]52;c;aGk=\x07 no address\n\n")
sys.exit(2)
"""


@pytest.mark.parametrize(("script", "told"), [
    (FAILING_SERVE, "the server stopped (exit code 3)"),  # it said nothing: how it ended
    (SAYS_WHY, "Cannot listen on lan port 0: \\x1b]52;c;aGk=\\x07 no address"),  # its own last line, as text
])
async def test_a_serve_that_fails_is_told_in_one_safe_line(app: RetroApp, monkeypatch: pytest.MonkeyPatch,
                                                          script: str, told: str) -> None:
    monkeypatch.setattr(sharing, "serve_command", lambda *args: [sys.executable, "-c", script])
    retro = new_retro(app, phase="gather")
    messages = said(app)
    async with running(app, retro.id) as pilot:
        await pilot.press("f3", "enter")
        await until(pilot, lambda: any("Could not share" in m for m in messages), "the failure was not told",
                    seconds=20)
        assert [m for m in messages if "Could not share" in m] == [f"Could not share this retro: {told}"]
        assert isinstance(app.screen, RunScreen)


async def test_a_closed_retro_is_not_shared(app: RetroApp, fake_serve: Path) -> None:
    retro = new_retro(app, phase="close", status="closed")
    async with running(app, retro.id) as pilot:
        await pilot.press("f3")
        await pilot.pause(0.2)
        assert isinstance(app.screen, RunScreen) and started(fake_serve) == []


@pytest.mark.slow
async def test_f3_serves_the_retro_for_real(app: RetroApp) -> None:
    """The real `retro serve` (on the LAN address, so fetched at the address the URL names)."""
    retro = new_retro(app, phase="gather")
    async with running(app, retro.id) as pilot:
        await share_confirmed(pilot)
        url = url_shown(app)
        screen = next(s for s in app.screen_stack if isinstance(s, RunScreen))
        process = screen._share.process  # noqa: SLF001 - the test's own look at the child
        with urllib.request.urlopen(url, timeout=20) as answer:  # noqa: S310 - our own server
            assert answer.status == 200
        await pilot.press("escape", "escape")
        await until(pilot, lambda: process.poll() is not None, "retro serve went on", seconds=15)


async def test_a_rehearsal_is_not_shared(app: RetroApp, fake_serve: Path) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(RunScreen(rehearse=app.catalog.get("hybrid-experiments")))
        await pilot.pause()
        await pilot.press("f3")  # in the check-in's footer, where it is shown for a real retro
        await pilot.pause(0.2)
        assert isinstance(app.screen, RunScreen) and started(fake_serve) == []


# What the shared screen shows of the joiners: who joined, never what they write before the reveal.

async def test_someone_joining_from_another_process_shows_in_the_round(
        app: RetroApp, store_path: Path, clock: FixedClock) -> None:
    retro = new_retro(app, phase="check-in")
    async with running(app, retro.id) as pilot:
        Repository.open(store_path, clock).update(  # `retro join`, in its own process
            Retro, retro.id, lambda r: r.add_participant(Participant("Eva", remote=True)))
        await until(pilot, lambda: any("Eva" in o for o in options_of(pilot, "#round")), "Eva's joining is not shown")


async def test_someone_joining_while_the_link_is_shown_appears_in_the_round_behind_it(
        app: RetroApp, fake_serve: Path, store_path: Path, clock: FixedClock) -> None:
    """The room scans the code while the dialog is open: each one who joins shows at once."""
    retro = new_retro(app, phase="check-in")
    async with running(app, retro.id, size=(100, 40)) as pilot:
        await share_confirmed(pilot)
        run = next(s for s in app.screen_stack if isinstance(s, RunScreen))

        def the_round() -> list[str]:
            return [str(o.prompt) for o in run.query_one("#round").options]  # type: ignore[attr-defined]

        Repository.open(store_path, clock).update(Retro, retro.id, lambda r: r.add_participant(Participant("Cia")))
        await until(pilot, lambda: any("Cia" in o for o in the_round()), "Cia is not shown behind the dialog")
        assert link_on_screen(app)


async def test_what_others_wrote_under_another_screen_shows_when_the_run_screen_is_back(
        app: RetroApp, store_path: Path, clock: FixedClock) -> None:
    from textual.screen import Screen

    retro = new_retro(app, phase="check-in")
    async with running(app, retro.id) as pilot:
        app.push_screen(Screen())  # a whole screen over the run screen: not told of changes
        await pilot.pause()
        Repository.open(store_path, clock).update(Retro, retro.id, lambda r: r.add_participant(Participant("Cia")))
        await until(pilot, lambda: not app.repo.changed(), "the store was not polled")  # taken while covered
        app.pop_screen()
        await until(pilot, lambda: any("Cia" in o for o in options_of(pilot, "#round")), "Cia is not shown")


async def test_a_joiner_s_item_stays_hidden_while_the_board_is_silent(
        app: RetroApp, store_path: Path, clock: FixedClock) -> None:
    retro = new_retro(app, phase="gather")
    async with running(app, retro.id) as pilot:
        Repository.open(store_path, clock).update(
            Retro, retro.id, lambda r: r.add_item("worked", "the secret plan", "Eva", clock.now()))
        await until(pilot, lambda: len(options_of(pilot, "#items-0")) == 1, "Eva's item is not counted")
        assert "secret plan" not in options_of(pilot, "#items-0")[0]
        assert "secret plan" not in "".join(str(w.render()) for w in app.screen.query(Static))


def test_nothing_of_sharing_is_imported_with_the_run_screen() -> None:
    """The app's start is measured: segno and the sharing code load on the first F3."""
    probe = ("import sys, retro.tui.app, retro.tui.screens.run.screen; "
             "print([m for m in ('segno', 'retro.tui.screens.run.sharing', 'retro.tui.dialogs.share', "
             "'retro.tui.widgets.qr') if m in sys.modules])")

    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
