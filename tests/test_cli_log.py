"""``fasci-tui profile`` and ``fasci-tui log ...`` from the shell."""

from __future__ import annotations

import datetime as dt
import io
import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from fasci_tui import cli_log_files
from fasci_tui.cli import main
from fasci_tui.store import DailyEntry, Profile, Supplement
from fasci_tui.store.sqlite import DB_FILE, SqliteStore

TODAY = dt.date.today()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def stored(state: Path) -> list[DailyEntry]:
    with SqliteStore.open(state) as store:
        return store.entries()


def test_add_then_update_keeps_fields_not_given(capsys: pytest.CaptureFixture[str],
                                               isolated_state: Path) -> None:
    code, out, _ = run(capsys, "log", "add", "--twitch", "3", "--sites", "calves,eyelid",
                       "--caffeine", "2", "--alcohol", "0", "--sleep", "6.5", "--stress", "2",
                       "--exercise", "light", "--supplement", "magnesium 200 mg",
                       "--supplement", "vitamin b12 500 mcg", "--note", "long day")
    assert code == 0
    assert out == (f"{TODAY} saved: twitch 3; at eyelid, calves; 2 caffeine; 0 alcohol; "
                   "slept 6.5 h; stress 2; exercise light; magnesium 200 mg, vitamin b12 "
                   "500 mcg; note\n")
    first = DailyEntry(TODAY, 3, ("eyelid", "calves"), 2, 0, 6.5, 2, "light", frozenset(),
                       (Supplement("magnesium", 200, "mg"), Supplement("vitamin b12", 500, "mcg")),
                       "long day")
    assert stored(isolated_state) == [first]
    code, out, _ = run(capsys, "log", "add", "--twitch", "5", "--note", "worse by evening")
    assert code == 0 and out.startswith(f"{TODAY} updated: twitch 5;")
    assert stored(isolated_state) == [first._replace(twitch=5, note="worse by evening")]
    code, _, _ = run(capsys, "log", "add", "--date", "2026-11-02", "--sleep", "8")
    assert code == 0
    assert stored(isolated_state)[0] == DailyEntry(dt.date(2026, 11, 2), sleep=8.0)


@pytest.mark.parametrize(("args", "message"), [
    (["--twitch", "11"], "--twitch: must be a whole number from 0 to 10 (got '11')"),
    (["--stress", "x"], "--stress: must be a whole number from 0 to 5 (got 'x')"),
    (["--caffeine", "-1"], "--caffeine: must be a whole number from 0 to 40 (got '-1')"),
    (["--sleep", "30"], "--sleep: must be a number of hours from 0 to 24 (got '30')"),
    (["--exercise", "lots"], "--exercise: must be one of none, light, hard (got 'lots')"),
    (["--sites", "calves,knee"], "--sites: unknown site 'knee' (allowed: eyelid, face, "
                                 "tongue, arms, hands, legs, calves, feet, whole body, other)"),
    (["--supplement", "magnesium lots"], '--supplement: expected NAME AMOUNT UNIT, e.g. '
                                         '"magnesium 200 mg" (got \'magnesium lots\')'),
    (["--date", "2026-02-30", "--twitch", "1"], "--date: must be a date YYYY-MM-DD from "
                                                "1970-01-01 to"),
    ([], "log add: nothing to record; give at least one of --twitch"),
    (["--twitch"], "argument --twitch: expected one argument"),
])
def test_bad_values_exit_2_and_change_nothing(capsys: pytest.CaptureFixture[str],
                                              isolated_state: Path, args: list[str],
                                              message: str) -> None:
    assert run(capsys, "log", "add", "--twitch", "1")[0] == 0
    code, out, err = run(capsys, "log", "add", *args)
    assert code == 2 and out == ""
    assert err.startswith(f"fasci-tui: {message}"), err
    assert len(err.strip().splitlines()) == 1
    assert stored(isolated_state) == [DailyEntry(TODAY, twitch=1)]


def test_list_is_aligned_within_80_columns(capsys: pytest.CaptureFixture[str],
                                          isolated_state: Path) -> None:
    with SqliteStore.open(isolated_state) as store:
        store.save_entries([
            DailyEntry(TODAY - dt.timedelta(days=40), twitch=9),
            DailyEntry(TODAY - dt.timedelta(days=2), 10, ("eyelid", "face", "tongue", "arms",
                       "hands", "legs", "calves", "feet", "whole-body", "other"), 12, 3, 4.25,
                       5, "hard", frozenset({"sleep", "hydration"}),
                       tuple(Supplement(f"supplement number {n}", 1000, "mcg")
                             for n in range(4)),
                       "a-very-long-word-without-any-space-in-it-at-all-" * 3 + " and more"),
            DailyEntry(TODAY, habits=frozenset({"stress"})),
        ])
    code, out, _ = run(capsys, "log", "list")
    assert code == 0
    lines = out.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert lines[0].split() == ["date", "twitch", "caffeine", "alcohol", "sleep", "stress",
                                "exercise", "details"]
    row = lines[2]
    assert row.startswith(f"{TODAY - dt.timedelta(days=2)}     10       12       3  4.25      "
                          "5 hard     at: eyelid,")
    assert lines[-2].startswith(f"{TODAY}      -        -       -     -      - -        "
                                "habits: stress")
    assert lines[-1] == f"2 days since {TODAY - dt.timedelta(days=29)} (of 3 in the log; " \
                        "--since all for every day)."
    details = [line[57:] for line in lines[2:-2]]
    assert any("took: supplement number" in d for d in details)
    assert sum(d.startswith("  supplement number") for d in details) == 3
    assert sum("a-very-long-word" in d for d in details) >= 2
    code, out, _ = run(capsys, "log", "list", "--since", "all")
    assert out.splitlines()[-1] == "3 days in all."
    code, out, _ = run(capsys, "log", "list", "--since", str(TODAY))
    assert out.splitlines()[-1].startswith(f"1 day since {TODAY}")


def test_list_of_an_empty_log_and_a_bad_since(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "log", "list")
    assert code == 0
    assert out == ("No days recorded since "
                   f"{TODAY - dt.timedelta(days=29)} (the log holds 0); add one with: "
                   "fasci-tui log add --twitch N.\n")
    code, _, err = run(capsys, "log", "list", "--since", "fortnight")
    assert code == 2 and "--since: expected a span such as 30d" in err


def test_export_import_round_trip_through_files(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path, isolated_state: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    entries = [DailyEntry(TODAY - dt.timedelta(days=n), twitch=n % 11,
                          sites=("calves",) if n % 2 else (), sleep=6 + n % 3 / 2,
                          habits=frozenset({"sleep"}) if n % 3 else frozenset(),
                          supplements=(Supplement("magnesium", 200, "mg"),) if n % 5 else (),
                          note=f"day {n}, \"quoted\"") for n in reversed(range(60))]
    with SqliteStore.open(isolated_state) as store:
        store.save_entries(entries, Profile("male", 40))
    for fmt in ("csv", "json"):
        target = tmp_path / f"out.{fmt}"
        code, out, err = run(capsys, "log", "export", str(target))
        exported = ("60 days, 0 lab results, 0 answers and your profile" if fmt == "json"
                    else "60 days")
        assert code == 0 and out == "" and f"Exported {exported} to {target}" in err
        assert ("note: CSV holds the daily entries only; your profile is not in it"
                in err) == (fmt == "csv")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        fresh = tmp_path / f"fresh-{fmt}"
        monkeypatch.setenv("FASCI_TUI_STATE_DIR", str(fresh))
        code, _, err = run(capsys, "log", "import", str(target))
        assert code == 0 and f"Imported 60 days from {target}" in err
        with SqliteStore.open(fresh) as store:
            assert store.entries() == entries
            assert store.profile() == (Profile("male", 40) if fmt == "json" else None)
        monkeypatch.setenv("FASCI_TUI_STATE_DIR", str(isolated_state))
    code, out, _ = run(capsys, "log", "export", "--format", "json")
    assert code == 0 and len(json.loads(out)["entries"]) == 60
    code, out, _ = run(capsys, "log", "export")
    assert out.startswith("date,twitch,") and len(out.splitlines()) == 61


def test_import_with_a_bad_row_imports_nothing(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path, isolated_state: Path) -> None:
    with SqliteStore.open(isolated_state) as store:
        store.save_entry(DailyEntry(dt.date(2026, 11, 1), twitch=2, note="keep me"))
    bad = tmp_path / "in.csv"
    bad.write_text("date,twitch,stress,note\n"
                   "2026-11-01,7,1,replaced\n"
                   "2026-11-02,3,1,\n"
                   "2026-11-03,4,8,\n")
    code, out, err = run(capsys, "log", "import", str(bad))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{bad}:4: stress: must be a whole number from 0 to 5 (got '8')",
        f"fasci-tui: {bad}: nothing was imported (1 problem)",
    ]
    assert stored(isolated_state) == [DailyEntry(dt.date(2026, 11, 1), twitch=2,
                                                 note="keep me")]
    bad.write_text("date,twitch,stress,note\n2026-11-01,7,1,replaced\n2026-11-02,3,1,\n")
    code, _, err = run(capsys, "log", "import", str(bad))
    assert code == 0 and "(1 of them replaced days already in the log)" in err
    assert [e.twitch for e in stored(isolated_state)] == [7, 3]


def test_import_of_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "log", "import", str(tmp_path / "nope.json"))
    assert code == 1 and err == f"fasci-tui: cannot read {tmp_path / 'nope.json'}: no such " \
                                "file or directory\n"


def test_wipe_asks_and_refuses_without_a_terminal(capsys: pytest.CaptureFixture[str],
                                                  isolated_state: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with SqliteStore.open(isolated_state) as store:
        store.save_entry(DailyEntry(TODAY, twitch=4))
        store.set_profile(Profile("female", 30))
    code, _, err = run(capsys, "log", "wipe")
    assert code == 2 and "not a terminal: nothing was deleted (add --yes" in err
    monkeypatch.setattr(cli_log_files, "_interactive", lambda: True)
    monkeypatch.setattr(sys, "stdin", io.StringIO("no\n"))
    code, _, err = run(capsys, "log", "wipe")
    assert code == 1
    assert "This deletes 1 day of entries and ticks and your profile from" in err
    assert err.endswith("fasci-tui: nothing was deleted\n")
    assert len(stored(isolated_state)) == 1
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    assert run(capsys, "log", "wipe")[0] == 0
    assert stored(isolated_state) == []
    with SqliteStore.open(isolated_state) as store:
        store.save_entry(DailyEntry(TODAY, twitch=4))
    monkeypatch.setattr(cli_log_files, "_interactive", lambda: False)
    code, _, err = run(capsys, "log", "wipe", "--yes")
    assert code == 0 and "deleted" in err and stored(isolated_state) == []


def test_profile_set_change_show_clear(capsys: pytest.CaptureFixture[str],
                                       isolated_state: Path) -> None:
    code, out, _ = run(capsys, "profile")
    assert code == 0 and out.startswith("No profile set")
    assert "Magnesium             RDA: 310–420 mg, adults 19+ (no profile set)" in out
    code, _, err = run(capsys, "profile", "--age", "40")
    assert code == 2 and "a new profile needs --sex and --age" in err
    code, out, _ = run(capsys, "profile", "--sex", "female", "--age", "34")
    assert code == 0 and out.startswith("Saved.\nYour profile: woman, 34 (kept in ")
    assert "your RDA: 320 mg, women 31+; UL: 350 mg, adults" in out
    assert all(len(line) <= 80 for line in out.splitlines())
    code, out, _ = run(capsys, "profile", "--age", "55", "--breastfeeding")
    assert code == 0 and "woman, 55, breastfeeding" in out
    assert "RDA for women 51+: 1,200 mg (not breastfeeding values)" in out
    assert "Note: Amounts in breastfeeding can differ" in out
    with SqliteStore.open(isolated_state) as store:
        assert store.profile() == Profile("female", 55, False, True)
    code, _, err = run(capsys, "profile", "--age", "0")
    assert code == 2
    assert err == "fasci-tui: --age: must be a whole number of years from 1 to 120 (got '0')\n"
    code, _, err = run(capsys, "profile", "--sex", "robot")
    assert code == 2 and "--sex: must be one of female, male (got 'robot')" in err
    assert run(capsys, "profile", "--show", "--age", "3")[0] == 2
    assert run(capsys, "profile", "--clear", "--age", "3")[0] == 2
    code, _, err = run(capsys, "profile", "--clear")
    assert code == 0 and "Profile cleared" in err
    assert run(capsys, "profile", "--show")[1].startswith("No profile set")


def test_a_damaged_log_gets_one_line_and_exit_1(capsys: pytest.CaptureFixture[str],
                                                isolated_state: Path) -> None:
    isolated_state.mkdir(parents=True)
    (isolated_state / DB_FILE).write_bytes(b"not a database at all " * 100)
    for argv in (["log", "list"], ["log", "add", "--twitch", "1"], ["profile"]):
        code, out, err = run(capsys, *argv)
        assert code == 1 and out == ""
        assert err.startswith("fasci-tui: your log ") and "left as it is" in err
    assert (isolated_state / DB_FILE).read_bytes() == b"not a database at all " * 100


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "log", "--help")[0] == 0
    assert run(capsys, "log", "add", "--help")[0] == 0
    code, out, _ = run(capsys, "profile", "--help")
    assert code == 0 and "--sex SEX" in out
    assert run(capsys, "log")[0] == 2


def test_notice_when_the_checklist_file_moves_in(capsys: pytest.CaptureFixture[str],
                                                 isolated_state: Path) -> None:
    isolated_state.mkdir(parents=True)
    (isolated_state / "state.json").write_text(
        '{"version": 1, "checked": ["sleep"], "disclaimer_acknowledged": true}')
    code, _, err = run(capsys, "log", "list")
    assert code == 0 and "Your checklist (1 ticks, as today's) is now kept in" in err


@pytest.mark.slow
@pytest.mark.parametrize("argv", [["log", "list"], ["log", "add", "--twitch", "2"],
                                  ["log", "export"], ["profile"]])
def test_log_commands_import_no_textual(tmp_path: Path, argv: list[str]) -> None:
    code = (
        "import sys, io, contextlib\n"
        "from fasci_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main({argv!r}) == 0\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not bad, bad\n"
    )
    env = {"FASCI_TUI_STATE_DIR": str(tmp_path), "FASCI_TUI_CACHE_DIR": str(tmp_path / "c"),
           "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr


def test_log_list_names_days_over_an_upper_limit(isolated_state, capsys) -> None:  # type: ignore[no-untyped-def]
    from fasci_tui.cli import main

    assert main(["log", "add", "--date", "yesterday", "--supplement", "B6 50 mg"]) == 0
    assert main(["log", "add", "--supplement", "B6 10 mg"]) == 0
    capsys.readouterr()
    assert main(["log", "list"]) == 0
    out = capsys.readouterr().out
    assert "Over an upper limit for supplements:" in out
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    assert f"{yesterday}: Vitamin B6 from supplements: 50 mg" in out
    assert "12 mg" in out and "EFSA" in out and "US and Canada" in out
    assert f"{dt.date.today().isoformat()}: Vitamin B6" not in out
