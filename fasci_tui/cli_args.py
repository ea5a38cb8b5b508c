"""What the subcommands' argument parsers share: a usage error that exits 2 instead of
argparse's own exit, and help that keeps hand-laid epilogs."""

from __future__ import annotations

import argparse


class Usage(Exception):
    """A bad command line: the message is printed and the exit status is 2."""


class WrappedHelp(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's lines; wraps the description to 79 columns."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        if "\n" in text:  # the epilog: laid out by hand
            return super()._fill_text(text, width, indent)
        return textwrap.fill(text, min(width, 79), initial_indent=indent,
                             subsequent_indent=indent)


class CommandParser(argparse.ArgumentParser):
    """A subcommand's parser (``prog`` is ``fasci-tui NAME``) whose errors raise
    :class:`Usage` naming the command: ``lab: ... (see fasci-tui lab --help)``."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Raise Usage instead of printing and exiting."""
        name = self.prog.split()[-1]
        raise Usage(f"{name}: {message} (see {self.prog} --help)")
