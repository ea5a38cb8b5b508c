"""The FAQ pane's find in page (ctrl+f) and copy (``y``): a mixin of
:class:`fasci_tui.panes.faq.FaqPane`, which supplies the state it reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import OptionList

from fasci_tui.content.model import Content, FaqEntry
from fasci_tui.panes.faq_prompt import Prompts

if TYPE_CHECKING:
    from fasci_tui.panes.base import Pane

    _Base = Pane
else:
    _Base = object


class FindAndCopy(_Base):
    """Find matches among the listed questions and answers; copy the highlighted one."""

    _prompts: Prompts
    _open: set[str]
    _list: OptionList
    _find_matches: list[str]
    shown_ids: list[str]

    if TYPE_CHECKING:  # the pane's own
        def _redraw(self, entry_id: str) -> None: ...

        def _highlighted_entry(self) -> FaqEntry | None: ...

    def find(self, text: str) -> int:
        """Matches in the listed questions and their answers, closed ones too."""
        needle = text.strip().lower()
        entries = self._prompts.entries
        self._find_matches = [
            entry_id for entry_id in self.shown_ids if needle
            for _ in range(f"{entries[entry_id].question}\n{entries[entry_id].answer}"
                           .lower().count(needle))]
        return len(self._find_matches)

    def show_match(self, index: int) -> None:
        """Open and highlight the question of match ``index``."""
        if 0 <= index < len(self._find_matches):
            entry_id = self._find_matches[index]
            self._open.add(entry_id)
            self._redraw(entry_id)
            self._list.highlighted = self._list.get_option_index(entry_id)
            self.call_after_refresh(self._list.scroll_to_highlight)

    def copy_text(self, content: Content, done: frozenset[str]) -> str:
        """The highlighted question and its answer, else every question."""
        entry = self._highlighted_entry()
        if entry is None:
            return super().copy_text(content, done)
        from fasci_tui.content.markdown import render_blocks
        from fasci_tui.content.pages import faq_blocks

        return render_blocks(faq_blocks(content, content.faq.index(entry) + 1, entry))
