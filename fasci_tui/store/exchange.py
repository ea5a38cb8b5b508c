"""The log out and back in, as CSV or JSON, with every problem located on its line.

Export writes one record per row (CSV) or per line (JSON); import reads either back,
checks every value with :mod:`fasci_tui.store.records` and
:mod:`fasci_tui.store.results`, and reports each problem as ``FILE:LINE: FIELD:
message``. Nothing is written here: the caller saves the result in one transaction,
so an import with any problem changes nothing.

JSON carries everything the store holds: daily entries, the profile, lab results and
the answers to the watch's questions (:mod:`fasci_tui.store.exchange_json`, format
version 2; version 1 files are still read). CSV carries daily entries only, one day a
row, for spreadsheets (:mod:`fasci_tui.store.exchange_csv`); ``log export`` says on
stderr what a CSV export leaves behind.
"""

from __future__ import annotations

from collections.abc import Iterable

from fasci_tui.store.exchange_base import MAX_PROBLEMS, Imported, ImportFailed, Problem
from fasci_tui.store.exchange_csv import CSV_COLUMNS, entry_cells, parse_csv, to_csv
from fasci_tui.store.exchange_json import (
    JSON_FORMAT_NAME,
    JSON_FORMAT_VERSION,
    READ_VERSIONS,
    entry_json,
    parse_json,
    to_json,
)
from fasci_tui.store.records import DailyEntry, Profile
from fasci_tui.store.results import Answer, LabResult

__all__ = ["CSV_COLUMNS", "FORMATS", "JSON_FORMAT_NAME", "JSON_FORMAT_VERSION",
           "MAX_IMPORT_BYTES", "MAX_PROBLEMS", "READ_VERSIONS", "ImportFailed", "Imported",
           "Problem", "decode", "entry_cells", "entry_json", "export_text", "guess_format",
           "parse_import", "to_csv", "to_json"]

FORMATS = ("csv", "json")
MAX_IMPORT_BYTES = 64 * 1024 * 1024


def export_text(fmt: str, entries: Iterable[DailyEntry], profile: Profile | None,
                lab_results: Iterable[LabResult] = (), answers: Iterable[Answer] = ()) -> str:
    """The log in ``fmt``: ``json`` (everything) or ``csv`` (daily entries only)."""
    if fmt == "csv":
        return to_csv(entries)
    return to_json(entries, profile, lab_results, answers)


def guess_format(name: str, text: str) -> str:
    """``csv`` or ``json``: from the file name's extension, else from its first character."""
    lower = name.lower()
    for fmt in FORMATS:
        if lower.endswith("." + fmt):
            return fmt
    return "json" if text.lstrip()[:1] in ("{", "[") else "csv"


def decode(raw: bytes) -> str:
    """The file's bytes as text (UTF-8, a BOM allowed), or ImportFailed saying where not."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFailed([Problem(0, None, f"over {MAX_IMPORT_BYTES // 2**20} MiB; this is "
                                             "not a log export")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ImportFailed([Problem(line, None, f"not UTF-8 text (byte {exc.start + 1})")]) \
            from None


def parse_import(text: str, fmt: str) -> Imported:
    """Everything in ``text``, all checked, or ImportFailed with every problem. A day
    (and a test or question on a day) may appear only once."""
    return parse_json(text) if fmt == "json" else parse_csv(text)
