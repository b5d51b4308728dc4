"""A real browser: headless Chromium (Debian's `chromium`, driven by Playwright through its
`executable_path`) opens the join URL at a desktop size and at a phone's, and a participant
types a name and an item with å, ä and ö; the item is in the store, and a screenshot of the
participant's view is kept in tests/web/screenshots/. The terminal is drawn on a canvas, so
what each step did is read from the store, and a step whose keys came before the app was
ready is typed again.

Skipped where no browser can be had (saying why); under CI=true a missing browser fails."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from retro.domain.retro import Retro
from retro.store import Repository
from tests.web.test_serve_join import serve_join, stored

# Spawns servers and app processes: started first (tests/conftest.py), as one group on one worker.
pytestmark = [pytest.mark.xdist_group("web"), pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = Path(__file__).with_name("screenshots")
# Chromium on a closed network: no background traffic, no GPU.
FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def browser_or_skip():  # noqa: ANN201
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        why = "Playwright is not installed (pip install playwright)"
    else:
        if CHROMIUM:
            return sync_playwright
        why = "no chromium on PATH (Debian: apt-get install chromium; .ci/run installs it)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs a browser: {why}")
    pytest.skip(why)



def within(condition, timeout: float) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def wait(condition, timeout: float = 60) -> None:  # noqa: ANN001
    assert within(condition, timeout), "never happened"


@pytest.mark.parametrize(("size", "viewport", "mobile"), [
    ("desktop", {"width": 1280, "height": 800}, False),
    ("phone", {"width": 390, "height": 844}, True),
])
def test_a_browser_joins_and_writes_an_item_with_swedish_letters(
        size: str, viewport: dict[str, int], mobile: bool, gathering: Retro, repo: Repository,
        cli_env: dict[str, str]) -> None:
    sync_playwright = browser_or_skip()
    served = serve_join(gathering, cli_env)
    name, text = f"Åsa {size}", "mätningar på å, ä och ö"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
            context = browser.new_context(viewport=viewport, is_mobile=mobile, has_touch=mobile)
            page = context.new_page()
            requests: list[str] = []
            missing: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)

            response = page.goto(served.url)
            assert response is not None and response.status == 200
            assert any(c["name"] == served.cookie and c["httpOnly"] for c in context.cookies())
            page.locator(".xterm").wait_for()

            def joined() -> bool:
                return any(p.name == name and p.remote for p in stored(repo, gathering.id).participants)

            for _attempt in range(6):  # the app starts in its own process: keys may come too soon
                time.sleep(1.5)
                page.locator(".xterm").click()
                page.keyboard.type(name)
                page.keyboard.press("Enter")
                time.sleep(1)
                page.keyboard.press("Enter")  # remote
                if within(joined, 5):
                    break
            assert joined()
            time.sleep(1)  # (the gather view mounted, its input focused)
            page.keyboard.type(text)
            page.keyboard.press("Enter")
            wait(lambda: any(i.text == text and i.author == name for i in stored(repo, gathering.id).items))
            time.sleep(0.5)  # (the item's row drawn before the picture is taken)
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / f"join-{size}.png"))
            browser.close()
    finally:
        assert served.stop() == 0
    origin = served.url.split("/?")[0]
    assert requests and all(url.startswith(origin) or url.startswith("ws://127.0.0.1") for url in requests), requests
    assert (SHOTS / f"join-{size}.png").stat().st_size > 5000
    assert [url for url in missing if not url.endswith("/favicon.ico")] == []
