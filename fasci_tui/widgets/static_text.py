"""Update a Static's text without the frames and layout passes it does not need."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def _same(shown: object, new: str | Content) -> bool:
    """True if ``shown`` draws exactly like ``new`` (Content's ``==`` ignores styles)."""
    if isinstance(new, Content):
        return isinstance(shown, Content) and (shown.plain, shown.spans) == (new.plain, new.spans)
    return isinstance(shown, str) and shown == new


def show_text(static: Static, text: str | Content) -> None:
    """Show ``text`` in ``static``: nothing at all if it shows that already, and a layout
    pass only if the text takes more or fewer lines than before (``Static.update`` lays
    the screen out on every call)."""
    if _same(static.content, text):
        return
    width = static.content_size.width
    before = static.visual.get_height(static.styles, width) if width else 0
    static.update(text, layout=False)
    if not width or static.visual.get_height(static.styles, width) != before:
        static.refresh(layout=True)
