"""The commands around the app: ``config [--init]``, ``completions SHELL``, ``--man``
and ``show --format``. Kept out of ``cli.py`` so that module stays the dispatcher; the
completion scripts and the manual are made in ``cli_docs.py``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fasci_tui.cli_docs import SHELLS, cmd_man, completion_script
from fasci_tui.config import config_path, example, init_file, load_settings


def _say(text: str) -> int:
    from fasci_tui.cli_output import emit as _emit

    return _emit(text)


def _error(message: str) -> None:
    print(f"fasci-tui: {message}", file=sys.stderr)


# --- config ---------------------------------------------------------------------------

def _binding_ids() -> list[tuple[str, str, str]]:
    from fasci_tui.app_keys import binding_ids

    return binding_ids()


def cmd_config(explicit: str | None, init: bool) -> int:
    """``config``: say which file is used and what is wrong in it (exit 1 if anything);
    ``config --init``: write the commented example there (never over a file)."""
    path = config_path(explicit)
    if init:
        error = init_file(path, example(_binding_ids()))
        if error:
            _error(error)
            return 1
        return _say(f"wrote {path} (every line commented out; remove a # to use it)\n")
    if not path.exists():
        return _say(f"{path}: no settings file (the defaults apply); "
                    "fasci-tui config --init writes a commented example\n")
    settings = load_settings(path, frozenset(b[0] for b in _binding_ids()))
    problems = list(settings.problems)
    if settings.theme:
        from fasci_tui.widgets.themes import theme_names

        if settings.theme not in theme_names():
            problems.append(f"{path}: theme: no theme called {settings.theme!r} "
                            f"(themes: {', '.join(theme_names())})")
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    return _say(f"{path}: OK\n")


# --- show --format --------------------------------------------------------------------

def format_problem(what: str | None, fmt: str) -> str | None:
    """Why ``show WHAT --format FMT`` cannot be, or None."""
    from fasci_tui.content.export import FORMATS, TABLE_FORMATS

    if fmt not in FORMATS + TABLE_FORMATS:
        return (f"unknown format {fmt!r} (formats: {', '.join(FORMATS)}; "
                "csv for show compare)")
    if fmt in TABLE_FORMATS and (what or "").lower() != "compare":
        return f"--format {fmt} is for the table: fasci-tui show compare --format {fmt}"
    return None


# --- dispatch -------------------------------------------------------------------------

def run_tool(parser: argparse.ArgumentParser, args: argparse.Namespace, data_dir: Path) -> int:
    """Run ``--man``, ``config``, ``completions`` or ``show --format``; the exit code."""
    from fasci_tui.cli import _load, _show_sort
    from fasci_tui.cli_output import EXIT_USAGE

    if args.man:
        return cmd_man(parser)
    if args.command == "config":
        if args.argument:
            _error(f"unexpected argument {args.argument!r}: fasci-tui config [--init]")
            return EXIT_USAGE
        return cmd_config(args.config, args.init)
    if args.init:
        _error("--init goes with config: fasci-tui config --init")
        return EXIT_USAGE
    if args.command == "completions":
        if args.argument not in SHELLS:
            _error(f"completions needs a shell: {', '.join(SHELLS)}"
                   + (f" (not {args.argument!r})" if args.argument else ""))
            return EXIT_USAGE
        content = _load(data_dir)  # the place names; None: the sections only
        return _say(completion_script(args.argument, parser, content))
    if args.command != "show":
        _error("--format goes with show: fasci-tui show ID --format md")
        return EXIT_USAGE
    fmt = args.format.lower()
    problem = format_problem(args.argument, fmt)
    sort = _show_sort(args)
    if problem is None and isinstance(sort, str) and sort.startswith("!"):
        problem = sort[1:]
    if problem is not None:
        _error(problem)
        return EXIT_USAGE
    from fasci_tui.cli import cmd_show

    return cmd_show(data_dir, args.argument, sort, args.desc, fmt)
