"""The panes shown in the app's content area, one module (and .tcss) per pane.

Every pane follows the contract in notes/TUI.md: ``XPane(content, **kwargs)``, an
``enter()`` method that focuses its main widget, an optional ``reveal(item)``, its own
``BINDINGS`` and ``Navigate`` messages to open other places.
"""
