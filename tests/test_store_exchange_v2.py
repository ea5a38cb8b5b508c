"""JSON format version 2: lab results and answers travel with the log; version 1 still
reads; bad records are located (which record, which field, what is allowed)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fasci_tui.store import DailyEntry, Profile, Supplement
from fasci_tui.store.exchange import ImportFailed, parse_import, to_json
from fasci_tui.store.results import Answer, LabResult

DAY = dt.date(2026, 11, 20)
ENTRIES = [DailyEntry(DAY, 3, ("calves",), supplements=(Supplement("magnesium", 200, "mg"),),
                      note="ok"),
           DailyEntry(DAY + dt.timedelta(days=1), habits=frozenset({"sleep"}))]
LABS = (LabResult(DAY, "magnesium", 1.6, "mg/dL", 1.7, 2.2),
        LabResult(DAY, "vitamin-d", 45.0, "nmol/L"),
        LabResult(DAY + dt.timedelta(days=3), "sodium", 139.0, "mmol/L"))
ANSWERS = (Answer(DAY, "weakness", False), Answer(DAY, "medicine", True),
           Answer(DAY + dt.timedelta(days=1), "weakness", True))


def problems(text: str) -> list[str]:
    with pytest.raises(ImportFailed) as caught:
        parse_import(text, "json")
    return caught.value.report("in.json").splitlines()


def test_everything_round_trips_one_record_per_line() -> None:
    profile = Profile("male", 60)
    text = to_json(ENTRIES, profile, LABS, ANSWERS)
    back = parse_import(text, "json")
    assert (back.entries, back.profile, back.lab_results, back.answers) == (
        ENTRIES, profile, LABS, ANSWERS)
    data = json.loads(text)
    assert data["version"] == 2
    assert data["lab_results"][0] == {"date": "2026-11-20", "test": "magnesium", "value": 1.6,
                                      "unit": "mg/dL", "low": 1.7, "high": 2.2}
    assert data["answers"][1] == {"date": "2026-11-20", "question": "medicine",
                                  "answer": "yes"}
    lines = text.splitlines()
    assert sum(line.strip().startswith('{"date"') for line in lines) == 2 + 3 + 3


def test_a_version_1_file_still_imports_unchanged() -> None:
    text = ('{\n  "format": "fasci-tui log",\n  "version": 1,\n  "exported": "2026-11-30",\n'
            '  "profile": {"sex": "female", "age": 34, "pregnant": false, '
            '"breastfeeding": false},\n  "entries": [\n'
            '    {"date": "2026-11-20", "twitch": 3, "sites": ["calves"], "caffeine": null, '
            '"alcohol": null, "sleep": 6.5, "stress": null, "exercise": null, "habits": [], '
            '"supplements": [{"name": "zinc", "amount": 10, "unit": "mg"}], "note": ""}\n'
            "  ]\n}\n")
    back = parse_import(text, "json")
    assert back.entries == [DailyEntry(DAY, 3, ("calves",), sleep=6.5,
                                       supplements=(Supplement("zinc", 10, "mg"),))]
    assert back.profile == Profile("female", 34)
    assert (back.lab_results, back.answers) == ((), ())
    v1_with_labs = text.replace('"entries": [', '"lab_results": [],\n  "entries": [')
    assert problems(v1_with_labs) == [
        'in.json:6: lab_results: not part of version 1 (it came with version 2: set '
        '"version": 2)']


def test_bad_lab_results_and_answers_are_located_and_say_what_is_allowed() -> None:
    good = json.loads(to_json(ENTRIES, None, LABS, ANSWERS))
    good["lab_results"][0]["unit"] = "mg"
    good["lab_results"][1]["test"] = "iron"
    good["lab_results"][2]["value"] = 1390
    good["lab_results"].append({"date": "2026-11-20", "test": "magnesium", "value": 1.6,
                                "unit": "mg/dL", "colour": "red"})
    good["lab_results"].append({"date": "2026-11-20", "test": "calcium", "unit": "mg/dL"})
    good["answers"][0]["answer"] = "maybe"
    good["answers"][2] = dict(good["answers"][2], date="2026-11-20", question="medicine")
    good["answers"].append(dict(good["answers"][1], question="headache"))
    head = {k: v for k, v in good.items() if k not in ("entries", "lab_results", "answers")}
    lines = [json.dumps(head)[:-1] + ',', '"entries": [],', '"lab_results": [']
    lines += [json.dumps(r) + ("," if n < 4 else "") for n, r in enumerate(good["lab_results"])]
    lines += ["],", '"answers": [']
    lines += [json.dumps(a) + ("," if n < 3 else "") for n, a in enumerate(good["answers"])]
    lines.append("]}")
    assert problems("\n".join(lines)) == [
        "in.json:4: lab result 1: unit: must be one of mg/dL, mmol/L, mEq/L for magnesium "
        "(got 'mg')",
        "in.json:5: lab result 2: test: must be one of magnesium, calcium, potassium, "
        "sodium, vitamin-b12, vitamin-d (got 'iron')",
        "in.json:6: lab result 3: value: must be a number from about 80 to 220 (sodium in "
        "mmol/L) (got 1390)",
        "in.json:7: lab result 4: colour: unknown key (keys: date, test, value, unit, low, "
        "high)",
        "in.json:8: lab result 5: value: missing (needs date, test, value, unit)",
        "in.json:11: answer 1: answer: must be yes or no (got 'maybe')",
        "in.json:13: answer 3: question: medicine on 2026-11-20 appears twice (first on "
        "line 12)",
        "in.json:14: answer 4: question: must be one of weakness, dropping, thinner, "
        "numbness, swallowing, medicine (got 'headache')",
    ]


def test_a_lab_range_must_fit_the_unit_and_run_upwards() -> None:
    def lab(**fields: object) -> str:
        record = {"date": "2026-11-20", "test": "magnesium", "value": 0.8, "unit": "mmol/L"}
        return json.dumps({"version": 2, "lab_results": [dict(record, **fields)]})

    assert parse_import(lab(low=0.7, high=1.0), "json").lab_results == (
        LabResult(DAY, "magnesium", 0.8, "mmol/L", 0.7, 1.0),)
    assert problems(lab(low=1.7, high=0.2)) == [
        "in.json:1: lab result 1: high: must be above low (1.7; got 0.2)"]
    assert problems(lab(high="x")) == [
        "in.json:1: lab result 1: high: must be a number from about 0.08 to 8.23 (magnesium "
        "in mmol/L) (got 'x')"]
    assert problems(lab(date="2026-13-01")) == [
        "in.json:1: lab result 1: date: must be a date YYYY-MM-DD from 1970-01-01 to "
        f"{dt.date.today() + dt.timedelta(days=1)} (got '2026-13-01')"]
    assert problems('{"answers": [7]}') == [
        "in.json:1: answer 1 must be an object with date, question, answer"]

