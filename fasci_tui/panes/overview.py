"""The overview pane: headline fact, key points, when to see a doctor, disclaimer, sources.

Citations are numbered in order of first use, like the plain-text ``show overview``, and
the numbered references are listed at the bottom.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content as Text
from textual.widgets import Static

from fasci_tui.content.model import Content


def number_refs(refs: Iterable[str]) -> dict[str, int]:
    """Number reference ids in order of first use, starting at 1."""
    numbers: dict[str, int] = {}
    for ref in refs:
        numbers.setdefault(ref, len(numbers) + 1)
    return numbers


def cite(refs: Iterable[str], numbers: dict[str, int]) -> str:
    """Citation marks such as `` [1][2]`` for ``refs`` (empty when there are none)."""
    marks = "".join(f"[{numbers[r]}]" for r in refs if r in numbers)
    return f" {marks}" if marks else ""


def bullet(mark: str | Text, body: str | Text, classes: str = "") -> Horizontal:
    """A list item whose wrapped lines stay indented under the text, not the mark."""
    return Horizontal(Static(mark, classes="mark", markup=False),
                      Static(body, classes="body", markup=False),
                      classes=f"bullet {classes}".strip())


class OverviewPane(VerticalScroll):
    """The landing page. It scrolls with ↑/↓, PgUp/PgDn, Home/End."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    def __init__(self, content: Content, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._content = content

    def compose(self) -> ComposeResult:
        """Build the page from ``content.overview``."""
        overview = self._content.overview
        doctor = overview.see_a_doctor
        numbers = number_refs(
            list(overview.headline.refs)
            + [r for point in overview.key_points for r in point.refs]
            + list(doctor.refs)
        )
        yield Static(overview.title, classes="title", markup=False)
        yield Static(overview.headline.text + cite(overview.headline.refs, numbers),
                     classes="headline", markup=False)
        yield Static("Key points", classes="heading", markup=False)
        for point in overview.key_points:
            yield bullet("•", Text.assemble((point.title, "bold"), ": ", point.text,
                                            cite(point.refs, numbers)), "point")
        yield Static("When to see a doctor", classes="heading", id="overview-doctor",
                     markup=False)
        yield Static(doctor.intro, classes="para", markup=False)
        for flag in doctor.red_flags:
            yield bullet(Text.styled("!", "bold $warning"), flag, "flag")
        if doctor.refs:
            yield Static("Sources:" + cite(doctor.refs, numbers), classes="para muted",
                         markup=False)
        yield Static("Disclaimer", classes="heading", id="overview-disclaimer", markup=False)
        yield Static(overview.disclaimer, classes="para", markup=False)
        yield Static("Press ! or F2 at any time to see this advice and the disclaimer again.",
                     classes="para muted", markup=False)
        if numbers:
            yield Static("References", classes="heading", id="overview-references",
                         markup=False)
            for ref_id, number in numbers.items():
                ref = self._content.reference(ref_id)
                yield bullet(Text.styled(f"[{number}]", "bold"),
                             Text.assemble(f"{ref.title}. ", (ref.publisher, "italic"), ". ",
                                           (ref.url, "$text-muted")), "ref")

    def enter(self) -> None:
        """Focus the page so the arrow keys scroll it."""
        self.focus()

    def reveal(self, item: str) -> None:
        """Scroll to a section: ``doctor``, ``disclaimer`` or ``references``."""
        try:
            target = self.query_one(f"#overview-{item}")
        except Exception:  # NoMatches: an unknown section keeps the position
            return
        self.scroll_to_widget(target, top=True, animate=False)
