"""The help screen (F1 or ?): every key, grouped by where it works, read from the live
bindings of the app, the sidebar and each pane."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer

from fasci_tui.screens import SCROLL_BINDINGS


@dataclass
class HelpSection:
    """A group of keys: a title and (keys, what they do) rows."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)


class HelpScreen(ModalScreen[None]):
    """Lists the keys; Esc, q, ? or F1 closes it."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("q,question_mark,f1", "close", "Close", show=False),
        *SCROLL_BINDINGS,
    ]

    def __init__(self, sections: list[HelpSection]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        """A scrolling box of sections and a footer."""
        with Vertical(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "Esc closes"
            with VerticalScroll(id="help-scroll"):
                yield HelpText(self.sections, id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        """Give the scroll area focus so the keys scroll it."""
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)

    def action_scroll(self, how: str) -> None:
        """Scroll the list: ``down``, ``up``, ``page_down``, ``page_up``, ``home`` or ``end``."""
        scroll = self.query_one("#help-scroll", VerticalScroll)
        getattr(scroll, f"scroll_{how}")(animate=False)

    @property
    def plain_text(self) -> str:
        """Everything the screen lists, as plain text (for tests and screen readers)."""
        out: list[str] = []
        for section in self.sections:
            out.append(section.title)
            out += [f"  {keys}  {what}" for keys, what in section.rows]
        return "\n".join(out)


class HelpText(Widget):
    """Every section as one widget: a title, then its keys beside what they do.

    One widget, not one per row: some 300 small widgets took ~0.4 s of CPU to style and
    lay out at each F1. Styles of its parts come from the ``help--*`` component classes."""

    COMPONENT_CLASSES = {"help--title", "help--keys", "help--what"}
    DEFAULT_CSS = """
    HelpText { height: auto; }
    """

    def __init__(self, sections: list[HelpSection], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sections = sections

    def render(self) -> RenderableType:
        """The sections, each a bold title and a two-column grid (keys wrap in theirs)."""
        title = self.get_component_rich_style("help--title", partial=True)
        keys = self.get_component_rich_style("help--keys", partial=True)
        what = self.get_component_rich_style("help--what", partial=True)
        parts: list[RenderableType] = []
        for section in self.sections:
            parts += [Text(""), Text(section.title, style=title)]
            grid = Table.grid(padding=(0, 1, 0, 0))
            grid.add_column(width=KEYS_WIDTH - 1, style=keys)
            grid.add_column(ratio=1, style=what)
            for row_keys, row_what in section.rows:
                grid.add_row(Text(row_keys), Text(row_what))
            parts.append(grid)
        return Group(*parts)


KEYS_WIDTH = 20
"""Columns for the keys (with the space after them)."""


def binding_rows(app: App[Any], bindings: Iterable[BindingType],
                 describe: Callable[[Binding], str] | None = None) -> list[tuple[str, str]]:
    """Help rows for ``bindings``: keys joined per action, in declaration order; the keys
    in force, after the user's keymap (``app.key_overrides``, from the settings file)."""
    keymap: dict[str, str] = getattr(app, "key_overrides", {})
    grouped: dict[tuple[str, str], list[str]] = {}
    for binding in Binding.make_bindings(bindings):
        what = describe(binding) if describe else (binding.tooltip or binding.description)
        if not what:
            continue
        keys = grouped.setdefault((binding.action, what), [])
        if binding.id in keymap:
            chosen = [binding.with_key(key, key_display=None)
                      for key in keymap[binding.id].split(",")]
        else:
            chosen = [binding]
        for shown in chosen:
            display = app.get_key_display(shown)
            if display not in keys:
                keys.append(display)
    return [(" / ".join(keys), what) for (_action, what), keys in grouped.items()]


def _binding_owners(cls: type[DOMNode]) -> list[type[DOMNode]]:
    """The pane class and every widget class its module defines or takes from its own
    helper modules (``faq`` from ``faq_widgets``...), with their own BINDINGS."""
    module = inspect.getmodule(cls)
    owners: list[type[DOMNode]] = [cls]
    if module is not None:
        for _name, member in inspect.getmembers(module, inspect.isclass):
            home = member.__module__
            ours = home == module.__name__ or home.startswith(module.__name__ + "_")
            if (issubclass(member, DOMNode) and ours
                    and member not in owners and "BINDINGS" in member.__dict__):
                owners.append(member)
    return owners


def help_sections(app: App[Any], sidebar_bindings: Iterable[BindingType]) -> list[HelpSection]:
    """Every key, grouped: anywhere (the app's), the sidebar, then each section's pane."""
    from fasci_tui.panes.registry import pane_class
    from fasci_tui.places import SECTION_TABLE

    anywhere = HelpSection("Anywhere (not while typing in a search box)",
                           binding_rows(app, type(app).BINDINGS))
    anywhere.rows += [
        ("Tab / Shift+Tab", "Next / previous area"),
        ("ctrl+q", "Quit, even while typing"),
    ]
    sidebar = HelpSection("Sidebar", [
        ("↑ / ↓", "Choose a place (it shows at once)"),
        ("Home / End", "First / last place"),
        *binding_rows(app, sidebar_bindings,
                      lambda b: "Move into the pane" if b.action == "select" else ""),
    ])
    sections = [anywhere, sidebar, HelpSection("Find in page (the find bar)", [
        ("Enter / n", "Next match (n once Enter has left the text box)"),
        ("shift+Enter / N", "Previous match"),
        ("/ or ctrl+f", "Change the text"),
        ("Esc", "Close the find bar"),
    ])]
    for spec in SECTION_TABLE:
        rows = [("↑ / ↓ / PgUp / PgDn", "Move or scroll")]
        seen: set[tuple[str, str]] = set(rows)
        for owner in _binding_owners(pane_class(spec.section)):
            for row in binding_rows(app, owner.__dict__.get("BINDINGS", [])):
                if row not in seen:
                    seen.add(row)
                    rows.append(row)
        sections.append(HelpSection(spec.help_title, rows))
    return sections + box_sections(app)


def box_sections(app: App[Any]) -> list[HelpSection]:
    """The keys of the Today pane's boxes: the watch's questions and the lab reader."""
    from fasci_tui.screens.lab import LabScreen
    from fasci_tui.screens.questions import QuestionsScreen

    def describe(binding: Binding) -> str:
        return "" if binding.action == "app.redraw" else binding.tooltip or binding.description

    return [
        HelpSection("The watch's questions (a on Today)", [
            ("↑ / ↓", "Move between the questions"),
            *binding_rows(app, QuestionsScreen.BINDINGS, describe)]),
        HelpSection("The lab reader (l on Today)", [
            ("Tab / Shift+Tab", "Next / previous box (Enter or ↓ opens a list)"),
            ("Enter", "In a text box: save, as ctrl+s"),
            *binding_rows(app, LabScreen.BINDINGS, describe)]),
    ]
