"""`retro join`: a participant's own view of a running retro (JoinApp), driven by Pilot, with
the store changed by "another process" (a second Repository on the same file)."""

from __future__ import annotations

import subprocess

import pytest
from textual.widgets import Static

from retro import i18n
from retro.domain.format import PhaseKind
from retro.domain.retro import Participant, Retro
from retro.store import Repository
from retro.tui.join.app import JoinApp
from retro.tui.widgets.item_list import ItemList
from tests.app.run_support import PEOPLE, until

KINDS = [k.value for k in PhaseKind]  # hybrid-experiments: one phase of each kind, in this order


def make_retro(repo: Repository, clock, phase: str = "gather", items=(), **fields) -> Retro:  # noqa: ANN001
    retro = Retro.start("hybrid-experiments", "Blå", list(PEOPLE), clock.now())
    retro.phase_index = KINDS.index(phase)
    for column, text, author in items:
        retro.add_item(column, text, author, clock.now())
    for name, value in fields.items():
        setattr(retro, name, value)
    repo.add(retro)
    return retro


def other(repo: Repository) -> Repository:
    """The same store as another process sees it."""
    return Repository.open(repo.path, repo.clock)


def screen_text(pilot) -> str:  # noqa: ANN001
    """Every Static and list row on the screen, as plain text."""
    screen = pilot.app.screen
    parts = [str(s.render()) for s in screen.query(Static) if s.display]
    parts += [str(o.prompt) for lst in screen.query(ItemList) for o in lst.options]
    return "\n".join(parts)


def stored(repo: Repository, retro_id: str) -> Retro:
    return other(repo).get(Retro, retro_id)


@pytest.fixture
def english():
    i18n.set_language("en")
    yield


def join_app(repo: Repository, clock, retro: Retro, who: Participant | None = None) -> JoinApp:  # noqa: ANN001
    return JoinApp(repo, retro.id, who, clock=clock)


async def joined(pilot, name: str = "Anna") -> None:  # noqa: ANN001
    """Type a participant's name and Enter: the board opens."""
    await pilot.press(*name, "enter")
    await pilot.pause()


def board_ready(pilot) -> bool:  # noqa: ANN001
    from retro.tui.join.board import BoardScreen

    return isinstance(pilot.app.screen, BoardScreen) and pilot.app.screen.view is not None


# -- the name ------------------------------------------------------------------------------------


async def test_the_name_prompt_suggests_and_picks_an_existing_participant(repo, clock, english) -> None:
    retro = make_retro(repo, clock)
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "name-input"
        await pilot.press("c", "e")
        for _ in range(250):  # the suggestion comes from a worker: → takes it once it is there
            await pilot.press("right")
            if app.focused.value == "Cecilia":
                break
            await pilot.pause(0.02)
        assert app.focused.value == "Cecilia"
        await pilot.press("enter")
        await until(pilot, lambda: board_ready(pilot))
        assert app.who == "Cecilia"
        assert "you: Cecilia" in screen_text(pilot)
    assert [p.name for p in stored(repo, retro.id).participants] == [p.name for p in PEOPLE]


async def test_an_empty_enter_on_the_name_does_nothing(repo, clock, english) -> None:
    from retro.tui.join.name import NameScreen

    retro = make_retro(repo, clock)
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space", "enter")
        await pilot.pause()
        assert isinstance(app.screen, NameScreen)
    assert len(stored(repo, retro.id).participants) == len(PEOPLE)


@pytest.mark.parametrize(("key", "remote"), [("enter", True), ("r", False)])
async def test_a_new_name_asks_room_or_remote_once_and_joins(repo, clock, english, key, remote) -> None:
    retro = make_retro(repo, clock)
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await joined(pilot, "Dora")
        assert "In the room or remote?" in screen_text(pilot)
        await pilot.press(key)
        await until(pilot, lambda: board_ready(pilot))
        assert app.who == "Dora"
    added = stored(repo, retro.id).participants[-1]
    assert (added.name, added.remote) == ("Dora", remote)


async def test_as_a_name_given_joins_without_asking(repo, clock, english) -> None:
    retro = make_retro(repo, clock)
    app = join_app(repo, clock, retro, Participant("Eva", remote=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: board_ready(pilot))
    assert stored(repo, retro.id).participants[-1] == Participant("Eva", remote=True)


async def test_a_name_with_a_live_session_elsewhere_is_refused_until_that_session_ends(repo, clock, english) -> None:
    from retro.tui.join.name import NameScreen

    retro = make_retro(repo, clock)
    elsewhere = other(repo).take_name(retro.id, "Bo")  # Bo's phone, joined already
    assert elsewhere is not None
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined(pilot, "bo")  # the same participant, however it is typed
        await pilot.pause()
        assert isinstance(app.screen, NameScreen) and app.who == ""
        assert "Bo has already joined on another device" in screen_text(pilot)
        elsewhere.leave()  # the phone leaves: the name is free again
        await pilot.press("enter")
        await until(pilot, lambda: board_ready(pilot))
        assert app.who == "Bo"
        assert other(repo).take_name(retro.id, "Bo") is None  # and now held by this session
    again = other(repo).take_name(retro.id, "Bo")  # the app ended: free again
    assert again is not None
    again.leave()


async def test_the_reason_a_name_is_refused_shows_whole_on_a_phone(repo, clock) -> None:
    i18n.set_language("sv")  # the longer of the two
    retro = make_retro(repo, clock)
    elsewhere = other(repo).take_name(retro.id, "Bo")
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(40, 20)) as pilot:
        await joined(pilot, "Bo")
        await pilot.pause()
        status = app.screen.query_one("#join-status", Static)
        said = str(status.render())
        assert said.endswith("lämna den sessionen först")
        assert status.region.height >= len(status.render().wrap(status.content_region.width))
    assert elsewhere is not None
    elsewhere.leave()
    i18n.set_language("en")


async def test_a_new_name_taken_meanwhile_on_another_device_is_refused_after_the_question(
        repo, clock, english) -> None:
    retro = make_retro(repo, clock)
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined(pilot, "Dora")
        elsewhere = other(repo).take_name(retro.id, "Dora")  # joined on a phone while asked
        await pilot.press("enter")
        await pilot.pause()
        assert app.who == "" and "Dora has already joined on another device" in screen_text(pilot)
    assert elsewhere is not None
    elsewhere.leave()


async def test_a_name_given_that_is_taken_as_the_app_starts_is_said_not_a_traceback(repo, clock, english) -> None:
    """`--as eva` checked free, then Eva's phone joins while the app starts: the refusal comes
    before the name screen has its status line, and is a toast there."""
    from retro.tui.join.name import NameScreen

    retro = make_retro(repo, clock, participants=[*PEOPLE, Participant("Eva")])
    elsewhere = other(repo).take_name(retro.id, "Eva")
    app = join_app(repo, clock, retro, Participant("eva"))
    told: list[str] = []
    app.notify = lambda message, **kw: told.append(message)  # type: ignore[method-assign]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NameScreen) and app.who == ""
        assert any("Eva has already joined on another device" in m for m in told)
    assert elsewhere is not None
    elsewhere.leave()


def test_join_as_a_name_with_a_live_session_is_refused_with_one_line(repo, clock, cli_env, retro_cmd) -> None:
    retro = make_retro(repo, clock)
    elsewhere = other(repo).take_name(retro.id, "Bo")
    assert elsewhere is not None
    out = subprocess.run([*retro_cmd, "--lang", "en", "join", retro.id, "--as", "bo"], env=cli_env,
                         capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    elsewhere.leave()
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "retro: Bo has already joined on another device: choose another name, or leave that session first"]


# -- gather --------------------------------------------------------------------------------------


async def test_gather_adds_items_as_this_participant_and_an_empty_enter_adds_nothing(repo, clock, english) -> None:
    retro = make_retro(repo, clock)
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined(pilot, "Bo")
        await until(pilot, lambda: board_ready(pilot))
        assert app.focused is not None and app.focused.id == "gather-input"
        await pilot.press("enter", "space", "enter")
        await pilot.press(*"Pairing helped", "enter")
        await pilot.press("tab", *"Builds slow", "enter")
        await pilot.pause()
        assert "Pairing helped" not in screen_text(pilot)  # another column now
        assert "Builds slow" in screen_text(pilot)
    items = stored(repo, retro.id).items
    assert [(it.column, it.text, it.author) for it in items] == [
        ("worked", "Pairing helped", "Bo"), ("hard", "Builds slow", "Bo")]


async def test_others_items_stay_hidden_while_silent_and_show_after_the_reveal(repo, clock, english) -> None:
    secret = "Anna's [bold red]secret[/]\x1b[2J"
    retro = make_retro(repo, clock, items=[("worked", secret, "Anna")])
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined(pilot, "Bo")
        await until(pilot, lambda: board_ready(pilot))
        await pilot.press(*"Mine", "enter")
        await pilot.pause()
        text = screen_text(pilot)
        assert "secret" not in text and "Mine" in text
        assert "1 item by others stays hidden until the reveal" in text
        other(repo).update(Retro, retro.id, lambda r: r.reveal(["worked", "hard", "curious"]))
        await until(pilot, lambda: "secret" in screen_text(pilot), seconds=10)
        text = screen_text(pilot)
        # Shown literally: markup as typed, the escape as an escape, never sent.
        assert "Anna's [bold red]secret[/]" in text
        assert "\x1b" not in text
        assert "hidden until the reveal" not in text


async def test_only_own_items_can_be_edited_and_deleted(repo, clock, english) -> None:
    retro = make_retro(repo, clock, items=[("worked", "Anna's item", "Anna"), ("worked", "Bo's item", "Bo")],
                       revealed=["worked"])
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined(pilot, "Bo")
        await until(pilot, lambda: board_ready(pilot))
        await pilot.press("down")  # the items: Anna's first
        await pilot.press("d")
        await pilot.pause()
        assert "Only your own items can be changed" in screen_text(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "gather-items"  # no edit began
        await pilot.press("down", "e")
        await pilot.pause()
        assert app.focused.id == "gather-input" and app.focused.value == "Bo's item"
        await pilot.press("ctrl+u", *"Bo's better item", "enter")
        await pilot.pause()
        assert [it.text for it in stored(repo, retro.id).items] == ["Anna's item", "Bo's better item"]
        await pilot.press("down")  # back to the items, the cursor still on Bo's
        await pilot.pause()
        assert app.focused.highlighted_id == stored(repo, retro.id).items[1].id
        await pilot.press("d")
        await pilot.pause()
    assert [it.text for it in stored(repo, retro.id).items] == ["Anna's item"]


# -- vote, close ------------------------------------------------------------------------------------


async def test_votes_within_the_budget_and_refused_beyond(repo, clock, english) -> None:
    retro = make_retro(repo, clock, phase="vote", items=[("worked", "Pairing", "Anna"), ("hard", "Builds", "Bo")],
                       votes={"Anna": []})
    other(repo).update(Retro, retro.id, lambda r: r.cast_vote("Anna", r.items[1].id, 3))
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined(pilot, "Bo")
        await until(pilot, lambda: board_ready(pilot))
        text = screen_text(pilot)
        assert "3 left" in text
        # Anna's dot on Builds is not shown to Bo while voting runs.
        assert "● Builds" not in text
        await pilot.press("space", "space", "enter", "space")
        await pilot.pause()
        assert "Bo has used all 3 votes" in screen_text(pilot)
        await pilot.press("backspace")
        await pilot.pause()
        assert "1 left" in screen_text(pilot)
    votes = stored(repo, retro.id).votes
    first = stored(repo, retro.id).items[0].id
    assert votes["Bo"] == [first, first]


async def test_roti_is_saved_for_this_participant(repo, clock, english) -> None:
    retro = make_retro(repo, clock, phase="close")
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined(pilot, "Åsa")
        await until(pilot, lambda: board_ready(pilot))
        await pilot.press("4")
        await pilot.pause()
        assert "Your ROTI: 4" in screen_text(pilot)
    assert stored(repo, retro.id).roti == {"Åsa": 4}


# -- following the facilitator --------------------------------------------------------------------


async def test_the_view_follows_a_phase_change_and_the_close_made_elsewhere(repo, clock, english) -> None:
    retro = make_retro(repo, clock, phase="check-in")
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(80, 24)) as pilot:
        await joined(pilot, "Anna")
        await until(pilot, lambda: board_ready(pilot))
        assert app.screen.kind == PhaseKind.CHECK_IN
        facilitator = other(repo)
        facilitator.update(Retro, retro.id, lambda r: setattr(r, "phase_index", KINDS.index("gather")))
        await until(pilot, lambda: app.screen.kind == PhaseKind.GATHER and app.focused is not None
                    and app.focused.id == "gather-input", seconds=10)
        facilitator.update(Retro, retro.id, lambda r: r.close(clock.now()))
        await until(pilot, lambda: "Thank you" in screen_text(pilot), seconds=10)
        await pilot.press(*"late", "enter")
        await pilot.pause()
        assert "is closed" in screen_text(pilot)
    assert stored(repo, retro.id).items == []


@pytest.mark.parametrize("phase", KINDS)
async def test_every_phase_opens_for_a_participant_with_nothing_written_yet(repo, clock, english, phase) -> None:
    """As a retro starts: no items, themes, votes or experiments yet; each phase's view opens
    and says so, and the session lives on (a crash would end the participant's tab)."""
    retro = make_retro(repo, clock, phase=phase)
    app = join_app(repo, clock, retro, Participant("Anna"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: board_ready(pilot))
        assert app.screen.kind == PhaseKind(phase) and app.is_running
        if phase == "decide":
            assert "No experiment written yet." in screen_text(pilot)
        if phase == "group":
            assert "No themes yet." in screen_text(pilot)


# -- sizes and language -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(40, 20), (80, 24)])
async def test_the_board_fits_a_phone_and_a_terminal(repo, clock, english, size) -> None:
    from textual.widgets import Footer

    retro = make_retro(repo, clock)
    app = join_app(repo, clock, retro)
    async with app.run_test(size=size) as pilot:
        await joined(pilot, "Anna")
        await until(pilot, lambda: board_ready(pilot))
        await pilot.pause()
        entry = app.screen.query_one("#gather-input")
        assert entry.region.bottom <= size[1] - 1 and entry.region.right <= size[0]
        keys = [key for key in app.screen.query_one(Footer).children if key.display]
        assert keys and all(k.region.right <= size[0] for k in keys)  # each key whole
        shown = " ".join(str(getattr(k, "description", "")) for k in keys)
        assert "Help" in shown


async def test_swedish(repo, clock) -> None:
    i18n.set_language("sv")
    retro = make_retro(repo, clock)
    app = join_app(repo, clock, retro)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Gå med i retron" in screen_text(pilot)
        await joined(pilot, "Dora")
        assert "I rummet eller på distans?" in screen_text(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: board_ready(pilot))
        assert "du: Dora" in screen_text(pilot)


# -- the command line -----------------------------------------------------------------------------


def test_join_refuses_an_unknown_or_closed_retro_with_one_line(repo, clock, cli_env, retro_cmd) -> None:
    closed = make_retro(repo, clock)
    repo.update(Retro, closed.id, lambda r: r.close(clock.now()))
    for retro_id, said in (("rt-nope", "No retro with id rt-nope"), (closed.id, f"Retro {closed.id} is closed")):
        out = subprocess.run([*retro_cmd, "--lang", "en", "join", retro_id], env=cli_env, capture_output=True,
                             text=True, timeout=60)
        assert out.returncode == 2
        assert out.stderr.strip().splitlines() == [f"retro: {said}"]


def test_join_without_a_terminal_is_refused_but_not_under_the_web_driver(repo, clock, cli_env, retro_cmd) -> None:
    retro = make_retro(repo, clock)
    out = subprocess.run([*retro_cmd, "--lang", "en", "join", retro.id], env=cli_env, capture_output=True,
                         text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert out.returncode == 2 and "needs a terminal" in out.stderr


def test_join_help(cli_env, retro_cmd) -> None:
    out = subprocess.run([*retro_cmd, "--lang", "en", "join", "--help"], env=cli_env, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0 and "--as NAME[:remote]" in out.stdout


async def test_f1_lists_the_boards_keys_and_no_command_palette(repo, clock, english) -> None:
    """The join app has no command palette (its screenshot command would write files on the
    owner's account), so its help must not offer one."""
    from retro.tui.join.help import JoinHelp

    retro = make_retro(repo, clock)
    app = join_app(repo, clock, retro, Participant("Anna"))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: board_ready(pilot))
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, JoinHelp))
        shown = "\n".join(str(s.render()) for s in app.screen.query(Static))
        assert "Keys on this screen" in shown and "Next column" in shown
        assert "Command palette" not in shown and "ctrl+p" not in shown.lower()
