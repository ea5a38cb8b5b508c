"""The Trends pane: twitch level over a period with caffeine, sleep and stress beside it,
and a with/without table.

The charts are Textual's own :class:`~textual.widgets.Sparkline`: no extra dependency, one
or two rows each, so four measures and the table fit 80×24. Every chart has its numbers
printed beside it (average, lowest, highest; each day's value for short periods), so
nothing is told by colour alone. The arithmetic is in :mod:`fasci_tui.store.trends`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content as Text
from textual.widgets import Sparkline, Static

from fasci_tui.content.model import Content
from fasci_tui.panes.base import Pane
from fasci_tui.places import Place
from fasci_tui.state import StateStore
from fasci_tui.store.records import DailyEntry
from fasci_tui.store.trends import (
    CAVEAT,
    MEASURES,
    NOT_ENOUGH,
    PERIODS,
    Comparison,
    fmt_value,
    series,
    summary,
    window,
    with_without,
)
from fasci_tui.widgets.static_text import show_text

VALUES_UP_TO = 14
"""Periods with at most this many values also list each day's value."""
FACTOR_WIDTH = 24


def _mean(values: Any) -> float:
    return sum(values) / len(values) if values else 0.0


def comparison_line(row: Comparison) -> Text:
    """One line of the with/without table."""
    name = row.factor if len(row.factor) <= FACTOR_WIDTH else row.factor[:FACTOR_WIDTH - 1] + "…"
    lead = Text(name.ljust(FACTOR_WIDTH + 1))
    if not row.enough:
        return Text.assemble(lead, Text.styled(
            f"{NOT_ENOUGH} ({row.with_days}/{row.without_days})", "$text-muted"))
    with_text = f"{fmt_value(row.with_average)} ({row.with_days}d)".ljust(13)
    without_text = f"{fmt_value(row.without_average)} ({row.without_days}d)"
    return Text.assemble(lead, Text.styled(with_text, "bold"), without_text)


class TrendsPane(Pane, VerticalScroll, can_focus=True):
    """Charts of the log over a period (``p`` cycles 7, 30, 90 days, all time)."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "next_period", "Period", tooltip="7 days, 30 days, 90 days, all time"),
    ]

    def __init__(self, content: Content, store: StateStore, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._content = content
        self._store = store
        self.period = 1  # 30 days
        self._entries: list[DailyEntry] = []
        self._read_at: int | None = None  # the store's generation when last read

    @classmethod
    def create(cls, content: Content, store: StateStore, place: Place) -> TrendsPane:
        """A pane reading ``store``'s log."""
        return cls(content, store)

    def compose(self) -> ComposeResult:
        """Period line, a chart per measure, the with/without table and its caveat."""
        yield Static(id="trends-period", markup=False)
        for measure in MEASURES:
            yield Static(classes="trends-label", id=f"trends-{measure.name.lower()}-label",
                         markup=False)
            yield Sparkline([], summary_function=_mean, id=f"trends-{measure.name.lower()}",
                            classes="trends-chart")
        yield Static("With and without: your average twitch level (days)",
                     classes="trends-heading")
        yield Static(id="trends-table", markup=False)
        yield Static(CAVEAT, id="trends-caveat", markup=False)

    def on_mount(self) -> None:
        """Read the log and draw."""
        self.reload()

    def show(self, place: Place) -> None:
        """Come on show: read the log again if it changed meanwhile (a check-in saved)."""
        super().show(place)
        if self.is_mounted and self._read_at != self._store.generation:
            self.reload()

    def enter(self) -> None:
        """Focus the pane (arrows scroll, ``p`` changes the period)."""
        self.focus()

    def saved_state_changed(self) -> None:
        """Another copy wrote the log: draw again."""
        self.reload()

    def action_next_period(self) -> None:
        """``p``: the next period."""
        self.period = (self.period + 1) % len(PERIODS)
        self.draw()

    def reload(self) -> None:
        """Read every entry from the log, then draw."""
        from fasci_tui.store import StoreError

        log = self._store.log
        self._entries = []
        self._read_at = self._store.generation
        if log is not None:
            try:
                self._entries = log.entries()
            except StoreError as exc:
                self._store.report(exc)
        self.draw()

    def draw(self) -> None:
        """Draw the charts and the table for the chosen period."""
        name, days = PERIODS[self.period]
        shown = window(self._entries, days, self._store.day)
        rated = sum(1 for e in shown if e.has_checkin())
        span = f"/{days}" if days else ""
        show_text(self.query_one("#trends-period", Static), Text.assemble(
            Text.styled(f"Last {name}" if days else "All time", "bold"),
            f" · {rated}{span} days checked in  ",
            Text.styled("p: 7/30/90/all", "$text-muted")))
        for measure in MEASURES:
            values = series(shown, measure)
            found = summary(values)
            key = measure.name.lower()
            label = Text.assemble(Text.styled(f"{measure.name} ({measure.unit})", "bold"),
                                  ": ", self._summary_text(found))
            if values and len(values) <= VALUES_UP_TO:
                label = Text.assemble(label, "\n",
                                      Text.styled(" ".join(fmt_value(v) for v in values),
                                                  "$text-muted"))
            show_text(self.query_one(f"#trends-{key}-label", Static), label)
            chart = self.query_one(f"#trends-{key}", Sparkline)
            chart.data = values
            chart.display = bool(values)
        habits = [(h.id, h.label) for h in self._content.habits]
        rows = with_without(shown, habits)
        header = Text.styled("".ljust(FACTOR_WIDTH + 1) + "with".ljust(13) + "without",
                             "$text-muted")
        lines = [header] + [comparison_line(row) for row in rows]
        show_text(self.query_one("#trends-table", Static), Text("\n").join(lines))

    @staticmethod
    def _summary_text(found: Any) -> str:
        if not found.days:
            return "nothing recorded"
        return (f"avg {fmt_value(found.average)}, {fmt_value(found.low)}–"
                f"{fmt_value(found.high)}, {found.days} days")
