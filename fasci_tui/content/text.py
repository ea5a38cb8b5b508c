"""Plain-text renderings of the content, for ``fasci-tui show`` and for pipes.

Nothing here knows about terminals beyond a width to wrap at.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from fasci_tui.content.model import EVIDENCE_LABELS, EVIDENCE_SHORT, Claim, Content, Nutrient
from fasci_tui.content.units import (
    age_band,
    fmt_amount,
    fmt_number,
    food_percent,
    intake_range,
)

_SEX = {"male": "Men", "female": "Women", "any": "Adults"}


class _Doc:
    """Accumulates wrapped lines."""

    def __init__(self, width: int) -> None:
        self.width = max(width, 30)
        self.lines: list[str] = []

    def title(self, text: str) -> None:
        self.lines += [text, "=" * min(len(text), self.width)]

    def heading(self, text: str) -> None:
        self.lines += ["", text, "-" * min(len(text), self.width)]

    def para(self, text: str, indent: str = "") -> None:
        self.lines += textwrap.wrap(" ".join(text.split()), self.width,
                                    initial_indent=indent, subsequent_indent=indent) or [""]

    def item(self, text: str, bullet: str = "- ") -> None:
        self.lines += textwrap.wrap(" ".join(text.split()), self.width, initial_indent=bullet,
                                    subsequent_indent=" " * len(bullet))

    def blank(self) -> None:
        self.lines.append("")

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"


def cite(refs: Iterable[str], numbers: dict[str, int]) -> str:
    """Citation marks such as `` [1][2]`` for ``refs`` (empty when there are none)."""
    marks = "".join(f"[{numbers[r]}]" for r in refs if r in numbers)
    return f" {marks}" if marks else ""


def number_refs(refs: Iterable[str]) -> dict[str, int]:
    """Number reference ids in order of first use, starting at 1."""
    numbers: dict[str, int] = {}
    for ref in refs:
        numbers.setdefault(ref, len(numbers) + 1)
    return numbers


def nutrient_ref_ids(nutrient: Nutrient) -> list[str]:
    """Every reference the nutrient cites, in first-use order (for numbering)."""
    ids = list(nutrient.refs)
    ids += [r for food in nutrient.foods for r in food.refs]
    ids += list(nutrient.intake.refs) + list(nutrient.upper_limit.refs)
    if nutrient.blood_range:
        ids += list(nutrient.blood_range.refs)
    # Added later: cited after the older ones, so their numbers stay as they were.
    ids += list(nutrient.link.refs)
    ids += [r for extra in nutrient.upper_limit.other_regions for r in extra.refs]
    for field, _heading in Nutrient.SECTIONS:
        ids += [r for claim in getattr(nutrient, field) for r in claim.refs]
    return list(number_refs(ids))


def evidence_mark(evidence: str | None) -> str:
    """`` [limited evidence]`` for a claim's mark, or "" without one."""
    return f" [{EVIDENCE_SHORT[evidence]}]" if evidence else ""


EVIDENCE_LEGEND = "Evidence marks: " + "; ".join(EVIDENCE_LABELS.values()) + "."
"""One line explaining the marks, printed under pages that use them."""


def claim_text(claim: Claim, numbers: dict[str, int]) -> str:
    """A claim as one line of text: the statement, its evidence mark and citations."""
    return claim.text + evidence_mark(claim.evidence) + cite(claim.refs, numbers)


def render_nutrient(content: Content, nutrient: Nutrient, width: int = 80) -> str:
    """A readable page about one nutrient."""
    numbers = number_refs(nutrient_ref_ids(nutrient))
    doc = _Doc(width)
    doc.title(nutrient.name)
    if nutrient.aliases:
        doc.para("Also called: " + ", ".join(nutrient.aliases))
    doc.blank()
    doc.para(nutrient.summary)
    doc.heading("Role")
    doc.para(", ".join(nutrient.functions))
    doc.heading(f"Link to twitching ({nutrient.link.type})")
    doc.para(nutrient.link.text + evidence_mark(nutrient.link.evidence)
             + cite(nutrient.link.refs, numbers))
    doc.heading(f"Deficiency: {nutrient.deficiency.name}")
    doc.para(nutrient.deficiency.text)
    doc.heading("Food sources")
    for food in nutrient.foods:
        line = food.name
        if food.amount is not None and food.unit:
            line += f": {fmt_amount(food.amount, food.unit, food.amount_high)}"
            if food.serving:
                line += f" per {food.serving}"
            pct = food_percent(food, nutrient)
            if pct is not None:
                top = fmt_amount(intake_range(nutrient.intake)[1], nutrient.intake.unit)
                line += f" (~{pct:.0f}% of the highest adult {nutrient.intake.kind}, {top})"
        if food.note:
            line += f". {food.note}"
        doc.item(line + cite(food.refs, numbers))
    intake = nutrient.intake
    doc.heading(f"Adult intake per day ({intake.kind})")
    for value in intake.values:
        doc.item(f"{_SEX[value.sex]} {age_band(value.age_min, value.age_max)}: "
                 f"{fmt_amount(value.amount, intake.unit)}")
    if intake.note:
        doc.para(intake.note)
    doc.para("Source:" + cite(intake.refs, numbers))
    limit = nutrient.upper_limit
    doc.heading("Upper limit")
    text = fmt_amount(limit.amount, limit.unit or "") if limit.amount is not None else "none set"
    if limit.region:
        text += f" ({limit.region})"
    doc.para(text + (f". {limit.note}" if limit.note else "") + cite(limit.refs, numbers))
    for extra in limit.other_regions:
        doc.item(f"{extra.region}: {fmt_amount(extra.amount, extra.unit)}"
                 + (f". {extra.note}" if extra.note else "") + cite(extra.refs, numbers))
    if nutrient.blood_range:
        blood = nutrient.blood_range
        doc.heading(f"Blood test: {blood.test}")
        doc.para((blood.reading or range_text(blood.low, blood.high, blood.unit))
                 + (f" ({blood.note})" if blood.note else "") + cite(blood.refs, numbers))
        doc.para("Labs differ: the range printed on your own lab report is the one that counts.")
    for field, heading in Nutrient.SECTIONS:
        claims = getattr(nutrient, field)
        if claims:
            doc.heading(heading)
            for claim in claims:
                doc.item(claim_text(claim, numbers))
    doc.blank()
    doc.para(EVIDENCE_LEGEND)
    if nutrient.related:
        doc.heading("Related")
        doc.para(", ".join(content.nutrient(r).name for r in nutrient.related))
    doc.heading("References")
    for ref_id, number in numbers.items():
        ref = content.reference(ref_id)
        doc.item(f"{ref.title}. {ref.publisher}. {ref.url}", bullet=f"[{number}] ")
    return doc.text()


def range_text(low: float | None, high: float | None, unit: str) -> str:
    """A range with open ends spelled out: ``1.7–2.2 mg/dL``, ``at least 200 pg/mL``."""
    if low is not None and high is not None:
        return f"{fmt_number(low)}–{fmt_number(high)} {unit}"
    if low is not None:
        return f"at least {fmt_number(low)} {unit}"
    if high is not None:
        return f"up to {fmt_number(high)} {unit}"
    return "not given"


def render_overview(content: Content, width: int = 80) -> str:
    """The overview: headline, key points, when to see a doctor, disclaimer."""
    overview = content.overview
    numbers = number_refs(
        list(overview.headline.refs)
        + [r for p in overview.key_points for r in p.refs]
        + list(overview.see_a_doctor.refs)
    )
    doc = _Doc(width)
    doc.title(overview.title)
    doc.blank()
    doc.para(overview.headline.text + cite(overview.headline.refs, numbers))
    doc.heading("Key points")
    for point in overview.key_points:
        doc.item(f"{point.title}: {point.text}{evidence_mark(point.evidence)}"
                 f"{cite(point.refs, numbers)}")
    doc.heading("When to see a doctor")
    doc.para(overview.see_a_doctor.intro)
    for flag in overview.see_a_doctor.red_flags:
        doc.item(flag)
    doc.para("Sources:" + cite(overview.see_a_doctor.refs, numbers))
    doc.heading("Disclaimer")
    doc.para(overview.disclaimer)
    _reference_list(doc, content, numbers)
    return doc.text()


def _reference_list(doc: _Doc, content: Content, numbers: dict[str, int]) -> None:
    if not numbers:
        return
    doc.heading("References")
    for ref_id, number in numbers.items():
        ref = content.reference(ref_id)
        doc.item(f"{ref.title}. {ref.publisher}. {ref.url}", bullet=f"[{number}] ")


def render_checklist(content: Content, done: Iterable[str] = (), width: int = 80) -> str:
    """The lifestyle checklist, with ticks for the habit ids in ``done``."""
    ticked = set(done)
    doc = _Doc(width)
    count = sum(1 for h in content.habits if h.id in ticked)
    doc.title(f"Lifestyle checklist ({count}/{len(content.habits)})")
    for habit in content.habits:
        doc.blank()
        doc.item(habit.label, bullet="[x] " if habit.id in ticked else "[ ] ")
        doc.para(habit.why + evidence_mark(habit.evidence), indent="    ")
        for tip in habit.tips:
            doc.item(tip, bullet="    - ")
    return doc.text()


def render_faq(content: Content, width: int = 80) -> str:
    """Every question with its answer."""
    doc = _Doc(width)
    doc.title("Frequently asked questions")
    for number, entry in enumerate(content.faq, 1):
        doc.blank()
        doc.item(entry.question, bullet=f"{number}. ")
        doc.para(entry.answer + evidence_mark(entry.evidence), indent="   ")
        if entry.tags:
            names = ", ".join(content.nutrient(t).name for t in entry.tags)
            doc.para(f"About: {names}", indent="   ")
    return doc.text()


def render_references(content: Content, width: int = 80) -> str:
    """Every reference with its address."""
    doc = _Doc(width)
    doc.title("References")
    for ref in content.references:
        doc.blank()
        doc.item(f"{ref.title}. {ref.publisher}.", bullet=f"{ref.id}: ")
        doc.para(ref.url, indent="  ")
        if ref.note:
            doc.para(ref.note, indent="  ")
    return doc.text()


def render_foods(content: Content, width: int = 80) -> str:
    """Every food and the nutrients it supplies."""
    doc = _Doc(width)
    doc.title("Foods")
    for food in content.foods():
        names = ", ".join(content.nutrient(n).name for n in food.nutrient_ids)
        doc.item(f"{food.name}: {names}")
    return doc.text()
