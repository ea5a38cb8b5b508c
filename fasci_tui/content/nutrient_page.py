"""The nutrient page as blocks: every field of one nutrient record, laid out for reading.

References are numbered in order of first use (:func:`nutrient_ref_ids`), the same
numbers in ``fasci-tui show`` and on screen. See ``page.py`` for the blocks and for how
to add one for a new field.
"""

from __future__ import annotations

from fasci_tui.content.model import EVIDENCE_LABELS, EVIDENCE_SHORT, Claim, Content, Food, Nutrient
from fasci_tui.content.page import (
    AnyBlock,
    Bar,
    Bars,
    Entry,
    Heading,
    Hint,
    Inline,
    Items,
    Links,
    Page,
    Para,
    Run,
    Table,
    Title,
    cite,
    folded,
    inline,
    number_refs,
)
from fasci_tui.content.personal import PersonalIntake, personal_food_percent
from fasci_tui.content.regions import YOURS, RegionLimit, regional_limits
from fasci_tui.content.units import (
    age_band,
    fmt_amount,
    fmt_food_amount,
    fmt_number,
    food_percent,
    intake_range,
)

SEX_NAMES = {"male": "Men", "female": "Women", "any": "Adults"}
INTAKE_KIND_NAMES = {"RDA": "Recommended Dietary Allowance", "AI": "Adequate Intake"}
LINK_WORDS = {"direct": "DIRECT", "indirect": "INDIRECT"}
LINK_ROLES = {"direct": "alert", "indirect": "note"}
UPPER_LIMIT = "Upper limit (UL)"
"""The one label of the upper limit on a nutrient page."""
LAB_CAVEAT = "Labs differ: the range printed on your own lab report is the one that counts."
"""Said under a blood range, unless the range's own note already says that labs differ."""
LINKS_HINT = "Tab or l to reach a link, Enter to open it."


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
    if nutrient.daily_value:
        ids += list(nutrient.daily_value.refs)
    ids += [r for band in nutrient.upper_limit.by_age for r in band.refs]
    return list(number_refs(ids))


EVIDENCE_LEGEND = "Evidence marks: " + "; ".join(EVIDENCE_LABELS.values()) + "."
"""One line explaining the marks, under every page that shows one."""


def evidence_run(evidence: str | None) -> Run:
    """A claim's evidence mark as a run, `` [limited evidence]`` (spelled out, not a
    colour); an empty run without one."""
    return Run(f" [{EVIDENCE_SHORT[evidence]}]" if evidence else "", "muted")


def claim_inline(claim: Claim, numbers: dict[str, int]) -> Inline:
    """A claim as inline text: the statement, its evidence mark, its citations."""
    return inline(folded(claim.text), evidence_run(claim.evidence), cite(claim.refs, numbers))


def has_marks(blocks: list[AnyBlock]) -> bool:
    """True when some block carries an evidence mark (then the page needs the legend)."""
    marks = {f" [{short}]" for short in EVIDENCE_SHORT.values()}

    def runs(block: AnyBlock) -> list[Run]:
        if isinstance(block, Para | Heading):
            return list(block.text)
        if isinstance(block, Items):
            return [run for item in block.items for run in item]
        if isinstance(block, Entry):
            return [*block.text, *(run for line in block.body for run in line)]
        return []

    return any(run.text in marks for block in blocks for run in runs(block))


def legend(blocks: list[AnyBlock]) -> list[AnyBlock]:
    """The evidence legend as a quiet paragraph, if ``blocks`` show a mark; else nothing."""
    return [Para(inline(EVIDENCE_LEGEND), "muted", gap=True)] if has_marks(blocks) else []


def range_text(low: float | None, high: float | None, unit: str) -> str:
    """A range with open ends spelled out: ``1.7–2.2 mg/dL``, ``at least 200 pg/mL``."""
    if low is not None and high is not None:
        return f"{fmt_number(low)}–{fmt_number(high)} {unit}"
    if low is not None:
        return f"at least {fmt_number(low)} {unit}"
    if high is not None:
        return f"up to {fmt_number(high)} {unit}"
    return "not given"


def related_ids(content: Content, nutrient: Nutrient) -> list[str]:
    """The related nutrients that exist, in the record's order."""
    known = {n.id for n in content.nutrients}
    return [r for r in nutrient.related if r in known]


def nutrient_page(content: Content, nutrient: Nutrient,
                  intake: PersonalIntake | None = None, region: str | None = None,
                  units: str = "us") -> Page:
    """The whole page about ``nutrient``; with ``intake`` (from the person's profile,
    content/personal.py) the food bars and intake say what applies to them; with
    ``region`` (the setting, content/regions.py) that region's upper limit comes first;
    ``units`` (the setting, content/measures.py) is how food servings are measured."""
    numbers = number_refs(nutrient_ref_ids(nutrient))
    blocks: list[AnyBlock] = [Title(nutrient.name, f"({nutrient.kind})")]
    if nutrient.aliases:
        blocks.append(Para(inline("Also called: " + ", ".join(nutrient.aliases)), "muted"))
    blocks.append(Para(inline(folded(nutrient.summary)), gap=True))
    blocks += [Heading(inline("Role")), Items(tuple(inline(f) for f in nutrient.functions))]
    link = nutrient.link
    word = (f"{LINK_WORDS.get(link.type, link.type.upper())} link",
            LINK_ROLES.get(link.type, "strong"))
    blocks += [
        Heading(inline("Link to twitching: ", word), anchor="link"),
        Para(inline(folded(link.text), evidence_run(link.evidence), cite(link.refs, numbers))),
        Heading(inline("Deficiency: ", (nutrient.deficiency.name, "strong")), anchor="deficiency"),
        Para(inline(folded(nutrient.deficiency.text))),
    ]
    blocks += _foods(nutrient, numbers, intake, units)
    blocks += _intake(nutrient, numbers, intake)
    blocks += _daily_value(nutrient, numbers)
    blocks += _limit(nutrient, numbers, intake, region)
    blocks += _blood(nutrient, numbers)
    blocks += _fact_sheet(nutrient, numbers)
    blocks += legend(blocks)
    blocks += reference_entries(content, numbers)
    related = related_ids(content, nutrient)
    if related:
        blocks += [Heading(inline("Related nutrients"), anchor="related"), Hint(LINKS_HINT),
                   Links(tuple((r, content.nutrient(r).name) for r in related))]
    return Page(nutrient.name, tuple(blocks))


def _percent(food: Food, nutrient: Nutrient, intake: PersonalIntake | None) -> float | None:
    if intake is None or not intake.personal:
        return food_percent(food, nutrient)
    return personal_food_percent(food, nutrient, intake)


def _foods(nutrient: Nutrient, numbers: dict[str, int],
           intake: PersonalIntake | None = None, units: str = "us") -> list[AnyBlock]:
    blocks: list[AnyBlock] = [Heading(inline("Food sources"), anchor="foods")]
    measured = [f for f in nutrient.foods if _percent(f, nutrient, intake) is not None]
    others = [f for f in nutrient.foods if f not in measured]
    if measured:
        basis = f"Bars: one serving as a share of {percent_basis(nutrient)} a day."
        if intake is not None and intake.personal:
            basis = (f"Bars: one serving as a share of your {intake.kind}, "
                     f"{fmt_amount(intake.basis, intake.unit)} a day ({intake.group}).")
        if nutrient.iu_per_mcg:
            basis += f" 1 mcg = {fmt_number(nutrient.iu_per_mcg)} IU."
        blocks.append(Para(inline(basis), "muted"))
        blocks.append(Bars(tuple(
            Bar(food.name,
                inline((fmt_food_amount(food, units) or "") + cite(food.refs, numbers)),
                _percent(food, nutrient, intake) or 0.0)
            for food in measured)))
    if others:
        names = ", ".join(f.name + cite(f.refs, numbers) for f in others if not f.note)
        if names:
            blocks.append(Para(inline(("Also: " if measured else "") + names)))
    noted = [f for f in nutrient.foods if f.note]
    if noted:
        blocks.append(Items(tuple(
            inline((f.name[:1].upper() + f.name[1:] + " — ", "strong"), folded(f.note or ""),
                   cite(f.refs, numbers))
            for f in noted), mark="!"))
    return blocks


def percent_basis(nutrient: Nutrient) -> str:
    """What a food's percentage is measured against, named: ``the RDA for men 31+,
    420 mg`` (the highest adult amount, the one :func:`food_percent` uses)."""
    intake = nutrient.intake
    top = intake_range(intake)[1]
    groups = [v for v in intake.values if v.amount == top]
    sexes = {v.sex for v in groups}
    who = SEX_NAMES.get(groups[0].sex, "adults").lower() if len(sexes) == 1 else "adults"
    bands = sorted({age_band(v.age_min, v.age_max) for v in groups})
    return f"the {intake.kind} for {who} {' and '.join(bands)}, {fmt_amount(top, intake.unit)}"


def _intake(nutrient: Nutrient, numbers: dict[str, int],
            intake_for: PersonalIntake | None = None) -> list[AnyBlock]:
    intake = nutrient.intake
    kind = INTAKE_KIND_NAMES.get(intake.kind, intake.kind)
    rows = tuple((SEX_NAMES.get(v.sex, v.sex), age_band(v.age_min, v.age_max),
                  fmt_amount(v.amount, intake.unit)) for v in intake.values)
    blocks: list[AnyBlock] = [
        Heading(inline("Adult intake per day"), anchor="intake"),
        Para(inline((intake.kind, "strong"), f" ({kind}), in {intake.unit}",
                    cite(intake.refs, numbers))),
        Table(("Who", "Ages", "Amount"), rows, indent=2),
    ]
    if intake_for is not None:
        blocks.insert(1, Para(inline((intake_for.label, "strong"))))
        if intake_for.caveat:
            blocks.insert(2, Para(inline(f"({intake_for.caveat})"), "alert"))
    if intake.note:
        blocks.append(Para(inline(folded(intake.note)), "muted"))
    return blocks


def _daily_value(nutrient: Nutrient, numbers: dict[str, int]) -> list[AnyBlock]:
    """The food-label reference amount, named, under the intake table."""
    value = nutrient.daily_value
    if value is None:
        return []
    return [Para(inline(f"{value.label} (the amount food labels count against): ",
                        (fmt_amount(value.amount, value.unit), "strong"),
                        cite(value.refs, numbers)))]


def _limit(nutrient: Nutrient, numbers: dict[str, int],
           intake: PersonalIntake | None = None, region: str | None = None) -> list[AnyBlock]:
    limit = nutrient.upper_limit
    regional = regional_limits(limit, region)
    if regional:
        return _regional_limit(regional, numbers, intake)
    if limit.by_age:
        return _limit_by_age(nutrient, numbers, intake)
    if limit.amount is not None:
        amount = f"{fmt_amount(limit.amount, limit.unit or '')} a day"
    else:
        amount = "None set"
    where = f"{limit.region}: " if limit.region else ""
    blocks: list[AnyBlock] = [Heading(inline(UPPER_LIMIT), anchor="limit"),
                              Para(inline(where, (amount, "strong"), cite(limit.refs, numbers)))]
    if intake is not None and intake.personal and limit.amount is not None:
        blocks.append(Para(inline(f"your {intake.upper_label} (the same for every adult age "
                                  "and sex in this data)")))
    if limit.note and limit.note.strip().lower() != "none set":
        blocks.append(Para(inline(folded(limit.note)), "muted"))
    return blocks


def _limit_by_age(nutrient: Nutrient, numbers: dict[str, int],
                  intake: PersonalIntake | None) -> list[AnyBlock]:
    """A limit that differs by age: a small table of the bands, and the person's own."""
    limit = nutrient.upper_limit
    unit = limit.unit or nutrient.intake.unit
    rows = tuple((age_band(b.age_min, b.age_max), f"{fmt_amount(b.amount, unit)} a day"
                  + cite(b.refs, numbers)) for b in limit.by_age)
    blocks: list[AnyBlock] = [Heading(inline(UPPER_LIMIT), anchor="limit"),
                              Para(inline(("Adults, by age", "strong"),
                                          cite(limit.refs, numbers)))]
    if intake is not None and intake.personal and intake.upper_group:
        blocks.insert(1, Para(inline((f"your {intake.upper_label}", "strong"))))
    blocks.append(Table(("Ages", "Amount"), rows, indent=2))
    blocks += [Para(inline(folded(b.note)), "muted") for b in limit.by_age if b.note]
    if limit.note and limit.note.strip().lower() != "none set":
        blocks.append(Para(inline(folded(limit.note)), "muted"))
    return blocks


def _regional_limit(regional: list[RegionLimit], numbers: dict[str, int],
                    intake: PersonalIntake | None) -> list[AnyBlock]:
    """Limits that differ by region, the region setting's first and marked."""
    blocks: list[AnyBlock] = [Heading(inline(UPPER_LIMIT), anchor="limit")]
    for at, entry in enumerate(regional):
        mark = f" {YOURS}" if entry.yours else ""
        blocks.append(Para(inline(f"{entry.region}{mark}: ",
                                  (f"{fmt_amount(entry.amount, entry.unit)} a day", "strong"),
                                  cite(entry.refs, numbers)), gap=at > 0))
        if at == 0 and intake is not None and intake.personal:
            blocks.append(Para(inline(f"your UL: {fmt_amount(entry.amount, entry.unit)}, "
                                      f"adults ({entry.short}; the same for every adult age "
                                      "and sex in this data)")))
        if entry.note and entry.note.strip().lower() != "none set":
            blocks.append(Para(inline(folded(entry.note)), "muted"))
    return blocks


def _fact_sheet(nutrient: Nutrient, numbers: dict[str, int]) -> list[AnyBlock]:
    """The fact-sheet sections (who may run low, medicines, too much, forms, testing)."""
    blocks: list[AnyBlock] = []
    for field, heading in Nutrient.SECTIONS:
        claims: tuple[Claim, ...] = getattr(nutrient, field)
        if claims:
            blocks += [Heading(inline(heading), anchor=field.replace("_", "-")),
                       Items(tuple(claim_inline(claim, numbers) for claim in claims))]
    return blocks


def _blood(nutrient: Nutrient, numbers: dict[str, int]) -> list[AnyBlock]:
    blood = nutrient.blood_range
    if blood is None:
        return []
    blocks: list[AnyBlock] = [
        Heading(inline("Blood test: ", (blood.test, "strong")), anchor="blood"),
        Para(inline("How to read it: " if blood.reading else "Typical range: ",
                    (folded(blood.reading) if blood.reading
                     else range_text(blood.low, blood.high, blood.unit), "strong"),
                    cite(blood.refs, numbers))),
    ]
    # The caveat is said once: by the note where it says so (then drawn as a warning).
    says_caveat = "labs differ" in (blood.note or "").lower()
    if blood.note:
        blocks.append(Para(inline(folded(blood.note)), "alert" if says_caveat else "muted"))
    if not says_caveat:
        blocks.append(Para(inline(LAB_CAVEAT), "alert"))
    return blocks


def reference_entries(content: Content, numbers: dict[str, int]) -> list[AnyBlock]:
    """A References heading and the numbered references (nothing when there are none).

    Each is its title, publisher and address; a source's note is on the References page.
    """
    entries: list[AnyBlock] = []
    for ref_id, number in numbers.items():
        try:
            ref = content.reference(ref_id)
        except KeyError:
            continue
        # A source's own note (how it was read) is on the References page, not here:
        # it would repeat what the page has just said (that labs differ).
        entries.append(Entry(f"[{number}]", inline(f"{ref.title}. ", (ref.publisher, "em"), "."),
                             (inline((ref.url, "url")),)))
    if not entries:
        return []
    return [Heading(inline("References"), anchor="references"), *entries]
