"""Any place's page in any output format: ``show --format txt|md|json`` (and ``csv`` for
the compare table), and the Markdown ``y`` copies. Textual-free.

Places are named by their section (``overview``, ``compare``...) or a nutrient id, as
on the command line; :func:`page_of` builds the page, :func:`render_as` writes it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from fasci_tui.content.model import Content
from fasci_tui.content.page import Page

if TYPE_CHECKING:
    from fasci_tui.store.records import Profile

FORMATS = ("txt", "md", "json")
"""Formats of every page (``csv`` is the compare table's alone)."""
TABLE_FORMATS = ("csv",)
"""Formats of the compare table only."""


PERSONAL_SHOWS = ("today", "trends")
"""What ``show`` prints from the person's log (not pages of the content)."""
SHOW_SECTIONS = ("overview", "doctor", "compare", "checklist", "faq", "foods", "references",
                 *PERSONAL_SHOWS)
"""Every place ``show`` knows by name (besides nutrients and reading pages)."""


def place_names(content: Content) -> list[str]:
    """Every name ``show`` takes: the sections, each reading page's id and aliases, each
    nutrient's id, name and aliases (for did-you-mean and shell completion)."""
    names = list(SHOW_SECTIONS)
    names += [name for page in content.pages for name in (page.id, *page.aliases)]
    for nutrient in content.nutrients:
        names += [nutrient.id, nutrient.name, *nutrient.aliases]
    return list(dict.fromkeys(name.lower() for name in names))


def page_of(content: Content, key: str, item: str | None = None, done: Iterable[str] = (),
            sort: str | None = None, descending: bool = False,
            profile: Profile | None = None, region: str | None = None,
            units: str = "us") -> Page | None:
    """The page of section ``key``, or of the reading page or nutrient ``key`` names (the
    app passes its section and ``item``: ``twitching``/``nutrient`` and an id); None if
    there is none (the log's ``today`` and ``trends`` are not content pages). ``show``
    (every format) and ``y`` all come here; ``profile`` makes intakes the person's and
    ``region`` (the setting) puts that region's upper limit first where regions differ;
    ``units`` (the setting) measures food servings in US or metric units."""
    from fasci_tui.content import pages

    builders = {
        "overview": lambda: pages.overview_page(content),
        "doctor": lambda: pages.doctor_page(content),
        "checklist": lambda: pages.checklist_page(content, done),
        "faq": lambda: pages.faq_page(content),
        "foods": lambda: pages.foods_page(content, units),
        "references": lambda: pages.references_page(content),
        "compare": lambda: pages.compare_page(content, sort, descending, profile, region),
    }
    if key in builders:
        return builders[key]()
    name = item if item and key in ("nutrient", "twitching") else key
    reading = content.find_page(name) if key != "nutrient" else None
    if reading is not None:
        return pages.reading_page(content, reading)
    nutrient = content.find_nutrient(name) if key != "twitching" else None
    if nutrient is None:
        return None
    from fasci_tui.content.nutrient_page import nutrient_page
    from fasci_tui.content.personal import personal_intake

    intake = personal_intake(nutrient, profile) if profile is not None else None
    return nutrient_page(content, nutrient, intake, region, units)


def render_as(page: Page, fmt: str, width: int = 80) -> str:
    """``page`` in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "md":
        from fasci_tui.content.markdown import render as markdown

        return markdown(page)
    if fmt == "json":
        from fasci_tui.content.json_page import render as as_json

        return as_json(page)
    from fasci_tui.content.text import render as plain_text

    return plain_text(page, width)


def compare_csv(content: Content, sort: str | None = None, descending: bool = False,
                region: str | None = None) -> str:
    """The compare table as CSV: a header row, then a row per nutrient (every column);
    ``region`` as for :func:`page_of`."""
    from fasci_tui.content.page import Table
    from fasci_tui.content.pages import compare_page

    table = next(b for b in compare_page(content, sort, descending, region=region).blocks
                 if isinstance(b, Table))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return out.getvalue()


def place_markdown(content: Content, key: str, item: str | None = None,
                   done: Iterable[str] = ()) -> str:
    """The Markdown of a place's page (``y`` in the app); empty if there is no page."""
    page = page_of(content, key, item, done)
    return render_as(page, "md") if page is not None else ""
