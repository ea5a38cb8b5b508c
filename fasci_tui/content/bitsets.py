"""Sets of entry positions as Python ints (bit i for entry i), for the FAQ search index.

A query over 20,000 entries is then a few big-int ANDs (see :mod:`.search`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence


def to_bitset(positions: Sequence[int], size: int) -> int:
    """An int with the bits at ``positions`` set."""
    if len(positions) < 64:
        return sum(1 << p for p in set(positions))
    digits = bytearray(b"0") * size
    for p in positions:
        digits[p] = 49  # "1"
    return int(digits[::-1], 2)


def set_bits(bits: int) -> Iterator[int]:
    """The positions of the set bits of ``bits``, lowest first."""
    digits = bin(bits)[:1:-1]
    at = digits.find("1")
    while at >= 0:
        yield at
        at = digits.find("1", at + 1)
