"""The kata log screen, driven from the keyboard on the demo log with the frozen clock
(Thursday 2026-11-26): what is on screen AND what reached the store."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from textual.geometry import Region
from textual.widgets import DataTable, Static, TabbedContent

from rich.cells import cell_len

from retro.tui.app import RetroApp, make_app
from retro.demo import build_demo
from retro.tui.dialogs.amend import AmendDialog
from retro.tui.dialogs.experiment_form import ExperimentForm
from retro.tui.dialogs.outcome import OutcomeDialog
from retro.tui.dialogs.reflection_prompt import ReflectionPrompt
from retro.tui.dialogs.tc_form import TargetConditionForm
from retro.domain.kata import Challenge, Experiment, Obstacle, TargetCondition
from retro.tui.screens.kata import KataScreen
from retro.store import Repository
from retro.tui.ui import StoreChanged
from retro.tui.widgets.item_list import ItemList
from retro.tui.widgets.kata_record import RecordTable

SIZE = (110, 34)


def text(app: RetroApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def said(app: RetroApp) -> list[str]:
    messages: list[str] = []
    app.notify = lambda message, **kw: messages.append(str(message))  # type: ignore[method-assign]
    return messages


async def open_kata(app: RetroApp, pilot) -> KataScreen:
    await pilot.press("k")
    await settle(app, pilot)
    assert isinstance(app.screen, KataScreen)
    return app.screen


async def settle(app: RetroApp, pilot) -> None:
    """Let the log's loading worker finish and its message land."""
    await app.workers.wait_for_complete()
    await pilot.pause()


def demo(app: RetroApp) -> dict[str, object]:
    objs = build_demo(app.clock.now())
    app.repo.add(*objs)
    tcs = [o for o in objs if isinstance(o, TargetCondition)]
    active = next(tc for tc in tcs if tc.is_active)
    record = sorted((o for o in objs if isinstance(o, Experiment) and o.target_condition_id == active.id),
                    key=lambda e: e.go_and_see_on)
    return {"active": active, "record": record, "tcs": tcs}


def stored(app: RetroApp, e: Experiment) -> Experiment:
    return app.repo.get(Experiment, e.id)


async def to_row(app: RetroApp, pilot, exp_id: str) -> None:
    table = app.screen.query_one(RecordTable)
    table.highlighted = table.experiment_ids.index(exp_id)
    await pilot.pause()


async def test_opens_on_the_active_target_condition_with_its_record(app: RetroApp) -> None:
    log = demo(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        assert "Ett ledarskap som skapar riktning" in text(app, "#kata-challenge")
        assert text(app, "#kata-title") == log["active"].title
        assert "Personal leadership · achieve by 2026-11-30 · 4 days left" in text(app, "#kata-meta")
        obstacles = text(app, "#kata-obstacles")
        assert "▶ Jag vill vara till hjälp och svarar av reflex (in focus)" in obstacles
        assert "(parked)" in obstacles
        assert "Private notes: Ali verkar" in text(app, "#kata-notes")
        table = app.screen.query_one(RecordTable)
        assert table.row_count == 5
        assert table.experiment_ids == [e.id for e in log["record"]]
        # Row 2 was amended after it started: marked in the table, the original kept.
        amended = log["record"][1]
        cells = table.cells(1)
        assert cells[2] == "running" and cells[4].startswith(f"✎1 {amended.expectation[:12]}")
        assert cells[4].endswith("…")  # cut to its column; the detail below shows it whole
        # The record starts at the first open step, with its detail beside it.
        assert table.highlighted_id == amended.id
        detail = text(app, "#detail-expected")
        assert amended.expectation in detail and "✎ 11-25 11:00 What we expect:" in detail
        assert "Planeringsmötet kortades" in detail
        # Today's step is running by its day alone: its expectation is locked.
        assert table.cells(2)[2] == "running"
        assert [table.cells(i)[2] for i in (3, 4)] == ["planned", "planned"]


async def test_plan_an_experiment_from_the_keyboard(app: RetroApp) -> None:
    log = demo(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await pilot.press("n")
        assert isinstance(app.screen, ExperimentForm)
        await pilot.press(*"Ali leder", "tab", *"Han tvekar")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, KataScreen)
        table = app.screen.query_one(RecordTable)
        assert table.row_count == 6
        new = next(e for e in app.repo.all(Experiment) if e.step == "Ali leder")
        assert new.expectation == "Han tvekar"
        assert new.target_condition_id == log["active"].id
        assert new.obstacle_id is not None  # the obstacle in focus, suggested by the form
        assert new.go_and_see_on == date(2026, 11, 27) and new.status == "planned"
        assert table.highlighted_id == new.id


async def test_start_amend_and_record_the_outcome(app: RetroApp) -> None:
    log = demo(app)
    tomorrow = log["record"][3]  # planned for Friday
    messages = said(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await to_row(app, pilot, tomorrow.id)
        await pilot.press("m")  # not started: amend is the wrong tool
        assert messages[-1].startswith("It has not started: change the plan with e")
        await pilot.press("d")
        assert "outcome and learning come after" in messages[-1]
        assert stored(app, tomorrow).status == "planned"

        await pilot.press("s")
        await pilot.pause()
        e = stored(app, tomorrow)
        assert e.status == "running" and e.locked_at == datetime(2026, 11, 26, 9, 30)
        await pilot.press("e")  # locked now: editing the plan is refused
        assert "the expectation is locked" in messages[-1]

        await pilot.press("m")
        assert isinstance(app.screen, AmendDialog)
        await pilot.press(*"Jag svarar")  # replaces the selected current text
        await pilot.press("enter")
        assert "must not be blank" in text(app, "#dialog-message")  # the reason is required
        assert app.screen.query_one("#reason").has_focus  # and the cursor is where it is missing
        await pilot.press(*"Sara bad", "enter")
        await pilot.pause()
        e = stored(app, tomorrow)
        assert e.expectation == tomorrow.expectation  # the original stays
        assert [(a.field, a.text, a.reason) for a in e.amendments] == [
            ("expectation", "Jag svarar", "Sara bad")]
        assert app.screen.query_one(RecordTable).cells(3)[4].startswith("✎1 ")

        await pilot.press("d")
        assert isinstance(app.screen, OutcomeDialog)
        await pilot.press(*"Tyst 40 min", "enter")
        assert "must not be blank" in text(app, "#dialog-message")
        await pilot.press(*"Hon klarar det", "enter")
        await pilot.pause()
        e = stored(app, tomorrow)
        assert (e.status, e.happened, e.learned, e.as_expected) == (
            "done", "Tyst 40 min", "Hon klarar det", "")
        assert "What happened: Tyst 40 min" in text(app, "#detail-outcome")


async def test_abandon_needs_a_reason_and_a_closed_record_refuses_more(app: RetroApp) -> None:
    log = demo(app)
    done, planned = log["record"][0], log["record"][4]
    messages = said(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await to_row(app, pilot, done.id)
        for key in ("a", "d"):  # (m corrects what was recorded, until the next retro: see test_review.py)
            await pilot.press(key)
            assert messages[-1] == "It is done: its record is closed"
        await to_row(app, pilot, planned.id)
        await pilot.press("a", "enter")
        assert "Write something first" in text(app, "#dialog-message")
        await pilot.press(*"Flyttad", "enter")
        await pilot.pause()
        e = stored(app, planned)
        assert (e.status, e.abandon_reason) == ("abandoned", "Flyttad")
        assert app.screen.query_one(RecordTable).cells(4)[5].startswith("Abandoned: Flytt")


async def test_edit_a_plan_before_it_starts(app: RetroApp) -> None:
    log = demo(app)
    planned = log["record"][4]
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await to_row(app, pilot, planned.id)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ExperimentForm)
        assert form.query_one("#expectation").value == planned.expectation
        form.query_one("#expectation").value = "Ingen har märkt något"
        await pilot.press("ctrl+s")
        await pilot.pause()
    e = stored(app, planned)
    assert e.expectation == "Ingen har märkt något" and e.amendments == [] and e.id == planned.id


async def test_a_new_target_condition_asks_for_the_reflection_of_the_active_one(app: RetroApp) -> None:
    log = demo(app)
    old = log["active"]
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await pilot.press("t")
        assert isinstance(app.screen, TargetConditionForm)
        await pilot.press(*"Teamet planerar", "enter")
        assert isinstance(app.screen, ReflectionPrompt)
        await pilot.press("escape")  # no reflection: nothing changes
        await pilot.pause()
        assert app.repo.get(TargetCondition, old.id).is_active
        assert len(app.repo.all(TargetCondition)) == 10

        await pilot.press("t", *"Teamet planerar", "enter")
        await pilot.press("ctrl+s")
        assert "reflection is required" in text(app, "#dialog-message")
        await pilot.press(*"Jag frågar mer")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, KataScreen)
        closed = app.repo.get(TargetCondition, old.id)
        assert (closed.status, closed.reflection) == ("achieved", "Jag frågar mer")
        new = app.repo.active_target_condition()
        assert new.title == "Teamet planerar" and new.achieve_by == date(2026, 12, 3)
        assert text(app, "#kata-title") == new.title
        assert app.screen.query_one(RecordTable).row_count == 0
        assert "No experiments yet" in text(app, "#detail-expected")


async def test_history_lists_past_target_conditions_newest_first_with_reflections(app: RetroApp) -> None:
    log = demo(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await pilot.press("2")
        assert app.screen.query_one(TabbedContent).active == "kata-history"
        await pilot.pause()
        past = app.screen.query_one("#kata-past", ItemList)
        assert past.option_count == 10
        newest_first = sorted(log["tcs"], key=lambda tc: tc.created_at, reverse=True)
        assert past.ids == [tc.id for tc in newest_first]
        shown = [line.text for line in past.render_lines(Region(0, 0, *past.size))]
        assert shown[0].lstrip().startswith(newest_first[0].achieve_by.isoformat())
        assert newest_first[0].title[:20] in shown[0]
        assert "Target condition" in text(app, "#kata-past-head")
        await pilot.press("down")
        previous = newest_first[1]
        assert previous.reflection.split(".")[0] in text(app, "#past-detail")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "kata-now"
        assert text(app, "#kata-title") == previous.title
        assert "A past target condition" in text(app, "#kata-past-note")
        assert app.screen.query_one(RecordTable).row_count == 2
        await pilot.press("1")
        assert text(app, "#kata-title") == log["active"].title


async def test_the_picture_counts_weeks_and_answers(app: RetroApp) -> None:
    demo(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        summary = text(app, "#picture-summary")
        assert "Last 10 weeks: 29 experiments, 25 done." in summary
        assert "yes 5 · partly 8 · no 12 (0 not answered)" in summary
        chart = text(app, "#chart-count")
        assert "most in a week: 4" in chart and "█" in chart


async def test_obstacles_named_and_focused_from_the_keyboard(app: RetroApp) -> None:
    log = demo(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await pilot.press("o", *"Trött", "enter")
        await pilot.pause()
        mine = [o for o in app.repo.all(Obstacle) if o.target_condition_id == log["active"].id]
        assert "Trött" in [o.text for o in mine]
        assert "Trött (parked)" in text(app, "#kata-obstacles")
        await pilot.press("f", "down", "enter")  # the second one goes in focus
        await pilot.pause()
        by_text = {o.text: o.status for o in app.repo.all(Obstacle) if o.target_condition_id == log["active"].id}
        assert by_text["Jag vill vara till hjälp och svarar av reflex"] == "parked"
        assert list(by_text.values()).count("working") == 1
        await pilot.press("f", "r")  # the first in the list is resolved
        await pilot.pause()
        assert "resolved" in {o.status for o in app.repo.all(Obstacle) if o.target_condition_id == log["active"].id}


async def test_private_notes_are_written_here_and_shown_only_here(app: RetroApp) -> None:
    log = demo(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await pilot.press("p", "end", "enter", *"[red]Sara[/]", "ctrl+s")
        await pilot.pause()
        notes = app.repo.get(TargetCondition, log["active"].id).notes
        assert notes == log["active"].notes + "\n[red]Sara[/]"
        assert "[red]Sara[/]" in text(app, "#kata-notes")  # literal, not markup


async def test_an_empty_log_starts_with_a_challenge_then_a_target_condition(app: RetroApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        assert "No challenge yet" in text(app, "#kata-challenge")
        assert "No target condition yet" in text(app, "#kata-title")
        await pilot.press("t", *"En vecka", "enter")  # no challenge: written first
        await pilot.press(*"Retron", "enter")  # then the target condition
        await settle(app, pilot)
        (ch,) = app.repo.all(Challenge)
        (tc,) = app.repo.all(TargetCondition)
        assert ch.title == "En vecka" and tc.challenge_id == ch.id and tc.is_active
        assert text(app, "#kata-title") == "Retron"
        await pilot.press("c")  # coaching needs nothing more than an active target condition
        from retro.tui.screens.coaching import CoachingScreen

        assert isinstance(app.screen, CoachingScreen)


async def test_another_process_writing_is_shown_after_a_reload(app: RetroApp, store_path, clock) -> None:
    log = demo(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_kata(app, pilot)
        other = Repository.open(store_path, clock)
        e = Experiment.plan("Från en annan terminal", "Den syns", clock.now(), date(2026, 11, 27),
                            target_condition_id=log["active"].id)
        other.add(e)
        screen.post_message(StoreChanged())
        await settle(app, pilot)
        assert e.id in screen.query_one(RecordTable).experiment_ids


async def test_export_opens_the_export_dialog(app: RetroApp) -> None:
    pytest.importorskip("retro.tui.dialogs.export")
    from retro.tui.dialogs.export import ExportDialog

    demo(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)


async def test_escape_goes_back_home(app: RetroApp) -> None:
    from retro.tui.screens.home import HomeScreen

    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_a_second_plan_starts_from_an_empty_form_and_lands_in_the_record(app: RetroApp) -> None:
    """The log keeps one experiment form between plans: the second must not show the first."""
    demo(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_kata(app, pilot)
        await pilot.press("n", *"Första steget", "tab", *"Det går bra", "ctrl+s")
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExperimentForm)
        assert form.query_one("#step").value == "" and form.query_one("#expectation").value == ""
        assert form.query_one("#step").has_focus
        await pilot.press("ctrl+s")  # blank: refused, nothing saved
        await pilot.pause()
        assert app.screen is form
        await pilot.press(*"Andra steget", "tab", *"Det går sämre", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        steps = {e.step: e for e in app.repo.all(Experiment)}
        assert steps["Andra steget"].expectation == "Det går sämre"
        assert {steps["Första steget"].id, steps["Andra steget"].id} <= set(screen.query_one(RecordTable).experiment_ids)


async def test_the_log_is_kept_between_visits_and_read_again_when_the_store_changed(
        app: RetroApp, store_path, clock) -> None:
    log = demo(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_kata(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        # Another process plans a step while the log is not on screen (no StoreChanged reaches it).
        e = Experiment.plan("Medan loggen var stängd", "Den syns ändå", clock.now(), date(2026, 11, 27),
                            target_condition_id=log["active"].id)
        Repository.open(store_path, clock).add(e)
        again = await open_kata(app, pilot)
        assert again is screen  # the same screen, not built again
        assert e.id in screen.query_one(RecordTable).experiment_ids
        assert screen.query_one(RecordTable).row_count == len(log["record"]) + 1


async def test_a_theme_changed_while_the_log_is_away_is_on_it_when_it_opens_again(app: RetroApp) -> None:
    from textual.color import Color

    demo(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_kata(app, pilot)
        dark = screen.query_one(RecordTable).styles.background
        await pilot.press("escape")
        await pilot.pause()
        app.theme = "retro-light"  # on the home screen: the kata log is off the stack, not restyled with it
        await pilot.pause()
        assert await open_kata(app, pilot) is screen
        assert screen.styles.background == Color.parse("#ffffff")
        assert screen.query_one(RecordTable).styles.background != dark


async def test_the_record_fits_its_columns_to_the_terminal_and_the_header_follows(app: RetroApp) -> None:
    log = demo(app)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kata(app, pilot)
        table = screen.query_one(RecordTable)

        def fits(lines: int) -> None:
            head = text(app, "#kata-record-head")
            inside = table.scrollable_content_region.width - 2  # within the scroll bar's place and the padding
            assert head.startswith(("#", "Day")) and cell_len(head.rstrip()) <= inside  # 80 columns: no number
            for row in range(table.row_count):  # never wrapped: each line of a row within the list
                assert all(cell_len(line) <= inside for line in str(table.get_option_at_index(row).prompt).split("\n"))
            assert set(table.row_heights) == {lines}  # as drawn: no row spilled
            assert table.cells(0)[3].startswith(log["record"][0].step[:8])

        fits(1)  # small: one line per step
        head = text(app, "#kata-record-head")  # step and expectation readable; the outcome is in the detail
        assert "What will be done" in head and "What happened" not in head
        await pilot.resize_terminal(160, 45)
        await pilot.pause()
        await pilot.pause()
        fits(2)  # large: two lines of each text
        assert "What will be done" in text(app, "#kata-record-head")
        assert table.cells(0)[3] == log["record"][0].step or table.cells(0)[3].endswith("…")


async def test_long_lists_with_a_scroll_bar_keep_every_row_on_its_own_lines(app: RetroApp) -> None:
    """A record and a History long enough for a scroll bar, their last columns full: no row
    may spill onto an extra line (the bar's place is kept, the rows are made inside it)."""
    now = app.clock.now()
    ch = Challenge.create("Lead one week at a time", now)
    long = "Ett långt svar som fyller hela kolumnen och mer därtill, " * 3
    past = []
    for n in range(40):
        tc = TargetCondition.create(ch.id, f"Vecka {n}: {long}", now, achieve_by=date(2026, 11, 27))
        tc.close("achieved", f"Reflektion {n}: {long}", now)
        past.append(tc)
    active = TargetCondition.create(ch.id, "Denna vecka", now, achieve_by=date(2026, 11, 30))
    steps = []
    for n in range(30):
        e = Experiment.plan(f"Steg {n}: {long}", f"Förväntan {n}: {long}", now, date(2026, 11, 26),
                            target_condition_id=active.id)
        e.start(now)
        e.complete(f"Hände {n}: {long}", f"Lärde {n}: {long}", now, as_expected="partly")
        steps.append(e)
    app.repo.add(ch, *past, active, *steps)
    for size, lines in (((80, 24), 1), ((100, 30), 1), ((160, 45), 2)):
        app = make_app(app.repo, clock=app.clock, language="en")  # a fresh app per terminal size
        async with app.run_test(size=size) as pilot:
            screen = await open_kata(app, pilot)
            table = screen.query_one(RecordTable)
            assert table.row_count == 30 and table.max_scroll_y > 0  # a scroll bar
            assert set(table.row_heights) == {lines}
            last = 4 if size == (80, 24) else 6  # at 80 columns the outcome is left out (the detail has it)
            assert table.cells(0)[last].startswith(("Lärde ", "Förväntan ")) and table.cells(0)[last].endswith("…")
            await pilot.press("2")
            await settle(app, pilot)
            history = screen.query_one("#kata-past", ItemList)
            assert history.option_count >= 40 and history.max_scroll_y > 0
            assert set(history.row_heights) == {1}
            if size == (160, 45):
                await pilot.resize_terminal(80, 24)  # narrower while History is shown: its rows made again
                await pilot.pause()
                await pilot.pause()
                assert set(history.row_heights) == {1}


@pytest.mark.parametrize("setting", [None, "full"])
async def test_a_tab_switch_ends_in_its_frame_unless_animations_are_asked_for(
        repo: Repository, clock, monkeypatch: pytest.MonkeyPatch, setting: str | None) -> None:  # noqa: ANN001
    """Screen-shared over a video call, a sliding underline is a smear that goes on drawing for
    a third of a second after the key: the app animates nothing, unless TEXTUAL_ANIMATIONS says so."""
    if setting is None:
        monkeypatch.delenv("TEXTUAL_ANIMATIONS", raising=False)
    else:
        monkeypatch.setenv("TEXTUAL_ANIMATIONS", setting)
    from textual.widgets._tabs import Underline

    slid: list[str] = []
    animate = Underline.animate
    monkeypatch.setattr(Underline, "animate",
                        lambda self, attribute, *a, **kw: (slid.append(attribute), animate(self, attribute, *a, **kw))[1])
    app = make_app(repo, clock=clock, language="en")
    demo(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await pilot.press("2")
        await pilot.press("pagedown")  # the underline moves after the next frames
        await pilot.pause(0.1)
        assert app.screen.query_one(TabbedContent).active == "kata-history"
    assert bool(slid) == (setting == "full")


async def test_every_frame_shows_the_detail_of_the_row_under_the_cursor(app: RetroApp) -> None:
    """Moving in the record or in History, the detail pane changes in the key's own frame: no
    frame shows the cursor on one row and the detail of another."""
    demo(app)
    async with app.run_test(size=SIZE) as pilot:
        kata = await open_kata(app, pilot)
        record = kata.query_one(RecordTable)
        frames: list[tuple[str, str]] = []
        display = app._display

        def shown(screen, renderable) -> None:  # noqa: ANN001
            if renderable is not None and screen is kata:
                e = kata.highlighted()
                frames.append((e.expectation if e else "", text(app, "#detail-expected")))
            display(screen, renderable)

        app._display = shown  # type: ignore[method-assign]
        for key in ["down", "down", "up", "down"]:
            await pilot.press(key)
        assert len(frames) >= 4 and record.highlighted is not None
        assert all(expectation in detail for expectation, detail in frames)

        await pilot.press("2")
        await settle(app, pilot)
        past = kata.query_one("#kata-past", ItemList)
        assert app.focused is past
        frames.clear()
        app._display = lambda screen, renderable: (  # type: ignore[method-assign]
            frames.append((kata._past_highlighted().title, text(app, "#past-detail")))
            if renderable is not None and screen is kata else None, display(screen, renderable))
        for key in ["down", "down", "pagedown"]:
            await pilot.press(key)
        assert len(frames) >= 3 and past.highlighted > 0
        assert all(title in detail for title, detail in frames)


async def test_the_kept_form_reads_the_store_again_only_when_it_changed(app: RetroApp, store_path, clock) -> None:
    """Reopened for each plan, the experiment form offers the target conditions without reading
    them again, unless something was written since; then a new one is offered."""
    from retro.tui.dialogs.experiment_form import ExperimentForm

    log = demo(app)
    async with app.run_test(size=SIZE) as pilot:
        await open_kata(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        reads: list[type] = []
        all_of = app.repo.all
        app.repo.all = lambda cls, *a, **k: reads.append(cls) or all_of(cls, *a, **k)  # type: ignore[method-assign]
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExperimentForm)
        assert TargetCondition not in reads
        await pilot.press("escape")
        await pilot.pause()
        # Another process adds a target condition while the form is closed.
        other = TargetCondition.create(log["active"].challenge_id, "Ny målbild från en annan process", clock.now())
        other.close("dropped", "Lades ner", clock.now())
        Repository.open(store_path, clock).add(other)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExperimentForm)
        assert TargetCondition in reads
        assert other.id in [value for _, value in form._offered]


async def test_a_plan_that_renumbers_the_record_makes_only_the_numbers_again(app: RetroApp, monkeypatch) -> None:  # noqa: ANN001
    import retro.tui.widgets.kata_record as kata_record

    demo(app)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_kata(app, pilot)
        table = screen.query_one(RecordTable)
        before = {e_id: table.cells(i) for i, e_id in enumerate(table.experiment_ids)}
        made: list[str] = []
        cell = kata_record.cell
        monkeypatch.setattr(kata_record, "cell", lambda text, *a, **k: made.append(str(text)) or cell(text, *a, **k))
        await pilot.press("n", *"Tidigt steg", "tab", *"Det syns direkt")
        app.screen.query_one("#day").value = "2026-11-26"  # today: before the rest of the record
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        new = next(e for e in app.repo.all(Experiment) if e.step == "Tidigt steg")
        ids = table.experiment_ids
        after = ids[ids.index(new.id) + 1:]
        assert after, "the new step should come before others"
        for n, e_id in enumerate(ids, 1):  # every row shows its number in the record, and its own step
            cells = table.cells(n - 1)
            assert cells[0] == str(n)
            assert cells[1:] == (before[e_id][1:] if e_id != new.id else cells[1:])
        # The new row's seven cells, and one number for each row it moved down (nor the header).
        assert len(made) == 7 + len(after), "|".join(made)
