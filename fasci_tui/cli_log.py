"""``fasci-tui profile`` and ``fasci-tui log ...``: the personal log from the shell.

These paths never import Textual. A bad value gets one line naming the option and what
is allowed, and exit status 2 (an import file with bad values: every problem located,
exit 2); a log or file that cannot be opened or written gets one line saying where and
why, and exit status 1. Never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path

from fasci_tui.cli_log_args import (
    ADD_FIELDS,
    Usage,
    build_log_parser,
    build_profile_parser,
    field_message,
    option,
    parse_since,
)
from fasci_tui.cli_log_files import cmd_export, cmd_import, cmd_wipe, open_log
from fasci_tui.cli_output import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from fasci_tui.cli_output import emit as _emit
from fasci_tui.cli_output import error as _error
from fasci_tui.content.model import Content
from fasci_tui.store import DailyEntry, FieldError, Profile, Store, StoreError, open_store
from fasci_tui.store.records import (
    AGE_RANGE,
    check_day,
    check_profile,
    check_sex,
    describe_sites,
    make_entry,
    merge_entry,
    whole,
)

WIDTH = 80
"""``log list`` and ``profile`` print at most this many columns."""


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
        _error(field_message(exc))
        return EXIT_USAGE
    except StoreError as exc:
        _error(str(exc))
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        _error("interrupted; nothing more was changed")
        return EXIT_PROBLEMS


# -- log add -----------------------------------------------------------------------


def cmd_add(args: argparse.Namespace) -> int:
    """``log add``: record or update one day."""
    day = check_day(args.date if args.date is not None else "today")
    given = {f: getattr(args, f) for f in ADD_FIELDS if getattr(args, f) is not None}
    if not given:
        raise Usage("log add: nothing to record; give at least one of "
                    + ", ".join(option(f) for f in ADD_FIELDS))
    make_entry(day, **given)  # every value checked before the log is opened
    store = open_log()
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
    store = open_log()
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
    store = open_log()
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
