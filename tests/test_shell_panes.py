"""The overview, foods and references panes, and the sidebar."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import DataTable, ListView, Static

from fasci_tui.content.model import Content
from fasci_tui.messages import Navigate
from fasci_tui.panes.foods import FoodsPane
from fasci_tui.panes.overview import OverviewPane, cite, number_refs
from fasci_tui.panes.references import ReferenceItem, ReferencesPane
from fasci_tui.places import Place, Section, nutrient_place, short_name, title
from fasci_tui.widgets.document import Document
from fasci_tui.widgets.sidebar import CURRENT_MARK, Sidebar
from tests.support.shell_helpers import make_app

SIZE = (80, 24)


class Host(App[None]):
    """Mounts one pane alone and records the Navigate messages it posts."""

    def __init__(self, pane_factory) -> None:  # noqa: ANN001
        super().__init__()
        self.pane_factory = pane_factory
        self.navigated: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield self.pane_factory()

    def on_navigate(self, message: Navigate) -> None:
        self.navigated.append((message.pane_id, message.item))


def texts(widget) -> str:  # noqa: ANN001
    statics = [str(s.content) for s in widget.query(Static)]
    return "\n".join(statics + [d.plain for d in widget.query(Document)])


def test_citation_numbers() -> None:
    numbers = number_refs(["a", "b", "a", "c"])
    assert numbers == {"a": 1, "b": 2, "c": 3}
    assert cite(["c", "a"], numbers) == " [3][1]"
    assert cite([], numbers) == ""


async def test_overview_shows_everything(content: Content) -> None:
    app = Host(lambda: OverviewPane(content))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(OverviewPane)
        text = texts(pane)
        overview = content.overview
        assert overview.headline.text in text
        assert f"{overview.headline.text} [1]" in text  # numbered citation
        for point in overview.key_points:
            assert point.title in text and point.text in text
        for flag in overview.see_a_doctor.red_flags:
            assert f"! {flag}" in text.splitlines()  # marked, not by colour alone
        assert overview.disclaimer in text
        assert "When to see a doctor" in text and "References" in text
        cited = {r for r in overview.headline.refs} | {
            r for p in overview.key_points for r in p.refs} | set(overview.see_a_doctor.refs)
        for ref_id in cited:
            ref = content.reference(ref_id)
            assert ref.title in text and ref.url in text
        pane.enter()
        assert app.focused is pane
        pane.reveal("disclaimer")
        await pilot.pause()
        assert pane.scroll_y > 0
        pane.reveal("no-such-section")


async def test_foods_rows_and_links(content: Content) -> None:
    app = Host(lambda: FoodsPane(content))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(FoodsPane)
        table = pane.query_one(DataTable)
        pairs = [(f.name, n) for f in content.foods() for n in f.nutrient_ids]
        assert table.row_count == len(pairs)
        pane.enter()
        assert app.focused is table
        first_food, first_nutrient = pairs[0]
        assert pane.current == (first_food, first_nutrient)
        await pilot.press("enter")
        await pilot.pause()
        assert app.navigated == [(f"nutrient-{first_nutrient}", None)]
        # a food with several nutrients: each is its own row
        multi = next(f for f in content.foods() if len(f.nutrient_ids) > 1)
        pane.reveal(multi.name.upper())
        assert pane.current == (multi.name, multi.nutrient_ids[0])
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.navigated[-1] == (f"nutrient-{multi.nutrient_ids[1]}", None)
        detail = str(pane.query_one("#foods-detail", Static).content)
        assert detail == pane.detail_text(pane.query_one(DataTable).cursor_row) != ""


def test_foods_detail_gives_amounts(content: Content) -> None:
    pane = FoodsPane(content)
    pane._rows = [(f.name, n) for f in content.foods() for n in f.nutrient_ids]
    row = pane._rows.index(("pumpkin seeds", "magnesium"))
    assert pane.detail_text(row) == "Per serving: 156 mg per 1 oz, roasted"
    assert pane.detail_text(-1) == ""


async def test_references_list_everything(content: Content) -> None:
    app = Host(lambda: ReferencesPane(content))
    async with app.run_test(size=SIZE) as pilot:
        pane = app.query_one(ReferencesPane)
        items = list(pane.query(ReferenceItem))
        assert [item.ref.id for item in items] == [r.id for r in content.references]
        text = texts(pane)
        for ref in content.references:
            assert ref.title in text and ref.publisher in text and ref.url in text
            if ref.note:
                assert ref.note in text
        pane.enter()
        assert isinstance(app.focused, ListView)
        last = content.references[-1].id
        pane.reveal(last)
        await pilot.pause()
        assert pane.highlighted_id == last
        pane.reveal("nonsense")
        assert pane.highlighted_id == last
        await pilot.press("enter")
        await pilot.pause()
        assert any(content.references[-1].url in n.message for n in app._notifications)


def test_sidebar_names(content: Content) -> None:
    b1 = content.nutrient("vitamin-b1")
    assert short_name(b1) == "Vitamin B1"
    assert title(content, nutrient_place("vitamin-b1")) == b1.name
    assert title(content, Place(Section.FAQ)) == "FAQ"


async def test_sidebar_marks_current_pane(content: Content, tmp_path: Path) -> None:
    app = make_app(content, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.query_one(Sidebar)
        prompt = str(sidebar.get_option("overview").prompt)
        assert prompt.startswith(CURRENT_MARK)
        await pilot.press("down")
        await pilot.pause()
        assert CURRENT_MARK not in str(sidebar.get_option("overview").prompt)
        assert CURRENT_MARK in str(sidebar.get_option("nutrient-magnesium").prompt)


