"""Upper limits by age band come from the data (``upper_limit.by_age``): the loader
checks them with their location, and a profile's age picks the person's own limit on the
nutrient page, in the compare table, in supplement totals and in ``profile``."""

from __future__ import annotations

from pathlib import Path

import pytest

from fasci_tui.content import Content, ContentError, load_content
from fasci_tui.content.compare import row_for
from fasci_tui.content.nutrient_page import nutrient_page
from fasci_tui.content.personal import personal_intake
from fasci_tui.content.supplements import day_totals, limits_for
from fasci_tui.content.text import render as page_text
from fasci_tui.store.records import Profile, Supplement

BANDS = """      by_age:
        - age_min: 19
          age_max: 50
          amount: 2500
          refs: [ods-calcium]
        - age_min: 51
          age_max: null
          amount: 2000
          refs: [ods-calcium]
"""


def test_calcium_bands_come_from_the_data_with_their_source(content: Content) -> None:
    limit = content.nutrient("calcium").upper_limit
    assert [(b.age_min, b.age_max, b.amount, b.refs) for b in limit.by_age] == [
        (19, 50, 2500, ("ods-calcium",)), (51, None, 2000, ("ods-calcium",))]
    assert content.reference("ods-calcium").url.startswith(
        "https://ods.od.nih.gov/factsheets/Calcium-HealthProfessional")
    assert [b.amount for b in (limit.for_age(30), limit.for_age(60))] == [2500, 2000]
    assert limit.for_age(15) is None


@pytest.mark.parametrize(("age", "amount"), [(30, 2500), (50, 2500), (51, 2000), (60, 2000)])
def test_a_profile_sees_its_own_limit_everywhere(content: Content, age: int,
                                                 amount: int) -> None:
    calcium = content.nutrient("calcium")
    profile = Profile("male", age)
    band = "19–50" if age <= 50 else "51+"
    shown = f"{amount:,} mg"
    intake = personal_intake(calcium, profile)
    assert intake.upper_label == f"UL: {shown}, ages {band}"
    text = page_text(nutrient_page(content, calcium, intake))
    assert f"your UL: {shown}, ages {band}" in text
    assert row_for(calcium, intake).cells["limit"] == f"{shown} (you)"
    assert [(lim.amount, lim.region) for lim in limits_for(calcium, profile)] == [
        (float(amount), f"ages {band}")]
    totals = day_totals(content, [Supplement("calcium", 2200, "mg")], profile)
    assert [lim.amount for lim in totals.totals[0].limits] == [float(amount)]
    over = totals.over
    assert [lim.amount for t in over for lim in t.over] == ([2000.0] if age > 50 else [])


def test_without_a_profile_every_band_is_shown(content: Content) -> None:
    calcium = content.nutrient("calcium")
    text = page_text(nutrient_page(content, calcium))
    assert "19–50  2,500 mg a day" in text and "51+    2,000 mg a day" in text
    assert "your UL" not in text
    assert row_for(calcium).cells["limit"] == "2,000–2,500 mg"
    assert personal_intake(calcium, None).upper_label == "UL: 2,000–2,500 mg, by age"
    assert [lim.region for lim in limits_for(calcium, None)] == ["ages 19–50", "ages 51+"]


def _problems(data_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(data_dir)
    return [str(p).replace(str(data_dir), "DATA") for p in info.value.problems]


def _edit(data_dir: Path, old: str, new: str) -> int:
    """Replace ``old`` in nutrients.yaml; the 1-based line where it started."""
    path = data_dir / "nutrients.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_the_loader_accepts_bands_on_another_nutrient(data_copy: Path) -> None:
    _edit(data_copy, "      amount: 350\n      unit: mg\n",
          "      amount: 350\n      unit: mg\n" + BANDS.replace("2500", "350"))
    limit = load_content(data_copy).nutrient("magnesium").upper_limit
    assert [b.amount for b in limit.by_age] == [350, 2000]
    assert limit.for_age(70) == limit.by_age[1]


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("age_max: 50", "age_max: 55", "+5:20: nutrients[1].upper_limit.by_age[1].age_min: "
     "overlaps the band before (ages 19-55); list the bands youngest first, without overlap"),
    ("age_max: 50", "age_max: 15", "+2:20: nutrients[1].upper_limit.by_age[0].age_max: must "
     "not be below 'age_min'"),
    ("refs: [ods-calcium]\n      note", "refs: []\n      note", "+7:19: nutrients[1]."
     "upper_limit.by_age[1].amount: an age band's amount needs 'refs' naming the source "
     "that holds it"),
    ("amount: 2000", "amount: many", "+7:19: nutrients[1].upper_limit.by_age[1].amount: "
     "expected a number, got text ('many')"),
    ("age_max: null", "age_max: null\n          colour: red", "+7:11: nutrients[1]."
     "upper_limit.by_age[1].colour: unknown key 'colour'; known keys: age_min, age_max, "
     "amount, refs, note"),
    ("      amount: 2500\n      unit: mg\n      by_age", "      amount: 2400\n      unit: mg"
     "\n      by_age", "-2:15: nutrients[1].upper_limit.amount: with 'by_age', the amount "
     "must be one of the bands' amounts (2500, 2000)"),
])
def test_the_loader_rejects_bad_bands_with_their_location(data_copy: Path, old: str, new: str,
                                                          problem: str) -> None:
    path = data_copy / "nutrients.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      by_age:\n")
    line = text[:start].count("\n") + 1
    head, block = text[:start - 40], text[start - 40:]
    path.write_text(head + block.replace(old, new, 1), encoding="utf-8")
    offset, rest = problem.split(":", 1)
    assert _problems(data_copy) == [f"DATA/nutrients.yaml:{line + int(offset)}:{rest}"]
