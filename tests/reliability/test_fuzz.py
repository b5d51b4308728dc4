"""Fuzz (Hypothesis): arbitrary Unicode, control characters, Rich markup, format placeholders
and very long text through the store, the command line and every export. Nothing crashes,
and text comes back exactly as it went in.

Deterministic: derandomized, no example database, a bounded number of examples. The screens'
own fuzzing of literal display lives with the screens; here the home screen stands for them.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import orjson
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from retro.domain.clock import FixedClock
from retro.domain.codec import to_dict
from retro.domain.kata import Amendment, Challenge, CoachingCycle, Experiment, Obstacle, TargetCondition
from retro.domain.retro import Item, Participant, Retro, Theme
from retro.domain.text import ITEM_MAX, NAME_MAX, clean
from retro.store import Repository
from tests.text_support import without_controls

NOW = datetime(2026, 11, 26, 9, 30)

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=40,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

MARKUP = st.sampled_from([
    "[red]", "[/red]", "[bold]loud[/bold]", "[link=https://example.com]x[/link]", "[@click=app.quit]quit[/]",
    "[", "]", "\\[", "[/]", "[b", ":smile:", "$accent", "{x}", "{}", "{0}", "%s", "\\", "`code`", "# heading",
    "---", "- [ ] task", "<b>html</b>", "@tag", "&amp;", "\r\n", "\r", "\t", "\x1b[31m", "\x00", "\u200b", "\u202e",
])
CONTROL = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Zs"])
TEXT = st.one_of(
    st.text(),
    st.text(alphabet=CONTROL, max_size=20),
    st.lists(st.one_of(MARKUP, st.text(max_size=6)), max_size=12).map("".join),
    st.text(min_size=1, max_size=8).map(lambda s: s * 4000),  # very long: tens of kilobytes
    st.sampled_from(["Förväntan: åäö ÅÄÖ", "日本語のテキスト", "emoji 🚀👍🏽", "عربى", "e\u0301 (combining)"]),
)


def _objects(text: str) -> list[object]:
    """One object of every kind, with `text` in every text field (the store must not care)."""
    ch = Challenge(id="ch-fuzz", title=text, statement=text, vision=text, area=text, created_at=NOW)
    tc = TargetCondition(id="tc-fuzz", challenge_id=ch.id, title=text, achieve_by=date(2026, 12, 3), outcome=text,
                         operating_pattern=text, current_condition=text, reflection=text, notes=text, created_at=NOW)
    ob = Obstacle(id="ob-fuzz", target_condition_id=tc.id, text=text, created_at=NOW)
    ex = Experiment(id="ex-fuzz", target_condition_id=tc.id, step=text, expectation=text,
                    go_and_see_on=date(2026, 11, 27), owner=text, status="running", locked_at=NOW,
                    amendments=[Amendment(at=NOW, field="expectation", text=text, reason=text)],
                    happened=text, learned=text, team=text, created_at=NOW, item_ids=[text])
    cc = CoachingCycle(id="cc-fuzz", at=NOW, target_condition_id=tc.id, target=text, learned=text, next_step=text)
    retro = Retro(id="rt-fuzz", format_id="hybrid-experiments", team=text, started_at=NOW,
                  participants=[Participant(name=text or "x", remote=True)],
                  items=[Item(id="it-fuzz", column="worked", text=text, author=text, created_at=NOW, theme_id="th-fuzz")],
                  themes=[Theme(id="th-fuzz", title=text, notes=text)], votes={text: ["th-fuzz"]}, roti={text: 3})
    return [ch, tc, ob, ex, cc, retro]


@SETTINGS
@given(text=TEXT)
def test_any_text_round_trips_exactly_through_the_store(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "store.json"
    objs = _objects(text)
    Repository.open(path, FixedClock(NOW)).add(*objs)
    fresh = Repository.open(path, FixedClock(NOW))  # another process: nothing from memory
    for obj in objs:
        assert fresh.get(type(obj), obj.id) == obj
    # and through the raw tables a backup is made of
    copy = Repository.open(path.with_name("copy.json"), FixedClock(NOW))
    copy.replace_raw(orjson.loads(orjson.dumps(fresh.raw())))
    for obj in objs:
        assert copy.get(type(obj), obj.id) == obj


@SETTINGS
@given(text=TEXT)
def test_any_text_survives_every_export_and_the_json_backup_restores_it(tmp_path_factory: pytest.TempPathFactory,
                                                                       text: str) -> None:
    from retro.export import TARGETS, Scope, render
    from retro.export.json_backup import parse_backup, restore

    folder = tmp_path_factory.mktemp("export")
    repo = Repository.open(folder / "store.json", FixedClock(NOW))
    objs = _objects(text)
    repo.add(*objs)
    for target in TARGETS:
        rendered = render(target, repo, Scope(), NOW)
        assert rendered.count >= 1, target
        if target == "json":
            backup = rendered.text.encode()
    restored = Repository.open(folder / "restored.json", FixedClock(NOW))
    restore(restored, parse_backup(backup, "backup.json"))
    # An import removes control characters from the text it restores; everything else is exact.
    for obj in objs:
        assert to_dict(restored.get(type(obj), obj.id)) == without_controls(to_dict(obj))



def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from retro.cli.main import main

    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# Real command lines cannot carry NUL; everything else can.
CLI_TEXT = TEXT.filter(lambda s: "\x00" not in s and len(s) < 20000)


@settings(SETTINGS, max_examples=30)
@given(text=CLI_TEXT)
def test_any_text_through_the_command_line(tmp_path_factory: pytest.TempPathFactory,
                                           capsys: pytest.CaptureFixture[str], text: str) -> None:
    """`retro item add` and `retro kata exp add`: kept as the domain cleans it (control
    characters removed, trimmed), or refused in one line with exit 2 when that is blank or over
    its limit — never a traceback, never cut."""
    path = tmp_path_factory.mktemp("cli") / "store.json"
    repo = Repository.open(path, FixedClock(NOW))
    retro = Retro.start("hybrid-experiments", "Team", [Participant("Anna")], NOW)
    repo.add(retro)
    db = ["--db", str(path)]
    kept = clean(text).strip()

    code, out, err = _cli([*db, "item", "add", "--retro", retro.id, "--prompt", "worked", "--json", "--", text], capsys)
    if kept and len(kept) <= ITEM_MAX:
        assert code == 0, err
        item = orjson.loads(out)
        assert item["text"] == kept
        assert [it.text for it in Repository.open(path).get(Retro, retro.id).items] == [kept]
    else:
        assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert Repository.open(path).get(Retro, retro.id).items == []

    code, out, err = _cli([*db, "kata", "exp", "add", "--do", text, "--expect", text, "--owner", text, "--json"],
                          capsys)
    if kept and len(kept) <= NAME_MAX:
        assert code == 0, err
        made = orjson.loads(out)
        ex = Repository.open(path).get(Experiment, made["id"])
        assert (ex.step, ex.expectation, ex.owner) == (kept, kept, kept)
    else:
        assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@settings(SETTINGS, max_examples=8, phases=[Phase.explicit, Phase.generate])  # each example runs an app: no shrinking
@given(text=st.tuples(TEXT, MARKUP, TEXT).map("".join).filter(lambda s: s.strip() and len(s) < 2000))
def test_any_text_is_shown_literally_on_the_home_screen(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    """What a user typed is shown as typed: `[red]` is text, never markup, and nothing crashes."""
    from textual.widgets import Static

    from retro.tui.app import make_app

    path = tmp_path_factory.mktemp("tui") / "store.json"
    repo = Repository.open(path, FixedClock(NOW))
    ch, tc = _objects(text)[:2]
    repo.add(ch, tc)

    async def run() -> str:
        app = make_app(repo, clock=FixedClock(NOW), language="en")
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            return str(app.screen.query_one("#active-tc", Static).render())

    shown = asyncio.run(run())
    # Every run of printable characters is on screen exactly as typed, markup included (what
    # a terminal cannot paint, like a carriage return, is the only thing that may differ).
    for piece in "".join(c if c.isprintable() else "\0" for c in text).split("\0"):
        assert piece in shown


def test_the_fuzz_texts_include_the_hard_cases() -> None:
    """Guard against a strategy that silently stopped generating what matters."""
    examples: list[str] = []

    @settings(SETTINGS, max_examples=200)
    @given(TEXT)
    def collect(text: str) -> None:
        examples.append(text)

    collect()
    assert any("[" in e and "]" in e for e in examples)
    assert any(len(e) > 10000 for e in examples)
    assert any(any(ord(c) < 32 for c in e) for e in examples)
    assert any(any(ord(c) > 0xFFFF for c in e) for e in examples)

