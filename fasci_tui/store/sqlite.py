"""The personal store on SQLite (the standard library's ``sqlite3``).

One file, ``personal.sqlite3``, in the state directory (each ``serve ssh`` client key
already has its own state directory, so each gets its own file). The file is created
0600 and its directory 0700; it runs in WAL mode with ``synchronous=FULL``, so a
committed change survives kill -9 and power loss, and readers never wait for a writer.
Writers wait up to :data:`~fasci_tui.store.sqlite_file.BUSY_TIMEOUT` seconds for one another.

The schema's version is SQLite's ``user_version``; the steps from an empty file to the
current version are in :mod:`fasci_tui.store.migrations`, and opening runs the missing
ones, each in the same transaction as its version bump. A file that is not a database, belongs to
another program, or comes from a newer fasci-tui is never written to: opening raises
:class:`~fasci_tui.store.api.StoreDamaged` or :class:`~fasci_tui.store.api.StoreError`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from fasci_tui.store.api import StoreBusy, StoreDamaged
from fasci_tui.store.migrations import reason
from fasci_tui.store.records import (
    SITES,
    DailyEntry,
    Profile,
    Supplement,
    check_entry,
    check_habit,
    check_habits,
    check_profile,
)
from fasci_tui.store.results import Answer, LabResult, check_answer, check_lab_result
from fasci_tui.store.sqlite_file import (
    DB_FILE,
    blank_log,
    check_creatable,
    connect_file,
    errors,
    move_aside,
    on_disk,
)
from fasci_tui.store.sqlite_rows import put_answer, put_entry, put_lab_result, put_profile

_PERSONAL_TABLES = ("entry", "entry_site", "supplement", "tick", "profile", "lab_result",
                    "answer")
_day = dt.date.fromisoformat
_SITE_ORDER = {site: n for n, site in enumerate(SITES)}


class SqliteStore:
    """The :class:`~fasci_tui.store.api.Store` on one SQLite file. Use :meth:`open`."""

    def __init__(self, conn: sqlite3.Connection, path: Path, notices: list[str],
                 unborn: Path | None = None) -> None:
        self._conn = conn
        self._unborn = unborn
        """The directory whose log file is still to be made (None once it is open)."""
        self.path = path
        self.location = str(path)
        self._notices = notices
        self._lock = threading.RLock()

    # -- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path | None = None, set_aside_damaged: bool = False,
             create: bool = True) -> SqliteStore:
        """Open (creating and migrating as needed) the store in ``directory``.

        The default directory is the state directory (``$FASCI_TUI_STATE_DIR`` or the
        platform's). Raises StoreError (StoreDamaged for a file that is not a readable
        fasci-tui log). With ``set_aside_damaged``, such a file is instead renamed by
        :func:`move_aside` and a new log started, with a notice saying where the old
        one went. With ``create`` False a missing log is made only by the first write
        (until then reads see an empty one), if the directory could hold it.
        """
        if directory is None:
            from fasci_tui.state import state_dir

            directory = state_dir()
        try:
            if not create and not on_disk(directory):  # made by the first write
                check_creatable(directory)
                return cls(blank_log(directory), directory / DB_FILE, [], unborn=directory)
            return cls._open(directory)
        except StoreDamaged as exc:
            if not set_aside_damaged:
                raise
            try:
                aside = move_aside(directory)
            except OSError as move_error:
                raise StoreDamaged(f"{exc} (and it could not be moved aside: "
                                   f"{reason(move_error)})") from None
            store = cls._open(directory)
            store._notices.insert(0, f"Your log could not be read, so it was moved to "
                                     f"{aside} and a new one started. ({exc})")
            return store

    @classmethod
    def _open(cls, directory: Path) -> SqliteStore:
        path = directory / DB_FILE
        conn, notices = connect_file(directory, path)
        return cls(conn, path, notices)

    def _born(self, only_if_there: bool = False) -> None:
        """From the blank log in memory to the file: at the first write, or (with
        ``only_if_there``) once another copy has made it."""
        if self._unborn is None or only_if_there and not on_disk(self._unborn):
            return
        conn, notices = connect_file(self._unborn, self.path)
        self._conn.close()
        self._conn, self._unborn = conn, None
        self._notices += notices

    def close(self) -> None:
        """Close the database connection."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> SqliteStore:
        """The store itself, closed at the end of the ``with`` block."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the store."""
        self.close()

    def take_notices(self) -> list[str]:
        """Notices gathered while opening (e.g. the checklist file moved in), once."""
        notices, self._notices = self._notices, []
        return notices

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when another connection commits."""
        with self._lock, errors(self.path, "read your log"):
            self._born(only_if_there=True)
            return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    # -- plumbing ------------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self, what: str) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query inside sees the same snapshot of the file."""
        with self._lock, errors(self.path, what):
            self._born(only_if_there=True)
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                if self._conn.in_transaction:
                    self._conn.execute("COMMIT")

    @contextlib.contextmanager
    def _writing(self, what: str) -> Iterator[sqlite3.Connection]:
        """A write transaction: everything inside commits together, or nothing does."""
        with self._lock, errors(self.path, what):
            self._born()
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._conn.execute("ROLLBACK")
                raise

    # -- profile -------------------------------------------------------------------

    def profile(self) -> Profile | None:
        """The saved profile, or None."""
        with self._reading("read your profile") as conn:
            row = conn.execute("SELECT sex, age, pregnant, breastfeeding FROM profile "
                               "WHERE id = 1").fetchone()
        if row is None:
            return None
        return Profile(row[0], row[1], bool(row[2]), bool(row[3]))

    def set_profile(self, profile: Profile | None) -> None:
        """Save the profile (checked first), or forget it when None."""
        if profile is not None:
            profile = check_profile(profile)
        with self._writing("save your profile") as conn:
            if profile is None:
                conn.execute("DELETE FROM profile")
            else:
                put_profile(conn, profile)

    # -- entries -------------------------------------------------------------------

    def entry(self, day: dt.date) -> DailyEntry | None:
        """The day's entry with its ticks, or None when nothing is recorded."""
        found = self.entries(day, day)
        return found[0] if found else None

    def save_entry(self, entry: DailyEntry) -> None:
        """Replace the day's check-in and ticks, in one transaction."""
        entry = check_entry(entry)
        with self._writing(f"save the entry for {entry.day}") as conn:
            put_entry(conn, entry)

    def save_entries(self, entries: Iterable[DailyEntry],
                     profile: Profile | None = None, lab_results: Iterable[LabResult] = (),
                     answers: Iterable[Answer] = ()) -> int:
        """Save many entries (and ``profile``, lab results and answers when given) in ONE
        transaction; all are checked before anything is written. Returns the entries'
        count."""
        checked = [check_entry(e) for e in entries]
        results = [check_lab_result(r) for r in lab_results]
        replies = [check_answer(a) for a in answers]
        if profile is not None:
            profile = check_profile(profile)
        with self._writing(f"save {len(checked)} entries") as conn:
            for entry in checked:
                put_entry(conn, entry)
            for result in results:
                put_lab_result(conn, result)
            for reply in replies:
                put_answer(conn, reply)
            if profile is not None:
                put_profile(conn, profile)
        return len(checked)

    def entries(self, since: dt.date | None = None,
                until: dt.date | None = None) -> list[DailyEntry]:
        """Days with a check-in or ticks from ``since`` to ``until``, oldest first."""
        low = since.isoformat() if since else "0000-00-00"
        high = until.isoformat() if until else "9999-99-99"
        span = (low, high)
        with self._reading("read your log") as conn:
            rows = conn.execute("SELECT day, twitch, caffeine, alcohol, sleep, stress, "
                                "exercise, note FROM entry WHERE day BETWEEN ? AND ?",
                                span).fetchall()
            sites = conn.execute("SELECT day, site FROM entry_site WHERE day BETWEEN ? AND ?",
                                 span).fetchall()
            supplements = conn.execute("SELECT day, name, amount, unit FROM supplement "
                                       "WHERE day BETWEEN ? AND ? ORDER BY day, position",
                                       span).fetchall()
            ticks = conn.execute("SELECT day, habit FROM tick WHERE day BETWEEN ? AND ?",
                                 span).fetchall()
        site_sets: dict[str, set[str]] = {}
        for day, site in sites:
            site_sets.setdefault(day, set()).add(site)
        taken: dict[str, list[Supplement]] = {}
        for day, name, amount, unit in supplements:
            taken.setdefault(day, []).append(Supplement(name, amount, unit))
        ticked: dict[str, set[str]] = {}
        for day, habit in ticks:
            ticked.setdefault(day, set()).add(habit)
        by_day: dict[str, DailyEntry] = {}
        def order(site: str) -> int:
            return _SITE_ORDER.get(site, len(SITES))

        no_sites: set[str] = set()
        for day, twitch, caffeine, alcohol, sleep, stress, exercise, note in rows:
            by_day[day] = DailyEntry(
                _day(day), twitch, tuple(sorted(site_sets.get(day, no_sites), key=order)),
                caffeine, alcohol, sleep, stress, exercise, frozenset(ticked.get(day, ())),
                tuple(taken.get(day, ())), note)
        for day, habits in ticked.items():
            if day not in by_day:
                by_day[day] = DailyEntry(_day(day), habits=frozenset(habits))
        return [by_day[day] for day in sorted(by_day)]

    def count_days(self) -> int:
        """How many days have a check-in or ticks."""
        with self._reading("read your log") as conn:
            return int(conn.execute("SELECT count(*) FROM (SELECT day FROM entry "
                                    "UNION SELECT day FROM tick)").fetchone()[0])

    # -- ticks ---------------------------------------------------------------------

    def ticks(self, day: dt.date) -> frozenset[str]:
        """The habit ids ticked on ``day``."""
        with self._reading("read your checklist") as conn:
            rows = conn.execute("SELECT habit FROM tick WHERE day = ?",
                                (day.isoformat(),)).fetchall()
        return frozenset(r[0] for r in rows)

    def set_tick(self, day: dt.date, habit: str, checked: bool) -> frozenset[str]:
        """Tick or untick one habit on ``day``; return the day's ticks."""
        habit = check_habit(habit)
        with self._writing("save your checklist") as conn:
            if checked:
                conn.execute("INSERT OR IGNORE INTO tick (day, habit) VALUES (?, ?)",
                             (day.isoformat(), habit))
            else:
                conn.execute("DELETE FROM tick WHERE day = ? AND habit = ?",
                             (day.isoformat(), habit))
            rows = conn.execute("SELECT habit FROM tick WHERE day = ?",
                                (day.isoformat(),)).fetchall()
        return frozenset(r[0] for r in rows)

    def set_ticks(self, day: dt.date, habits: Iterable[str]) -> frozenset[str]:
        """Replace the day's ticks with ``habits``."""
        chosen = check_habits(list(habits))
        with self._writing("save your checklist") as conn:
            conn.execute("DELETE FROM tick WHERE day = ?", (day.isoformat(),))
            conn.executemany("INSERT INTO tick (day, habit) VALUES (?, ?)",
                             [(day.isoformat(), h) for h in sorted(chosen)])
        return chosen

    # -- settings and wiping -------------------------------------------------------

    def save_lab_result(self, result: LabResult) -> None:
        """Save ``result`` (checked first), replacing the same test on the same day."""
        result = check_lab_result(result)
        with self._writing("save your lab result") as conn:
            put_lab_result(conn, result)

    def lab_results(self, since: dt.date | None = None) -> list[LabResult]:
        """Saved lab results from ``since`` on, oldest first."""
        start = (since or dt.date.min).isoformat()
        with self._reading("read your lab results") as conn:
            rows = conn.execute("SELECT day, test, value, unit, low, high FROM lab_result "
                                "WHERE day >= ? ORDER BY day, test", (start,)).fetchall()
        return [LabResult(dt.date.fromisoformat(day), test, value, unit, low, high)
                for day, test, value, unit, low, high in rows]

    def save_answer(self, answer: Answer) -> None:
        """Save ``answer`` (checked first), replacing the same question's answer that day."""
        self.save_answers([answer])

    def save_answers(self, answers: Iterable[Answer]) -> None:
        """Save ``answers`` (each checked first) in ONE transaction; each replaces its
        question's answer on its day."""
        checked = [check_answer(a) for a in answers]
        with self._writing("save your answers") as conn:
            for answer in checked:
                put_answer(conn, answer)

    def answers(self, since: dt.date | None = None) -> list[Answer]:
        """Saved answers from ``since`` on, oldest first."""
        start = (since or dt.date.min).isoformat()
        with self._reading("read your answers") as conn:
            rows = conn.execute("SELECT day, question, yes FROM answer WHERE day >= ? "
                                "ORDER BY day, question", (start,)).fetchall()
        return [Answer(dt.date.fromisoformat(day), question, bool(yes))
                for day, question, yes in rows]

    def seen_findings(self) -> frozenset[str]:
        """Keys of the watch's findings already shown."""
        with self._reading("read your settings") as conn:
            row = conn.execute("SELECT value FROM setting WHERE key = 'watch_seen'").fetchone()
        return frozenset(row[0].split("\n")) - {""} if row else frozenset()

    def mark_findings_seen(self, keys: Iterable[str]) -> None:
        """Add ``keys`` to the findings shown."""
        with self._writing("save your settings") as conn:
            row = conn.execute("SELECT value FROM setting WHERE key = 'watch_seen'").fetchone()
            seen = set(row[0].split("\n")) - {""} if row else set()
            seen.update(keys)
            conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('watch_seen', ?)",
                         ("\n".join(sorted(seen)),))

    def disclaimer_acknowledged(self) -> bool:
        """Whether the disclaimer was read."""
        with self._reading("read your settings") as conn:
            row = conn.execute("SELECT value FROM setting "
                               "WHERE key = 'disclaimer_acknowledged'").fetchone()
        return row is not None and row[0] == "1"

    def acknowledge_disclaimer(self) -> None:
        """Remember that the disclaimer was read."""
        with self._writing("save your settings") as conn:
            conn.execute("INSERT OR REPLACE INTO setting (key, value) "
                         "VALUES ('disclaimer_acknowledged', '1')")

    def wipe(self) -> None:
        """Delete profile, entries and ticks; then rebuild the file so no copy remains."""
        with self._writing("wipe your log") as conn:
            for table in _PERSONAL_TABLES:
                conn.execute(f"DELETE FROM {table}")
            conn.execute("DELETE FROM setting WHERE key = 'watch_seen'")
        # secure_delete zeroed the freed pages; VACUUM rebuilds the file and the
        # checkpoint empties the WAL, which still held the old pages. If another copy
        # is reading right now these wait for it (busy timeout) or are skipped: the
        # data is deleted either way, and the next checkpoint overwrites the WAL.
        with contextlib.suppress(StoreBusy), self._lock, errors(self.path, "tidy the log"):
            self._conn.execute("VACUUM")
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
