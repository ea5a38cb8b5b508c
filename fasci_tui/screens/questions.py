"""The watch's yes/no questions in a box over the app (key ``a`` on the Today pane, or
"Answer the watch's questions" in the palette).

Each question of :data:`fasci_tui.content.watch.QUESTIONS` shows the answer given here
and the latest saved one with its date. ``y``/``n`` answer the highlighted question and
move on, Delete takes the answer back, ↑/↓ move; Enter saves every answer given here in
one transaction (through the ``save`` function the pane passes: it returns what went
wrong, or None); Esc closes without saving. The box returns the answers saved, or None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from fasci_tui.content.watch import QUESTIONS, Question, answer_said
from fasci_tui.store.results import Answer
from fasci_tui.widgets.static_text import show_text

SaveAnswers = Callable[[list[Answer]], "str | None"]
"""Saves the answers as one transaction; returns a message when it could not."""

MARKS = {True: "[yes]", False: "[no ]", None: "[   ]"}
"""The answer given here, in words (never colour alone)."""


def intro(day: dt.date) -> str:
    """What the box is for and how it works, for ``day``."""
    return (f"Your answers for today, {day.day} {day:%b %Y}: y yes, n no, ↑/↓ move, "
            "Delete takes an answer back. Enter saves them; Esc leaves without saving. "
            "This is not a diagnosis: a yes is one of the signs the guidance says a "
            "doctor should look at (! lists them, with sources).")


class QuestionsScreen(ModalScreen["list[Answer] | None"]):
    """The yes/no questions; dismissed with the answers saved, or None."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", tooltip="Answer yes, then the next question"),
        Binding("n", "answer(False)", "No", tooltip="Answer no, then the next question"),
        Binding("delete,backspace", "answer(None)", "Take back", show=False,
                tooltip="Take back the answer given here"),
        Binding("enter", "save", "Save", priority=True,
                tooltip="Save the answers given here (one transaction) and close"),
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving"),
        Binding("ctrl+l", "app.redraw", "Redraw", show=False),
    ]

    def __init__(self, latest: Mapping[str, Answer], day: dt.date, save: SaveAnswers) -> None:
        super().__init__()
        self.latest = dict(latest)
        """Each question's latest saved answer."""
        self.day = day
        self.given: dict[str, bool] = {}
        """The answers given in this box, by question id."""
        self._save = save

    def compose(self) -> ComposeResult:
        """The intro, the questions, a status line, the footer."""
        with Vertical(id="questions-box") as box:
            box.border_title = "The watch's questions"
            yield Static(intro(self.day), id="questions-intro", markup=False)
            yield OptionList(*(Option(self.prompt(q, i == 0), id=q.id)
                               for i, q in enumerate(QUESTIONS)), id="questions-list")
            yield Static(id="questions-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        """Start on the first question."""
        questions = self.query_one(OptionList)
        questions.highlighted = 0
        questions.focus()

    def prompt(self, question: Question, here: bool) -> Text:
        """A question's two lines: pointer, the answer given here, the question; then
        the latest saved answer."""
        mark = MARKS[self.given.get(question.id)]
        before = answer_said(self.latest.get(question.id))
        return Text.assemble(("▶ " if here else "  "), (mark, "bold"), " ",
                             (question.text, "bold" if here else ""),
                             (f"\n        before: {before}", "dim"))

    def _redraw(self, index: int | None) -> None:
        questions = self.query_one(OptionList)
        if index is not None and 0 <= index < len(QUESTIONS):
            here = index == questions.highlighted
            questions.replace_option_prompt_at_index(index, self.prompt(QUESTIONS[index], here))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Move the pointer (the highlight alone may not show without colour)."""
        event.stop()
        for index in range(len(QUESTIONS)):
            self._redraw(index)

    def action_answer(self, yes: bool | None) -> None:
        """``y``/``n``: answer the highlighted question and go to the next one; Delete:
        take the answer back."""
        questions = self.query_one(OptionList)
        index = questions.highlighted
        if index is None:
            return
        question = QUESTIONS[index]
        if yes is None:
            self.given.pop(question.id, None)
        else:
            self.given[question.id] = yes
        self._redraw(index)
        if yes is not None and index + 1 < len(QUESTIONS):
            questions.highlighted = index + 1
        self._status(f"{len(self.given)} of {len(QUESTIONS)} answered; Enter saves.")

    def answers(self) -> list[Answer]:
        """The answers given here, dated today, in the questions' order."""
        return [Answer(self.day, q.id, self.given[q.id]) for q in QUESTIONS
                if q.id in self.given]

    def action_save(self) -> None:
        """Enter: save every answer given here at once, then close."""
        answers = self.answers()
        if not answers:
            self._status("Nothing answered yet: y or n answers the question under the "
                         "pointer; Esc leaves.", error=True)
            return
        problem = self._save(answers)
        if problem is not None:
            self._status(f"Not saved: {problem}", error=True)
            return
        self.dismiss(answers)

    def action_cancel(self) -> None:
        """Esc: close without saving."""
        self.dismiss(None)

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#questions-status", Static)
        show_text(status, text)
        status.set_class(error, "-error")
