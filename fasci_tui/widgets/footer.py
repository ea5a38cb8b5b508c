"""A Footer that changes in the same frame as the key press that changed its keys.

Textual's Footer recomposes itself whenever the screen's bindings are refreshed, which
the app does on every move, and only after the next frame has been drawn: each change
of the keys shown costs a frame of its own (two, with the removal and the mounting of
its keys), and a refresh that changes nothing still re-lays out the screen. Over SSH
those frames are pure overhead. This footer instead

* hears of a refresh of the bindings at once (an immediate subscription to the screen's
  ``bindings_updated_signal``, in the handler that refreshed them), so whatever it
  changes goes out in the same frame as the rest of that handler's work;
* compares what it would show with what it shows, and does nothing when they are equal;
* when as many keys are shown as before (typing the first letter in the FAQ search swaps
  "esc Sidebar" for "esc Clear"), updates the texts of its keys in place: no widgets
  are removed or mounted, and the screen is laid out again only if a key's width
  changed;
* recomposes otherwise, after the next frame (as Textual's Footer does: done at once,
  the removing and mounting would only delay that frame and add another one), one
  recompose at a time, however many refreshes arrive before it runs;
* checks again once the handler is done (as Textual's Footer does): a refresh heard in
  the middle of a handler never leaves stale keys, whatever the handler changes after it.

Textual's Footer also stays empty until the first refresh of the bindings after the
first frame, so the keys used to appear a few frames after the rest of the screen. The
app calls :meth:`QuietFooter.show_keys` while it mounts instead: the first frame is
complete.
"""

from __future__ import annotations

import asyncio
from itertools import groupby
from typing import Any, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

# FooterKey is private to Textual (pinned at 8.2.8): the widget Footer.compose makes for
# each key. Its attributes key, key_display, description, action and _disabled are what
# it renders and what a click on it does (FooterKey.render, FooterKey.on_mouse_down).
from textual.widgets._footer import FooterKey


class ShownKey(NamedTuple):
    """One key as Textual's Footer.compose makes it (a FooterKey's arguments)."""

    key: str
    key_display: str
    description: str
    action: str
    disabled: bool
    tooltip: str
    classes: str


class ShownGroup(NamedTuple):
    """Keys of one binding group, shown together with the group's description."""

    compact: bool
    description: str
    keys: tuple[ShownKey, ...]


Shown = tuple[ShownKey | ShownGroup, ...]
"""What the footer shows: its keys (and groups of keys) from left to right."""

_MAX_RECOMPOSES = 3
"""At most this many recomposes in a row, should the keys keep changing meanwhile."""


def _text_width(widget: FooterKey, shown: ShownKey) -> int:
    """How many cells ``widget`` renders ``shown``'s key in (as FooterKey.render does)."""
    key = widget.get_component_styles("footer-key--key").padding
    width = cell_len(shown.key_display)
    if not shown.description:
        return width
    description = widget.get_component_styles("footer-key--description").padding
    return (key.left + width + key.right
            + description.left + cell_len(shown.description) + description.right)


class QuietFooter(Footer):
    """A Footer that updates its keys in the frame that changed them, in place if it can."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._shown: Shown | None = None
        """What the keys composed (and updated in place since) show; None: no keys yet."""
        self._keys: list[FooterKey] = []
        """The FooterKeys composed last, in the order of ``_shown``'s keys."""
        self._check_pending = False
        """A check is queued to run once the current handler is done."""
        self._recompose_pending = False
        """A recompose is queued to run after the next frame."""
        self._lock = asyncio.Lock()
        """Held while recomposing: one recompose at a time."""

    # ------------------------------------------------------------- what to show

    def shown_keys(self, screen: Screen[Any]) -> Shown:
        """What Textual's Footer would show for ``screen``'s bindings now.

        The same keys, in the same order and with the same texts, as
        ``Footer.compose`` makes (Textual 8.2.8), the command palette key included.
        """
        app = self.app
        active = screen.active_bindings
        # As Footer.compose: the first shown binding of each action, in binding order.
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action.setdefault(binding.action, (binding, enabled, tooltip))
        shown: list[ShownKey | ShownGroup] = []
        for group, run in groupby(by_action.values(), lambda item: item[0].group):
            items = list(run)
            if group is not None and len(items) > 1:
                keys = tuple(
                    ShownKey(binding.key, app.get_key_display(binding), "", binding.action,
                             not enabled, tooltip or binding.description, "-grouped")
                    for binding, enabled, tooltip in items
                )
                shown.append(ShownGroup(group.compact, group.description, keys))
            else:
                shown.extend(
                    ShownKey(binding.key, app.get_key_display(binding), binding.description,
                             binding.action, not enabled, tooltip, "")
                    for binding, enabled, tooltip in items
                )
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            palette = active.get(app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _, binding, enabled, _ = palette
                shown.append(
                    ShownKey(binding.key, app.get_key_display(binding), binding.description,
                             binding.action, not enabled,
                             binding.tooltip or binding.description, "-command-palette")
                )
        return tuple(shown)

    def compose(self) -> ComposeResult:
        """The keys, as Textual's Footer shows them; remembers what they show."""
        self._shown = self.shown_keys(self.screen) if self._bindings_ready else None
        self._keys = []
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                self._keys.append(widget)
                if self.compact:
                    # What the key's ``compact`` (bound to the footer's) sets once
                    # mounted; set now, the key is styled once rather than twice.
                    widget.add_class("-compact", update=False)
            yield widget

    # ------------------------------------------------------------ subscription

    def on_mount(self, event: events.Mount) -> None:
        """Hear of every refresh of the screen's bindings at once (see the module doc)."""
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed,
                                                      immediate=True)
        # Footer.on_mount would subscribe a second time, deferred: skip it (and so every
        # Mount handler of the base classes), then run the one other there is in
        # Textual 8.2.8, Widget._on_mount. Footer.on_unmount unsubscribes.
        event.prevent_default()
        super()._on_mount(event)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Show ``screen``'s keys now if they changed (called when its bindings refresh).

        Runs inside whatever handler refreshed the bindings: the keys are updated in
        place at once when as many are shown as before; otherwise a recompose is queued
        (to run after the next frame). Either way they are checked again once that
        handler is done.
        """
        if not self._bindings_ready:
            self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._lock.locked():  # else the recompose under way checks when done
            self._show(self.shown_keys(screen))
        if not self._check_pending:
            self._check_pending = True
            self.call_next(self._check_keys)

    # ---------------------------------------------------------------- updating

    def _fits(self, shown: Shown) -> bool:
        """True if the composed keys can show ``shown`` by changing their texts only."""
        old = self._shown
        return (
            old is not None
            and len(old) == len(shown) == len(self._keys)
            and all(
                isinstance(before, ShownKey) and isinstance(after, ShownKey)
                and before.classes == after.classes
                for before, after in zip(old, shown, strict=True)
            )
        )

    def _update_in_place(self, shown: Shown) -> None:
        """Give the composed keys the texts of ``shown`` (which must :meth:`_fits`)."""
        assert self._shown is not None
        for widget, before, after in zip(self._keys, self._shown, shown, strict=True):
            assert isinstance(before, ShownKey) and isinstance(after, ShownKey)
            if before == after:
                continue
            widget.key = after.key  # what a click on the key presses
            widget.key_display = after.key_display
            widget.description = after.description
            widget.action = after.action
            widget._disabled = after.disabled  # private (FooterKey): a click only beeps
            widget.set_class(after.disabled, "-disabled")
            widget.tooltip = after.tooltip or None  # FooterKey sets only a non-empty one
            grown = _text_width(widget, after) - _text_width(widget, before)
            if grown and widget.virtual_size.width:
                # The screen lays the footer out again for the new width. Once it has,
                # the key's virtual size (a reactive with layout=True, set by
                # Widget._size_updated, Textual 8.2.8) would change, and that change
                # would lay the screen out a second time, a frame later, drawing the
                # same cells: give it its new value now, so that nothing changes then.
                # (Were this off, the second layout would set the right size anyway.)
                widget.set_reactive(Widget.virtual_size, widget.virtual_size + (grown, 0))
            widget.refresh(layout=bool(grown))
        self._shown = shown

    def _show(self, shown: Shown) -> None:
        """Show ``shown``: in place if it fits the keys composed, else recompose later.

        A recompose removes and mounts widgets: done at once, its frame would come
        later than the frame of the handler's own changes, and be followed by another
        one. It runs after the next frame instead, as in Textual's Footer.
        """
        if shown == self._shown:
            return
        if self._fits(shown):
            self._update_in_place(shown)
        elif not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_keys)

    def _check_keys(self) -> None:
        """After the handler that refreshed the bindings: are the keys still current?"""
        self._check_pending = False
        if self.is_attached and self.app.app_focus and not self._lock.locked():
            self._show(self.shown_keys(self.screen))

    async def _recompose_keys(self) -> None:
        """After a frame: recompose if the keys shown still need it."""
        self._recompose_pending = False
        if self.is_attached and self.app.app_focus:
            await self._sync_keys()

    async def _sync_keys(self) -> None:
        """Show the current keys: in place if they fit, else recompose (one at a time)."""
        async with self._lock:
            for _ in range(_MAX_RECOMPOSES):
                if not self.is_attached:
                    return
                shown = self.shown_keys(self.screen)
                if shown == self._shown:
                    return
                if self._fits(shown):
                    self._update_in_place(shown)
                    return
                # As if the footer itself ran this (show_keys runs in the app's
                # handler): the keys it mounts bind their ``compact`` to the footer's.
                with self._context():
                    await self.recompose()

    async def show_keys(self) -> None:
        """Compose the keys now, without waiting for a frame to be drawn first.

        The app calls this when it has mounted and focused its first widget, so that
        the first frame sent to the terminal already has the footer.
        """
        self._bindings_ready = True
        if self.is_attached and self.app.app_focus:
            await self._sync_keys()
