"""CSV and JSON export and import: round trips, located problems, nothing half-read."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fasci_tui.store import DailyEntry, Profile, Supplement
from fasci_tui.store.exchange import (
    CSV_COLUMNS,
    ImportFailed,
    decode,
    guess_format,
    parse_import,
    to_csv,
    to_json,
)

DAY = dt.date(2026, 11, 20)


def sample_entries() -> list[DailyEntry]:
    """A few days exercising every field, commas, quotes and new lines in notes."""
    return [
        DailyEntry(DAY, 3, ("eyelid", "calves", "whole-body"), 2, 0, 6.5, 2, "light",
                   frozenset({"sleep", "stress"}),
                   (Supplement("magnesium", 200, "mg"), Supplement("vitamin b12", 2.5, "mcg")),
                   'ran 5 km, "felt fine"\nsecond line'),
        DailyEntry(DAY + dt.timedelta(days=1), habits=frozenset({"hydration"})),
        DailyEntry(DAY + dt.timedelta(days=2), twitch=0, sleep=8.0, exercise="none",
                   note="ünïcode ✓"),
    ]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_then_import_gives_the_same_log(fmt: str) -> None:
    entries = sample_entries()
    profile = Profile("female", 52, False, True)
    text = to_csv(entries) if fmt == "csv" else to_json(entries, profile)
    back = parse_import(text, fmt)
    assert back.entries == entries
    assert back.profile == (profile if fmt == "json" else None)


def test_empty_log_round_trips() -> None:
    assert parse_import(to_json([], None), "json").entries == []
    assert parse_import(to_csv([]), "csv").entries == []


def test_json_export_has_one_entry_per_line() -> None:
    text = to_json(sample_entries(), None)
    lines = text.splitlines()
    assert lines[6].strip().startswith('{"date": "2026-11-20"')
    assert json.loads(text)["entries"][2]["note"] == "ünïcode ✓"


def test_csv_header_and_cells() -> None:
    lines = to_csv(sample_entries()).splitlines()
    assert lines[0] == ",".join(CSV_COLUMNS)
    assert lines[3] == "2026-11-21,,,,,,,,hydration,,"


def test_guess_format() -> None:
    assert guess_format("log.JSON", "") == "json"
    assert guess_format("log.csv", "{") == "csv"
    assert guess_format("-", "  [\n]") == "json"
    assert guess_format("export.txt", "date,twitch") == "csv"


def problems(text: str, fmt: str) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        parse_import(text, fmt)
    return caught.value.report("in.x").splitlines()


def test_csv_problems_are_located_and_all_listed() -> None:
    text = ("date,twitch,sites,sleep,note\n"
            "2026-11-01,3,calves,7,fine\n"
            "2026-11-02,12,calves,7,\n"
            '2026-11-03,2,knee,7,"a note\nover two lines"\n'
            "2026-11-04,2,calves,25,\n"
            "2026-11-01,1,,,\n"
            ",1,,,\n"
            "2026-11-06,1,,,,extra\n")
    assert problems(text, "csv") == [
        "in.x:3: twitch: must be a whole number from 0 to 10 (got '12')",
        "in.x:4: sites: unknown site 'knee' (allowed: eyelid, face, tongue, arms, hands, "
        "legs, calves, feet, whole body, other)",
        "in.x:6: sleep: must be a number of hours from 0 to 24 (got '25')",
        "in.x:8: date: missing (every day needs its date)",
        "in.x:9: 6 cells, but the header has 5",
        "in.x:7: date: 2026-11-01 appears twice (first on line 2)",
    ]


def test_csv_header_problems() -> None:
    assert problems("date,twitch,mood\n2026-11-01,1,ok\n", "csv") == [
        f"in.x:1: unknown column 'mood' (columns: {', '.join(CSV_COLUMNS)})"]
    assert problems("twitch\n1\n", "csv")[0].startswith("in.x:1: the header needs a 'date'")
    assert problems("date,date\n", "csv") == ["in.x:1: column 'date' appears twice"]
    assert problems("\n\n", "csv")[0].startswith("in.x: empty: expected a header row")


def test_csv_may_leave_out_columns_and_trailing_cells() -> None:
    got = parse_import("Day,Twitch,Stress\n2026-11-01,4\n", "csv").entries
    assert got == [DailyEntry(dt.date(2026, 11, 1), twitch=4)]


def test_json_problems_are_located_on_the_entry_line() -> None:
    good = json.loads(to_json(sample_entries(), None))
    good["entries"][1]["stress"] = 9
    good["entries"][2]["colour"] = "red"
    lines = [json.dumps({k: v for k, v in good.items() if k != "entries"})[:-1] + ","]
    lines.append('"entries": [')
    lines += [json.dumps(e) + ("," if n < 2 else "") for n, e in enumerate(good["entries"])]
    lines.append("]}")
    assert problems("\n".join(lines), "json") == [
        "in.x:4: stress: must be a whole number from 0 to 5 (got 9)",
        "in.x:5: colour: unknown field (fields: day, twitch, sites, caffeine, alcohol, sleep, "
        "stress, exercise, habits, supplements, note)",
    ]


def test_json_syntax_and_shape_problems() -> None:
    assert problems('{"entries": [\n  {"date": "2026-11-01",}\n]}', "json") == [
        "in.x:2: not valid JSON: Expecting property name enclosed in double quotes "
        "(column 25)"]
    assert problems('"hello"', "json") == [
        'in.x:1: expected a JSON object with "entries", or a list of entries']
    assert problems('{"format": "other", "version": 3,\n "entries": 3, "x": 1}', "json") == [
        "in.x:1: version: this fasci-tui reads versions 1 to 2 (got 3; a newer fasci-tui "
        "may read it)",
        "in.x:2: x: unknown key (keys: format, version, exported, profile, entries, "
        "lab_results, answers)",
        "in.x:1: format: expected 'fasci-tui log' (got 'other')",
        "in.x:2: entries: must be a list",
    ]
    assert problems('[{"date": "2026-11-01", "twitch": 1, "twitch": 2}, 5]', "json") == [
        "in.x:1: twitch: given twice", "in.x:1: entry 2 must be an object"]
    assert problems('{"profile": {"sex": "female", "age": 300}, "entries": []}', "json") == [
        "in.x:1: profile.age: must be a whole number of years from 1 to 120 (got 300)"]


def test_a_bare_list_of_entries_is_read() -> None:
    text = '[\n {"date": "2026-11-01", "twitch": 2, "supplements": ["zinc 10 mg"]}\n]'
    assert parse_import(text, "json").entries == [
        DailyEntry(dt.date(2026, 11, 1), twitch=2, supplements=(Supplement("zinc", 10, "mg"),))]


def test_decode_locates_bad_bytes_and_allows_a_bom() -> None:
    assert decode("\ufeffdate\n".encode()) == "date\n"
    with pytest.raises(ImportFailed) as caught:
        decode(b"date,twitch\n2026-11-01,1\n\xff\n")
    assert caught.value.report("f.csv") == "f.csv:3: not UTF-8 text (byte 26)"


def test_a_long_list_of_problems_is_cut_short() -> None:
    text = "date,twitch\n" + "".join(f"2026-01-{d:02},99\n" for d in range(1, 29)) * 3
    report = problems(text, "csv")
    assert len(report) == 51 and report[-1].endswith("and 34 more problems")
