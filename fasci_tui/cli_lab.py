"""``fasci-tui lab TEST VALUE UNIT [--range LOW-HIGH] [--date D] [--save]``: read a result.

Plain text on stdout (the reading from :mod:`fasci_tui.content.labs`); with ``--save``
the result is kept in the personal store with its date and appears in the visit summary
(``fasci-tui report``). Exit codes: 0 within the range (or no range to place it on),
1 outside the range, 2 a value, unit, test or option that cannot be read, 3 the log
could not be read or written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fasci_tui.cli_args import CommandParser, Usage, WrappedHelp
from fasci_tui.cli_output import emit as _emit
from fasci_tui.cli_output import error as _error

EXIT_WITHIN, EXIT_OUTSIDE, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3

EPILOG = """\
tests: magnesium, calcium, potassium, sodium, b12, vitamin-d (25(OH)D)
units: mg/dL, mmol/L, mEq/L (minerals); pg/mL, pmol/L (B12);
       ng/mL, nmol/L (vitamin D)

examples:
  fasci-tui lab magnesium 1.6 mg/dL --range 1.7-2.2
  fasci-tui lab b12 300 pmol/L --date 2026-11-20 --save
  fasci-tui lab vitamin-d 45 nmol/L

exit codes: 0 within the range (or none to place it on), 1 outside the range,
2 input that cannot be read, 3 the log could not be read or written
"""


def build_lab_parser() -> argparse.ArgumentParser:
    """The ``lab`` command's options."""
    parser = CommandParser(prog="fasci-tui lab", description="Read a blood test result: the value "
                     "in other units, where it sits on your lab's range (or the typical "
                     "one), and what the test shows and does not show, with sources.",
                     epilog=EPILOG, formatter_class=WrappedHelp)
    parser.add_argument("test", help="which test: magnesium, calcium, potassium, sodium, "
                        "b12, vitamin-d")
    parser.add_argument("value", help="the number on the report, e.g. 1.6")
    parser.add_argument("unit", help="its unit as printed, e.g. mg/dL or mmol/L")
    parser.add_argument("--range", metavar="LOW-HIGH", dest="own_range",
                        help="the reference range printed on your report, in the same unit")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the day of the test "
                        "(default today; used with --save)")
    parser.add_argument("--save", action="store_true",
                        help="keep the result in your log (it appears in the visit summary)")
    return parser


def main(argv: list[str], data_dir: Path) -> int:
    """``fasci-tui lab ...`` (``argv[0]`` is ``lab``)."""
    from fasci_tui.content.cache import load_cached
    from fasci_tui.content.labs import LabError, lab_result, read_typed, render_reading
    from fasci_tui.content.problems import ContentError
    from fasci_tui.store import FieldError, StoreError, open_store
    from fasci_tui.store.records import check_day

    try:
        args = build_lab_parser().parse_args(argv[1:])
    except SystemExit as exc:
        return EXIT_WITHIN if exc.code in (0, None) else EXIT_USAGE
    except Usage as exc:
        _error(str(exc))
        return EXIT_USAGE
    try:
        content = load_cached(data_dir)
    except ContentError as exc:
        _error(exc.report())
        return EXIT_STORE
    try:
        day = check_day(args.date if args.date is not None else "today")
        reading = read_typed(content, args.test, args.value, args.unit, args.own_range)
    except FieldError as exc:
        _error(f"--{exc.field}: {exc.message}")
        return EXIT_USAGE
    except LabError as exc:
        _error(str(exc))
        return EXIT_USAGE
    text = render_reading(content, reading)
    if args.save:
        result = lab_result(reading, day)
        try:
            with open_store() as store:
                store.save_lab_result(result)
        except StoreError as exc:
            _emit(text)
            _error(f"the result was not saved: {exc}")
            return EXIT_STORE
        text += f"Saved to your log for {day.isoformat()}.\n"
    _emit(text)
    return EXIT_OUTSIDE if reading.placement.where in ("below", "above") else EXIT_WITHIN
