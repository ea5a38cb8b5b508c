"""The SQLite file behind the personal store: creating it, checking it, setting it up.

The file is made on the first write (:func:`blank_log` stands in until then, so a
reader, such as an SSH key that only looks, leaves nothing on disk), 0600 in a 0700
directory, and must be a regular file; a database that belongs to another program or a
newer fasci-tui is refused without being written;
WAL mode is switched on and the missing schema steps run (:mod:`.migrations`). A damaged
file is moved aside, never deleted. sqlite3 and OS errors become
:class:`~fasci_tui.store.api.StoreError` messages that say what to do. Split out of
:mod:`fasci_tui.store.sqlite`, which holds the store's reads and writes.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from fasci_tui.store.api import StoreBusy, StoreDamaged, StoreError
from fasci_tui.store.migrations import (
    APPLICATION_ID,
    LEGACY_STATE_FILE,
    SCHEMA_VERSION,
    header,
    migrate,
    reason,
    rename_unique,
)

DB_FILE = "personal.sqlite3"
"""The database's file name inside the state directory."""

BUSY_TIMEOUT = 10.0
"""Seconds a writer waits for another one before giving up."""

def move_aside(directory: Path) -> Path:
    """Rename a damaged database (and its WAL files) to ``…damaged-<time>``; return it.

    Nothing is deleted or overwritten; the next open starts a new, empty file.
    """
    path = directory / DB_FILE
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = rename_unique(path, f".damaged-{stamp}")
    for extra in ("-wal", "-shm"):
        side = path.with_name(path.name + extra)
        if side.exists():
            with contextlib.suppress(OSError):
                os.rename(side, target.with_name(target.name + extra))
    return target


def on_disk(directory: Path) -> bool:
    """True when ``directory`` holds a log, or the older checklist file to move into one."""
    return any(os.path.lexists(directory / name) for name in (DB_FILE, LEGACY_STATE_FILE))


def connect_file(directory: Path, path: Path) -> tuple[sqlite3.Connection, list[str]]:
    """Open (creating, checking and migrating as needed) the log file; its notices."""
    prepare_file(directory, path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT, isolation_level=None,
                               check_same_thread=False)
    except sqlite3.Error as exc:
        raise store_error(exc, path, "open your log") from None
    try:
        notices = set_up(conn, path, directory)
    except BaseException:
        conn.close()
        raise
    return conn, notices


def check_creatable(directory: Path) -> None:
    """Raise StoreError unless ``directory`` is, or could be made, a writable directory
    (its nearest existing ancestor is one)."""
    place = directory
    while not os.path.lexists(place) and place.parent != place:
        place = place.parent
    if not place.is_dir() or not os.access(place, os.W_OK | os.X_OK):
        what = "not a directory" if not place.is_dir() else "not writable"
        raise StoreError(f"cannot create the directory {directory} for your log: {place} "
                         f"is {what}")


def blank_log(directory: Path) -> sqlite3.Connection:
    """An empty log in memory, read until the first write makes the file."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn, directory)
    return conn


def prepare_file(directory: Path, path: Path) -> None:
    """Create the directory (0700) and an empty database file (0600) if missing."""
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the directory {directory} for your log: "
                         f"{reason(exc)}") from None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                     0o600)
    except FileExistsError:
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            raise StoreError(f"cannot open your log {path}: {reason(exc)}") from None
        if not stat.S_ISREG(mode):
            raise StoreDamaged(f"your log {path} is not a regular file; it was left as it "
                               "is (move it aside to start a new log)") from None
    except OSError as exc:
        raise StoreError(f"cannot create your log {path}: {reason(exc)}") from None
    else:
        os.close(fd)


def set_up(conn: sqlite3.Connection, path: Path, directory: Path) -> list[str]:
    """Check the file is ours, switch on WAL, and run the missing migrations."""
    with errors(path, "open your log"):
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        version, app_id = header(conn)
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and _has_tables(conn)):
            raise StoreDamaged(f"{path} is a database, but not a fasci-tui log; it was left "
                               "as it is (move it aside to start a new log)")
        if version > SCHEMA_VERSION:
            raise StoreError(f"your log {path} was written by a newer fasci-tui (schema "
                             f"{version}; this one knows up to {SCHEMA_VERSION}); it was "
                             "left as it is: upgrade fasci-tui to use it")
        if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
            raise StoreError(f"cannot switch your log {path} to WAL mode")
        conn.execute("PRAGMA synchronous = FULL")
        if version == SCHEMA_VERSION:
            return []
        return migrate(conn, directory)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0


@contextlib.contextmanager
def errors(path: Path, what: str) -> Iterator[None]:
    """Turn sqlite3 and OS errors into StoreError with a message for the person."""
    try:
        yield
    except sqlite3.Error as exc:
        raise store_error(exc, path, what) from None
    except OSError as exc:
        raise StoreError(f"cannot {what} ({path}): {reason(exc)}") from None


def store_error(exc: sqlite3.Error, path: Path, what: str) -> StoreError:
    """The StoreError (with what to do) for a sqlite3 error while doing ``what``."""
    text = str(exc)
    lower = text.lower()
    if isinstance(exc, sqlite3.ProgrammingError):
        return StoreError(f"cannot {what}: {text}")
    if "not a database" in lower or "malformed" in lower or "encrypted" in lower:
        return StoreDamaged(f"your log {path} is damaged or is not a database ({text}); it "
                            "was left as it is: move it aside to start a new log, or "
                            "restore it from a backup")
    if "locked" in lower or "busy" in lower:
        return StoreBusy(f"cannot {what}: another program kept {path} busy for "
                         f"{BUSY_TIMEOUT:g} s; try again")
    if "readonly" in lower or "read-only" in lower:
        return StoreError(f"cannot {what}: {path} or its directory is read-only")
    if "full" in lower:
        return StoreError(f"cannot {what}: the disk holding {path} is full; nothing was "
                          "changed")
    return StoreError(f"cannot {what} ({path}): {text}")
