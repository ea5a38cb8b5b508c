"""The personal store: records and validation, the sqlite file, migrations, errors."""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest

from fasci_tui.store import DailyEntry, FieldError, Profile, Supplement, open_store, sqlite_file
from fasci_tui.store import sqlite as backend
from fasci_tui.store.api import Store, StoreBusy, StoreDamaged, StoreError
from fasci_tui.store.migrations import APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION
from fasci_tui.store.records import check_entry, check_profile, make_entry, merge_entry
from fasci_tui.store.sqlite import DB_FILE, SqliteStore
from fasci_tui.store.sqlite_file import store_error
from tests.support.store_files import file_at_version

PACKAGE = Path(__file__).resolve().parent.parent / "fasci_tui"
DAY = dt.date(2026, 11, 20)


def full_entry(day: dt.date = DAY, **changes: object) -> DailyEntry:
    """An entry with every field recorded."""
    entry = DailyEntry(day, twitch=3, sites=("eyelid", "calves"), caffeine=2, alcohol=0,
                       sleep=6.5, stress=2, exercise="light",
                       habits=frozenset({"sleep", "stress"}),
                       supplements=(Supplement("magnesium", 200.0, "mg"),
                                    Supplement("vitamin b12", 500.0, "mcg")),
                       note="long day")
    return entry._replace(**changes)


def legacy_state(directory: Path, checked: list[str], ack: bool = True) -> str:
    directory.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"version": 1, "checked": checked, "disclaimer_acknowledged": ack})
    (directory / "state.json").write_text(text)
    return text


# -- layering ----------------------------------------------------------------------


@pytest.mark.parametrize("path", [*sorted((PACKAGE / "store").glob("*.py")),
                                  PACKAGE / "cli_log.py", PACKAGE / "cli_log_args.py",
                                  PACKAGE / "cli_log_files.py",
                                  PACKAGE / "content" / "personal.py"],
                         ids=lambda p: p.name)
def test_store_and_log_modules_import_no_textual(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        assert not any(n.split(".")[0] in ("textual", "rich") for n in names), (path, names)


def test_sqlite_store_satisfies_the_protocol(tmp_path: Path) -> None:
    import inspect

    methods = [n for n, v in vars(Store).items() if inspect.isfunction(v) and n[0] != "_"]
    assert len(methods) >= 14
    for name in methods:
        ours = inspect.signature(getattr(SqliteStore, name))
        assert list(ours.parameters) == list(inspect.signature(getattr(Store, name)).parameters)
    with SqliteStore.open(tmp_path) as store:
        for name in Store.__annotations__:
            assert isinstance(getattr(store, name), str)


# -- validation --------------------------------------------------------------------


@pytest.mark.parametrize(("field", "value", "message"), [
    ("twitch", 11, "twitch: must be a whole number from 0 to 10 (got 11)"),
    ("twitch", -1, "twitch: must be a whole number from 0 to 10 (got -1)"),
    ("twitch", "x", "twitch: must be a whole number from 0 to 10 (got 'x')"),
    ("twitch", 2.5, "twitch: must be a whole number from 0 to 10 (got 2.5)"),
    ("twitch", True, "twitch: must be a whole number from 0 to 10 (got True)"),
    ("stress", 6, "stress: must be a whole number from 0 to 5 (got 6)"),
    ("caffeine", 41, "caffeine: must be a whole number from 0 to 40 (got 41)"),
    ("alcohol", "-2", "alcohol: must be a whole number from 0 to 40 (got '-2')"),
    ("sleep", 25, "sleep: must be a number of hours from 0 to 24 (got 25)"),
    ("sleep", "nan", "sleep: must be a number of hours from 0 to 24 (got 'nan')"),
    ("exercise", "heavy", "exercise: must be one of none, light, hard (got 'heavy')"),
    ("sites", "calves,knee", "sites: unknown site 'knee' (allowed: eyelid, face, tongue, "
                             "arms, hands, legs, calves, feet, whole body, other)"),
    ("habits", ["Sleep!"], "habits: 'Sleep!' is not a habit id"),
    ("supplements", ["magnesium"], 'supplements: expected NAME AMOUNT UNIT, e.g. '
                                   '"magnesium 200 mg"'),
    ("supplements", ["magnesium 200 grains"], "supplements: unit must be one of mg, mcg, g, "
                                              "IU, ml (got 'grains')"),
    ("supplements", ["magnesium 0 mg"], "supplements: amount for 'magnesium' must be a "
                                        "number above 0"),
    ("note", "a\x00b", "note: must not hold control characters (found '\\x00' at "
                       "character 2)"),
    ("note", "x" * 2001, "note: must be at most 2,000 characters (got 2,001)"),
])
def test_bad_values_name_the_field_and_the_range(field: str, value: object,
                                                 message: str) -> None:
    with pytest.raises(FieldError) as caught:
        make_entry(DAY, **{field: value})
    assert str(caught.value).startswith(message)
    assert caught.value.field == field


@pytest.mark.parametrize("day", ["2026-02-30", "30.11.2026", "1969-12-31", "", "2026-1-5"])
def test_bad_dates_are_refused(day: str) -> None:
    with pytest.raises(FieldError, match=r"^date: must be a date YYYY-MM-DD from 1970-01-01"):
        make_entry(day, twitch=1)


def test_future_days_are_refused_but_tomorrow_is_allowed() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert make_entry(tomorrow.isoformat(), twitch=1).day == tomorrow
    with pytest.raises(FieldError, match="date"):
        make_entry(tomorrow + dt.timedelta(days=1), twitch=1)


def test_text_values_are_read_and_normalised() -> None:
    entry = make_entry("2026-11-20", twitch=" 3 ", sites="Whole body; calves,EYELID",
                       caffeine="2", sleep="6,5", exercise="Light",
                       supplements="magnesium 200 mg; Vitamin B12 500 µg; D3 1000 iu",
                       habits="sleep;stress", note="  hi \n there ")
    assert entry == DailyEntry(DAY, 3, ("eyelid", "calves", "whole-body"), 2, None, 6.5, None,
                               "light", frozenset({"sleep", "stress"}),
                               (Supplement("magnesium", 200, "mg"),
                                Supplement("Vitamin B12", 500, "mcg"),
                                Supplement("D3", 1000, "IU")), "hi \n there")
    assert make_entry(DAY, twitch="", sleep=None) == DailyEntry(DAY)
    assert check_entry(entry) == entry


def test_merge_keeps_fields_not_given() -> None:
    old = full_entry()
    merged = merge_entry(old, DAY, {"twitch": "5", "supplements": ["zinc 10 mg"]})
    assert merged == old._replace(twitch=5, supplements=(Supplement("zinc", 10, "mg"),))
    assert merge_entry(None, DAY, {"sleep": "7"}) == DailyEntry(DAY, sleep=7.0)


@pytest.mark.parametrize(("profile", "message"), [
    (Profile("other", 30), "sex: must be one of female, male (got 'other')"),
    (Profile("female", 0), "age: must be a whole number of years from 1 to 120 (got 0)"),
    (Profile("male", 121), "age: must be a whole number of years from 1 to 120 (got 121)"),
    (Profile("female", 30, "yes"), "pregnant: must be true or false (got 'yes')"),  # type: ignore[arg-type]
])
def test_bad_profiles_name_the_field(profile: Profile, message: str) -> None:
    with pytest.raises(FieldError) as caught:
        check_profile(profile)
    assert str(caught.value) == message


# -- the file ----------------------------------------------------------------------


def test_file_is_private_and_directory_is_created_0700(tmp_path: Path) -> None:
    directory = tmp_path / "a" / "state"
    with SqliteStore.open(directory) as store:
        store.save_entry(full_entry())
        for name in (DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm"):
            mode = stat.S_IMODE((directory / name).stat().st_mode)
            assert mode & 0o077 == 0, (name, oct(mode))
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    conn = sqlite3.connect(directory / DB_FILE)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_default_directory_is_the_state_directory(isolated_state: Path) -> None:
    store = open_store()
    store.set_profile(Profile("female", 40))
    store.close()
    assert (isolated_state / DB_FILE).is_file()


def test_round_trip_of_every_record(tmp_path: Path) -> None:
    with SqliteStore.open(tmp_path) as store:
        assert store.profile() is None and store.entries() == [] and store.entry(DAY) is None
        store.set_profile(Profile("female", 34, pregnant=True))
        entry = full_entry()
        store.save_entry(entry)
        store.save_entry(full_entry(DAY + dt.timedelta(days=2), note="later", habits=frozenset()))
        store.set_tick(DAY + dt.timedelta(days=1), "hydration", True)
    with SqliteStore.open(tmp_path) as store:
        assert store.profile() == Profile("female", 34, True, False)
        assert store.entry(DAY) == entry
        days = [e.day for e in store.entries()]
        assert days == [DAY, DAY + dt.timedelta(days=1), DAY + dt.timedelta(days=2)]
        assert store.entries()[1] == DailyEntry(DAY + dt.timedelta(days=1),
                                                habits=frozenset({"hydration"}))
        assert [e.day for e in store.entries(since=DAY + dt.timedelta(days=1))] == days[1:]
        assert [e.day for e in store.entries(until=DAY)] == [DAY]
        assert store.count_days() == 3
        store.set_profile(None)
        assert store.profile() is None


def test_ticks_are_per_day(tmp_path: Path) -> None:
    with SqliteStore.open(tmp_path) as store:
        assert store.set_tick(DAY, "sleep", True) == {"sleep"}
        assert store.set_tick(DAY, "stress", True) == {"sleep", "stress"}
        assert store.set_tick(DAY, "sleep", False) == {"stress"}
        assert store.ticks(DAY + dt.timedelta(days=1)) == frozenset()
        store.save_entry(full_entry(habits=frozenset()) ._replace(twitch=1))
        assert store.ticks(DAY) == frozenset()  # the check-in's habits are the day's ticks
        assert store.set_ticks(DAY, ["hydration", "exercise"]) == {"hydration", "exercise"}
        assert store.entry(DAY).habits == {"hydration", "exercise"}  # type: ignore[union-attr]
        assert store.entry(DAY).twitch == 1  # type: ignore[union-attr]
        assert store.set_ticks(DAY, []) == frozenset()
        with pytest.raises(FieldError, match="habit"):
            store.set_tick(DAY, "", True)


def test_an_empty_entry_removes_the_day(tmp_path: Path) -> None:
    with SqliteStore.open(tmp_path) as store:
        store.save_entry(full_entry())
        store.save_entry(DailyEntry(DAY))
        assert store.entry(DAY) is None and store.count_days() == 0


def test_disclaimer_flag(tmp_path: Path) -> None:
    with SqliteStore.open(tmp_path) as store:
        assert not store.disclaimer_acknowledged()
        store.acknowledge_disclaimer()
    with SqliteStore.open(tmp_path) as store:
        assert store.disclaimer_acknowledged()


def test_invalid_entries_are_refused_before_writing(tmp_path: Path) -> None:
    with SqliteStore.open(tmp_path) as store:
        store.save_entry(full_entry())
        with pytest.raises(FieldError, match="twitch"):
            store.save_entry(full_entry(twitch=12))
        with pytest.raises(FieldError, match="stress"):
            store.save_entries([full_entry(DAY - dt.timedelta(days=1)), full_entry(stress=9)])
        assert store.entries() == [full_entry()]


def _failing_supplement_trigger(directory: Path) -> None:
    """A trigger that makes any insert of a supplement named 'boom' fail mid-save."""
    conn = sqlite3.connect(directory / DB_FILE)
    conn.execute("CREATE TRIGGER boom BEFORE INSERT ON supplement WHEN NEW.name = 'boom' "
                 "BEGIN SELECT RAISE(ABORT, 'boom'); END")
    conn.commit()
    conn.close()


def test_a_check_in_is_one_transaction(tmp_path: Path) -> None:
    """A save that fails half-way (after the old rows were deleted and the new entry row
    written) leaves the day exactly as it was."""
    with SqliteStore.open(tmp_path) as store:
        store.save_entry(full_entry())
    _failing_supplement_trigger(tmp_path)
    with SqliteStore.open(tmp_path) as store:
        bad = full_entry(twitch=9, supplements=(Supplement("zinc", 5, "mg"),
                                                Supplement("boom", 1, "mg")))
        with pytest.raises(StoreError, match="boom"):
            store.save_entry(bad)
        assert store.entry(DAY) == full_entry()
        store.save_entry(full_entry(twitch=9))  # the connection is usable again
        assert store.entry(DAY).twitch == 9  # type: ignore[union-attr]


def test_many_entries_are_saved_all_or_none(tmp_path: Path) -> None:
    with SqliteStore.open(tmp_path) as store:
        store.save_entry(full_entry())
    _failing_supplement_trigger(tmp_path)
    with SqliteStore.open(tmp_path) as store:
        batch = [full_entry(DAY - dt.timedelta(days=n), twitch=n % 11) for n in range(1, 30)]
        batch.append(full_entry(twitch=7, supplements=(Supplement("boom", 1, "mg"),)))
        with pytest.raises(StoreError):
            store.save_entries(batch, Profile("male", 50))
        assert store.entries() == [full_entry()] and store.profile() is None
        assert store.save_entries(batch[:-1], Profile("male", 50)) == 29
        assert store.count_days() == 30 and store.profile() == Profile("male", 50)


def test_wipe_leaves_no_copy_in_the_files(tmp_path: Path) -> None:
    secret = "a very private note 7c1f"
    with SqliteStore.open(tmp_path) as store:
        store.set_profile(Profile("female", 61))
        store.save_entries([full_entry(DAY - dt.timedelta(days=n), note=f"{secret} {n}")
                            for n in range(200)])
        store.acknowledge_disclaimer()
        store.wipe()
        assert store.entries() == [] and store.profile() is None
        assert store.disclaimer_acknowledged()  # not personal data
        for path in tmp_path.iterdir():
            assert secret.encode() not in path.read_bytes(), path.name
        store.save_entry(full_entry())  # still a working log
    with SqliteStore.open(tmp_path) as store:
        assert store.entries() == [full_entry()]


def test_closed_store_raises_a_store_error(tmp_path: Path) -> None:
    store = SqliteStore.open(tmp_path)
    store.close()
    with pytest.raises(StoreError):
        store.entries()


# -- migrations --------------------------------------------------------------------


def test_migrations_are_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert SCHEMA_VERSION == len(MIGRATIONS)


@pytest.mark.parametrize("version", ["none", *range(SCHEMA_VERSION)])
def test_migrates_from_every_earlier_version(tmp_path: Path, version: int | str) -> None:
    """From no file, an empty file, and each older schema, with a checklist file present:
    everything ends at the current version, data kept, the checklist moved in once."""
    directory = tmp_path / "state"
    legacy_state(directory, ["sleep", "stress"])
    if version != "none":
        file_at_version(directory, int(version))
        if version == 0:
            assert (directory / DB_FILE).stat().st_size == 0 or \
                sqlite3.connect(directory / DB_FILE).execute(
                    "PRAGMA user_version").fetchone()[0] == 0
    with SqliteStore.open(directory) as store:
        notices = store.take_notices()
        entries = store.entries()
        if version not in ("none", 0):
            assert store.profile() == Profile("male", 45)
            assert entries[0] == DailyEntry(dt.date(2026, 1, 2), twitch=4,
                                            sites=("calves",), sleep=7.5, note="old")
        assert store.ticks(dt.date.today()) == {"sleep", "stress"}
        assert store.disclaimer_acknowledged()
    if version in ("none", 0, 1):
        assert len(notices) == 1 and "state.json.migrated" in notices[0]
    else:  # the older fasci-tui moved the checklist in already, when it made the file
        assert notices == []
    assert not (directory / "state.json").exists()
    assert (directory / "state.json.migrated").is_file()
    conn = sqlite3.connect(directory / DB_FILE)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_an_empty_existing_file_is_set_up(tmp_path: Path) -> None:
    (tmp_path / DB_FILE).write_bytes(b"")
    with SqliteStore.open(tmp_path) as store:
        store.save_entry(full_entry())
        assert store.entry(DAY) == full_entry()


def test_checklist_file_is_moved_in_once_and_nothing_is_lost(tmp_path: Path) -> None:
    original = legacy_state(tmp_path, ["hydration", "sleep"], ack=False)
    (tmp_path / "state.json.migrated").write_text("an older backup")
    with SqliteStore.open(tmp_path) as store:
        assert store.ticks(dt.date.today()) == {"hydration", "sleep"}
        assert not store.disclaimer_acknowledged()
        notices = store.take_notices()
        assert store.take_notices() == []
    assert "state.json.migrated-2" in notices[0]
    assert (tmp_path / "state.json.migrated").read_text() == "an older backup"
    assert (tmp_path / "state.json.migrated-2").read_text() == original
    legacy_state(tmp_path, ["exercise"])  # written later by an older copy of the app
    with SqliteStore.open(tmp_path) as store:
        assert store.ticks(dt.date.today()) == {"hydration", "sleep"}
        assert store.take_notices() == []
    assert (tmp_path / "state.json").exists()  # not ours to touch any more


@pytest.mark.parametrize("text", ["{not json", '{"version": 7}'])
def test_a_damaged_checklist_file_is_left_alone(tmp_path: Path, text: str) -> None:
    (tmp_path / "state.json").write_text(text)
    with SqliteStore.open(tmp_path) as store:
        assert store.ticks(dt.date.today()) == frozenset()
        notices = store.take_notices()
    assert len(notices) == 1 and "could not be read" in notices[0]
    assert (tmp_path / "state.json").read_text() == text


# -- damaged, foreign, newer, busy, unwritable ---------------------------------------


def test_a_damaged_file_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    garbage = b"this is not a database, it is a shopping list\n" * 200
    (tmp_path / DB_FILE).write_bytes(garbage)
    with pytest.raises(StoreDamaged) as caught:
        SqliteStore.open(tmp_path)
    message = str(caught.value)
    assert str(tmp_path / DB_FILE) in message and "left as it is" in message
    assert (tmp_path / DB_FILE).read_bytes() == garbage


def test_a_file_damaged_inside_is_reported_when_read(tmp_path: Path) -> None:
    with SqliteStore.open(tmp_path) as store:
        store.save_entries([full_entry(DAY - dt.timedelta(days=n), note="x" * 500)
                            for n in range(300)])
    path = tmp_path / DB_FILE
    raw = bytearray(path.read_bytes())
    page = 4096
    raw[page * 2: page * 6] = b"\xff" * (page * 4)  # trash some b-tree pages
    path.write_bytes(bytes(raw))
    damaged = path.read_bytes()
    with pytest.raises(StoreDamaged, match="damaged"):
        with SqliteStore.open(tmp_path) as store:
            store.entries()
    assert path.read_bytes() == damaged


def test_move_aside_keeps_the_damaged_file(tmp_path: Path) -> None:
    (tmp_path / DB_FILE).write_bytes(b"junk" * 100)
    (tmp_path / (DB_FILE + "-wal")).write_bytes(b"wal")
    aside = backend.move_aside(tmp_path)
    assert aside.read_bytes() == b"junk" * 100 and ".damaged-" in aside.name
    assert Path(str(aside) + "-wal").read_bytes() == b"wal"
    with SqliteStore.open(tmp_path) as store:
        assert store.entries() == []


@pytest.mark.parametrize("damage", ["garbage", "directory"])
def test_a_damaged_file_can_be_set_aside_on_request(tmp_path: Path, damage: str) -> None:
    if damage == "garbage":
        (tmp_path / DB_FILE).write_bytes(b"junk" * 1000)
    else:
        (tmp_path / DB_FILE).mkdir()
    with open_store(tmp_path, set_aside_damaged=True) as store:
        store.save_entry(full_entry())
        notices = store.take_notices()
    assert len(notices) == 1 and notices[0].startswith("Your log could not be read, so it "
                                                       "was moved to")
    (aside,) = tmp_path.glob(f"{DB_FILE}.damaged-*")
    assert str(aside) in notices[0]
    if damage == "garbage":
        assert aside.read_bytes() == b"junk" * 1000
    with SqliteStore.open(tmp_path) as store:
        assert store.entries() == [full_entry()]


def test_store_errors_say_what_to_do() -> None:
    path = Path("/x/personal.sqlite3")
    cases = {"database or disk is full": "the disk holding /x/personal.sqlite3 is full; "
                                         "nothing was changed",
             "attempt to write a readonly database": "/x/personal.sqlite3 or its directory "
                                                     "is read-only",
             "database is locked": "another program kept /x/personal.sqlite3 busy"}
    for text, wanted in cases.items():
        error = store_error(sqlite3.OperationalError(text), path, "save it")
        assert str(error).startswith(f"cannot save it: {wanted}")
    assert isinstance(store_error(sqlite3.OperationalError("database is locked"),
                                           path, "x"), StoreBusy)
    assert isinstance(store_error(sqlite3.DatabaseError(
        "database disk image is malformed"), path, "x"), StoreDamaged)


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / DB_FILE)
    conn.execute("CREATE TABLE accounts (id INTEGER, balance REAL)")
    conn.commit()
    conn.close()
    before = (tmp_path / DB_FILE).read_bytes()
    with pytest.raises(StoreDamaged, match="not a fasci-tui log"):
        SqliteStore.open(tmp_path)
    assert (tmp_path / DB_FILE).read_bytes() == before


def test_a_log_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    SqliteStore.open(tmp_path).close()
    conn = sqlite3.connect(tmp_path / DB_FILE)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer fasci-tui"):
        SqliteStore.open(tmp_path)


def test_a_directory_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / DB_FILE).mkdir()
    with pytest.raises(StoreDamaged, match="not a regular file"):
        SqliteStore.open(tmp_path)


def test_a_writer_waits_for_another_then_writes(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Busy timeout: a second writer waits while the first holds the lock."""
    SqliteStore.open(tmp_path).close()
    other = sqlite3.connect(tmp_path / DB_FILE, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO tick (day, habit) VALUES ('2026-01-01', 'sleep')")
    threading.Timer(0.3, lambda: other.execute("COMMIT")).start()
    started = time.monotonic()
    with SqliteStore.open(tmp_path) as store:
        store.save_entry(full_entry())
        assert time.monotonic() - started >= 0.25
        assert store.count_days() == 2
    other.close()
    monkeypatch.setattr(sqlite_file, "BUSY_TIMEOUT", 0.2)
    other = sqlite3.connect(tmp_path / DB_FILE, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with SqliteStore.open(tmp_path) as store:
            with pytest.raises(StoreBusy, match="busy"):
                store.save_entry(full_entry(twitch=8))
    finally:
        other.execute("ROLLBACK")
        other.close()
    with SqliteStore.open(tmp_path) as store:
        assert store.entry(DAY) == full_entry()


def _open_as_nobody(directory: Path) -> str:
    try:
        with SqliteStore.open(directory) as store:
            store.save_entry(full_entry())
    except StoreError as exc:
        return f"StoreError: {exc}"
    return "saved"


@pytest.mark.slow
def test_an_unwritable_directory_gets_a_message(tmp_path: Path) -> None:
    """As uid 65534: a directory it cannot write to, new or with a log inside."""
    from tests.support.as_user import run_as_nobody, shared_tmp

    with shared_tmp() as tmp:
        locked = tmp / "locked"
        locked.mkdir(mode=0o755)
        report = run_as_nobody(lambda: _open_as_nobody(locked / "state"))
        assert report.startswith("StoreError: cannot create the directory"), report
        report = run_as_nobody(lambda: _open_as_nobody(locked))
        assert report.startswith("StoreError: cannot create your log"), report
        with SqliteStore.open(locked) as store:
            store.save_entry(full_entry(twitch=1))
        os.chmod(locked / DB_FILE, 0o644)
        report = run_as_nobody(lambda: _open_as_nobody(locked))
        assert report.startswith("StoreError: "), report
        assert "Traceback" not in report
        with SqliteStore.open(locked) as store:
            assert store.entry(DAY).twitch == 1  # type: ignore[union-attr]


@pytest.mark.slow
def test_each_ssh_client_key_gets_its_own_log(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve ssh`` points each client's app at its key's state directory; the log opened
    there by default is that key's alone."""
    import asyncssh

    from fasci_tui.serve.ssh import client_state_dir
    from fasci_tui.state import STATE_ENV

    keys = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(2)]
    for twitch, key in enumerate(keys, start=1):
        monkeypatch.setenv(STATE_ENV, str(client_state_dir(tmp_path, key)))
        with open_store() as store:
            store.save_entry(DailyEntry(DAY, twitch=twitch))
            store.set_profile(Profile("female" if twitch == 1 else "male", 30 + twitch))
    for twitch, key in enumerate(keys, start=1):
        with SqliteStore.open(client_state_dir(tmp_path, key)) as store:
            assert store.entries() == [DailyEntry(DAY, twitch=twitch)]
            assert store.profile().age == 30 + twitch  # type: ignore[union-attr]
    assert len(list((tmp_path / "clients").glob(f"*/{DB_FILE}"))) == 2
