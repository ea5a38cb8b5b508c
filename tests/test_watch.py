"""The red-flag watch: both sides of every threshold, from backdated logs and answers;
the ``watch`` command's exit codes; findings remembered as seen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fasci_tui.cli import main
from fasci_tui.content import Content
from fasci_tui.content.watch import AREAS, QUESTIONS, SPAN_DAYS, check, render_watch
from fasci_tui.store import DailyEntry, open_store
from fasci_tui.store.results import Answer

TODAY = dt.date(2026, 12, 2)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def kinds(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.key.split(":")[0] + (":" + f.key.split(":")[1] if f.key.startswith("yes") else "")
            for f in result.findings]


@pytest.mark.parametrize(("span", "found"), [(SPAN_DAYS, False), (SPAN_DAYS + 1, True)])
def test_span_threshold(content: Content, span: int, found: bool) -> None:
    entries = [DailyEntry(ago(span), twitch=3, sites=("calves",)),
               DailyEntry(ago(0), twitch=2, sites=("calves",))]
    result = check(content, entries, [], TODAY)
    assert ("span" in kinds(result)) is found
    assert result.reassure is not found


def test_days_without_twitching_do_not_count(content: Content) -> None:
    entries = [DailyEntry(ago(30), twitch=0, sleep=7.0), DailyEntry(ago(0), twitch=2)]
    assert check(content, entries, [], TODAY).findings == ()


def test_old_twitching_outside_the_window_does_not_count(content: Content) -> None:
    entries = [DailyEntry(ago(120), twitch=5), DailyEntry(ago(0), twitch=2)]
    assert check(content, entries, [], TODAY).findings == ()


@pytest.mark.parametrize(("sites", "found"), [
    (("calves", "eyelid"), False), (("calves", "eyelid", "arms"), True)])
def test_areas_threshold(content: Content, sites: tuple[str, ...], found: bool) -> None:
    assert len(sites) == AREAS - (not found)
    entries = [DailyEntry(ago(2), twitch=3, sites=sites[:1]),
               DailyEntry(ago(1), twitch=3, sites=sites[1:])]
    result = check(content, entries, [], TODAY)
    assert ("areas" in kinds(result)) is found


@pytest.mark.parametrize("question", [q.id for q in QUESTIONS])
def test_any_yes_is_a_finding_and_a_later_no_clears_it(content: Content,
                                                       question: str) -> None:
    yes = [Answer(ago(3), question, True)]
    assert kinds(check(content, [], yes, TODAY)) == [f"yes:{question}"]
    assert check(content, [], [*yes, Answer(ago(1), question, False)], TODAY).findings == ()
    assert check(content, [], [Answer(ago(1), question, False)], TODAY).findings == ()


def test_text_cites_guidance_names_no_condition_and_offers_the_summary(
        content: Content) -> None:
    entries = [DailyEntry(ago(20), twitch=3, sites=("calves",)), DailyEntry(ago(0), twitch=2)]
    text = render_watch(content, check(content, entries, [], TODAY))
    assert "nhs-twitching" in text and "medlineplus-twitching" in text
    assert "fasci-tui report" in text
    assert f"Check again on {(TODAY + dt.timedelta(days=7)).isoformat()}" in text
    for condition in ("ALS", "sclerosis", "motor neuron", "benign fasciculation"):
        assert condition not in text


def test_reassurance_when_the_log_shows_the_opposite(content: Content) -> None:
    entries = [DailyEntry(ago(3), twitch=2, sites=("eyelid",)), DailyEntry(ago(0), twitch=1)]
    result = check(content, entries, [Answer(ago(0), "weakness", False)], TODAY)
    assert result.reassure and not result.findings
    assert result.check_again == ago(3) + dt.timedelta(days=SPAN_DAYS + 1)
    text = render_watch(content, result)
    assert "70%" in text and "blexrud-1993" in text


def test_watch_command_exit_codes(isolated_state: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["watch"]) == 0
    with open_store(isolated_state) as store:
        today = dt.date.today()
        store.save_entry(DailyEntry(today - dt.timedelta(days=2), twitch=3, sites=("calves",)))
    assert main(["watch", "--answer", "weakness=no"]) == 0
    assert "70%" in capsys.readouterr().out
    assert main(["watch", "--answer", "swallowing=yes"]) == 1
    assert "swallowing" in capsys.readouterr().out
    assert main(["watch", "--answer", "swallowing=maybe"]) == 2
    assert main(["watch", "--answer", "swallowing=no"]) == 0
    with open_store(isolated_state) as store:
        assert [a.yes for a in store.answers() if a.question == "swallowing"] == [False]


def test_seen_findings_are_remembered_and_wiped(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        assert store.seen_findings() == frozenset()
        store.mark_findings_seen(["span:2026-11-01"])
        store.mark_findings_seen(["areas:2026-11-01"])
        assert store.seen_findings() == {"span:2026-11-01", "areas:2026-11-01"}
        store.save_answer(Answer(ago(1), "medicine", True))
        store.wipe()
        assert store.seen_findings() == frozenset() and store.answers() == []
