"""How the FAQ search reads text: its words, a query's words, and where matches are.

Words are runs of letters and digits, lowercased and without accents (offsets are kept,
so matches can be marked in the original text). A lone letter followed by a number,
apart by at most two spaces or hyphens ("B 12", "b-12"), is also the word ``b12``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import NamedTuple

Span = tuple[int, int]
"""A half-open character range ``(start, end)`` in a question or an answer."""

_WORD = re.compile(r"[^\W_]+")
_DIGIT = re.compile(r"\d")
_JOINED = re.compile(r"(?<![^\W_])([^\W\d_])[ \t-]{1,2}(\d+)(?![^\W_])")


class Match(NamedTuple):
    """How a query word matched a word of the index: the points it earns (of 20) and
    how many leading characters of the word to mark (0: all of it)."""

    points: int
    highlight: int = 0


def fold(text: str) -> str:
    """Lowercase ``text`` and drop accents, keeping every character at its offset."""
    if text.isascii():
        return text.lower()
    return "".join((unicodedata.normalize("NFKD", ch)[:1] or ch).lower()[:1] or ch
                   for ch in text)


def words_of(text: str) -> set[str]:
    """The distinct words of ``text``: "Vitamin B-12" gives vitamin, b, 12 and b12."""
    folded = fold(text)
    words = set(_WORD.findall(folded))
    if _DIGIT.search(folded):
        words.update(letter + number for letter, number in _JOINED.findall(folded))
    return words


_ASCII = bytes(ord(chr(c).lower()) if chr(c).isalnum() or c == 0 else 32 for c in range(128))
"""ASCII letters and digits lowercased, NUL kept (it separates texts), the rest spaces."""


def words_per_text(texts: Sequence[str], chunk: int = 512) -> Iterator[set[str]]:
    """:func:`words_of` of each text, several times faster for the usual ASCII texts:
    one ``bytes.translate`` per chunk of texts joined by NULs, then ``split``."""
    for start in range(0, len(texts), chunk):
        batch = texts[start:start + chunk]
        plain = all(text.isascii() and "\0" not in text for text in batch)
        if not plain:
            yield from map(words_of, batch)
            continue
        joined = "\0".join(batch).encode("ascii").translate(_ASCII + bytes(128))
        for text, part in zip(batch, joined.decode("ascii").split("\0"), strict=True):
            words = set(part.split())
            if _DIGIT.search(text):
                words.update(letter + number for letter, number in _JOINED.findall(text.lower()))
            yield words


def query_words(query: str) -> list[str]:
    """The distinct words of a query, in order: "vitamin b 12 B12" gives vitamin, b12."""
    return list(dict.fromkeys(_WORD.findall(_JOINED.sub(r"\1\2", fold(query)))))


def max_typos(word: str) -> int:
    """How many typos a query word may hold and still match: none under 4 letters or
    with a digit (so "b12" never finds "b1"), 1 up to 6 letters, then 2."""
    return 0 if len(word) < 4 or not word.isalpha() else 1 if len(word) < 7 else 2


def spans(text: str, matched: Sequence[dict[str, Match]]) -> tuple[Span, ...]:
    """Where the query matched ``text``, as sorted, merged spans.

    ``matched`` holds, for each query word, the words it matched and how. Each query
    word marks only its best matches in ``text`` (with "vitamin d", the "D" and not the
    "d" that starts "does"); a word matched by its start is marked as far as was typed.
    """
    folded = fold(text)
    tokens = [(m[0], m.start(), m.end(), False) for m in _WORD.finditer(folded)]
    tokens += [(m[1] + m[2], m.start(), m.end(), True) for m in _JOINED.finditer(folded)]
    found: list[Span] = []
    for words in matched:
        hits = [(match, start, end, joined) for word, start, end, joined in tokens
                if (match := words.get(word)) is not None]
        best = max((hit[0].points for hit in hits), default=0)
        for match, start, end, joined in hits:
            if match.points == best:
                cut = match.highlight and not joined
                found.append((start, min(end, start + match.highlight) if cut else end))
    merged: list[Span] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)
