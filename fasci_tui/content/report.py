"""The doctor-visit summary as a page of blocks (text, Markdown and HTML come from the
page model's renderers).

It lists what the person recorded: when twitching was first logged, days logged, the
twitch level over time (a small bar chart), body areas, the factors and habits table
(computed by :func:`fasci_tui.store.trends.with_without`, as the Trends pane does),
supplements with daily totals and upper-limit flags, medicines noted, the answers to the
watch's questions, saved lab results, what the cited guidance says about any finding,
and questions to ask. It interprets nothing beyond the cited guidance. No Textual.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fasci_tui.content.labs import LabError, fmt_value, placement_short, read_result
from fasci_tui.content.model import Content
from fasci_tui.content.page import (
    Bar,
    Bars,
    Entry,
    Heading,
    Items,
    Page,
    Para,
    Table,
    Title,
    inline,
)
from fasci_tui.content.supplements import day_totals, over_lines
from fasci_tui.content.watch import QUESTIONS, check, finding_lines
from fasci_tui.store.records import SITE_LABELS
from fasci_tui.store.trends import CAVEAT, MIN_DAYS, buckets, with_without
from fasci_tui.store.trends import fmt_value as trend_value

if TYPE_CHECKING:
    from fasci_tui.store.records import DailyEntry, Profile
    from fasci_tui.store.results import Answer, LabResult

CHART_ROWS = 31
"""At most this many bars; longer periods are averaged into as many spans."""

QUESTIONS_TO_ASK = (
    "What could be causing the twitching, and does anything in this log point one way?",
    "Do I need an examination or any tests, and what would they show?",
    "Could any of my medicines or supplements play a part? Are my doses right?",
    "Which changes should make me come back sooner?",
    "When should I come back if nothing changes?",
)
"""General questions a person may take to the visit (the app's own wording)."""


def _day(day: dt.date) -> str:
    return f"{day.isoformat()} ({day:%a})"


def _chart(entries: Sequence[DailyEntry]) -> Bars | Para:
    rated = [e for e in entries if e.twitch is not None]
    if not rated:
        return Para(inline("No twitch levels recorded in this period."))
    if len(rated) <= CHART_ROWS:
        rows = tuple(Bar(_day(e.day), inline(f"{e.twitch} of 10"), e.twitch * 10.0)
                     for e in rated)  # type: ignore[operator]
        return Bars(rows)
    values = buckets([float(e.twitch) for e in rated], CHART_ROWS)  # type: ignore[arg-type]
    bars = []
    for index, value in enumerate(values):
        start = index * len(rated) // len(values)
        end = (index + 1) * len(rated) // len(values) - 1
        label = f"{rated[start].day.isoformat()}–{rated[end].day:%m-%d}"
        bars.append(Bar(label, inline(f"{trend_value(value)} of 10 (average)"), value * 10))
    return Bars(tuple(bars))


def build_report(content: Content, entries: Sequence[DailyEntry], answers: Sequence[Answer],
                 labs: Sequence[LabResult], profile: Profile | None, today: dt.date,
                 since: dt.date | None, all_entries: Sequence[DailyEntry] = ()) -> Page:
    """The visit summary for the days from ``since`` (None: all) to ``today``.

    ``entries`` are the period's days; ``all_entries`` the whole log (for when the
    twitching was first logged and the watch's rules), ``entries`` when empty."""
    whole = list(all_entries) or list(entries)
    span = f"since {since.isoformat()}" if since else "all days logged"
    blocks: list = [Title("Visit summary", f"{span}, made {today.isoformat()}"),
                    Para(inline(("What the person recorded in fasci-tui, for a doctor's "
                                 "visit. It is not a diagnosis; the notes on guidance "
                                 "quote their sources.", "muted")))]
    twitching = [e for e in whole if (e.twitch or 0) > 0 or e.sites]
    rows = [("First twitching logged", twitching[0].day.isoformat() if twitching else "none"),
            ("Days logged in this period", str(len(entries))),
            ("Days with twitching in this period",
             str(sum(1 for e in entries if (e.twitch or 0) > 0 or e.sites))),
            ("Profile", profile.describe() if profile else "not given")]
    blocks += [Heading(inline("Overview")), Table(("What", "Recorded"), tuple(rows))]
    blocks += [Heading(inline("Twitch level over time (0–10)")), _chart(entries)]
    areas: dict[str, int] = {}
    for entry in entries:
        for site in entry.sites:
            areas[site] = areas.get(site, 0) + 1
    blocks.append(Heading(inline("Body areas")))
    if areas:
        blocks.append(Table(("Area", "Days"), tuple(
            (SITE_LABELS.get(s, s), str(n)) for s, n in sorted(areas.items(),
                                                              key=lambda i: -i[1]))))
    else:
        blocks.append(Para(inline("No body areas recorded.")))
    blocks.append(Heading(inline("Factors and habits: average twitch level with and without")))
    comparisons = with_without(entries, [(h.id, h.label) for h in content.habits])
    shown = [c for c in comparisons if c.with_days and c.without_days]
    if shown:
        blocks.append(Table(("Factor", "With (days)", "Without (days)"), tuple(
            (c.factor, f"{trend_value(c.with_average)} ({c.with_days})" if c.enough
             else f"– ({c.with_days})",
             f"{trend_value(c.without_average)} ({c.without_days})" if c.enough
             else f"– ({c.without_days})") for c in shown)))
        blocks.append(Para(inline((f"Averages are shown with at least {MIN_DAYS} days on "
                                   f"each side. {CAVEAT}", "muted"))))
    else:
        blocks.append(Para(inline("No twitch levels recorded to compare.")))
    blocks += _supplements(content, entries, profile)
    blocks += _medicines(entries, answers)
    blocks += _answers(answers)
    blocks += _labs(content, labs)
    blocks += _guidance(content, whole, answers, today)
    blocks += [Heading(inline("Questions to ask the doctor")),
               Items(tuple(inline(q) for q in QUESTIONS_TO_ASK))]
    notes = [e for e in entries if e.note]
    if notes:
        blocks += [Heading(inline("Notes")),
                   Items(tuple(inline((e.day.isoformat() + ": ", "strong"), e.note)
                               for e in notes), "-")]
    blocks += _sources(content)
    return Page("Visit summary", tuple(blocks))


def _supplements(content: Content, entries: Sequence[DailyEntry],
                 profile: Profile | None) -> list:
    blocks: list = [Heading(inline("Supplements, with daily totals"))]
    rows = []
    flags: list[str] = []
    for entry in entries:
        if not entry.supplements:
            continue
        totals = day_totals(content, entry.supplements, profile)
        parts = []
        for total in totals.totals:
            doses = " + ".join(total.doses)
            parts.append(f"{total.nutrient.name} {fmt_value(total.amount, total.unit)} "
                         f"({doses})" + (", over the UL" if total.over else ""))
        parts += [f"{item} (not counted: not a nutrient this app covers)"
                  for item in totals.unmatched]
        parts += [f"{item} (not counted: the unit cannot be converted)"
                  for item in totals.unconverted]
        rows.append((entry.day.isoformat(), "; ".join(parts)))
        flags += [f"{entry.day.isoformat()}: {line}" for line in over_lines(content, totals)]
    if not rows:
        return [*blocks, Para(inline("No supplements recorded."))]
    blocks.append(Table(("Day", "Daily totals (doses taken)"), tuple(rows)))
    if flags:
        blocks += [Para(inline(("Over an upper limit (UL) for supplements:", "strong"))),
                   Items(tuple(inline(f) for f in flags), "!")]
    return blocks


def _medicines(entries: Sequence[DailyEntry], answers: Sequence[Answer]) -> list:
    said = [a for a in answers if a.question == "medicine"]
    blocks: list = [Heading(inline("Medicines noted"))]
    if not said:
        return [*blocks, Para(inline("The question about a new medicine was not answered; "
                                     "bring a list of your medicines."))]
    items = tuple(inline(f"{a.day.isoformat()}: {'yes' if a.yes else 'no'} to "
                         "\"Started a new medicine?\"") for a in said)
    return [*blocks, Items(items, "-"),
            Para(inline("Bring a list of your medicines and doses (the log does not "
                        "hold their names)."))]


def _answers(answers: Sequence[Answer]) -> list:
    latest = {a.question: a for a in sorted(answers, key=lambda a: a.day)}
    rows = []
    for question in QUESTIONS:
        answer = latest.get(question.id)
        rows.append((question.text, "not answered" if answer is None else
                     f"{'yes' if answer.yes else 'no'} ({answer.day.isoformat()})"))
    return [Heading(inline("Answers to the questions (the latest of each)")),
            Table(("Question", "Answer"), tuple(rows))]


def _labs(content: Content, labs: Sequence[LabResult]) -> list:
    blocks: list = [Heading(inline("Lab results"))]
    if not labs:
        return [*blocks, Para(inline("No lab results saved."))]
    rows = []
    for lab in labs:
        own = (lab.low, lab.high) if lab.low is not None and lab.high is not None else None
        try:
            reading = read_result(content, lab.test, lab.value, lab.unit, own)
        except LabError as exc:
            rows.append((lab.day.isoformat(), lab.test, fmt_value(lab.value, lab.unit),
                         str(exc)))
            continue
        other = ", ".join(fmt_value(v, u) for v, u in reading.conversions)
        rows.append((lab.day.isoformat(), reading.test,
                     fmt_value(lab.value, lab.unit) + (f" ({other})" if other else "")
                     + "; " + placement_short(reading)))
    return [*blocks, Table(("Day", "Test", "Result"), tuple(rows))]


def _guidance(content: Content, entries: Sequence[DailyEntry], answers: Sequence[Answer],
              today: dt.date) -> list:
    result = check(content, entries, answers, today)
    blocks: list = [Heading(inline("What the guidance says"))]
    if result.findings:
        lines = _joined(finding_lines(content, result.findings, 10_000))
        signs = tuple(inline(line.removeprefix("- ")) for line in lines if line.startswith("- "))
        rest = [Para(inline(line)) for line in lines if not line.startswith("- ")]
        return [*blocks, Items(signs, "-"), *rest]
    return [*blocks, Para(inline("Nothing in this log matches the signs the guidance "
                                 "(NHS, MedlinePlus) lists for seeing a doctor."))]


def _joined(lines: list[str]) -> list[str]:
    return [" ".join(line.split()) for line in lines if line.strip()]


def _sources(content: Content) -> list:
    tier = content.overview.see_a_doctor.tier("soon")
    refs = list(tier.refs) if tier is not None else []
    for extra in ("iom-cad", "nasem-ul", "iom-b", "efsa-b6"):
        if extra not in refs:
            refs.append(extra)
    entries = []
    for number, ref in enumerate(refs, 1):
        try:
            reference = content.reference(ref)
        except KeyError:
            continue
        entries.append(Entry(f"[{number}]", inline(f"{reference.title}. {reference.publisher}."),
                             (inline((reference.url, "url")),)))
    return [Heading(inline("Sources")), *entries] if entries else []
