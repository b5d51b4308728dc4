"""What every export shares: the story used by all export tests (one kata log and two retros
with every kind of event, each piece of user text replaceable), adversarial text for Hypothesis,
a five-year log, and the tests of selection by scope and of atomic writing."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import strategies as st

from retro.domain.kata import (
    Amendment,
    Challenge,
    CoachingCycle,
    Experiment,
    Obstacle,
    TargetCondition,
)
from retro.domain.retro import Item, Participant, Retro, Theme
from retro.export.common import (
    ExportData,
    ExportError,
    Scope,
    normalise_newlines,
    select,
    slug,
    summary,
    write_file,
    write_folder,
)

NOW = datetime(2026, 11, 26, 9, 30)

# -- adversarial text ------------------------------------------------------------------------

NASTY = [
    "å", "ä", "ö", "Å", "Ä", "Ö", "é", "😀", "👩‍👩‍👧", "🇸🇪", '"', "'", "“citat”", ",", ";", ":", "\n", "\n\n",
    "\r\n", "\t", "  ", "[2024-01-01 10:00] ", "[2024-01-01 10:00]", "\n[2024-01-01 10:00] Fake entry", "[1]",
    "# ", "## Heading", "\n# Heading\n", "- ", "* ", "+ ", "1. ", "1) ", "> ", "| a | b |", "|", "---", "\n---\n",
    "===", "```", "~~~", "~~s~~", "[red]", "[/red]", "[b]bold[/b]", "[link](http://x)", "![i](x.png)", "<b>",
    "<br>", "<!-- c -->", "&amp;", "&#124;", "\\", "\\|", "*", "**", "_", "`", "@tag", "#tag", "==hl==", "$x$",
    "%%c%%", "[[link]]", "^id", "BEGIN:VEVENT", "END:VCALENDAR", "\\n", "=SUM(A1)", "+46", "-", "...", "…",
    "\u2028", "\u2029", "\u00a0", "\ufeff", "x" * 80, "ååååååååååååååååååååååååååååååååååååååååå",
]

_other = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=6)
adversarial_text = (
    st.lists(st.one_of(st.sampled_from(NASTY), _other), min_size=1, max_size=10)
    .map("".join)
    .map(str.strip)  # the domain stores user text stripped
    .filter(bool)
)
short_text = st.one_of(st.sampled_from(["Anna", "Åsa", "Bo 😀", "[red]x", "O'Brien, Jr.", "# h"]), adversarial_text)


# -- the story -------------------------------------------------------------------------------

PLAIN: dict[str, str] = {
    "challenge": "Lead one week at a time",
    "tc_old": "Dialogue instead of mediation",
    "reflection": "The team talks to each other first",
    "tc": "Remote people speak first",
    "obstacle": "The room dominates the call",
    "step": "Ask Anna to chair the Monday meeting",
    "expectation": "Anna speaks more and I interrupt less",
    "amended": "Anna and Bo speak more",
    "reason": "Bo joined the meeting",
    "amended_owner": "Bo",
    "happened": "Anna chaired; I stayed quiet",
    "learned": "Giving away the role works",
    "owner": "Anna",
    "team": "Team A",
    "step2": "Open with the remote people",
    "expectation2": "They speak within five minutes",
    "step3": "Write the agenda in the chat",
    "expectation3": "Fewer questions about the agenda",
    "step4": "Skip the status round",
    "expectation4": "Ten minutes saved",
    "abandon": "The meeting was cancelled",
    "coach_target": "Remote first",
    "coach_actual": "The room talks first",
    "coach_last": "Agenda in the chat",
    "coach_expected": "Fewer questions",
    "coach_happened": "Two questions",
    "coach_learned": "People read the chat",
    "coach_obstacles": "Loud room",
    "coach_next": "Remote people first",
    "coach_next_exp": "They speak early",
    "item1": "The check-in was good",
    "item2": "Too long",
    "item3": "We should try silent writing",
    "theme": "Meetings",
    "author": "Bo",
    "participant": "Cecilia",
}

IDS = {
    "challenge": "ch-1", "tc_old": "tc-1", "tc": "tc-2", "obstacle": "ob-1",
    "done": "ex-1", "running": "ex-2", "planned": "ex-3", "abandoned": "ex-4", "loose": "ex-5",
    "retro": "rt-1", "retro_open": "rt-2", "coaching": "co-1",
}


@dataclass
class Story:
    texts: dict[str, str]
    challenges: list[Challenge]
    target_conditions: list[TargetCondition]
    obstacles: list[Obstacle]
    experiments: list[Experiment]
    retros: list[Retro]
    coaching: list[CoachingCycle]

    def objects(self) -> list[object]:
        return [*self.challenges, *self.target_conditions, *self.obstacles, *self.experiments, *self.retros,
                *self.coaching]

    def data(self, scope: Scope | None = None, now: datetime = NOW) -> ExportData:
        return select(scope or Scope(), now, experiments=self.experiments, retros=self.retros,
                      target_conditions=self.target_conditions, challenges=self.challenges,
                      obstacles=self.obstacles, coaching=self.coaching)

    def experiment(self, key: str) -> Experiment:
        return next(e for e in self.experiments if e.id == IDS[key])


def story(texts: dict[str, str] | None = None) -> Story:
    """Every kind of event, at fixed moments, with user text taken from `texts`."""
    x = {**PLAIN, **(texts or {})}
    d = datetime
    challenge = Challenge(id=IDS["challenge"], title=x["challenge"], created_at=d(2026, 11, 2, 8, 0))
    tc_old = TargetCondition(id=IDS["tc_old"], challenge_id=challenge.id, title=x["tc_old"], achieve_by=date(2026, 11, 13),
                             created_at=d(2026, 11, 6, 8, 0), status="achieved", reflection=x["reflection"],
                             closed_at=d(2026, 11, 13, 16, 0))
    tc = TargetCondition(id=IDS["tc"], challenge_id=challenge.id, title=x["tc"], achieve_by=date(2026, 11, 27),
                         created_at=d(2026, 11, 13, 16, 0))
    obstacle = Obstacle(id=IDS["obstacle"], target_condition_id=tc.id, text=x["obstacle"], status="working",
                        created_at=d(2026, 11, 13, 16, 5))
    retro = Retro(
        id=IDS["retro"], format_id="hybrid-experiments", team=x["team"], started_at=d(2026, 11, 16, 9, 0),
        participants=[Participant("Anna"), Participant(x["author"], remote=True), Participant(x["participant"])],
        status="closed", phase_index=7,
        items=[
            Item(id="it-1", column="went-well", text=x["item1"], author="Anna", created_at=d(2026, 11, 16, 9, 5), theme_id="th-1"),
            Item(id="it-2", column="to-improve", text=x["item2"], author=x["author"], created_at=d(2026, 11, 16, 9, 6), theme_id="th-1"),
            Item(id="it-3", column="ideas", text=x["item3"], author=x["participant"], created_at=d(2026, 11, 16, 9, 7)),
        ],
        themes=[Theme(id="th-1", title=x["theme"])],
        votes={"Anna": ["th-1", "it-3"], x["author"]: ["th-1"]},
        roti={"Anna": 4, x["author"]: 5},
        experiment_ids=[IDS["done"], IDS["running"]],
        closed_at=d(2026, 11, 16, 10, 0),
    )
    running_retro = Retro(id=IDS["retro_open"], format_id="hybrid-experiments", team=x["team"],
                          started_at=d(2026, 11, 23, 9, 0), items=[
                              Item(id="it-9", column="went-well", text=x["item1"], author="Anna")])
    done = Experiment(
        id=IDS["done"], target_condition_id=tc.id, step=x["step"], expectation=x["expectation"],
        go_and_see_on=date(2026, 11, 18), owner=x["owner"], obstacle_id=obstacle.id, status="done",
        locked_at=d(2026, 11, 18, 0, 0), started_at=d(2026, 11, 18, 0, 0),
        amendments=[Amendment(at=d(2026, 11, 18, 8, 30), field="expectation", text=x["amended"], reason=x["reason"]),
                    Amendment(at=d(2026, 11, 18, 8, 40), field="owner", text=x["amended_owner"], reason=x["reason"])],
        happened=x["happened"], learned=x["learned"], as_expected="partly",
        created_at=d(2026, 11, 16, 9, 40), finished_at=d(2026, 11, 18, 15, 0), retro_id=retro.id,
        item_ids=["it-1", "it-3"], team=x["team"],
    )
    running = Experiment(
        id=IDS["running"], target_condition_id=tc.id, step=x["step2"], expectation=x["expectation2"],
        go_and_see_on=date(2026, 11, 25), owner=x["owner"], status="running", locked_at=d(2026, 11, 25, 0, 0),
        started_at=d(2026, 11, 25, 0, 0), created_at=d(2026, 11, 16, 9, 45), retro_id=retro.id, team=x["team"],
    )
    planned = Experiment(
        id=IDS["planned"], target_condition_id=tc.id, step=x["step3"], expectation=x["expectation3"],
        go_and_see_on=date(2026, 11, 30), created_at=d(2026, 11, 26, 9, 0), team=x["team"],
    )
    abandoned = Experiment(
        id=IDS["abandoned"], target_condition_id=tc_old.id, step=x["step4"], expectation=x["expectation4"],
        go_and_see_on=date(2026, 11, 10), status="abandoned", abandon_reason=x["abandon"],
        locked_at=d(2026, 11, 9, 12, 0), created_at=d(2026, 11, 9, 11, 0), finished_at=d(2026, 11, 9, 12, 0),
    )
    coaching = CoachingCycle(
        id=IDS["coaching"], at=d(2026, 11, 19, 14, 0), target_condition_id=tc.id, target=x["coach_target"],
        actual_now=x["coach_actual"], last_step=x["coach_last"], expected=x["coach_expected"],
        happened=x["coach_happened"], learned=x["coach_learned"], obstacles=x["coach_obstacles"],
        obstacle_id=obstacle.id, next_step=x["coach_next"], next_expectation=x["coach_next_exp"],
        go_and_see_on=date(2026, 11, 20),
    )
    return Story(x, [challenge], [tc_old, tc], [obstacle], [done, running, planned, abandoned], [retro, running_retro],
                 [coaching])


story_texts = st.fixed_dictionaries({key: adversarial_text for key in PLAIN})


# -- a five-year log -------------------------------------------------------------------------

def five_year_log(experiments: int = 3000, target_conditions: int = 260, retros: int = 250, items: int = 5000,
                  seed: int = 5) -> Story:
    """A leader's five years: a target condition a week, retros with their items, experiments
    in every state (a third of them amended). Deterministic."""
    rng = random.Random(seed)
    start = datetime(2021, 11, 1, 9, 0)
    words = "möte dialog team chatt röst fjärr rum agenda tyst skriv check-in fråga lyssna [red] | # — 😀".split()

    def text(n: int) -> str:
        return " ".join(rng.choice(words) for _ in range(n)).capitalize()

    challenge = Challenge(id="ch-0", title="Lead one week at a time", created_at=start)
    tcs = []
    for i in range(target_conditions):
        created = start + timedelta(weeks=i)
        active = i == target_conditions - 1
        tcs.append(TargetCondition(id=f"tc-{i}", challenge_id="ch-0", title=text(6), achieve_by=(created + timedelta(days=7)).date(),
                                   created_at=created, status="active" if active else "achieved",
                                   reflection="" if active else text(12), closed_at=None if active else created + timedelta(days=7)))
    obstacles = [Obstacle(id=f"ob-{i}", target_condition_id=f"tc-{i}", text=text(8), created_at=tcs[i].created_at)
                 for i in range(target_conditions)]
    rts = []
    per_retro = items // retros
    for r in range(retros):
        at = start + timedelta(days=r * 7, hours=1)
        its = [Item(id=f"it-{r}-{k}", column=rng.choice(["went-well", "to-improve", "ideas"]), text=text(10),
                    author=rng.choice(["Anna", "Bo", "Cecilia"]), created_at=at) for k in range(per_retro)]
        rts.append(Retro(id=f"rt-{r}", format_id="hybrid-experiments", team=rng.choice(["Team A", "Team B"]), started_at=at,
                         participants=[Participant("Anna"), Participant("Bo", True), Participant("Cecilia")],
                         status="closed", items=its, themes=[Theme(id=f"th-{r}", title=text(3))],
                         votes={"Anna": [f"th-{r}"]}, roti={"Anna": 4, "Bo": 3}, closed_at=at + timedelta(hours=1)))
    exs = []
    for i in range(experiments):
        tc = tcs[min(i * target_conditions // experiments, target_conditions - 1)]
        created = tc.created_at + timedelta(hours=rng.randint(0, 100))  # type: ignore[operator]
        day = created.date() + timedelta(days=rng.randint(1, 3))
        finished = i < experiments - 20
        ex = Experiment(id=f"ex-{i}", target_condition_id=tc.id, step=text(9), expectation=text(12), go_and_see_on=day,
                        owner=rng.choice(["Anna", "Bo", ""]), obstacle_id=f"ob-{tcs.index(tc)}",
                        status="done" if finished else "planned", created_at=created,
                        team=rng.choice(["Team A", "Team B"]), retro_id=rng.choice([None, f"rt-{i % retros}"]))
        if finished:
            ex.locked_at = ex.started_at = datetime.combine(day, datetime.min.time())
            if i % 3 == 0:
                ex.amendments.append(Amendment(at=ex.locked_at + timedelta(hours=9), field="expectation", text=text(8),
                                               reason=text(5)))
            ex.happened, ex.learned, ex.as_expected = text(12), text(10), rng.choice(["yes", "partly", "no", ""])
            ex.finished_at = ex.locked_at + timedelta(hours=16)
        exs.append(ex)
    return Story({}, [challenge], tcs, obstacles, exs, rts, [])


# -- tests: selection ------------------------------------------------------------------------

def test_everything_selects_everything() -> None:
    s = story()
    data = s.data()
    assert {e.id for e in data.experiments} == {e.id for e in s.experiments}
    assert {r.id for r in data.retros} == {IDS["retro"], IDS["retro_open"]}
    assert {tc.id for tc in data.target_conditions_in_scope} == {IDS["tc_old"], IDS["tc"]}
    assert len(data.coaching) == 1


def test_since_and_until_select_what_happened_in_between() -> None:
    data = story().data(Scope(since=date(2026, 11, 17), until=date(2026, 11, 20)))
    # done (amended and finished on the 18th) and running (planned on the 16th, due the 25th) overlap;
    # the abandoned one (the 9th-10th) and the planned one (from the 26th) do not.
    assert {e.id for e in data.experiments} == {IDS["done"], IDS["running"]}
    assert data.retros == []  # the retro was on the 16th
    assert [c.id for c in data.coaching] == [IDS["coaching"]]
    assert [tc.id for tc in data.target_conditions_in_scope] == [IDS["tc"]]


def test_team_selects_its_retros_experiments_and_their_target_conditions() -> None:
    s = story()
    data = s.data(Scope(team="Team A"))
    assert {e.id for e in data.experiments} == {IDS["done"], IDS["running"], IDS["planned"]}
    assert [tc.id for tc in data.target_conditions_in_scope] == [IDS["tc"]]
    assert s.data(Scope(team="Team Z")).experiments == []


def test_retro_scope_is_the_retro_and_the_experiments_decided_in_it() -> None:
    data = story().data(Scope(retro_id=IDS["retro"]))
    assert [r.id for r in data.retros] == [IDS["retro"]]
    assert {e.id for e in data.experiments} == {IDS["done"], IDS["running"]}


def test_a_referenced_target_condition_is_found_even_outside_the_scope() -> None:
    data = story().data(Scope(since=date(2026, 11, 17)))
    done = next(e for e in data.experiments if e.id == IDS["done"])
    assert data.target_condition_of(done).id == IDS["tc"]  # type: ignore[union-attr]
    assert IDS["tc_old"] in data.target_conditions


# -- tests: text helpers ---------------------------------------------------------------------

def test_summary_is_the_first_line_shortened() -> None:
    assert summary("One\nTwo") == "One …"
    assert summary("x" * 100).endswith("…") and len(summary("x" * 100)) == 60
    assert summary("Plain") == "Plain"


def test_slug_keeps_swedish_letters_and_drops_syntax() -> None:
    assert slug("Dialog i stället för medling [red]") == "dialog-i-stället-för-medling-red"
    assert slug("###", fallback="tc-1") == "tc-1"
    assert slug("a/b\\c..d") == "a-b-c-d"
    long = slug("Vi har ett retroformat som fungerar i hybridmöten och slutar i experiment")
    assert long == "vi-har-ett-retroformat-som-fungerar-i" and len(long) <= 40


def test_newlines_are_normalised() -> None:
    assert normalise_newlines("a\r\nb\rc\nd") == "a\nb\nc\nd"


# -- tests: writing --------------------------------------------------------------------------

def test_write_file_creates_the_folder_and_leaves_no_temp_file(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "out.txt"
    write_file(target, "å\n".encode())
    assert target.read_text(encoding="utf-8") == "å\n"
    assert os.listdir(target.parent) == ["out.txt"]


def test_write_file_replaces_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def crash(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(ExportError, match="No space left"):
        write_file(target, b"new", force=True)  # replacing an existing file is asked for
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


@pytest.mark.parametrize("case", ["parent is a file", "path is a folder"])
def test_write_file_refuses_what_cannot_be_a_file(tmp_path: Path, case: str) -> None:
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder").mkdir()
    target = tmp_path / "file" / "out.txt" if case == "parent is a file" else tmp_path / "folder"
    with pytest.raises(ExportError) as info:
        write_file(target, b"x")
    assert "\n" not in str(info.value)
    assert (tmp_path / "file").read_text() == "x"


def test_write_folder_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "notes").write_text("x")
    with pytest.raises(ExportError, match="is a file"):
        write_folder(tmp_path / "notes", {"a.md": b"a"})


def test_five_year_log_has_the_promised_size() -> None:
    log = five_year_log()
    assert len(log.experiments) == 3000 and len(log.target_conditions) == 260 and len(log.retros) == 250
    assert sum(len(r.items) for r in log.retros) == 5000


def test_a_corrected_review_is_labelled_in_words() -> None:
    """A review corrected in the kata log is an amendment of an outcome field (issue 19): the
    journal names the field as people say it, not by its stored name."""
    from retro.export.common import field_label

    assert [field_label(f) for f in ("happened", "learned", "as_expected")] == [
        "what happened", "what was learned", "as expected?"]
