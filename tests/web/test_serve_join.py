"""`retro serve` with the real `retro join` in every tab: what a browser's participant types
(a name, an item, a dot, a ROTI) is in the store, and many tabs writing at once lose nothing.
The tabs speak textual-serve's protocol over the websocket, as the page's script does."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading

import aiohttp
import pytest

from retro.domain.format import PhaseKind
from retro.domain.retro import Retro
from retro.store import Repository
from tests.web.support import START_S, Served, Tab, alive, children, until

# Spawns servers and app processes: started first (tests/conftest.py), as one group on one worker.
pytestmark = [pytest.mark.xdist_group("web"), pytest.mark.slow]

KINDS = [k.value for k in PhaseKind]  # hybrid-experiments has one phase of each kind, in this order


def serve_join(retro: Retro, env: dict[str, str], *extra: str) -> Served:
    """`retro serve` as a user starts it: no stand-in, each tab runs `retro join`."""
    proc = subprocess.Popen([sys.executable, "-m", "retro", "--lang", "en", "serve", retro.id, "--port", "0", *extra],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first: list[bytes] = []
    reader = threading.Thread(target=lambda: first.append(proc.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(START_S)
    if not first or not first[0]:
        proc.kill()
        raise AssertionError("serve printed no URL")
    served = Served(proc, first[0].decode().rstrip("\n"), out=None)  # type: ignore[arg-type]
    served.reader = threading.Thread(target=lambda: served.stderr.append(proc.stderr.read()), daemon=True)  # type: ignore[union-attr]
    served.reader.start()
    return served


async def join_as(session: aiohttp.ClientSession, served: Served, name: str) -> Tab:
    tab = Tab(await session.ws_connect(f"{served.ws}?t={served.token}&width=80&height=24"))
    await tab.resize(80, 24)
    await tab.wait_for("Your name", timeout=90)
    await tab.type(name)
    await asyncio.sleep(0.3)  # (typed text and Enter as two messages, as a person types them)
    await tab.type("\r")
    await tab.wait_for("In the room or remote?", timeout=60)
    await tab.type("\r")  # Enter: remote
    await tab.wait_for(f"you: {name}", timeout=60)
    return tab


def stored(repo: Repository, retro_id: str) -> Retro:
    repo.changed()  # (another process wrote: read the file again)
    return repo.get(Retro, retro_id)



async def test_a_participant_in_a_browser_tab_joins_writes_an_item_votes_and_gives_a_roti(
        gathering: Retro, repo: Repository, cli_env: dict[str, str]) -> None:
    served = serve_join(gathering, cli_env)
    try:
        async with aiohttp.ClientSession() as session:
            tab = await join_as(session, served, "Åsa")
            assert any(p.name == "Åsa" and p.remote for p in stored(repo, gathering.id).participants)

            await tab.type("mätningar på å, ä och ö")
            await asyncio.sleep(0.3)
            await tab.type("\r")
            await until(lambda: any(i.text == "mätningar på å, ä och ö" and i.author == "Åsa"
                                    for i in stored(repo, gathering.id).items))

            repo.update(Retro, gathering.id, lambda r: setattr(r, "phase_index", KINDS.index("vote")))
            await tab.wait_for("Your dots", timeout=30)
            await tab.type(" ")
            await until(lambda: len(stored(repo, gathering.id).votes.get("Åsa", [])) == 1)

            repo.update(Retro, gathering.id, lambda r: setattr(r, "phase_index", KINDS.index("close")))
            await tab.wait_for("Press 1", timeout=30)
            await tab.type("4")
            await until(lambda: stored(repo, gathering.id).roti.get("Åsa") == 4)
            apps = children(served.proc.pid)
            assert apps, "no app process was started for the tab"
    finally:
        assert served.stop() == 0
    assert not [pid for pid in apps if alive(pid)], "a tab's app outlived serve"


async def test_twelve_tabs_adding_twenty_items_each_at_once_keep_all_240_and_all_show_on_the_board(
        gathering: Retro, repo: Repository, cli_env: dict[str, str]) -> None:
    """While the facilitator's board is on the shared screen (the real run screen, in this
    process): every item comes in, hidden while the board is silent, and shows at the reveal."""
    from retro.tui.app import make_app
    from retro.tui.screens.run import RunScreen
    from retro.tui.widgets.item_list import ItemList

    facilitator = make_app(Repository.open(repo.path, repo.clock), clock=repo.clock, language="en")

    def board() -> list[str]:
        """The items' texts as the board's rows show them (a row ends "  — its author")."""
        return [str(o.prompt).split("  — ")[0] for lst in facilitator.screen.query(ItemList) for o in lst.options]

    served = serve_join(gathering, cli_env)
    names = [f"P{n:02}" for n in range(12)]
    expected = sorted(f"{name} item {n}" for name in names for n in range(20))
    try:
        async with facilitator.run_test(size=(120, 40)) as pilot, aiohttp.ClientSession() as session:
            facilitator.push_screen(RunScreen(gathering.id))
            await pilot.pause()
            tabs = await asyncio.gather(*(join_as(session, served, name) for name in names))

            async def write(tab: Tab, name: str) -> None:
                for n in range(20):
                    await tab.type(f"{name} item {n}")
                    await tab.type("\r")
                    await asyncio.sleep(0.05)

            await asyncio.gather(*(write(tab, name) for tab, name in zip(tabs, names, strict=True)))
            await until(lambda: len(stored(repo, gathering.id).items) == 240, timeout=120)
            await until(lambda: len(board()) == 240, timeout=30)  # the store polled in: 240 rows
            assert not set(board()) & set(expected)  # silent writing: none readable on the shared screen
            await pilot.press("ctrl+r")
            await until(lambda: sorted(board()) == expected, timeout=30)
            await pilot.pause(1.2)  # the reveal saved, and the board polled again: still all 240
            assert sorted(board()) == expected
    finally:
        assert served.stop() == 0
    items = stored(repo, gathering.id).items
    assert sorted(i.text for i in items) == expected
    assert all(i.text.startswith(i.author) for i in items)
