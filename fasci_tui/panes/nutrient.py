"""The nutrient page: everything one nutrient record holds, laid out for reading.

One ``NutrientPane`` is reused for every nutrient. The page is one :class:`Document`
followed by a few related-nutrient links; setting ``nutrient_id`` replaces the
document's blocks and relabels the links in place, so moving through the sidebar
redraws the page in the same frame as the sidebar instead of composing dozens of
widgets again. References are numbered in the order given by
``fasci_tui.content.text.nutrient_ref_ids``, so the page and ``fasci-tui show`` agree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content as Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.style import Style
from textual.widgets import Button

from fasci_tui.content.model import Content, Food, Nutrient
from fasci_tui.content.text import cite, nutrient_ref_ids, range_text
from fasci_tui.content.units import (
    age_band,
    fmt_amount,
    fmt_number,
    food_percent,
    intake_range,
)
from fasci_tui.messages import Navigate
from fasci_tui.widgets.document import Block, Document, Page, settled_size

BAR_WIDTH = 10
"""Cells in a food bar (a full bar is 100% of the daily intake or more)."""

FOOD_NAME_WIDTH = 15
"""Cells for the food name column (wider if a food's name needs it)."""
FOOD_AMOUNT_WIDTH = 29
"""At most this many cells for a food's amount, so the bar stays near it."""
PERCENT_WIDTH = 7
"""Cells for a bar's percentage, right-aligned (``2,946%`` and a gap)."""

SEX_NAMES = {"male": "Men", "female": "Women", "any": "Adults"}
INTAKE_KIND_NAMES = {"RDA": "Recommended Dietary Allowance", "AI": "Adequate Intake"}
LINK_WORDS = {"direct": "DIRECT", "indirect": "INDIRECT"}
LINK_STYLES = {"direct": "bold $warning", "indirect": "bold $accent"}
LAB_CAVEAT = "Labs differ: the range printed on your own lab report is the one that counts."
LINKS_HINT = "Tab or l to reach a link, Enter to open it."

HEADING = "bold $primary"
MUTED = "$foreground-muted"  # (Content styles do not blend "$text-muted": it draws white)
TABLE_INDENT = "  "

_EIGHTHS = "▏▎▍▌▋▊▉"


def unicode_bars_supported() -> bool:
    """True when the terminal's output encoding can show block characters."""
    encoding = getattr(sys.__stdout__, "encoding", None) or "utf-8"
    return encoding.lower().replace("-", "").replace("_", "").startswith(("utf", "ucs"))


def food_bar(percent: float, width: int = BAR_WIDTH, ascii_only: bool = False) -> tuple[str, str]:
    """The filled and empty parts of a bar ``width`` cells wide showing ``percent``.

    Percentages above 100 draw a full bar. Unicode bars use eighth blocks for the
    fractional cell and ``░`` for the rest; ``ascii_only`` bars use ``#`` and ``.``.
    Any amount above zero shows at least a sliver.
    """
    share = max(0.0, min(float(percent), 100.0)) / 100.0
    if ascii_only:
        filled = round(share * width)
        if percent > 0 and filled == 0:
            filled = 1
        return "#" * filled, "." * (width - filled)
    eighths = round(share * width * 8)
    if percent > 0 and eighths == 0:
        eighths = 1
    full, part = divmod(eighths, 8)
    filled = "█" * full + (_EIGHTHS[part - 1] if part else "")
    return filled, "░" * (width - len(filled))


def percent_text(percent: float) -> str:
    """A percentage for a bar label: ``37%``, ``2,946%`` or ``<1%``."""
    if 0 < percent < 1:
        return "<1%"
    return f"{fmt_number(round(percent))}%"


def _para(text: str) -> str:
    """Text from the data file with its line breaks and runs of spaces folded."""
    return " ".join(text.split())


def _heading(text: str | Text, anchor: str | None = None) -> Block:
    return Block(text, style=HEADING, space_before=1, anchor=anchor)


class _Links(Vertical):
    """The related-nutrient links, one a line."""

    virtual_size = settled_size()


class RelatedLink(Button):
    """A link to a related nutrient; ``name`` is the nutrient's id.

    The pane keeps a fixed set of links and relabels them for each nutrient, so unlike
    other widgets a link's ``name`` can be set.
    """

    virtual_size = settled_size()

    @property
    def name(self) -> str | None:
        """The id of the nutrient this link opens (None when the link is unused)."""
        return self._name

    @name.setter
    def name(self, value: str | None) -> None:
        self._name = value


class NutrientPane(VerticalScroll):
    """One nutrient's page. It scrolls with ↑/↓, PgUp/PgDn, Home/End when focused.

    Set ``nutrient_id`` to show a nutrient (None shows a hint). Related nutrients are
    buttons: Tab (or ``l``) reaches them and Enter posts ``Navigate("nutrient-<id>")``.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("l", "focus_links", "Related", show=True,
                tooltip="Jump to the related nutrients (Enter opens one)"),
    ]

    nutrient_id: reactive[str | None] = reactive(None, repaint=False)
    """The id of the nutrient shown (``magnesium``); None shows a hint."""

    def __init__(
        self,
        content: Content,
        nutrient_id: str | None = None,
        *,
        ascii_bars: bool | None = None,
        **kwargs: object,
    ) -> None:
        """``ascii_bars`` forces ASCII (True) or block (False) bars; None detects."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._content = content
        self._ids = frozenset(n.id for n in content.nutrients)
        self.ascii_bars = (not unicode_bars_supported()) if ascii_bars is None else ascii_bars
        self._document: Document | None = None
        self._links_box: Vertical | None = None
        self._links: list[RelatedLink] = []
        self.set_reactive(NutrientPane.nutrient_id, self._normalise(nutrient_id))

    # -- data -----------------------------------------------------------------------------

    def _normalise(self, value: str | None) -> str | None:
        if value and value.startswith("nutrient-"):
            bare = value.removeprefix("nutrient-")
            if bare in self._ids:
                return bare
        return value

    def validate_nutrient_id(self, value: str | None) -> str | None:
        """Accept a pane id (``nutrient-magnesium``) as well as a bare nutrient id."""
        return self._normalise(value)

    @property
    def nutrient(self) -> Nutrient | None:
        """The nutrient shown, or None (no id set, or an unknown id)."""
        if self.nutrient_id is None:
            return None
        try:
            return self._content.nutrient(self.nutrient_id)
        except KeyError:
            return None

    @nutrient.setter
    def nutrient(self, value: Nutrient | str | None) -> None:
        self.nutrient_id = value.id if isinstance(value, Nutrient) else value

    def _related(self, nutrient: Nutrient | None) -> list[Nutrient]:
        """The related nutrients that exist, in the record's order."""
        if nutrient is None:
            return []
        return [self._content.nutrient(r) for r in nutrient.related if r in self._ids]

    def watch_nutrient_id(self) -> None:
        """Show the new nutrient at once: one redraw, from the top, focus kept in the pane."""
        document = self._document
        if document is None or self._links_box is None:  # compose() reads nutrient_id
            return
        focused = self.screen.focused if self.is_attached else None
        if focused is not None and focused is not self and self in focused.ancestors:
            self.screen.set_focus(self, scroll_visible=False)  # now, not after this frame
        nutrient = self.nutrient
        related = self._related(nutrient)
        laid_out = self._laid_out()
        document.set_blocks(self._blocks(nutrient))
        self._label_links(related)
        if laid_out:
            self._resize_scrollbar(len(related))
        if self.scroll_x or self.scroll_y or self.scroll_target_y:
            # Now rather than after the next refresh, which would draw a second frame.
            self.scroll_to(0, 0, animate=False, immediate=True)

    def _laid_out(self) -> bool:
        """True if the page's length is the document's and one line for each link."""
        assert self._document is not None and self._links_box is not None
        links = len(self._shown_links())
        return (self._links_box.outer_size.height == links
                and self.virtual_size.height == self._document.outer_size.height + links)

    def _resize_scrollbar(self, links: int) -> None:
        """Give the scrollbar the new page's length now, so it is drawn with the page.

        Otherwise the layout measures the page and then refreshes the scrollbar, and
        that refresh is a frame of its own. If the scrollbar is to appear or go (the
        stylesheet keeps it, but may not), the layout does it all as usual.
        """
        document = self._document
        assert document is not None
        width = document.content_size.width
        if not self.show_vertical_scrollbar or not width:
            return
        lines = document.get_content_height(self.container_size, self.size, width)
        height = document.outer_size.height - document.content_size.height + lines + links
        if self.styles.overflow_y == "scroll" or height > self.container_size.height:
            self.set_reactive(NutrientPane.virtual_size, Size(self.virtual_size.width, height))
            self.vertical_scrollbar.window_virtual_size = height

    # -- pane contract --------------------------------------------------------------------

    def enter(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        self.focus()

    def _shown_links(self) -> list[RelatedLink]:
        return [link for link in self._links if link.display and link.name]

    def reveal(self, item: str) -> None:
        """Focus the related-nutrient link for ``item`` (a nutrient id), if there is one."""
        wanted = self._normalise(item)
        for link in self._shown_links():
            if link.name == wanted:
                link.focus()
                return

    def action_focus_links(self) -> None:
        """Move focus to the first related-nutrient link."""
        links = self._shown_links()
        if links:
            links[0].focus()

    @on(Button.Pressed, ".np-link")
    def _open_related(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.name:
            self.post_message(Navigate(f"nutrient-{event.button.name}"))

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The page as one document, then as many links as any nutrient needs."""
        nutrient = self.nutrient
        self._document = Page(self._blocks(nutrient), inset=1, id="np-document")
        yield self._document
        pool = max((len(self._related(n)) for n in self._content.nutrients), default=0)
        self._links = [RelatedLink("", compact=True, classes="np-link") for _ in range(pool)]
        self._label_links(self._related(nutrient))
        self._links_box = _Links(*self._links, id="np-links", classes="np-links")
        yield self._links_box

    def _label_links(self, related: list[Nutrient]) -> None:
        """Point the first links at ``related`` and hide the rest."""
        for index, link in enumerate(self._links):
            target = related[index] if index < len(related) else None
            link.name = target.id if target else None
            if target is not None:
                link.label = Text(f"→ {target.name}")
            link.display = target is not None

    def _blocks(self, nutrient: Nutrient | None) -> list[Block]:
        """Every block of the page for ``nutrient``."""
        if nutrient is None:
            if self.nutrient_id is None:
                return [Block("Choose a nutrient from the list.", style=MUTED)]
            return [Block(f"No nutrient called {self.nutrient_id!r}.", style=MUTED)]
        numbers = {ref: n for n, ref in enumerate(nutrient_ref_ids(nutrient), 1)}
        return [
            *self._head(nutrient),
            *self._link(nutrient),
            *self._foods(nutrient, numbers),
            *self._intake(nutrient, numbers),
            *self._limit(nutrient, numbers),
            *self._blood(nutrient, numbers),
            *self._references(numbers),
            *self._related_heading(nutrient),
        ]

    def _head(self, nutrient: Nutrient) -> list[Block]:
        blocks = [Block(Text.assemble((nutrient.name, "bold"), (f"  ({nutrient.kind})", MUTED)),
                        style="$accent", anchor="title")]
        if nutrient.aliases:
            blocks.append(Block("Also called: " + ", ".join(nutrient.aliases), style=MUTED))
        blocks.append(Block(_para(nutrient.summary), space_before=1))
        blocks.append(_heading("Role"))
        blocks += [Block(function, mark="• ") for function in nutrient.functions]
        return blocks

    def _link(self, nutrient: Nutrient) -> list[Block]:
        word = LINK_WORDS.get(nutrient.link.type, nutrient.link.type.upper())
        return [
            _heading(Text.assemble("Link to twitching: ",
                                   (f"{word} link", LINK_STYLES.get(nutrient.link.type, "bold"))),
                     anchor="link"),
            Block(_para(nutrient.link.text)),
            _heading(Text.assemble("Deficiency: ", (nutrient.deficiency.name, "bold")),
                     anchor="deficiency"),
            Block(_para(nutrient.deficiency.text)),
        ]

    def _foods(self, nutrient: Nutrient, numbers: dict[str, int]) -> list[Block]:
        blocks = [_heading("Food sources", anchor="foods")]
        measured = [f for f in nutrient.foods if food_percent(f, nutrient) is not None]
        plain = [f for f in nutrient.foods if f not in measured]
        if measured:
            top = intake_range(nutrient.intake)[1]
            basis = (f"Bars: one serving against the highest adult {nutrient.intake.kind}, "
                     f"{fmt_amount(top, nutrient.intake.unit)} a day.")
            if nutrient.iu_per_mcg:
                basis += f" 1 mcg = {fmt_number(nutrient.iu_per_mcg)} IU."
            blocks.append(Block(basis, style=MUTED))
            name_width = max(FOOD_NAME_WIDTH, *(len(f.name) + 2 for f in measured))
            blocks += [self._food_row(food, nutrient, numbers, name_width) for food in measured]
        if plain:
            names = ", ".join(f.name + cite(f.refs, numbers) for f in plain)
            blocks.append(Block(("Also: " if measured else "") + names))
        return blocks

    def _food_row(self, food: Food, nutrient: Nutrient, numbers: dict[str, int],
                  name_width: int) -> Block:
        """Name, amount (wrapping in its own column), bar and percentage."""
        percent = food_percent(food, nutrient) or 0.0
        assert food.amount is not None and food.unit is not None
        amount = fmt_amount(food.amount, food.unit, food.amount_high)
        if food.serving:
            amount += f"/{food.serving}"
        filled, empty = food_bar(percent, ascii_only=self.ascii_bars)
        return Block(
            amount + cite(food.refs, numbers),
            mark=food.name.ljust(name_width),
            tail=Text.assemble(" ", (filled, "$success"), (empty, MUTED),
                               percent_text(percent).rjust(PERCENT_WIDTH)),
            wrap_at=FOOD_AMOUNT_WIDTH,
        )

    def _intake(self, nutrient: Nutrient, numbers: dict[str, int]) -> list[Block]:
        intake = nutrient.intake
        kind = INTAKE_KIND_NAMES.get(intake.kind, intake.kind)
        blocks = [
            _heading("Adult intake per day", anchor="intake"),
            Block(Text.assemble((intake.kind, "bold"), f" ({kind}), in {intake.unit}",
                                cite(intake.refs, numbers))),
        ]
        rows = [(SEX_NAMES.get(v.sex, v.sex), age_band(v.age_min, v.age_max),
                 fmt_amount(v.amount, intake.unit)) for v in intake.values]
        header = ("Who", "Ages", "Amount")
        widths = [max(len(r[i]) for r in [header, *rows]) + 3 for i in range(2)]
        blocks += [
            Block(who.ljust(widths[0]) + ages.ljust(widths[1]) + amount, mark=TABLE_INDENT,
                  style="bold underline" if index == 0 else "")
            for index, (who, ages, amount) in enumerate([header, *rows])
        ]
        if intake.note:
            blocks.append(Block(_para(intake.note), style=MUTED))
        return blocks

    def _limit(self, nutrient: Nutrient, numbers: dict[str, int]) -> list[Block]:
        limit = nutrient.upper_limit
        if limit.amount is not None:
            amount = f"{fmt_amount(limit.amount, limit.unit or '')} a day"
        else:
            amount = "None set"
        blocks = [_heading("Upper limit (UL)", anchor="limit"),
                  Block(Text.assemble((amount, "bold"), cite(limit.refs, numbers)))]
        if limit.note and limit.note.strip().lower() != "none set":
            blocks.append(Block(_para(limit.note), style=MUTED))
        return blocks

    def _blood(self, nutrient: Nutrient, numbers: dict[str, int]) -> list[Block]:
        blood = nutrient.blood_range
        if blood is None:
            return []
        blocks = [
            _heading(Text.assemble("Blood test: ", (blood.test, "bold")), anchor="blood"),
            Block(Text.assemble("How to read it: " if blood.reading else "Typical range: ",
                                (blood.reading or range_text(blood.low, blood.high, blood.unit),
                                 "bold"), cite(blood.refs, numbers))),
        ]
        if blood.note:
            blocks.append(Block(_para(blood.note), style=MUTED))
        blocks.append(Block(LAB_CAVEAT, style="bold $warning"))
        return blocks

    def _references(self, numbers: dict[str, int]) -> list[Block]:
        blocks = []
        for ref_id, number in numbers.items():
            try:
                ref = self._content.reference(ref_id)
            except KeyError:
                continue
            body = Text.assemble(f"{ref.title}. {ref.publisher}.\n",
                                 (ref.url, Style(link=ref.url, underline=True)))
            if ref.note:
                body += Text.styled("\n" + _para(ref.note), MUTED)
            blocks.append(Block(body, mark=Text.styled(f"[{number}]".ljust(5), "bold")))
        return [_heading("References", anchor="references"), *blocks] if blocks else []

    def _related_heading(self, nutrient: Nutrient) -> list[Block]:
        """The heading over the links, which follow the document."""
        if not self._related(nutrient):
            return []
        return [_heading("Related nutrients", anchor="related"), Block(LINKS_HINT, style=MUTED)]
