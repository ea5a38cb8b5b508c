"""Which pane class shows each section (from places.SECTION_TABLE), imported on first use.

Importing a pane's module only when it is first shown keeps start-up quick.
:data:`OVERRIDES` puts another class in place of a section's pane (tests use stand-ins).
"""

from __future__ import annotations

import importlib

from textual.widget import Widget

from fasci_tui.panes.base import Pane
from fasci_tui.places import Section, spec

OVERRIDES: dict[Section, type[Pane]] = {}
"""Pane classes to use instead of the table's, by section."""


def pane_class(section: Section) -> type[Pane]:
    """The class of the pane that shows ``section``."""
    override = OVERRIDES.get(section)
    if override is not None:
        return override
    module_name, _, class_name = spec(section).pane.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    if not (isinstance(cls, type) and issubclass(cls, Pane) and issubclass(cls, Widget)):
        raise TypeError(f"{spec(section).pane} is not a Pane widget")
    return cls
