"""`retro serve` as a subprocess: the token, the page, the cap, the websocket protocol, and the
stop (no app process left behind). The apps are a tiny stand-in for `retro join`."""

from __future__ import annotations

import signal
import subprocess
import sys
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urljoin, urlsplit

import aiohttp
import pytest

from retro.domain.retro import Retro
from retro.store import Repository
from tests.web.support import Served, Tab, alive, group_alive, until

# Spawns servers and app processes: started first (tests/conftest.py), as one group on one worker.
pytestmark = [pytest.mark.xdist_group("web"), pytest.mark.slow]


async def open_tab(session: aiohttp.ClientSession, served: Served, *, query: bool = True,
                   cookie: bool = False) -> Tab:
    url = served.ws + (f"?t={served.token}&width=80&height=24" if query else "?width=80&height=24")
    headers = {"Cookie": f"{served.cookie}={served.token}"} if cookie else {}
    tab = Tab(await session.ws_connect(url, headers=headers))
    await tab.resize(80, 24)
    return tab


class Links(HTMLParser):
    """Every URL the page would load: src, href, and url(...) in its styles."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href", "action", "data", "poster") and value:
                self.urls.append(value)
            if name == "style" and value:
                self.urls += _css_urls(value)

    def handle_data(self, data: str) -> None:
        if self.style:
            self.urls += _css_urls(data)


def _css_urls(css: str) -> list[str]:
    import re

    return [m.strip("'\" ") for m in re.findall(r"url\(([^)]*)\)", css)] + re.findall(r"@import\s+['\"]([^'\"]+)", css)


async def test_the_page_answers_at_the_url_sets_the_cookie_and_loads_only_from_the_server(serve) -> None:
    served = serve()
    async with aiohttp.ClientSession() as session:
        async with session.get(served.url, allow_redirects=False) as response:
            assert response.status == 200
            html = await response.text()
            cookies = SimpleCookie()
            for header in response.headers.getall("Set-Cookie"):
                cookies.load(header)
        morsel = cookies[served.cookie]
        assert morsel.value == served.token
        assert morsel["httponly"] is True and morsel["samesite"] == "Strict"
        assert urlsplit(served.url).path == "/" and served.token not in urlsplit(served.url).path

        links = Links()
        links.feed(html)
        assert any("textual.js" in u for u in links.urls) and any(".ttf" in u for u in links.urls)
        origin = f"127.0.0.1:{served.port}"
        for url in links.urls:
            full = urlsplit(urljoin(served.url, url))
            assert full.netloc == origin, url  # nothing from outside the server
            # ... and each one is there, given the cookie the page set
            async with session.get(urljoin(served.base, url), headers={"Cookie": f"{served.cookie}={served.token}"},
                                   allow_redirects=False) as got:
                assert got.status == 200, url
        # No other address at all in the page but the websocket's, which is this server's.
        import re

        assert {m.group(1) for m in re.finditer(r"[a-z]+://([^/\"' ]+)", html)} <= {origin}
        assert "googleapis" not in html


@pytest.mark.parametrize("token", [None, "wrong", "å-not-ascii"])
async def test_without_the_token_page_websocket_and_static_are_forbidden(serve, token: str | None) -> None:
    served = serve()
    query = "" if token is None else f"?t={token}"
    async with aiohttp.ClientSession() as session:
        for path in ("/", "/static/js/textual.js", "/static/fonts/RobotoMono-VariableFont_wght.ttf", "/static/"):
            async with session.get(served.base + path + query, allow_redirects=False) as response:
                assert response.status == 403, path
                assert "Set-Cookie" not in response.headers
        if token is not None:  # a wrong cookie is refused as well
            async with session.get(served.base + "/", headers={"Cookie": f"{served.cookie}=wrong"}) as response:
                assert response.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(served.ws + query)
        assert refused.value.status == 403
    assert served.app_pids() == []  # no app was started for any of them


async def test_the_static_folder_is_not_listed(serve) -> None:
    served = serve()
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{served.base}/static/?t={served.token}") as response:
            assert response.status != 200
            assert "textual.js" not in await response.text()


async def test_a_websocket_client_drives_the_app_with_the_cookie_alone(serve) -> None:
    served = serve()
    async with aiohttp.ClientSession() as session:
        tab = await open_tab(session, served, query=False, cookie=True)
        await tab.wait_for("STANDIN-READY")
        await tab.type("hej på dig")
        await tab.type("\r")
        await until(lambda: served.typed() == ["hej på dig"])
        await tab.ws.close()


async def test_beyond_the_cap_the_page_and_the_websocket_say_full(serve) -> None:
    served = serve("--max", "2")
    async with aiohttp.ClientSession() as session:
        tabs = [await open_tab(session, served) for _ in range(2)]
        for tab in tabs:
            await tab.wait_for("STANDIN-READY")
        async with session.get(served.url) as response:
            assert (response.status, await response.text()) == (503, "full")
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"{served.ws}?t={served.token}")
        assert refused.value.status == 503
        # A place freed is a place taken again.
        await tabs[0].ws.close()
        await until(lambda: len([p for p in served.app_pids() if alive(p)]) == 1)
        third = await open_tab(session, served)
        await third.wait_for("STANDIN-READY")
        for tab in (tabs[1], third):
            await tab.ws.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_a_signal_stops_serve_with_tabs_open_and_leaves_no_process(serve, sig: int) -> None:
    served = serve()
    async with aiohttp.ClientSession() as session:
        tabs = [await open_tab(session, served) for _ in range(2)]
        for tab in tabs:
            await tab.wait_for("STANDIN-READY")
        pids = served.app_pids()
        assert len(pids) == 2 and all(alive(p) for p in pids)
        assert served.stop(sig, timeout=10) == 0  # within seconds, though two tabs are open
    assert not any(alive(p) or group_alive(p) for p in pids)


STUBBORN = """
import os, signal, subprocess, sys, time
out = sys.argv[1]
signal.signal(signal.SIGTERM, signal.SIG_IGN)
child = subprocess.Popen(["sleep", "300"])
open(os.path.join(out, f"pid-{os.getpid()}"), "w").close()
open(os.path.join(out, f"pid-{child.pid}"), "w").close()
print("oops: not a Textual app", file=sys.stderr, flush=True)
time.sleep(300)
"""


async def test_an_app_that_ignores_quit_and_sigterm_is_killed_with_its_children(serve, tmp_path) -> None:
    script = tmp_path / "stubborn.py"
    script.write_text(STUBBORN)
    served = serve(app=[sys.executable, str(script), str(tmp_path / "out0")])
    async with aiohttp.ClientSession() as session:
        await open_tab(session, served)
        await until(lambda: len(served.app_pids()) == 2)
        pids = served.app_pids()
        assert served.stop(signal.SIGTERM, timeout=10) == 0
    assert not any(alive(p) for p in pids)
    # stdout held the URL alone; the app's complaint went to stderr
    assert served.proc.stdout.read() == b""  # type: ignore[union-attr]
    assert "oops: not a Textual app" in served.errors()


async def test_serve_ends_with_its_apps_when_the_retro_closes(serve, running: Retro, repo: Repository) -> None:
    served = serve()
    async with aiohttp.ClientSession() as session:
        tab = await open_tab(session, served)
        await tab.wait_for("STANDIN-READY")
        pids = served.app_pids()
        repo.update(Retro, running.id, lambda r: r.close(repo.clock.now()))
        assert served.proc.wait(30) == 0
    assert pids and not any(alive(p) for p in pids)


def test_serving_beyond_the_machine_warns_once_on_stderr(serve) -> None:
    served = serve("--host", "0.0.0.0")
    assert urlsplit(served.url).hostname != "0.0.0.0"
    assert served.stop() == 0
    assert served.proc.stdout.read() == b""  # type: ignore[union-attr]
    err = served.errors()
    assert err.count("Serving beyond this machine") == 1, err


def test_on_loopback_there_is_no_warning_and_stdout_is_the_url_alone(serve) -> None:
    served = serve()
    assert served.url.startswith("http://127.0.0.1:") and "?t=" in served.url
    assert served.stop() == 0
    assert served.proc.stdout.read() == b""  # type: ignore[union-attr]
    assert "Serving beyond" not in served.errors()


@pytest.mark.parametrize("closed", [False, True], ids=["unknown", "closed"])
def test_an_unknown_or_closed_retro_is_refused_before_serving(cli_env, repo: Repository, running: Retro,
                                                              closed: bool) -> None:
    retro_id = running.id if closed else "rt-nothere"
    if closed:
        repo.update(Retro, running.id, lambda r: r.close(repo.clock.now()))
    proc = subprocess.run([sys.executable, "-m", "retro", "serve", retro_id], env=cli_env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and retro_id in proc.stderr and "Traceback" not in proc.stderr


async def test_a_websocket_from_another_sites_page_is_refused_even_with_the_token(serve) -> None:
    served = serve()
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(f"{served.ws}?t={served.token}", origin="http://evil.example")
        assert refused.value.status == 403
        tab = Tab(await session.ws_connect(f"{served.ws}?t={served.token}", origin=f"http://127.0.0.1:{served.port}"))
        await tab.resize()
        await tab.wait_for("STANDIN-READY")
        await tab.ws.close()
    assert len(served.app_pids()) == 1


async def test_until_stdin_closes_stops_serve_and_its_apps_when_its_starter_goes(serve) -> None:
    """The run screen starts serve with a pipe on stdin: if that app dies, even by SIGKILL, the
    pipe closes and serve must not stay behind serving the retro."""
    served = serve("--until-stdin-closes", stdin=subprocess.PIPE)
    async with aiohttp.ClientSession() as session:
        tab = await open_tab(session, served)
        await tab.wait_for("STANDIN-READY")
        pids = served.app_pids()
        served.proc.stdin.close()  # type: ignore[union-attr]
        assert served.proc.wait(20) == 0
    assert pids and not any(alive(p) for p in pids)


async def test_a_new_link_on_stdin_changes_the_token_and_keeps_the_tabs_open(serve) -> None:
    """The run screen's *New link*: the old link (and its cookie) stop working at once, the tabs
    that joined with it stay in, and the new URL is the next line on stdout, alone."""
    import asyncio

    served = serve("--until-stdin-closes", stdin=subprocess.PIPE)
    async with aiohttp.ClientSession() as session:
        tab = await open_tab(session, served)
        await tab.wait_for("STANDIN-READY")
        old = served.token
        served.proc.stdin.write(b"new-link\n")  # type: ignore[union-attr]
        served.proc.stdin.flush()  # type: ignore[union-attr]
        line = await asyncio.wait_for(asyncio.to_thread(served.proc.stdout.readline), 30)  # type: ignore[union-attr]
        served.url = line.decode().rstrip("\n")
        assert served.url.startswith(f"http://127.0.0.1:{served.port}/?t=") and served.token != old
        for given in ({"t": old}, {"Cookie": f"{served.cookie}={old}"}):
            query = f"?t={given['t']}" if "t" in given else ""
            headers = {k: v for k, v in given.items() if k == "Cookie"}
            async with session.get(served.base + "/" + query, headers=headers, allow_redirects=False) as response:
                assert response.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(f"{served.ws}?t={old}")
        async with session.get(served.url, allow_redirects=False) as response:
            assert response.status == 200
        await tab.type("still here")  # the tab opened with the old link
        await tab.type("\r")
        await until(lambda: served.typed() == ["still here"])
        served.proc.stdin.close()  # type: ignore[union-attr]
        assert served.proc.wait(20) == 0
    assert not served.errors().strip()  # and nothing else was said
