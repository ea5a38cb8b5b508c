"""Content: every nutrient has every field; every reference and tag resolves."""

from __future__ import annotations

from fasci_tui.content.compare import COLUMNS, column_key, natural_key, row_for, sort_rows
from fasci_tui.content.model import Content
from fasci_tui.content.units import fmt_food_amount, fmt_serving, food_percent, to_mg


def test_every_nutrient_is_complete(content: Content) -> None:
    for n in content.nutrients:
        assert n.id and n.name and n.summary and n.functions, n.id
        assert n.link.type in ("direct", "indirect") and n.link.text, n.id
        assert n.deficiency.name and n.deficiency.text, n.id
        assert n.foods and n.refs and n.intake.values and n.intake.refs, n.id
        assert n.upper_limit.refs, n.id
        assert n.upper_limit.amount is not None or n.upper_limit.note, n.id


def test_required_nutrients_findable_by_name(content: Content) -> None:
    for name in ["magnesium", "calcium", "B1", "thiamine", "B6", "B12", "cobalamin",
                 "vitamin D", "potassium", "sodium", "Mg"]:
        assert content.find_nutrient(name) is not None, name


def test_every_number_names_a_source(content: Content) -> None:
    for n in content.nutrients:
        for food in n.foods:
            if food.amount is not None:
                assert food.refs, (n.id, food.name)
        if n.blood_range:
            assert n.blood_range.refs, n.id
    assert content.overview.headline.refs


def test_references_and_tags_resolve(content: Content) -> None:
    ref_ids = {r.id for r in content.references}
    nutrient_ids = {n.id for n in content.nutrients}
    for entry in content.faq:
        assert set(entry.tags) <= nutrient_ids
        assert set(entry.refs) <= ref_ids
    for n in content.nutrients:
        assert set(n.related) <= nutrient_ids
        assert set(n.refs) <= ref_ids


def test_habits_are_the_five(content: Content) -> None:
    assert [h.id for h in content.habits] == ["stress", "stimulants", "hydration", "sleep",
                                              "exercise"]


def test_foods_are_derived(content: Content) -> None:
    foods = {f.name: f.nutrient_ids for f in content.foods()}
    assert set(foods["avocado"]) >= {"magnesium", "potassium"}


def test_units_and_percent(content: Content) -> None:
    assert to_mg(2.4, "mcg") == 0.0024
    assert to_mg(600, "IU", 40) == 0.015
    mg = content.nutrient("magnesium")
    pct = food_percent(mg.foods[0], mg)
    assert pct is not None and round(pct) == round(100 * 156 / 420)


def test_comparison_rows_sort_numbers_and_missing_last(content: Content) -> None:
    rows = [row_for(n) for n in content.nutrients]
    assert len(COLUMNS) == 7
    by_intake = [r.nutrient_id for r in sort_rows(rows, "intake")]
    assert by_intake[0] == "vitamin-b12" and by_intake[-1] == "potassium"
    up = [r.nutrient_id for r in sort_rows(rows, "limit")]
    down = [r.nutrient_id for r in sort_rows(rows, "limit", descending=True)]
    assert up[0] == "vitamin-d" and down[0] == "calcium"
    missing = {r.nutrient_id for r in rows if r.numbers["limit"] is None}
    assert set(up[-len(missing):]) == missing and set(down[-len(missing):]) == missing


def test_names_sort_naturally(content: Content) -> None:
    rows = [row_for(n) for n in content.nutrients]
    names = [r.cells["nutrient"] for r in sort_rows(rows, "nutrient")]
    b_vitamins = [n for n in names if n.startswith("Vitamin B")]
    assert b_vitamins == ["Vitamin B1", "Vitamin B6", "Vitamin B12"]
    assert natural_key("B12") > natural_key("B6") > natural_key("B1")


def test_column_names() -> None:
    assert column_key("link") == "link" and column_key("Link") == "link"  # a key first
    assert column_key("link type") == "type" and column_key("UL") == "limit"
    assert column_key("Primary function") == "function" and column_key("colour") is None


def test_servings_read_naturally(content: Content) -> None:
    assert fmt_serving("1/2 cup boiled") == "½ cup, boiled"
    assert fmt_serving("1/2 cup, made with calcium sulfate") == "½ cup, made with calcium sulfate"
    assert fmt_serving("1 1/2 cups cooked") == "1½ cups, cooked"
    assert fmt_serving("3 oz") == "3 oz" and fmt_serving("a handful") == "a handful"
    spinach = next(f for f in content.nutrient("magnesium").foods if f.name == "spinach")
    assert fmt_food_amount(spinach) == "78 mg per ½ cup, boiled"
    kale = next(f for f in content.nutrient("magnesium").foods if f.name == "kale")
    assert fmt_food_amount(kale) is None
