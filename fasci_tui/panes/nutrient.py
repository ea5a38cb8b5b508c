"""The nutrient page: everything one nutrient record holds, laid out for reading.

One ``NutrientPane`` is reused for every nutrient. The page is one :class:`Document`
followed by a few related-nutrient links; setting ``nutrient_id`` replaces the
document's blocks and relabels the links in place, so moving through the sidebar
redraws the page in the same frame as the sidebar instead of composing dozens of
widgets again. What the page says comes from the page model
(``fasci_tui.content.nutrient_page``), the same blocks ``fasci-tui show`` prints; this
pane only draws them (``fasci_tui.widgets.blocks``) and makes the Links block buttons.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content as Text
from textual.reactive import reactive
from textual.widgets import Button

from fasci_tui.content.model import Content, Nutrient
from fasci_tui.content.nutrient_page import nutrient_page, related_ids
from fasci_tui.content.page import Links, percent_text
from fasci_tui.content.page import bar_cells as food_bar
from fasci_tui.content.personal import personal_intake
from fasci_tui.messages import Navigate
from fasci_tui.panes.base import Pane
from fasci_tui.panes.document_pane import presize_scrollbar
from fasci_tui.places import Place, nutrient_place
from fasci_tui.state import StateStore
from fasci_tui.widgets.blocks import MUTED, to_document
from fasci_tui.widgets.document import Block, Document, Page, settled_size

if TYPE_CHECKING:
    from fasci_tui.store.records import Profile

__all__ = ["NutrientPane", "RelatedLink", "food_bar", "percent_text", "unicode_bars_supported"]


def unicode_bars_supported() -> bool:
    """True when the terminal's output encoding can show block characters."""
    encoding = getattr(sys.__stdout__, "encoding", None) or "utf-8"
    return encoding.lower().replace("-", "").replace("_", "").startswith(("utf", "ucs"))


class _Links(Vertical):
    """The related-nutrient links, one a line."""

    virtual_size = settled_size()


class RelatedLink(Button):
    """A link to a related nutrient.

    The pane keeps a fixed set of links and points them at each nutrient's related
    ones: ``nutrient_id`` is the nutrient a link opens (None when the link is unused).
    """

    virtual_size = settled_size()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.nutrient_id: str | None = None


class NutrientPane(Pane, VerticalScroll):
    """One nutrient's page. It scrolls with ↑/↓, PgUp/PgDn, Home/End when focused.

    Set ``nutrient_id`` to show a nutrient (None shows a hint). Related nutrients are
    buttons: Tab (or ``l``) reaches them and Enter posts ``Navigate(nutrient_place(id))``.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("l", "focus_links", "Related", show=True,
                tooltip="Jump to the related nutrients (Enter opens one)"),
    ]

    nutrient_id: reactive[str | None] = reactive(None, repaint=False)
    """The id of the nutrient shown (``magnesium``); None shows a hint."""

    def __init__(
        self,
        content: Content,
        nutrient_id: str | None = None,
        *,
        ascii_bars: bool | None = None,
        **kwargs: object,
    ) -> None:
        """``ascii_bars`` forces ASCII (True) or block (False) bars; None detects."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._content = content
        self._ids = frozenset(n.id for n in content.nutrients)
        self.ascii_bars = (not unicode_bars_supported()) if ascii_bars is None else ascii_bars
        self._document: Document | None = None
        self._links_box: Vertical | None = None
        self._links: list[RelatedLink] = []
        self.profile: Profile | None = None
        """Whose intakes the page shows (None: the adult reference); see :meth:`show`."""
        self._store: StateStore | None = None
        self.set_reactive(NutrientPane.nutrient_id, self._normalise(nutrient_id))

    # -- data -----------------------------------------------------------------------------

    def _normalise(self, value: str | None) -> str | None:
        if value and value.startswith("nutrient-"):
            bare = value.removeprefix("nutrient-")
            if bare in self._ids:
                return bare
        return value

    def validate_nutrient_id(self, value: str | None) -> str | None:
        """Accept a pane id (``nutrient-magnesium``) as well as a bare nutrient id."""
        return self._normalise(value)

    @property
    def nutrient(self) -> Nutrient | None:
        """The nutrient shown, or None (no id set, or an unknown id)."""
        if self.nutrient_id is None:
            return None
        try:
            return self._content.nutrient(self.nutrient_id)
        except KeyError:
            return None

    @nutrient.setter
    def nutrient(self, value: Nutrient | str | None) -> None:
        self.nutrient_id = value.id if isinstance(value, Nutrient) else value

    def _related(self, nutrient: Nutrient | None) -> list[Nutrient]:
        """The related nutrients that exist, in the record's order."""
        if nutrient is None:
            return []
        return [self._content.nutrient(r) for r in related_ids(self._content, nutrient)]

    def watch_nutrient_id(self) -> None:
        """Show the new nutrient at once: one redraw, from the top, focus kept in the pane."""
        document = self._document
        if document is None or self._links_box is None:  # compose() reads nutrient_id
            return
        focused = self.screen.focused if self.is_attached else None
        if focused is not None and focused is not self and self in focused.ancestors:
            self.screen.set_focus(self, scroll_visible=False)  # now, not after this frame
        blocks, related = self._page(self.nutrient)
        laid_out = self._laid_out()
        document.set_blocks(blocks)
        self._label_links(related)
        if laid_out:
            presize_scrollbar(self, document, len(related))
        if self.scroll_x or self.scroll_y or self.scroll_target_y:
            # Now rather than after the next refresh, which would draw a second frame.
            self.scroll_to(0, 0, animate=False, immediate=True)

    def _laid_out(self) -> bool:
        """True if the page's length is the document's and one line for each link."""
        assert self._document is not None and self._links_box is not None
        links = len(self._shown_links())
        return (self._links_box.outer_size.height == links
                and self.virtual_size.height == self._document.outer_size.height + links)

    # -- pane contract --------------------------------------------------------------------

    @classmethod
    def create(cls, content: Content, store: StateStore, place: Place) -> NutrientPane:
        """A pane showing ``place``'s nutrient, with the intakes of ``store``'s profile."""
        pane = cls(content, nutrient_id=place.item)
        pane._store = store
        pane.profile = store.profile
        return pane

    def show(self, place: Place) -> None:
        """Show the nutrient of ``place`` (again, if the profile changed meanwhile)."""
        super().show(place)
        profile = self._store.profile if self._store is not None else self.profile
        if profile != self.profile:
            self.profile = profile
            if self.nutrient_id == place.item:
                self.watch_nutrient_id()
        self.nutrient_id = place.item

    @property
    def title(self) -> str:
        """The nutrient's full name."""
        nutrient = self.nutrient
        return nutrient.name if nutrient is not None else super().title

    def enter(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        self.focus()

    def _shown_links(self) -> list[RelatedLink]:
        return [link for link in self._links if link.display and link.nutrient_id]

    def reveal(self, item: str) -> None:
        """Focus the related-nutrient link for ``item`` (a nutrient id), if there is one."""
        wanted = self._normalise(item)
        for link in self._shown_links():
            if link.nutrient_id == wanted:
                link.focus()
                return

    def action_focus_links(self) -> None:
        """Move focus to the first related-nutrient link."""
        links = self._shown_links()
        if links:
            links[0].focus()

    @on(Button.Pressed, ".np-link")
    def _open_related(self, event: Button.Pressed) -> None:
        event.stop()
        target = getattr(event.button, "nutrient_id", None)
        if target:
            self.post_message(Navigate(nutrient_place(target)))

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        """The page as one document, then as many links as any nutrient needs."""
        blocks, related = self._page(self.nutrient)
        self._document = Page(blocks, inset=1, id="np-document")
        yield self._document
        pool = max((len(self._related(n)) for n in self._content.nutrients), default=0)
        self._links = [RelatedLink("", compact=True, classes="np-link") for _ in range(pool)]
        self._label_links(related)
        self._links_box = _Links(*self._links, id="np-links", classes="np-links")
        yield self._links_box

    def _label_links(self, related: tuple[tuple[str, str], ...]) -> None:
        """Point the first links at ``related`` ((id, label) pairs) and hide the rest."""
        for index, link in enumerate(self._links):
            target = related[index] if index < len(related) else None
            link.nutrient_id = target[0] if target else None
            if target is not None:
                link.label = Text(f"→ {target[1]}")
            link.display = target is not None

    def _page(self, nutrient: Nutrient | None) -> tuple[list[Block], tuple[tuple[str, str], ...]]:
        """The page for ``nutrient`` drawn for the screen, and its links ((id, label) pairs)."""
        if nutrient is None:
            if self.nutrient_id is None:
                return [Block("Choose a nutrient from the list.", style=MUTED)], ()
            return [Block(f"No nutrient called {self.nutrient_id!r}.", style=MUTED)], ()
        intake = personal_intake(nutrient, self.profile) if self.profile else None
        page = nutrient_page(self._content, nutrient, intake, self.limit_region, self.units)
        links = next((b.targets for b in page.blocks if isinstance(b, Links)), ())
        return to_document(page.blocks, ascii_bars=self.ascii_bars), links
