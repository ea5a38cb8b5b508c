"""Located problems found while loading content."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with a data file, with where it is.

    ``line`` and ``column`` are 1-based; 0 means the problem concerns the whole file.
    ``path`` is the key path inside the file, such as ``nutrients[3].related[1]``.
    """

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line == 0 else f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ContentError(Exception):
    """Raised when content cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the data")

    def report(self) -> str:
        """All problems, one a line, followed by a count."""
        lines = [str(p) for p in self.problems]
        lines.append(f"{len(self.problems)} problem{'s' if len(self.problems) != 1 else ''} found")
        return "\n".join(lines)
