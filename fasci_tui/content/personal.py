"""A person's own daily intake (RDA or AI) and upper limit, from their profile.

The intake tables in ``data/nutrients.yaml`` give adult amounts by sex and age band
(``sex: any`` covers both). With a profile, :func:`personal_intake` picks the person's
band and labels it ("your RDA: 320 mg, women 31+"); without one it names the reference
used everywhere else: the adult range, with the highest adult amount as the basis for
food bars, as :func:`fasci_tui.content.units.food_percent` does. The tables hold no
pregnancy, breastfeeding or under-19 values, and the labels say so rather than pass the
general adult amount off as the person's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from fasci_tui.content.model import Content, Food, IntakeValue, Number, Nutrient
from fasci_tui.content.units import age_band, fmt_amount, intake_range, to_mg

if TYPE_CHECKING:
    from fasci_tui.store.records import Profile

GROUP_WORDS = {"male": "men", "female": "women", "any": "adults"}
ADULT_AGE = 19
"""The youngest age the intake tables in ``data/`` cover (every table starts at 19)."""


def young_note(age: int, youngest: int = ADULT_AGE) -> str | None:
    """The one wording for an age the adult tables do not cover (said on the profile form,
    nutrient pages and in ``show``), or None for an adult."""
    if age >= youngest:
        return None
    return (f"age {age}: these pages use adult values ({youngest}+), which do not apply; "
            f"ask a clinician for under-{youngest} needs")


class PersonalIntake(NamedTuple):
    """The daily intake and upper limit that apply to one person (or to adults)."""

    kind: str
    """``RDA`` or ``AI``."""
    unit: str
    amount: Number | None
    """The amount of the person's band; None without a profile or without a band."""
    low: Number
    high: Number
    """The adult range across all bands."""
    group: str
    """Whom the amount is for: ``women 31+``, or ``adults 19+`` without a profile."""
    personal: bool
    """True when ``amount`` is the person's own value from the table."""
    label: str
    """``your RDA: 320 mg, women 31+``, or the reference used, e.g. ``RDA: 310–420 mg,
    adults 19+ (no profile set)``."""
    upper: Number | None
    upper_unit: str | None
    upper_label: str
    """``UL: 350 mg, adults``, ``UL: 2,000 mg, ages 51+`` (a limit by age, the person's
    band), ``UL: 2,000–2,500 mg, by age`` (no profile) or ``UL: none set``."""
    caveat: str | None
    """Why the person's own value is not shown, when that is so."""
    refs: tuple[str, ...]
    """The references behind the intake table."""
    upper_group: str | None = None
    """For a limit given by age band, the person's band (``ages 51+``); None otherwise."""

    @property
    def basis(self) -> Number:
        """The amount food bars compare a serving with: the person's, else the highest
        adult amount (the reference used without a profile)."""
        return self.amount if self.amount is not None else self.high


def _band_for(values: tuple[IntakeValue, ...], sex: str, age: int) -> IntakeValue | None:
    """The band for this sex and age, preferring one for the sex over ``any``."""
    fits = [v for v in values if v.sex in (sex, "any") and v.age_min <= age
            and (v.age_max is None or age <= v.age_max)]
    fits.sort(key=lambda v: v.sex == "any")
    return fits[0] if fits else None


def _group(value: IntakeValue) -> str:
    return f"{GROUP_WORDS.get(value.sex, value.sex)} {age_band(value.age_min, value.age_max)}"


def _adults(nutrient: Nutrient) -> str:
    youngest = min(v.age_min for v in nutrient.intake.values)
    return f"adults {youngest}+"


def personal_intake(nutrient: Nutrient, profile: Profile | None) -> PersonalIntake:
    """The intake and upper limit for ``profile`` (or the adult reference without one)."""
    intake = nutrient.intake
    low, high = intake_range(intake)
    adult_range = fmt_amount(low, intake.unit, high)
    limit = nutrient.upper_limit
    upper_unit = limit.unit or intake.unit if limit.amount is not None else None
    adults = _adults(nutrient)
    caveat = None
    band = None
    if profile is not None:
        band = _band_for(intake.values, profile.sex, profile.age)
        if band is None:
            youngest = min(v.age_min for v in intake.values)
            caveat = young_note(profile.age, youngest) or (
                f"this data has no intake values for age {profile.age}: its tables "
                f"are for {adults}")
        elif profile.pregnant or profile.breastfeeding:
            state = "pregnancy" if profile.pregnant else "breastfeeding"
            if profile.pregnant and profile.breastfeeding:
                state = "pregnancy and breastfeeding"
            caveat = (f"amounts in {state} can differ and this data does not hold them; "
                      "ask your midwife or doctor")
    if band is not None and caveat is None:
        group = _group(band)
        label = f"your {intake.kind}: {fmt_amount(band.amount, intake.unit)}, {group}"
        personal = True
    elif band is not None:
        group = _group(band)
        label = (f"{intake.kind} for {group}: {fmt_amount(band.amount, intake.unit)} "
                 f"(not {'pregnancy' if profile and profile.pregnant else 'breastfeeding'} "
                 "values)")
        personal = False
    else:
        group = adults
        label = f"{intake.kind}: {adult_range}, {adults}"
        label += " (no profile set)" if profile is None else f" (none for age {profile.age})"
        personal = False
    upper, upper_group = limit.amount, None
    own = limit.for_age(profile.age) if profile is not None else None
    if limit.amount is None:
        upper_label = "UL: none set"
    elif own is not None:
        upper, upper_group = own.amount, f"ages {age_band(own.age_min, own.age_max)}"
        upper_label = f"UL: {fmt_amount(own.amount, upper_unit or '')}, {upper_group}"
    elif limit.by_age:
        amounts = [b.amount for b in limit.by_age]
        upper_label = f"UL: {fmt_amount(min(amounts), upper_unit or '', max(amounts))}, by age"
    else:
        upper_label = f"UL: {fmt_amount(limit.amount, upper_unit or '')}, adults"
    return PersonalIntake(intake.kind, intake.unit, band.amount if band else None, low, high,
                          group, personal, label, upper, upper_unit, upper_label,
                          caveat, tuple(intake.refs), upper_group)


def personal_intakes(content: Content, profile: Profile | None) -> dict[str, PersonalIntake]:
    """:func:`personal_intake` for every nutrient, by nutrient id, in content order."""
    return {n.id: personal_intake(n, profile) for n in content.nutrients}


def personal_food_percent(food: Food, nutrient: Nutrient,
                          intake: PersonalIntake) -> float | None:
    """A serving of ``food`` as a percentage of ``intake.basis``, if the units allow."""
    if food.amount is None or food.unit is None:
        return None
    amount = food.amount if food.amount_high is None else (food.amount + food.amount_high) / 2
    food_mg = to_mg(amount, food.unit, nutrient.iu_per_mcg)
    target = to_mg(intake.basis, intake.unit)
    if food_mg is None or not target:
        return None
    return 100.0 * food_mg / target
