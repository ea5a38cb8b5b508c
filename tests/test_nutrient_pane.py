"""NutrientPane, mounted alone in a tiny app at 80×24."""

from __future__ import annotations

import re

import pytest
from textual import on
from textual.app import App, ComposeResult
from textual.widgets import Button, Static

from fasci_tui.content import Content
from fasci_tui.content.nutrient_page import LAB_CAVEAT, UPPER_LIMIT, nutrient_ref_ids
from fasci_tui.messages import Navigate
from fasci_tui.panes.nutrient import NutrientPane, RelatedLink, food_bar, percent_text
from fasci_tui.widgets.document import Document


class PaneApp(App[None]):
    """Just the nutrient pane, recording the Navigate messages it posts."""

    CSS = "NutrientPane { width: 56; }"

    def __init__(self, content: Content, nutrient_id: str | None = "magnesium") -> None:
        super().__init__()
        self.content_ = content
        self.start_id = nutrient_id
        self.navigated: list[str] = []

    def compose(self) -> ComposeResult:
        yield NutrientPane(self.content_, id="pane")

    def on_mount(self) -> None:
        pane = self.query_one(NutrientPane)
        pane.nutrient_id = self.start_id
        pane.enter()

    @on(Navigate)
    def record(self, message: Navigate) -> None:
        self.navigated.append(message.pane_id)


def page_text(pane: NutrientPane) -> str:
    """All the text on the page (documents, Statics, shown link labels), top to bottom."""
    parts = []
    for widget in pane.query("Document, Static, Button"):
        if not widget.display:
            continue
        if isinstance(widget, Document):
            parts.append(widget.plain)
        elif isinstance(widget, Button):
            parts.append(str(widget.label))
        elif isinstance(widget, Static):
            parts.append(str(widget.content))
    return "\n".join(parts)


def references(pane: NutrientPane) -> list[tuple[str, str]]:
    """(number mark, text) of each reference listed under the References heading."""
    text = page_text(pane).split("\nReferences\n", 1)[1].split("\nRelated nutrients\n")[0]
    return re.findall(r"^(\[\d+\]) +(.*?)(?=^\[\d+\]|\Z)", text, re.M | re.S)


def screen_lines(pane: NutrientPane) -> list[str]:
    """The page's document as drawn at its current width."""
    document = pane.query_one(Document)
    return [line.plain for line in document._layout(document.content_size.width)[0]]


async def test_every_field_is_shown(content: Content) -> None:
    app = PaneApp(content, "magnesium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        text = page_text(pane)
        magnesium = content.nutrient("magnesium")
        assert "Magnesium" in text and "Also called: Mg" in text
        assert "mineral" in text
        assert "hundreds of enzyme reactions" in text  # summary, unwrapped
        for function in magnesium.functions:
            assert function in text
        assert "Link to twitching: DIRECT link" in text
        assert "calcium blocker" in text
        assert "Deficiency: hypomagnesemia" in text
        assert "Low blood magnesium" in text
        # Foods with amounts: amount/serving, citation and percent of the highest RDA.
        assert "pumpkin seeds" in text and "156 mg per 1 oz, roasted [1]" in text
        assert "37%" in text  # 156 / 420
        assert "Also: kale, beans, lentils, whole grains, avocado" in text
        assert "Bars: one serving as a share of the RDA for men 31+, 420 mg a day." in text
        # Intake table: kind spelled out, units, every group.
        assert "RDA (Recommended Dietary Allowance), in mg [2]" in text
        for row in ("Men     19–30   400 mg", "Men     31+     420 mg",
                    "Women   19–30   310 mg", "Women   31+     320 mg"):
            assert row in text
        assert "350 mg a day [3]" in text
        assert "Applies to supplements and medicines only" in text
        assert "Blood test: serum magnesium" in text
        assert "Typical range: 1.7–2.2 mg/dL [4]" in text
        # Said once: magnesium's note says that labs differ, so the caveat is not added.
        assert text.lower().count("labs differ") == 1 and LAB_CAVEAT not in text
        assert UPPER_LIMIT in text
        assert "→ Calcium" in text and "→ Potassium" in text and "→ Sodium" in text


async def test_references_numbered_in_cli_order(content: Content) -> None:
    app = PaneApp(content, "calcium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        calcium = content.nutrient("calcium")
        listed = references(pane)
        numbers = [number for number, _body in listed]
        ids = nutrient_ref_ids(calcium)
        assert numbers == [f"[{n}]" for n in range(1, len(ids) + 1)]
        bodies = [body for _number, body in listed]
        for ref_id, body in zip(ids, bodies, strict=True):
            ref = content.reference(ref_id)
            assert ref.title in body and ref.publisher in body and ref.url in body
        # Citations sit next to the numbers they back: the food amounts cite dga-calcium.
        dga = ids.index("dga-calcium") + 1
        assert f"488 mg per 8 oz, plain nonfat [{dga}]" in page_text(pane)


async def test_indirect_link_no_limit_no_blood_range(content: Content) -> None:
    app = PaneApp(content, "vitamin-b1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = page_text(app.query_one(NutrientPane))
        assert "Link to twitching: INDIRECT link" in text
        assert "None set [2]" in text
        assert text.lower().count("none set") == 1  # the note "none set" is not repeated
        assert "Blood test" not in text
        # No amounts: foods are listed plainly, without bars.
        assert "fortified cereals, whole grains, meat, fish, beans, lentils" in text
        assert "Bars:" not in text


async def test_over_a_day_and_iu_foods(content: Content) -> None:
    app = PaneApp(content, "vitamin-b12")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        assert "2,946%" in page_text(pane)  # 70.7 mcg against 2.4 mcg: a full bar
        pane.nutrient_id = "vitamin-d"
        await pilot.pause()
        text = page_text(pane)
        assert "1 mcg = 40 IU." in text
        assert "383–570 IU per 3 oz" in text and "60%" in text  # midpoint 476.5 IU of 20 mcg
        assert "at least 20 ng/mL" in text


async def test_every_nutrient_renders(content: Content) -> None:
    app = PaneApp(content, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        assert "Choose a nutrient" in page_text(pane)
        for nutrient in content.nutrients:
            pane.nutrient_id = nutrient.id
            await pilot.pause()
            text = page_text(pane)
            assert nutrient.name in text and nutrient.deficiency.name in text
            assert pane.nutrient == nutrient
        pane.nutrient_id = "nutrient-sodium"  # a pane id works too
        await pilot.pause()
        assert pane.nutrient_id == "sodium"
        pane.nutrient_id = "unobtainium"
        await pilot.pause()
        assert "No nutrient called 'unobtainium'" in page_text(pane)


async def test_related_link_enter_posts_navigate(content: Content) -> None:
    app = PaneApp(content, "magnesium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        assert app.focused is pane
        await pilot.press("l")  # the first related link
        assert isinstance(app.focused, Button) and app.focused.nutrient_id == "calcium"
        await pilot.press("tab")
        assert isinstance(app.focused, Button) and app.focused.nutrient_id == "potassium"
        await pilot.press("enter")
        await pilot.pause()
        assert app.navigated == ["nutrient-potassium"]


async def test_reveal_focuses_a_related_link(content: Content) -> None:
    app = PaneApp(content, "magnesium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        pane.reveal("sodium")
        await pilot.pause()
        assert isinstance(app.focused, Button) and app.focused.nutrient_id == "sodium"
        pane.reveal("not-related")  # no-op
        assert isinstance(app.focused, Button) and app.focused.nutrient_id == "sodium"
        # A new nutrient: the page goes back to the top and focus stays in the pane.
        pane.nutrient_id = "calcium"
        await pilot.pause()
        assert app.focused is pane
        assert pane.scroll_y == 0


async def test_page_scrolls_with_the_keyboard(content: Content) -> None:
    app = PaneApp(content, "magnesium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        assert pane.max_scroll_y > 0
        await pilot.press("down")
        await pilot.pause()
        assert pane.scroll_y == 1
        await pilot.press("pagedown")
        await pilot.pause()
        assert pane.scroll_y > 1
        await pilot.press("end")
        await pilot.pause()
        assert pane.scroll_y == pane.max_scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert pane.scroll_y < pane.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert pane.scroll_y == 0


async def test_nothing_runs_off_the_right_edge(content: Content) -> None:
    app = PaneApp(content, "calcium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        right = pane.content_region.right
        for widget in pane.query("Document, Static, Button"):
            if widget.display:
                assert widget.region.right <= right, widget
        document = pane.query_one(Document)
        assert max(len(line) for line in screen_lines(pane)) <= document.content_size.width


async def test_a_new_nutrient_is_drawn_in_place(content: Content) -> None:
    """No recompose: the same document and links are updated, at once, from the top."""
    app = PaneApp(content, "magnesium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        widgets = list(pane.query("*"))
        pane.scroll_end(animate=False, immediate=True)
        await pilot.press("l")
        assert isinstance(app.focused, Button) and app.focused.nutrient_id == "calcium"
        pane.nutrient_id = "vitamin-d"
        # Synchronously: the page is already the new one and back at the top.
        assert pane.scroll_y == 0 and app.focused is pane
        assert "Vitamin D" in page_text(pane).splitlines()[0]
        await pilot.pause()
        assert list(pane.query("*")) == widgets
        shown = [b.nutrient_id for b in pane.query(RelatedLink).results(RelatedLink) if b.display]
        assert shown == [r for r in content.nutrient("vitamin-d").related]
        text = page_text(pane)
        assert "→ Sodium" not in text and "Magnesium  (mineral)" not in text
        await pilot.press("l", "tab")  # the hidden links are not in the focus chain
        assert not isinstance(app.focused, Button) or app.focused.display
        pane.nutrient_id = "sodium"
        await pilot.pause()
        assert "→ Potassium" in page_text(pane)


@pytest.mark.parametrize("scrolled", [False, True])
async def test_a_new_nutrient_is_one_frame(content: Content, scrolled: bool,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The page, its length on the scrollbar and the move to the top are drawn together."""
    app = PaneApp(content, "magnesium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        frames: list[object] = []
        display = app._display

        def counting_display(screen: object, update: object) -> None:
            if update is not None:
                frames.append(update)
            display(screen, update)  # type: ignore[arg-type]

        monkeypatch.setattr(app, "_display", counting_display)
        for nutrient in ("calcium", "vitamin-b1", "vitamin-d", "magnesium"):
            if scrolled:
                await pilot.press("pagedown")
                await pilot.pause()
                assert pane.scroll_y > 0
            frames.clear()
            pane.nutrient_id = nutrient
            for _ in range(3):
                await pilot.pause(0.05)
            assert len(frames) == 1, nutrient
            assert pane.scroll_y == 0
            # The length given to the scrollbar ahead of the layout was the right one.
            children = sum(w.outer_size.height for w in pane.children if w.display)
            assert pane.virtual_size.height == children
            assert pane.vertical_scrollbar.window_virtual_size == children


async def test_no_scroll_when_already_at_the_top(content: Content,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    app = PaneApp(content, "magnesium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        calls: list[object] = []
        monkeypatch.setattr(pane, "scroll_to", lambda *a, **k: calls.append((a, k)))
        pane.nutrient_id = "calcium"
        await pilot.pause()
        assert calls == []


async def test_lines_drawn_one_at_a_time_match_the_whole(content: Content) -> None:
    """The page draws only the lines on show; each is what drawing all of them gives."""
    app = PaneApp(content, "magnesium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        document = pane.query_one(Document)
        for nutrient in content.nutrients:
            pane.nutrient_id = nutrient.id
            await pilot.pause()
            document.refresh()
            for y in range(document.size.height + 1):
                assert list(document.render_line(y)) == list(Document.render_line(document, y))


async def test_end_reaches_the_last_link_after_changes_and_resizes(content: Content) -> None:
    app = PaneApp(content, "magnesium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.query_one(NutrientPane)
        for nutrient, size in (("vitamin-d", (80, 24)), ("calcium", (120, 30)),
                               ("vitamin-b1", (120, 30)), ("magnesium", (80, 24))):
            await pilot.resize_terminal(*size)
            pane.nutrient_id = nutrient
            await pilot.pause()
            await pilot.press("end")
            await pilot.pause()
            shown = [b for b in pane.query(Button).results(Button) if b.display]
            assert shown[-1].region.bottom == pane.content_region.bottom, nutrient
            assert pane.scroll_y == pane.max_scroll_y
            assert pane.vertical_scrollbar.window_virtual_size == pane.virtual_size.height


async def test_food_rows_are_columns(content: Content) -> None:
    """Names, amounts wrapping in their own column, bars and percentages lined up."""
    app = PaneApp(content, "calcium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lines = screen_lines(app.query_one(NutrientPane))
        rows = [line for line in lines if "░" in line or "█" in line]
        assert [row.split()[0] for row in rows] == ["yogurt", "tofu", "sardines"]
        starts = {re.search("[█▏▎▍▌▋▊▉░]", row).start() for row in rows}  # type: ignore[union-attr]
        ends = {len(row.rstrip()) for row in rows}
        assert len(starts) == 1 and len(ends) == 1  # bars and percentages line up
        tofu = lines.index(rows[1])
        amount = rows[1].index("434 mg")  # the amount column
        assert lines[tofu + 1][:amount].isspace() and lines[tofu + 1][amount] != " "  # wraps under
        assert "41%" in rows[0] and "36%" in rows[1] and "27%" in rows[2]


async def test_ascii_bars(content: Content) -> None:
    class AsciiApp(PaneApp):
        def compose(self) -> ComposeResult:
            yield NutrientPane(self.content_, id="pane", ascii_bars=True)

    app = AsciiApp(content, "magnesium")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = page_text(app.query_one(NutrientPane))
        assert "####......" in text and "█" not in text


@pytest.mark.parametrize(
    ("percent", "unicode", "ascii_"),
    [
        (0, "░" * 10, "." * 10),
        (37.1, "███▊░░░░░░", "####......"),  # 3.71 cells: 3 full + 6/8
        (100, "█" * 10, "#" * 10),
        (2946, "█" * 10, "#" * 10),
        (0.5, "▏░░░░░░░░░", "#........."),
    ],
)
def test_food_bar(percent: float, unicode: str, ascii_: str) -> None:
    assert "".join(food_bar(percent)) == unicode
    assert "".join(food_bar(percent, ascii_only=True)) == ascii_


def test_percent_text() -> None:
    assert percent_text(37.14) == "37%"
    assert percent_text(2945.8) == "2,946%"
    assert percent_text(0.2) == "<1%"
