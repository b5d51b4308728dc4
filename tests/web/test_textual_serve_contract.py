"""What retro/cli/web/ takes from textual-serve's internals, checked against the installed
package: after an upgrade, a failure here names the part to look at (textual-serve is pinned
exactly in pyproject.toml for this reason)."""

from __future__ import annotations

import inspect
import re
from importlib.metadata import version
from pathlib import Path

import textual_serve
from textual_serve.app_service import AppService
from textual_serve.server import Server

from tests.conftest import ROOT

STATIC = Path(textual_serve.__file__).parent / "static"


def test_the_installed_version_is_the_pinned_one() -> None:
    pinned = re.search(r'"textual-serve==([^"]+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pinned and version("textual-serve") == pinned.group(1)


def test_the_app_service_parts_we_override_or_use() -> None:
    init = inspect.signature(AppService.__init__).parameters
    assert {"command", "write_bytes", "write_str", "close", "download_manager"} <= set(init)
    assert list(inspect.signature(AppService._open_app_process).parameters) == ["self", "width", "height"]
    assert {"width", "height"} <= set(inspect.signature(AppService._build_environment).parameters)
    # start() opens the process through _open_app_process and keeps the reading task in _task;
    # the process and its stdin are kept in _process and _stdin (TabProcess sets them itself).
    start = inspect.getsource(AppService.start)
    assert "self._open_app_process(" in start and "self._task = " in start
    init_source = inspect.getsource(AppService.__init__)
    for name in ("self._process", "self._task", "self._stdin"):
        assert name in init_source, name
    assert "self._stdin" in inspect.getsource(AppService.__dict__["stdin"].fget)  # send_meta writes through it
    for name in ("run", "send_meta", "send_bytes", "set_terminal_size", "on_meta", "stop", "focus", "blur"):
        assert inspect.iscoroutinefunction(getattr(AppService, name)), name


def test_the_server_parts_we_use() -> None:
    assert list(inspect.signature(Server._process_messages).parameters) == ["self", "websocket", "app_service"]
    assert {"command", "port", "title"} <= set(inspect.signature(Server.__init__).parameters)


def test_the_page_and_script_we_mirror() -> None:
    """Our page (retro/cli/web/page.html) feeds textual.js as the stock page does, and serves the
    fonts the package bundles."""
    for name in ("js/textual.js", "css/xterm.css", "images/background.png",
                 "fonts/RobotoMono-VariableFont_wght.ttf", "fonts/RobotoMono-Italic-VariableFont_wght.ttf"):
        assert (STATIC / name).is_file(), name
    script = (STATIC / "js/textual.js").read_text(encoding="utf-8")
    assert "dataset.sessionWebsocketUrl" in script and "dataset.fontSize" in script
    assert 'this.websocket_url+"?width="' in script  # so the page's websocket URL must carry no query
    assert "'Roboto Mono'" in script
