"""The visit summary: its contents from a backdated log, its three formats (HTML self-
contained and escaped), and the ``report`` command."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from fasci_tui.cli import main
from fasci_tui.content import Content
from fasci_tui.content.html import render as render_html
from fasci_tui.content.markdown import render as render_md
from fasci_tui.content.report import QUESTIONS_TO_ASK, build_report
from fasci_tui.content.text import render as render_text
from fasci_tui.store import DailyEntry, Profile, Supplement, open_store
from fasci_tui.store.results import Answer, LabResult

TODAY = dt.date(2026, 12, 2)


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def sample_log() -> list[DailyEntry]:
    entries = []
    for n in range(20, -1, -1):
        sites = ("calves", "eyelid") if n % 3 == 0 else ("calves",)
        supplements = (Supplement("magnesium", 250, "mg"),) if n % 2 == 0 else ()
        if n == 4:
            supplements = (Supplement("magnesium", 300, "mg"), Supplement("Mg", 100, "mg"),
                           Supplement("zinc", 10, "mg"))
        entries.append(DailyEntry(ago(n), twitch=n % 6 + 1, sites=sites, caffeine=n % 3,
                                  sleep=6.0 + n % 3, stress=n % 4,
                                  supplements=supplements, note="long run <b>" if n == 6
                                  else ""))
    return entries


def sample_page(content: Content):  # type: ignore[no-untyped-def]
    answers = [Answer(ago(2), "weakness", False), Answer(ago(1), "medicine", True)]
    labs = [LabResult(ago(10), "magnesium", 1.6, "mg/dL", 1.7, 2.2)]
    return build_report(content, sample_log(), answers, labs, Profile("female", 40), TODAY,
                        ago(29))


def test_report_contents(content: Content) -> None:
    text = " ".join(render_text(sample_page(content)).split())
    assert "First twitching logged 2026-11-12" in text
    assert "Days logged in this period 21" in text
    assert "2026-12-02 (Wed) 1 of 10" in text  # the chart
    assert re.search(r"calves\s+21", text) and re.search(r"eyelid\s+7", text)
    assert "Caffeine (any)" in text and "not what causes what" in text
    assert "Magnesium 400 mg (magnesium 300 mg + Mg 100 mg), over the UL" in text
    assert "zinc 10 mg (not counted" in text
    assert "Institute of Medicine" in text
    assert "yes to \"Started a new medicine?\"" in text
    assert "no (2026-11-30)" in text  # the weakness answer
    assert "below the lab's own range 1.7–2.2 mg/dL" in text
    assert "two weeks" in text  # the span finding, cited
    assert "nhs-twitching" in text
    for question in QUESTIONS_TO_ASK:
        assert question.split()[0] in text
    for condition in ("ALS", "sclerosis", "motor neuron"):
        assert condition not in text


def test_formats_say_the_same_words(content: Content) -> None:
    page = sample_page(content)
    markdown = render_md(page)
    html = render_html(page)
    for words in ("Visit summary", "Body areas", "Lab results", "Questions to ask"):
        assert words in markdown and words in html


def test_html_is_self_contained_escaped_and_prints(content: Content) -> None:
    html = render_html(sample_page(content))
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "@media print" in html
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"(src|href)=", html) and "@import" not in html
    assert "long run &lt;b&gt;" in html and "<b>" not in html


def test_report_command(isolated_state: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    today = dt.date.today()
    with open_store(isolated_state) as store:
        for n in range(16, -1, -2):
            store.save_entry(DailyEntry(today - dt.timedelta(days=n), twitch=3,
                                        sites=("calves",)))
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    assert "Visit summary" in out and "Days logged in this period" in out
    target = tmp_path / "visit.html"
    assert main(["report", "--since", "all", "--format", "html", str(target)]) == 0
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert main(["report", "--since", "lately"]) == 2
    assert main(["report", "--format", "pdf"]) == 2
    assert main(["report", str(tmp_path / "missing" / "x.txt")]) == 3
    assert "could not be written" in capsys.readouterr().err
