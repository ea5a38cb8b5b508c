"""The content layer: typed records, YAML loading and validation, search, plain text.

This package never imports Textual, so the command line and tests use it on their own.
Names are imported lazily so that a cached start does not pay for the YAML loader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fasci_tui.content.loader import load_content
    from fasci_tui.content.model import Content
    from fasci_tui.content.problems import ContentError, Problem

__all__ = ["Content", "ContentError", "Problem", "load_content"]

_HOMES = {
    "Content": "fasci_tui.content.model",
    "ContentError": "fasci_tui.content.problems",
    "Problem": "fasci_tui.content.problems",
    "load_content": "fasci_tui.content.loader",
}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib

        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(name)
