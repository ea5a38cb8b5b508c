"""Profile -> the person's own intake and upper limit, with labels that say whose."""

from __future__ import annotations

import pytest

from fasci_tui.content.model import Content, Food, Intake, IntakeValue
from fasci_tui.content.personal import (
    personal_food_percent,
    personal_intake,
    personal_intakes,
    young_note,
)
from fasci_tui.content.units import food_percent
from fasci_tui.store import Profile


@pytest.mark.parametrize(("nutrient", "profile", "label", "amount"), [
    ("magnesium", Profile("female", 34), "your RDA: 320 mg, women 31+", 320),
    ("magnesium", Profile("female", 30), "your RDA: 310 mg, women 19–30", 310),
    ("magnesium", Profile("male", 19), "your RDA: 400 mg, men 19–30", 400),
    ("magnesium", Profile("male", 31), "your RDA: 420 mg, men 31+", 420),
    ("calcium", Profile("female", 50), "your RDA: 1,000 mg, women 19–50", 1000),
    ("calcium", Profile("female", 51), "your RDA: 1,200 mg, women 51+", 1200),
    ("calcium", Profile("male", 70), "your RDA: 1,000 mg, men 19–70", 1000),
    ("calcium", Profile("male", 71), "your RDA: 1,200 mg, men 71+", 1200),
    ("vitamin-b6", Profile("male", 40), "your RDA: 1.3 mg, adults 19–50", 1.3),
    ("vitamin-b6", Profile("male", 60), "your RDA: 1.7 mg, men 51+", 1.7),
    ("vitamin-d", Profile("female", 80), "your RDA: 20 mcg, adults 71+", 20),
    ("potassium", Profile("female", 25), "your AI: 2,600 mg, women 19+", 2600),
    ("sodium", Profile("male", 25), "your AI: 1,500 mg, adults 19+", 1500),
])
def test_profile_picks_the_band_and_says_whose(content: Content, nutrient: str,
                                               profile: Profile, label: str,
                                               amount: float) -> None:
    intake = personal_intake(content.nutrient(nutrient), profile)
    assert intake.label == label
    assert intake.amount == amount and intake.basis == amount
    assert intake.personal and intake.caveat is None


def test_without_a_profile_the_adult_reference_is_named(content: Content) -> None:
    magnesium = personal_intake(content.nutrient("magnesium"), None)
    assert magnesium.label == "RDA: 310–420 mg, adults 19+ (no profile set)"
    assert magnesium.amount is None and not magnesium.personal
    assert magnesium.basis == 420  # the highest adult RDA, as the food bars use today
    assert magnesium.upper_label == "UL: 350 mg, adults"
    assert personal_intake(content.nutrient("vitamin-b12"), None).upper_label == "UL: none set"
    assert personal_intake(content.nutrient("sodium"), None).label == \
        "AI: 1,500 mg, adults 19+ (no profile set)"


def test_pregnancy_and_breastfeeding_are_not_given_general_values_as_their_own(
        content: Content) -> None:
    pregnant = personal_intake(content.nutrient("magnesium"), Profile("female", 33, True))
    assert pregnant.label == "RDA for women 31+: 320 mg (not pregnancy values)"
    assert not pregnant.personal and "pregnancy" in (pregnant.caveat or "")
    feeding = personal_intake(content.nutrient("calcium"),
                              Profile("female", 28, breastfeeding=True))
    assert feeding.label == "RDA for women 19–50: 1,000 mg (not breastfeeding values)"
    assert "breastfeeding" in (feeding.caveat or "")


def test_an_age_the_tables_do_not_cover(content: Content) -> None:
    young = personal_intake(content.nutrient("magnesium"), Profile("male", 15))
    assert young.label == "RDA: 310–420 mg, adults 19+ (none for age 15)"
    assert young.caveat == young_note(15)
    assert young.caveat == ("age 15: these pages use adult values (19+), which do not apply; "
                            "ask a clinician for under-19 needs")
    assert young_note(19) is None and young_note(80) is None
    assert young.amount is None and young.basis == 420


def test_every_nutrient_gets_an_intake(content: Content) -> None:
    for profile in (None, Profile("female", 45), Profile("male", 90)):
        intakes = personal_intakes(content, profile)
        assert list(intakes) == [n.id for n in content.nutrients]
        for intake in intakes.values():
            assert intake.refs and intake.label and intake.upper_label


def test_sex_specific_band_wins_over_any(content: Content) -> None:
    nutrient = content.nutrient("magnesium")
    values = (IntakeValue("any", 19, None, 100), IntakeValue("female", 19, None, 200))
    nutrient = nutrient._replace(intake=Intake("AI", "mg", values, ("x",)))
    assert personal_intake(nutrient, Profile("female", 40)).amount == 200
    assert personal_intake(nutrient, Profile("male", 40)).amount == 100


def test_food_percent_against_the_persons_own_amount(content: Content) -> None:
    magnesium = content.nutrient("magnesium")
    seeds = Food("pumpkin seeds", "1 oz", 156, unit="mg", refs=("ods-magnesium",))
    reference = personal_intake(magnesium, None)
    assert personal_food_percent(seeds, magnesium, reference) == \
        pytest.approx(food_percent(seeds, magnesium))
    young_woman = personal_intake(magnesium, Profile("female", 25))
    assert personal_food_percent(seeds, magnesium, young_woman) == pytest.approx(
        100 * 156 / 310)
    assert personal_food_percent(Food("kale"), magnesium, young_woman) is None
