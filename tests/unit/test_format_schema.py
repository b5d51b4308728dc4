"""The format schema, rule by rule: each rule gets a file broken in exactly that way, and the
problem must name the field and the line it is on. The built-in formats must all be valid."""

from __future__ import annotations

import textwrap
import tomllib

import pytest

from retro.store.catalog import load_catalog
from retro.domain.format import COLORS, LANGUAGES, Format, FormatError, PhaseKind, field_line, parse_format
from retro.paths import builtin_formats_dir

# A small, valid format. Line numbers below refer to this text (line 1 is `id = ...`).
VALID = textwrap.dedent(
    """\
    id = "tiny"
    name = "Tiny"
    language = "en"
    summary = "A small format for the tests."
    minutes = 20
    hybrid_notes = ["Remote first."]

    [[phases]]
    kind = "check-in"
    title = "Check-in"
    minutes = 3
    prompt = "One word?"

    [[phases]]
    kind = "gather"
    title = "Gather"
    minutes = 7
    silent = true

    [[phases.columns]]
    id = "good"
    title = "Good"
    hint = "What went well?"
    color = "green"

    [[phases.columns]]
    id = "bad"
    title = "Bad"

    [[phases]]
    kind = "vote"
    title = "Vote"
    minutes = 2
    votes_per_person = 3

    [[phases]]
    kind = "decide"
    title = "Decide"
    minutes = 6
    max_experiments = 2

    [[phases]]
    kind = "close"
    title = "Close"
    minutes = 2
    roti = true
    """
)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing `needle` (so tests don't hard-code numbers)."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def problems_of(text: str, path: str = "broken.toml") -> list[tuple[int | None, str]]:
    with pytest.raises(FormatError) as info:
        parse_format(text, path)
    for problem in info.value.problems:
        assert problem.path == path
    return [(p.line, p.message) for p in info.value.problems]


def replace(old: str, new: str, count: int = 1) -> str:
    assert old in VALID, old
    return VALID.replace(old, new, count)


# -- the valid file ---------------------------------------------------------------------------


def test_the_valid_file_parses_with_every_field() -> None:
    fmt = parse_format(VALID, "tiny.toml")
    assert (fmt.id, fmt.name, fmt.language, fmt.minutes) == ("tiny", "Tiny", "en", 20)
    assert fmt.hybrid_notes == ("Remote first.",)
    assert [p.kind for p in fmt.phases] == [PhaseKind.CHECK_IN, PhaseKind.GATHER, PhaseKind.VOTE,
                                             PhaseKind.DECIDE, PhaseKind.CLOSE]
    gather = fmt.phases[1]
    assert gather.silent is True
    assert [(c.id, c.title, c.hint, c.color) for c in gather.columns] == [
        ("good", "Good", "What went well?", "green"), ("bad", "Bad", "", None)]
    assert fmt.phases[2].votes_per_person == 3
    assert fmt.phases[3].max_experiments == 2
    assert fmt.phases[4].roti is True
    assert fmt.source == "tiny.toml"
    assert fmt.phase_minutes == 20 and not fmt.minutes_disagree


def test_optional_fields_may_be_left_out() -> None:
    text = replace('hybrid_notes = ["Remote first."]\n', "")
    text = text.replace('prompt = "One word?"\n', "").replace("max_experiments = 2\n", "").replace("roti = true\n", "")
    fmt = parse_format(text)
    assert fmt.hybrid_notes == ()
    assert fmt.phases[0].prompt == ""
    assert fmt.phases[3].max_experiments is None
    assert fmt.phases[4].roti is False


def test_minutes_that_do_not_add_up_are_flagged_not_refused() -> None:
    fmt = parse_format(replace("minutes = 20", "minutes = 45"))
    assert fmt.minutes_disagree and fmt.phase_minutes == 20


# -- TOML syntax ------------------------------------------------------------------------------


def test_toml_syntax_error_names_the_path_and_line() -> None:
    text = replace('title = "Gather"', 'title = "Gather')
    [(line, message)] = problems_of(text, "formats/mine.toml")
    assert line == line_of(VALID, 'title = "Gather"')
    assert message.startswith("TOML syntax:")
    with pytest.raises(FormatError) as info:
        parse_format(text, "formats/mine.toml")
    assert str(info.value).startswith(f"formats/mine.toml:{line}: TOML syntax")


def test_toml_syntax_error_at_the_end_of_the_file_points_at_its_last_line() -> None:
    text = 'id = "x"\nname = "y"\nhybrid_notes = ['
    [(line, message)] = problems_of(text)
    assert line == 3 and "TOML syntax" in message


# -- one rule, one broken file ----------------------------------------------------------------

CASES = [
    # (id, broken text, expected line (a needle and occurrence) or None, words in the message)
    ("unknown top-level key", replace("minutes = 20", "minutes = 20\nduration = 20"),
     ("duration = 20", 1), ["duration: unknown key; expected one of", "hybrid_notes", "phases"]),
    ("unknown phase key", replace('prompt = "One word?"', 'prompt = "One word?"\nquestion = "x"'),
     ("question =", 1), ["phases[0].question: unknown key for a check-in phase", "expected one of kind, minutes, prompt, title"]),
    ("key of another kind", replace("votes_per_person = 3", "votes_per_person = 3\nroti = true"),
     ("roti = true", 1), ["phases[2].roti: unknown key for a vote phase"]),
    ("unknown column key", replace('hint = "What went well?"', 'hint = "What went well?"\ncolour = "red"'),
     ("colour =", 1), ["phases[1].columns[0].colour: unknown key; expected one of color, hint, id, title"]),
    ("unknown kind", replace('kind = "vote"', 'kind = "poll"'),
     ('kind = "poll"', 1), ['phases[2].kind: unknown kind "poll"; expected one of check-in, review, gather, group, '
                            "vote, discuss, decide, close"]),
    ("missing kind", replace('kind = "vote"\n', ""),
     ("[[phases]]", 3), ["phases[2].kind: missing; expected one of check-in"]),
    ("missing id", replace('id = "tiny"\n', ""), None, ["id: missing"]),
    ("missing name", replace('name = "Tiny"\n', ""), None, ["name: missing"]),
    ("missing language", replace('language = "en"\n', ""), None, ["language: missing"]),
    ("missing summary", replace('summary = "A small format for the tests."\n', ""), None, ["summary: missing"]),
    ("missing minutes", replace("minutes = 20\n", ""), None, ["minutes: missing; a whole number is required"]),
    ("missing phases", VALID[: VALID.index("[[phases]]")], None, ["phases: missing; a format needs at least one"]),
    ("empty phases", replace('hybrid_notes = ["Remote first."]', 'hybrid_notes = ["Remote first."]\nphases = []')
     .split("[[phases]]")[0], ("phases = []", 1), ["phases: expected at least one [[phases]]"]),
    ("missing phase title", replace('title = "Vote"\n', ""),
     ("[[phases]]", 3), ["phases[2].title: missing; a text is required"]),
    ("missing phase minutes", replace("minutes = 2\nvotes_per_person", "votes_per_person"),
     ("[[phases]]", 3), ["phases[2].minutes: missing; a whole number is required"]),
    ("gather without silent", replace("silent = true\n", ""),
     ("[[phases]]", 2), ["phases[1].silent: missing; a gather phase needs it"]),
    ("gather without columns", VALID.replace(VALID[VALID.index("[[phases.columns]]"): VALID.index('[[phases]]\nkind = "vote"')], ""),
     ("[[phases]]", 2), ["phases[1].columns: missing; a gather phase needs it"]),
    ("gather with no columns", replace("silent = true", "silent = true\ncolumns = []")
     .replace(VALID[VALID.index("[[phases.columns]]"): VALID.index('[[phases]]\nkind = "vote"')], ""),
     ("columns = []", 1), ["phases[1].columns: expected at least one [[phases.columns]]"]),
    ("vote without budget", replace("votes_per_person = 3\n", ""),
     ("[[phases]]", 3), ["phases[2].votes_per_person: missing; a vote phase needs it"]),
    ("column without id", replace('id = "bad"\n', ""),
     ("[[phases.columns]]", 2), ["phases[1].columns[1].id: missing"]),
    ("column without title", replace('title = "Bad"\n', ""),
     ("[[phases.columns]]", 2), ["phases[1].columns[1].title: missing"]),
    ("name is a number", replace('name = "Tiny"', "name = 5"), ("name = 5", 1), ["name: expected a non-empty text, got 5"]),
    ("blank title", replace('title = "Vote"', 'title = "  "'), ('title = "  "', 1), ["phases[2].title: expected a non-empty text"]),
    ("prompt is a list", replace('prompt = "One word?"', 'prompt = ["One word?"]'),
     ("prompt = [", 1), ["phases[0].prompt: expected a non-empty text, got a list"]),
    ("hybrid notes not a list", replace('hybrid_notes = ["Remote first."]', 'hybrid_notes = "Remote first."'),
     ("hybrid_notes", 1), ["hybrid_notes: expected a list of texts"]),
    ("hybrid notes of numbers", replace('hybrid_notes = ["Remote first."]', "hybrid_notes = [1, 2]"),
     ("hybrid_notes", 1), ["hybrid_notes: expected a list of texts"]),
    ("minutes as text", replace("minutes = 3", 'minutes = "3"'), ('minutes = "3"', 1),
     ['phases[0].minutes: expected a whole number of at least 1, got "3"']),
    ("minutes as a fraction", replace("minutes = 3", "minutes = 2.5"), ("minutes = 2.5", 1),
     ["phases[0].minutes: expected a whole number of at least 1, got 2.5"]),
    ("minutes as bool", replace("minutes = 3", "minutes = true"), ("minutes = true", 1),
     ["phases[0].minutes: expected a whole number of at least 1, got true"]),
    ("votes as bool", replace("votes_per_person = 3", "votes_per_person = true"), ("votes_per_person", 1),
     ["phases[2].votes_per_person: expected a whole number of at least 1, got true"]),
    ("silent as int", replace("silent = true", "silent = 1"), ("silent = 1", 1),
     ["phases[1].silent: expected true or false, got 1"]),
    ("roti as text", replace("roti = true", 'roti = "yes"'), ("roti =", 1),
     ['phases[4].roti: expected true or false, got "yes"']),
    ("zero phase minutes", replace("minutes = 6", "minutes = 0"), ("minutes = 0", 1),
     ["phases[3].minutes: expected a whole number of at least 1, got 0"]),
    ("negative phase minutes", replace("minutes = 6", "minutes = -5"), ("minutes = -5", 1),
     ["phases[3].minutes: expected a whole number of at least 1, got -5"]),
    ("zero total minutes", replace("minutes = 20", "minutes = 0"), ("minutes = 0", 1),
     ["minutes: expected a whole number of at least 1, got 0"]),
    ("zero votes", replace("votes_per_person = 3", "votes_per_person = 0"), ("votes_per_person", 1),
     ["phases[2].votes_per_person: expected a whole number of at least 1, got 0"]),
    ("zero experiments", replace("max_experiments = 2", "max_experiments = 0"), ("max_experiments", 1),
     ["phases[3].max_experiments: expected a whole number of at least 1, got 0"]),
    ("duplicate column id in one phase", replace('id = "bad"', 'id = "good"'), ('id = "good"', 2),
     ['phases[1].columns[1].id: column id "good" is already used by phases[1].columns[0]']),
    ("bad language", replace('language = "en"', 'language = "de"'), ('language = "de"', 1),
     ['language: unknown language "de"; expected one of sv, en']),
    ("bad id", replace('id = "tiny"', 'id = "Tiny Retro"'), ('id = "Tiny Retro"', 1),
     ['id: "Tiny Retro" must be lower-case letters, digits, - or _']),
    ("bad column id", replace('id = "bad"', 'id = "Bad!"'), ('id = "Bad!"', 1),
     ['phases[1].columns[1].id: "Bad!" must be lower-case letters']),
    ("bad color", replace('color = "green"', 'color = "teal"'), ('color = "teal"', 1),
     ['phases[1].columns[0].color: unknown color "teal"; expected one of ' + ", ".join(COLORS)]),
    ("phase not a table", replace('hybrid_notes = ["Remote first."]', 'hybrid_notes = ["Remote first."]\nphases = [1]')
     .split("[[phases]]")[0], ("phases = [1]", 1), ["phases[0]: expected a table"]),
]


@pytest.mark.parametrize(("text", "where", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_reports_field_and_line(text: str, where: tuple[str, int] | None, words: list[str]) -> None:
    tomllib.loads(text)  # the file is valid TOML: the schema, not the syntax, is what is broken
    problems = problems_of(text)
    matching = [(line, message) for line, message in problems if words[0] in message]
    assert matching, f"no problem says {words[0]!r}: {problems}"
    line, message = matching[0]
    for word in words[1:]:
        assert word in message
    expected_line = line_of(text, where[0], where[1]) if where else None
    assert line == expected_line, f"{message!r} on line {line}, expected {expected_line}"


def test_duplicate_column_id_across_phases_names_the_first_use() -> None:
    second_gather = textwrap.dedent(
        """
        [[phases]]
        kind = "gather"
        title = "Again"
        minutes = 1
        silent = false

        [[phases.columns]]
        id = "fresh"
        title = "Fresh"

        [[phases.columns]]
        id = "good"
        title = "Good again"
        """
    )
    text = VALID.replace("minutes = 20", "minutes = 21") + second_gather
    [(line, message)] = problems_of(text)
    assert message == 'phases[5].columns[1].id: column id "good" is already used by phases[1].columns[0]'
    assert line == line_of(text, 'id = "good"', 2)


def test_every_problem_is_reported_at_once() -> None:
    text = replace('language = "en"', 'language = "fi"').replace('kind = "vote"', 'kind = "poll"').replace(
        'color = "green"', 'color = "teal"')
    messages = [m for _, m in problems_of(text)]
    assert len(messages) == 3
    assert any(m.startswith("language:") for m in messages)
    assert any(m.startswith("phases[2].kind:") for m in messages)
    assert any(m.startswith("phases[1].columns[0].color:") for m in messages)


def test_lines_are_found_through_comments_multiline_strings_and_inline_tables() -> None:
    """The line locator must not be fooled by text that looks like TOML inside strings and
    comments, and must place fields of inline tables and quoted keys."""
    text = textwrap.dedent(
        '''\
        # [[phases]] mentioned in a comment does not open a phase
        id = "tricky"
        "name" = """A name
        [[phases]]
        kind = "poll"
        """
        language = 'en'
        summary = "s"
        minutes = 10
        hybrid_notes = [
          "minutes = 99",
          "[[phases]]",
        ]

        [[ phases ]]   # spaces inside the brackets are fine TOML
        kind = "gather"
        title = "G"
        minutes = 10
        silent = false
        columns = [
          { id = "a", title = "A" },
          { id = "b", title = "B", color = "teal" },
        ]
        '''
    )
    [(line, message)] = problems_of(text)
    assert message.startswith("phases[0].columns[1].color:")
    assert line == line_of(text, 'color = "teal"')
    assert field_line(text, "phases[0].kind") == line_of(text, 'kind = "gather"')
    assert field_line(text, "name") == 3
    assert field_line(text, "phases[0].columns[0].title") == line_of(text, '{ id = "a"')


def test_nested_array_numbering_restarts_under_each_phase() -> None:
    fmt = parse_format(VALID)
    assert fmt.phases[1].columns[1].id == "bad"
    assert field_line(VALID, "phases[1].columns[1].id") == line_of(VALID, 'id = "bad"')
    assert field_line(VALID, "phases[4].roti") == line_of(VALID, "roti = true")
    assert field_line(VALID, "phases[4].prompt") == line_of(VALID, "[[phases]]", 5)  # missing: its table's line


# -- the built-in formats ---------------------------------------------------------------------

BUILTINS = sorted(builtin_formats_dir().glob("*.toml"))


def test_there_are_at_least_ten_builtins() -> None:
    assert len(BUILTINS) >= 10


@pytest.mark.parametrize("path", BUILTINS, ids=lambda p: p.stem)
def test_each_builtin_is_valid_and_well_formed(path) -> None:
    text = path.read_text(encoding="utf-8")
    fmt = parse_format(text, str(path), builtin=True)
    assert path.stem == fmt.id, "a built-in's file is named after its id"
    assert text.startswith("#"), "a built-in says what it is for in comments at the top"
    assert not fmt.minutes_disagree, f"phases add up to {fmt.phase_minutes}, declared {fmt.minutes}"
    assert fmt.hybrid_notes, "every built-in says how to run it in a hybrid meeting"
    assert fmt.phases[-1].kind is PhaseKind.CLOSE
    assert any(p.kind is PhaseKind.DECIDE for p in fmt.phases), "our retros end in experiments"
    for phase in fmt.phases:
        if phase.kind is PhaseKind.GATHER:
            assert all(c.hint for c in phase.columns), "every gather column has a hint"
        if phase.kind in (PhaseKind.CHECK_IN, PhaseKind.REVIEW, PhaseKind.DISCUSS):
            assert phase.prompt, f"{phase.title} has a prompt"


FAMILIES = ["hybrid-experiments", "start-stop-continue", "mad-sad-glad", "4ls", "sailboat", "kata-coaching"]


@pytest.mark.parametrize("family", FAMILIES)
def test_each_family_exists_in_swedish_and_english(family: str) -> None:
    catalog = load_catalog()
    english, swedish = catalog.get(family), catalog.get(f"{family}-sv")
    assert english is not None and english.language == "en" and english.builtin
    assert swedish is not None and swedish.language == "sv" and swedish.builtin
    assert len(english.phases) == len(swedish.phases)
    assert [p.kind for p in english.phases] == [p.kind for p in swedish.phases]
    assert english.minutes == swedish.minutes


def test_each_language_is_present() -> None:
    catalog = load_catalog()
    assert {f.language for f in catalog.formats.values()} == set(LANGUAGES)
    assert catalog.skipped == []


def test_to_dict_has_only_the_kinds_fields() -> None:
    fmt: Format = parse_format(VALID)
    phases = fmt.to_dict()["phases"]
    assert phases[0] == {"kind": "check-in", "title": "Check-in", "minutes": 3, "prompt": "One word?"}
    assert phases[1]["columns"] == [{"id": "good", "title": "Good", "hint": "What went well?", "color": "green"},
                                    {"id": "bad", "title": "Bad"}]
    assert phases[2] == {"kind": "vote", "title": "Vote", "minutes": 2, "votes_per_person": 3}
    assert phases[4] == {"kind": "close", "title": "Close", "minutes": 2, "roti": True}
