"""Logged supplement doses summed per day per nutrient and held against the upper limit.

A logged supplement (``magnesium 200 mg``, ``vit d 1000 IU``, ``B6 50 mg``) is matched to a
nutrient by its name or an alias (a trailing form word such as ``glycinate`` is allowed),
converted to the unit of that nutrient's upper limit (g/mg/mcg, and IU for vitamin D with
the data's ``iu_per_mcg``), summed for the day and compared with every limit that applies:
the main one with its region and the other regions' (B6: US and Canada 100 mg, EU 12 mg),
and, where the data gives the limit by age band (``upper_limit.by_age``: calcium), the
person's own band (all bands, each labelled, without a profile).
Everything here is plain Python: the Today pane, ``log list`` and the visit summary all
use :func:`day_totals` and :func:`over_lines`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from fasci_tui.content.model import Content, Nutrient
from fasci_tui.content.units import age_band, fmt_amount, fmt_number

if TYPE_CHECKING:
    from fasci_tui.store.records import DailyEntry, Profile

MASS_MCG = {"g": 1_000_000.0, "mg": 1000.0, "mcg": 1.0}
"""Micrograms in one of each mass unit."""

_ABBREVIATIONS = {"vit": "vitamin", "vitamine": "vitamin"}


class Limit(NamedTuple):
    """One upper limit a day's total is compared with."""

    amount: float
    unit: str
    region: str | None
    refs: tuple[str, ...]
    note: str | None = None

    def label(self) -> str:
        """``100 mg (US and Canada)``."""
        where = f" ({self.region})" if self.region else ""
        return f"{fmt_amount(self.amount, self.unit)}{where}"


class NutrientTotal(NamedTuple):
    """A nutrient's supplement total for one day, in the unit of its limit."""

    nutrient: Nutrient
    amount: float
    unit: str
    doses: tuple[str, ...]
    """The logged doses that make it up, as written."""
    limits: tuple[Limit, ...]
    over: tuple[Limit, ...]
    """The limits the total is above."""


class DayTotals(NamedTuple):
    """The day's supplements per nutrient, and what could not be counted."""

    totals: tuple[NutrientTotal, ...]
    unmatched: tuple[str, ...]
    """Supplements that are not one of the nutrients the data covers."""
    unconverted: tuple[str, ...]
    """Supplements whose unit cannot be turned into the limit's unit (e.g. ml)."""

    @property
    def over(self) -> tuple[NutrientTotal, ...]:
        """Totals above at least one limit."""
        return tuple(t for t in self.totals if t.over)


def match_nutrient(content: Content, name: str) -> Nutrient | None:
    """The nutrient a supplement's name means: its id, name or an alias, with ``vit`` read
    as ``vitamin``, ``vitamin D3`` as ``D3``, and trailing words (``magnesium glycinate``)
    dropped when the whole name matches nothing; None when none fits."""
    words = [_ABBREVIATIONS.get(w, w) for w in name.lower().replace("-", " ").split()]
    for end in range(len(words), 0, -1):
        head = words[:end]
        found = content.find_nutrient(" ".join(head))
        if found is None and head[0] == "vitamin" and len(head) > 1:
            found = content.find_nutrient(" ".join(head[1:]))
            if found is not None and not found.id.startswith("vitamin"):
                found = None  # "vitamin K" is not potassium (K)
        if found is not None:
            return found
    return None


def convert(amount: float, unit: str, target: str, iu_per_mcg: float | None) -> float | None:
    """``amount`` of ``unit`` in ``target`` (g/mg/mcg; IU through ``iu_per_mcg``), or None
    when there is no conversion (ml, or IU for a nutrient without an IU factor)."""
    if unit == "IU":
        if not iu_per_mcg:
            return None
        mcg = amount / iu_per_mcg
    elif unit in MASS_MCG:
        mcg = amount * MASS_MCG[unit]
    else:
        return None
    if target == "IU":
        return mcg * iu_per_mcg if iu_per_mcg else None
    if target not in MASS_MCG:
        return None
    return mcg / MASS_MCG[target]


def limits_for(nutrient: Nutrient, profile: Profile | None) -> tuple[Limit, ...]:
    """Every upper limit for ``nutrient`` that applies to the person (empty when none is
    set). A limit given by age band is the person's band; without a profile (or for an
    age no band holds) every band is returned, each labelled with its ages."""
    upper = nutrient.upper_limit
    if upper.amount is None:
        return ()
    unit = upper.unit or nutrient.intake.unit
    others = tuple(Limit(float(r.amount), r.unit, r.region, r.refs, r.note)
                   for r in upper.other_regions)
    if upper.by_age:
        own = upper.for_age(profile.age) if profile is not None else None
        bands = (own,) if own is not None else upper.by_age
        return (*(Limit(float(b.amount), unit, f"ages {age_band(b.age_min, b.age_max)}",
                        b.refs, b.note) for b in bands), *others)
    main = Limit(float(upper.amount), unit, upper.region, upper.refs, upper.note)
    return (main, *others)


def day_totals(content: Content, supplements: Iterable[object],
               profile: Profile | None = None) -> DayTotals:
    """Sum ``supplements`` (records with name, amount, unit) per nutrient and compare
    each total with :func:`limits_for`. Nutrients without a limit are still totalled."""
    sums: dict[str, list] = {}
    unmatched: list[str] = []
    unconverted: list[str] = []
    for item in supplements:
        name, amount, unit = item.name, float(item.amount), item.unit  # type: ignore[attr-defined]
        nutrient = match_nutrient(content, name)
        if nutrient is None:
            unmatched.append(str(item))
            continue
        limits = limits_for(nutrient, profile)
        target = limits[0].unit if limits else nutrient.intake.unit
        value = convert(amount, unit, target, nutrient.iu_per_mcg)
        if value is None:
            unconverted.append(str(item))
            continue
        slot = sums.setdefault(nutrient.id, [nutrient, 0.0, [], limits, target])
        slot[1] += value
        slot[2].append(str(item))
    totals = []
    for nutrient, total, doses, limits, target in sums.values():
        over = tuple(limit for limit in limits
                     if (convert(total, target, limit.unit, nutrient.iu_per_mcg) or 0.0)
                     > limit.amount + 1e-9)
        totals.append(NutrientTotal(nutrient, round(total, 6), target, tuple(doses),
                                    limits, over))
    return DayTotals(tuple(totals), tuple(unmatched), tuple(unconverted))


def source_names(content: Content, refs: Iterable[str]) -> str:
    """The publishers and titles behind ``refs``, for a message: ``Institute of Medicine``."""
    names = []
    for ref in refs:
        try:
            reference = content.reference(ref)
        except KeyError:
            names.append(ref)
            continue
        if reference.publisher not in names:
            names.append(reference.publisher)
    return "; ".join(names)


def total_text(total: NutrientTotal) -> str:
    """``magnesium 400 mg from supplements``."""
    return f"{total.nutrient.name} {fmt_number(round(total.amount, 2))} {total.unit}"


def over_lines(content: Content, totals: DayTotals) -> list[str]:
    """One sentence per nutrient over a limit, naming each limit's region and source:
    ``Magnesium from supplements: 400 mg, over the upper limit of 350 mg (source: ...)``."""
    lines = []
    for total in totals.over:
        parts = []
        for limit in total.over:
            parts.append(f"{limit.label()}, source: {source_names(content, limit.refs)}")
        within = [limit.label() for limit in total.limits if limit not in total.over]
        text = (f"{total.nutrient.name} from supplements: "
                f"{fmt_number(round(total.amount, 2))} {total.unit}, over the upper limit of "
                + "; and of ".join(parts))
        if within:
            text += f" (within {', '.join(within)})"
        if total.nutrient.id == "calcium":
            text += " — the calcium limit counts food too"
        lines.append(text + ".")
    return lines


def entry_over_lines(content: Content, entry: DailyEntry,
                     profile: Profile | None = None) -> list[str]:
    """:func:`over_lines` for one day's entry."""
    return over_lines(content, day_totals(content, entry.supplements, profile))
