"""The personal store's schema steps: :data:`MIGRATIONS` and the code that runs them.

The schema's version is SQLite's ``user_version``; each :class:`Migration` takes the file
from ``version - 1`` to ``version`` and runs in the same transaction as its version bump.
Step 2 moves the old checklist file (``state.json``) in. Split out of
:mod:`fasci_tui.store.sqlite`, which opens the file and calls :func:`migrate`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from fasci_tui.store.records import today

APPLICATION_ID = 0x46415343
"""Written into the file's header ('FASC'), so another program's database is refused."""

LEGACY_STATE_FILE = "state.json"
LEGACY_BACKUP_SUFFIX = ".migrated"

_SCHEMA_V1 = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        sex TEXT NOT NULL CHECK (sex IN ('female', 'male')),
        age INTEGER NOT NULL,
        pregnant INTEGER NOT NULL DEFAULT 0,
        breastfeeding INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE entry (
        day TEXT PRIMARY KEY,
        twitch INTEGER, caffeine INTEGER, alcohol INTEGER, sleep REAL, stress INTEGER,
        exercise TEXT, note TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE entry_site (
        day TEXT NOT NULL, site TEXT NOT NULL, PRIMARY KEY (day, site)) WITHOUT ROWID""",
    """CREATE TABLE supplement (
        day TEXT NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
        amount REAL NOT NULL, unit TEXT NOT NULL,
        PRIMARY KEY (day, position)) WITHOUT ROWID""",
    """CREATE TABLE tick (
        day TEXT NOT NULL, habit TEXT NOT NULL, PRIMARY KEY (day, habit)) WITHOUT ROWID""",
    "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

class MigrationContext:
    """What a migration step may need besides the connection."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.notices: list[str] = []
        self.after_commit: list[Callable[[], None]] = []


class Migration(NamedTuple):
    """One step of the schema: it takes the file from ``version - 1`` to ``version``."""

    version: int
    what: str
    apply: Callable[[sqlite3.Connection, MigrationContext], None]


def _create_tables(conn: sqlite3.Connection, ctx: MigrationContext) -> None:
    for statement in _SCHEMA_V1:
        conn.execute(statement)


def _import_checklist_state(conn: sqlite3.Connection, ctx: MigrationContext) -> None:
    """Move the checklist file's ticks (today's) and disclaimer flag in; keep the file."""
    from fasci_tui.state import StateFormatError, parse_state, read_state_text

    path = ctx.directory / LEGACY_STATE_FILE
    try:
        state = parse_state(read_state_text(path))
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError, StateFormatError) as exc:
        ctx.notices.append(f"The checklist file {path} could not be read ({reason(exc)}); "
                           "it was left as it is and its ticks were not moved in.")
        return
    day = today().isoformat()
    conn.executemany("INSERT OR IGNORE INTO tick (day, habit) VALUES (?, ?)",
                     [(day, habit) for habit in sorted(state.checked)])
    if state.disclaimer_acknowledged:
        conn.execute("INSERT OR REPLACE INTO setting (key, value) "
                     "VALUES ('disclaimer_acknowledged', '1')")

    def keep_as_backup() -> None:
        from fasci_tui.store.sqlite_file import DB_FILE  # loaded: it runs this step

        try:
            backup = rename_unique(path, LEGACY_BACKUP_SUFFIX)
        except OSError as exc:
            ctx.notices.append(f"Your checklist ticks are now in the log, but {path} could "
                               f"not be renamed ({reason(exc)}).")
            return
        ctx.notices.append(f"Your checklist ({len(state.checked)} ticks, as today's) is now "
                           f"kept in {DB_FILE}; the old file is kept as {backup.name}.")

    ctx.after_commit.append(keep_as_backup)


def _create_lab_results(conn: sqlite3.Connection, ctx: MigrationContext) -> None:
    conn.execute("""CREATE TABLE lab_result (
        day TEXT NOT NULL, test TEXT NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL,
        low REAL, high REAL, PRIMARY KEY (day, test)) WITHOUT ROWID""")


def _create_answers(conn: sqlite3.Connection, ctx: MigrationContext) -> None:
    conn.execute("""CREATE TABLE answer (
        day TEXT NOT NULL, question TEXT NOT NULL, yes INTEGER NOT NULL CHECK (yes IN (0, 1)),
        PRIMARY KEY (day, question)) WITHOUT ROWID""")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "create the tables", _create_tables),
    Migration(2, "move the checklist state file in", _import_checklist_state),
    Migration(3, "a table for lab results", _create_lab_results),
    Migration(4, "a table for the watch's yes/no answers", _create_answers),
)
"""Every schema step in order; append new ones, never change old ones."""

SCHEMA_VERSION = MIGRATIONS[-1].version
"""The version this code writes."""


def rename_unique(path: Path, suffix: str) -> Path:
    """Rename ``path`` to ``path + suffix`` (or ``-2``, ``-3`` ...), never over a file."""
    for n in range(1, 1000):
        target = path.with_name(path.name + suffix + (f"-{n}" if n > 1 else ""))
        try:
            os.link(path, target)
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links: check, then rename
            if target.exists():
                continue
            os.rename(path, target)
            return target
        os.unlink(path)
        return target
    raise OSError(f"too many earlier copies of {path.name}")


def reason(exc: BaseException) -> str:
    """An error in a few words, for a message to the person."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)


def header(conn: sqlite3.Connection) -> tuple[int, int]:
    """The file's schema version (``user_version``) and ``application_id``."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    return version, app_id


def migrate(conn: sqlite3.Connection, directory: Path,
             target: int = SCHEMA_VERSION) -> list[str]:
    """Run the steps after the file's version up to ``target``, each with its version
    bump in one transaction (another process may be migrating at the same moment)."""
    ctx = MigrationContext(directory)
    for step in MIGRATIONS:
        if step.version > target:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            if header(conn)[0] >= step.version:  # done meanwhile by another process
                conn.execute("ROLLBACK")
                continue
            step.apply(conn, ctx)
            conn.execute(f"PRAGMA user_version = {int(step.version)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            raise
        for action in ctx.after_commit:
            action()
        ctx.after_commit.clear()
    return ctx.notices
