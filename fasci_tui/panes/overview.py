"""The overview pane: headline fact, key points, when to see a doctor, disclaimer, sources.

Citations are numbered in order of first use, like the plain-text ``show overview``, and
the numbered references are listed at the bottom.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content as Text

from fasci_tui.content.model import Content
from fasci_tui.content.text import cite, number_refs
from fasci_tui.panes.base import Pane
from fasci_tui.widgets.document import Block, Document, Page

__all__ = ["OverviewPane", "cite", "number_refs"]


MAX_WIDTH = 100
"""The page's widest lines (overview.tcss: ``max-width``)."""


def _surely_taller(blocks: list[Block], width: int, height: int) -> bool:
    """True if ``blocks`` take more than ``height`` lines wherever they are laid out in a
    ``width`` × ``height`` terminal.

    A lower bound, cheap enough to work out before the first layout: a line holds at most
    ``width`` cells (the page is narrower), plus one for the space dropped where a line
    wraps.
    """
    column = min(width, MAX_WIDTH) + 1
    lines = 0
    for block in blocks:
        cells = sum(Text(part).cell_length if isinstance(part, str) else part.cell_length
                    for part in (block.mark, block.body, block.tail))
        lines += block.space_before + max(1, -(-cells // column))
        if lines > height:
            return True
    return False


class OverviewPane(Pane, VerticalScroll):
    """The landing page. It scrolls with ↑/↓, PgUp/PgDn, Home/End.

    The whole page is one :class:`Document`, so the first screen of the app lays out a
    handful of widgets rather than one per paragraph.
    """

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    def __init__(self, content: Content, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._content = content

    def compose(self) -> ComposeResult:
        """The page as one document."""
        blocks = self._blocks()
        if _surely_taller(blocks, *self.app.size):
            # The page will scroll: lay it out beside its scrollbar from the first frame,
            # rather than at full width first and once more a column narrower when Textual
            # finds that it scrolls (a second layout, and a second frame of the page).
            self.set_reactive(VerticalScroll.show_vertical_scrollbar, True)
        yield Page(blocks, id="overview-document")

    def _blocks(self) -> list[Block]:
        overview = self._content.overview
        doctor = overview.see_a_doctor
        numbers = number_refs(
            list(overview.headline.refs)
            + [r for point in overview.key_points for r in point.refs]
            + list(doctor.refs)
        )
        heading = "bold underline $primary"
        blocks = [
            Block(overview.title, style="bold $accent"),
            Block(overview.headline.text + cite(overview.headline.refs, numbers),
                  style="bold", space_before=1),
            Block("Key points", style=heading, space_before=1),
        ]
        blocks += [Block(Text.assemble((point.title, "bold"), ": ", point.text,
                                       cite(point.refs, numbers)), mark="• ")
                   for point in overview.key_points]
        blocks += [Block("When to see a doctor", style=heading, space_before=1,
                         anchor="doctor"),
                   Block(doctor.intro)]
        blocks += [Block(flag, mark=Text.styled("! ", "bold $warning"))
                   for flag in doctor.red_flags]
        if doctor.refs:
            blocks.append(Block("Sources:" + cite(doctor.refs, numbers), style="$text-muted"))
        blocks += [
            Block("Disclaimer", style=heading, space_before=1, anchor="disclaimer"),
            Block(overview.disclaimer),
            Block("Press ! or F2 at any time to see this advice and the disclaimer again.",
                  style="$text-muted"),
        ]
        if numbers:
            blocks.append(Block("References", style=heading, space_before=1,
                                anchor="references"))
            for ref_id, number in numbers.items():
                ref = self._content.reference(ref_id)
                blocks.append(Block(
                    Text.assemble(f"{ref.title}. ", (ref.publisher, "italic"), ". ",
                                  (ref.url, "$text-muted")),
                    mark=Text.styled(f"[{number}]".ljust(5), "bold")))
        return blocks

    def enter(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        self.focus()

    def reveal(self, item: str) -> None:
        """Scroll to a section: ``doctor``, ``disclaimer`` or ``references``."""
        line = self.query_one(Document).anchor_line(item)
        if line is not None:
            self.scroll_to(y=line, animate=False)
