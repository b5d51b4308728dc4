"""The format catalogue's cache: what a file gave is reused only while the file (and the parser)
is unchanged; a stale, damaged or unwritable cache only means the files are read again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import orjson
import pytest

import retro.store.catalog as catalog_module
from retro.store.catalog import cache_path, load_catalog
from retro.paths import builtin_formats_dir

OLD = time.time() - 3600  # an hour ago: old enough to be cached


@pytest.fixture(autouse=True)
def _cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # A file changed in the last 2 s is never cached, and a test writes its files just now
    # (their change time cannot be set back): here every file counts as old enough, but one.
    monkeypatch.setattr(catalog_module, "RACY_NS", -1)
    return tmp_path / "cache"


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    path = tmp_path / "formats"
    path.mkdir()
    return path


def builtin_text(format_id: str = "hybrid-experiments") -> str:
    return (builtin_formats_dir() / f"{format_id}.toml").read_text(encoding="utf-8")


def write_old(path: Path, text: str, when: float = OLD) -> None:
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when, when))


def cached_files() -> dict[str, dict]:
    return orjson.loads(cache_path().read_bytes())["files"]


def uncached(user_dir: Path | None = None) -> catalog_module.Catalog:
    """The catalogue read from the files alone, as before there was a cache."""
    catalog = catalog_module.Catalog()
    nowhere = catalog_module._Cache(Path("/nonexistent/retro-cache.json"))
    catalog_module._load_dir(builtin_formats_dir(), True, catalog, nowhere)
    if user_dir is not None:
        catalog_module._load_dir(user_dir, False, catalog, nowhere)
    return catalog


def test_the_cache_lives_in_the_user_cache_dir(_cache_home: Path) -> None:
    assert cache_path() == _cache_home / "retro" / "formats.json"


def test_a_cached_catalogue_equals_the_one_read_from_the_files(user_dir: Path) -> None:
    write_old(user_dir / "mine.toml", builtin_text().replace('id = "hybrid-experiments"', 'id = "mine"'))
    write_old(user_dir / "broken.toml", builtin_text().replace('kind = "vote"', 'kind = "poll"'))
    first = load_catalog(user_dir=user_dir)
    assert cache_path().exists()
    second = load_catalog(user_dir=user_dir)  # from the cache
    expected = uncached(user_dir)
    assert first.formats == second.formats == expected.formats
    assert first.skipped == second.skipped == expected.skipped
    assert [s.path for s in second.skipped] == [str(user_dir / "broken.toml")]
    assert "poll" in second.skipped[0].problems[0].message


def test_the_cache_is_what_is_read_while_the_file_is_unchanged(user_dir: Path) -> None:
    """Proof the cache is used at all: an entry changed behind its back is what comes out."""
    write_old(user_dir / "mine.toml", builtin_text().replace('id = "hybrid-experiments"', 'id = "mine"'))
    load_catalog(user_dir=user_dir)
    data = orjson.loads(cache_path().read_bytes())
    data["files"][f"user:{user_dir / 'mine.toml'}"]["format"]["name"] = "From the cache"
    cache_path().write_bytes(orjson.dumps(data))
    assert load_catalog(user_dir=user_dir).get("mine").name == "From the cache"


def test_a_changed_file_is_read_again(user_dir: Path) -> None:
    path = user_dir / "mine.toml"
    write_old(path, builtin_text().replace('id = "hybrid-experiments"', 'id = "mine"'))
    assert load_catalog(user_dir=user_dir).get("mine").name.startswith("Hybrid retro")
    # The same size: only the stat's times (and perhaps the inode) tell.
    text = path.read_text(encoding="utf-8").replace("Hybrid retro", "Hybrid RETRO")
    write_old(path, text, when=OLD + 10)
    assert load_catalog(user_dir=user_dir).get("mine").name.startswith("Hybrid RETRO")
    # An edit in place that makes it broken.
    write_old(path, text.replace('kind = "vote"', 'kind = "poll"'), when=OLD + 20)
    catalog = load_catalog(user_dir=user_dir)
    assert catalog.get("mine") is None
    assert [s.path for s in catalog.skipped] == [str(path)]


def test_a_file_changed_just_now_is_not_cached(user_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_module, "RACY_NS", 2_000_000_000)
    (user_dir / "fresh.toml").write_text(builtin_text().replace('id = "hybrid-experiments"', 'id = "fresh"'),
                                         encoding="utf-8")
    assert load_catalog(user_dir=user_dir).get("fresh") is not None
    files = cached_files()
    assert f"user:{user_dir / 'fresh.toml'}" not in files
    assert f"builtin:{builtin_formats_dir() / 'hybrid-experiments.toml'}" in files


def test_a_removed_file_leaves_catalogue_and_cache(user_dir: Path) -> None:
    write_old(user_dir / "gone.toml", builtin_text().replace('id = "hybrid-experiments"', 'id = "gone"'))
    assert load_catalog(user_dir=user_dir).get("gone") is not None
    (user_dir / "gone.toml").unlink()
    assert load_catalog(user_dir=user_dir).get("gone") is None
    assert f"user:{user_dir / 'gone.toml'}" not in cached_files()


def test_duplicate_ids_are_still_found_with_their_line(user_dir: Path) -> None:
    text = builtin_text().replace('id = "hybrid-experiments"', 'id = "twin"')
    write_old(user_dir / "a.toml", text)
    write_old(user_dir / "b.toml", text)
    for _ in range(2):  # read, then from the cache
        catalog = load_catalog(user_dir=user_dir)
        [skipped] = catalog.skipped
        assert skipped.path == str(user_dir / "b.toml")
        assert skipped.problems[0].line == 1 + text.splitlines().index('id = "twin"')
        assert "already used by" in skipped.problems[0].message


@pytest.mark.parametrize("damage", [b"", b"{not json", b"[]", b'{"version": 1, "files": {"x": 3}}', b'{"version": 99}'])
def test_a_damaged_or_foreign_cache_is_ignored_and_replaced(damage: bytes) -> None:
    load_catalog()
    cache_path().write_bytes(damage)
    assert load_catalog().formats == uncached().formats
    assert len(cached_files()) >= 12  # rewritten whole


def test_an_entry_for_other_code_is_not_used(user_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_old(user_dir / "mine.toml", builtin_text().replace('id = "hybrid-experiments"', 'id = "mine"'))
    load_catalog(user_dir=user_dir)
    data = orjson.loads(cache_path().read_bytes())
    data["files"][f"user:{user_dir / 'mine.toml'}"]["format"]["name"] = "Stale"
    cache_path().write_bytes(orjson.dumps(data))
    monkeypatch.setattr(catalog_module, "_code_stamp", lambda: [[1, 2, 3, 4]])  # the parser changed
    assert load_catalog(user_dir=user_dir).get("mine").name.startswith("Hybrid retro")


def test_an_unwritable_cache_dir_changes_nothing(_cache_home: Path) -> None:
    _cache_home.mkdir()
    (_cache_home / "retro").write_text("a file where the folder should be", encoding="utf-8")
    assert load_catalog().formats == uncached().formats
