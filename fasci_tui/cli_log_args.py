"""The command lines of ``fasci-tui log ...`` and ``fasci-tui profile`` (argparse).

A bad command line raises :class:`Usage` (printed, exit status 2) rather than exiting.
Split out of :mod:`fasci_tui.cli_log`, which runs the commands.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re

from fasci_tui.cli_args import Usage
from fasci_tui.store import FieldError
from fasci_tui.store.records import (
    AGE_RANGE,
    DRINKS_RANGE,
    EXERCISE_LEVELS,
    SEXES,
    SITE_LABELS,
    SITES,
    SLEEP_RANGE,
    STRESS_RANGE,
    TWITCH_RANGE,
    check_day,
    today,
)

OPTION_OF = {"day": "--date", "date": "--date", "supplements": "--supplement"}
"""The command-line option for a record field, where it is not ``--<field>``."""

ADD_FIELDS = ("twitch", "sites", "caffeine", "alcohol", "sleep", "stress", "exercise",
              "supplements", "note")

LOG_EPILOG = """\
examples:
  fasci-tui log add --twitch 3 --sites calves,eyelid --caffeine 2 --sleep 6.5
  fasci-tui log add --date 2026-11-30 --supplement "magnesium 200 mg" --note "long run"
  fasci-tui log list --since 90d
  fasci-tui log export --format json log.json
  fasci-tui log import log.json
  fasci-tui log wipe --yes

Adding to a day that already has an entry changes only the fields given.
"""

PROFILE_EPILOG = """\
examples:
  fasci-tui profile --sex female --age 34     set (or change) your profile
  fasci-tui profile --age 35                  change one thing, keep the rest
  fasci-tui profile                           show it and your daily intakes
  fasci-tui profile --clear                   forget it
"""


def option(field: str) -> str:
    """The command-line option that sets a record ``field``."""
    return OPTION_OF.get(field, f"--{field}")


def field_message(exc: FieldError) -> str:
    """A bad value's message, naming the option it came from."""
    return f"{option(exc.field)}: {exc.message}"


# -- parsers -----------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors raise Usage instead of exiting."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise Usage(f"{message} (see {self.prog} --help)")


def _range(low: float, high: float) -> str:
    return f"{low:g}-{high:g}"


def build_log_parser() -> argparse.ArgumentParser:
    """The parser of ``fasci-tui log``."""
    parser = _Parser(prog="fasci-tui log", epilog=LOG_EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter,
                     description="Your daily check-in log, kept privately in your state "
                                 "directory.")
    actions = parser.add_subparsers(dest="action", metavar="add|list|export|import|wipe",
                                    parser_class=_Parser)
    actions.required = True
    add = actions.add_parser("add", help="record a day (today unless --date)",
                             description="Record a day; on a day already recorded, only the "
                                         "fields given change.")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today; also "
                                                          "'yesterday')")
    add.add_argument("--twitch", metavar="N", help=f"twitch level {_range(*TWITCH_RANGE)}")
    add.add_argument("--sites", metavar="LIST",
                     help="where, comma-separated: " + ", ".join(SITE_LABELS[s] for s in SITES))
    add.add_argument("--caffeine", metavar="N",
                     help=f"caffeinated drinks {_range(*DRINKS_RANGE)}")
    add.add_argument("--alcohol", metavar="N", help=f"alcoholic drinks {_range(*DRINKS_RANGE)}")
    add.add_argument("--sleep", metavar="HOURS", help=f"hours slept {_range(*SLEEP_RANGE)}")
    add.add_argument("--stress", metavar="N", help=f"stress {_range(*STRESS_RANGE)}")
    add.add_argument("--exercise", metavar="LEVEL", help="/".join(EXERCISE_LEVELS))
    add.add_argument("--supplement", metavar='"NAME AMOUNT UNIT"', action="append",
                     dest="supplements",
                     help='a supplement taken, e.g. "magnesium 200 mg" (repeat for more; '
                          "replaces the day's list)")
    add.add_argument("--note", metavar="TEXT", help="a free note")
    listing = actions.add_parser("list", help="print the log as a table")
    listing.add_argument("--since", metavar="WHEN", default="30d",
                         help="30d, 12w, 6m, 1y, a date YYYY-MM-DD, or all (default: 30d)")
    export = actions.add_parser(
        "export", help="write the whole log as JSON (everything) or CSV (daily entries)",
        description="Write your log to FILE or standard output. JSON carries everything: "
                    "daily entries, your profile, lab results and your answers to the "
                    "watch's questions (format version 2). CSV carries the daily entries "
                    "only, one day a row, for spreadsheets; when the log holds more, a note "
                    "on standard error says what was left out.")
    export.add_argument("--format", choices=("csv", "json"),
                        help="default: from FILE's extension, else csv")
    export.add_argument("file", nargs="?", metavar="FILE", help="default: standard output")
    imp = actions.add_parser("import", help="read a CSV or JSON export back in",
                             description="Read a log export: CSV, or JSON of format version "
                                         "1 or 2. Each day, lab result (test and day) and "
                                         "answer (question and day) in it replaces the same "
                                         "one in your log; a profile in it replaces yours. "
                                         "Everything is checked first and saved in one "
                                         "transaction: any problem, and nothing is imported "
                                         "(exit status 2).")
    imp.add_argument("--format", choices=("csv", "json"),
                     help="default: from FILE's extension or its first character")
    imp.add_argument("file", metavar="FILE", help="the file, or - for standard input")
    wipe = actions.add_parser("wipe", help="delete your whole log and profile",
                              description="Delete every entry, tick, lab result and answer, "
                                          "and your profile. Asks first; --yes skips the "
                                          "question.")
    wipe.add_argument("--yes", action="store_true", help="do not ask (for scripts)")
    return parser


def build_profile_parser() -> argparse.ArgumentParser:
    """The parser of ``fasci-tui profile``."""
    parser = _Parser(prog="fasci-tui profile", epilog=PROFILE_EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter,
                     description="Your sex and age (and pregnancy or breastfeeding), so that "
                                 "intakes are your own. Optional; kept only on this machine.")
    parser.add_argument("--sex", metavar="SEX", help=" or ".join(SEXES))
    parser.add_argument("--age", metavar="YEARS", help=f"age in years {_range(*AGE_RANGE)}")
    parser.add_argument("--pregnant", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--breastfeeding", action=argparse.BooleanOptionalAction,
                        default=None)
    parser.add_argument("--show", action="store_true", help="show it (the default)")
    parser.add_argument("--clear", action="store_true", help="forget the profile")
    return parser


# -- --since ----------------------------------------------------------------------

_SINCE = re.compile(r"(\d{1,5})\s*([dwmy])\Z")
_DAYS_PER = {"d": 1, "w": 7, "m": 30, "y": 365}


def parse_since(text: str) -> dt.date | None:
    """The first day for ``--since``: ``30d`` (the last 30 days, today included),
    ``12w``, ``6m``, ``1y``, a date, or ``all`` (None)."""
    word = text.strip().lower()
    if word == "all":
        return None
    match = _SINCE.match(word)
    if match and int(match[1]) > 0:
        days = int(match[1]) * _DAYS_PER[match[2]]
        try:
            return today() - dt.timedelta(days=days - 1)
        except OverflowError:
            return None
    try:
        return check_day(word, "since")
    except FieldError:
        raise Usage(f"--since: expected a span such as 30d, 12w, 6m or 1y, a date YYYY-MM-DD, "
                    f"or all (got {text!r})") from None
