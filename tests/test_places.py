"""Places: keys both ways, sidebar order, titles, jump keys, finding a place by name."""

from __future__ import annotations

import pytest

from fasci_tui.content.model import Content
from fasci_tui.places import (
    OVERVIEW,
    PAGE_SECTIONS,
    SECTION_TABLE,
    Place,
    Section,
    exists,
    find_place,
    label,
    next_item,
    nutrient_place,
    reading_label,
    sidebar_places,
    spec,
    title,
)
from fasci_tui.target import SECTIONS


def test_every_section_has_one_row_in_the_table() -> None:
    assert [s.section for s in SECTION_TABLE] == list(Section)
    keys = [key for s in SECTION_TABLE for key in s.keys.split(",")]
    assert len(keys) == len(set(keys))  # no jump key used twice
    # every key users have had: o c k f d r n and the digits 1-7, w (Twitching), t e
    assert {"o", "n", "c", "k", "f", "d", "r", "w", *"1234567"} <= set(keys)
    assert [spec(s).jump_key for s in Section] == ["o", "n", "w", "c", "k", "f", "d", "r",
                                                   "t", "e"]


def test_keys_both_ways(content: Content) -> None:
    for place in sidebar_places(content):
        assert Place.from_key(place.key) == place
    assert nutrient_place("magnesium").key == "nutrient-magnesium"
    assert Place.from_key("nutrient-vitamin-b12") == Place(Section.NUTRIENT, "vitamin-b12")
    assert Place(Section.FAQ, "q-1").key == "faq"  # the item is revealed on the FAQ page
    assert Place(Section.FAQ, "q-1").page == Place(Section.FAQ)
    assert Place(Section.FAQ, "q-1").reveal_item == "q-1"
    assert nutrient_place("calcium").reveal_item is None
    assert nutrient_place("calcium").page == nutrient_place("calcium")
    for bad in ("", "nutrient", "nutrient-", "faq-x", "nonsense"):
        with pytest.raises(ValueError, match="no place"):
            Place.from_key(bad)


def test_sidebar_order(content: Content) -> None:
    keys = [place.key for place in sidebar_places(content)]
    assert keys == ["overview", *(f"nutrient-{n.id}" for n in content.nutrients),
                    *(f"twitching-{p.id}" for p in content.pages),
                    "compare", "checklist", "faq", "foods", "references", "today", "trends"]
    assert SECTIONS == ("overview", "compare", "checklist", "faq", "foods", "references",
                        "today", "trends")
    assert Section.NUTRIENT not in PAGE_SECTIONS and Section.TWITCHING not in PAGE_SECTIONS


def test_titles_and_labels(content: Content) -> None:
    b1 = content.nutrient("vitamin-b1")
    assert title(content, nutrient_place("vitamin-b1")) == b1.name
    assert label(content, nutrient_place("vitamin-b1")) == "Vitamin B1"
    assert title(content, OVERVIEW) == "Overview"
    assert title(content, Place(Section.FAQ, "anything")) == "FAQ"
    assert title(content, nutrient_place("no-such")) == "no-such"
    bfs = Place(Section.TWITCHING, "benign-fasciculation-syndrome")
    assert title(content, bfs) == "Benign fasciculation syndrome (BFS)"
    assert label(content, bfs) == "BFS"  # the page's own sidebar label
    assert label(content, Place(Section.TWITCHING, "other-causes")) == "Other causes"


def test_reading_labels_fit_the_sidebar() -> None:
    assert reading_label("Other causes of twitching, and what a doctor may check") == \
        "Other causes of t…"
    assert reading_label("Sleep (and rest)") == "Sleep"
    assert len(reading_label("x" * 40)) == 18


def test_exists(content: Content) -> None:
    assert exists(content, nutrient_place("magnesium"))
    assert not exists(content, nutrient_place("unobtainium"))
    assert exists(content, Place(Section.REFERENCES))


def test_find_place(content: Content) -> None:
    assert find_place(content, "FAQ") == Place(Section.FAQ)
    assert find_place(content, "b12") == nutrient_place("vitamin-b12")
    assert find_place(content, "Mg") == nutrient_place("magnesium")
    assert find_place(content, "nutrient") is None  # a section of pages, not a page
    assert find_place(content, "nonsense") is None
    bfs = Place(Section.TWITCHING, "benign-fasciculation-syndrome")
    assert find_place(content, "bfs") == bfs and find_place(content, "BFS") == bfs
    assert find_place(content, "benign-fasciculation-syndrome") == bfs
    assert find_place(content, "causes") == Place(Section.TWITCHING, "other-causes")


def test_next_item_wraps(content: Content) -> None:
    ids = [n.id for n in content.nutrients]
    assert next_item(content, Section.NUTRIENT, OVERVIEW) == nutrient_place(ids[0])
    assert next_item(content, Section.NUTRIENT, nutrient_place(ids[0])) == nutrient_place(ids[1])
    assert next_item(content, Section.NUTRIENT, nutrient_place(ids[-1])) == nutrient_place(ids[0])
    assert next_item(content, Section.FAQ, OVERVIEW) is None  # one page: no items
