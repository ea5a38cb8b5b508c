"""Documents with the same blocks share their wrapped lines, per width."""

from __future__ import annotations

import pytest

from fasci_tui.widgets import document
from fasci_tui.widgets.document import Block, Document

BLOCKS = [Block("A paragraph long enough to wrap at forty cells, and then some more."),
          Block("An item of a list", mark="• ", anchor="item")]


def test_the_same_blocks_are_wrapped_once_per_width(monkeypatch: pytest.MonkeyPatch) -> None:
    wrapped: list[int] = []
    original = Document._wrap

    def counting(self: Document, width: int) -> object:
        wrapped.append(width)
        return original(self, width)

    monkeypatch.setattr(document, "_WRAPPED", {})
    monkeypatch.setattr(Document, "_wrap", counting)
    first, second = Document(BLOCKS), Document(list(BLOCKS))
    assert first.get_content_height(None, None, 40) == 3
    assert second.get_content_height(None, None, 40) == 3
    assert wrapped == [40]
    assert second._layout(40)[0] is first._layout(40)[0]
    assert second.get_content_height(None, None, 20) > 3
    assert wrapped == [40, 20]
    other = Document([Block("Something else entirely")])
    other.get_content_height(None, None, 40)
    assert wrapped == [40, 20, 40]
