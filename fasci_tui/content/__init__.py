"""The content layer: typed records, YAML loading and validation, search, plain text.

This package never imports Textual, so the command line and tests use it on their own.
"""

from fasci_tui.content.loader import load_content
from fasci_tui.content.model import Content
from fasci_tui.content.problems import ContentError, Problem

__all__ = ["Content", "ContentError", "Problem", "load_content"]
