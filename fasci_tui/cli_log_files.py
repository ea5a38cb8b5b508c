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


def cmd_export(args: argparse.Namespace) -> int:
    """``log export``: the whole log (and profile, in JSON) to FILE or stdout."""
    from fasci_tui.store.exchange import export_text

    name = args.file if args.file not in (None, "-") else None
    fmt = args.format or ("json" if name and name.lower().endswith(".json") else "csv")
    store = open_log()
    try:
        entries = store.entries()
        profile = store.profile()
    finally:
        store.close()
    text = export_text(fmt, entries, profile)
    if name is None:
        return _emit(text)
    from fasci_tui.state import atomic_write  # a temporary file (0600) renamed into place

    try:
        atomic_write(Path(name), text)
    except OSError as exc:
        _error(f"cannot write {name}: {(exc.strerror or str(exc)).lower()}")
        return EXIT_PROBLEMS
    _error(f"Exported {len(entries)} days to {name} ({fmt.upper()}).")
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
        imported = parse_import(text, args.format or guess_format(name, text))
    except ImportFailed as exc:
        print(exc.report(shown), file=sys.stderr)
        _error(f"{shown}: nothing was imported ({len(exc.problems)} problem"
               f"{'s' * (len(exc.problems) != 1)})")
        return EXIT_USAGE  # bad values, as on the command line
    store = open_log()
    try:
        days = {e.day for e in imported.entries}
        replaced = sum(1 for e in store.entries() if e.day in days) if days else 0
        count = store.save_entries(imported.entries, imported.profile)
    finally:
        store.close()
    note = f" ({replaced} of them replaced days already in the log)" if replaced else ""
    profile = "; profile set from the file" if imported.profile else ""
    _error(f"Imported {count} days from {shown}{note}{profile}.")
    return EXIT_OK


# -- wipe --------------------------------------------------------------------------


def _interactive() -> bool:
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stderr))


def cmd_wipe(args: argparse.Namespace) -> int:
    """``log wipe``: delete everything, after asking (or with --yes)."""
    if not args.yes and not _interactive():
        raise Usage("log wipe asks before deleting, and this is not a terminal: nothing was "
                    "deleted (add --yes to wipe from a script)")
    store = open_log()
    try:
        if not args.yes:
            days, profile = store.count_days(), store.profile() is not None
            what = f"{days} day{'s' * (days != 1)} of entries and ticks"
            what += " and your profile" if profile else ""
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
    _error("Your log and profile are deleted.")
    return EXIT_OK
