"""Nothing a user types, imports or points at can drive the terminal or crash a command.

Every human line the command line writes shows a control character from user or file text as an
escape (`\\x1b`), and a name's bidi override or zero-width character as `\\u202e`; JSON stays
exact. Bad input — text over a limit, an argument that is not UTF-8, an id too long to be a file
name, a retro whose format has lost the phase it stopped in, a FIFO where a file belongs — is one
line on stderr and exit 2, never a traceback, never a hang.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from retro.cli.main import main
from retro.domain.format import ID_MAX
from retro.domain.kata import Challenge, Experiment, TargetCondition
from retro.domain.retro import Item, Participant, Retro
from retro.domain.text import ITEM_MAX, NAME_MAX, TEXT_MAX
from retro.store.format_files import render_format
from retro.store.catalog import load_catalog
from retro.store import Repository

# What a terminal would act on: ESC, BEL, and the C1 controls (0x9b is a one-byte CSI).
DRIVES_A_TERMINAL = re.compile("[\x1b\x07\x80-\x9f]")
CLIPBOARD = "\x1b]52;c;aGFja2Vk\x07"  # OSC 52: sets the clipboard to "hacked"
WIPE = "\x1b[2J"
LINK = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
CSI = "\x9b2J"
BEL = "\x07"


def run(cmd: list[str], env: dict[str, str], *args: str | bytes, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, errors="surrogateescape")


def one_line_refusal(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("retro: "), proc.stderr
    assert "Traceback" not in proc.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command line in-process (the same `main` the entry point calls): fast enough for many cases."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_safe(*outputs: str) -> None:
    for text in outputs:
        found = DRIVES_A_TERMINAL.findall(text)
        assert not found, f"{found!r} reached the terminal in {text!r}"


def toml_text(value: str) -> str:
    """A TOML basic string holding `value` exactly, control characters as \\u escapes."""
    def one(c: str) -> str:
        if c in '"\\' or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F:
            return f"\\u{ord(c):04x}"
        return c
    return '"' + "".join(one(c) for c in value) + '"'


# TOML takes C1 controls raw in comments and strings (ESC and BEL only as \u escapes).
HOSTILE_FORMAT = f"""\
# From a colleague {CSI}
id = "shared"
name = {toml_text("Shared" + CLIPBOARD)}
language = "en"
summary = {toml_text("Wipes" + WIPE + " and links " + LINK)}
minutes = 10
hybrid_notes = [{toml_text("note" + CSI)}]

[[phases]]
kind = "check-in"
title = {toml_text("Check" + WIPE)}
minutes = 5
prompt = {toml_text("Prompt" + CLIPBOARD)}

[[phases]]
kind = "gather"
title = "Gather"
minutes = 5
silent = false

[[phases.columns]]
id = "good"
title = {toml_text("Good" + CSI)}
hint = {toml_text("Hint" + BEL)}
"""


@pytest.fixture
def user_dir(cli_env: dict[str, str]) -> Path:
    path = Path(cli_env["RETRO_FORMATS_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


# -- what reaches the terminal --------------------------------------------------------------------


def test_a_shared_format_file_cannot_drive_the_terminal(retro_cmd, cli_env, user_dir: Path) -> None:
    (user_dir / "shared.toml").write_text(HOSTILE_FORMAT, encoding="utf-8")
    listed = run(retro_cmd, cli_env, "formats", "list")
    shown = run(retro_cmd, cli_env, "formats", "show", "shared")
    checked = run(retro_cmd, cli_env, "formats", "check", str(user_dir / "shared.toml"))
    assert listed.returncode == shown.returncode == checked.returncode == 0, (listed.stderr, shown.stderr)
    assert_safe(listed.stdout, listed.stderr, shown.stdout, shown.stderr, checked.stdout, checked.stderr)
    assert "Shared\\x1b]52;c;aGFja2Vk\\x07" in listed.stdout
    for seen in ("Shared\\x1b]52;c;aGFja2Vk\\x07", "Wipes\\x1b[2J", "\\x1b]8;;https://evil.example",
                 "note\\x9b2J", "Check\\x1b[2J", "Prompt\\x1b]52;", "Good\\x9b2J", "Hint\\x07"):
        assert seen in shown.stdout, seen
    # JSON is exact: a script gets the text as it is in the file.
    as_json = json.loads(run(retro_cmd, cli_env, "formats", "show", "shared", "--json").stdout)
    assert as_json["name"] == "Shared" + CLIPBOARD


def test_format_names_cannot_pose_as_another(retro_cmd, cli_env, user_dir: Path) -> None:
    text = HOSTILE_FORMAT.replace(toml_text("Shared" + CLIPBOARD), toml_text("Hybrid\u202eX\u200b"))
    (user_dir / "shared.toml").write_text(text, encoding="utf-8")
    listed = run(retro_cmd, cli_env, "formats", "list")
    assert "Hybrid\\u202eX\\u200b" in listed.stdout
    assert "\u202e" not in listed.stdout and "\u200b" not in listed.stdout


def test_the_check_error_line_quoting_the_file_is_escaped(retro_cmd, cli_env, tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(HOSTILE_FORMAT.replace('kind = "check-in"', f"kind = {toml_text('x' + CLIPBOARD)}")
                      + f"\n{toml_text('key' + WIPE)} = 1\n", encoding="utf-8")
    checked = run(retro_cmd, cli_env, "formats", "check", str(broken))
    assert checked.returncode == 2
    assert_safe(checked.stdout, checked.stderr)
    assert f'{broken}:10: phases[0].kind: unknown kind "x\\x1b]52;c;aGFja2Vk\\x07"' in checked.stderr
    imported = run(retro_cmd, cli_env, "formats", "import", str(broken))
    assert imported.returncode == 2
    assert_safe(imported.stdout, imported.stderr)


def test_a_file_name_cannot_drive_the_terminal(retro_cmd, cli_env, user_dir: Path) -> None:
    (user_dir / f"x{CLIPBOARD}.toml").write_text("not toml at all [", encoding="utf-8")
    listed = run(retro_cmd, cli_env, "formats", "list")
    checked = run(retro_cmd, cli_env, "formats", "check")
    assert checked.returncode == 2
    assert_safe(listed.stdout, listed.stderr, checked.stdout, checked.stderr)
    assert "x\\x1b]52;c;aGFja2Vk\\x07.toml" in listed.stderr


@pytest.fixture
def older_store(repo: Repository) -> dict[str, str]:
    """Text written before entry cleaning (or by another tool): the store keeps what it holds,
    and every listing must still show it safely."""
    now = repo.clock.now()
    r = Retro.start("hybrid-experiments", "Blå", [Participant("Anna")], now)
    r.team = "Blå" + CLIPBOARD
    r.participants = [Participant("An\u200bna"), Participant("Bo" + WIPE, remote=True)]
    r.items.append(Item(id="it-raw1", column="worked", text="pairing" + LINK, author="Ev\u202ea", created_at=now))
    r.themes = []
    ex = Experiment.plan("Step", "Expect", now, date(2026, 11, 27), team="Blå", retro_id=r.id)
    ex.step = "Step" + CSI
    ex.expectation = "Expect" + WIPE
    ex.owner = "Ow\u202ener"
    r.experiment_ids.append(ex.id)
    ch = Challenge.create("Challenge", now)
    ch.title = "Challenge" + CLIPBOARD
    tc = TargetCondition.create(ch.id, "Target", now)
    tc.title = "Target" + WIPE
    tc.area = "te\u202eam"
    ex.target_condition_id = tc.id
    repo.add(r, ex, ch, tc)
    return {"retro": r.id}


def test_listings_of_older_store_text_cannot_drive_the_terminal(capsys, store_path: Path, older_store) -> None:
    outputs = []
    for args in (["retros", "list"], ["retros", "show", older_store["retro"]], ["kata", "list"], ["info"]):
        code, out, err = cli(capsys, "--db", str(store_path), *args)
        assert code == 0, err
        outputs += [out, err]
    assert_safe(*outputs)
    listed, shown, kata = outputs[0], outputs[2], outputs[4]
    assert "Blå\\x1b]52;c;aGFja2Vk\\x07" in listed
    assert "An\\u200bna" in shown and "Bo\\x1b[2J (remote)" in shown
    assert "pairing\\x1b]8;;https://evil.example" in shown and "— Ev\\u202ea" in shown
    assert "Step\\x9b2J" in shown and "Ow\\u202ener" in shown
    assert "Challenge\\x1b]52;" in kata and "Target\\x1b[2J" in kata and "te\\u202eam" in kata
    assert "Ow\\u202ener" in kata and "Expect\\x1b[2J" in kata
    # JSON is exact.
    code, out, _ = cli(capsys, "--db", str(store_path), "retros", "show", older_store["retro"], "--json")
    assert json.loads(out)["team"] == "Blå" + CLIPBOARD


@pytest.mark.parametrize("args", [
    ["formats", "show", "x" + CLIPBOARD],
    ["retros", "show", "rt-" + WIPE],
    ["run", "--resume", "rt-" + CSI],
    ["kata", "exp", "add", "--do", "a", "--expect", "b", "--tc", "tc-" + LINK],
    ["formats", "new", "x" + CLIPBOARD],
    ["no-such-command" + CLIPBOARD],
    ["--lang", "sv" + WIPE, "info"],
], ids=["formats-show", "retros-show", "resume", "exp-add-tc", "formats-new", "unknown-command", "bad-choice"])
def test_error_lines_quoting_user_text_are_escaped(capsys, store_path: Path, args: list[str]) -> None:
    code, out, err = cli(capsys, "--db", str(store_path), *args)
    assert code == 2
    assert_safe(out, err)
    assert len(err.strip().splitlines()) == 1 and err.startswith("retro: ")
    assert "\\x1b" in err or "\\x9b" in err


def test_an_error_line_from_a_rule_with_user_text_is_escaped(capsys, store_path: Path, repo: Repository) -> None:
    r = Retro.start("hybrid-experiments", "Blå", [], repo.clock.now())
    r.format_id = "gone" + CLIPBOARD  # an older retro whose format is not installed
    repo.add(r)
    code, out, err = cli(capsys, "--db", str(store_path), "run", "--resume", r.id)
    assert code == 2
    assert_safe(out, err)
    assert "gone\\x1b]52;c;aGFja2Vk\\x07, which is not installed" in err


def test_formats_export_to_a_terminal_shows_escapes_and_to_a_pipe_is_exact(retro_cmd, cli_env, user_dir: Path) -> None:
    (user_dir / "shared.toml").write_text(HOSTILE_FORMAT, encoding="utf-8")
    piped = run(retro_cmd, cli_env, "formats", "export", "shared")
    assert piped.returncode == 0
    assert piped.stdout == HOSTILE_FORMAT  # a copy for a file or a colleague: exact
    main_fd, tty_fd = os.openpty()
    try:
        proc = subprocess.run([*retro_cmd, "formats", "export", "shared"], env=cli_env, stdout=tty_fd,
                              stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=60)
        os.close(tty_fd)
        seen = b""
        while True:
            try:
                chunk = os.read(main_fd, 65536)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(main_fd)
    assert proc.returncode == 0, proc.stderr
    assert_safe(seen.decode())
    assert "# From a colleague \\x9b2J" in seen.decode()


# -- what comes in ----------------------------------------------------------------------------------


def test_an_argument_that_is_not_utf8_is_refused_by_position(retro_cmd, cli_env, repo: Repository) -> None:
    r = Retro.start("hybrid-experiments", "Blå", [], repo.clock.now())
    repo.add(r)
    proc = run(retro_cmd, cli_env, "item", "add", "--retro", r.id, "--prompt", "worked", b"bad\xffbyte")
    one_line_refusal(proc, "argument 7 is not valid UTF-8 text")
    assert repo.find(Retro, r.id).items == []


@pytest.mark.parametrize("args", [
    [b"--db", b"/tmp/\xff.json"],  # the home screen's own fast path
    [b"--db", b"/tmp/\xff.json", b"info"],
    [b"kata", b"challenge", b"add", b"\x9b2J"],
], ids=["home", "info", "kata"])
def test_no_command_takes_text_that_is_not_utf8(retro_cmd, cli_env, args: list[bytes]) -> None:
    one_line_refusal(run(retro_cmd, cli_env, *args), "is not valid UTF-8 text")


def test_a_store_path_that_is_not_utf8_cannot_break_json(retro_cmd, cli_env, tmp_path: Path) -> None:
    env = {**cli_env, "RETRO_DB": os.fsdecode(bytes(tmp_path) + b"/\x9b\xff.json")}
    human = run(retro_cmd, env, "info")
    assert human.returncode == 0, human.stderr
    assert_safe(human.stdout)
    assert "\\x9b\\xff.json" in human.stdout
    one_line_refusal(run(retro_cmd, env, "info", "--json"), "not valid UTF-8")


LONG = {"item": "x" * (ITEM_MAX + 1), "name": "n" * (NAME_MAX + 1), "text": "t" * (TEXT_MAX + 1)}


@pytest.fixture
def running(repo: Repository) -> Retro:
    r = Retro.start("hybrid-experiments", "Blå", [], repo.clock.now())
    repo.add(r)
    return r


@pytest.mark.parametrize(("args", "words"), [
    (["item", "add", "--retro", "{retro}", "--prompt", "worked", LONG["item"]], "2001 characters long; at most 2000"),
    (["item", "add", "--retro", "{retro}", "--prompt", "worked", "--author", LONG["name"], "x"], "at most 80"),
    (["kata", "exp", "add", "--do", LONG["text"], "--expect", "b"], "4001 characters long; at most 4000"),
    (["kata", "exp", "add", "--do", "a", "--expect", LONG["text"]], "at most 4000"),
    (["kata", "exp", "add", "--do", "a", "--expect", "b", "--owner", LONG["name"]], "at most 80"),
    (["kata", "challenge", "add", LONG["text"]], "at most 4000"),
    (["kata", "challenge", "add", "c", "--area", LONG["name"]], "at most 80"),
    (["run", "hybrid-experiments", "--team", LONG["name"]], "The team is 81 characters long"),
    (["run", "hybrid-experiments", "--participant", LONG["name"]], "A participant's name is 81"),
    (["run", "hybrid-experiments", "--participant", LONG["name"] + ":remote"], "A participant's name is 81"),
], ids=["item", "author", "exp-do", "exp-expect", "owner", "challenge", "area", "team", "participant", "remote"])
def test_text_over_a_limit_is_refused_never_cut(retro_cmd, cli_env, repo: Repository, running: Retro,
                                                args: list[str], words: str) -> None:
    args = [a.replace("{retro}", running.id) for a in args]
    one_line_refusal(run(retro_cmd, cli_env, *args), words)
    assert repo.find(Retro, running.id).items == []
    assert repo.all(Experiment) == [] and repo.all(Challenge) == []
    assert [r.id for r in repo.retros()] == [running.id]


def test_text_at_a_limit_is_kept_whole_and_controls_are_removed(capsys, store_path: Path, repo: Repository,
                                                                 running: Retro) -> None:
    text = "y" * (ITEM_MAX - 4) + WIPE
    code, _, err = cli(capsys, "--db", str(store_path), "item", "add", "--retro", running.id, "--prompt", "worked",
                       "--author", "a" * NAME_MAX, text)
    assert code == 0, err
    [item] = repo.find(Retro, running.id).items
    assert item.text == "y" * (ITEM_MAX - 4) + "[2J" and item.author == "a" * NAME_MAX


# -- ids and formats ------------------------------------------------------------------------------


def test_formats_new_with_an_id_too_long_for_a_file_name(retro_cmd, cli_env, user_dir: Path) -> None:
    one_line_refusal(run(retro_cmd, cli_env, "formats", "new", "a" * 300), f"use 1 to {ID_MAX} lower-case")
    one_line_refusal(run(retro_cmd, cli_env, "formats", "new", "a" * (ID_MAX + 1)), "not a usable id")
    assert list(user_dir.iterdir()) == []
    ok = run(retro_cmd, cli_env, "formats", "new", "a" * ID_MAX)
    assert ok.returncode == 0, ok.stderr
    assert (user_dir / f"{'a' * ID_MAX}.toml").is_file()


@pytest.mark.parametrize("format_id", ["../outside", "{outside}", "a" * 300])
def test_formats_edit_takes_an_id_never_a_path(retro_cmd, cli_env, user_dir: Path, tmp_path: Path,
                                               format_id: str) -> None:
    outside = user_dir.parent / "outside.toml"  # any file of the user's, not a format of theirs
    outside.write_text("precious = true\n", encoding="utf-8")
    ran = tmp_path / "editor-ran"
    env = {**cli_env, "EDITOR": f"sh -c 'touch {ran}'"}
    format_id = format_id.replace("{outside}", str(outside.with_suffix("")))
    one_line_refusal(run(retro_cmd, env, "formats", "edit", format_id), "No format with id")
    assert not ran.exists()
    assert outside.read_text(encoding="utf-8") == "precious = true\n"


# -- resuming a retro whose format changed ----------------------------------------------------------


@pytest.fixture
def shrunk(repo: Repository, user_dir: Path) -> callable:
    """A retro of a user format that had 8 phases; the format now has 3."""
    base = load_catalog().get("hybrid-experiments")
    from dataclasses import replace

    full = replace(base, id="ours", name="Ours", builtin=False, source="")
    (user_dir / "ours.toml").write_text(render_format(full), encoding="utf-8")

    def make(status: str) -> Retro:
        now = repo.clock.now()
        r = Retro.start("ours", "Blå", [], now)
        r.phase_index = 6
        if status == "closed":
            r.status, r.closed_at = "closed", now
        repo.add(r)
        (user_dir / "ours.toml").write_text(render_format(replace(full, phases=full.phases[:3])), encoding="utf-8")
        return r

    return make


@pytest.mark.parametrize("status", ["running", "closed"])
def test_resume_when_the_format_lost_the_phase_is_refused_and_changes_nothing(
        retro_cmd, cli_env, repo: Repository, shrunk, status: str) -> None:
    r = shrunk(status)
    before = repo.find(Retro, r.id)
    one_line_refusal(run(retro_cmd, cli_env, "run", "--resume", r.id),
                     f"Retro {r.id} stopped at phase 7, but its format ours now has 3 phases",
                     f"retro retros show {r.id}")
    assert repo.find(Retro, r.id) == before
    shown = run(retro_cmd, cli_env, "retros", "show", r.id)
    assert shown.returncode == 0 and "Traceback" not in shown.stderr


def test_resume_when_the_format_is_gone(retro_cmd, cli_env, repo: Repository, shrunk, user_dir: Path) -> None:
    r = shrunk("running")
    (user_dir / "ours.toml").unlink()
    one_line_refusal(run(retro_cmd, cli_env, "run", "--resume", r.id), "uses format ours, which is not installed")


# -- every listing at once, with one retro of everything ----------------------------------------------


def test_a_hostile_everything_still_gives_one_line_refusals(capsys, store_path: Path, user_dir: Path) -> None:
    """A FIFO, a directory and a device as format files in the library: listed, never waited on."""
    os.mkfifo(user_dir / "fifo.toml")
    (user_dir / "dir.toml").mkdir()
    (user_dir / "zero.toml").symlink_to("/dev/zero")
    code, out, err = cli(capsys, "--db", str(store_path), "formats", "list")
    assert code == 0
    for name in ("fifo", "dir", "zero"):
        assert f"skipped {user_dir / name}.toml: cannot be read: not a regular file" in err
    code, out, err = cli(capsys, "--db", str(store_path), "formats", "check")
    assert code == 2 and err.count("not a regular file") == 3


def test_formats_edit_with_a_nul_or_hidden_name_is_refused(capsys, store_path: Path) -> None:
    for format_id in ("a\x00b", ".hidden", ".."):
        code, _, err = cli(capsys, "--db", str(store_path), "formats", "edit", format_id)
        assert code == 2 and err.startswith("retro: No format with id"), err


def test_every_human_line_is_written_through_one_function() -> None:
    """`echo` (and `ask`) in retro/cli/common.py are where text is made visible; a command
    writing past them would write user text raw. JSON and `formats export` write their own, exactly."""
    root = Path(__file__).resolve().parents[2] / "retro" / "cli"
    allowed = {("common.py", "click.echo("), ("common.py", "click.prompt("),
               ("common.py", "sys.stdout.write("), ("formats.py", "sys.stdout.write(")}
    found = []
    for module in ("main.py", "common.py", "run.py", "kata.py", "formats.py", "info.py", "export.py"):
        source = (root / module).read_text(encoding="utf-8")
        for call in ("click.echo(", "click.secho(", "click.prompt(", "print(", "sys.stdout.write(",
                     "sys.stderr.write("):
            if call in source and (module, call) not in allowed:
                found.append((module, call))
    assert found == []
