"""The log as CSV: one day per row, out and back in, each problem located on its line.

CSV carries daily entries only (a spreadsheet's shape); the profile, lab results and
answers travel in JSON (:mod:`fasci_tui.store.exchange_json`). Cells hold lists
separated by ``;`` (``calves;eyelid``, ``magnesium 200 mg;vitamin b12 500 mcg``); an
empty cell means "not recorded".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from fasci_tui.store.exchange_base import (
    Imported,
    ImportFailed,
    Problem,
    check_unique,
    entry_from,
    number,
)
from fasci_tui.store.records import ENTRY_FIELDS, DailyEntry

CSV_COLUMNS = ("date", *ENTRY_FIELDS[1:])
"""The CSV header: ``date`` then every entry field in order."""


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(number(value))
    return str(value)


def entry_cells(entry: DailyEntry) -> list[str]:
    """The entry as CSV cells in :data:`CSV_COLUMNS` order (empty: "not recorded")."""
    return [entry.day.isoformat(), _text(entry.twitch), ";".join(entry.sites),
            _text(entry.caffeine), _text(entry.alcohol), _text(entry.sleep),
            _text(entry.stress), entry.exercise or "", ";".join(sorted(entry.habits)),
            ";".join(str(s) for s in entry.supplements), entry.note]


def to_csv(entries: Iterable[DailyEntry]) -> str:
    """The entries as CSV text with a header row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(entry_cells(entry) for entry in entries)
    return out.getvalue()


def parse_csv(text: str) -> Imported:
    """The entries in CSV ``text``, all checked, or ImportFailed with every problem."""
    problems: list[Problem] = []
    found: list[tuple[int, DailyEntry]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    last_line = 0
    try:
        for cells in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = _csv_header(cells, line, problems)
                if header is None:
                    break
                continue
            if len(cells) > len(header):
                problems.append(Problem(line, None, f"{len(cells)} cells, but the header has "
                                                    f"{len(header)}"))
                continue
            entry = entry_from(dict(zip(header, cells, strict=False)), line, problems)
            if entry is not None:
                found.append((line, entry))
    except csv.Error as exc:
        problems.append(Problem(reader.line_num, None, f"not valid CSV: {exc}"))
    if header is None and not problems:
        problems.append(Problem(0, None, "empty: expected a header row "
                                         f"({','.join(CSV_COLUMNS)})"))
    check_unique(found, problems)
    if problems:
        raise ImportFailed(problems)
    return Imported([e for _, e in found], None)


def _csv_header(cells: list[str], line: int, problems: list[Problem]) -> list[str] | None:
    names = [c.strip().lower() for c in cells]
    names = ["date" if n == "day" else n for n in names]
    bad = False
    for name in names:
        if name not in CSV_COLUMNS:
            problems.append(Problem(line, None, f"unknown column {name!r} (columns: "
                                                f"{', '.join(CSV_COLUMNS)})"))
            bad = True
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem(line, None, f"column {name!r} appears twice"))
        bad = True
    if "date" not in names and not bad:
        problems.append(Problem(line, None, "the header needs a 'date' column (columns: "
                                            f"{', '.join(CSV_COLUMNS)})"))
        bad = True
    return None if bad else names
