"""The catalogue: user formats override built-ins of the same id; a broken, unreadable or
non-UTF-8 file is skipped with its problem and never stops the others from loading."""

from __future__ import annotations

from pathlib import Path

from retro.store.catalog import load_catalog, load_file
from retro.domain.format import FormatError
from retro.paths import builtin_formats_dir, user_formats_dir

import pytest


def builtin_text(format_id: str = "hybrid-experiments") -> str:
    return (builtin_formats_dir() / f"{format_id}.toml").read_text(encoding="utf-8")


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    path = tmp_path / "formats"
    path.mkdir()
    return path


def test_builtins_load_from_the_repo_formats_dir() -> None:
    catalog = load_catalog()
    assert len(catalog.formats) >= 12
    assert all(f.builtin for f in catalog.formats.values())
    assert catalog.get("hybrid-experiments").source.endswith("hybrid-experiments.toml")


def test_user_formats_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RETRO_FORMATS_DIR", str(tmp_path / "mine"))
    assert user_formats_dir() == tmp_path / "mine"
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "x.toml").write_text(builtin_text().replace('id = "hybrid-experiments"', 'id = "x"'),
                                              encoding="utf-8")
    assert load_catalog().get("x") is not None


def test_user_format_overrides_builtin_of_the_same_id(user_dir: Path) -> None:
    text = builtin_text().replace('name = "Hybrid retro: from what happened to experiments"', 'name = "Our own hybrid"')
    (user_dir / "my-hybrid.toml").write_text(text, encoding="utf-8")
    catalog = load_catalog(user_dir=user_dir)
    fmt = catalog.get("hybrid-experiments")
    assert fmt.name == "Our own hybrid"
    assert not fmt.builtin and fmt.source == str(user_dir / "my-hybrid.toml")
    assert catalog.overridden["hybrid-experiments"].builtin
    assert [f.id for f in catalog.sorted()].count("hybrid-experiments") == 1


def test_broken_user_file_is_skipped_with_its_problems_and_the_rest_load(user_dir: Path) -> None:
    (user_dir / "broken.toml").write_text(builtin_text().replace('kind = "vote"', 'kind = "poll"'), encoding="utf-8")
    (user_dir / "fine.toml").write_text(builtin_text().replace('id = "hybrid-experiments"', 'id = "fine"'),
                                        encoding="utf-8")
    catalog = load_catalog(user_dir=user_dir)
    assert catalog.get("fine") is not None
    [skipped] = catalog.skipped
    assert skipped.path == str(user_dir / "broken.toml")
    [problem] = skipped.problems
    expected_line = 1 + builtin_text().splitlines().index('kind = "vote"')
    assert problem.line == expected_line and "phases[4].kind: unknown kind \"poll\"" in problem.message
    assert catalog.get("hybrid-experiments").builtin  # the broken copy did not hide the built-in


def test_unreadable_file_is_skipped(user_dir: Path) -> None:
    # A directory named like a format: reading it fails for every user, root included.
    (user_dir / "folder.toml").mkdir()
    catalog = load_catalog(user_dir=user_dir)
    [skipped] = catalog.skipped
    assert skipped.path.endswith("folder.toml")
    assert "cannot be read" in skipped.problems[0].message
    assert len(catalog.formats) >= 12


def test_non_utf8_file_is_skipped_with_a_plain_reason(user_dir: Path) -> None:
    text = builtin_text("hybrid-experiments-sv").replace('id = "hybrid-experiments-sv"', 'id = "latin"')
    (user_dir / "latin.toml").write_bytes(text.replace("–", "-").encode("latin-1"))  # å, ä, ö as single bytes
    catalog = load_catalog(user_dir=user_dir)
    assert catalog.get("latin") is None
    [skipped] = catalog.skipped
    assert "not UTF-8" in skipped.problems[0].message
    with pytest.raises(FormatError) as info:
        load_file(user_dir / "latin.toml")
    assert str(info.value).startswith(str(user_dir / "latin.toml") + ": cannot be read")


def test_byte_order_mark_is_accepted(user_dir: Path) -> None:
    text = builtin_text().replace('id = "hybrid-experiments"', 'id = "bom"')
    (user_dir / "bom.toml").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert load_catalog(user_dir=user_dir).get("bom") is not None


def test_two_user_files_with_one_id_keep_the_first_and_skip_the_second(user_dir: Path) -> None:
    text = builtin_text().replace('id = "hybrid-experiments"', 'id = "twin"')
    (user_dir / "a.toml").write_text(text, encoding="utf-8")
    (user_dir / "b.toml").write_text(text, encoding="utf-8")
    catalog = load_catalog(user_dir=user_dir)
    assert catalog.get("twin").source == str(user_dir / "a.toml")
    [skipped] = catalog.skipped
    assert skipped.path == str(user_dir / "b.toml")
    assert skipped.problems[0].line == 4 and "already used by" in skipped.problems[0].message


def test_missing_user_dir_is_not_an_error(tmp_path: Path) -> None:
    catalog = load_catalog(user_dir=tmp_path / "nowhere")
    assert catalog.skipped == [] and len(catalog.formats) >= 12
    assert not (tmp_path / "nowhere").exists()  # loading never creates directories


def test_reload_reads_the_same_directories_again(user_dir: Path) -> None:
    catalog = load_catalog(user_dir=user_dir)
    assert catalog.get("late") is None
    (user_dir / "late.toml").write_text(builtin_text().replace('id = "hybrid-experiments"', 'id = "late"'),
                                        encoding="utf-8")
    assert catalog.reload().get("late") is not None
