"""Writing formats: the commented TOML reads back to the same format, comments follow the
format's language, new files never overwrite, and the editor is found the usual way."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from retro.store.catalog import load_catalog
from retro.domain.format import parse_format
from retro.store.format_files import (
    Taken,
    check_file,
    check_new_id,
    derive,
    editor_command,
    render_format,
    replace_file,
    write_new,
)

CATALOG = load_catalog()


@pytest.mark.parametrize("format_id", sorted(CATALOG.formats))
def test_every_builtin_renders_to_toml_that_reads_back_identically(format_id: str) -> None:
    fmt = CATALOG.get(format_id)
    text = render_format(fmt, based_on=[format_id])
    again = parse_format(text)
    assert again.to_dict() == fmt.to_dict()
    assert again.phases == fmt.phases and again.hybrid_notes == fmt.hybrid_notes


@pytest.mark.parametrize("language", ["en", "sv"])
def test_an_anonymous_format_stays_anonymous_when_written_or_composed(language: str) -> None:
    """Saving a format from the builder or copying it must not drop `anonymous = true`: its
    retros would start named, and people's names would be stored after all."""
    from dataclasses import replace

    from retro.domain.format_draft import Draft

    fmt = replace(CATALOG.get("hybrid-experiments"), anonymous=True, language=language)
    assert parse_format(render_format(fmt)).anonymous is True
    composed = Draft.from_format(fmt).to_format("ours", "Ours", language, "Ours, without names.")
    assert composed.anonymous is True
    assert parse_format(render_format(composed)).anonymous is True
    assert "anonymous" not in render_format(replace(fmt, anonymous=False))


def test_comments_explain_each_field_once_in_the_formats_language() -> None:
    english = render_format(CATALOG.get("hybrid-experiments"), path="/x/h.toml")
    assert english.startswith("# A retro format for `retro`. Check it with: retro formats check /x/h.toml")
    for words in ("# id:", "# name:", "# language:", "# summary:", "# minutes:", "# hybrid_notes",
                  "# check-in:", "# review:", "# gather:", "# group:", "# vote:", "# discuss:", "# decide:", "# close:"):
        assert english.count(words) == 1, words
    swedish = render_format(CATALOG.get("hybrid-experiments-sv"))
    assert "# Ett retroformat för `retro`" in swedish and "# gather: alla skriver lappar" in swedish
    assert "A retro format" not in swedish


def test_a_kind_is_explained_at_its_first_phase_only() -> None:
    fmt = CATALOG.get("hybrid-experiments")
    doubled = derive(fmt, "twice")
    doubled = doubled.__class__(**{**doubled.__dict__, "phases": fmt.phases + (fmt.phases[0],)})
    assert render_format(doubled).count("# check-in:") == 1


def test_derive_copies_under_a_new_id_and_language() -> None:
    base = CATALOG.get("sailboat")
    copy = derive(base, "segel", "sv")
    assert (copy.id, copy.language, copy.name, copy.builtin, copy.source) == ("segel", "sv", "Sailboat (kopia)", False, "")
    assert copy.phases == base.phases
    assert derive(base, "mine").name == "Sailboat (copy)"
    assert derive(base, "mine", name="Ours").name == "Ours"


def test_check_new_id(tmp_path: Path) -> None:
    catalog = load_catalog(user_dir=tmp_path)
    assert check_new_id(catalog, "fresh") == tmp_path / "fresh.toml"
    with pytest.raises(Taken) as info:
        check_new_id(catalog, "sailboat")
    assert str(info.value).endswith("sailboat.toml")
    (tmp_path / "broken.toml").write_text("nonsense = [", encoding="utf-8")
    with pytest.raises(Taken):
        check_new_id(catalog.reload(), "broken")
    with pytest.raises(ValueError):
        check_new_id(catalog, "Not an id")


def test_write_new_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "new.toml"
    write_new(path, "first")
    assert path.read_text(encoding="utf-8") == "first"
    with pytest.raises(FileExistsError):
        write_new(path, "second")
    assert path.read_text(encoding="utf-8") == "first"
    assert sorted(p.name for p in path.parent.iterdir()) == ["new.toml"]  # no temp files left
    replace_file(path, "third")
    assert path.read_text(encoding="utf-8") == "third"
    assert sorted(p.name for p in path.parent.iterdir()) == ["new.toml"]


def test_check_file_reports_problems_with_lines(tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    path.write_text(render_format(CATALOG.get("4ls")).replace("votes_per_person = 3", "votes_per_person = 0"),
                    encoding="utf-8")
    fmt, problems = check_file(path)
    assert fmt is None
    [problem] = problems
    assert problem.line == 1 + path.read_text(encoding="utf-8").splitlines().index("votes_per_person = 0")
    path.write_text(render_format(CATALOG.get("4ls")), encoding="utf-8")
    fmt, problems = check_file(path)
    assert fmt is not None and fmt.id == "4ls" and problems == []


def test_editor_command_prefers_visual_then_editor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", "code --wait")
    monkeypatch.setenv("EDITOR", "nano")
    assert editor_command() == ["code", "--wait"]
    monkeypatch.delenv("VISUAL")
    assert editor_command() == ["nano"]
    monkeypatch.setenv("EDITOR", f"{shlex.quote('/opt/my editor/bin/ed')} -n")
    assert editor_command() == ["/opt/my editor/bin/ed", "-n"]
    monkeypatch.delenv("EDITOR")
    monkeypatch.setenv("PATH", "/nonexistent")
    assert editor_command() is None
