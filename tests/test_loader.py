"""Loader: every validation rule, with a bad file for each, checking message and line.

Broken files as such (syntax, tabs, encoding, tags, aliases, unreadable or odd files) are
in the corpus of tests/bad_data/, checked by tests/test_bad_data.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fasci_tui.content import ContentError, load_content
from fasci_tui.content.model import Content


def _problems(data_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(data_dir)
    return [str(p) for p in info.value.problems]


def _replace(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace text in a data file; return the 1-based line of the first replacement."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def _one(problems: list[str], *needles: str) -> str:
    found = [p for p in problems if all(n in p for n in needles)]
    assert found, f"no problem with {needles} in:\n" + "\n".join(problems)
    return found[0]


def test_shipped_data_loads(content: Content) -> None:
    assert [n.id for n in content.nutrients][:2] == ["magnesium", "calcium"]
    assert len(content.habits) == 5
    assert len(content.faq) >= 30


def test_missing_required_key(data_copy: Path) -> None:
    nutrients = data_copy / "nutrients.yaml"
    line = _replace(nutrients, "    summary: >-\n", "    summry: >-\n")
    problems = _problems(data_copy)
    _one(problems, f"nutrients.yaml:{line}:5: nutrients[0].summry: unknown key 'summry'")
    _one(problems, "nutrients.yaml:2:5: nutrients[0].summary: missing required key 'summary'")


def test_wrong_type(data_copy: Path) -> None:
    line = _replace(data_copy / "nutrients.yaml", "amount: 156", "amount: lots")
    problem = _one(_problems(data_copy), "nutrients[0].foods[0].amount")
    assert f"nutrients.yaml:{line}:" in problem
    assert "expected a number, got text ('lots')" in problem


def test_text_expected_gets_number(data_copy: Path) -> None:
    line = _replace(data_copy / "nutrients.yaml", "name: Magnesium", "name: 12")
    problem = _one(_problems(data_copy), "nutrients[0].name")
    assert f":{line}:11:" in problem and "put it in quotes" in problem


def test_list_expected(data_copy: Path) -> None:
    line = _replace(data_copy / "nutrients.yaml", "aliases: [Mg]", "aliases: Mg")
    problem = _one(_problems(data_copy), "nutrients[0].aliases")
    assert f":{line}:" in problem and "expected a list" in problem


def test_enum_value(data_copy: Path) -> None:
    line = _replace(data_copy / "nutrients.yaml", "type: direct", "type: strong")
    problem = _one(_problems(data_copy), "nutrients[0].link.type")
    assert f":{line}:" in problem and "use one of direct, indirect" in problem


def test_dangling_nutrient_reference(data_copy: Path) -> None:
    line = _replace(data_copy / "nutrients.yaml", "related: [calcium,", "related: [vitamin-k,")
    problem = _one(_problems(data_copy), "unknown nutrient id 'vitamin-k'")
    assert f"nutrients.yaml:{line}:" in problem
    assert "nutrients[0].related[0]" in problem


def test_dangling_reference_id_suggests(data_copy: Path) -> None:
    _replace(data_copy / "nutrients.yaml", "refs: [ods-magnesium]", "refs: [ods-magnesum]")
    problem = _one(_problems(data_copy), "unknown reference id 'ods-magnesum'")
    assert "did you mean 'ods-magnesium'?" in problem


def test_dangling_faq_tag(data_copy: Path) -> None:
    text = (data_copy / "faq.yaml").read_text()
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "tags:" in t)
    tags_line = text.splitlines()[line - 1]
    _replace(data_copy / "faq.yaml", tags_line, "    tags: [zinc]")
    _one(_problems(data_copy), f"faq.yaml:{line}:", "faq[0].tags[0]", "unknown nutrient id 'zinc'")


def test_duplicate_id(data_copy: Path) -> None:
    line = _replace(data_copy / "nutrients.yaml", "  - id: calcium", "  - id: magnesium")
    problem = _one(_problems(data_copy), "duplicate id 'magnesium'")
    assert f"nutrients.yaml:{line}:" in problem and "nutrients[1].id" in problem
    assert "first used at nutrients[0]" in problem


def test_bad_slug(data_copy: Path) -> None:
    _replace(data_copy / "lifestyle.yaml", "id: stress", "id: Stress Less")
    _one(_problems(data_copy), "habits[0].id", "lowercase slug")


def test_missing_file(data_copy: Path) -> None:
    (data_copy / "faq.yaml").unlink()
    _one(_problems(data_copy), "faq.yaml: file not found")


def test_every_problem_reported_at_once(data_copy: Path) -> None:
    _replace(data_copy / "nutrients.yaml", "type: direct", "type: strong")
    _replace(data_copy / "lifestyle.yaml", "id: stress", "id: Stress")
    _replace(data_copy / "nutrients.yaml", "amount: 156", "amount: lots")
    assert len(_problems(data_copy)) >= 3


def test_food_amount_needs_unit(data_copy: Path) -> None:
    _replace(data_copy / "nutrients.yaml", "        amount: 156\n        unit: mg\n",
             "        amount: 156\n")
    _one(_problems(data_copy), "nutrients[0].foods[0].amount", "needs a 'unit'")


def test_age_band_order(data_copy: Path) -> None:
    _replace(data_copy / "nutrients.yaml", "age_max: 30", "age_max: 10")
    _one(_problems(data_copy), "intake.values[0].age_max", "must not be below 'age_min'")


def test_data_dir_missing(tmp_path: Path) -> None:
    _one(_problems(tmp_path / "nope"), "data directory does not exist")


@pytest.mark.parametrize("written,message", [
    ("0x13", "write '0x13' as a plain decimal number"),
    ("0b10011", "write '0b10011' as a plain decimal number"),
    ("1:30", "write '1:30' as a plain decimal number"),
    ("017", "write '017' as a plain decimal number"),
    ("1" + "0" * 5000, "number has 5,001 digits; that is too large"),
])
def test_whole_numbers_in_plain_decimal(data_copy: Path, written: str, message: str) -> None:
    line = _replace(data_copy / "nutrients.yaml", "age_min: 19", f"age_min: {written}")
    _one(_problems(data_copy), f"nutrients.yaml:{line}:", "intake.values[0].age_min", message)


def test_underscored_numbers_still_load(data_copy: Path) -> None:
    _replace(data_copy / "nutrients.yaml", "age_min: 19", "age_min: 1_9")
    assert load_content(data_copy).nutrients[0].intake.values[0].age_min == 19


# ------------------------------------------------------------ second-round schema

def test_number_needs_a_reference(data_copy: Path) -> None:
    _replace(data_copy / "overview.yaml", "    refs: [ods-magnesium, cochrane-mg]\n"
             "    evidence: limited\n", "    refs: []\n")
    text = (data_copy / "overview.yaml").read_text(encoding="utf-8")
    line = text[: text.index("  - title: Magnesium")].count("\n") + 2  # its text: line
    assert _problems(data_copy) == [
        f"{data_copy}/overview.yaml:{line}:11: key_points[0].text: states a number ('2020') "
        "but names no source; add its reference id to 'refs'"]


def test_numbers_in_names_and_questions_are_not_claims(data_copy: Path) -> None:
    _replace(data_copy / "faq.yaml", 'question: "Can stress alone cause twitching?"',
             'question: "Can stress alone cause twitching at 25?"')
    assert load_content(data_copy).faq


def test_unused_reference(data_copy: Path) -> None:
    refs = data_copy / "references.yaml"
    refs.write_text(refs.read_text(encoding="utf-8") + "  - id: spare\n    title: Spare\n"
                    "    publisher: Nobody\n    url: https://example.org/\n", encoding="utf-8")
    line = len(refs.read_text(encoding="utf-8").splitlines()) - 3
    assert _problems(data_copy) == [
        f"{data_copy}/references.yaml:{line}:9: references[{len(load_ids(data_copy)) - 1}].id: "
        "reference 'spare' is not cited anywhere; cite it or remove it"]


def load_ids(data_dir: Path) -> list[str]:
    import yaml

    return [r["id"] for r in yaml.safe_load((data_dir / "references.yaml").read_text())[
        "references"]]


def test_evidence_mark_needs_references(data_copy: Path) -> None:
    text = (data_copy / "lifestyle.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: hydration")
    block = text[start:text.index("  - id: sleep")]
    refs_line = next(ln for ln in block.splitlines() if ln.startswith("    refs:"))
    _replace(data_copy / "lifestyle.yaml", block, block.replace(refs_line, "    refs: []"))
    _one(_problems(data_copy), "habits[2].evidence",
         "an evidence mark needs 'refs' naming the sources it rests on")


def test_evidence_mark_values(data_copy: Path) -> None:
    line = _replace(data_copy / "nutrients.yaml", "evidence: limited", "evidence: proven")
    _one(_problems(data_copy), f"nutrients.yaml:{line}:", "'proven' is not allowed; use one of "
         "strong, limited, opinion")


def test_too_much_claim_needs_references(data_copy: Path) -> None:
    text = (data_copy / "nutrients.yaml").read_text(encoding="utf-8")
    start = text.index("    too_much:")
    refs_at = text.index("        refs: [", start)
    end = text.index("\n", refs_at)
    (data_copy / "nutrients.yaml").write_text(text[:refs_at] + "        refs: []" + text[end:],
                                              encoding="utf-8")
    problems = _problems(data_copy)
    _one(problems, "nutrients[0].too_much[0]", "a 'too much' claim needs 'refs'")


def test_unknown_key_in_a_new_record_suggests(data_copy: Path) -> None:
    line = _replace(data_copy / "nutrients.yaml", "    at_risk:", "    at_risc:")
    _one(_problems(data_copy), f"nutrients.yaml:{line}:5:", "unknown key 'at_risc'",
         "did you mean 'at_risk'?")


def test_red_flag_tiers_in_order(data_copy: Path) -> None:
    line = _replace(data_copy / "overview.yaml", "    - level: now", "    - level: soon")
    problems = _problems(data_copy)
    _one(problems, "see_a_doctor.tiers", "once each, in the order now, soon, reassurance",
         "found: soon, soon, reassurance")
    assert line > 0


def test_see_also_names_a_page(data_copy: Path) -> None:
    line = _replace(data_copy / "faq.yaml", "see_also: [benign-fasciculation-syndrome]",
                    "see_also: [benign-fasciculation-syndrom]")
    _one(_problems(data_copy), f"faq.yaml:{line}:",
         "unknown page id 'benign-fasciculation-syndrom'",
         "did you mean 'benign-fasciculation-syndrome'?")


def test_blood_range_needs_numbers_or_a_reading(data_copy: Path) -> None:
    text = (data_copy / "nutrients.yaml").read_text(encoding="utf-8")
    start = text.index("      reading: >-")
    end = text.index("      note:", start)
    (data_copy / "nutrients.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    _one(_problems(data_copy), "blood_range.low", "or explain the result in 'reading'")


def test_pages_file_is_required(data_copy: Path) -> None:
    (data_copy / "pages.yaml").unlink()
    _one(_problems(data_copy), "pages.yaml: file not found")


def test_values_built_from_escapes_are_cleaned(tmp_path: Path) -> None:
    """Defence in depth: even a value reported as bad is built without the character."""
    from fasci_tui.content.loader import parse_file
    from fasci_tui.content.model import FaqFile

    path = tmp_path / "faq.yaml"
    path.write_text('faq:\n  - id: a\n    question: "Hi \\e]52;c;aGk=\\a there \\u202E?"\n'
                    '    answer: "Tab\\there."\n', encoding="utf-8")
    record, problems, _ = parse_file(path, FaqFile)
    assert [p.path for p in problems] == ["faq[0].question"]
    assert record.faq[0].question == "Hi ]52;c;aGk= there ?"
    assert record.faq[0].answer == "Tab\there."
