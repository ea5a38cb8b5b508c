"""``log export`` / ``log import`` carry lab results and answers too (JSON version 2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fasci_tui.cli import main
from fasci_tui.store import DailyEntry, Profile, Supplement
from fasci_tui.store.results import Answer, LabResult
from fasci_tui.store.sqlite import SqliteStore

DAY = dt.date(2026, 11, 20)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def everything(state: Path) -> tuple[object, ...]:
    with SqliteStore.open(state) as store:
        return store.entries(), store.profile(), store.lab_results(), store.answers()


def fill(state: Path) -> None:
    with SqliteStore.open(state) as store:
        store.save_entries(
            [DailyEntry(DAY, 4, ("calves", "eyelid"), 2, 1, 6.5, 3, "light",
                        frozenset({"sleep"}), (Supplement("calcium", 600, "mg"),), "tired"),
             DailyEntry(DAY + dt.timedelta(days=1), habits=frozenset({"hydration"}))],
            Profile("female", 60, False, False))
        store.save_lab_result(LabResult(DAY, "magnesium", 0.7, "mmol/L", 0.85, 1.1))
        store.save_lab_result(LabResult(DAY, "vitamin-b12", 300, "pmol/L"))
        store.save_answer(Answer(DAY, "weakness", False))
        store.save_answer(Answer(DAY + dt.timedelta(days=1), "medicine", True))


def test_json_export_wipe_import_gives_back_everything(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path,
                                                       isolated_state: Path) -> None:
    fill(isolated_state)
    before = everything(isolated_state)
    target = tmp_path / "all.json"
    code, _, err = run(capsys, "log", "export", str(target))
    assert code == 0
    assert f"Exported 2 days, 2 lab results, 2 answers and your profile to {target}" in err
    code, _, err = run(capsys, "log", "wipe", "--yes")
    assert code == 0 and everything(isolated_state) == ([], None, [], [])
    code, _, err = run(capsys, "log", "import", str(target))
    assert code == 0
    assert (f"Imported 2 days, 2 lab results and 2 answers from {target}; profile set "
            "from the file.") in err
    assert everything(isolated_state) == before
    code, _, err = run(capsys, "log", "import", str(target))
    assert code == 0 and ("(2 of them replaced days already in the log; 2 lab results and "
                          "2 answers replaced the same test or question on the same day)") in err
    assert everything(isolated_state) == before


def test_a_bad_v2_record_imports_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         isolated_state: Path) -> None:
    fill(isolated_state)
    before = everything(isolated_state)
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "fasci-tui log", "version": 2, "profile": null,\n'
        ' "entries": [{"date": "2026-11-25", "twitch": 1}],\n'
        ' "lab_results": [\n'
        '  {"date": "2026-11-25", "test": "magnesium", "value": 0.2, "unit": "mmol/L"},\n'
        '  {"date": "2026-11-25", "test": "calcium", "value": 9.1, "unit": "ng/mL"}],\n'
        ' "answers": [{"date": "2026-11-25", "question": "weakness", "answer": "yes"}]}\n')
    code, out, err = run(capsys, "log", "import", str(bad))
    assert code == 2 and out == ""
    assert err.splitlines() == [
        f"{bad}:5: lab result 2: unit: must be one of mg/dL, mmol/L, mEq/L for calcium "
        "(got 'ng/mL')",
        f"fasci-tui: {bad}: nothing was imported (1 problem)"]
    assert everything(isolated_state) == before


def test_csv_export_says_what_it_leaves_out(capsys: pytest.CaptureFixture[str],
                                           isolated_state: Path) -> None:
    fill(isolated_state)
    code, out, err = run(capsys, "log", "export", "--format", "csv")
    assert code == 0 and out.startswith("date,twitch,") and len(out.splitlines()) == 3
    assert err == ("fasci-tui: note: CSV holds the daily entries only; your profile, 2 lab "
                   "results and 2 answers are not in it (use --format json to export "
                   "everything)\n")
