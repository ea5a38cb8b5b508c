"""The references pane: every source with its title, publisher, address and note.

Each reference is one entry of a list, so ↑/↓ step from source to source and Enter
copies the highlighted address to the clipboard (through the terminal, which also
works over SSH where the terminal supports it).
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import ListItem, ListView, Static

from fasci_tui.content.model import Content, Reference
from fasci_tui.content.page import Entry
from fasci_tui.content.pages import reference_blocks, references_page
from fasci_tui.panes.base import Pane
from fasci_tui.widgets.blocks import to_document, to_text
from fasci_tui.widgets.document import Document


class ReferenceItem(ListItem):
    """One reference: numbered title, then publisher, address and note indented.

    The page model's blocks for the source (``reference_blocks``), drawn as a Document.
    """

    def __init__(self, number: int, ref: Reference) -> None:
        super().__init__(id=f"ref-{ref.id}")
        self.number = number
        self.ref = ref

    def compose(self) -> ComposeResult:
        """Title line and the indented details (no blank line above: the list spaces them)."""
        yield Document(to_document(reference_blocks(self.number, self.ref), flush=True),
                       classes="ref-text")


class ReferenceList(ListView):
    """The list of references; Enter copies the address."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Copy address"),
    ]


class ReferencesPane(Pane, Vertical):
    """Every reference the content cites, in the order of references.yaml."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    def __init__(self, content: Content, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._content = content

    def compose(self) -> ComposeResult:
        """An intro line and the list."""
        intro = [b for b in references_page(self._content).blocks if not isinstance(b, Entry)]
        yield Static(to_text(intro), classes="intro", markup=False)
        yield ReferenceList(
            *(ReferenceItem(n, ref) for n, ref in enumerate(self._content.references, 1)),
            id="references-list",
        )

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        """Copy the selected reference's address."""
        event.stop()
        if isinstance(event.item, ReferenceItem):
            url = event.item.ref.url
            self.app.copy_to_clipboard(url)
            self.notify(url, title="Address copied (if your terminal allows it)", timeout=4)

    @property
    def highlighted_id(self) -> str | None:
        """The id of the highlighted reference."""
        item = self.query_one(ReferenceList).highlighted_child
        return item.ref.id if isinstance(item, ReferenceItem) else None

    def enter(self) -> None:
        """Focus the list."""
        self.query_one(ReferenceList).focus()

    def reveal(self, item: str) -> None:
        """Highlight the reference whose id is ``item``."""
        refs = [ref.id for ref in self._content.references]
        if item in refs:
            self.query_one(ReferenceList).index = refs.index(item)
