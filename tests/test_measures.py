"""The ``units`` setting: food servings in US or metric measures (content/measures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fasci_tui.cli import main
from fasci_tui.config import Settings
from fasci_tui.content.export import page_of, render_as
from fasci_tui.content.measures import metric_serving, serving_in, units_setting
from fasci_tui.content.model import Content
from fasci_tui.content.units import fmt_food_amount


@pytest.mark.parametrize(("serving", "metric"), [
    ("1 oz", "28 g"),
    ("3 oz", "85 g"),
    ("8 oz plain nonfat", "227 g plain nonfat"),
    ("3 oz canned", "85 g canned"),
    ("1 oz roasted", "28 g roasted"),
    ("1/2 cup boiled", "120 mL boiled"),
    ("1/2 cup, made with calcium sulfate", "120 mL, made with calcium sulfate"),
    ("½ cup", "120 mL"),
    ("1 cup canned", "240 mL canned"),
    ("1 1/2 cups", "360 mL"),
    ("1½ cups", "360 mL"),
    ("1 tbsp", "15 mL"),
    ("0.1 oz", "2.8 g"),
    ("1 medium", "1 medium"),
    ("1 medium baked", "1 medium baked"),
    ("2 slices", "2 slices"),
    ("oz", "oz"),
    ("", ""),
])
def test_metric_serving(serving: str, metric: str) -> None:
    assert metric_serving(serving) == metric


def test_us_keeps_the_serving_and_is_the_default() -> None:
    assert serving_in("1/2 cup boiled", "us") == "1/2 cup boiled"
    assert serving_in("1/2 cup boiled", "metric") == "120 mL boiled"
    assert units_setting(Settings()) == "us"
    assert units_setting(Settings(units="metric")) == "metric"


def test_food_amount_in_either_units(content: Content) -> None:
    spinach = next(f for f in content.nutrient("magnesium").foods if f.name == "spinach")
    assert fmt_food_amount(spinach) == "78 mg per ½ cup, boiled"
    assert fmt_food_amount(spinach, "metric") == "78 mg per 120 mL, boiled"


def test_foods_page_in_metric(content: Content) -> None:
    us = render_as(page_of(content, "foods") or pytest.fail("no foods page"), "text")
    metric = render_as(page_of(content, "foods", units="metric") or pytest.fail("no page"),
                       "text")
    assert "per 1 oz" in us and "per 28 g" not in us
    assert "per 28 g" in metric and "per 1 oz" not in metric
    assert "per 1 medium" in metric


def test_show_follows_the_settings_file(capsys: pytest.CaptureFixture[str],
                                        isolated_state: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["show", "magnesium"]) == 0
    out = capsys.readouterr().out
    assert "80 mg per 1 oz" in out and "28 g" not in out
    settings = tmp_path / "settings.toml"
    settings.write_text('units = "metric"\n', encoding="utf-8")
    monkeypatch.setenv("FASCI_TUI_CONFIG", str(settings))
    assert main(["show", "magnesium"]) == 0
    out = capsys.readouterr().out
    assert "80 mg per 28 g" in out and "78 mg per 120 mL, boiled" in out
    assert "per 1 oz" not in out


async def test_the_app_shows_metric_servings(content: Content, isolated_state: Path) -> None:
    from fasci_tui.app import FasciApp
    from fasci_tui.panes.foods import FoodsPane
    from fasci_tui.panes.nutrient import NutrientPane
    from fasci_tui.places import Place, Section, nutrient_place
    from fasci_tui.state import StateStore
    from fasci_tui.target import Target
    from fasci_tui.widgets.document import Document

    store = StateStore(isolated_state)
    store.acknowledge_disclaimer()
    app = FasciApp(content, target=Target(), store=StateStore(isolated_state),
                   settings=Settings(units="metric"))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.go(nutrient_place("magnesium"))
        await pilot.pause()
        pane = app.pane_widget(Section.NUTRIENT)
        assert isinstance(pane, NutrientPane) and pane.units == "metric"
        text = pane.query_one(Document).plain
        assert "111 mg per 28 g" in text and "per 1 oz" not in text
        await app.go(Place(Section.FOODS))
        await pilot.pause()
        foods = app.pane_widget(Section.FOODS)
        assert isinstance(foods, FoodsPane)
        assert "per 28 g" in foods.detail_text(0)
