"""Where the app opens: a section, optionally a nutrient, a FAQ query or a table sort."""

from __future__ import annotations

from typing import NamedTuple

SECTIONS = ("overview", "compare", "checklist", "faq", "foods", "references")
"""Sections that are not a nutrient page, in sidebar order (nutrients follow overview)."""


class Target(NamedTuple):
    """A place in the app: ``section`` is one of SECTIONS or ``"nutrient"``."""

    section: str = "overview"
    nutrient_id: str | None = None
    faq_search: str | None = None
    sort_column: str | None = None
    sort_descending: bool = False

    @property
    def pane_id(self) -> str:
        """The sidebar/pane key: a section name or ``nutrient-<id>``."""
        return f"nutrient-{self.nutrient_id}" if self.section == "nutrient" else self.section
