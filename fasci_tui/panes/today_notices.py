"""The Today pane's notices: the red-flag watch's new findings (each shown once) and the
day's supplement totals over an upper limit (UL), each with its source.

A mixin of :class:`fasci_tui.panes.today.TodayPane`, which supplies the state it reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from fasci_tui.content.model import Content
from fasci_tui.content.supplements import entry_over_lines
from fasci_tui.content.watch import check, notice_lines, window_start
from fasci_tui.panes.today_form import Draft
from fasci_tui.state import StateStore
from fasci_tui.widgets.static_text import show_text

if TYPE_CHECKING:
    from fasci_tui.panes.base import Pane

    _Base = Pane
else:
    _Base = object


class Notices(_Base):
    """Show the watch's notice above the form and the UL lines under the supplements."""

    _content: Content
    _store: StateStore
    draft: Draft

    def show_watch(self) -> bool:
        """The red-flag watch's findings not shown before (each once), calmly and with
        the source, or once the reassurance card's pointer; then remembered as seen.
        True when a notice is on show."""
        from fasci_tui.store import StoreError

        box = self.query_one("#today-watch", Static)
        box.display = False
        log = self._store.log
        if log is None:
            return False
        try:
            today = self._store.day
            result = check(self._content, log.entries(window_start(today), today),
                           log.answers(), today)
            seen = log.seen_findings()
        except StoreError:
            return False
        new = [f for f in result.findings if f.key not in seen]
        keys = [f.key for f in new]
        if new:
            lines = notice_lines(self._content, new, result.check_again)
        elif result.reassure and f"reassure:{result.check_again}" not in seen:
            keys = [f"reassure:{result.check_again}"]
            lines = ["Nothing in your log matches the see-a-doctor signs so far. Twitching "
                     "is common and usually harmless: fasci-tui watch shows the numbers. "
                     f"Look again on {result.check_again:%d %b}."]
        else:
            return False
        show_text(box, "\n".join(lines))
        box.display = True
        self.call_after_refresh(self.scroll_home, animate=False)  # the notice in view
        try:
            log.mark_findings_seen(keys)
        except StoreError:
            pass
        return True

    def _show_limits(self) -> None:
        """Under the supplements: the day's totals over an upper limit, with the source."""
        from fasci_tui.store import StoreError

        lines: list[str] = []
        if self.draft.supplements:
            profile = None
            if self._store.log is not None:
                try:
                    profile = self._store.log.profile()
                except StoreError:
                    profile = None
            lines = entry_over_lines(self._content, self.draft.entry(), profile)
        box = self.query_one("#today-limits", Static)
        show_text(box, "\n".join(f"Over the UL: {line}" for line in lines))
        box.display = bool(lines)
