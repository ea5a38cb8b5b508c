"""The red-flag watch: when the log and the yes/no answers match the guidance's "see a
doctor" signs, say so calmly, with the source; when they show the opposite, offer the
reassurance card.

Rules (each a :class:`Finding`; the signs and their sources come from the "book a doctor"
tier in ``data/overview.yaml``, from the NHS and MedlinePlus):

* twitching logged on days spanning more than :data:`SPAN_DAYS` days (first to last
  twitching day within the last :data:`WINDOW_DAYS` days);
* twitching recorded in :data:`AREAS` or more body areas in that window;
* a "yes" to any question in :data:`QUESTIONS` (the latest answer to each counts).

A finding's ``key`` names the episode it belongs to, so the app shows each new finding
once (the store remembers the keys seen). Nothing here names a condition. No Textual.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from fasci_tui.content.model import Content, FlagTier
from fasci_tui.content.supplements import source_names

if TYPE_CHECKING:
    from fasci_tui.store.records import DailyEntry
    from fasci_tui.store.results import Answer

SPAN_DAYS = 14
"""Twitching over more than this many days (first to last logged day) is a finding."""
AREAS = 3
"""Twitching in this many body areas or more is a finding."""
WINDOW_DAYS = 90
"""How far back the log is read for the twitching rules."""
SUMMARY_HINT = "fasci-tui report, or v on the Today pane"
"""How to get the visit summary, for the notice."""
CHECK_AGAIN_DAYS = 7
"""With a finding, or without an episode to time, look again this many days later."""


class Question(NamedTuple):
    """A yes/no question and the words of the guidance sign it belongs to."""

    id: str
    text: str
    sign_words: str


QUESTIONS: tuple[Question, ...] = (
    Question("weakness", "Any new weakness in a muscle?", "weak"),
    Question("dropping", "Dropping things or tripping?", "drop things"),
    Question("thinner", "A muscle that looks thinner?", "thinner"),
    Question("numbness", "Numbness, tingling or another change in feeling?", "numbness"),
    Question("swallowing", "Trouble swallowing or speaking?", "swallowing"),
    Question("medicine", "Started a new medicine?", "medicine"),
)
QUESTION_IDS = tuple(q.id for q in QUESTIONS)


class Finding(NamedTuple):
    """Something in the log that the guidance says to see a doctor about."""

    key: str
    """Names this finding for this episode (shown once per key)."""
    sign: str
    """The guidance's words for the sign."""
    seen: str
    """What the log shows, in plain words."""
    refs: tuple[str, ...]


class WatchResult(NamedTuple):
    """The findings (empty: nothing to act on), whether to offer reassurance, and when
    to look again."""

    findings: tuple[Finding, ...]
    reassure: bool
    check_again: dt.date
    twitch_days: int


def _soon(content: Content) -> FlagTier | None:
    return content.overview.see_a_doctor.tier("soon")


def _sign(tier: FlagTier | None, words: str, fallback: str) -> str:
    if tier is not None:
        for sign in tier.signs:
            if words.lower() in sign.lower():
                return sign
    return fallback


def _twitching(entry: DailyEntry) -> bool:
    return bool((entry.twitch or 0) > 0 or entry.sites)


def _when(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def latest_answers(answers: Iterable[Answer]) -> dict[str, Answer]:
    """Each question's latest answer (the one that counts), by question id."""
    return {answer.question: answer for answer in sorted(answers, key=lambda a: a.day)}


def answer_said(answer: Answer | None) -> str:
    """``yes on 2026-03-03``, ``no on ...``, or ``not answered``."""
    if answer is None:
        return "not answered"
    return f"{'yes' if answer.yes else 'no'} on {answer.day.isoformat()}"


def window_start(today: dt.date) -> dt.date:
    """The first day the twitching rules look at as of ``today``: entries from here to
    ``today`` are all :func:`check` needs (ten years of log need not be read)."""
    return today - dt.timedelta(days=WINDOW_DAYS)


def check(content: Content, entries: Iterable[DailyEntry], answers: Iterable[Answer],
          today: dt.date) -> WatchResult:
    """Apply the rules to the log and answers as of ``today`` (entries outside
    :func:`window_start` to ``today`` are left out)."""
    tier = _soon(content)
    refs = tuple(tier.refs) if tier is not None else tuple(content.overview.see_a_doctor.refs)
    since = window_start(today)
    days = [e for e in entries if since <= e.day <= today and _twitching(e)]
    findings: list[Finding] = []
    if days:
        first, last = days[0].day, days[-1].day
        span = (last - first).days
        if span > SPAN_DAYS:
            findings.append(Finding(
                f"span:{first.isoformat()}",
                _sign(tier, "two weeks", "Twitching that lasts more than about two weeks"),
                f"twitching logged from {_when(first)} to {_when(last)}, {span} days apart "
                f"({len(days)} days with twitching)", refs))
        areas = sorted({site for e in days for site in e.sites})
        if len(areas) >= AREAS:
            findings.append(Finding(
                f"areas:{first.isoformat()}",
                _sign(tier, "more than one place", "Twitching in several parts of the body"),
                f"twitching recorded in {len(areas)} areas: "
                + ", ".join(a.replace("-", " ") for a in areas), refs))
    latest = latest_answers(answers)
    for question in QUESTIONS:
        answer = latest.get(question.id)
        if answer is not None and answer.yes:
            findings.append(Finding(
                f"yes:{question.id}:{answer.day.isoformat()}",
                _sign(tier, question.sign_words, question.text),
                f"you answered yes to \"{question.text}\" on {_when(answer.day)}", refs))
    if findings or not days:
        again = today + dt.timedelta(days=CHECK_AGAIN_DAYS)
    else:
        again = max(days[0].day + dt.timedelta(days=SPAN_DAYS + 1),
                    today + dt.timedelta(days=1))
    return WatchResult(tuple(findings), bool(days) and not findings, again, len(days))


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    return textwrap.wrap(text, width, initial_indent=indent,
                         subsequent_indent=indent + "  " if indent else "  ")


def sources(content: Content, refs: Iterable[str]) -> str:
    """``NHS (nhs-twitching); MedlinePlus ... (medlineplus-twitching)``."""
    return "; ".join(f"{source_names(content, [r])} ({r})" for r in refs)


def finding_lines(content: Content, findings: Iterable[Finding], width: int = 80) -> list[str]:
    """The findings in words: the guidance's sign, what the log shows, what the guidance
    advises, and its source."""
    tier = _soon(content)
    findings = list(findings)
    lines: list[str] = []
    for finding in findings:
        lines += _wrap(f"- The guidance lists: \"{finding.sign}\". Your log: {finding.seen}.",
                       width)
    if findings:
        advice = tier.action if tier is not None else "See a doctor about it."
        title = tier.title if tier is not None else "See a doctor"
        lines += _wrap(f"What it advises: {title.lower()}. {advice}", width)
        lines += _wrap("Why: these are signs a doctor should look at; an examination says "
                       "more than any list. Source: "
                       + sources(content, findings[0].refs) + ".", width)
    return lines


def notice_lines(content: Content, findings: Iterable[Finding],
                 check_again: dt.date) -> list[str]:
    """The findings for a small notice (the app's Today pane): the guidance's sign for
    each, what it advises and its sources in a few words, and where the details are."""
    tier = _soon(content)
    findings = list(findings)
    refs = findings[0].refs if findings else ()
    names = "; ".join(source_names(content, [r]).split(" (")[0].split(",")[0] for r in refs)
    lines = ["Your log matches signs the guidance lists for seeing a doctor:"]
    lines += [f"• {finding.sign}" for finding in findings]
    title = tier.title.lower() if tier is not None else "see a doctor"
    lines.append(f"It advises: {title} (source: {names}).")
    lines.append(f"v: visit summary · !: when to see a doctor · again on {check_again:%d %b}")
    return lines


def reassurance_lines(content: Content, width: int = 80) -> list[str]:
    """The reassurance card: how common and usually harmless twitching is, with numbers
    and sources (the overview's headline and the reassurance tier)."""
    headline = content.overview.headline
    tier = content.overview.see_a_doctor.tier("reassurance")
    lines = _wrap(headline.text + " Source: " + sources(content, headline.refs) + ".", width)
    if tier is not None:
        lines += _wrap(f"{tier.title}: " + "; ".join(s[:1].lower() + s[1:] for s in tier.signs)
                       + ". " + tier.action + " Source: " + sources(content, tier.refs) + ".",
                       width)
    return lines


def render_watch(content: Content, result: WatchResult, width: int = 80) -> str:
    """``fasci-tui watch``: the findings (or that there are none), and the reassurance
    card when the log shows the opposite picture, and when to look again."""
    if result.findings:
        lines = ["Your log matches signs the guidance says a doctor should see:"]
        lines += finding_lines(content, result.findings, width)
        lines += _wrap(f"A visit summary for the doctor: {SUMMARY_HINT}.", width)
    elif result.twitch_days:
        lines = [f"Nothing in your log matches the guidance's signs for seeing a doctor "
                 f"({result.twitch_days} days with twitching in the last {WINDOW_DAYS})."]
        if result.reassure:
            lines += reassurance_lines(content, width)
    else:
        lines = [f"No twitching logged in the last {WINDOW_DAYS} days, and no yes answers."]
    lines.append(f"Check again on {result.check_again.isoformat()} (fasci-tui watch).")
    return "\n".join(lines) + "\n"
