"""Anonymous writing on screen (issue #21): the start dialog's choice, the facilitator's board
without authors, the chat paste without names, and a participant who can still change their
own items because their session remembers them."""

from __future__ import annotations

from textual import events
from textual.widgets import Checkbox

from retro import paths
from retro.domain.retro import Participant, Retro
from retro.store import Repository
from retro.tui.app import RetroApp, make_app
from retro.tui.dialogs.paste_chat import PasteChatDialog
from retro.tui.dialogs.start_retro import StartRetroDialog
from retro.tui.join.app import JoinApp
from retro.tui.screens.run import RunScreen
from tests.app.run_support import (PEOPLE, new_retro, options_of, running, stored, text_of, type_text, until,
                                   until_saved)
from tests.app.test_join import board_ready, joined, screen_text
from tests.app.test_join import stored as stored_by_other
from tests.app.test_run_start import open_start_dialog

NAMES = [p.name for p in PEOPLE]


def anonymous_format() -> str:
    """hybrid-experiments as a user format `quiet` that says `anonymous = true`."""
    source = (paths.builtin_formats_dir() / "hybrid-experiments.toml").read_text(encoding="utf-8")
    text = source.replace('id = "hybrid-experiments"', 'id = "quiet"\nanonymous = true', 1)
    folder = paths.user_formats_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "quiet.toml").write_text(text, encoding="utf-8")
    return "quiet"


def no_author_shown(rows: list[str]) -> None:
    for row in rows:
        assert "—" not in row and not any(name in row for name in NAMES), row


# -- the start dialog -----------------------------------------------------------------------------

async def test_the_start_dialog_offers_anonymous_off_for_a_named_format_and_stores_the_choice(app: RetroApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await open_start_dialog(app, pilot)
        box = app.screen.query_one("#start-anonymous", Checkbox)
        assert box.value is False and "Anonymous: items are stored without names" in str(box.label)
        await type_text(pilot, "Blå")
        await pilot.press("enter")
        await type_text(pilot, "Anna")
        await pilot.press("enter", "tab", "tab")  # past the people list to the choice
        assert app.focused is box
        await pilot.press("space")
        assert box.value is True
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, RunScreen)
        await until_saved(pilot)
    (retro,) = app.repo.all(Retro)
    assert retro.anonymous is True


async def test_the_start_dialog_takes_its_default_from_the_format(repo: Repository, clock) -> None:  # noqa: ANN001
    format_id = anonymous_format()
    app = make_app(repo, clock=clock, language="en")
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(StartRetroDialog(format_id))
        await pilot.pause()
        assert app.screen.query_one("#start-anonymous", Checkbox).value is True
        await type_text(pilot, "Blå")
        await pilot.press("enter")
        await type_text(pilot, "Anna")
        await pilot.press("enter", "enter")  # an empty Enter starts it, as the format says
        await until(pilot, lambda: not isinstance(app.screen, StartRetroDialog))  # dismissed: started
    (retro,) = repo.all(Retro)
    assert retro.format_id == "quiet" and retro.anonymous is True


# -- the facilitator's board ----------------------------------------------------------------------

async def test_the_board_of_an_anonymous_retro_stores_and_shows_no_author(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", revealed=["worked", "hard", "curious"], anonymous=True)
    async with running(app, retro.id) as pilot:
        assert "Anonymous retro: items are stored without names; a Name: prefix is dropped." \
            in text_of(pilot, "#gather-status")
        await type_text(pilot, "Anna: reviews")
        await pilot.press("enter")
        await type_text(pilot, "pairing")
        await pilot.press("enter")
        await until_saved(pilot)
        assert [(it.text, it.author) for it in stored(app, retro.id).items] == [("reviews", ""), ("pairing", "")]
        assert options_of(pilot, "#items-0") == ["reviews", "pairing"]


async def test_the_chat_paste_of_an_anonymous_retro_previews_and_stores_no_names(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather", revealed=["worked", "hard", "curious"], anonymous=True)
    async with running(app, retro.id, size=(120, 40)) as pilot:
        app.focused.post_message(events.Paste("[10:02] Anna: the build broke\n10:03 Bo: more pairing\n"))
        await pilot.pause()
        assert isinstance(app.screen, PasteChatDialog)
        assert "This retro is anonymous" in text_of(pilot, "#paste-hint")
        preview = options_of(pilot, "#paste-preview")
        assert preview == ["the build broke", "more pairing"]
        await pilot.press("ctrl+s")
        await until_saved(pilot)
        assert [(it.text, it.author) for it in stored(app, retro.id).items] == [
            ("the build broke", ""), ("more pairing", "")]
        no_author_shown(options_of(pilot, "#items-0"))


async def test_the_shared_screen_shows_no_author_for_a_topic_even_if_an_item_has_one(app: RetroApp) -> None:
    retro = new_retro(app, phase="discuss", items=[("hard", "flaky tests", "")], anonymous=True)
    retro.items[0].author = "Cecilia"  # as a hand-edited backup could bring it
    app.repo.save(retro)
    async with running(app, retro.id) as pilot:
        assert "flaky tests" in text_of(pilot, "#discuss-topic-title")
        assert "An item on its own" in text_of(pilot, "#discuss-items")
        assert "Cecilia" not in text_of(pilot, "#discuss-items")


# -- a participant's own items --------------------------------------------------------------------

async def test_a_participant_edits_and_deletes_their_own_items_only_in_an_anonymous_retro(repo, clock) -> None:  # noqa: ANN001
    retro = Retro.start("hybrid-experiments", "Blå", list(PEOPLE), clock.now(), anonymous=True)
    retro.phase_index = 2  # gather
    retro.add_item("worked", "slow builds", "Anna", clock.now())
    retro.revealed = ["worked"]
    repo.add(retro)
    app = JoinApp(repo, retro.id, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined(pilot, "Bo")
        await until(pilot, lambda: board_ready(pilot))
        assert "after that, nobody can tell them from others'" in screen_text(pilot)
        await pilot.press(*"more pairing", "enter")
        await pilot.pause()
        no_author_shown(options_of(pilot, "#gather-items"))
        await pilot.press("down", "up")  # the items (on the one just added), then Anna's, stored without her name
        await pilot.press("e")
        await pilot.pause()
        assert "Only your own items can be changed" in screen_text(pilot)
        assert app.focused is not None and app.focused.id == "gather-items"  # no edit began
        await pilot.press("d")
        await pilot.pause()
        assert len(stored_by_other(repo, retro.id).items) == 2
        await pilot.press("down", "e")
        await pilot.pause()
        assert app.focused.id == "gather-input" and app.focused.value == "more pairing"
        await pilot.press("ctrl+u", *"better pairing", "enter")
        await pilot.pause()
        assert [(it.text, it.author) for it in stored_by_other(repo, retro.id).items] == [
            ("slow builds", ""), ("better pairing", "")]
        await pilot.press("down")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert [it.text for it in stored_by_other(repo, retro.id).items] == ["slow builds"]


async def test_a_new_session_cannot_tell_its_earlier_items_and_sees_others_hidden(repo, clock) -> None:  # noqa: ANN001
    retro = Retro.start("hybrid-experiments", "Blå", list(PEOPLE), clock.now(), anonymous=True)
    retro.phase_index = 2  # gather, silent and not revealed
    retro.add_item("worked", "written by Bo before", "Bo", clock.now())
    repo.add(retro)
    app = JoinApp(repo, retro.id, Participant("Bo", remote=True), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: board_ready(pilot))
        text = screen_text(pilot)
        assert "written by Bo before" not in text
        assert "1 item by others stays hidden until the reveal" in text
