"""Lab results: conversions, placement on the person's or the typical range, impossible
values, the ``lab`` command's exit codes and the store's lab table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fasci_tui.cli import main
from fasci_tui.content import Content
from fasci_tui.content.labs import LabError, parse_range, read_result
from fasci_tui.store import open_store
from fasci_tui.store.results import LabResult


@pytest.mark.parametrize(("test", "value", "unit", "other", "expected"), [
    ("magnesium", 1.0, "mmol/L", "mg/dL", 2.43),
    ("Mg", 2.43, "mg/dL", "mmol/L", 1.0),
    ("calcium", 2.5, "mmol/L", "mg/dL", 10.02),
    ("potassium", 4.1, "mEq/L", "mmol/L", 4.1),
    ("sodium", 140, "mmol/L", "mEq/L", 140),
    ("b12", 1000, "pg/mL", "pmol/L", 738),
    ("vitamin-d", 20, "ng/mL", "nmol/L", 49.92),
    ("25(OH)D", 49.92, "nmol/L", "ng/mL", 20),
])
def test_conversions(content: Content, test: str, value: float, unit: str, other: str,
                     expected: float) -> None:
    reading = read_result(content, test, value, unit)
    converted = dict((u, v) for v, u in reading.conversions)
    assert converted[other] == pytest.approx(expected, rel=1e-3)


def test_own_range_both_sides(content: Content) -> None:
    own = parse_range("1.7-2.2")
    assert read_result(content, "magnesium", 1.69, "mg/dL", own).placement.where == "below"
    assert read_result(content, "magnesium", 1.7, "mg/dL", own).placement.where == "within"
    assert read_result(content, "magnesium", 2.2, "mg/dL", own).placement.where == "within"
    assert read_result(content, "magnesium", 2.21, "mg/dL", own).placement.where == "above"
    assert read_result(content, "magnesium", 2.21, "mg/dL", own).placement.own


def test_typical_range_is_converted_and_labelled(content: Content) -> None:
    reading = read_result(content, "magnesium", 0.80, "mmol/L")  # 1.94 mg/dL
    assert reading.placement.where == "within" and not reading.placement.own
    assert reading.placement.low == pytest.approx(1.7 / 2.43)
    assert read_result(content, "magnesium", 0.69, "mmol/L").placement.where == "below"
    vitamin_d = read_result(content, "vitamin-d", 49, "nmol/L")
    assert vitamin_d.placement.where == "below"
    assert read_result(content, "vitamin-d", 51, "nmol/L").placement.where == "within"


def test_b12_has_no_single_range_and_explains_why(content: Content) -> None:
    reading = read_result(content, "b12", 300, "pmol/L")
    assert reading.placement.where == "unplaced"
    assert any("methylmalonic" in text for text, _ in reading.explains)
    assert all(refs for _, refs in reading.explains)


@pytest.mark.parametrize(("test", "value", "unit", "words"), [
    ("magnesium", -1, "mg/dL", "negative"),
    ("magnesium", 160, "mg/dL", "that high"),
    ("sodium", 1.4, "mmol/L", "that low"),
    ("magnesium", 1.6, "furlongs", "not a unit"),
    ("zinc", 1, "mg/dL", "not one this can read"),
])
def test_impossible_input(content: Content, test: str, value: float, unit: str,
                          words: str) -> None:
    with pytest.raises(LabError, match=words):
        read_result(content, test, value, unit)


def test_range_text() -> None:
    assert parse_range("1,7 to 2,2") == (1.7, 2.2)
    for bad in ("2.2-1.7", "abc", "1.7"):
        with pytest.raises(LabError):
            parse_range(bad)


def test_lab_command_exit_codes_and_save(isolated_state: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["lab", "magnesium", "1.6", "mg/dL", "--range", "1.7-2.2"]) == 1
    out = capsys.readouterr().out
    assert "below your lab's range: 1.7–2.2 mg/dL" in out and "Sources:" in out
    assert main(["lab", "sodium", "140", "mmol/L"]) == 0
    assert "typical range (labs differ" in capsys.readouterr().out
    assert main(["lab", "magnesium", "-3", "mg/dL"]) == 2
    assert "cannot be negative" in capsys.readouterr().err
    assert main(["lab", "magnesium", "1.6"]) == 2
    assert main(["lab", "b12", "300", "pmol/L", "--date", "2026-11-20", "--save"]) == 0
    assert "Saved to your log for 2026-11-20" in capsys.readouterr().out
    with open_store(isolated_state) as store:
        assert store.lab_results() == [
            LabResult(dt.date(2026, 11, 20), "vitamin-b12", 300.0, "pmol/L")]


def test_lab_results_replace_same_day_and_wipe(tmp_path: Path) -> None:
    day = dt.date(2026, 10, 1)
    with open_store(tmp_path) as store:
        store.save_lab_result(LabResult(day, "magnesium", 1.6, "mg/dL", 1.7, 2.2))
        store.save_lab_result(LabResult(day, "magnesium", 1.8, "mg/dL", 1.7, 2.2))
        store.save_lab_result(LabResult(day + dt.timedelta(days=3), "sodium", 139, "mmol/L"))
        assert [r.value for r in store.lab_results()] == [1.8, 139]
        assert [r.test for r in store.lab_results(day + dt.timedelta(days=1))] == ["sodium"]
        store.wipe()
        assert store.lab_results() == []


@pytest.mark.parametrize("version", [0, 1, 2, 3])
def test_lab_table_arrives_from_every_earlier_version(tmp_path: Path, version: int) -> None:
    from fasci_tui.store.migrations import SCHEMA_VERSION
    from fasci_tui.store.sqlite import SqliteStore
    from tests.support.store_files import file_at_version

    assert SCHEMA_VERSION >= 3
    directory = tmp_path / "state"
    file_at_version(directory, version)
    with SqliteStore.open(directory) as store:
        assert store.lab_results() == []
        store.save_lab_result(LabResult(dt.date(2026, 1, 3), "calcium", 9.1, "mg/dL"))
        assert store.lab_results()[0].value == 9.1
        if version >= 1:
            assert store.entries()[0].twitch == 4  # the older data kept
