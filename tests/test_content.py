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


# ------------------------------------------------------------ second-round content

REQUIRED_QUESTIONS = {
    "is-it-als", "what-is-bfs", "how-long-will-it-last", "worse-at-rest", "anxiety-all-over",
    "cutting-caffeine", "alcohol", "medicine-cause", "magnesium-form-and-dose",
    "b6-nerve-harm", "which-blood-tests", "do-i-need-an-emg", "twitch-cramp-tremor-tic",
    "eyelid-twitch", "thyroid", "stop-exercising", "electrolyte-drinks", "tongue-twitching",
    "virus-trigger", "muscles-feel-weak",
}


def test_faq_answers_what_people_ask(content: Content) -> None:
    ids = [entry.id for entry in content.faq]
    assert len(ids) >= 30
    assert REQUIRED_QUESTIONS <= set(ids), REQUIRED_QUESTIONS - set(ids)


def test_every_nutrient_has_the_fact_sheet_sections(content: Content) -> None:
    for n in content.nutrients:
        assert n.at_risk and n.medicines and n.too_much and n.testing, n.id
        assert all(claim.refs for claim in n.too_much), n.id
        assert n.daily_value is not None and n.daily_value.refs == ("fda-daily-values",), n.id
    forms = {n.id for n in content.nutrients if n.forms}
    assert {"magnesium", "calcium", "vitamin-d"} <= forms


def test_every_link_and_habit_carries_an_evidence_mark(content: Content) -> None:
    for n in content.nutrients:
        assert n.link.evidence in ("strong", "limited", "opinion") and n.link.refs, n.id
    for habit in content.habits:
        assert habit.evidence is not None and habit.refs, habit.id


def test_b6_limit_shows_both_regions(content: Content) -> None:
    limit = content.nutrient("vitamin-b6").upper_limit
    assert (limit.amount, limit.unit, limit.region) == (100, "mg", "US and Canada")
    [eu] = limit.other_regions
    assert (eu.amount, eu.unit, eu.refs) == (12, "mg", ("efsa-b6",))
    assert "European Union" in eu.region


def test_corrections_hold(content: Content) -> None:
    """The wording #11 asked to correct does not come back."""
    mg = content.nutrient("magnesium")
    assert "supplement" not in mg.deficiency.text and "first step" not in mg.deficiency.text
    assert "cochrane-mg" in content.overview.key_points[0].refs
    assert "first" not in content.overview.key_points[0].title.lower()
    b12 = content.nutrient("vitamin-b12")
    assert b12.link.type == "indirect" and content.nutrient("potassium").link.type == "indirect"
    assert b12.blood_range is not None and b12.blood_range.low is None
    assert b12.blood_range.reading and "methylmalonic" in b12.blood_range.reading
    assert "symptoms" in content.overview.headline.text  # symptomatic MND, as published
    assert "fade on their own" not in content.overview.see_a_doctor.intro
    assert "raise" in content.nutrient("sodium").link.text or "up" in \
        content.nutrient("sodium").link.text
    cured = next(f for f in content.nutrient("sodium").foods if f.name == "cured meats")
    assert cured.note and "intake" in cured.note
    for n in content.nutrients:
        assert (n.upper_limit.note or "").strip().lower() != "none set", n.id
    vitamin_d = next(e for e in content.faq if e.id == "vitamin-d-and-twitching")
    assert "what makes muscles" not in vitamin_d.answer


def test_references_point_at_pages_not_indexes(content: Content) -> None:
    for ref in content.references:
        assert ref.url.rstrip("/") not in ("https://medlineplus.gov/lab-tests",
                                           "https://www.dietaryguidelines.gov"), ref.id


def test_red_flag_tiers(content: Content) -> None:
    advice = content.overview.see_a_doctor
    assert [t.level for t in advice.tiers] == ["now", "soon", "reassurance"]
    now, soon = advice.tier("now"), advice.tier("soon")
    assert now is not None and soon is not None
    assert any("breathing" in s for s in now.signs) and any("seizure" in s for s in now.signs)
    assert any("two weeks" in s for s in soon.signs)
    assert "prescribed medicine" in soon.action
    assert advice.tier("nope") is None


def test_pages_are_complete(content: Content) -> None:
    bfs = content.page("benign-fasciculation-syndrome")
    causes = content.page("other-causes")
    for page in (bfs, causes):
        assert page.summary and page.sections, page.id
        for section in page.sections:
            assert section.items and all(item.refs for item in section.items), section.heading
    bfs_text = " ".join(i.text for s in bfs.sections for i in s.items)
    assert "98.3%" in bfs_text and "conference abstract" in bfs_text
    heading_words = " ".join(s.heading for s in causes.sections).lower()
    assert "medicines" in heading_words and "doctor" in heading_words
    faq_pages = {p for entry in content.faq for p in entry.see_also}
    assert faq_pages == {"benign-fasciculation-syndrome", "other-causes"}


def test_every_reference_is_cited(content: Content) -> None:
    cited: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, tuple):
            if hasattr(value, "_fields") and "refs" in value._fields:
                cited.update(value.refs)  # type: ignore[attr-defined]
            for item in value:
                walk(item)

    walk((content.overview, content.nutrients, content.habits, content.faq, content.pages))
    assert {r.id for r in content.references} == cited
