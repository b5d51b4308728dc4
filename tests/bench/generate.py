"""A realistic five-year store, seeded: what a leader's log looks like after years of weekly use.

About 260 target conditions (one a week), 3,000 experiments (most done, some amended, a few
abandoned, the last weeks' still open), 650 obstacles, 260 coaching cycles, and 250 retros
with 5,000 items in all; the newest retro is a running board of 200 items, the size the
action-latency bench needs. Text is Swedish and English, of the lengths people really type.

The same seed always gives the same store (ids included), so figures are comparable run to run.

    python tests/bench/generate.py PATH [--seed N]
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from retro.domain.codec import to_dict  # noqa: E402
from retro.domain.kata import (  # noqa: E402
    Amendment,
    Challenge,
    CoachingCycle,
    Experiment,
    Obstacle,
    TargetCondition,
)
from retro.domain.retro import Item, Participant, Retro, Theme  # noqa: E402

NOW = datetime(2026, 11, 26, 9, 30)  # the tests' frozen Thursday
WEEKS = 260
EXPERIMENTS = 3000
RETROS = 250
ITEMS = 5000
BIG_BOARD = 200  # the newest retro: a running board for the action-latency bench
_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"

FORMATS = {
    "sv": ("hybrid-experiments-sv", ("fungerade", "svart", "nyfiken")),
    "en": ("hybrid-experiments", ("worked", "hard", "curious")),
}

SV = {
    "subject": ["teamet", "jag", "ledningsgruppen", "vi", "Anna och Erik", "kundtjänst", "utvecklarna",
                "chefsgruppen", "projektledaren", "hela avdelningen", "nya medarbetare", "min kollega"],
    "verb": ["pratar öppet om", "tar ansvar för", "lyfter", "följer upp", "planerar", "delar",
             "prioriterar", "ber om hjälp med", "säger nej till", "ger återkoppling på", "dokumenterar",
             "testar", "reflekterar över"],
    "object": ["veckans mål", "hindren i leveransen", "mötesstrukturen", "konflikten om resurser",
               "kundärendena", "överlämningarna mellan skiften", "budgeten", "rekryteringen",
               "de hybrida mötena", "arbetsmiljön", "prioriteringarna", "besluten från ledningen",
               "introduktionen av nya kollegor", "stressen inför release"],
    "when": ["varje morgon", "på måndagens möte", "innan lunch", "direkt efter standup", "en gång i veckan",
             "i slutet av dagen", "på fredag", "under retron", "i 1:1-samtalen", "före nästa styrgrupp"],
    "outcome": ["det blev tydligare vem som gör vad", "fler vågade säga vad de tyckte",
                "mötet blev tio minuter kortare", "ingen märkte någon skillnad",
                "det tog längre tid än jag trodde", "två i teamet tog över uppgiften",
                "vi fick tre nya idéer", "stämningen blev bättre", "det blev rörigt igen efter två dagar",
                "kunden var nöjd med svaret", "de på distans var lika aktiva som de i rummet"],
    "learn": ["att fråga istället för att ge svaret", "att det krävs en tydlig start", "att tystnad inte betyder medhåll",
              "att små steg går fortare än stora planer", "att jag behöver släppa kontrollen",
              "att förväntningen var för optimistisk", "att strukturen måste sitta i kalendern",
              "att alla inte hör det som sägs i rummet", "att det oväntade var det viktigaste"],
    "glue": ["och", "men", "eftersom", "så att", "medan", "samtidigt som"],
    "item": ["Bra att vi började i tid", "Svårt att höra de på distans", "För många möten den här veckan",
             "Skönt med tydliga mål", "Vi borde parprogrammera mer", "Releasen gick smidigt",
             "Otydligt vem som äger frågan", "Tack Sara för hjälpen med kunden!", "Nyfiken på om vi kan testa mob-programmering",
             "Backloggen växer snabbare än vi hinner", "Retron förra veckan gav faktiskt resultat",
             "Jag saknar tid för fördjupning", "Kul med fikat i fredags", "Vi behöver bättre överlämningar"],
    "names": ["Anna", "Erik", "Sara", "Johan", "Maria", "Lars", "Karin", "Ahmed", "Elin", "Björn", "Åsa", "Örjan"],
    "team": ["Team Norr", "Kundtjänst", "Plattform", "Ledningsgruppen"],
}
EN = {
    "subject": ["the team", "I", "the leadership group", "we", "Sam and Priya", "support", "the developers",
                "the managers", "the project lead", "the whole department", "new colleagues", "my peer"],
    "verb": ["talk openly about", "take ownership of", "raise", "follow up on", "plan", "share",
             "prioritise", "ask for help with", "say no to", "give feedback on", "write down", "try out",
             "reflect on"],
    "object": ["the goal of the week", "the delivery blockers", "how our meetings run", "the conflict over staffing",
               "customer tickets", "hand-overs between shifts", "the budget", "hiring",
               "hybrid meetings", "our working environment", "priorities", "decisions from management",
               "onboarding", "the stress before a release"],
    "when": ["every morning", "at the Monday meeting", "before lunch", "right after stand-up", "once a week",
             "at the end of the day", "on Friday", "during the retro", "in one-to-ones", "before the next steering group"],
    "outcome": ["it became clearer who does what", "more people said what they thought",
                "the meeting ended ten minutes early", "nobody noticed any difference",
                "it took longer than I expected", "two people in the team took it over",
                "we got three new ideas", "the mood improved", "it got messy again after two days",
                "the customer was happy with the answer", "remote people spoke as much as the room"],
    "learn": ["to ask instead of giving the answer", "that it needs a clear start", "that silence is not agreement",
              "that small steps move faster than big plans", "that I need to let go of control",
              "that my expectation was too optimistic", "that the structure has to live in the calendar",
              "that the call does not hear what is said in the room", "that the unexpected part mattered most"],
    "glue": ["and", "but", "because", "so that", "while", "at the same time as"],
    "item": ["Good that we started on time", "Hard to hear the remote people", "Too many meetings this week",
             "Clear goals helped", "We should pair more", "The release went smoothly",
             "Unclear who owns the question", "Thanks Sam for helping with the customer!", "Curious whether mob programming would work",
             "The backlog grows faster than we can handle", "Last week's retro actually changed something",
             "I miss time for deep work", "Fun with the Friday fika", "We need better hand-overs"],
    "names": ["Sam", "Priya", "Alex", "Jordan", "Maya", "Tom", "Lena", "Omar", "Chris", "Nina", "Ravi", "Eve"],
    "team": ["Team North", "Support", "Platform", "Leadership"],
}
BANKS = {"sv": SV, "en": EN}


class Words:
    """Sentences of realistic length from phrase banks, driven by one seeded RNG."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def clause(self, lang: str) -> str:
        b, r = BANKS[lang], self.rng
        return f"{r.choice(b['subject'])} {r.choice(b['verb'])} {r.choice(b['object'])} {r.choice(b['when'])}"

    def sentence(self, lang: str, lo: int, hi: int) -> str:
        """A text of lo..hi characters, made of clauses, ending with a full stop."""
        b, r = BANKS[lang], self.rng
        target = r.randint(lo, hi)
        text = self.clause(lang)
        while len(text) < target:
            text += f" {r.choice(b['glue'])} {self.clause(lang)}"
        return _cut(text, hi)

    def outcome(self, lang: str, lo: int, hi: int) -> str:
        b, r = BANKS[lang], self.rng
        text = r.choice(b["outcome"]).capitalize()
        while len(text) < r.randint(lo, hi):
            text += f", {r.choice(b['glue'])} {r.choice(b['outcome'])}"
        return text[:hi] + "."

    def learned(self, lang: str, lo: int, hi: int) -> str:
        b, r = BANKS[lang], self.rng
        prefix = "Jag lärde mig " if lang == "sv" else "I learned "
        text = prefix + r.choice(b["learn"])
        while len(text) < r.randint(lo, hi):
            text += f"; {r.choice(b['glue'])} {r.choice(b['learn'])}"
        return _cut(text, hi)


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word, capitalised, with a full stop."""
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0]
    text = text.rstrip(" ,;")
    return text[0].upper() + text[1:] + "."


def generate(seed: int = 2026) -> dict[str, dict[str, dict]]:
    """The five-year store as raw tables (the shape `Repository.replace_raw` takes)."""
    rng = random.Random(seed)
    words = Words(rng)
    used: set[str] = set()

    def new_id(prefix: str) -> str:
        while True:
            candidate = prefix + "-" + "".join(rng.choice(_ALPHABET) for _ in range(7))
            if candidate not in used:
                used.add(candidate)
                return candidate

    start = datetime.combine(NOW.date() - timedelta(weeks=WEEKS), time(9, 0))
    start -= timedelta(days=start.weekday())  # a Monday
    challenges: list[Challenge] = []
    tcs: list[TargetCondition] = []
    obstacles: list[Obstacle] = []
    experiments: list[Experiment] = []
    cycles: list[CoachingCycle] = []

    # One challenge a year, alternating language: the log of a Swedish leader who also coaches in English.
    for year in range(5):
        lang = "sv" if year % 2 == 0 else "en"
        at = start + timedelta(weeks=52 * year)
        challenges.append(Challenge(
            id=new_id("ch"), title=words.sentence(lang, 30, 70).rstrip("."), statement=words.sentence(lang, 120, 300),
            area=rng.choice(["personal", "leaders", "organisation", "team"]), vision=words.sentence(lang, 80, 200),
            status="active" if year == 4 else "closed", created_at=at,
        ))

    per_week = [EXPERIMENTS // WEEKS] * WEEKS
    for i in rng.sample(range(WEEKS), EXPERIMENTS - sum(per_week)):
        per_week[i] += 1

    for week in range(WEEKS):
        ch = challenges[min(week // 52, 4)]
        lang = "sv" if (week // 52) % 2 == 0 else "en"
        monday = start + timedelta(weeks=week)
        last = week == WEEKS - 1
        status = "active" if last else rng.choices(["achieved", "expired", "dropped"], [70, 22, 8])[0]
        tc = TargetCondition(
            id=new_id("tc"), challenge_id=ch.id, title=words.sentence(lang, 30, 90).rstrip("."),
            achieve_by=(monday + timedelta(days=7 if not last else 10)).date(),
            area=rng.choice(["personal", "leaders", "organisation", "team"]),
            outcome=words.sentence(lang, 60, 200), operating_pattern=words.sentence(lang, 40, 160),
            current_condition=words.sentence(lang, 80, 300), status=status,
            reflection="" if last else words.learned(lang, 60, 400),
            notes=words.sentence(lang, 0, 600) if rng.random() < 0.4 else "",
            created_at=monday, closed_at=None if last else monday + timedelta(days=7),
        )
        tcs.append(tc)
        week_obstacles = []
        for _ in range(rng.choice([2, 2, 3, 3, 2])):
            ob = Obstacle(id=new_id("ob"), target_condition_id=tc.id, text=words.sentence(lang, 30, 140),
                          status="parked" if last else rng.choice(["resolved", "resolved", "set-aside", "parked"]),
                          created_at=monday)
            week_obstacles.append(ob)
        week_obstacles[0].status = "working" if last else week_obstacles[0].status
        obstacles.extend(week_obstacles)

        for n in range(per_week[week]):
            if last:  # this week's experiments: some planned for the coming days, some running
                created = NOW - timedelta(hours=rng.randint(1, 72))
                go = created.date() + timedelta(days=rng.randint(0, 3))
            else:
                created = monday + timedelta(hours=rng.randint(0, 8), minutes=rng.randint(0, 59))
                go = (created + timedelta(days=rng.choice([1, 1, 1, 2, 3]))).date()
            ex = Experiment(
                id=new_id("ex"), target_condition_id=tc.id, step=words.sentence(lang, 40, 150),
                expectation=words.sentence(lang, 60, 250), go_and_see_on=go,
                owner=rng.choice(BANKS[lang]["names"]), obstacle_id=rng.choice(week_obstacles).id,
                created_at=created, team=rng.choice(BANKS[lang]["team"]),
            )
            # A few older ones were never closed: they come back in the next retro's review.
            still_open = last or rng.random() < 0.01
            if go > NOW.date():
                pass  # still planned: its go-and-see day has not come
            else:
                started = max(datetime.combine(go, time(8, 0)), created)
                ex.status, ex.locked_at, ex.started_at = "running", started, started
                if rng.random() < 0.18:
                    for _ in range(rng.choice([1, 1, 2, 3])):
                        field = rng.choice(["expectation", "step", "owner", "go_and_see_on"])
                        text = (rng.choice(BANKS[lang]["names"]) if field == "owner"
                                else (go + timedelta(days=1)).isoformat() if field == "go_and_see_on"
                                else words.sentence(lang, 40, 200))
                        ex.amendments.append(Amendment(at=started + timedelta(hours=rng.randint(1, 6)), field=field,
                                                       text=text, reason=words.sentence(lang, 20, 120)))
                if not still_open:
                    finished = started + timedelta(hours=rng.randint(4, 30))
                    if rng.random() < 0.07:
                        ex.status, ex.abandon_reason = "abandoned", words.sentence(lang, 20, 160)
                    else:
                        ex.status = "done"
                        ex.happened = words.outcome(lang, 60, 300)
                        ex.learned = words.learned(lang, 60, 300)
                    ex.finished_at = finished
            experiments.append(ex)

        cycles.append(CoachingCycle(
            id=new_id("cc"), at=monday + timedelta(days=4, hours=6), target_condition_id=tc.id,
            target=tc.title, actual_now=words.sentence(lang, 60, 240), last_step=words.sentence(lang, 30, 120),
            expected=words.sentence(lang, 40, 160), happened=words.outcome(lang, 40, 200),
            learned=words.learned(lang, 40, 200), obstacles=words.sentence(lang, 30, 140),
            obstacle_id=week_obstacles[0].id, next_step=words.sentence(lang, 30, 120),
            next_expectation=words.sentence(lang, 40, 160),
            go_and_see_on=(monday + timedelta(days=7)).date(),
        ))

    retros = _retros(rng, words, new_id, start, experiments)
    tables = {
        "challenges": challenges, "target_conditions": tcs, "obstacles": obstacles,
        "experiments": experiments, "coaching": cycles, "retros": retros,
    }
    # TinyDB's table shape: document ids as string keys, in insertion order.
    return {name: {str(i): to_dict(obj) for i, obj in enumerate(objs, 1)} for name, objs in tables.items()}


def _retros(rng: random.Random, words: Words, new_id, start: datetime, experiments: list[Experiment]) -> list[Retro]:
    # 249 closed retros share the items the big board leaves over, 8 to 32 each.
    rest = ITEMS - BIG_BOARD
    sizes = [rest // (RETROS - 1)] * (RETROS - 1)
    for _ in range(2000):  # spread the sizes without changing the total
        a, b = rng.randrange(len(sizes)), rng.randrange(len(sizes))
        d = rng.randint(0, 6)
        if sizes[a] - d >= 8 and sizes[b] + d <= 32:
            sizes[a] -= d
            sizes[b] += d
    sizes[-1] += rest - sum(sizes)
    sizes.append(BIG_BOARD)
    by_week = sorted(experiments, key=lambda e: e.created_at or NOW)
    retros = []
    for n, size in enumerate(sizes):
        big = n == len(sizes) - 1
        at = NOW - timedelta(minutes=40) if big else start + timedelta(days=int(n * WEEKS * 7 / RETROS), hours=4)
        lang = "sv" if (n * WEEKS // RETROS // 52) % 2 == 0 else "en"
        fmt, columns = FORMATS[lang]
        names = rng.sample(BANKS[lang]["names"], rng.randint(5, 9) if not big else 12)
        people = [Participant(name=p, remote=rng.random() < 0.4) for p in names]
        retro = Retro(id=new_id("rt"), format_id=fmt, team=rng.choice(BANKS[lang]["team"]), started_at=at,
                      participants=people, status="running" if big else "closed",
                      phase_index=2 if big else 7, revealed=list(columns), checked_in=list(names))
        for _ in range(size):
            text = rng.choice(BANKS[lang]["item"]) if rng.random() < 0.5 else words.sentence(lang, 15, 140)
            retro.items.append(Item(id=new_id("it"), column=rng.choice(columns), text=text,
                                    author=rng.choice(names), created_at=at + timedelta(minutes=rng.randint(5, 25))))
        if not big:
            for _ in range(rng.randint(2, 5)):
                theme = Theme(id=new_id("th"), title=words.sentence(lang, 10, 50).rstrip("."))
                retro.themes.append(theme)
                for it in rng.sample(retro.items, min(len(retro.items), rng.randint(2, 5))):
                    it.theme_id = theme.id
            targets = [t.id for t in retro.vote_targets()]
            for p in names:
                retro.votes[p] = [rng.choice(targets) for _ in range(3)]
            retro.roti = {p: rng.randint(2, 5) for p in names}
            retro.closed_at = at + timedelta(minutes=rng.choice([45, 60, 75, 90]))
            week = min(int(n * WEEKS / RETROS), WEEKS - 1)
            linked = [e for e in by_week[week * 11: week * 11 + 12] if e.retro_id is None][: rng.randint(1, 3)]
            for e in linked:
                e.retro_id, e.item_ids = retro.id, [rng.choice(retro.items).id]
                retro.experiment_ids.append(e.id)
        retros.append(retro)
    return retros


def write_store(path: Path, seed: int = 2026) -> Path:
    """Generate the five-year store at `path` through the repository (the restore path)."""
    from retro.domain.clock import FixedClock
    from retro.store import Repository

    repo = Repository.open(path, FixedClock(NOW))
    repo.replace_raw(generate(seed))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    if args.path.exists():
        parser.error(f"{args.path} exists; give a new path")
    write_store(args.path, args.seed)
    tables = generate(args.seed)
    counts = ", ".join(f"{name} {len(docs)}" for name, docs in tables.items())
    items = sum(len(d["items"]) for d in tables["retros"].values())
    print(f"{args.path}: {counts}, items {items}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
