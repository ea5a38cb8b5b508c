"""The Trends pane and its arithmetic (fasci_tui/store/trends.py), with backdated logs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Sparkline, Static

from fasci_tui.content.model import Content
from fasci_tui.panes.trends import TrendsPane
from fasci_tui.places import Section
from fasci_tui.store import DailyEntry, open_store
from fasci_tui.store.trends import (
    CAVEAT,
    MEASURES,
    NOT_ENOUGH,
    buckets,
    series,
    summary,
    window,
    with_without,
)
from tests.support.shell_helpers import make_app

SIZE = (80, 24)
TODAY = dt.date.today()


def backdated(days: int) -> list[DailyEntry]:
    """``days`` days before today: caffeine on even days, with twitch 6; else twitch 2."""
    out = []
    for back in range(days, 0, -1):
        coffee = back % 2 == 0
        out.append(DailyEntry(TODAY - dt.timedelta(days=back), twitch=6 if coffee else 2,
                              caffeine=3 if coffee else 0, sleep=7.5, stress=back % 6,
                              exercise="light", habits=frozenset({"sleep"}) if coffee
                              else frozenset()))
    return out


def test_with_without_needs_three_days_on_each_side() -> None:
    rows = {r.factor: r for r in with_without(backdated(5), [("sleep", "Sleep enough")])}
    caffeine = rows["Caffeine (any)"]
    assert (caffeine.with_days, caffeine.without_days) == (2, 3) and not caffeine.enough
    rows = {r.factor: r for r in with_without(backdated(10), [("sleep", "Sleep enough")])}
    caffeine = rows["Caffeine (any)"]
    assert caffeine.enough and caffeine.with_average == 6 and caffeine.without_average == 2
    assert rows["Habit: Sleep enough"].with_average == 6
    assert not rows["Sleep under 7 h"].enough  # every day 7.5 h: no day "with"


def test_windows_series_and_buckets() -> None:
    entries = backdated(100)
    assert len(window(entries, 7, TODAY)) == 6  # today itself is not logged
    assert len(window(entries, None, TODAY)) == 100
    twitch = series(entries, MEASURES[0])
    assert summary(twitch).average == 4 and summary([]).days == 0
    assert len(buckets(twitch, 30)) == 30 and buckets([1.0, 3.0], 1) == [2.0]


async def test_pane_shows_charts_values_and_the_table(content: Content,
                                                      isolated_state: Path) -> None:
    with open_store(isolated_state) as store:
        store.save_entries(backdated(40))
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        pane = app.pane_widget(Section.TRENDS)
        assert isinstance(pane, TrendsPane)
        period = str(pane.query_one("#trends-period", Static).render())
        assert period.startswith("Last 30 days") and "29/30 days" in period
        assert len(pane.query_one("#trends-twitch", Sparkline).data or []) == 29
        label = str(pane.query_one("#trends-twitch-label", Static).render())
        assert "avg" in label and "2–6" in label  # values printed, not colour alone
        table = str(pane.query_one("#trends-table", Static).render())
        assert "Caffeine (any)" in table and "(15d)" in table and NOT_ENOUGH in table
        assert str(pane.query_one("#trends-caveat", Static).render()) == CAVEAT
        await pilot.press("p")  # 90 days
        await pilot.press("p")  # all time
        await pilot.pause()
        assert str(pane.query_one("#trends-period", Static).render()).startswith("All time")
        assert len(pane.query_one("#trends-twitch", Sparkline).data or []) == 40


async def test_empty_log_says_so(content: Content, isolated_state: Path) -> None:
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        await pilot.pause()
        pane = app.pane_widget(Section.TRENDS)
        assert isinstance(pane, TrendsPane)
        label = str(pane.query_one("#trends-twitch-label", Static).render())
        assert "nothing recorded" in label
        assert not pane.query_one("#trends-twitch", Sparkline).display


async def test_only_the_period_on_show_is_read(content: Content, isolated_state: Path) -> None:
    """A long log: the first open reads the 30 days shown, not ten years; each longer
    period reads once, a shorter one reuses what was read, a check-in reads again."""
    with open_store(isolated_state) as store:
        store.save_entries(backdated(400))
    app = make_app(content, isolated_state)
    asked: list[dt.date | None] = []
    async with app.run_test(size=SIZE) as pilot:
        log = app.store.log
        assert log is not None
        read = log.entries

        def spy(since: dt.date | None = None, until: dt.date | None = None
                ) -> list[DailyEntry]:
            asked.append(since)
            return read(since, until)

        log.entries = spy  # type: ignore[method-assign]
        await pilot.press("e")
        await pilot.pause()
        pane = app.pane_widget(Section.TRENDS)
        assert isinstance(pane, TrendsPane)
        assert asked == [TODAY - dt.timedelta(days=29)]
        assert len(pane.query_one("#trends-twitch", Sparkline).data or []) == 29
        await pilot.press("enter")  # into the pane
        for _ in range(4):  # 90 days, all time, 7 days, 30 days
            await pilot.press("p")
        await pilot.pause()
        assert asked == [TODAY - dt.timedelta(days=29), TODAY - dt.timedelta(days=89), None]
        assert len(pane.query_one("#trends-twitch", Sparkline).data or []) == 29
        await pilot.press("p", "p")  # 90 days, all time again: from memory
        await pilot.pause()
        assert len(asked) == 3
        assert len(pane.query_one("#trends-twitch", Sparkline).data or []) == 400
        with open_store(isolated_state) as other:
            other.save_entry(DailyEntry(TODAY, twitch=9))
        app.store.reload_if_changed()
        pane.saved_state_changed()
        await pilot.pause()
        assert asked[3:] == [None] and len(pane.query_one("#trends-twitch",
                                                          Sparkline).data or []) == 401
