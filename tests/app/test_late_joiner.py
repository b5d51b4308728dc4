"""F2 on the run screen: someone joined late. The remote box shows what it holds, and the person
is saved as the dialog showed them: in the room or remote."""

from __future__ import annotations

from textual.widgets import Checkbox

from retro.tui.app import RetroApp
from retro.tui.dialogs.participant import AddParticipantDialog
from tests.app.run_support import new_retro, running, stored, type_text, until


def box_of(app: RetroApp) -> Checkbox:
    return app.screen.query_one("#participant-remote", Checkbox)


def looks(box: Checkbox) -> str:
    """The box as drawn: `▐X▌` ticked, `▐ ▌` not."""
    return str(box.render())[:3]


def places(app: RetroApp, retro_id: str) -> dict[str, bool]:
    return {p.name: p.remote for p in stored(app, retro_id).participants}


async def open_dialog(pilot) -> Checkbox:  # noqa: ANN001
    await pilot.press("f2")
    await until(pilot, lambda: isinstance(pilot.app.screen, AddParticipantDialog), "F2 opened no dialog")
    return box_of(pilot.app)


async def added(pilot, app: RetroApp, retro_id: str, name: str) -> None:  # noqa: ANN001
    await until(pilot, lambda: name in places(app, retro_id), f"{name} was not saved")


async def test_a_latecomer_on_the_call_is_saved_remote_and_one_in_the_room_in_the_room(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather")
    async with running(app, retro.id, size=(80, 24)) as pilot:
        box = await open_dialog(pilot)
        assert looks(box) == "▐ ▌" and not box.value  # unticked: in the room unless ticked
        await type_text(pilot, "Dan")
        await pilot.press("tab", "space")  # to the box, tick it
        await pilot.pause()
        assert box.value and looks(box) == "▐X▌"
        await pilot.press("enter")  # Enter on the box adds the person as shown
        await added(pilot, app, retro.id, "Dan")

        box = await open_dialog(pilot)
        assert looks(box) == "▐ ▌"  # a new dialog starts unticked again
        await type_text(pilot, "Eva")
        await pilot.press("enter")
        await added(pilot, app, retro.id, "Eva")
        assert places(app, retro.id)["Dan"] is True
        assert places(app, retro.id)["Eva"] is False


async def test_space_and_click_toggle_the_box_and_what_is_shown_is_saved(app: RetroApp) -> None:
    retro = new_retro(app, phase="check-in")
    async with running(app, retro.id, size=(80, 24)) as pilot:
        box = await open_dialog(pilot)
        await type_text(pilot, "Fia")
        await pilot.click("#participant-remote")
        await pilot.pause()
        assert box.value and looks(box) == "▐X▌"
        await pilot.click("#participant-remote")
        await pilot.pause()
        assert not box.value and looks(box) == "▐ ▌"
        await pilot.press("space", "space", "space")  # the click left the focus on the box
        await pilot.pause()
        assert box.value and looks(box) == "▐X▌"
        await pilot.press("shift+tab", "enter")  # back in the name, Enter adds
        await added(pilot, app, retro.id, "Fia")
        assert places(app, retro.id)["Fia"] is True


async def test_name_colon_remote_ticks_the_box_and_the_box_has_the_last_word(app: RetroApp) -> None:
    retro = new_retro(app, phase="gather")
    async with running(app, retro.id, size=(80, 24)) as pilot:
        box = await open_dialog(pilot)
        await type_text(pilot, "Gus:remote")
        await pilot.pause()
        assert box.value and looks(box) == "▐X▌"  # the typed place shows on the box
        await pilot.press("enter")
        await added(pilot, app, retro.id, "Gus")

        box = await open_dialog(pilot)
        await type_text(pilot, "Hal:remote")
        await pilot.press("tab", "space")  # untick it: in the room after all
        await pilot.pause()
        assert looks(box) == "▐ ▌"
        await pilot.press("enter")
        await added(pilot, app, retro.id, "Hal")
        assert places(app, retro.id)["Gus"] is True
        assert places(app, retro.id)["Hal"] is False


async def test_a_dialog_told_remote_starts_ticked(app: RetroApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        chosen = []
        app.push_screen(AddParticipantDialog(remote=True), chosen.append)
        await pilot.pause()
        assert looks(box_of(app)) == "▐X▌"
        await type_text(pilot, "Ivo")
        await pilot.press("enter")
        await until(pilot, lambda: bool(chosen))
        assert chosen[0].name == "Ivo" and chosen[0].remote is True
