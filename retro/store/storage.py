"""Durable files: never torn by a crash, never half-replaced, always private.

TinyDB's own JSONStorage rewrites its file in place: a kill -9 mid-write leaves half a file.
Here every file is written to a temp file in the same directory, flushed and fsynced, then
`os.replace`d over the old one, and the directory is fsynced so the rename itself is durable.

A change that spans several files (a retro and an experiment in different months, a
migration, a restored backup) is made atomic with a small redo journal: all new contents are
written and fsynced as temp files first, then the journal naming them is written atomically,
then the renames happen. A crash before the journal leaves the old store; after it, the next
writer (or open) finishes the renames. Readers never see a torn file at any moment.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

import orjson

from retro.store.errors import NOT_A_FILE, StoreError

Identity = tuple[int, int, int]

# Failures of the folder rather than of the file: the message says so.
_FOLDER_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)


def identity_of(st: os.stat_result) -> Identity:
    """Which version of a file this is. An atomic replace always brings a new inode."""
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def file_kind(mode: int) -> str:
    """What a file that is not a regular one is, in the words a refusal uses."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "a special file"


def require_regular(path: Path, st: os.stat_result) -> None:
    """Refuse anything but a regular file, before it is ever opened: reading a FIFO waits for a
    writer forever, a device can read without end, a directory cannot be replaced by a rename."""
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(NOT_A_FILE, path=path, kind=file_kind(st.st_mode))


def is_folder_problem(exc: OSError) -> bool:
    return exc.errno in _FOLDER_ERRNOS


def _write_all(fd: int, payload: bytes) -> None:
    # os.write rather than a file object: short writes are handled here, and the full-disk
    # tests can make exactly this call fail.
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_temp(path: Path, payload: bytes, mode: int = 0o600) -> Path:
    """Write `payload` durably to a new temp file beside `path`; the caller renames it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        _write_all(fd, payload)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(fd)
    return Path(tmp)


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, payload: bytes, mode: int = 0o600, *, sync_folder: bool = True) -> None:
    """Replace `path` with `payload` so that a crash leaves either the old file or the new one.
    `sync_folder=False` leaves making the rename durable to the caller (one fsync of a folder
    after many files, instead of one per file)."""
    path = Path(path)
    tmp = write_temp(path, payload, mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync_folder:
        fsync_dir(path.parent)


def commit(files: dict[Path, bytes], journal: Path) -> None:
    """Replace every file in `files` at once: after a crash, either all or none are replaced
    (once the journal is recovered). One file needs no journal."""
    if len(files) == 1:
        ((path, payload),) = files.items()
        write_atomically(path, payload)
        return
    temps: list[tuple[Path, Path]] = []
    try:
        for path, payload in files.items():
            temps.append((write_temp(path, payload), path))
        # Names relative to the journal's folder, so a store folder moved after a crash still recovers.
        names = [[os.path.relpath(tmp, journal.parent), os.path.relpath(path, journal.parent)] for tmp, path in temps]
        write_atomically(journal, orjson.dumps({"rename": names}))
    except BaseException:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    _apply_renames(temps, journal)


def _apply_renames(temps: list[tuple[Path, Path]], journal: Path) -> None:
    for tmp, path in temps:
        with contextlib.suppress(FileNotFoundError):  # renamed already, before a crash
            os.replace(tmp, path)
    for directory in {path.parent for _, path in temps}:
        fsync_dir(directory)
    # The journal only names temp files, each used once: a stale journal whose unlink was lost
    # in a crash finds none of them and is harmless.
    with contextlib.suppress(FileNotFoundError):
        os.unlink(journal)


def recover(journal: Path) -> bool:
    """Finish a multi-file commit that a crash interrupted. Call with the lock held."""
    try:
        require_regular(journal, os.lstat(journal))
        raw = journal.read_bytes()
    except FileNotFoundError:
        return False
    try:
        entries = orjson.loads(raw)["rename"]
        pairs = [(Path(tmp), Path(path)) for tmp, path in entries]
        if not all(_inside(tmp) and _inside(path) and tmp.name.endswith(".tmp") for tmp, path in pairs):
            raise ValueError("a journal entry points outside the store")
        temps = [(journal.parent / tmp, journal.parent / path) for tmp, path in pairs]
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
        # A journal is written atomically, so this is not a crash but a hand edit: the temps it
        # might have named are swept as strays, and the store stays as it was.
        temps = []
    _apply_renames(temps, journal)
    return True


def _inside(relative: Path) -> bool:
    return not relative.is_absolute() and ".." not in relative.parts


def stray_temps(directory: Path, prefix: str) -> list[Path]:
    """Temp files a killed writer left behind (only ever removed with the lock held)."""
    try:
        names = os.listdir(directory)
    except FileNotFoundError:
        return []
    return [directory / n for n in names if n.startswith(prefix) and n.endswith(".tmp")]


def parse(payload: bytes) -> Any:
    return orjson.loads(payload)


def dumps(data: Any) -> bytes:
    return orjson.dumps(data)
