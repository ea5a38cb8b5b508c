"""The region setting orders upper limits where regions differ (vitamin B6: US/Canada, EU)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fasci_tui.cli import main
from fasci_tui.content.compare import row_for
from fasci_tui.content.export import compare_csv, page_of, render_as
from fasci_tui.content.model import Content
from fasci_tui.content.regions import YOURS, limit_cell, regional_limits, setting_of
from fasci_tui.store import Profile


def _limit_section(text: str) -> str:
    flat = text.split("Upper limit (UL)", 1)[1]
    return flat.split("Who may run low", 1)[0]


def test_region_names_in_the_data_belong_to_a_setting() -> None:
    assert setting_of("US and Canada") == "us-canada"
    assert setting_of("European Union (adults)") == "eu"
    assert setting_of("EU") == "eu"
    assert setting_of("Australia and New Zealand") is None


@pytest.mark.parametrize(("region", "first", "marked"),
                         [(None, "us-canada", False), ("us-canada", "us-canada", True),
                          ("eu", "eu", True)])
def test_the_setting_s_region_comes_first(content: Content, region: str | None, first: str,
                                          marked: bool) -> None:
    limits = regional_limits(content.nutrient("vitamin-b6").upper_limit, region)
    assert [r.setting for r in limits][0] == first
    assert limits[0].yours is marked and not any(r.yours for r in limits[1:])
    assert sorted(r.amount for r in limits) == [12, 100]


def test_a_limit_the_same_everywhere_is_not_regional(content: Content) -> None:
    limit = content.nutrient("magnesium").upper_limit
    assert regional_limits(limit, "eu") == []
    assert limit_cell(limit, "eu") == limit_cell(limit, None)


def test_nutrient_page_marks_the_setting(content: Content) -> None:
    without = render_as(page_of(content, "vitamin-b6"), "txt", 200)  # type: ignore[arg-type]
    assert YOURS not in without
    section = _limit_section(without)
    assert section.index("US and Canada") < section.index("European Union")
    eu = _limit_section(render_as(page_of(content, "vitamin-b6", region="eu"),  # type: ignore
                                  "txt", 200))
    assert eu.index("European Union") < eu.index("US and Canada")
    assert f"European Union (adults) {YOURS}: 12 mg a day" in eu
    assert eu.count(YOURS) == 1
    us = _limit_section(render_as(page_of(content, "vitamin-b6", region="us-canada"),  # type: ignore
                                  "txt", 200))
    assert f"US and Canada {YOURS}: 100 mg a day" in us


def test_your_ul_follows_the_region(content: Content) -> None:
    page = page_of(content, "vitamin-b6", profile=Profile("male", 40), region="eu")
    text = _limit_section(render_as(page, "txt", 200))  # type: ignore[arg-type]
    assert "your UL: 12 mg, adults (EU;" in text


def test_compare_column_and_csv(content: Content) -> None:
    def b6_limit(region: str | None) -> str:
        table = page_of(content, "compare", region=region).blocks[0]  # type: ignore[union-attr]
        row = next(r for r in table.rows if r[0] == "Vitamin B6")  # type: ignore[union-attr]
        return row[3]

    assert b6_limit(None) == "100 mg"
    assert b6_limit("eu") == "12 mg (EU)"
    assert b6_limit("us-canada") == "100 mg (US/Canada)"
    assert "12 mg (EU)" in compare_csv(content, region="eu")
    # the table sorts by the limit it shows
    b6 = content.nutrient("vitamin-b6")
    assert row_for(b6, region="eu").numbers["limit"] == 12
    assert row_for(b6).numbers["limit"] == 100


def test_show_follows_the_settings_file(capsys: pytest.CaptureFixture[str],
                                        isolated_state: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["show", "b6"]) == 0
    assert YOURS not in capsys.readouterr().out
    settings = tmp_path / "settings.toml"
    settings.write_text('region = "eu"\n', encoding="utf-8")
    monkeypatch.setenv("FASCI_TUI_CONFIG", str(settings))
    assert main(["show", "b6"]) == 0
    out = _limit_section(capsys.readouterr().out)
    assert out.index(f"European Union (adults) {YOURS}") < out.index("US and Canada")
    assert main(["show", "compare"]) == 0
    assert "12 mg (EU)" in capsys.readouterr().out
    assert main(["show", "compare", "--format", "csv"]) == 0
    assert "12 mg (EU)" in capsys.readouterr().out


async def test_the_app_passes_the_setting_to_its_panes(content: Content,
                                                       isolated_state: Path) -> None:
    from fasci_tui.app import FasciApp
    from fasci_tui.config import Settings
    from fasci_tui.panes.compare import ComparePane
    from fasci_tui.panes.nutrient import NutrientPane
    from fasci_tui.places import Section, nutrient_place
    from fasci_tui.state import StateStore
    from fasci_tui.target import Target

    store = StateStore(isolated_state)
    store.acknowledge_disclaimer()
    app = FasciApp(content, target=Target(), store=StateStore(isolated_state),
                   settings=Settings(region="eu"))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.go(nutrient_place("vitamin-b6"))
        await pilot.pause()
        pane = app.pane_widget(Section.NUTRIENT)
        assert isinstance(pane, NutrientPane) and pane.limit_region == "eu"
        blocks, _ = pane._page(content.nutrient("vitamin-b6"))
        text = " ".join(str(b) for b in blocks)
        assert f"European Union (adults) {YOURS}" in text
        await pilot.press("c")
        await pilot.pause()
        compare = app.pane_widget(Section.COMPARE)
        assert isinstance(compare, ComparePane)
        from fasci_tui.panes.compare import CompareTable
        table = compare.query_one(CompareTable)
        assert "12 mg (EU)" in str(table.get_cell("vitamin-b6", "limit"))
