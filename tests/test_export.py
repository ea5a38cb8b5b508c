"""Every place as Markdown and JSON (the page model's other renderers), the table as CSV,
and ``show --format`` on the command line."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from fasci_tui.cli import main
from fasci_tui.content.compare import COLUMNS
from fasci_tui.content.export import compare_csv, page_of, render_as
from fasci_tui.content.markdown import render_blocks
from fasci_tui.content.model import Content
from fasci_tui.content.page import Hint, plain
from fasci_tui.content.pages import faq_blocks

PLACES = ("overview", "compare", "checklist", "faq", "foods", "references")


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{4,}", text.lower()))


def all_places(content: Content) -> list[str]:
    return [*PLACES, *(n.id for n in content.nutrients)]


def test_every_place_renders_in_every_format_with_the_same_words(content: Content) -> None:
    for key in all_places(content):
        page = page_of(content, key)
        assert page is not None, key
        plain_words = words(render_as(page, "txt", 100))
        markdown = render_as(page, "md")
        assert markdown.startswith("# "), key
        assert plain_words <= words(markdown), (key, plain_words - words(markdown))
        data = json.loads(render_as(page, "json"))
        assert data["title"] == page.title and data["format"] == 1
        shown = [b for b in page.blocks if not isinstance(b, Hint)]
        assert [b["type"] for b in data["blocks"]] == [type(b).__name__.lower() for b in shown]
        assert plain_words <= words(json.dumps(data)), key


def test_markdown_marks(content: Content) -> None:
    markdown = render_as(page_of(content, "magnesium"), "md")
    assert "# Magnesium *(mineral)*" in markdown
    assert "\n## Adult intake per day\n" in markdown
    assert "| Who | Ages | Amount |\n|---|---|---|\n" in markdown
    assert "**" in markdown and "\n- " in markdown
    references = render_as(page_of(content, "references"), "md")
    assert re.search(r"<https?://[^ >]+>", references)  # addresses stay whole, as links
    entry = content.faq[0]
    answer = render_blocks(faq_blocks(content, 1, entry))
    assert answer.startswith(f"1. **{entry.question}**")


def test_compare_as_csv_has_every_column_and_row(content: Content) -> None:
    rows = list(csv.reader(io.StringIO(compare_csv(content))))
    assert rows[0][0] == "Nutrient" and len(rows[0]) == len(COLUMNS)
    assert len(rows) == len(content.nutrients) + 1
    assert all(n.name.startswith(r[0]) for r, n in zip(rows[1:], content.nutrients, strict=True))
    by_intake = list(csv.reader(io.StringIO(compare_csv(content, "intake", True))))
    assert sorted(r[0] for r in by_intake[1:]) == sorted(r[0] for r in rows[1:])
    assert by_intake[1:] != rows[1:]


def test_unknown_place_has_no_page(content: Content) -> None:
    assert page_of(content, "nonsense") is None
    assert page_of(content, "mg") is not None  # aliases work


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_show_format_prints_each_place(content: Content, fmt: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    for key in ("magnesium", "faq", "checklist"):
        assert main(["show", key, "--format", fmt]) == 0
        out = capsys.readouterr().out
        if fmt == "json":
            assert json.loads(out)["blocks"]
        else:
            assert out.startswith("# ")


def test_show_format_csv_and_mistakes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "compare", "--format", "csv", "--sort", "limit"]) == 0
    assert capsys.readouterr().out.startswith("Nutrient,")
    assert main(["show", "faq", "--format", "csv"]) == 2
    assert "csv is for the table" in capsys.readouterr().err
    assert main(["show", "magnesium", "--format", "pdf"]) == 2
    assert "unknown format 'pdf'" in capsys.readouterr().err
    assert main(["show", "magnesum", "--format", "md"]) == 2
    assert "did you mean 'magnesium'" in capsys.readouterr().err
    assert main(["faq", "--format", "md"]) == 2
    assert "--format goes with show" in capsys.readouterr().err


def test_plain_and_markdown_agree_on_runs(content: Content) -> None:
    page = page_of(content, "overview")
    assert page is not None
    for block in page.blocks:
        text = getattr(block, "text", None)
        if isinstance(text, tuple) and text:
            assert words(plain(text)) <= words(render_blocks([block]))
