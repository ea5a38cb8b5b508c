"""Writing checked records into the SQLite store's tables, inside the caller's transaction.

Split out of :mod:`fasci_tui.store.sqlite`: every function here takes an open connection
in a write transaction and a record already checked, and writes nothing else.
"""

from __future__ import annotations

import sqlite3

from fasci_tui.store.records import DailyEntry, Profile
from fasci_tui.store.results import Answer, LabResult


def put_profile(conn: sqlite3.Connection, profile: Profile) -> None:
    """Replace the one profile row."""
    conn.execute("INSERT OR REPLACE INTO profile (id, sex, age, pregnant, breastfeeding) "
                 "VALUES (1, ?, ?, ?, ?)",
                 (profile.sex, profile.age, int(profile.pregnant), int(profile.breastfeeding)))


def put_entry(conn: sqlite3.Connection, entry: DailyEntry) -> None:
    """Replace one day's rows with ``entry`` (a day with nothing recorded is removed)."""
    day = entry.day.isoformat()
    for table in ("entry", "entry_site", "supplement", "tick"):
        conn.execute(f"DELETE FROM {table} WHERE day = ?", (day,))
    if entry.has_checkin():
        conn.execute("INSERT INTO entry (day, twitch, caffeine, alcohol, sleep, stress, "
                     "exercise, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (day, entry.twitch, entry.caffeine, entry.alcohol, entry.sleep,
                      entry.stress, entry.exercise, entry.note))
        conn.executemany("INSERT INTO entry_site (day, site) VALUES (?, ?)",
                         [(day, site) for site in entry.sites])
        conn.executemany("INSERT INTO supplement (day, position, name, amount, unit) "
                         "VALUES (?, ?, ?, ?, ?)",
                         [(day, n, s.name, s.amount, s.unit)
                          for n, s in enumerate(entry.supplements)])
    conn.executemany("INSERT INTO tick (day, habit) VALUES (?, ?)",
                     [(day, habit) for habit in sorted(entry.habits)])


def put_lab_result(conn: sqlite3.Connection, result: LabResult) -> None:
    """Save ``result``, replacing the same test on the same day."""
    conn.execute("INSERT OR REPLACE INTO lab_result (day, test, value, unit, low, high) "
                 "VALUES (?, ?, ?, ?, ?, ?)",
                 (result.day.isoformat(), result.test, float(result.value), result.unit,
                  result.low, result.high))


def put_answer(conn: sqlite3.Connection, answer: Answer) -> None:
    """Save ``answer``, replacing the same question's answer on that day."""
    conn.execute("INSERT OR REPLACE INTO answer (day, question, yes) VALUES (?, ?, ?)",
                 (answer.day.isoformat(), answer.question, int(bool(answer.yes))))
