"""Personal-store files as older versions of fasci-tui left them (for migration tests)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from fasci_tui.store.migrations import migrate
from fasci_tui.store.sqlite_file import DB_FILE


def file_at_version(directory: Path, version: int) -> None:
    """A database file as an older fasci-tui left it, with something in it."""
    directory.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(directory / DB_FILE, isolation_level=None)
    migrate(conn, directory, target=version)
    if version >= 1:
        conn.execute("INSERT INTO entry (day, twitch, sleep, note) "
                     "VALUES ('2026-01-02', 4, 7.5, 'old')")
        conn.execute("INSERT INTO entry_site (day, site) VALUES ('2026-01-02', 'calves')")
        conn.execute("INSERT INTO profile (id, sex, age) VALUES (1, 'male', 45)")
    conn.close()
