"""The nutrient page: everything one nutrient record holds, laid out for reading.

One ``NutrientPane`` is reused for every nutrient: the app sets ``nutrient_id`` and the
page is composed again from the record. References are numbered in the order given by
``fasci_tui.content.text.nutrient_ref_ids``, so the page and ``fasci-tui show`` agree.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content as Text
from textual.reactive import reactive
from textual.style import Style
from textual.widgets import Button, Static

from fasci_tui.content.model import Content, Food, Nutrient
from fasci_tui.content.text import nutrient_ref_ids
from fasci_tui.content.units import (
    age_band,
    fmt_amount,
    fmt_number,
    food_percent,
    intake_range,
)
from fasci_tui.messages import Navigate

BAR_WIDTH = 10
"""Cells in a food bar (a full bar is 100% of the daily intake or more)."""

SEX_NAMES = {"male": "Men", "female": "Women", "any": "Adults"}
INTAKE_KIND_NAMES = {"RDA": "Recommended Dietary Allowance", "AI": "Adequate Intake"}
LINK_WORDS = {"direct": "DIRECT", "indirect": "INDIRECT"}
LINK_STYLES = {"direct": "bold $warning", "indirect": "bold $accent"}
LAB_CAVEAT = "Labs differ: the range printed on your own lab report is the one that counts."

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


def range_text(low: float | None, high: float | None, unit: str) -> str:
    """A range with open ends spelled out: ``1.7–2.2 mg/dL``, ``at least 200 pg/mL``."""
    if low is not None and high is not None:
        return f"{fmt_number(low)}–{fmt_number(high)} {unit}"
    if low is not None:
        return f"at least {fmt_number(low)} {unit}"
    if high is not None:
        return f"up to {fmt_number(high)} {unit}"
    return "not given"


def _cite(refs: Iterable[str], numbers: dict[str, int]) -> str:
    marks = "".join(f"[{numbers[r]}]" for r in refs if r in numbers)
    return f" {marks}" if marks else ""


def _static(content: str | Text, classes: str = "", id: str | None = None) -> Static:
    """A Static that never interprets its text as markup."""
    return Static(content, classes=classes, id=id, markup=False)


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

    nutrient_id: reactive[str | None] = reactive(None, recompose=True)
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
        self.ascii_bars = (not unicode_bars_supported()) if ascii_bars is None else ascii_bars
        self.set_reactive(NutrientPane.nutrient_id, self._normalise(nutrient_id))

    # -- data -----------------------------------------------------------------------------

    def _normalise(self, value: str | None) -> str | None:
        if value and value.startswith("nutrient-"):
            bare = value.removeprefix("nutrient-")
            if bare in {n.id for n in self._content.nutrients}:
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

    def watch_nutrient_id(self) -> None:
        """A new nutrient starts at the top; focus stays in the pane if it was there."""
        focused = self.screen.focused if self.is_attached else None
        if focused is not None and focused is not self and self in focused.ancestors:
            self.focus(scroll_visible=False)
        self.scroll_home(animate=False)

    # -- pane contract --------------------------------------------------------------------

    def enter(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        self.focus()

    def reveal(self, item: str) -> None:
        """Focus the related-nutrient link for ``item`` (a nutrient id), if there is one."""
        for button in self.query(".np-link").results(Button):
            if button.name == self._normalise(item):
                button.focus()
                return

    def action_focus_links(self) -> None:
        """Move focus to the first related-nutrient link."""
        links = list(self.query(".np-link").results(Button))
        if links:
            links[0].focus()

    @on(Button.Pressed, ".np-link")
    def _open_related(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.name:
            self.post_message(Navigate(f"nutrient-{event.button.name}"))

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Build the page from the nutrient record."""
        nutrient = self.nutrient
        if nutrient is None:
            if self.nutrient_id is None:
                yield _static("Choose a nutrient from the list.", "np-muted")
            else:
                yield _static(f"No nutrient called {self.nutrient_id!r}.", "np-muted")
            return
        numbers = {ref: n for n, ref in enumerate(nutrient_ref_ids(nutrient), 1)}
        yield from self._compose_head(nutrient)
        yield from self._compose_link(nutrient)
        yield from self._compose_foods(nutrient, numbers)
        yield from self._compose_intake(nutrient, numbers)
        yield from self._compose_limit(nutrient, numbers)
        yield from self._compose_blood(nutrient, numbers)
        yield from self._compose_related(nutrient)
        yield from self._compose_references(numbers)

    def _compose_head(self, nutrient: Nutrient) -> ComposeResult:
        yield _static(
            Text.assemble((nutrient.name, "bold"), (f"  ({nutrient.kind})", "$text-muted")),
            "np-title", id="np-title",
        )
        if nutrient.aliases:
            yield _static("Also called: " + ", ".join(nutrient.aliases), "np-aliases")
        yield _static(" ".join(nutrient.summary.split()), "np-summary")
        yield _static("Role", "np-heading")
        for function in nutrient.functions:
            yield _static(f"• {function}", "np-item")

    def _compose_link(self, nutrient: Nutrient) -> ComposeResult:
        word = LINK_WORDS.get(nutrient.link.type, nutrient.link.type.upper())
        yield _static(
            Text.assemble("Link to twitching: ",
                          (f"{word} link", LINK_STYLES.get(nutrient.link.type, "bold"))),
            "np-heading", id="np-link",
        )
        yield _static(" ".join(nutrient.link.text.split()), "np-para")
        yield _static(
            Text.assemble("Deficiency: ", (nutrient.deficiency.name, "bold")),
            "np-heading", id="np-deficiency",
        )
        yield _static(" ".join(nutrient.deficiency.text.split()), "np-para")

    def _compose_foods(self, nutrient: Nutrient, numbers: dict[str, int]) -> ComposeResult:
        yield _static("Food sources", "np-heading")
        measured = [f for f in nutrient.foods if food_percent(f, nutrient) is not None]
        plain = [f for f in nutrient.foods if f not in measured]
        if measured:
            top = intake_range(nutrient.intake)[1]
            basis = (f"Bars: one serving against the highest adult {nutrient.intake.kind}, "
                     f"{fmt_amount(top, nutrient.intake.unit)} a day.")
            if nutrient.iu_per_mcg:
                basis += f" 1 mcg = {fmt_number(nutrient.iu_per_mcg)} IU."
            yield _static(basis, "np-muted")
            with Vertical(classes="np-foods"):
                for food in measured:
                    yield self._food_row(food, nutrient, numbers)
        if plain:
            names = ", ".join(f.name + _cite(f.refs, numbers) for f in plain)
            yield _static(("Also: " if measured else "") + names, "np-para np-plain-foods")

    def _food_row(self, food: Food, nutrient: Nutrient, numbers: dict[str, int]) -> Horizontal:
        percent = food_percent(food, nutrient) or 0.0
        assert food.amount is not None and food.unit is not None
        amount = fmt_amount(food.amount, food.unit, food.amount_high)
        if food.serving:
            amount += f"/{food.serving}"
        filled, empty = food_bar(percent, ascii_only=self.ascii_bars)
        return Horizontal(
            _static(food.name, "np-food-name"),
            _static(amount + _cite(food.refs, numbers), "np-food-amount"),
            _static(Text.assemble((filled, "$success"), (empty, "$text-muted")), "np-food-bar"),
            _static(percent_text(percent), "np-food-pct"),
            classes="np-food",
        )

    def _compose_intake(self, nutrient: Nutrient, numbers: dict[str, int]) -> ComposeResult:
        intake = nutrient.intake
        yield _static("Adult intake per day", "np-heading", id="np-intake")
        kind = INTAKE_KIND_NAMES.get(intake.kind, intake.kind)
        yield _static(Text.assemble((intake.kind, "bold"), f" ({kind}), in {intake.unit}",
                                    _cite(intake.refs, numbers)), "np-para")
        rows = [(SEX_NAMES.get(v.sex, v.sex), age_band(v.age_min, v.age_max),
                 fmt_amount(v.amount, intake.unit)) for v in intake.values]
        header = ("Who", "Ages", "Amount")
        widths = [max(len(r[i]) for r in [header, *rows]) + 3 for i in range(2)]
        lines = [Text.styled(header[0].ljust(widths[0]) + header[1].ljust(widths[1]) + header[2],
                             "bold underline")]
        lines += [Text(who.ljust(widths[0]) + ages.ljust(widths[1]) + amount)
                  for who, ages, amount in rows]
        yield _static(Text("\n").join(lines), "np-table")
        if intake.note:
            yield _static(" ".join(intake.note.split()), "np-para np-note")

    def _compose_limit(self, nutrient: Nutrient, numbers: dict[str, int]) -> ComposeResult:
        limit = nutrient.upper_limit
        yield _static("Upper limit (UL)", "np-heading", id="np-limit")
        if limit.amount is not None:
            amount = Text.styled(f"{fmt_amount(limit.amount, limit.unit or '')} a day", "bold")
        else:
            amount = Text.styled("None set", "bold")
        yield _static(amount + _cite(limit.refs, numbers), "np-para")
        if limit.note and limit.note.strip().lower() != "none set":
            yield _static(" ".join(limit.note.split()), "np-para np-note")

    def _compose_blood(self, nutrient: Nutrient, numbers: dict[str, int]) -> ComposeResult:
        blood = nutrient.blood_range
        if blood is None:
            return
        yield _static(Text.assemble("Blood test: ", (blood.test, "bold")), "np-heading",
                      id="np-blood")
        yield _static(Text.assemble("Typical range: ",
                                    (range_text(blood.low, blood.high, blood.unit), "bold"),
                                    _cite(blood.refs, numbers)), "np-para")
        if blood.note:
            yield _static(" ".join(blood.note.split()), "np-para np-note")
        yield _static(LAB_CAVEAT, "np-caveat")

    def _compose_related(self, nutrient: Nutrient) -> ComposeResult:
        related = [r for r in nutrient.related if r in {n.id for n in self._content.nutrients}]
        if not related:
            return
        yield _static("Related nutrients", "np-heading", id="np-related")
        yield _static("Tab or l to reach a link, Enter to open it.", "np-muted")
        with Vertical(classes="np-links"):
            for rid in related:
                yield Button(Text(f"→ {self._content.nutrient(rid).name}"), name=rid,
                             compact=True, classes="np-link")

    def _compose_references(self, numbers: dict[str, int]) -> ComposeResult:
        if not numbers:
            return
        yield _static("References", "np-heading", id="np-references")
        for ref_id, number in numbers.items():
            try:
                ref = self._content.reference(ref_id)
            except KeyError:
                continue
            body = Text.assemble(f"{ref.title}. {ref.publisher}.\n",
                                 (ref.url, Style(link=ref.url, underline=True)))
            if ref.note:
                body += Text.styled("\n" + " ".join(ref.note.split()), "$text-muted")
            yield Horizontal(
                _static(f"[{number}]", "np-ref-number"),
                _static(body, "np-ref-text"),
                classes="np-ref",
            )
