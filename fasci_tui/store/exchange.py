"""The log as CSV or JSON, out and back in, with every problem located on its line.

Export writes one day per row (CSV) or per line (JSON); import reads either back,
checks every value with :mod:`fasci_tui.store.records` and reports each problem as
``FILE:LINE: FIELD: message``. Nothing is written here: the caller saves the result
in one transaction, so an import with any problem changes nothing.

CSV cells hold lists separated by ``;`` (``calves;eyelid``, ``magnesium 200 mg;vitamin
b12 500 mcg``); an empty cell means "not recorded". The JSON file may also carry the
profile.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from fasci_tui.store.records import (
    ENTRY_FIELDS,
    DailyEntry,
    FieldError,
    Profile,
    check_profile,
    make_entry,
    today,
)

FORMATS = ("csv", "json")
JSON_FORMAT_NAME = "fasci-tui log"
JSON_FORMAT_VERSION = 1
CSV_COLUMNS = ("date", *ENTRY_FIELDS[1:])
"""The CSV header: ``date`` then every entry field in order."""

MAX_IMPORT_BYTES = 64 * 1024 * 1024
MAX_PROBLEMS = 50
"""An import lists at most this many problems (then how many more there were)."""

_PROFILE_KEYS = ("sex", "age", "pregnant", "breastfeeding")
_TOP_KEYS = ("format", "version", "exported", "profile", "entries")


class Problem(NamedTuple):
    """One thing wrong in an import file; ``line`` 0 means the file as a whole."""

    line: int
    field: str | None
    message: str

    def located(self, name: str) -> str:
        """``FILE:LINE: FIELD: message``."""
        where = f"{name}:{self.line}" if self.line else name
        return f"{where}: {self.field}: {self.message}" if self.field else \
            f"{where}: {self.message}"


class ImportFailed(Exception):
    """The file has problems; nothing from it may be saved."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems

    def report(self, name: str) -> str:
        """Every problem, one per line, located in ``name``."""
        shown = [p.located(name) for p in self.problems[:MAX_PROBLEMS]]
        if len(self.problems) > MAX_PROBLEMS:
            shown.append(f"{name}: ... and {len(self.problems) - MAX_PROBLEMS} more problems")
        return "\n".join(shown)


class Imported(NamedTuple):
    """What an import file holds: the entries, and the profile when it has one."""

    entries: list[DailyEntry]
    profile: Profile | None


# -- export ------------------------------------------------------------------------


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(_number(value))
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


def entry_json(entry: DailyEntry) -> dict[str, Any]:
    """The entry as a JSON object (every key present; null for "not recorded")."""
    return {
        "date": entry.day.isoformat(), "twitch": entry.twitch, "sites": list(entry.sites),
        "caffeine": entry.caffeine, "alcohol": entry.alcohol,
        "sleep": None if entry.sleep is None else _number(entry.sleep),
        "stress": entry.stress, "exercise": entry.exercise, "habits": sorted(entry.habits),
        "supplements": [{"name": s.name, "amount": _number(s.amount), "unit": s.unit}
                        for s in entry.supplements],
        "note": entry.note,
    }


def to_json(entries: Iterable[DailyEntry], profile: Profile | None) -> str:
    """The profile and entries as JSON text, one entry per line."""
    dump = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every line

    head = {"format": JSON_FORMAT_NAME, "version": JSON_FORMAT_VERSION,
            "exported": today().isoformat(),
            "profile": None if profile is None else profile._asdict()}
    lines = ["{"] + [f"  {dump(k)}: {dump(v)}," for k, v in head.items()]
    rows = [f"    {dump(entry_json(e))}" for e in entries]
    if rows:
        lines += ['  "entries": [', ",\n".join(rows), "  ]"]
    else:
        lines.append('  "entries": []')
    return "\n".join(lines) + "\n}\n"


def export_text(fmt: str, entries: Iterable[DailyEntry], profile: Profile | None) -> str:
    """The log in ``fmt`` (``csv`` or ``json``)."""
    return to_csv(entries) if fmt == "csv" else to_json(entries, profile)


# -- import ------------------------------------------------------------------------


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
    """The entries (and profile) in ``text``, all checked, or ImportFailed with every
    problem. A day may appear only once."""
    return _parse_json(text) if fmt == "json" else _parse_csv(text)


def _check_unique(found: list[tuple[int, DailyEntry]], problems: list[Problem]) -> None:
    first: dict[Any, int] = {}
    for line, entry in found:
        if entry.day in first:
            problems.append(Problem(line, "date", f"{entry.day} appears twice (first on line "
                                                  f"{first[entry.day]})"))
        else:
            first[entry.day] = line


def _entry_from(fields: dict[str, object], line: int,
                problems: list[Problem]) -> DailyEntry | None:
    """A checked entry from raw fields, or None after adding the problem."""
    fields = dict(fields)
    if "day" in fields and "date" not in fields:
        fields["date"] = fields.pop("day")
    if "date" not in fields or fields["date"] in (None, ""):
        problems.append(Problem(line, "date", "missing (every day needs its date)"))
        return None
    day = fields.pop("date")
    try:
        return make_entry(day, **{str(k): v for k, v in fields.items()})
    except FieldError as exc:
        problems.append(Problem(line, exc.field, exc.message))
        return None


def _parse_csv(text: str) -> Imported:
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
            entry = _entry_from(dict(zip(header, cells, strict=False)), line, problems)
            if entry is not None:
                found.append((line, entry))
    except csv.Error as exc:
        problems.append(Problem(reader.line_num, None, f"not valid CSV: {exc}"))
    if header is None and not problems:
        problems.append(Problem(0, None, "empty: expected a header row "
                                         f"({','.join(CSV_COLUMNS)})"))
    _check_unique(found, problems)
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


class _Object(dict):  # type: ignore[type-arg]
    """A JSON object that remembers keys given twice."""

    duplicates: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj:
            obj.duplicates.append(key)
        obj[key] = value
    return obj


def _parse_json(text: str) -> Imported:
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise ImportFailed([Problem(exc.lineno, None, f"not valid JSON: {exc.msg} "
                                                      f"(column {exc.colno})")]) from None
    except RecursionError:
        raise ImportFailed([Problem(0, None, "nested too deeply to be a log export")]) \
            from None
    keys, entry_lines = _json_lines(text)
    problems: list[Problem] = []
    profile = None
    if isinstance(data, list):
        items = data
    elif isinstance(data, dict):
        for key in data.duplicates:
            problems.append(Problem(keys.get(key, 1), key, "given twice"))
        for key in data:
            if key not in _TOP_KEYS:
                problems.append(Problem(keys.get(key, 1), key, "unknown key (keys: "
                                                               f"{', '.join(_TOP_KEYS)})"))
        if data.get("format", JSON_FORMAT_NAME) != JSON_FORMAT_NAME:
            problems.append(Problem(keys.get("format", 1), "format",
                                    f"expected {JSON_FORMAT_NAME!r} (got {data['format']!r})"))
        version = data.get("version", JSON_FORMAT_VERSION)
        if version != JSON_FORMAT_VERSION:
            problems.append(Problem(keys.get("version", 1), "version",
                                    f"this fasci-tui reads version {JSON_FORMAT_VERSION} "
                                    f"(got {version!r}; a newer fasci-tui may read it)"))
        if data.get("profile") is not None:
            profile = _profile_from(data["profile"], keys.get("profile", 1), problems)
        items = data.get("entries", [])
        if not isinstance(items, list):
            problems.append(Problem(keys.get("entries", 1), "entries", "must be a list"))
            items = []
    else:
        raise ImportFailed([Problem(1, None, "expected a JSON object with \"entries\", or a "
                                             "list of entries")])
    found: list[tuple[int, DailyEntry]] = []
    for n, item in enumerate(items):
        line = entry_lines[n] if n < len(entry_lines) else 1
        if not isinstance(item, dict):
            problems.append(Problem(line, None, f"entry {n + 1} must be an object"))
            continue
        for key in item.duplicates:
            problems.append(Problem(line, key, "given twice"))
        entry = _entry_from(item, line, problems)
        if entry is not None:
            found.append((line, entry))
    _check_unique(found, problems)
    if problems:
        raise ImportFailed(problems)
    return Imported([e for _, e in found], profile)


def _profile_from(value: object, line: int, problems: list[Problem]) -> Profile | None:
    if not isinstance(value, dict):
        problems.append(Problem(line, "profile", "must be an object with "
                                                 f"{', '.join(_PROFILE_KEYS)}"))
        return None
    extra = [k for k in value if k not in _PROFILE_KEYS]
    if extra:
        problems.append(Problem(line, f"profile.{extra[0]}", "unknown key (keys: "
                                                             f"{', '.join(_PROFILE_KEYS)})"))
        return None
    try:
        return check_profile(Profile(value.get("sex"), value.get("age"),  # type: ignore[arg-type]
                                     value.get("pregnant", False),
                                     value.get("breastfeeding", False)))
    except FieldError as exc:
        problems.append(Problem(line, f"profile.{exc.field}", exc.message))
        return None


_WS = re.compile(r"[ \t\n\r]*")


def _json_lines(text: str) -> tuple[dict[str, int], list[int]]:
    """Line numbers of the top-level keys and of each entry, in already-valid JSON."""
    decoder = json.JSONDecoder()
    starts: dict[str, int] = {}
    entries: list[int] = []
    pos = _WS.match(text).end()  # type: ignore[union-attr]
    array = pos if text.startswith("[", pos) else None
    if text.startswith("{", pos):
        pos += 1
        while True:
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if text.startswith("}", pos):
                break
            key, pos = decoder.raw_decode(text, pos)
            starts.setdefault(key, pos)
            pos = _WS.match(text, pos).end() + 1  # type: ignore[union-attr]  # past ':'
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if key == "entries" and text.startswith("[", pos):
                array = pos
            _, pos = decoder.raw_decode(text, pos)
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if text.startswith(",", pos):
                pos += 1
    if array is not None:
        pos = array + 1
        while True:
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if text.startswith("]", pos):
                break
            entries.append(pos)
            _, pos = decoder.raw_decode(text, pos)
            pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
            if text.startswith(",", pos):
                pos += 1
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line(p: int) -> int:
        return bisect.bisect_left(newlines, p) + 1

    return {k: line(p) for k, p in starts.items()}, [line(p) for p in entries]

