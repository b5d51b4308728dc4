"""A damaged store, a full disk, a read-only folder, through the real `retro` command line:
exit code 2, one line on stderr that names the file and suggests a backup, and every byte of
the store left as it was.

The full disk and the read-only folder are REAL here: a 1 MB tmpfs filled to the last byte,
and a read-only bind mount, both inside a private user + mount namespace (`unshare -rm`), so
nothing on the machine is touched. Where unprivileged namespaces are not allowed these two
tests are skipped; the same refusals are also proven in-process (simulated system-call
failures) by tests/unit/test_store_files.py, which always run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from retro.store import SCHEMA_VERSION
from tests.conftest import ROOT
from tests.reliability.conftest import env_for, run

HERE = Path(__file__).resolve().parent

MAIN_DAMAGE = {
    "empty": b"",
    "truncated": b'{"meta": {"1": {"schema_version": 2}}, "challenges": {"1": {"id": "ch-',
    "invalid-json": b'{"meta": {"1": {"schema_version": 2}},, }',
    "not-utf8": b'{"meta": "\xff\xfe"}',
    "wrong-shape-list": b"[]",
    "wrong-shape-table": b'{"meta": {"1": {"schema_version": 2}}, "target_conditions": [{"id": "tc-1"}]}',
    "wrong-shape-document": b'{"meta": {"1": {"schema_version": 2}}, "challenges": {"1": "ch-1"}}',
    "someone-elses-tinydb": b'{"_default": {"1": {"title": "my notes"}}}',
    "newer-schema": b'{"meta": {"1": {"schema_version": %d}}, "challenges": {}}' % (SCHEMA_VERSION + 1),
}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _assert_refused(proc: subprocess.CompletedProcess[str], path: Path) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert str(path) in lines[0]
    assert "backup" in lines[0].lower()
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("content", MAIN_DAMAGE.values(), ids=MAIN_DAMAGE.keys())
def test_retro_info_refuses_a_damaged_store_and_leaves_it_untouched(tmp_path: Path, content: bytes) -> None:
    store = tmp_path / "store.json"
    store.write_bytes(content)
    before = _files(tmp_path)
    proc = run([sys.executable, "-m", "retro", "info"], env_for(store))
    _assert_refused(proc, store)
    assert _files(tmp_path) == before


@pytest.mark.parametrize("damage", ["truncated", "invalid-json", "wrong-shape", "newer-schema", "empty", "bad-document"])
def test_a_damaged_month_file_is_refused_naming_it(seeded: tuple[Path, str, str], damage: str) -> None:
    store, retro_id, _ = seeded
    segment = next(store.parent.glob("store.json.d/kata-*.json"))
    original = segment.read_bytes()
    segment.write_bytes({
        "truncated": original[: len(original) // 3],
        "invalid-json": original.replace(b":", b";", 1),
        "wrong-shape": b'{"meta": {"1": {"schema_version": 2}}, "experiments": [1, 2]}',
        "newer-schema": original.replace(b'"schema_version":2', b'"schema_version":%d' % (SCHEMA_VERSION + 1)),
        "empty": b"",
        "bad-document": b'{"meta": {"1": {"schema_version": 2}}, "experiments": {"1": {"id": "ex-1", "step": 3}}}',
    }[damage])
    before = _files(store.parent)
    for args in (["info"], ["kata", "list", "--json"], ["export", "--to", "csv", "--output", "-"]):
        proc = run([sys.executable, "-m", "retro", *args], env_for(store))
        _assert_refused(proc, segment)
    assert _files(store.parent) == before


# -- a real full disk and a real read-only folder ------------------------------------------------


def _namespaces_work() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


needs_namespaces = pytest.mark.skipif(not _namespaces_work(), reason="unprivileged user+mount namespaces not available")


def _in_namespace(scenario: str, seeded: tuple[Path, str, str], tmp_path: Path) -> dict:
    store, retro_id, _ = seeded
    work = tmp_path / "work"
    work.mkdir()
    proc = subprocess.run(["unshare", "-rm", sys.executable, str(HERE / "in_namespace.py"), scenario,
                           str(store.parent), str(work), retro_id],
                          env=env_for(store), capture_output=True, text=True, timeout=180, cwd=ROOT,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@needs_namespaces
def test_a_really_full_disk_refuses_writes_and_keeps_the_store(seeded: tuple[Path, str, str], tmp_path: Path) -> None:
    result = _in_namespace("full-disk", seeded, tmp_path)
    store = Path(result["mnt"]) / "store.json"
    exp_add, item_add, info, new_store = result["runs"]
    for refused in (exp_add, item_add):
        assert refused["rc"] == 2, refused
        line = refused["stderr"].strip()
        assert "\n" not in line and str(store) in line and "backup" in line.lower()
        assert "No space left on device" in line
    assert info["rc"] == 0 and json.loads(info["stdout"])["counts"]["experiments"] == 60  # reading still works
    assert new_store["rc"] == 2 and "new/store.json" in new_store["stderr"]
    assert result["unchanged"], "a byte of the store changed on the full disk"
    assert result["leftovers"] == []


@needs_namespaces
def test_a_really_read_only_folder_refuses_writes_and_reads_fine(seeded: tuple[Path, str, str], tmp_path: Path) -> None:
    result = _in_namespace("read-only", seeded, tmp_path)
    folder = result["mnt"]
    exp_add, item_add, info, new_store = result["runs"]
    for refused in (exp_add, item_add):
        assert refused["rc"] == 2, refused
        line = refused["stderr"].strip()
        assert "\n" not in line and folder in line and "backup" in line.lower()
        assert "Read-only file system" in line
    assert info["rc"] == 0 and json.loads(info["stdout"])["counts"]["retros"] == 1
    assert new_store["rc"] == 2 and "new" in new_store["stderr"]
    assert result["unchanged"]
    assert result["leftovers"] == []
