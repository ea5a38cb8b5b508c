"""Command line: open the app (optionally at a place), validate data, print plain text.

``show`` and ``validate`` never import Textual, so they stay quick in pipes and scripts.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from fasci_tui import __version__
from fasci_tui.content.cache import load_cached
from fasci_tui.content.model import Content
from fasci_tui.content.paths import DATA_ENV, resolve_data_dir
from fasci_tui.content.problems import ContentError
from fasci_tui.places import OVERVIEW, Section, find_place
from fasci_tui.target import SECTIONS, Target

if TYPE_CHECKING:
    import argparse

    from fasci_tui.store.records import Profile

from fasci_tui.cli_output import EXIT_PROBLEMS, EXIT_USAGE, tolerate_narrow_output
from fasci_tui.cli_output import emit as _emit
from fasci_tui.cli_output import error as _error
from fasci_tui.cli_output import terminal_width as _terminal_width

DESCRIPTION = """\
A calm terminal reference for people whose muscles twitch (fasciculations): which
nutrients and habits matter, which foods supply them, and when to see a doctor.
It informs; it does not diagnose.
"""

EPILOG = f"""\
commands:
  (none)              open the app at the overview
  PLACE               open the app at a place: a nutrient (magnesium, b12, ...),
                      a page (bfs, causes) or one of: {", ".join(SECTIONS)}
  validate [DIR]      check a data directory; exit 0 when it is sound, 1 with
                      every problem (file:line:column: key: message)
  show ID             print plain text: a nutrient id or alias, a page (bfs,
                      causes), doctor (the red flags), today or trends (your
                      log), or one of overview, compare, checklist, faq, foods,
                      references (show compare --sort COLUMN [--desc] sorts
                      the table; --format md|json for Markdown or JSON, csv
                      for compare)
  config [--init]     check the settings file; --init writes a commented one
  completions SHELL   print a completion script for bash, zsh or fish
  serve ssh|web       host the app for others over SSH or in a browser,
                      on 127.0.0.1 unless told (fasci-tui serve ssh --help)
  profile [...]       your sex and age, for your own daily intakes
                      (fasci-tui profile --help)
  log add|list|export|import|wipe
                      your daily check-in log (fasci-tui log --help)
  lab TEST VALUE UNIT read a blood test result (fasci-tui lab --help)
  watch [--answer ..] check your log against the see-a-doctor signs
  report [FILE]       a summary of your log for a doctor's visit (--format html)

examples:
  fasci-tui                        open the app
  fasci-tui magnesium              open the app at magnesium
  fasci-tui faq --search b12       open the FAQ filtered by "b12"
  fasci-tui compare --sort intake  open the table sorted by adult intake
  fasci-tui show magnesium | less  read about magnesium in a pager
  fasci-tui show compare --format csv > nutrients.csv
  fasci-tui --theme high-contrast  16 colours, strong contrasts
  fasci-tui show doctor            when to see a doctor: now, soon, reassurance
  fasci-tui --data ./my-data validate
  fasci-tui serve ssh --port 2222  then: ssh -t -p 2222 localhost

The data directory can also be set with ${DATA_ENV}, the settings file
(default ~/.config/fasci-tui/config.toml) with $FASCI_TUI_CONFIG.
Inside the app, press ? or F1 for every key.
"""



class OpenOptions(NamedTuple):
    """The options that go with opening the app at a place."""

    search: str | None = None
    sort: str | None = None
    desc: bool = False
    theme: str | None = None
    config: str | None = None
    mouse: bool = True


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to print --help)."""
    import argparse

    from fasci_tui.content.compare import COLUMNS

    parser = argparse.ArgumentParser(
        prog="fasci-tui", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"fasci-tui {__version__}")
    parser.add_argument("--data", metavar="DIR",
                        help=f"use the YAML files in DIR (default: ${DATA_ENV}, "
                        "else the shipped data)")
    parser.add_argument("--search", metavar="TEXT", help="with faq: start with this search")
    parser.add_argument("--sort", metavar="COLUMN",
                        help="with compare: sort by COLUMN (" + ", ".join(c.key for c in COLUMNS)
                        + ")")
    parser.add_argument("--desc", action="store_true", help="with --sort: sort descending")
    parser.add_argument("--format", metavar="FORMAT", default="txt",
                        help="with show: txt (default), md, json; csv for show compare")
    parser.add_argument("--theme", metavar="NAME",
                        help="colours for this run (e.g. high-contrast, textual-light)")
    parser.add_argument("--config", metavar="FILE",
                        help="read the settings from FILE (default: $FASCI_TUI_CONFIG, else "
                        "~/.config/fasci-tui/config.toml)")
    parser.add_argument("--no-mouse", action="store_true",
                        help="leave the mouse to the terminal (its own text selection)")
    parser.add_argument("--init", action="store_true",
                        help="with config: write a commented example settings file")
    parser.add_argument("--man", action="store_true", help="show the manual page")
    parser.add_argument("command", nargs="?",
                        metavar="PLACE|validate|show|config|completions",
                        help="where to open, or a command (see below)")
    parser.add_argument("argument", nargs="?", metavar="ID|DIR", help=argparse.SUPPRESS)
    return parser


def _load(data_dir: Path) -> Content | None:
    try:
        return load_cached(data_dir)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return None


def _suggest(word: str, options: list[str]) -> str:
    import difflib  # only for a did-you-mean: ~7 ms off every start

    close = difflib.get_close_matches(word.lower(), list(dict.fromkeys(options)), n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""


def cmd_validate(data_dir: Path) -> int:
    """``validate``: report every problem, exit 0 or 1 (always reads the YAML, no cache)."""
    from fasci_tui.content.loader import load_content

    try:
        content = load_content(data_dir)
    except ContentError as exc:
        return _emit(exc.report() + "\n") or EXIT_PROBLEMS
    return _emit(f"{data_dir}: OK ({len(content.nutrients)} nutrients, {len(content.faq)} "
                 f"questions, {len(content.habits)} habits, {len(content.references)} "
                 "references)\n")


def cmd_show(data_dir: Path, what: str | None, sort: str | None = None,
             descending: bool = False, fmt: str = "txt") -> int:
    """``show ID``: print the page to stdout, as plain text or ``fmt`` (md, json; csv for
    the compare table); ``sort``: the compare table's column."""
    from fasci_tui.content.export import (
        PERSONAL_SHOWS,
        SHOW_SECTIONS,
        compare_csv,
        page_of,
        place_names,
        render_as,
    )

    if not what:
        _error("show needs an ID: a nutrient (magnesium, b12, ...), a page (bfs, causes) "
               "or one of " + ", ".join(SHOW_SECTIONS))
        return EXIT_USAGE
    content = _load(data_dir)
    if content is None:
        return EXIT_PROBLEMS
    region = _region_setting()
    if fmt == "csv":  # the compare table's own format (the caller checked ``what``)
        return _emit(compare_csv(content, sort, descending, region))
    done: frozenset[str] = frozenset()
    if what.lower() == "checklist":
        from fasci_tui.state import StateStore

        store = StateStore()
        done = store.load().checked
        for notice in store.take_notices():
            _error(notice)
    if what.lower() in PERSONAL_SHOWS:
        from fasci_tui.cli_log import show_personal
        from fasci_tui.store import StoreError

        try:
            return _emit(show_personal(content, what.lower()))
        except StoreError as exc:
            _error(str(exc))
            return EXIT_PROBLEMS
    page = page_of(content, what.lower(), done=done, sort=sort, descending=descending,
                   profile=_saved_profile(), region=region,
                   units=_units_setting())
    if page is None:
        _error(f"no nutrient, page or section called {what!r}"
               + _suggest(what, place_names(content)))
        return EXIT_USAGE
    return _emit(render_as(page, fmt, min(_terminal_width(), 100)))


def _region_setting() -> str | None:
    """The settings file's ``region`` for ``show`` (content/regions.py), None when it
    keeps the default: then the data's own order, as without a settings file."""
    from fasci_tui.config import load_settings
    from fasci_tui.content.regions import region_setting

    return region_setting(load_settings())


def _units_setting() -> str:
    """The settings file's ``units`` for ``show`` (content/measures.py)."""
    from fasci_tui.config import load_settings
    from fasci_tui.content.measures import units_setting

    return units_setting(load_settings())


def _saved_profile() -> Profile | None:
    """The person's profile for ``show`` (fasci_tui/cli_log.py), None without one."""
    from fasci_tui.cli_log import saved_profile

    return saved_profile()


def resolve_target(content: Content, place: str | None, args: OpenOptions) -> Target | str:
    """The Target for a deep link, or an error message."""
    where = OVERVIEW
    if place:
        found = find_place(content, place)
        if found is None:
            from fasci_tui.content.export import SHOW_SECTIONS, place_names

            names = [n for n in place_names(content) if n not in SHOW_SECTIONS]
            return (f"no nutrient, page or section called {place!r}"
                    + _suggest(place, [*SECTIONS, *names]))
        where = found
    if args.search is not None and where.section is not Section.FAQ:
        return "--search goes with faq: fasci-tui faq --search TEXT"
    sort = None
    if args.sort is not None:
        if where.section is not Section.COMPARE:
            return "--sort goes with compare: fasci-tui compare --sort COLUMN"
        from fasci_tui.content.compare import COLUMNS, column_key

        sort = column_key(args.sort)
        if sort is None:
            keys = [c.key for c in COLUMNS]
            return (f"unknown column {args.sort!r}" + _suggest(args.sort, keys)
                    + f" (columns: {', '.join(keys)})")
    elif args.desc:
        return "--desc goes with --sort"
    return Target(where, args.search, sort, args.desc)


def _show_sort(args: argparse.Namespace) -> str | None:
    """The compare column ``show compare --sort`` asks for, or ``"!message"`` if wrong."""
    if args.sort is None:
        return "!--desc goes with --sort" if args.desc else None
    if (args.argument or "").lower() != "compare":
        return "!--sort goes with compare: fasci-tui show compare --sort COLUMN"
    from fasci_tui.content.compare import COLUMNS, column_key

    key = column_key(args.sort)
    if key is None:
        keys = [c.key for c in COLUMNS]
        return (f"!unknown column {args.sort!r}" + _suggest(args.sort, keys)
                + f" (columns: {', '.join(keys)})")
    return key


def cmd_open(data_dir: Path, place: str | None, args: OpenOptions) -> int:
    """Open the TUI, at ``place`` when given (else the settings' ``start``)."""
    from fasci_tui.config import config_path, load_settings

    settings = load_settings(config_path(args.config))
    content = _load(data_dir)
    if content is None:
        _error("the app cannot start until the data is fixed (fasci-tui validate lists it all)")
        return EXIT_PROBLEMS
    if place is None and settings.start:
        if find_place(content, settings.start) is not None:
            place = settings.start
        else:
            from dataclasses import replace

            settings = replace(settings, problems=(*settings.problems, (
                f"{settings.path}: start: no place called {settings.start!r}; "
                "opening the overview")))
    if args.theme is not None:
        from fasci_tui.widgets.themes import theme_names

        if args.theme not in theme_names():
            _error(f"no theme called {args.theme!r}" + _suggest(args.theme, theme_names())
                   + f" (themes: {', '.join(theme_names())})")
            return EXIT_USAGE
    target = resolve_target(content, place, args)
    if isinstance(target, str):
        _error(target)
        return EXIT_USAGE
    web = "TEXTUAL_DRIVER" in os.environ  # e.g. textual-serve's web driver: no tty needed
    if not web and not all(stream is not None and stream.isatty()
                           for stream in (sys.stdin, sys.stdout)):
        _error("the app needs a terminal; for plain text use: fasci-tui show ID")
        return EXIT_USAGE
    # Importing Textual makes tens of thousands of objects that live as long as the app,
    # and the garbage collector scanned them again and again (some 20 ms, a hundred
    # collections that found next to nothing); run_app freezes them, and collection is
    # back on once the first frame has been drawn.
    gc.disable()
    from fasci_tui.app import run_app

    return run_app(content, target, settings=settings, theme=args.theme,
                   mouse=settings.mouse and args.mouse)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``fasci-tui`` command; returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    tolerate_narrow_output()
    at = 2 if argv[:1] == ["--data"] else 0  # `[--data DIR] serve ...` has its own parser
    if argv[at:at + 1] == ["serve"]:
        from fasci_tui.serve import main as serve_main

        return serve_main(argv[at + 1:], resolve_data_dir(argv[1] if at else None))
    if argv[at:at + 1] in (["log"], ["profile"]):  # the personal log: fasci_tui/cli_log.py
        from fasci_tui.cli_log import main as log_main

        return log_main(argv[at:], resolve_data_dir(argv[1] if at else None))
    if argv[at:at + 1] == ["lab"]:  # a blood test result: fasci_tui/cli_lab.py
        from fasci_tui.cli_lab import main as lab_main

        return lab_main(argv[at:], resolve_data_dir(argv[1] if at else None))
    if argv[at:at + 1] == ["watch"]:  # the red-flag watch: fasci_tui/cli_watch.py
        from fasci_tui.cli_watch import main as watch_main

        return watch_main(argv[at:], resolve_data_dir(argv[1] if at else None))
    if argv[at:at + 1] == ["report"]:  # the visit summary: fasci_tui/cli_report.py
        from fasci_tui.cli_report import main as report_main

        return report_main(argv[at:], resolve_data_dir(argv[1] if at else None))
    if not argv:  # plain `fasci-tui`, the usual start: no parser to import and build
        return cmd_open(resolve_data_dir(), None, OpenOptions())
    if len(argv) == 2 and argv[0] == "show" and not argv[1].startswith("-"):
        return cmd_show(resolve_data_dir(), argv[1])  # `show ID`: no parser either (~20 ms)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if exc.code in (0, None) else EXIT_USAGE
    data_dir = resolve_data_dir(args.data)
    if (args.man or args.init or args.command in ("config", "completions")
            or args.format != "txt"):
        from fasci_tui.cli_tools import run_tool

        return run_tool(parser, args, data_dir)
    if args.command == "validate":
        return cmd_validate(Path(args.argument) if args.argument else data_dir)
    if args.command == "show":
        sort = _show_sort(args)
        if isinstance(sort, str) and sort.startswith("!"):
            _error(sort[1:])
            return EXIT_USAGE
        return cmd_show(data_dir, args.argument, sort, args.desc)
    if args.argument:
        _error(f"unexpected argument {args.argument!r} (see fasci-tui --help)")
        return EXIT_USAGE
    return cmd_open(data_dir, args.command, OpenOptions(
        args.search, args.sort, args.desc, args.theme, args.config, not args.no_mouse))


if __name__ == "__main__":
    raise SystemExit(main())
