"""Supplement totals per day against the upper limit: names, conversions, thresholds."""

from __future__ import annotations

import pytest

from fasci_tui.content import Content
from fasci_tui.content.supplements import (
    convert,
    day_totals,
    limits_for,
    match_nutrient,
    over_lines,
)
from fasci_tui.store.records import Profile, Supplement


@pytest.mark.parametrize(("name", "nutrient"), [
    ("magnesium", "magnesium"), ("Mg", "magnesium"), ("magnesium glycinate", "magnesium"),
    ("vit d", "vitamin-d"), ("Vitamin D3", "vitamin-d"), ("B6", "vitamin-b6"),
    ("vit b12", "vitamin-b12"), ("calcium carbonate", "calcium"),
    ("vitamin K", None), ("zinc", None),
])
def test_names_match_nutrients(content: Content, name: str, nutrient: str | None) -> None:
    found = match_nutrient(content, name)
    assert (found.id if found else None) == nutrient


def test_conversions() -> None:
    assert convert(1000, "IU", "mcg", 40) == pytest.approx(25)
    assert convert(100, "mcg", "IU", 40) == pytest.approx(4000)
    assert convert(1, "g", "mg", None) == pytest.approx(1000)
    assert convert(500, "mcg", "mg", None) == pytest.approx(0.5)
    assert convert(5, "ml", "mg", None) is None
    assert convert(5, "IU", "mg", None) is None  # no IU factor for this nutrient


def _over(content: Content, doses: list[Supplement], profile: Profile | None = None) -> dict:
    totals = day_totals(content, doses, profile)
    return {t.nutrient.id: [(lim.amount, lim.region) for lim in t.over] for t in totals.totals}


def test_magnesium_sums_doses_and_the_limit_is_exclusive(content: Content) -> None:
    at = [Supplement("magnesium", 200, "mg"), Supplement("Mg citrate", 150, "mg")]
    assert _over(content, at) == {"magnesium": []}
    over = [*at, Supplement("magnesium", 0.001, "g")]
    assert _over(content, over) == {"magnesium": [(350.0, None)]}


def test_vitamin_d_in_iu(content: Content) -> None:
    assert _over(content, [Supplement("vit d", 4000, "IU")]) == {"vitamin-d": []}
    assert _over(content, [Supplement("vit d", 4000, "IU"),
                           Supplement("D3", 1, "mcg")]) == {"vitamin-d": [(100.0, None)]}


def test_b6_both_regions(content: Content) -> None:
    assert _over(content, [Supplement("B6", 12, "mg")]) == {"vitamin-b6": []}
    assert _over(content, [Supplement("B6", 50, "mg")]) == {
        "vitamin-b6": [(12.0, "European Union (adults)")]}
    assert len(_over(content, [Supplement("B6", 101, "mg")])["vitamin-b6"]) == 2
    lines = over_lines(content, day_totals(content, [Supplement("B6", 50, "mg")]))
    assert "12 mg (European Union (adults))" in lines[0]
    assert "EFSA" in lines[0] and "within 100 mg (US and Canada)" in lines[0]


def test_calcium_by_age(content: Content) -> None:
    doses = [Supplement("calcium", 2200, "mg")]
    assert _over(content, doses, Profile("female", 50)) == {"calcium": []}
    assert _over(content, doses, Profile("female", 51)) == {"calcium": [(2000.0, "ages 51+")]}
    assert len(limits_for(content.nutrient("calcium"), None)) == 2


def test_unmatched_and_unconverted_are_reported(content: Content) -> None:
    totals = day_totals(content, [Supplement("zinc", 10, "mg"),
                                  Supplement("magnesium", 5, "ml")])
    assert totals.unmatched == ("zinc 10 mg",)
    assert totals.unconverted == ("magnesium 5 ml",)
    assert totals.totals == ()


def test_over_line_cites_source(content: Content) -> None:
    lines = over_lines(content, day_totals(content, [Supplement("magnesium", 400, "mg")]))
    assert lines == ["Magnesium from supplements: 400 mg, over the upper limit of 350 mg, "
                     "source: Institute of Medicine."]
