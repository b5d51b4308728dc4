"""The web server of `retro serve`: a page and a websocket per browser tab, behind a token.

Built on textual-serve's `Server` for its websocket protocol (`_process_messages`: keys,
resize, ping, focus, blur); the rest is ours, because the stock server links a web font from
the internet, lists its static folder, builds its URLs from the bound address (0.0.0.0 to a
browser), starts apps through a shell, prints a logo on stdout and waits a minute for open
websockets when it stops.

Every route is behind the token (`?t=` or the cookie the page sets; compared in constant
time). Live tabs are capped; beyond the cap the page and the websocket answer 503 "full".
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import os
import secrets
import signal
import socket
import sys
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import textual_serve
from aiohttp import WSCloseCode, web
from textual_serve.server import Server

from retro.cli.web.address import Address
from retro.cli.web.processes import TabProcess

STATIC = Path(textual_serve.__file__).parent / "static"  # the pinned package's own files (fonts, JS)
PAGE = Path(__file__).parent
POLL_S = 1.0  # how often the store is asked whether the retro still runs
CLOSE_GRACE_S = 3.0  # after the retro closes, the join apps' own goodbye before they are stopped
SHUTDOWN_S = 1.0  # aiohttp's wait for handlers: every websocket is closed before it anyway
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
                                "style-src 'self' 'unsafe-inline'; connect-src 'self'; "
                                "img-src 'self'; font-src 'self'; frame-ancestors 'none'"),
}


def cookie_name(port: int) -> str:
    """Per port: browsers keep cookies per host, not per port, and two served retros on one
    host would otherwise overwrite each other's."""
    return f"retro_t_{port}"


def _same(given: str, token: bytes) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), token)


class RetroServer(Server):
    def __init__(self, argv: Sequence[str], token: str, port: int, most: int, texts: dict[str, str]) -> None:
        super().__init__(" ".join(argv), port=port, title=texts["title"])
        self.argv = list(argv)
        self.token = token.encode()
        self.cookie = cookie_name(port)
        self.most = most
        self.texts = texts
        self.tabs: dict[web.WebSocketResponse, TabProcess | None] = {}
        self.closing = False
        self.page = jinja2.Environment(loader=jinja2.FileSystemLoader(PAGE), autoescape=True).get_template("page.html")

    # -- routes ------------------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.add_routes([
            web.get("/", self.handle_index),
            web.get("/ws", self.handle_websocket),
            web.static("/static", STATIC, show_index=False, follow_symlinks=False),
        ])
        app.on_response_prepare.append(self._headers)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
                     ) -> web.StreamResponse:
        given = [request.query.get("t", ""), request.cookies.get(self.cookie, "")]
        if not any(_same(value, self.token) for value in given if value):
            raise web.HTTPForbidden(text="forbidden")
        return await handler(request)

    async def _headers(self, request: web.Request, response: web.StreamResponse) -> None:
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        if request.path.startswith("/static/"):  # the package's own files, the same for every tab
            response.headers["Cache-Control"] = "private, max-age=3600"

    def renew(self) -> str:
        """A new token: the old link, and a page opened with it, stop working; the tabs open
        now stay (their websockets are in already)."""
        token = secrets.token_urlsafe(16)
        self.token = token.encode()
        return token

    def _full(self) -> bool:
        return self.closing or len(self.tabs) >= self.most

    async def handle_index(self, request: web.Request) -> web.Response:
        if self._full():
            return web.Response(status=503, text="full")
        html = self.page.render(
            lang=self.texts["lang"], title=self.texts["title"], ended=self.texts["ended"],
            restart=self.texts["restart"], static="/static/", font_size=16,
            # From the Host the browser used: the bound address may be 0.0.0.0.
            websocket_url=f"ws://{request.host}/ws")
        response = web.Response(text=html, content_type="text/html")
        response.set_cookie(self.cookie, self.token.decode(), httponly=True, samesite="Strict", path="/")
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            raise web.HTTPForbidden(text="forbidden")  # another site's page, even one holding the token
        if self._full():
            return web.Response(status=503, text="full")
        websocket = web.WebSocketResponse(heartbeat=15)
        self.tabs[websocket] = None  # counted before the first await: no two tabs take the last place
        tab: TabProcess | None = None
        try:
            await websocket.prepare(request)
            tab = TabProcess(self.argv, write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                             close=websocket.close)
            self.tabs[websocket] = tab
            width = _int(request.query.get("width"), 80)
            height = _int(request.query.get("height"), 24)
            await tab.start(width, height)
            messages = asyncio.ensure_future(self._process_messages(websocket, tab))
            ended = asyncio.ensure_future(tab.ended())
            try:
                await asyncio.wait({messages, ended}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for task in (messages, ended):
                    task.cancel()
                    with contextlib.suppress(BaseException):
                        await task
        except (asyncio.CancelledError, ConnectionError):
            pass
        except Exception as error:  # a malformed frame from the browser, an app that would not start
            print(f"retro serve: {type(error).__name__}: {error}", file=sys.stderr)
        finally:
            try:
                if tab is not None:
                    await tab.stop()
                await websocket.close()
            finally:
                self.tabs.pop(websocket, None)
        return websocket

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every tab before aiohttp waits for handlers, and stop every app at once."""
        self.closing = True
        tabs = list(self.tabs.items())
        await asyncio.gather(*(tab.stop() for _, tab in tabs if tab is not None), return_exceptions=True)
        await asyncio.gather(*(ws.close(code=WSCloseCode.GOING_AWAY) for ws, _ in tabs), return_exceptions=True)

    def pids(self) -> list[int]:
        return [tab.pid for tab in self.tabs.values() if tab is not None and tab.pid is not None]


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


async def _watch(still_running: Callable[[], bool], server: RetroServer, stop: asyncio.Event) -> None:
    """Stop when the retro is no longer running: the join apps say goodbye, then are stopped."""
    while not stop.is_set():
        await asyncio.sleep(POLL_S)
        if not await asyncio.to_thread(still_running):
            server.closing = True
            deadline = asyncio.get_running_loop().time() + CLOSE_GRACE_S
            while server.tabs and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.2)
            stop.set()


async def serve(address: Address, port: int, token: str, argv: Sequence[str], most: int, texts: dict[str, str],
                still_running: Callable[[], bool], announce: Callable[[str], None], until_stdin_closes: bool = False
                ) -> None:
    """Serve until SIGINT, SIGTERM or the retro's close (or, `until_stdin_closes`, the end of
    stdin: the facilitator's app that started us is gone); `announce` gets the join URL, and
    again a new one for each `new-link` line on stdin (the run screen's *New link*)."""
    family = socket.AF_INET6 if ":" in address.bind else socket.AF_INET
    sock = socket.create_server((address.bind, port), family=family)
    port = sock.getsockname()[1]
    server = RetroServer(argv, token, port, most, texts)
    runner = web.AppRunner(server.make_app(), access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_S)
    await runner.setup()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if until_stdin_closes:
        starter = _Starter(sys.stdin.fileno(), stop, lambda: announce(address.url(port, server.renew())))
        loop.add_reader(sys.stdin.fileno(), starter.read)
    try:
        await web.SockSite(runner, sock).start()
        announce(address.url(port, token))
        watch = asyncio.ensure_future(_watch(still_running, server, stop))
        await stop.wait()
        watch.cancel()
        with contextlib.suppress(BaseException):
            await watch
    finally:
        await runner.cleanup()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        if until_stdin_closes:
            loop.remove_reader(sys.stdin.fileno())


class _Starter:
    """What the run screen that started us says on our stdin: `new-link` lines, then its end."""

    MOST = 4096  # a line longer than any command is dropped, not kept growing

    def __init__(self, fd: int, stop: asyncio.Event, new_link: Callable[[], None]) -> None:
        self.fd = fd
        self.stop = stop
        self.new_link = new_link
        self.pending = b""

    def read(self) -> None:
        try:
            data = os.read(self.fd, 4096)
        except OSError:
            data = b""
        if not data:
            self.stop.set()
            return
        *lines, self.pending = (self.pending + data).split(b"\n")
        self.pending = self.pending[-self.MOST:]
        for line in lines:
            if line.strip() == b"new-link":
                self.new_link()
