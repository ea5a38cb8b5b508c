"""JSON of the page model, for ``fasci-tui show --format json`` (scripts, other tools).

A page is ``{"title": ..., "blocks": [...]}``; each block is an object with its
``"type"`` (``title``, ``heading``, ``para``, ``items``, ``entry``, ``table``, ``bars``,
``links``) and its fields; inline text is a list of ``{"text", "role"}`` runs (roles:
``content.page.ROLES``). Screen-only key hints are left out. Textual-free.
"""

from __future__ import annotations

import json
from typing import Any

from fasci_tui.content.page import AnyBlock, Hint, Page, Run

FORMAT_VERSION = 1
"""Bumped when the shape changes."""


def _value(value: Any) -> Any:
    if isinstance(value, Run):
        return {"text": value.text, "role": value.role}
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return {field: _value(getattr(value, field)) for field in value._fields}
    if isinstance(value, tuple | list):
        return [_value(v) for v in value]
    return value


def block_data(block: AnyBlock) -> dict[str, Any]:
    """One block as JSON-ready data."""
    return {"type": type(block).__name__.lower(), **_value(block)}


def page_data(page: Page) -> dict[str, Any]:
    """``page`` as JSON-ready data."""
    return {"format": FORMAT_VERSION, "title": page.title,
            "blocks": [block_data(b) for b in page.blocks if not isinstance(b, Hint)]}


def render(page: Page) -> str:
    """``page`` as indented JSON text."""
    return json.dumps(page_data(page), ensure_ascii=False, indent=2) + "\n"
