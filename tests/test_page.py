"""One page model, two renderings: ``show`` and the panes say the same words.

Every place is rendered as plain text (``fasci_tui.content.text``) and as the pane
draws it (mounted at 80×24 and read back, or through the screen renderer for the FAQ,
whose pane is built elsewhere); the words must be the same, in the same order, once
decoration (underlines, bullets, bars, arrows, sort marks) is set aside. Key hints
(Hint blocks) are the screen's alone and are taken out of the screen's words.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Button, DataTable, Static

from fasci_tui.content.model import Content
from fasci_tui.content.nutrient_page import nutrient_page
from fasci_tui.content.page import Hint, Page, Title
from fasci_tui.content.pages import (
    checklist_page,
    compare_page,
    doctor_page,
    faq_page,
    foods_page,
    overview_page,
    reading_page,
    references_page,
)
from fasci_tui.content.text import render
from fasci_tui.panes.checklist import ChecklistPane, HabitList
from fasci_tui.panes.compare import ComparePane, CompareTable
from fasci_tui.panes.foods import FoodsPane
from fasci_tui.panes.nutrient import NutrientPane
from fasci_tui.panes.overview import OverviewPane
from fasci_tui.panes.reading import ReadingPane
from fasci_tui.panes.references import ReferencesPane
from fasci_tui.places import Place, Section
from fasci_tui.state import StateStore
from fasci_tui.widgets.blocks import to_document
from fasci_tui.widgets.document import Document

DECORATION = set("=-─•!▸→█▉▊▋▌▍▎▏░#.▲▼")
"""Characters that only decorate: a word made of nothing else is not a word."""


def words(text: str) -> list[str]:
    """The words of ``text``, decoration dropped and whitespace folded."""
    text = text.replace(" ▲", "").replace(" ▼", "")  # a sort mark, after a header
    return [w for w in text.split() if not set(w) <= DECORATION]


def hints(page: Page) -> list[str]:
    """The texts of the page's key hints (the screen shows them, plain text does not)."""
    return [block.text for block in page.blocks if isinstance(block, Hint)]


def without(text: str, parts: Iterable[str]) -> str:
    """``text`` with each of ``parts`` taken out once."""
    for part in parts:
        assert part in text, part
        text = text.replace(part, " ", 1)
    return text


def plain_body(page: Page) -> str:
    """The plain text of ``page`` without the title line a pane does not show."""
    text = render(page, 80)
    if page.blocks and isinstance(page.blocks[0], Title):
        return text
    return text.split("\n", 2)[2]  # title and its underline


class Host(App[None]):
    """One pane at 80×24, 56 columns wide like the app's content area."""

    CSS = "Screen > * { width: 56; }"

    def __init__(self, pane: Widget) -> None:
        super().__init__()
        self.pane = pane

    def compose(self) -> ComposeResult:
        yield self.pane


def drawn(widget: Widget) -> str:
    """The text of a Document, a Static or a Button as drawn."""
    if isinstance(widget, Document):
        return widget.plain
    if isinstance(widget, Button):
        return str(widget.label)
    assert isinstance(widget, Static)
    return str(widget.content)


async def test_nutrient_pages(content: Content) -> None:
    pane = NutrientPane(content, "magnesium", ascii_bars=False)
    async with Host(pane).run_test(size=(80, 24)) as pilot:
        for nutrient in content.nutrients:
            pane.nutrient_id = nutrient.id
            await pilot.pause()
            page = nutrient_page(content, nutrient)
            shown = "\n".join(drawn(w) for w in pane.query("Document, Button") if w.display)
            assert words(without(shown, hints(page))) == words(render(page)), nutrient.id


async def test_overview(content: Content) -> None:
    pane = OverviewPane(content)
    async with Host(pane).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        page = overview_page(content)
        shown = pane.query_one(Document).plain
        assert words(without(shown, hints(page))) == words(render(page))


async def test_reading_pages(content: Content) -> None:
    """Every page of pages.yaml, shown by one reading pane in turn."""
    assert content.pages
    first = Place(Section.TWITCHING, content.pages[0].id)
    pane = ReadingPane.create(content, StateStore(), first)
    async with Host(pane).run_test(size=(80, 24)) as pilot:
        for page_record in content.pages:
            pane.show(Place(Section.TWITCHING, page_record.id))
            await pilot.pause()
            page = reading_page(content, page_record)
            shown = pane.query_one(Document).plain
            assert words(without(shown, hints(page))) == words(render(page)), page_record.id
            assert "Evidence marks:" in shown


async def test_doctor_screen(content: Content) -> None:
    """The ! / F2 screen and ``show doctor`` say the same words (the screen's border
    carries the title)."""
    from fasci_tui.screens.disclaimer import DisclaimerScreen

    class DoctorHost(App[None]):
        def on_mount(self) -> None:
            self.push_screen(DisclaimerScreen(content))

    app = DoctorHost()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        page = doctor_page(content)
        shown = app.screen.query_one("#disclaimer-text", Document).plain
        assert words(without(shown, hints(page))) == words(plain_body(page).split("\n", 2)[2])


async def test_checklist(content: Content, tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    store.set_checked("sleep", True)
    pane = ChecklistPane(content, store)
    async with Host(pane).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        options = pane.query_one(HabitList)
        shown = [drawn(pane.query_one("#checklist-count", Static))]
        for index in range(len(content.habits)):
            options.highlighted = index
            await pilot.pause()
            shown.append(pane.query_one("#checklist-why", Document).plain)
        page = checklist_page(content, {"sleep"})
        assert words("\n".join(shown)) == words(plain_body(page))
        assert "[x] Sleep enough" in render(page)


async def test_references(content: Content) -> None:
    pane = ReferencesPane(content)
    async with Host(pane).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        page = references_page(content)
        shown = "\n".join(drawn(w) for w in pane.query("Document, .intro"))
        assert words(without(shown, hints(page))) == words(plain_body(page))


def table_words(table: DataTable[object]) -> list[str]:
    """The header labels of a DataTable."""
    return words(" ".join(column.label.plain for column in table.ordered_columns))


def split_details(text: str) -> tuple[list[str], list[str]]:
    """(headers, values) of a preview's ``Header: value`` lines."""
    pairs = [line.split(": ", 1) for line in text.splitlines() if line]
    return [h for h, _ in pairs], [v for _, v in pairs]


async def test_foods(content: Content) -> None:
    pane = FoodsPane(content)
    async with Host(pane).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = pane.query_one(DataTable)
        page = foods_page(content)
        intro = without(drawn(pane.query_one(".intro", Static)), hints(page))
        detail_headers: list[str] = []
        rows: list[str] = []
        for index in range(table.row_count):
            table.move_cursor(row=index)
            await pilot.pause()
            detail_headers, values = split_details(drawn(pane.query_one("#foods-detail",
                                                                        Static)))
            rows += [*(str(cell) for cell in table.get_row_at(index)), *values]
        shown = [*words(intro), *table_words(table), *words(" ".join(detail_headers)),
                 *words(" ".join(rows))]
        assert shown == words(plain_body(page))


async def test_compare(content: Content) -> None:
    pane = ComparePane(content)
    async with Host(pane).run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = pane.query_one(CompareTable)
        for sort in (None, "nutrient", "function"):
            if sort is not None:
                pane.sort_by(sort, descending=sort == "function")
                await pilot.pause()
            rows = [str(cell) for index in range(table.row_count)
                    for cell in table.get_row_at(index)]
            details = []
            for index in range(table.row_count):
                table.move_cursor(row=index)
                await pilot.pause()
                preview = pane.query_one("#compare-preview")
                text = drawn(pane.query_one("#compare-preview-text", Static))
                details.append(f"{preview.border_title}\n{text}")
            shown = [*table_words(table), *words(" ".join(rows)), *words("\n".join(details))]
            page = compare_page(content, sort, sort == "function")
            assert shown == words(plain_body(page)), sort


def test_faq(content: Content) -> None:
    """The FAQ pane is its own; the screen renderer and plain text agree on its page."""
    page = faq_page(content)
    shown = Document(to_document(page.blocks)).plain
    assert words(without(shown, hints(page))) == words(plain_body(page))
    for entry in content.faq:
        assert " ".join(entry.question.split()) in " ".join(render(page).split())
