"""The footer is rebuilt only when its keys change, and a rebuilt footer lets its old keys go."""

from __future__ import annotations

from retro.tui.app import RetroApp
from retro.tui.fast.footer import WATCHERS
from retro.tui.widgets.footer import StableFooter
from tests.app.run_support import new_retro, running

ITEMS = [("worked", f"Item {i}", "Anna") for i in range(6)]


def compact_bindings(footer: StableFooter) -> int:
    """The keys bound to the footer's `compact`: an AttributeError or KeyError (not a quiet 0)
    should Textual keep them elsewhere, so the test cannot pass for want of anything to count."""
    return len(getattr(footer, WATCHERS)["compact"])


async def test_keys_of_a_rebuilt_footer_are_let_go(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", items=ITEMS, revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        footer = app.screen.query_one(StableFooter)
        counts = []
        for _ in range(8):  # into the items and back: Edit and Delete come and go
            await pilot.press("down")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            counts.append(compact_bindings(footer))
        shown = len(footer.query("FooterKey"))
        assert shown > 3
        # The keys shown now, and at most the ones of the footer just before: not every footer so far.
        assert max(counts[2:]) <= 2 * shown + 2, counts
        assert counts[-1] <= counts[2] + 2, counts


async def test_the_footer_is_not_rebuilt_when_its_keys_stay_the_same(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", items=ITEMS, revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        await pilot.press("down")
        await pilot.pause()
        keys = list(app.screen.query("FooterKey"))
        for key in ("down", "down", "tab", "up"):  # moving in the items and between columns
            await pilot.press(key)
            await pilot.pause()
        assert list(app.screen.query("FooterKey")) == keys  # the very same widgets


async def test_keys_that_come_and_go_with_focus_show_in_the_footer_after_the_key(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", items=ITEMS, revealed=["worked", "hard", "curious"])
    async with running(app, retro.id) as pilot:
        def shown() -> set[str]:
            return {key.description for key in app.screen.query("FooterKey")}

        assert "Edit" not in shown()  # typing: nothing to edit
        await pilot.press("down")  # into the items: Edit and Delete act on the highlighted one
        await pilot.pause()
        assert {"Edit", "Delete"} <= shown()
        await pilot.press("escape")
        await pilot.pause()
        assert "Edit" not in shown()


async def test_the_footer_follows_after_a_dialog_closed_before_its_first_frame(app: RetroApp) -> None:
    """Found by review: the footer's check waited on the dialog's refresh, the dialog went
    first, and a latch then kept every later check from being asked for."""
    import asyncio

    from textual import events

    retro = new_retro(app, phase="group", items=ITEMS[:2], revealed=["worked", "hard", "curious"])
    async with running(app, retro.id, size=(140, 40)) as pilot:
        screen = app.screen
        for _ in range(5):  # type-ahead: n opens the new-theme prompt, Esc closes it at once
            app.post_message(events.Key("n", "n"))
            await asyncio.sleep(0.01)
            app.post_message(events.Key("escape", None))
            await pilot.pause(0.1)
        assert app.screen is screen
        await pilot.press("pagedown")  # the vote: other keys
        await pilot.pause(0.2)
        shown = {key.description for key in app.screen.query("FooterKey")}
        assert {"Vote", "Take back"} <= shown and "Pick" not in shown
