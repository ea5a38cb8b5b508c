"""The log as JSON: everything the store holds, out and back in, problems located.

Format version 2 (written since lab results and answers were kept) is one object::

    {"format": "fasci-tui log", "version": 2, "exported": "2026-11-30",
     "profile": {"sex": ..., "age": ..., "pregnant": ..., "breastfeeding": ...} or null,
     "entries": [one day per line],
     "lab_results": [{"date", "test", "value", "unit", "low", "high"} per line],
     "answers": [{"date", "question", "answer": "yes" or "no"} per line]}

Version 1 files (no ``lab_results`` or ``answers``) and a bare list of entries are read
as before. Unknown keys are refused, so a file is never half understood. Each problem
is located on the line of the record it is in, naming the record and the field.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from fasci_tui.store.exchange_base import (
    Imported,
    ImportFailed,
    Problem,
    check_unique,
    entry_from,
    number,
)
from fasci_tui.store.records import DailyEntry, FieldError, Profile, check_profile, today
from fasci_tui.store.results import Answer, LabResult, make_answer, make_lab_result

JSON_FORMAT_NAME = "fasci-tui log"
JSON_FORMAT_VERSION = 2
"""The version written; :data:`READ_VERSIONS` are read."""
READ_VERSIONS = (1, 2)

LISTS = ("entries", "lab_results", "answers")
"""The top-level lists, in the order written."""
TOP_KEYS = {1: ("format", "version", "exported", "profile", "entries"),
            2: ("format", "version", "exported", "profile", *LISTS)}
"""The keys each version allows at the top."""
LAB_KEYS = ("date", "test", "value", "unit", "low", "high")
ANSWER_KEYS = ("date", "question", "answer")
_PROFILE_KEYS = ("sex", "age", "pregnant", "breastfeeding")


# -- export ------------------------------------------------------------------------


def entry_json(entry: DailyEntry) -> dict[str, Any]:
    """The entry as a JSON object (every key present; null for "not recorded")."""
    return {
        "date": entry.day.isoformat(), "twitch": entry.twitch, "sites": list(entry.sites),
        "caffeine": entry.caffeine, "alcohol": entry.alcohol,
        "sleep": None if entry.sleep is None else number(entry.sleep),
        "stress": entry.stress, "exercise": entry.exercise, "habits": sorted(entry.habits),
        "supplements": [{"name": s.name, "amount": number(s.amount), "unit": s.unit}
                        for s in entry.supplements],
        "note": entry.note,
    }


def lab_json(result: LabResult) -> dict[str, Any]:
    """A lab result as a JSON object (``low``/``high`` null when no range was printed)."""
    return {"date": result.day.isoformat(), "test": result.test,
            "value": number(result.value), "unit": result.unit,
            "low": None if result.low is None else number(result.low),
            "high": None if result.high is None else number(result.high)}


def answer_json(answer: Answer) -> dict[str, Any]:
    """An answer as a JSON object: ``{"date", "question", "answer": "yes"}``."""
    return {"date": answer.day.isoformat(), "question": answer.question,
            "answer": "yes" if answer.yes else "no"}


def to_json(entries: Iterable[DailyEntry], profile: Profile | None,
            lab_results: Iterable[LabResult] = (), answers: Iterable[Answer] = ()) -> str:
    """Everything as JSON text (version 2), one record per line."""
    dump = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for every line

    head = {"format": JSON_FORMAT_NAME, "version": JSON_FORMAT_VERSION,
            "exported": today().isoformat(),
            "profile": None if profile is None else profile._asdict()}
    lines = ["{"] + [f"  {dump(k)}: {dump(v)}," for k, v in head.items()]
    blocks = (("entries", [entry_json(e) for e in entries]),
              ("lab_results", [lab_json(r) for r in lab_results]),
              ("answers", [answer_json(a) for a in answers]))
    for key, records in blocks:
        comma = "" if key == LISTS[-1] else ","
        if records:
            lines += [f'  "{key}": [', ",\n".join(f"    {dump(r)}" for r in records),
                      f"  ]{comma}"]
        else:
            lines.append(f'  "{key}": []{comma}')
    return "\n".join(lines) + "\n}\n"


# -- import ------------------------------------------------------------------------


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


def parse_json(text: str) -> Imported:
    """Everything in JSON ``text`` (version 1 or 2, or a bare list of entries), all
    checked, or ImportFailed with every problem."""
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise ImportFailed([Problem(exc.lineno, None, f"not valid JSON: {exc.msg} "
                                                      f"(column {exc.colno})")]) from None
    except RecursionError:
        raise ImportFailed([Problem(0, None, "nested too deeply to be a log export")]) \
            from None
    keys, item_lines = _json_lines(text)
    problems: list[Problem] = []
    profile = None
    lists: dict[str, list[Any]] = {key: [] for key in LISTS}
    if isinstance(data, list):
        lists["entries"] = data
    elif isinstance(data, dict):
        profile = _head(data, keys, problems, lists)
    else:
        raise ImportFailed([Problem(1, None, "expected a JSON object with \"entries\", or a "
                                             "list of entries")])

    def line_of(key: str, n: int) -> int:
        found = item_lines.get(key, [])
        return found[n] if n < len(found) else keys.get(key, 1)

    entries: list[tuple[int, DailyEntry]] = []
    for n, item in enumerate(lists["entries"]):
        line = line_of("entries", n)
        if not isinstance(item, dict):
            problems.append(Problem(line, None, f"entry {n + 1} must be an object"))
            continue
        problems += [Problem(line, key, "given twice") for key in item.duplicates]
        entry = entry_from(item, line, problems)
        if entry is not None:
            entries.append((line, entry))
    check_unique(entries, problems)
    labs = _records(lists["lab_results"], "lab result", LAB_KEYS, 4, make_lab_result,
                    lambda n: line_of("lab_results", n), problems)
    answers = _records(lists["answers"], "answer", ANSWER_KEYS, 3, make_answer,
                       lambda n: line_of("answers", n), problems)
    if problems:
        raise ImportFailed(problems)
    return Imported([e for _, e in entries], profile, tuple(labs), tuple(answers))


def _head(data: _Object, keys: dict[str, int], problems: list[Problem],
          lists: dict[str, list[Any]]) -> Profile | None:
    """Check the top-level keys, format and version; fill ``lists``; return the profile."""
    for key in data.duplicates:
        problems.append(Problem(keys.get(key, 1), key, "given twice"))
    version = data.get("version", JSON_FORMAT_VERSION)
    known = isinstance(version, int) and not isinstance(version, bool) \
        and version in READ_VERSIONS
    if not known:
        problems.append(Problem(keys.get("version", 1), "version",
                                f"this fasci-tui reads versions {READ_VERSIONS[0]} to "
                                f"{READ_VERSIONS[-1]} (got {version!r}; a newer fasci-tui "
                                "may read it)"))
    allowed = TOP_KEYS[version if known else JSON_FORMAT_VERSION]
    for key in data:
        if key in allowed:
            continue
        if key in TOP_KEYS[JSON_FORMAT_VERSION]:
            problems.append(Problem(keys.get(key, 1), key, f"not part of version {version} "
                                    f"(it came with version {JSON_FORMAT_VERSION}: set "
                                    f"\"version\": {JSON_FORMAT_VERSION})"))
        else:
            problems.append(Problem(keys.get(key, 1), key,
                                    f"unknown key (keys: {', '.join(allowed)})"))
    if data.get("format", JSON_FORMAT_NAME) != JSON_FORMAT_NAME:
        problems.append(Problem(keys.get("format", 1), "format",
                                f"expected {JSON_FORMAT_NAME!r} (got {data['format']!r})"))
    profile = None
    if data.get("profile") is not None:
        profile = _profile_from(data["profile"], keys.get("profile", 1), problems)
    for key in LISTS:
        items = data.get(key, [])
        if isinstance(items, list):
            lists[key] = items
        else:
            problems.append(Problem(keys.get(key, 1), key, "must be a list"))
    return profile


def _records(items: list[Any], what: str, fields: tuple[str, ...], required: int,
             make: Callable[..., Any], line_of: Callable[[int], int],
             problems: list[Problem]) -> list[Any]:
    """Check each object in ``items`` with ``make`` (its ``fields`` in order, the first
    ``required`` of them needed); a record with the same date and second field as an
    earlier one is a problem too."""
    found: list[Any] = []
    first: dict[tuple[Any, Any], int] = {}
    for n, item in enumerate(items):
        line, name = line_of(n), f"{what} {n + 1}"
        if not isinstance(item, dict):
            problems.append(Problem(line, None, f"{name} must be an object with "
                                                f"{', '.join(fields)}"))
            continue
        problems += [Problem(line, f"{name}: {key}", "given twice") for key in item.duplicates]
        extra = [key for key in item if key not in fields]
        missing = [key for key in fields[:required] if item.get(key) in (None, "")]
        if extra:
            problems.append(Problem(line, f"{name}: {extra[0]}",
                                    f"unknown key (keys: {', '.join(fields)})"))
        if missing:
            problems.append(Problem(line, f"{name}: {missing[0]}", "missing (needs "
                                    f"{', '.join(fields[:required])})"))
        if extra or missing:
            continue
        try:
            record = make(*(item.get(key) for key in fields))
        except FieldError as exc:
            problems.append(Problem(line, f"{name}: {exc.field}", exc.message))
            continue
        key = (record[0], record[1])
        if key in first:
            problems.append(Problem(line, f"{name}: {fields[1]}",
                                    f"{record[1]} on {record[0]} appears twice (first on "
                                    f"line {first[key]})"))
            continue
        first[key] = line
        found.append(record)
    return found


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


def _skip(text: str, pos: int) -> int:
    return _WS.match(text, pos).end()  # type: ignore[union-attr]


def _json_lines(text: str) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Line numbers of the top-level keys and of each item of the top-level lists
    (a bare list counts as ``entries``), in already-valid JSON."""
    decoder = json.JSONDecoder()
    starts: dict[str, int] = {}
    arrays: dict[str, int] = {}
    pos = _skip(text, 0)
    if text.startswith("[", pos):
        arrays["entries"] = pos
    elif text.startswith("{", pos):
        pos += 1
        while True:
            pos = _skip(text, pos)
            if text.startswith("}", pos):
                break
            key, pos = decoder.raw_decode(text, pos)
            starts.setdefault(key, pos)
            pos = _skip(text, _skip(text, pos) + 1)  # past ':'
            if key in LISTS and text.startswith("[", pos):
                arrays.setdefault(key, pos)
            _, pos = decoder.raw_decode(text, pos)
            pos = _skip(text, pos)
            if text.startswith(",", pos):
                pos += 1
    items: dict[str, list[int]] = {}
    for key, start in arrays.items():
        found = items[key] = []
        pos = start + 1
        while True:
            pos = _skip(text, pos)
            if text.startswith("]", pos):
                break
            found.append(pos)
            _, pos = decoder.raw_decode(text, pos)
            pos = _skip(text, pos)
            if text.startswith(",", pos):
                pos += 1
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line(p: int) -> int:
        return bisect.bisect_left(newlines, p) + 1

    return ({k: line(p) for k, p in starts.items()},
            {k: [line(p) for p in found] for k, found in items.items()})
