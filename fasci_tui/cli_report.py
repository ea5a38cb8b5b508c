"""``fasci-tui report [--since 30d] [--format md|txt|html] [FILE]``: the visit summary.

The page comes from :func:`fasci_tui.content.report.build_report`; text, Markdown and
HTML from the page model's renderers. Without FILE it goes to stdout. Exit codes: 0
written, 2 an option that cannot be read, 3 the log or the data could not be read or
the file not written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from fasci_tui.cli_args import CommandParser, WrappedHelp
from fasci_tui.cli_output import emit as _emit
from fasci_tui.cli_output import error as _error

EXIT_OK, EXIT_USAGE, EXIT_PROBLEMS = 0, 2, 3
FORMATS = ("txt", "md", "html")


def build_report_parser() -> argparse.ArgumentParser:
    """The ``report`` command's options."""
    parser = CommandParser(prog="fasci-tui report", description="A one-page summary of your log "
                     "for a doctor's visit: twitch levels, body areas, factors and habits, "
                     "supplements with daily totals, answers, lab results, questions to ask.",
                     epilog="examples:\n  fasci-tui report | less\n  fasci-tui report "
                     "--since 90d --format html visit.html\n\nexit codes: 0 written, 2 an "
                     "option that cannot be read,\n3 the log, the data or FILE failed",
                     formatter_class=WrappedHelp)
    parser.add_argument("--since", default="30d", metavar="SPAN|DATE|all",
                        help="the period: 30d (default), 12w, 6m, 1y, a date, or all")
    parser.add_argument("--format", choices=FORMATS, default="txt",
                        help="txt (default), md (Markdown) or html (one file that prints)")
    parser.add_argument("file", nargs="?", metavar="FILE",
                        help="write here instead of to stdout (replaced if it exists)")
    return parser


def render(page: object, fmt: str) -> str:
    """The page in ``fmt``."""
    if fmt == "html":
        from fasci_tui.content.html import render as render_html

        return render_html(page)  # type: ignore[arg-type]
    if fmt == "md":
        from fasci_tui.content.markdown import render as render_md

        return render_md(page)  # type: ignore[arg-type]
    from fasci_tui.content.text import render as render_text

    return render_text(page)  # type: ignore[arg-type]


def make_report(data_dir: Path, since: dt.date | None) -> object:
    """The visit summary page from the person's store (StoreError, ContentError pass)."""
    from fasci_tui.content.cache import load_cached
    from fasci_tui.content.report import build_report
    from fasci_tui.store import open_store
    from fasci_tui.store.records import today

    content = load_cached(data_dir)
    with open_store() as store:
        everything = store.entries()
        answers = store.answers()
        labs = store.lab_results(since)
        profile = store.profile()
    period = [e for e in everything if since is None or e.day >= since]
    return build_report(content, period, answers, labs, profile, today(), since, everything)


def write_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file (a failed write leaves any
    old file as it was)."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    finally:
        if temp.exists():
            temp.unlink()


def main(argv: list[str], data_dir: Path) -> int:
    """``fasci-tui report ...`` (``argv[0]`` is ``report``)."""
    from fasci_tui.cli_log import Usage, parse_since
    from fasci_tui.content.problems import ContentError
    from fasci_tui.store import StoreError

    try:
        args = build_report_parser().parse_args(argv[1:])
        since = parse_since(args.since)
    except SystemExit as exc:
        return EXIT_OK if exc.code in (0, None) else EXIT_USAGE
    except Usage as exc:
        _error(str(exc))
        return EXIT_USAGE
    try:
        page = make_report(data_dir, since)
    except ContentError as exc:
        _error(exc.report())
        return EXIT_PROBLEMS
    except StoreError as exc:
        _error(str(exc))
        return EXIT_PROBLEMS
    text = render(page, args.format)
    if args.file is None:
        return _emit(text)
    path = Path(args.file)
    try:
        write_file(path, text)
    except OSError as exc:
        _error(f"{path}: could not be written ({exc.strerror or exc}); nothing was changed")
        return EXIT_PROBLEMS
    _error(f"visit summary written to {path}")
    return EXIT_OK
