"""The pseudo-terminal runner the benchmarks share with the tests, and a median.

The runner itself lives in tests/support/pty.py (one copy for tests and benchmarks);
it is re-exported here so that every benchmark imports its tools from one place.
"""

from __future__ import annotations

from collections.abc import Sequence

from tests.support.pty import Chunk, PtyProcess, spawn

__all__ = ["Chunk", "PtyProcess", "median", "spawn"]


def median(values: Sequence[float]) -> float:
    """The median of ``values``."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
