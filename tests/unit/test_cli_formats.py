"""`retro formats …` and `retro info` through the real entry point, in a subprocess, as a script
or a facilitator's shell would call them: exit codes, JSON shapes, one-line refusals, the
editor round trip with a fake editor, and sharing with export/import."""

from __future__ import annotations

import gettext
import io
import json
import os
import shlex
import subprocess
import sys
import tomllib
import zipfile
from importlib.util import find_spec
from pathlib import Path

import pytest

from retro.store.catalog import load_catalog
from retro.domain.format import parse_format
from retro.paths import builtin_formats_dir
from tests.conftest import ROOT

FAKE_EDITOR = """\
import json, os, sys
path = sys.argv[-1]
with open(path, encoding="utf-8") as handle:
    text = handle.read()
for old, new in json.loads(os.environ["FAKE_EDITS"]):
    assert old in text, old
    text = text.replace(old, new, 1)
with open(path, "w", encoding="utf-8") as handle:
    handle.write(text)
with open(path + ".edited", "a", encoding="utf-8") as handle:
    handle.write("x")
"""


def run(cmd: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)


def one_line_refusal(proc: subprocess.CompletedProcess[str], *words: str) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("retro: ") and "Traceback" not in proc.stderr
    for word in words:
        assert word in lines[0]
    return lines[0]


@pytest.fixture
def user_dir(cli_env: dict[str, str]) -> Path:
    return Path(cli_env["RETRO_FORMATS_DIR"])


@pytest.fixture
def editor_env(cli_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    script = tmp_path / "fake_editor.py"
    script.write_text(FAKE_EDITOR, encoding="utf-8")
    env = dict(cli_env)
    env.pop("VISUAL", None)
    env["EDITOR"] = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    return env


def edits(env: dict[str, str], *pairs: tuple[str, str]) -> dict[str, str]:
    return {**env, "FAKE_EDITS": json.dumps(pairs)}


# -- list, show, check, info ------------------------------------------------------------------


def test_list_json_shape(retro_cmd, cli_env) -> None:
    proc = run(retro_cmd, cli_env, "formats", "list", "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert isinstance(data, list) and len(data) >= 12
    by_id = {f["id"]: f for f in data}
    hybrid = by_id["hybrid-experiments"]
    assert {"id", "name", "language", "summary", "minutes", "phases", "source", "builtin"} <= set(hybrid)
    assert hybrid["builtin"] is True and hybrid["source"].endswith("hybrid-experiments.toml")
    kinds = {p["kind"]: p for p in hybrid["phases"]}
    for phase in hybrid["phases"]:
        assert {"kind", "title", "minutes"} <= set(phase)
    assert kinds["gather"]["silent"] is True and kinds["gather"]["columns"][0]["id"] == "worked"
    assert kinds["vote"]["votes_per_person"] == 3
    assert kinds["decide"]["max_experiments"] == 3
    assert kinds["close"]["roti"] is True
    assert "votes_per_person" not in kinds["gather"]  # only each kind's own fields
    assert {f["language"] for f in data} == {"sv", "en"}


def test_show_json_is_the_same_shape_as_a_list_element(retro_cmd, cli_env) -> None:
    listed = {f["id"]: f for f in json.loads(run(retro_cmd, cli_env, "formats", "list", "--json").stdout)}
    proc = run(retro_cmd, cli_env, "formats", "show", "sailboat-sv", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == listed["sailboat-sv"]


def test_show_text_lists_the_phases(retro_cmd, cli_env) -> None:
    proc = run(retro_cmd, cli_env, "formats", "show", "kata-coaching")
    assert proc.returncode == 0
    assert "Kata coaching retro" in proc.stdout and "Obstacles" in proc.stdout and "built-in" in proc.stdout


def test_show_unknown_id_is_one_line_exit_2(retro_cmd, cli_env) -> None:
    one_line_refusal(run(retro_cmd, cli_env, "formats", "show", "no-such-format"), "no-such-format")


def test_check_all_valid_exits_0(retro_cmd, cli_env) -> None:
    proc = run(retro_cmd, cli_env, "formats", "check")
    assert proc.returncode == 0, proc.stderr
    assert "formats are valid" in proc.stdout and proc.stderr == ""


def test_check_with_a_broken_user_file_exits_2_with_path_line(retro_cmd, cli_env, user_dir: Path) -> None:
    user_dir.mkdir(parents=True)
    text = (builtin_formats_dir() / "4ls.toml").read_text(encoding="utf-8")
    text = text.replace('id = "4ls"', 'id = "mine"').replace('color = "purple"', 'color = "violet"')
    (user_dir / "mine.toml").write_text(text, encoding="utf-8")
    (user_dir / "syntax.toml").write_text('id = "s"\nname = "S\n', encoding="utf-8")
    proc = run(retro_cmd, cli_env, "formats", "check")
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    color_line = 1 + text.splitlines().index('color = "violet"')
    assert f"{user_dir / 'mine.toml'}:{color_line}: phases[2].columns[3].color: unknown color \"violet\"" in lines[0]
    assert lines[1].startswith(f"{user_dir / 'syntax.toml'}:2: TOML syntax")


def test_check_given_paths(retro_cmd, cli_env, tmp_path: Path) -> None:
    good = builtin_formats_dir() / "sailboat.toml"
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "bad"\nname = "Bad"\nlanguage = "fi"\nsummary = "s"\nminutes = 5\n', encoding="utf-8")
    assert run(retro_cmd, cli_env, "formats", "check", str(good)).returncode == 0
    proc = run(retro_cmd, cli_env, "formats", "check", str(good), str(bad))
    assert proc.returncode == 2
    assert f"{bad}:3: language: unknown language \"fi\"" in proc.stderr
    assert f"{bad}: phases: missing" in proc.stderr


def test_check_warns_when_minutes_do_not_add_up_but_passes(retro_cmd, cli_env, tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    text = (builtin_formats_dir() / "sailboat.toml").read_text(encoding="utf-8")
    path.write_text(text.replace("minutes = 60", "minutes = 75", 1), encoding="utf-8")
    proc = run(retro_cmd, cli_env, "formats", "check", str(path))
    assert proc.returncode == 0
    assert "warning: the phases add up to 60 min, the format says 75 min" in proc.stderr


def test_info_json(retro_cmd, cli_env) -> None:
    proc = run(retro_cmd, cli_env, "info", "--json")
    assert proc.returncode == 0, proc.stderr
    info = json.loads(proc.stdout)
    assert info["store"] == cli_env["RETRO_DB"]
    assert isinstance(info["schema_version"], int)
    assert info["user_formats"] == cli_env["RETRO_FORMATS_DIR"]
    assert Path(info["builtin_formats"], "hybrid-experiments.toml").is_file()


def test_bare_formats_without_a_terminal_lists_instead_of_waiting(retro_cmd, cli_env) -> None:
    proc = run(retro_cmd, cli_env, "formats")
    assert proc.returncode == 0
    assert "hybrid-experiments" in proc.stdout


# -- new and edit -----------------------------------------------------------------------------


def test_new_writes_a_commented_valid_copy_of_the_starter(retro_cmd, cli_env, user_dir: Path) -> None:
    proc = run(retro_cmd, cli_env, "formats", "new", "our-retro")
    assert proc.returncode == 0, proc.stderr
    path = user_dir / "our-retro.toml"
    assert str(path) in proc.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# A retro format for `retro`")
    assert "# votes_per_person" not in text and "# vote: dot voting. votes_per_person" in text
    fmt = parse_format(text, str(path))
    starter = load_catalog().get("hybrid-experiments")
    assert fmt.id == "our-retro" and fmt.language == "en"
    assert [p.to_dict() for p in fmt.phases] == [p.to_dict() for p in starter.phases]
    listed = {f["id"] for f in json.loads(run(retro_cmd, cli_env, "formats", "list", "--json").stdout)}
    assert "our-retro" in listed


def test_new_from_another_format_in_swedish(retro_cmd, cli_env, user_dir: Path) -> None:
    proc = run(retro_cmd, cli_env, "formats", "new", "segel", "--from", "sailboat", "--lang", "sv")
    assert proc.returncode == 0, proc.stderr
    text = (user_dir / "segel.toml").read_text(encoding="utf-8")
    assert "# Ett retroformat för `retro`" in text and "# Bygger på: sailboat." in text
    fmt = parse_format(text)
    assert fmt.language == "sv" and fmt.name == "Sailboat (kopia)"
    assert [c.id for c in fmt.columns()] == ["wind", "anchors", "rocks", "island"]


@pytest.mark.parametrize("taken", ["hybrid-experiments", "mine"])
def test_new_refuses_an_existing_id_and_leaves_files_alone(retro_cmd, cli_env, user_dir: Path, taken: str) -> None:
    assert run(retro_cmd, cli_env, "formats", "new", "mine").returncode == 0
    before = (user_dir / "mine.toml").read_bytes()
    one_line_refusal(run(retro_cmd, cli_env, "formats", "new", taken, "--from", "sailboat"), "already exists", taken)
    assert (user_dir / "mine.toml").read_bytes() == before
    assert sorted(p.name for p in user_dir.iterdir()) == ["mine.toml"]


def test_new_refuses_a_file_in_the_way_even_if_it_is_broken(retro_cmd, cli_env, user_dir: Path) -> None:
    user_dir.mkdir(parents=True)
    (user_dir / "draft.toml").write_text("half-written = [", encoding="utf-8")
    one_line_refusal(run(retro_cmd, cli_env, "formats", "new", "draft"), "already exists")
    assert (user_dir / "draft.toml").read_text(encoding="utf-8") == "half-written = ["


@pytest.mark.parametrize(("args", "words"), [
    (["Not An Id"], ["not a usable id"]),
    (["x", "--from", "nope"], ["No format with id nope"]),
    (["x", "--lang", "de"], ["--lang"]),
])
def test_new_refuses_bad_input(retro_cmd, cli_env, user_dir: Path, args: list[str], words: list[str]) -> None:
    one_line_refusal(run(retro_cmd, cli_env, "formats", "new", *args), *words)
    assert not user_dir.exists() or not any(user_dir.iterdir())


def test_new_edit_round_trip_with_an_editor(retro_cmd, editor_env, user_dir: Path) -> None:
    env = edits(editor_env, ('name = "Hybrid retro: from what happened to experiments (copy)"', 'name = "Ours"'),
                ("minutes = 60", "minutes = 45"), ("minutes = 15", "minutes = 0"))
    proc = run(retro_cmd, env, "formats", "new", "ours", "--edit")
    # The fake editor made one phase 0 minutes: the problem comes back with its line, file kept.
    assert proc.returncode == 2
    path = user_dir / "ours.toml"
    text = path.read_text(encoding="utf-8")
    bad_line = 1 + text.splitlines().index("minutes = 0")
    lines = proc.stderr.strip().splitlines()
    assert lines[0] == f"{path}:{bad_line}: phases[5].minutes: expected a whole number of at least 1, got 0"
    assert lines[-1].startswith("retro: ") and "kept" in lines[-1]
    assert 'name = "Ours"' in text  # the facilitator's edit is still there, nothing rewritten

    # Fixing it with `retro formats edit` validates again and passes.
    env = edits(editor_env, ("minutes = 0", "minutes = 15"))
    proc = run(retro_cmd, env, "formats", "edit", "ours")
    assert proc.returncode == 0, proc.stderr
    assert "is valid" in proc.stdout
    assert "warning: the phases add up to 60 min, the format says 45 min" in proc.stderr
    assert parse_format(path.read_text(encoding="utf-8")).name == "Ours"


def test_new_edit_without_any_editor_refuses_before_writing(retro_cmd, cli_env, user_dir: Path, tmp_path: Path) -> None:
    env = dict(cli_env)
    env.pop("VISUAL", None)
    env.pop("EDITOR", None)
    env["PATH"] = str(tmp_path / "empty-bin")  # no nano, no vi
    one_line_refusal(run([sys.executable, "-m", "retro"], env, "formats", "new", "x", "--edit"), "$EDITOR")
    assert not (user_dir / "x.toml").exists()


def test_edit_refuses_builtins_and_unknown_ids(retro_cmd, editor_env) -> None:
    one_line_refusal(run(retro_cmd, editor_env, "formats", "edit", "sailboat"), "read-only", "--from sailboat")
    one_line_refusal(run(retro_cmd, editor_env, "formats", "edit", "nope"), "No format with id nope")


# -- export and import ------------------------------------------------------------------------


def test_export_writes_the_file_as_it_is(retro_cmd, cli_env, tmp_path: Path) -> None:
    out = tmp_path / "share" / "sailboat.toml"
    out.parent.mkdir()
    proc = run(retro_cmd, cli_env, "formats", "export", "sailboat", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == (builtin_formats_dir() / "sailboat.toml").read_bytes()  # comments included
    one_line_refusal(run(retro_cmd, cli_env, "formats", "export", "sailboat", "-o", str(out)), "--force")
    assert run(retro_cmd, cli_env, "formats", "export", "4ls", "-o", str(out), "--force").returncode == 0
    assert parse_format(out.read_text(encoding="utf-8")).id == "4ls"


def test_export_to_stdout_and_refusals(retro_cmd, cli_env, tmp_path: Path) -> None:
    proc = run(retro_cmd, cli_env, "formats", "export", "mad-sad-glad-sv")
    assert proc.returncode == 0
    assert parse_format(proc.stdout).id == "mad-sad-glad-sv"
    one_line_refusal(run(retro_cmd, cli_env, "formats", "export", "nope", "-o", str(tmp_path / "x.toml")), "nope")
    one_line_refusal(run(retro_cmd, cli_env, "formats", "export", "4ls", "-o", str(tmp_path)), "directory")
    assert not (tmp_path / "x.toml").exists()


def _shared_file(tmp_path: Path, format_id: str = "colleague", name: str = "From a colleague") -> Path:
    text = (builtin_formats_dir() / "start-stop-continue.toml").read_text(encoding="utf-8")
    text = text.replace('id = "start-stop-continue"', f'id = "{format_id}"').replace(
        'name = "Start, Stop, Continue"', f'name = "{name}"')
    path = tmp_path / f"{format_id}-{abs(hash(name))}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_import_validates_and_adds_the_file_as_it_is(retro_cmd, cli_env, user_dir: Path, tmp_path: Path) -> None:
    shared = _shared_file(tmp_path)
    proc = run(retro_cmd, cli_env, "formats", "import", str(shared))
    assert proc.returncode == 0, proc.stderr
    assert (user_dir / "colleague.toml").read_bytes() == shared.read_bytes()
    shown = json.loads(run(retro_cmd, cli_env, "formats", "show", "colleague", "--json").stdout)
    assert shown["name"] == "From a colleague" and shown["builtin"] is False


def test_import_refuses_duplicates_unless_replace(retro_cmd, cli_env, user_dir: Path, tmp_path: Path) -> None:
    assert run(retro_cmd, cli_env, "formats", "import", str(_shared_file(tmp_path))).returncode == 0
    newer = _shared_file(tmp_path, name="Newer version")
    one_line_refusal(run(retro_cmd, cli_env, "formats", "import", str(newer)), "already exists", "--replace")
    assert "From a colleague" in (user_dir / "colleague.toml").read_text(encoding="utf-8")
    assert run(retro_cmd, cli_env, "formats", "import", str(newer), "--replace").returncode == 0
    assert "Newer version" in (user_dir / "colleague.toml").read_text(encoding="utf-8")
    assert sorted(p.name for p in user_dir.iterdir()) == ["colleague.toml"]


def test_import_over_a_builtin_needs_replace_and_then_overrides_it(retro_cmd, cli_env, user_dir: Path,
                                                                   tmp_path: Path) -> None:
    ours = _shared_file(tmp_path, "sailboat", "Our sailboat")
    one_line_refusal(run(retro_cmd, cli_env, "formats", "import", str(ours)), "already exists", "built-in")
    assert run(retro_cmd, cli_env, "formats", "import", str(ours), "--replace").returncode == 0
    shown = json.loads(run(retro_cmd, cli_env, "formats", "show", "sailboat", "--json").stdout)
    assert shown["name"] == "Our sailboat" and shown["source"] == str(user_dir / "sailboat.toml")
    assert (builtin_formats_dir() / "sailboat.toml").read_text(encoding="utf-8").count("Our sailboat") == 0


def test_import_of_an_invalid_file_writes_nothing(retro_cmd, cli_env, user_dir: Path, tmp_path: Path) -> None:
    bad = _shared_file(tmp_path)
    bad.write_text(bad.read_text(encoding="utf-8").replace('kind = "vote"', 'kind = "poll"'), encoding="utf-8")
    proc = run(retro_cmd, cli_env, "formats", "import", str(bad))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines[0].startswith(f"{bad}:") and 'unknown kind "poll"' in lines[0]
    assert lines[-1] == f"retro: {bad} is not a valid format; nothing was imported"
    assert not user_dir.exists() or not any(user_dir.iterdir())
    one_line_refusal(run(retro_cmd, cli_env, "formats", "import", str(tmp_path / "missing.toml")), "cannot be read")


# -- packaging --------------------------------------------------------------------------------


def test_a_non_editable_wheel_ships_the_builtin_formats(tmp_path: Path) -> None:
    """An installed retro (not the repo checkout) must find its formats: they are force-included
    into the wheel as retro/formats/. Built with the venv's hatchling when present (offline and
    fast), else pip fetches the build backend as it would for `pip install .`."""
    isolation = ["--no-build-isolation"] if find_spec("hatchling") else []
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    [wheel] = tmp_path.glob("retro-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "retro/formats/hybrid-experiments.toml" in names
    shipped = {n.removeprefix("retro/formats/") for n in names if n.startswith("retro/formats/")}
    assert shipped == {p.name for p in builtin_formats_dir().glob("*.toml")}
    for name in shipped:
        tomllib.loads(zipfile.ZipFile(wheel).read(f"retro/formats/{name}").decode())
    # The Swedish catalogue, compiled by the build hook, ships and reads as Swedish; its tooling does not.
    mo = "retro/i18n/locale/sv/LC_MESSAGES/retro.mo"
    assert mo in names and "retro/i18n/build_hook.py" not in names
    catalogue = gettext.GNUTranslations(io.BytesIO(zipfile.ZipFile(wheel).read(mo)))
    assert catalogue.gettext("Quit") == "Avsluta" and catalogue.ngettext("{count} item", "{count} items", 2) == "{count} lappar"
