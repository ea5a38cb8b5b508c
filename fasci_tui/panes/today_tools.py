"""The Today pane's boxes for the watch's questions (``a``) and the lab reader (``l``),
also opened from the palette (places ``today#questions`` and ``today#lab``, revealed).

A mixin of :class:`fasci_tui.panes.today.TodayPane`, which supplies the state it reads,
its status line and the watch's notice (:class:`today_notices.Notices`). The boxes save
through the log; after answers are saved the watch checks again and shows a new finding
once, as at start.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from fasci_tui.content.model import Content
from fasci_tui.state import StateStore

if TYPE_CHECKING:
    from fasci_tui.panes.base import Pane
    from fasci_tui.store import Store
    from fasci_tui.store.results import Answer, LabResult

    _Base = Pane
else:
    _Base = object

QUESTIONS_ITEM = "questions"
"""The item of the Today place that opens the questions (from the palette)."""
LAB_ITEM = "lab"
"""The item of the Today place that opens the lab reader (from the palette)."""


def failure(write: Callable[[], object]) -> str | None:
    """Run ``write`` (a save through the log); what went wrong, or None when it saved."""
    from fasci_tui.store import StoreError
    from fasci_tui.store.records import FieldError

    try:
        write()
    except (StoreError, FieldError) as exc:
        return str(exc)
    return None


class Tools(_Base):
    """``a`` answers the watch's questions, ``l`` reads a lab result."""

    _content: Content
    _store: StateStore
    dirty: bool

    if TYPE_CHECKING:  # the pane's own, and Notices'
        def _status(self, text: str, error: bool = False) -> None: ...
        def show_watch(self) -> bool: ...

    def _usable_log(self, so: str) -> Store | None:
        """The log, or None once the status line has said it cannot be used, so ``so``."""
        log = self._store.log
        if log is None:
            self._status(f"Your log cannot be used, so {so} (see the notice at start).",
                         error=True)
        return log

    def _say(self, text: str) -> None:
        """The status line, still saying so when the day has unsaved changes."""
        self._status(text + (" The day's changes are not saved yet: Enter saves them."
                             if self.dirty else ""))

    def reveal(self, item: str) -> None:
        """The palette's ``today#questions`` and ``today#lab`` open their boxes."""
        if item == QUESTIONS_ITEM:
            self.action_answer_questions()
        elif item == LAB_ITEM:
            self.action_lab()

    def action_answer_questions(self) -> None:
        """``a``: the watch's yes/no questions; saved answers are checked at once."""
        from fasci_tui.content.watch import latest_answers
        from fasci_tui.screens.questions import QuestionsScreen
        from fasci_tui.store import StoreError

        log = self._usable_log("answers cannot be saved")
        if log is None:
            return
        try:
            latest = latest_answers(log.answers())
        except StoreError as exc:
            self._status(f"{exc}", error=True)
            return

        def save(answers: list[Answer]) -> str | None:
            return failure(lambda: log.save_answers(answers))

        def closed(answers: list[Answer] | None) -> None:
            if not answers:
                self._say("Questions closed: nothing was saved.")
                return
            said = f"Saved {len(answers)} answer{'s' if len(answers) > 1 else ''} for today."
            if self.show_watch():
                said += " The note below says what the guidance advises."
            elif any(a.yes for a in answers):
                said += (" A yes is one of the signs the guidance says a doctor should look "
                         "at: ! lists them, v is the visit summary.")
            self._say(said)

        if not isinstance(self.app.screen, QuestionsScreen):
            self.app.push_screen(QuestionsScreen(latest, self._store.day, save), closed)

    def action_lab(self) -> None:
        """``l``: the lab reader; results saved there go into the visit summary."""
        from fasci_tui.screens.lab import LabScreen

        log = self._store.log

        def save(result: LabResult) -> str | None:
            if log is None:
                return "your log cannot be used (see the notice at start)"
            return failure(lambda: log.save_lab_result(result))

        def closed(saved: list[LabResult] | None) -> None:
            if not saved:
                self._say("Lab reader closed: nothing was saved.")
            else:
                count = len(saved)
                self._say(f"Saved {count} lab result{'s' if count > 1 else ''}: v shows "
                          "the visit summary.")

        if not isinstance(self.app.screen, LabScreen):
            self.app.push_screen(LabScreen(self._content, self._store.day, save), closed)
