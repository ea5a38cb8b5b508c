"""``fasci-tui watch [--answer QUESTION=yes|no ...] [--date D] [--questions]``.

Records yes/no answers (with their date) and checks the log against the guidance's
"see a doctor" signs (:mod:`fasci_tui.content.watch`), in plain text. Exit codes: 0 no
finding, 1 at least one finding, 2 input that cannot be read, 3 the log or the data could
not be read or written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fasci_tui.cli_args import CommandParser, Usage, WrappedHelp
from fasci_tui.cli_output import emit as _emit
from fasci_tui.cli_output import error as _error

EXIT_NOTHING, EXIT_FINDING, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3

EPILOG = """\
questions (answer with --answer ID=yes or ID=no; the latest answer counts):
{questions}

examples:
  fasci-tui watch
  fasci-tui watch --answer weakness=no --answer numbness=no
  fasci-tui watch --answer medicine=yes --date 2026-11-28

exit codes: 0 nothing found, 1 a finding (see a doctor, as the guidance says),
2 input that cannot be read, 3 the log or the data could not be read or written
"""


def build_watch_parser() -> argparse.ArgumentParser:
    """The ``watch`` command's options."""
    from fasci_tui.content.watch import QUESTIONS

    questions = "\n".join(f"  {q.id:<11} {q.text}" for q in QUESTIONS)
    parser = CommandParser(prog="fasci-tui watch", description="Check your log against the signs "
                     "the guidance (NHS, MedlinePlus) says a doctor should see; record your "
                     "answers to its yes/no questions.",
                     epilog=EPILOG.format(questions=questions),
                     formatter_class=WrappedHelp)
    parser.add_argument("--answer", metavar="ID=yes|no", action="append", default=[],
                        help="record an answer to a question (repeat for more)")
    parser.add_argument("--date", metavar="YYYY-MM-DD",
                        help="the day the answers are for (default today)")
    parser.add_argument("--questions", action="store_true",
                        help="list the questions with your latest answers and stop")
    return parser


def parse_answer(text: str) -> tuple[str, bool]:
    """``weakness=yes`` as (``weakness``, True), or Usage naming what is allowed."""
    from fasci_tui.content.watch import QUESTION_IDS

    question, _, word = text.partition("=")
    question, word = question.strip().lower(), word.strip().lower()
    if question not in QUESTION_IDS:
        raise Usage(f"--answer {text!r}: no question {question!r}; use one of "
                     f"{', '.join(QUESTION_IDS)}")
    if word not in ("yes", "no", "y", "n"):
        raise Usage(f"--answer {text!r}: answer yes or no, e.g. {question}=no")
    return question, word.startswith("y")


def main(argv: list[str], data_dir: Path) -> int:
    """``fasci-tui watch ...`` (``argv[0]`` is ``watch``)."""
    from fasci_tui.content.cache import load_cached
    from fasci_tui.content.problems import ContentError
    from fasci_tui.content.watch import (
        QUESTIONS,
        answer_said,
        check,
        latest_answers,
        render_watch,
    )
    from fasci_tui.store import FieldError, StoreError, open_store
    from fasci_tui.store.records import check_day, today
    from fasci_tui.store.results import Answer

    try:
        args = build_watch_parser().parse_args(argv[1:])
        answers = [parse_answer(text) for text in args.answer]
        day = check_day(args.date if args.date is not None else "today")
    except SystemExit as exc:
        return EXIT_NOTHING if exc.code in (0, None) else EXIT_USAGE
    except Usage as exc:
        _error(str(exc))
        return EXIT_USAGE
    except FieldError as exc:
        _error(f"--{exc.field}: {exc.message}")
        return EXIT_USAGE
    try:
        content = load_cached(data_dir)
    except ContentError as exc:
        _error(exc.report())
        return EXIT_STORE
    try:
        with open_store() as store:
            store.save_answers(Answer(day, question, yes) for question, yes in answers)
            entries = store.entries()
            given = store.answers()
    except StoreError as exc:
        _error(str(exc))
        return EXIT_STORE
    if args.questions:
        latest = latest_answers(given)
        lines = [f"{q.id:<11} {q.text:<50} {answer_said(latest.get(q.id))}" for q in QUESTIONS]
        return _emit("\n".join(lines) + "\n")
    result = check(content, entries, given, today())
    _emit(render_watch(content, result))
    return EXIT_FINDING if result.findings else EXIT_NOTHING
