"""Format files are bounded: a shared file cannot make every command slow, crash the reader or
hang it. Over FORMAT_FILE_MAX bytes, more than FORMAT_PHASES_MAX phases or FORMAT_COLUMNS_MAX
columns a phase, brackets nested past NESTING_MAX, a number of thousands of digits: each is a
problem with its line like any other, `formats check` exits 2, `formats import` refuses, and the
library lists the file with its problem without reading it whole."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from retro.store.catalog import load_catalog, read_text
from retro.domain.format import ID_MAX, NESTING_MAX, FormatError, is_valid_id, parse_format
from retro.domain.text import FORMAT_COLUMNS_MAX, FORMAT_FILE_MAX, FORMAT_PHASES_MAX

HEAD = """\
id = "bounded"
name = "Bounded"
language = "en"
summary = "A format at and past the limits."
minutes = 30
"""


def phase(kind: str = "group", minutes: int = 1) -> str:
    return f'\n[[phases]]\nkind = "{kind}"\ntitle = "A {kind}"\nminutes = {minutes}\n'


def gather(columns: int, first_id: int = 0) -> str:
    cols = "".join(f'\n[[phases.columns]]\nid = "c{first_id + i}"\ntitle = "C{i}"\n' for i in range(columns))
    return f'\n[[phases]]\nkind = "gather"\ntitle = "Gather"\nminutes = 5\nsilent = false\n{cols}'


def problems(text: str) -> list[str]:
    with pytest.raises(FormatError) as caught:
        parse_format(text, "f.toml")
    return [str(p) for p in caught.value.problems]


def run(cmd: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


# -- the schema's limits ------------------------------------------------------------------------


def test_the_limits_themselves_are_allowed() -> None:
    text = HEAD + gather(FORMAT_COLUMNS_MAX) + "".join(phase() for _ in range(FORMAT_PHASES_MAX - 1))
    fmt = parse_format(text, "f.toml")
    assert len(fmt.phases) == FORMAT_PHASES_MAX
    assert len(fmt.phases[0].columns) == FORMAT_COLUMNS_MAX


def test_more_columns_than_a_phase_may_have_is_a_problem_on_its_line() -> None:
    text = HEAD + phase() + gather(FORMAT_COLUMNS_MAX + 1)
    line = text.splitlines().index('id = "c12"')  # the header of the thirteenth column, just above
    assert problems(text) == [f"f.toml:{line}: phases[1].columns[12]: 13 columns; a phase may have at most 12"]


def test_more_phases_than_a_format_may_have_is_a_problem() -> None:
    text = HEAD + "".join(phase() for _ in range(FORMAT_PHASES_MAX + 1))
    line = 7 + 5 * FORMAT_PHASES_MAX  # the header of the twenty-first phase
    assert text.splitlines()[line - 1] == "[[phases]]"
    assert problems(text) == [f"f.toml:{line}: phases[20]: 21 phases; a format may have at most {FORMAT_PHASES_MAX}"]


def test_a_text_over_the_file_limit_is_refused_before_it_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    import tomllib

    def never(*_: object, **__: object) -> None:
        raise AssertionError("a file over the limit was parsed")

    text = HEAD + phase() + "# " + "x" * FORMAT_FILE_MAX + "\n"
    monkeypatch.setattr(tomllib, "loads", never)
    [problem] = problems(text)
    assert problem.startswith("f.toml: the file is over 64 KiB")
    assert f"at most {FORMAT_FILE_MAX:,} bytes" in problem


def test_exactly_the_file_limit_is_allowed() -> None:
    text = HEAD + phase()
    text += "#" * (FORMAT_FILE_MAX - len(text.encode()) - 1) + "\n"
    assert len(text.encode()) == FORMAT_FILE_MAX
    assert parse_format(text, "f.toml").id == "bounded"


@pytest.mark.parametrize("nested", [
    "x = " + "[" * 5000 + "]" * 5000,
    "x = " + "{a = " * 5000 + "1" + "}" * 5000,
    "x = " + "[" * (NESTING_MAX + 1) + "]" * (NESTING_MAX + 1),
], ids=["arrays-5000", "inline-tables-5000", "just-past-the-bound"])
def test_deep_nesting_is_a_problem_not_a_recursion_error(nested: str) -> None:
    [problem] = problems(HEAD + nested + "\n" + phase())
    assert problem.startswith("f.toml:6: brackets nested ")
    assert f"at most {NESTING_MAX} are read" in problem


def test_nesting_inside_strings_and_comments_does_not_count() -> None:
    text = HEAD.replace('summary = "A format at and past the limits."', 'summary = "' + "[" * 100 + '"')
    text += "# " + "{" * 100 + "\n" + phase()
    assert parse_format(text, "f.toml").summary == "[" * 100


def test_a_number_of_thousands_of_digits_is_a_problem() -> None:
    [problem] = problems(HEAD.replace("minutes = 30", "minutes = " + "9" * 5000) + phase())
    assert problem == "f.toml: TOML: a value cannot be read: a number has too many digits"


@pytest.mark.parametrize(("field", "value", "message"), [
    ("minutes", "9" * 4000, "minutes: expected a whole number of at most 1440, got a number of 4000 digits"),
    ("minutes", "1441", "minutes: expected a whole number of at most 1440, got 1441"),
])
def test_numbers_have_a_range(field: str, value: str, message: str) -> None:
    assert problems(HEAD.replace("minutes = 30", f"{field} = {value}") + phase()) == [f"f.toml:5: {message}"]


def test_votes_and_phase_minutes_have_a_range() -> None:
    text = HEAD + phase("group", 10**6) + '\n[[phases]]\nkind = "vote"\ntitle = "V"\nminutes = 1\nvotes_per_person = 101\n'
    found = problems(text)
    assert any("phases[0].minutes: expected a whole number of at most 1440, got 1000000" in p for p in found)
    assert any("phases[1].votes_per_person: expected a whole number of at most 100, got 101" in p for p in found)


def test_ids_have_a_length_limit() -> None:
    assert is_valid_id("a" * ID_MAX)
    assert not is_valid_id("a" * (ID_MAX + 1))
    long_id = "a" * (ID_MAX + 1)
    assert problems(HEAD.replace('id = "bounded"', f'id = "{long_id}"') + phase()) == [
        f"f.toml:1: id: is {ID_MAX + 1} characters long; an id may be at most {ID_MAX}"]


# -- reading a file -----------------------------------------------------------------------------


def _bytes_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    real = os.read
    counted: list[int] = []

    def read(fd: int, n: int) -> bytes:
        data = real(fd, n)
        counted.append(len(data))
        return data

    monkeypatch.setattr(os, "read", read)
    return counted


def test_a_huge_file_is_never_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as handle:
        handle.write((HEAD + phase()).encode())
        handle.truncate(10 * 1024 * 1024)
    counted = _bytes_read(monkeypatch)
    with pytest.raises(FormatError) as caught:
        read_text(big)
    assert sum(counted) <= FORMAT_FILE_MAX + 1
    assert "the file is over 64 KiB" in str(caught.value.problems[0])


@pytest.mark.parametrize("kind", ["fifo", "directory", "device"])
def test_only_a_regular_file_is_read(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "odd.toml"
    if kind == "fifo":
        os.mkfifo(path)  # reading it would wait for a writer forever
    elif kind == "directory":
        path.mkdir()
    else:
        path.symlink_to("/dev/zero")  # bytes without end
    with pytest.raises(FormatError) as caught:
        read_text(path)
    assert str(caught.value.problems[0]) == f"{path}: cannot be read: not a regular file"


def test_a_symlink_to_a_regular_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "real.toml").write_text(HEAD + phase(), encoding="utf-8")
    (tmp_path / "link.toml").symlink_to(tmp_path / "real.toml")
    assert parse_format(read_text(tmp_path / "link.toml")).id == "bounded"


# -- the library and the command line ---------------------------------------------------------------


def _huge_columns() -> str:
    """The shape of the report: one phase with a great many columns, far past 64 KiB."""
    return HEAD + gather(20_000)


def test_the_library_lists_a_huge_file_with_its_problem_without_reading_it_whole(
        monkeypatch: pytest.MonkeyPatch) -> None:
    user_dir = Path(os.environ["RETRO_FORMATS_DIR"])
    user_dir.mkdir(parents=True, exist_ok=True)
    (user_dir / "huge.toml").write_text(_huge_columns(), encoding="utf-8")
    counted = _bytes_read(monkeypatch)
    catalog = load_catalog()
    assert catalog.get("bounded") is None
    [skipped] = [s for s in catalog.skipped if s.path.endswith("huge.toml")]
    assert "the file is over 64 KiB" in skipped.problems[0].message
    assert max(counted) <= FORMAT_FILE_MAX + 1


def test_check_and_import_refuse_a_huge_file_in_one_line(retro_cmd, cli_env, tmp_path: Path) -> None:
    shared = tmp_path / "huge.toml"
    shared.write_text(_huge_columns(), encoding="utf-8")
    check = run(retro_cmd, cli_env, "formats", "check", str(shared))
    assert check.returncode == 2 and "Traceback" not in check.stderr
    assert check.stderr.strip().splitlines() == [
        f"{shared}: the file is over 64 KiB ({FORMAT_FILE_MAX + 1:,} bytes or more); "
        f"a format file may be at most {FORMAT_FILE_MAX:,} bytes"]
    imported = run(retro_cmd, cli_env, "formats", "import", str(shared))
    assert imported.returncode == 2 and "Traceback" not in imported.stderr
    assert imported.stderr.strip().splitlines() == [f"retro: {check.stderr.strip()}"]
    assert not (Path(cli_env["RETRO_FORMATS_DIR"]) / "bounded.toml").exists()


@pytest.mark.parametrize("shape", ["columns", "phases", "nesting", "digits"])
def test_check_and_import_report_each_limit_with_exit_2(retro_cmd, cli_env, tmp_path: Path, shape: str) -> None:
    text = {
        "columns": HEAD + gather(FORMAT_COLUMNS_MAX + 1),
        "phases": HEAD + "".join(phase() for _ in range(FORMAT_PHASES_MAX + 1)),
        "nesting": HEAD + "x = " + "[" * 5000 + "]" * 5000 + "\n" + phase(),
        "digits": HEAD.replace("minutes = 30", "minutes = " + "9" * 5000) + phase(),
    }[shape]
    shared = tmp_path / f"{shape}.toml"
    shared.write_text(text, encoding="utf-8")
    check = run(retro_cmd, cli_env, "formats", "check", str(shared))
    assert check.returncode == 2, check.stderr
    assert "Traceback" not in check.stderr
    [line] = check.stderr.strip().splitlines()
    assert line.startswith(f"{shared}")
    imported = run(retro_cmd, cli_env, "formats", "import", str(shared))
    assert imported.returncode == 2 and "Traceback" not in imported.stderr
    assert imported.stderr.strip().splitlines()[-1].startswith("retro: ")
    assert not (Path(cli_env["RETRO_FORMATS_DIR"]) / "bounded.toml").exists()


def test_check_and_import_of_a_fifo_answer_at_once(retro_cmd, cli_env, tmp_path: Path) -> None:
    fifo = tmp_path / "shared.toml"
    os.mkfifo(fifo)
    check = run(retro_cmd, cli_env, "formats", "check", str(fifo))  # the run's timeout fails a hang
    assert check.returncode == 2
    assert check.stderr.strip() == f"{fifo}: cannot be read: not a regular file"
    imported = run(retro_cmd, cli_env, "formats", "import", str(fifo))
    assert imported.returncode == 2
    assert imported.stderr.strip() == f"retro: {fifo}: cannot be read: not a regular file"
