"""The panes shown in the app's content area, one module (and .tcss) per pane.

Every pane subclasses :class:`fasci_tui.panes.base.Pane` (the contract: ``create``,
``show``, ``enter``, ``reveal``, ``focus_search``, ``apply``, ``title``), defines its own
``BINDINGS`` and posts ``Navigate(Place(...))`` to open other places. Which pane shows
which section is one column of ``places.SECTION_TABLE`` (see panes/registry.py).
"""
