"""The Today pane: a full check-in in at most 15 keys, past days, one transaction a save."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fasci_tui.content.model import Content
from fasci_tui.panes.today import TodayPane
from fasci_tui.panes.today_form import ROWS, Draft
from fasci_tui.places import Section
from fasci_tui.store import DailyEntry, Supplement, open_store
from tests.support.shell_helpers import make_app

SIZE = (80, 24)
TODAY = dt.date.today()

FULL_CHECKIN = ("3", "1", "7", "down", "2", "down", "0", "7", "down", "2", "1", "1", "3", "5",
                "enter")
"""Twitch 3; eyelid and calves; 2 caffeine; 0 alcohol; 7 h sleep; stress 2; light
exercise; habits 1, 3 and 5; saved."""


def saved(state: Path, day: dt.date = TODAY) -> DailyEntry | None:
    with open_store(state) as store:
        return store.entry(day)


async def open_today(pilot) -> TodayPane:  # type: ignore[no-untyped-def]
    await pilot.press("t")
    await pilot.pause()
    await pilot.press("enter")  # into the pane
    await pilot.pause()
    pane = pilot.app.pane_widget(Section.TODAY)
    assert isinstance(pane, TodayPane)
    return pane


async def test_a_full_checkin_takes_at_most_15_keys(content: Content,
                                                    isolated_state: Path) -> None:
    assert len(FULL_CHECKIN) <= 15
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_today(pilot)
        for key in FULL_CHECKIN:
            await pilot.press(key)
        await pilot.pause()
        assert not pane.dirty
        habits = [h.id for h in content.habits]
        assert app.store.state.checked == {habits[0], habits[2], habits[4]}
    entry = saved(isolated_state)
    assert entry is not None
    assert (entry.twitch, entry.sites, entry.caffeine, entry.alcohol, entry.sleep,
            entry.stress, entry.exercise) == (3, ("eyelid", "calves"), 2, 0, 7.0, 2, "light")
    assert entry.habits == {habits[0], habits[2], habits[4]}


async def test_past_days_open_and_save_on_their_own_day(content: Content,
                                                        isolated_state: Path) -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    with open_store(isolated_state) as store:
        store.save_entry(DailyEntry(yesterday, twitch=6, supplements=(
            Supplement("magnesium", 200, "mg"),)))
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_today(pilot)
        # Today has nothing yet: yesterday's supplements are offered again.
        assert "magnesium 200 mg" in pane.query_one("#today-supplements").value
        await pilot.press("comma")
        await pilot.pause()
        assert pane.day == yesterday and pane.draft.values["twitch"] == 6
        await pilot.press("4", "enter")  # twitch 4 on yesterday
        await pilot.pause()
        await pilot.press("full_stop", "full_stop")  # today, then no further
        await pilot.pause()
        assert pane.day == TODAY
    entry = saved(isolated_state, yesterday)
    assert entry is not None and entry.twitch == 4
    assert entry.supplements == (Supplement("magnesium", 200.0, "mg"),)
    assert saved(isolated_state) is None  # nothing saved for today


async def test_a_bad_supplement_saves_nothing(content: Content, isolated_state: Path) -> None:
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_today(pilot)
        await pilot.press("5")
        box = pane.query_one("#today-supplements")
        box.focus()
        await pilot.pause()
        box.value = "magnesium lots"
        await pilot.press("enter")
        await pilot.pause()
        status = str(pane.query_one("#today-status").render())
        assert "supplements" in status and "Nothing was saved" in status
        assert pane.dirty
    assert saved(isolated_state) is None


def test_digits_move_on_only_when_the_value_is_complete() -> None:
    draft = Draft(TODAY, ("a", "b"))
    draft.key("1")  # twitch could still be 10
    assert draft.row.field == "twitch"
    draft.key("0")
    assert draft.values["twitch"] == 10 and draft.row.field == "sites"
    draft.move(3)  # sleep
    assert draft.row.field == "sleep"
    for char in "7.5":
        draft.key(char)
    assert draft.values["sleep"] == 7.5 and draft.row.field == "stress"
    draft.key("9")  # stress is 0-5: ignored
    assert "stress" not in draft.values and draft.row.field == "stress"
    assert [row.field for row in ROWS][-1] == "habits"


@pytest.mark.parametrize("typed, expected", [("24", 24.0), ("0", 0.0), ("8", 8.0)])
def test_sleep_values(typed: str, expected: float) -> None:
    draft = Draft(TODAY, ())
    draft.move(4)
    for char in typed:
        draft.key(char)
    assert draft.values["sleep"] == expected


async def test_habits_saved_in_today_show_in_the_checklist(content: Content,
                                                           isolated_state: Path) -> None:
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")  # the checklist pane exists, nothing ticked
        await pilot.pause()
        checklist = app.pane_widget(Section.CHECKLIST)
        assert checklist is not None and checklist.checked == frozenset()  # type: ignore[attr-defined]
        await open_today(pilot)
        for _ in range(7):
            await pilot.press("down")
        await pilot.press("2", "enter")  # habit 2 ticked today, saved
        await pilot.pause()
        await pilot.press("k")
        await pilot.pause()
        assert checklist.checked == {content.habits[1].id}  # type: ignore[attr-defined]
        assert app.sidebar.checklist_label == f"Checklist 1/{len(content.habits)}"


async def test_a_full_disk_gets_a_message_and_the_draft_stays(
        content: Content, isolated_state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fasci_tui.store import StoreError

    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_today(pilot)
        log = app.store.log
        assert log is not None

        def full(entry: DailyEntry) -> None:
            raise StoreError("cannot save the entry: the disk holding it is full; nothing "
                             "was changed")

        monkeypatch.setattr(log, "save_entry", full)
        await pilot.press("4", "enter")
        await pilot.pause()
        status = str(pane.query_one("#today-status").render())
        assert "disk" in status and "full" in status and "Nothing was saved" in status
        assert pane.dirty and pane.draft.values["twitch"] == 4  # kept, to try again


async def test_g_opens_a_day_by_its_date(content: Content, isolated_state: Path) -> None:
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_today(pilot)
        await pilot.press("g")
        await pilot.pause()
        for char in "1999-13-01":
            await pilot.press(char)
        await pilot.press("enter")
        await pilot.pause()
        assert "date: must be a date" in str(pane.query_one("#today-status").render())
        box = pane.query_one("#today-date")
        box.value = "2020-02-29"
        await pilot.press("enter")
        await pilot.pause()
        assert pane.day == dt.date(2020, 2, 29) and not box.display
        await pilot.press("g", "escape")
        await pilot.pause()
        assert not box.display and pane.day == dt.date(2020, 2, 29)
        assert app.focused is pane.query_one("#today-form")


async def test_a_day_over_an_upper_limit_says_so_with_the_source(content: Content,
                                                                  isolated_state: Path) -> None:
    with open_store(isolated_state) as store:
        store.save_entry(DailyEntry(TODAY, twitch=2, supplements=(
            Supplement("magnesium", 300, "mg"), Supplement("Mg citrate", 100, "mg"))))
        store.save_entry(DailyEntry(TODAY - dt.timedelta(days=1), twitch=2, supplements=(
            Supplement("magnesium", 300, "mg"),)))
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_today(pilot)
        limits = pane.query_one("#today-limits")
        assert limits.display
        text = str(limits.render())
        assert "Magnesium from supplements: 400 mg" in text
        assert "350 mg" in text and "Institute of Medicine" in text
        await pilot.press("comma")  # yesterday: 300 mg, within the limit
        await pilot.pause()
        assert not limits.display


async def test_the_watch_shows_a_new_finding_once(content: Content,
                                                  isolated_state: Path) -> None:
    with open_store(isolated_state) as store:
        store.save_entry(DailyEntry(TODAY - dt.timedelta(days=16), twitch=3, sites=("calves",)))
        store.save_entry(DailyEntry(TODAY, twitch=2, sites=("calves",)))
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_today(pilot)
        box = pane.query_one("#today-watch")
        assert box.display
        text = " ".join(str(box.render()).split())
        assert "two weeks" in text and "NHS" in text and "MedlinePlus" in text
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_today(pilot)
        assert not pane.query_one("#today-watch").display  # shown once


async def test_no_watch_notice_on_the_near_side(content: Content, isolated_state: Path) -> None:
    with open_store(isolated_state) as store:
        store.save_entry(DailyEntry(TODAY - dt.timedelta(days=14), twitch=3, sites=("calves",)))
        store.save_entry(DailyEntry(TODAY, twitch=2, sites=("calves",)))
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_today(pilot)
        box = pane.query_one("#today-watch")
        assert box.display and "usually harmless" in str(box.render())
        assert "doctor should see" not in str(box.render())


async def test_v_opens_the_visit_summary(content: Content, isolated_state: Path) -> None:
    from fasci_tui.screens.report import ReportScreen

    with open_store(isolated_state) as store:
        store.save_entry(DailyEntry(TODAY - dt.timedelta(days=3), twitch=4, sites=("calves",)))
        store.save_entry(DailyEntry(TODAY, twitch=2, sites=("eyelid",)))
    app = make_app(content, isolated_state)
    async with app.run_test(size=SIZE) as pilot:
        await open_today(pilot)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        text = " ".join(str(app.screen.query_one("#report-text").render()).split())
        assert "Body areas" in text or "Overview" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReportScreen)
