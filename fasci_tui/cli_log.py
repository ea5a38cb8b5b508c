"""``fasci-tui profile`` and ``fasci-tui log ...``: the personal log from the shell.

These paths never import Textual. A bad value gets one line naming the option and what
is allowed, and exit status 2 (an import file with bad values: every problem located,
exit 2); a log or file that cannot be opened or written gets one line saying where and
why, and exit status 1. Never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

from fasci_tui.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, _emit, _error
from fasci_tui.content.model import Content
from fasci_tui.store import DailyEntry, FieldError, Profile, Store, StoreError, open_store
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
    check_profile,
    check_sex,
    describe_sites,
    make_entry,
    merge_entry,
    today,
    whole,
)

WIDTH = 80
"""``log list`` and ``profile`` print at most this many columns."""

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


class Usage(Exception):
    """A bad command line: the message is printed and the exit status is 2."""


def _option(field: str) -> str:
    return OPTION_OF.get(field, f"--{field}")


def _field_message(exc: FieldError) -> str:
    return f"{_option(exc.field)}: {exc.message}"


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
    export = actions.add_parser("export", help="write the whole log as CSV or JSON")
    export.add_argument("--format", choices=("csv", "json"),
                        help="default: from FILE's extension, else csv")
    export.add_argument("file", nargs="?", metavar="FILE", help="default: standard output")
    imp = actions.add_parser("import", help="read a CSV or JSON export back in",
                             description="Read a log export; each day in it replaces that day "
                                         "in your log. Any problem: nothing is imported.")
    imp.add_argument("--format", choices=("csv", "json"),
                     help="default: from FILE's extension or its first character")
    imp.add_argument("file", metavar="FILE", help="the file, or - for standard input")
    wipe = actions.add_parser("wipe", help="delete your whole log and profile",
                              description="Delete every entry, tick and your profile. Asks "
                                          "first; --yes skips the question.")
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


# -- entry point -------------------------------------------------------------------


def main(argv: list[str], data_dir: Path) -> int:
    """``fasci-tui log ...`` or ``fasci-tui profile ...`` (``argv[0]`` says which)."""
    command, rest = argv[0], argv[1:]
    parser = build_profile_parser() if command == "profile" else build_log_parser()
    try:
        args = parser.parse_args(rest)
        if command == "profile":
            return cmd_profile(args, data_dir)
        handler: Callable[[argparse.Namespace], int] = {
            "add": cmd_add, "list": cmd_list, "export": cmd_export, "import": cmd_import,
            "wipe": cmd_wipe}[args.action]
        args.data_dir = data_dir
        return handler(args)
    except SystemExit as exc:  # --help
        return EXIT_OK if exc.code in (0, None) else EXIT_USAGE
    except Usage as exc:
        _error(str(exc))
        return EXIT_USAGE
    except FieldError as exc:
        _error(_field_message(exc))
        return EXIT_USAGE
    except StoreError as exc:
        _error(str(exc))
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        _error("interrupted; nothing more was changed")
        return EXIT_PROBLEMS


def _open() -> Store:
    store = open_store()
    for notice in store.take_notices():
        _error(notice)
    return store


# -- log add -----------------------------------------------------------------------


def cmd_add(args: argparse.Namespace) -> int:
    """``log add``: record or update one day."""
    day = check_day(args.date if args.date is not None else "today")
    given = {f: getattr(args, f) for f in ADD_FIELDS if getattr(args, f) is not None}
    if not given:
        raise Usage("log add: nothing to record; give at least one of "
                    + ", ".join(_option(f) for f in ADD_FIELDS))
    make_entry(day, **given)  # every value checked before the log is opened
    store = _open()
    try:
        old = store.entry(day)
        entry = merge_entry(old, day, given)
        store.save_entry(entry)
    finally:
        store.close()
    how = "updated" if old is not None else "saved"
    return _emit(f"{day.isoformat()} {how}: {summary(entry)}\n")


def summary(entry: DailyEntry) -> str:
    """A day in one line of words: ``twitch 3, calves, eyelid, 2 caffeine, ...``."""
    parts = []
    if entry.twitch is not None:
        parts.append(f"twitch {entry.twitch}")
    if entry.sites:
        parts.append(f"at {describe_sites(entry.sites)}")
    for count, word in ((entry.caffeine, "caffeine"), (entry.alcohol, "alcohol")):
        if count is not None:
            parts.append(f"{count} {word}")
    if entry.sleep is not None:
        parts.append(f"slept {entry.sleep:g} h")
    if entry.stress is not None:
        parts.append(f"stress {entry.stress}")
    if entry.exercise is not None:
        parts.append(f"exercise {entry.exercise}")
    if entry.habits:
        parts.append("habits " + ", ".join(sorted(entry.habits)))
    if entry.supplements:
        parts.append(", ".join(str(s) for s in entry.supplements))
    if entry.note:
        parts.append("note")
    return "; ".join(parts) or "nothing recorded"


# -- log list ----------------------------------------------------------------------

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


COLUMNS = (("date", 10), ("twitch", 6), ("caffeine", 8), ("alcohol", 7), ("sleep", 5),
           ("stress", 6), ("exercise", 8))
"""``log list``'s fixed columns (name, width); the rest of the line holds the details."""


def _cell(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def render_list(entries: list[DailyEntry], width: int = WIDTH) -> str:
    """The entries as an aligned table of at most ``width`` columns."""
    fixed = sum(w for _, w in COLUMNS) + len(COLUMNS)
    details = max(width - fixed, 12)
    row_format = " ".join(f"{{:{'<' if name in ('date', 'exercise') else '>'}{w}}}"
                          for name, w in COLUMNS)
    head = row_format.format(*(name for name, _ in COLUMNS)) + " details"
    lines = [head, "-" * min(width, fixed + details)]
    for entry in entries:
        cells = [entry.day.isoformat(), _cell(entry.twitch), _cell(entry.caffeine),
                 _cell(entry.alcohol), _cell(entry.sleep), _cell(entry.stress),
                 _cell(entry.exercise)]
        row = row_format.format(*cells)
        more: list[str] = []
        items = [("at: ", describe_sites(entry.sites)),
                 ("habits: ", ", ".join(sorted(entry.habits)))]
        items += [("took: " if n == 0 else "  ", str(s)) for n, s in enumerate(entry.supplements)]
        items.append(("note: ", " ".join(entry.note.split())))
        for label, text in items:
            if text and len(label) + len(text) <= details:
                more.append(label + text)  # most details fit: no need to wrap
            elif text:
                hang = "    " if label == "  " else "  "  # a further supplement: deeper
                more += textwrap.wrap(text, details, initial_indent=label,
                                      subsequent_indent=hang)
        more = more or [""]
        lines.append(f"{row} {more[0]}".rstrip())
        lines += [" " * fixed + extra for extra in more[1:]]
    return "\n".join(lines) + "\n"


def cmd_list(args: argparse.Namespace) -> int:
    """``log list``: the days since ``--since`` as a table."""
    since = parse_since(args.since)
    store = _open()
    try:
        entries = store.entries(since)
        total = store.count_days() if not entries or since else len(entries)
        profile = store.profile()
    finally:
        store.close()
    span = f"since {since.isoformat()}" if since else "in all"
    if not entries:
        hint = "; try --since all" if total else "; add one with: fasci-tui log add --twitch N"
        return _emit(f"No days recorded {span} (the log holds {total}){hint}.\n")
    footer = f"{len(entries)} day{'s' * (len(entries) != 1)} {span}"
    if since and total > len(entries):
        footer += f" (of {total} in the log; --since all for every day)"
    return _emit(render_list(entries) + footer + ".\n"
                 + limit_report(args.data_dir, entries, profile))


def limit_report(data_dir: Path, entries: list[DailyEntry], profile: Profile | None) -> str:
    """The days whose supplements add up to more than an upper limit, one line each with
    the limit's region and source; empty when none is (or the content cannot be read)."""
    from fasci_tui.content.cache import load_cached
    from fasci_tui.content.problems import ContentError
    from fasci_tui.content.supplements import entry_over_lines

    if not any(entry.supplements for entry in entries):
        return ""
    try:
        content = load_cached(data_dir)
    except ContentError:
        return "(Supplement totals not checked: the reference data has problems.)\n"
    lines = []
    for entry in entries:
        for line in entry_over_lines(content, entry, profile):
            lines.append(textwrap.fill(f"{entry.day.isoformat()}: {line}", WIDTH,
                                       subsequent_indent="  "))
    if not lines:
        return ""
    return "Over an upper limit for supplements:\n" + "\n".join(lines) + "\n"


# -- export / import ---------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    """``log export``: the whole log (and profile, in JSON) to FILE or stdout."""
    from fasci_tui.store.exchange import export_text

    name = args.file if args.file not in (None, "-") else None
    fmt = args.format or ("json" if name and name.lower().endswith(".json") else "csv")
    store = _open()
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
    store = _open()
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
    store = _open()
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


# -- profile -----------------------------------------------------------------------


def cmd_profile(args: argparse.Namespace, data_dir: Path) -> int:
    """``profile``: set, change, show or clear the profile."""
    setting = any(getattr(args, k) is not None for k in ("sex", "age", "pregnant",
                                                          "breastfeeding"))
    if args.clear and (setting or args.show):
        raise Usage("--clear goes alone: fasci-tui profile --clear")
    if args.show and setting:
        raise Usage("--show goes alone; to change the profile leave it out")
    sex = check_sex(args.sex) if args.sex is not None else None
    age = whole("age", args.age, *AGE_RANGE, "a whole number of years") \
        if args.age is not None else None
    store = _open()
    try:
        if args.clear:
            store.set_profile(None)
            _error("Profile cleared; intakes are the general adult reference again.")
            return EXIT_OK
        profile = store.profile()
        if setting:
            if profile is None and (sex is None or age is None):
                raise Usage("a new profile needs --sex and --age, e.g. fasci-tui profile "
                            "--sex female --age 34")
            base = profile or Profile(sex or "", age or 0)
            profile = check_profile(base._replace(**{
                k: v for k, v in (("sex", sex), ("age", age), ("pregnant", args.pregnant),
                                  ("breastfeeding", args.breastfeeding)) if v is not None}))
            store.set_profile(profile)
        location = store.location
    finally:
        store.close()
    text = render_profile(profile, data_dir, location)
    if text is None:
        return EXIT_PROBLEMS
    if setting:
        text = "Saved.\n" + text
    return _emit(text)


def render_profile(profile: Profile | None, data_dir: Path, location: str) -> str | None:
    """The profile and the daily intakes it gives, as plain text (None: bad data)."""
    from fasci_tui.cli import _load
    from fasci_tui.content.personal import personal_intakes

    content = _load(data_dir)
    if content is None:
        return None
    lines: list[str] = []

    def para(text: str, indent: str = "") -> None:
        lines.extend(textwrap.wrap(text, WIDTH, initial_indent=indent,
                                   subsequent_indent=indent + "  ") or [""])

    if profile is None:
        para("No profile set: the intakes below are the general adult reference. Set yours "
             "with: fasci-tui profile --sex female|male --age YEARS")
    else:
        para(f"Your profile: {profile.describe()} (kept in {location}).")
    lines.append("")
    intakes = personal_intakes(content, profile)
    name_width = max(len(n.name) for n in content.nutrients) + 2
    caveats: list[str] = []
    refs: list[str] = []
    for nutrient in content.nutrients:
        intake = intakes[nutrient.id]
        rows = textwrap.wrap(f"{nutrient.name.ljust(name_width)}{intake.label}", WIDTH,
                             subsequent_indent=" " * name_width)
        if len(rows[-1]) + 2 + len(intake.upper_label) <= WIDTH:
            rows[-1] += f"; {intake.upper_label}"
        else:
            rows.append(" " * name_width + intake.upper_label)
        lines += rows
        if intake.caveat and intake.caveat not in caveats:
            caveats.append(intake.caveat)
        refs += [r for r in intake.refs if r not in refs]
        refs += [r for r in nutrient.upper_limit.refs if r not in refs]
    lines.append("")
    for caveat in caveats:
        para("Note: " + caveat[0].upper() + caveat[1:] + ".")
    titles = []
    for ref in refs:
        try:
            titles.append(content.reference(ref).title)
        except KeyError:
            continue
    para("Sources: " + "; ".join(titles) + ".")
    para("UL: the tolerable upper intake level. See fasci-tui show NUTRIENT for the notes "
         "on each.")
    return "\n".join(lines) + "\n"


def saved_profile() -> Profile | None:
    """The saved profile, for ``show``; None when there is no log yet (none is created
    for this) or it cannot be read (then a line on stderr says why)."""
    from fasci_tui.state import state_dir
    from fasci_tui.store.sqlite import DB_FILE

    directory = state_dir()
    if not (directory / DB_FILE).is_file():
        return None
    try:
        with open_store(directory) as store:
            return store.profile()
    except StoreError as exc:
        _error(f"your profile could not be read ({exc}); showing the adult reference")
        return None


def render_day(content: Content, log: Store | None, day: dt.date) -> str:
    """``show today``: the day's check-in in words, or how to make one."""
    entry = log.entry(day) if log is not None else None
    head = f"Today, {day.isoformat()}"
    if entry is None:
        return (f"{head}: nothing recorded yet.\nCheck in with the Today pane (key t) or "
                "fasci-tui log add --twitch N ...\n")
    labels = {h.id: h.label for h in content.habits}
    lines = [f"{head}: {summary(entry._replace(habits=frozenset(), note=''))}"]
    if entry.habits:
        lines.append("Habits: " + ", ".join(labels.get(h, h) for h in sorted(entry.habits)))
    if entry.note:
        lines.append("Note: " + entry.note)
    return "\n".join(textwrap.fill(line, WIDTH, subsequent_indent="  ") for line in lines) + "\n"


def render_trends(content: Content, log: Store | None, day: dt.date) -> str:
    """``show trends``: each period's averages and the with/without table, in words."""
    from fasci_tui.store.trends import (
        CAVEAT,
        MEASURES,
        NOT_ENOUGH,
        PERIODS,
        fmt_value,
        series,
        window,
        with_without,
    )
    from fasci_tui.store.trends import (
        summary as measure_summary,
    )

    entries = log.entries() if log is not None else []
    lines = ["Trends", "======", ""]
    for name, days in PERIODS:
        shown = window(entries, days, day)
        parts = []
        for measure in MEASURES:
            found = measure_summary(series(shown, measure))
            parts.append(f"{measure.name.lower()} {fmt_value(found.average)}")
        lines.append(f"{name:>9}: {len(shown):>5} days; average " + ", ".join(parts))
    lines += ["", "With and without (all time): average twitch level (days)"]
    for row in with_without(entries, [(h.id, h.label) for h in content.habits]):
        if row.enough:
            lines.append(f"  {row.factor:<38} with {fmt_value(row.with_average)} "
                         f"({row.with_days}), without {fmt_value(row.without_average)} "
                         f"({row.without_days})")
        else:
            lines.append(f"  {row.factor:<38} {NOT_ENOUGH}")
    lines += ["", textwrap.fill(CAVEAT, WIDTH)]
    return "\n".join(lines) + "\n"


def show_personal(content: Content, what: str) -> str:
    """``show today`` or ``show trends`` from the saved log (none is created for it)."""
    from fasci_tui.state import state_dir
    from fasci_tui.store.sqlite import DB_FILE

    directory = state_dir()
    render = render_day if what == "today" else render_trends
    if not (directory / DB_FILE).is_file():
        return render(content, None, dt.date.today())
    with open_store(directory) as store:
        return render(content, store, dt.date.today())
