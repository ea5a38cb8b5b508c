"""``fasci-tui log export``, ``log import`` and ``log wipe``: the whole log at once.

Split out of :mod:`fasci_tui.cli_log` (which dispatches to these). Never imports Textual.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fasci_tui.cli_log_args import Usage
from fasci_tui.cli_output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from fasci_tui.cli_output import emit as _emit
from fasci_tui.cli_output import error as _error
from fasci_tui.store import Store, open_store


def open_log() -> Store:
    """Open the personal store, printing any notice it has (such as a migration)."""
    store = open_store()
    for notice in store.take_notices():
        _error(notice)
    return store


# -- export / import ---------------------------------------------------------------


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _listed(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def cmd_export(args: argparse.Namespace) -> int:
    """``log export``: the whole log to FILE or stdout. JSON carries everything (entries,
    profile, lab results, answers); CSV the daily entries, saying on stderr what it left
    out."""
    from fasci_tui.store.exchange import export_text

    name = args.file if args.file not in (None, "-") else None
    fmt = args.format or ("json" if name and name.lower().endswith(".json") else "csv")
    store = open_log()
    try:
        entries = store.entries()
        profile = store.profile()
        labs = store.lab_results()
        answers = store.answers()
    finally:
        store.close()
    text = export_text(fmt, entries, profile, labs, answers)
    left_out = ["your profile"] if profile is not None else []
    left_out += [_count(len(labs), "lab result", "lab results")] if labs else []
    left_out += [_count(len(answers), "answer", "answers")] if answers else []
    if fmt == "csv" and left_out:
        _error(f"note: CSV holds the daily entries only; {_listed(left_out)} "
               f"{'is' if left_out == ['your profile'] else 'are'} not in it (use "
               "--format json to export everything)")
    if name is None:
        return _emit(text)
    from fasci_tui.state import atomic_write  # a temporary file (0600) renamed into place

    try:
        atomic_write(Path(name), text)
    except OSError as exc:
        _error(f"cannot write {name}: {(exc.strerror or str(exc)).lower()}")
        return EXIT_PROBLEMS
    what = [_count(len(entries), "day", "days")]
    if fmt == "json":
        what += [_count(len(labs), "lab result", "lab results"),
                 _count(len(answers), "answer", "answers")]
        what += ["your profile"] if profile is not None else []
    _error(f"Exported {_listed(what)} to {name} ({fmt.upper()}).")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """``log import FILE``: check everything, then save it all in one transaction."""
    from fasci_tui.store.exchange import ImportFailed, decode, guess_format, parse_import

    name = args.file
    try:
        if name == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(name, "rb") as handle:
                raw = handle.read()
    except OSError as exc:
        _error(f"cannot read {name}: {(exc.strerror or str(exc)).lower()}")
        return EXIT_PROBLEMS
    shown = "<stdin>" if name == "-" else name
    try:
        text = decode(raw)
        got = parse_import(text, args.format or guess_format(name, text))
    except ImportFailed as exc:
        print(exc.report(shown), file=sys.stderr)
        _error(f"{shown}: nothing was imported ({len(exc.problems)} problem"
               f"{'s' * (len(exc.problems) != 1)})")
        return EXIT_USAGE  # bad values, as on the command line
    store = open_log()
    try:
        days = {e.day for e in got.entries}
        replaced = sum(1 for e in store.entries() if e.day in days) if days else 0
        tests = {(r.day, r.test) for r in got.lab_results}
        replaced_labs = sum(1 for r in store.lab_results() if (r.day, r.test) in tests)
        asked = {(a.day, a.question) for a in got.answers}
        replaced_answers = sum(1 for a in store.answers() if (a.day, a.question) in asked)
        count = store.save_entries(got.entries, got.profile, got.lab_results, got.answers)
    finally:
        store.close()
    what = [_count(count, "day", "days")]
    what += [_count(len(got.lab_results), "lab result", "lab results")] \
        if got.lab_results else []
    what += [_count(len(got.answers), "answer", "answers")] if got.answers else []
    notes = [f"{replaced} of them replaced days already in the log"] if replaced else []
    if replaced_labs or replaced_answers:
        again = [_count(replaced_labs, "lab result", "lab results")] if replaced_labs else []
        again += [_count(replaced_answers, "answer", "answers")] if replaced_answers else []
        notes.append(f"{_listed(again)} replaced the same test or question on the same day")
    note = f" ({'; '.join(notes)})" if notes else ""
    profile = "; profile set from the file" if got.profile else ""
    _error(f"Imported {_listed(what)} from {shown}{note}{profile}.")
    return EXIT_OK


# -- wipe --------------------------------------------------------------------------


def _interactive() -> bool:
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stderr))


def cmd_wipe(args: argparse.Namespace) -> int:
    """``log wipe``: delete everything (entries, ticks, lab results, answers, profile),
    after asking (or with --yes)."""
    if not args.yes and not _interactive():
        raise Usage("log wipe asks before deleting, and this is not a terminal: nothing was "
                    "deleted (add --yes to wipe from a script)")
    store = open_log()
    try:
        if not args.yes:
            days, labs, answers = store.count_days(), store.lab_results(), store.answers()
            parts = [f"{_count(days, 'day', 'days')} of entries and ticks"]
            parts += [_count(len(labs), "lab result", "lab results")] if labs else []
            parts += [_count(len(answers), "answer", "answers")] if answers else []
            parts += ["your profile"] if store.profile() is not None else []
            what = _listed(parts)
            print(f"This deletes {what} from {store.location}. It cannot be undone.",
                  file=sys.stderr)
            print("Type yes to delete: ", end="", file=sys.stderr, flush=True)
            try:
                answer = sys.stdin.readline()
            except (EOFError, KeyboardInterrupt):
                answer = ""
            if answer.strip().lower() != "yes":
                _error("nothing was deleted")
                return EXIT_PROBLEMS
        store.wipe()
    finally:
        store.close()
    _error("Your log (entries, ticks, lab results and answers) and profile are deleted.")
    return EXIT_OK
