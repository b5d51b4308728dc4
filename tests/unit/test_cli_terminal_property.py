"""Whatever text comes in — typed as an item, an experiment or a name, or found in a format
file — no ESC, BEL or C1 control from it is ever written to the terminal by any human output of
the command line: the listings, the shows, `formats check`, `info`, and the error lines.

The command line runs in-process (the same `main` the entry point calls) so a few dozen examples
stay quick. The store is also given the text raw, as an older store or another tool could hold
it, since display must be safe whatever the store holds.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retro.cli.main import main
from retro.domain.retro import Participant, Retro
from retro.store import Repository

DRIVES_A_TERMINAL = re.compile("[\x1b\x07\x80-\x9f]")

# Pieces an attacker would use, mixed into arbitrary text so the property also sees them whole.
SEQUENCES = st.sampled_from([
    "\x1b", "\x07", "\x9b", "\x9d", "\x90", "\x1b]52;c;aGk=\x07", "\x1b[2J", "\x1b]8;;http://x\x1b\\", "\x9b2J",
    "\u202e", "\u200b", "\r", "\n", "\t", "\x00", '"', "\\", "[", "{",
])
HOSTILE = st.lists(st.one_of(st.text(max_size=12), SEQUENCES), max_size=6).map("".join)


def toml_text(value: str) -> str:
    def one(c: str) -> str:
        if c in '"\\' or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F:
            return f"\\u{ord(c):04x}"
        return c
    return '"' + "".join(one(c) for c in value) + '"'


def format_file(text: str) -> str:
    """A format whose name, summary, notes, phase titles, prompt, column titles and hint are `text`;
    invalid when `text` is blank, so its problem lines are exercised as well."""
    return f"""\
id = "prop"
name = {toml_text(text)}
language = "en"
summary = {toml_text(text)}
minutes = 10
hybrid_notes = [{toml_text(text)}]

[[phases]]
kind = "check-in"
title = {toml_text(text + "x")}
minutes = 5
prompt = {toml_text(text)}

[[phases]]
kind = "gather"
title = {toml_text("g" + text)}
minutes = 5
silent = false

[[phases.columns]]
id = "c1"
title = {toml_text("c" + text)}
hint = {toml_text(text)}
"""


def broken_file(text: str) -> str:
    """A file whose problems quote `text`: as a key, as a kind and as a colour."""
    return f"""\
id = "broken"
name = "Broken"
language = {toml_text(text)}
summary = "s"
minutes = 5
{toml_text(text or "k")} = 1

[[phases]]
kind = {toml_text(text)}
title = "t"
minutes = 5
"""


def test_no_control_from_user_or_file_text_reaches_the_terminal(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    store = tmp_path / "store.json"
    user_dir = Path(os.environ["RETRO_FORMATS_DIR"])
    user_dir.mkdir(parents=True, exist_ok=True)
    repo = Repository.open(store)

    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(text=HOSTILE, name=HOSTILE)
    def check(text: str, name: str) -> None:
        (user_dir / "prop.toml").write_text(format_file(text), encoding="utf-8")
        (user_dir / "broken.toml").write_text(broken_file(text), encoding="utf-8")
        now = repo.clock.now()
        retro = Retro.start("prop", "team", [Participant("p")], now)
        # Raw, as an older store may hold it: team, names and the format id of a retro.
        retro.team = name
        retro.participants = [Participant(name), Participant(text, remote=True)]
        repo.add(retro)
        db = ["--db", str(store)]
        commands = [
            # Text coming in through the command line (cleaned, limited, or refused in one line).
            ["item", "add", "--retro", retro.id, "--prompt", "c1", f"--author={name}", "--", text or "x"],
            ["item", "add", "--retro", retro.id, "--prompt", "c1", "--", name + text],
            ["kata", "exp", "add", f"--do={text}", f"--expect={name}", f"--owner={name}"],
            ["kata", "challenge", "add", "--", text or "c"],
            # Every human output.
            ["retros", "list"],
            ["retros", "show", retro.id],
            ["kata", "list"],
            ["formats", "list"],
            ["formats", "show", "prop"],
            ["formats", "check"],
            ["formats", "check", str(user_dir / "prop.toml"), str(user_dir / "broken.toml")],
            ["info"],
            # Error lines quoting what was typed.
            ["formats", "show", text],
            ["retros", "show", text],
            ["run", "--resume", text],
            ["item", "add", "--retro", retro.id, "--prompt", text, "x"],
            ["kata", "exp", "add", "--do", "a", "--expect", "b", f"--tc={text}"],
            ["formats", "new", text],
            [text],
        ]
        for args in commands:
            code = main([*db, *args])
            out, err = capsys.readouterr()
            assert code in (0, 2), (args, code, err)
            leaked = DRIVES_A_TERMINAL.findall(out + err)
            assert not leaked, (args, leaked, out, err)
            assert "Traceback" not in err
            if code == 2:
                assert err.startswith("retro: ") or args[:2] == ["formats", "check"], (args, err)

    check()
