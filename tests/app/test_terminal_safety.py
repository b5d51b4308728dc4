"""Nothing a user types, imports or points at drives the terminal.

Text in a store (an older one, or one another tool wrote) or in a format file may hold control
characters: `ESC ] 52 ; c ; … BEL` sets the clipboard, `ESC [ 2 J` wipes the screen, `ESC ] 8`
makes a link, `\\x9b` is a one-byte CSI. Written as is, it would act on the terminal of everyone
watching the shared screen. Every screen shows such a character as an escape (`\\x1b`) instead.

What the terminal is sent is what the app's screen renders: its text is collected with
`App.export_screenshot` (the rendered segments as text; Textual's own control sequences are
not text, so any control character found there came from user text).
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.widgets import TabbedContent

from retro.tui.app import RetroApp, make_app
from retro.store.catalog import Catalog, load_catalog
from retro.domain.clock import FixedClock
from retro.domain.kata import Challenge, Experiment, Obstacle, TargetCondition
from retro.domain.retro import Participant, Retro
from retro.tui.screens.kata import show_kata_log
from retro.tui.screens.run import RunScreen
from retro.store import Repository
from tests.app.run_support import KINDS
from tests.conftest import FROZEN

# C0 controls but tab and newline, DEL and the C1 controls: none may reach the terminal.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
EVIL = ("\x1b", "\x07", "\x9b", "\x7f", "\r", "\u202e", "\u200b", "\x1b]52;c;aGk=\x07", "\x1b[2J",
        "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\", "\x9d0;title\x9c")
KATA_TABS = ("kata-now", "kata-history", "kata-picture")
VIEWS = (*KINDS, *KATA_TABS)  # every run phase and every tab of the kata log
SIZE = (160, 50)  # every text of the store in view


@dataclass(frozen=True)
class Texts:
    """What a user (or a format file) wrote, one per place it shows."""

    item: str
    author: str
    team: str
    participant: str
    theme: str
    note: str
    step: str
    expectation: str
    owner: str
    challenge: str
    target: str
    obstacle: str
    format_name: str
    prompt: str
    column: str


def evil_text(draw_from: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Short text, often with control characters, bidi overrides and whole escape sequences."""
    piece = st.one_of(st.sampled_from(EVIL), draw_from)
    return st.lists(piece, min_size=1, max_size=4).map("".join).map(lambda s: "a" + s)


TEXT = evil_text(st.text(max_size=6))
TEXTS = st.builds(Texts, **{name: TEXT for name in Texts.__dataclass_fields__})


def store_with(repo: Repository, clock: FixedClock, texts: Texts, phase: str) -> tuple[Catalog, str]:
    """A store (and a format) holding `texts` everywhere a user's text shows, as an older store or
    another tool could have written them: set after the domain's own checks, which clean text."""
    now = clock.now()
    catalog = load_catalog()
    base = catalog.get("hybrid-experiments")
    assert base is not None
    phases = tuple(replace(p, prompt=texts.prompt, columns=tuple(replace(c, title=texts.column) for c in p.columns))
                   for p in base.phases)
    fmt = replace(base, id="evil", name=texts.format_name, summary=texts.prompt, phases=phases,
                  hybrid_notes=(texts.prompt,))
    catalog = replace(catalog, formats={**catalog.formats, fmt.id: fmt})

    retro = Retro.start(fmt.id, "team", [Participant("p"), Participant("Bo", remote=True)], now)
    retro.team = texts.team
    retro.participants[0].name = texts.participant
    columns = [c.id for c in fmt.phases[KINDS.index("gather")].columns]
    items = [retro.add_item(columns[i % len(columns)], "x", "", now) for i in range(3)]
    for item in items:
        item.text, item.author = texts.item, texts.author
    retro.reveal(columns)
    theme = retro.create_theme("x")
    theme.title = texts.theme
    retro.move_item(items[0].id, theme.id)
    theme.notes = items[1].notes = texts.note
    retro.votes = {texts.participant: [theme.id, items[1].id]}
    retro.checked_in = [texts.participant]
    retro.roti = {texts.participant: 4}

    due = Experiment.plan("x", "x", now - timedelta(days=3), now.date() - timedelta(days=1), team="x")
    decided = Experiment.plan("x", "x", now, now.date() + timedelta(days=7), retro_id=retro.id, team="x")
    for e in (due, decided):
        e.step, e.expectation, e.owner, e.team = texts.step, texts.expectation, texts.owner, texts.team
    retro.experiment_ids = [decided.id]
    retro.phase_index = KINDS.index(phase) if phase in KINDS else 0

    challenge = Challenge.create("x", now)
    challenge.title = texts.challenge
    tc = TargetCondition.create(challenge.id, "x", now, achieve_by=now.date() + timedelta(days=7))
    tc.title, tc.area, tc.reflection, tc.notes = texts.target, texts.owner, texts.note, texts.note
    obstacle = Obstacle.create(tc.id, "x", now)
    obstacle.text = texts.obstacle
    step = Experiment.plan("x", "x", now - timedelta(days=2), now.date(), target_condition_id=tc.id)
    step.step, step.expectation, step.owner = texts.step, texts.expectation, texts.owner
    step.happened = step.learned = texts.note
    repo.add(retro, due, decided, challenge, tc, obstacle, step)
    return catalog, retro.id


async def rendered(app: RetroApp, retro_id: str, view: str) -> str:
    """The text of what the terminal shows of `view`, as the app renders it."""
    async with app.run_test(size=SIZE) as pilot:
        if view in KATA_TABS:
            show_kata_log(app)
            await app.workers.wait_for_complete()
            await pilot.pause()
            if view != KATA_TABS[0]:
                app.screen.query_one(TabbedContent).active = view
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
        else:
            app.push_screen(RunScreen(retro_id))
            await pilot.pause()
            assert isinstance(app.screen, RunScreen) and app.screen.view is not None
            await pilot.pause()
        assert type(app.screen).__name__ in ("RunScreen", "KataScreen")
        return app.export_screenshot()


def leaks(svg: str) -> list[str]:
    """Each control character on screen, with a little of the text around it."""
    return [repr(svg[max(0, m.start() - 20): m.end() + 20]) for m in CONTROL.finditer(svg)]


def render(tmp: Path, texts: Texts, view: str) -> str:
    clock = FixedClock(FROZEN)
    repo = Repository.open(tmp / view / "store.json", clock)
    catalog, retro_id = store_with(repo, clock, texts, view)
    app = make_app(repo, catalog=catalog, clock=clock, language="en")
    return asyncio.run(rendered(app, retro_id, view))


WORST = Texts(**{name: f"{name}{''.join(EVIL)}end" for name in Texts.__dataclass_fields__})
PLAIN = Texts(**{name: name for name in Texts.__dataclass_fields__})


@pytest.mark.parametrize("view", VIEWS)
def test_no_control_character_of_user_text_reaches_the_terminal(tmp_path: Path, view: str) -> None:
    screen = render(tmp_path, WORST, view)
    assert not leaks(screen), leaks(screen)
    assert "\\x1b" in screen  # the escape sequences show, as escapes


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(texts=TEXTS, view=st.sampled_from(VIEWS))
def test_any_text_anywhere_shows_without_driving_the_terminal(tmp_path_factory: pytest.TempPathFactory,
                                                              texts: Texts, view: str) -> None:
    screen = render(tmp_path_factory.mktemp("store"), texts, view)
    assert not leaks(screen), leaks(screen)


def test_a_name_cannot_pose_as_another(tmp_path: Path) -> None:
    """A bidi override or a zero-width space in a name shows as an escape: "An\\u200bna" is
    not "Anna", and "\\u202e" cannot turn a name around."""
    texts = replace(PLAIN, team="Blå\u202eteam", participant="An\u200bna", theme="Tema\u200b")
    for view, shown in (("check-in", "An\\u200bna"), ("vote", "An\\u200bna"), ("group", "Tema\\u200b")):
        screen = render(tmp_path, texts, view)
        assert "\u202e" not in screen and "\u200b" not in screen, view
        assert "Blå\\u202eteam" in screen, view  # the header: team · format
        assert shown in screen, view
