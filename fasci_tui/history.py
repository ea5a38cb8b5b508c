"""Back and forward through visited places, as a web browser does. Textual-free."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class History(Generic[T]):
    """Visits in order, and where we stand among them.

    A new visit drops whatever lay ahead (the forward part); visiting the place we stand
    on changes nothing. ``back`` and ``forward`` move and return the place to show, or
    None at either end.
    """

    def __init__(self) -> None:
        self._visits: list[T] = []
        self._index = -1

    def visit(self, place: T) -> None:
        """Record a visit to ``place`` (a new step, unless it is where we stand)."""
        if self._visits and self._visits[self._index] == place:
            return
        del self._visits[self._index + 1:]
        self._visits.append(place)
        self._index = len(self._visits) - 1

    @property
    def current(self) -> T | None:
        """Where we stand, or None before the first visit."""
        return self._visits[self._index] if self._visits else None

    @property
    def can_go_back(self) -> bool:
        """True when there is a visit before the current one."""
        return self._index > 0

    @property
    def can_go_forward(self) -> bool:
        """True after going back, until a new visit."""
        return self._index < len(self._visits) - 1

    def back(self) -> T | None:
        """Step back; the place to show, or None if there is nothing further back."""
        if not self.can_go_back:
            return None
        self._index -= 1
        return self._visits[self._index]

    def forward(self) -> T | None:
        """Step forward again; the place to show, or None if there is nothing ahead."""
        if not self.can_go_forward:
            return None
        self._index += 1
        return self._visits[self._index]

    def __iter__(self) -> Iterator[T]:
        return iter(self._visits)

    def __len__(self) -> int:
        return len(self._visits)
