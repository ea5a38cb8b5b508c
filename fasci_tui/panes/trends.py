"""The Trends pane: twitch level over a period with caffeine, sleep and stress beside it,
and a with/without table.

The charts are Textual's own :class:`~textual.widgets.Sparkline`: no extra dependency, one
or two rows each, so four measures and the table fit 80×24. Every chart has its numbers
printed beside it (average, lowest, highest; each day's value for short periods), so
nothing is told by colour alone. The arithmetic is in :mod:`fasci_tui.store.trends`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

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


class TrendsView(NamedTuple):
    """What the pane shows for one period: the period line, each measure's label and
    values (by key, ``twitch``), and the with/without table."""

    period: Text
    charts: dict[str, tuple[Text, list[float]]]
    table: Text


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
        """The entries read, oldest first: from ``_read_since`` (None: all) to today."""
        self._read_since: dt.date | None = None
        self._read_at: tuple[int, dt.date] | None = None
        """The store's generation and the day when ``_entries`` were read (None: unread)."""

    @classmethod
    def create(cls, content: Content, store: StateStore, place: Place) -> TrendsPane:
        """A pane reading ``store``'s log."""
        return cls(content, store)

    def compose(self) -> ComposeResult:
        """Period line, a chart per measure, the with/without table and its caveat, each
        made with what it shows (the log is read here): the first layout is the last."""
        self._read(keep=True)
        view = self._view()
        yield Static(view.period, id="trends-period", markup=False)
        for measure in MEASURES:
            key = measure.name.lower()
            label, values = view.charts[key]
            yield Static(label, classes="trends-label", id=f"trends-{key}-label", markup=False)
            chart = Sparkline(values, summary_function=_mean, id=f"trends-{key}",
                              classes="trends-chart")
            chart.display = bool(values)
            yield chart
        yield Static("With and without: your average twitch level (days)",
                     classes="trends-heading")
        yield Static(view.table, id="trends-table", markup=False)
        yield Static(CAVEAT, id="trends-caveat", markup=False)

    def show(self, place: Place) -> None:
        """Come on show: read the log again if it changed meanwhile (a check-in saved)."""
        super().show(place)
        if self.is_mounted and self._read_at != (self._store.generation, self._store.day):
            self.reload()

    def enter(self) -> None:
        """Focus the pane (arrows scroll, ``p`` changes the period)."""
        self.focus()

    def saved_state_changed(self) -> None:
        """Another copy wrote the log: draw again."""
        self.reload()

    def action_next_period(self) -> None:
        """``p``: the next period (read from the log only if it reaches further back)."""
        self.period = (self.period + 1) % len(PERIODS)
        self._read(keep=True)
        self.draw()

    def reload(self) -> None:
        """Read the log again for the period on show, then draw."""
        self._read(keep=False)
        self.draw()

    def _first_day(self) -> dt.date | None:
        """The first day of the period on show (None: all time)."""
        days = PERIODS[self.period][1]
        return None if days is None else self._store.day - dt.timedelta(days=days - 1)

    def _read(self, keep: bool) -> None:
        """Read the entries the period on show needs: only its days (ten years of log
        take tens of ms to read, a month well under one). With ``keep``, what was read
        before is used when it reaches back far enough and the log has not changed."""
        from fasci_tui.store import StoreError

        since = self._first_day()
        stamp = (self._store.generation, self._store.day)
        covered = self._read_since is None or (since is not None and self._read_since <= since)
        if keep and self._read_at == stamp and covered:
            return
        log = self._store.log
        self._entries = []
        self._read_since = since
        self._read_at = stamp
        if log is not None:
            try:
                self._entries = log.entries(since)
            except StoreError as exc:
                self._store.report(exc)

    def _view(self) -> TrendsView:
        """What the pane shows for the chosen period, from the entries read."""
        name, days = PERIODS[self.period]
        shown = window(self._entries, days, self._store.day)
        rated = sum(1 for e in shown if e.has_checkin())
        span = f"/{days}" if days else ""
        period = Text.assemble(
            Text.styled(f"Last {name}" if days else "All time", "bold"),
            f" · {rated}{span} days checked in  ",
            Text.styled("p: 7/30/90/all", "$text-muted"))
        charts: dict[str, tuple[Text, list[float]]] = {}
        for measure in MEASURES:
            values = series(shown, measure)
            label = Text.assemble(Text.styled(f"{measure.name} ({measure.unit})", "bold"),
                                  ": ", self._summary_text(summary(values)))
            if values and len(values) <= VALUES_UP_TO:
                label = Text.assemble(label, "\n",
                                      Text.styled(" ".join(fmt_value(v) for v in values),
                                                  "$text-muted"))
            charts[measure.name.lower()] = (label, values)
        habits = [(h.id, h.label) for h in self._content.habits]
        header = Text.styled("".ljust(FACTOR_WIDTH + 1) + "with".ljust(13) + "without",
                             "$text-muted")
        lines = [header] + [comparison_line(row) for row in with_without(shown, habits)]
        return TrendsView(period, charts, Text("\n").join(lines))

    def draw(self) -> None:
        """Draw the charts and the table for the chosen period."""
        view = self._view()
        show_text(self.query_one("#trends-period", Static), view.period)
        for key, (label, values) in view.charts.items():
            show_text(self.query_one(f"#trends-{key}-label", Static), label)
            chart = self.query_one(f"#trends-{key}", Sparkline)
            chart.data = values
            chart.display = bool(values)
        show_text(self.query_one("#trends-table", Static), view.table)

    @staticmethod
    def _summary_text(found: Any) -> str:
        if not found.days:
            return "nothing recorded"
        return (f"avg {fmt_value(found.average)}, {fmt_value(found.low)}–"
                f"{fmt_value(found.high)}, {found.days} days")
