"""The lab reader in a box over the app (key ``l`` on the Today pane, or "Read a lab
result" in the palette): what ``fasci-tui lab`` prints, live as the result is typed.

Choose the test, type the value, pick the unit (the ones that test's results come in),
optionally the range printed on the report and the date (today by default). Below, the
reading of :mod:`fasci_tui.content.labs`: the value in the other units, where it sits on
the report's range (or on the typical one, labelled as typical), what the test does and
does not show, and the sources; or, for a value no blood test could give, what is wrong.
ctrl+s (or Enter in a text box) saves it to the log through the ``save`` function the
pane passes (it returns what went wrong, or None), for the visit summary; the box stays
open for the next test. Esc closes it and returns the results saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content as Text
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Select, Static

from fasci_tui.content.labs import (
    ANALYTES,
    Analyte,
    LabError,
    LabReading,
    fmt_value,
    lab_result,
    read_typed,
    render_reading,
    units_for,
)
from fasci_tui.content.model import Content
from fasci_tui.store.records import FieldError, check_day
from fasci_tui.store.results import LabResult
from fasci_tui.widgets.static_text import show_text

SaveLab = Callable[[LabResult], "str | None"]
"""Saves a result; returns a message when it could not."""

HINT = ("Type the value as printed on the report; the reading shows here as you type. "
        "Tab moves between the boxes.")
"""Shown while no value is typed."""
RANGE_FIELD = "range"
"""What the messages call the range box (the command says --range)."""


def label_for(content: Content, analyte: Analyte) -> str:
    """The test as the choice shows it: ``Serum magnesium``, ``25-hydroxyvitamin D...``."""
    nutrient = content.nutrient(analyte.nutrient)
    name = nutrient.blood_range.test if nutrient.blood_range else nutrient.name
    return name[:1].upper() + name[1:]


class LabScreen(ModalScreen["list[LabResult]"]):
    """The lab reader; dismissed with the results saved while it was open."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True,
                tooltip="Save the result with its date (for the visit summary)"),
        Binding("escape", "close", "Close", tooltip="Close (results saved stay saved)"),
        Binding("ctrl+l", "app.redraw", "Redraw", show=False),
    ]

    def __init__(self, content: Content, day: dt.date, save: SaveLab) -> None:
        super().__init__()
        self.content = content
        self.day = day
        self.saved: list[LabResult] = []
        """The results saved while the box was open."""
        self.reading: LabReading | None = None
        """The reading of what is typed, or None while it cannot be read."""
        self.problem = HINT
        """What is wrong with what is typed (shown instead of a reading)."""
        self._save = save

    def compose(self) -> ComposeResult:
        """The fields in two rows, the reading under them, the footer."""
        first = ANALYTES[0]
        with Vertical(id="lab-box") as box:
            box.border_title = "Read a lab result"
            with Horizontal(classes="lab-row"):
                yield Static("Test", classes="lab-label")
                yield Select([(label_for(self.content, a), a.nutrient) for a in ANALYTES],
                             value=first.nutrient, allow_blank=False, id="lab-test")
                yield Static("Unit", classes="lab-label")
                yield Select([(u, u) for u in units_for(first)], value=first.base,
                             allow_blank=False, id="lab-unit")
            with Horizontal(classes="lab-row"):
                yield Static("Value", classes="lab-label")
                yield Input(placeholder="e.g. 1.6", id="lab-value", select_on_focus=False)
                yield Static("Range", classes="lab-label")
                yield Input(placeholder="optional", id="lab-range")
                yield Static("Date", classes="lab-label")
                yield Input(self.day.isoformat(), placeholder="YYYY-MM-DD", id="lab-date")
            yield Static(id="lab-status", markup=False)
            with VerticalScroll(id="lab-scroll"):
                yield Static(id="lab-reading", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Start on the value (magnesium, the commonest question, is chosen)."""
        self.query_one("#lab-value", Input).focus()
        self.show_reading()
        self.call_after_refresh(self.show_reading)  # wrapped to the width laid out

    def on_key(self, event: events.Key) -> None:
        """A digit that arrives before the value box has the focus (typed right after
        ``l``, while the box was opening) goes into the value box all the same."""
        char = event.character or ""
        if self.focused is None and len(char) == 1 and (char.isdigit() or char in ".,"):
            event.stop()
            value = self.query_one("#lab-value", Input)
            value.insert_text_at_cursor(char)
            self.set_focus(value)

    def on_resize(self) -> None:
        """Wrap the reading to the new width."""
        self.show_reading()

    def analyte(self) -> Analyte:
        """The test chosen."""
        chosen = self.query_one("#lab-test", Select).value
        return next((a for a in ANALYTES if a.nutrient == chosen), ANALYTES[0])

    def on_select_changed(self, event: Select.Changed) -> None:
        """Another test offers its units (the first, its usual one, chosen); any change
        reads the result again."""
        event.stop()
        if event.select.id == "lab-test":
            analyte = self.analyte()
            units = self.query_one("#lab-unit", Select)
            if units.value not in units_for(analyte):
                units.set_options([(u, u) for u in units_for(analyte)])
                units.value = analyte.base
        self.show_reading()

    def on_input_changed(self, event: Input.Changed) -> None:
        """Typing reads the result again at once (and the last save's line goes)."""
        event.stop()
        self.query_one("#lab-status").display = False
        self.show_reading()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a text box saves."""
        event.stop()
        self.action_save()

    def read(self) -> LabReading:
        """The reading of the fields; LabError saying what to change."""
        value = self.query_one("#lab-value", Input).value
        if not value.strip():
            raise LabError(HINT)
        unit = str(self.query_one("#lab-unit", Select).value)
        own = self.query_one("#lab-range", Input).value
        return read_typed(self.content, self.analyte().nutrient, value, unit, own, RANGE_FIELD)

    def show_reading(self) -> None:
        """Read the fields and show the reading, or what is wrong with them."""
        box = self.query_one("#lab-reading", Static)
        try:
            self.reading = self.read()
        except LabError as exc:
            self.reading = None
            self.problem = HINT if str(exc) == HINT else f"Cannot read this: {exc}."
            show_text(box, self.problem)
            box.set_class(self.problem != HINT, "-problem")
            return
        width = max(40, box.content_size.width or 72)
        first, _, rest = render_reading(self.content, self.reading, width).rstrip().partition("\n")
        show_text(box, Text.assemble((first, "bold"), "\n", rest))
        box.set_class(False, "-problem")

    def action_save(self) -> None:
        """ctrl+s (or Enter): save the result with its date; stay open for the next."""
        self.show_reading()
        if self.reading is None:
            self._status(f"Not saved: {self.problem}", error=True)
            return
        date_box = self.query_one("#lab-date", Input)
        try:
            day = check_day(date_box.value)
        except FieldError as exc:
            self._status(f"Not saved: {exc}.", error=True)
            date_box.focus()
            return
        result = lab_result(self.reading, day)
        problem = self._save(result)
        if problem is not None:
            self._status(f"Not saved: {problem}.", error=True)
            return
        self.saved.append(result)
        self._status(f"Saved: {self.reading.test} {fmt_value(result.value, result.unit)} on "
                     f"{day.isoformat()} (in the visit summary). Another test, or Esc.")

    def action_close(self) -> None:
        """Esc: close, returning the results saved."""
        self.dismiss(self.saved)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#lab-status", Static)
        show_text(status, text)
        status.display = True
        status.set_class(error, "-error")
