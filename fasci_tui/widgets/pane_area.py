"""The content area: one pane per section, created the first time it is shown.

All nutrients share one pane, told which nutrient to show (data flows down). Pane
classes come from panes.registry, so a pane's module is imported only when needed.
"""

from __future__ import annotations

from textual.widgets import ContentSwitcher

from fasci_tui.config import Settings
from fasci_tui.content.measures import units_setting
from fasci_tui.content.model import Content
from fasci_tui.content.regions import region_setting
from fasci_tui.panes.base import Pane
from fasci_tui.panes.registry import pane_class
from fasci_tui.places import Place, Section, items
from fasci_tui.runtime import quiet_cursors
from fasci_tui.state import StateStore


class PaneArea(ContentSwitcher):
    """A ContentSwitcher of :class:`Pane` s, starting with the pane of ``first``.

    The first pane is composed with the layout, so the first frame is drawn in one
    pass. With ``quiet``, text cursors in new panes do not blink (over SSH). The
    ``settings`` give each pane its ``region`` (upper limits) and ``units`` (servings).
    """

    def __init__(self, content: Content, store: StateStore, first: Place, *,
                 quiet: bool = False, settings: Settings | None = None,
                 id: str | None = None) -> None:
        self._content = content
        settings = settings or Settings()
        self._region = region_setting(settings)
        self._units = units_setting(settings)
        self._store = store
        self._quiet = quiet
        self._panes: dict[Section, Pane] = {}
        pane = self._make(first)
        super().__init__(pane, id=id, initial=pane.id)

    def _make(self, place: Place) -> Pane:
        pane = pane_class(place.section).create(self._content, self._store, place)
        pane.id = f"pane-{place.section}"
        pane.use_region(self._region)
        pane.use_units(self._units)
        self._panes[place.section] = pane
        return pane

    def pane(self, section: Section) -> Pane | None:
        """The pane of ``section`` if it was created, else None."""
        return self._panes.get(section)

    async def ensure(self, place: Place) -> Pane:
        """The pane of ``place``'s section, created (and mounted, hidden) if need be."""
        pane = self._panes.get(place.section)
        if pane is None:
            pane = self._make(place)
            await self.add_content(pane)
            if self._quiet:
                quiet_cursors(pane)
        return pane

    async def prepare(self) -> None:
        """Get the likeliest next stops ready before their keys: build the nutrient pane,
        and import the Today and Trends panes' modules (the daily check-in and its charts;
        built only when first shown, as the Today pane shows the watch's findings then)."""
        nutrients = items(self._content, Section.NUTRIENT)
        if nutrients:
            await self.ensure(Place(Section.NUTRIENT, nutrients[0].id))
        for section in (Section.TODAY, Section.TRENDS):
            pane_class(section)

    async def show(self, place: Place) -> Pane:
        """Show ``place``'s page; its pane is returned."""
        pane = await self.ensure(place)
        pane.show(place.page)
        self.current = pane.id
        return pane
