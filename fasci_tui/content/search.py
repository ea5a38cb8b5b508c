"""Typo-tolerant search over the FAQ (on rapidfuzz), with the character spans that matched.

Questions, answers and tags are read into words (see ``search_words``: "B 12" is also
``b12``); each tag adds its nutrient's id, name and aliases (so "cobalamin" finds an
entry tagged ``vitamin-b12``).

A query is split the same way. An entry matches when every query word matches one of its
words: equal to it, its start (results filter as you type), or a few typos away
(rapidfuzz's optimal string alignment distance, within ``max_typos``). From 5 letters the
start of a word may hold a typo too ("magensi" finds "magnesium"). Hits rank by how well
and where each word matched (question, then tags, then answer), ties in entry order.

Which entries hold a word is a bitset per field (a Python int, bit i for entry i), so a
query over 20,000 entries is a few big-int ANDs; a hit's spans are found when first read.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property, lru_cache
from itertools import islice
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from fasci_tui.content.bitsets import set_bits, to_bitset
from fasci_tui.content.model import FaqEntry, Nutrient, Page
from fasci_tui.content.search_words import Match, max_typos, query_words, spans, words_per_text

WEIGHTS = (3, 2, 1)
"""How much a match counts in the question, the tags and the answer."""
EXACT, PREFIX = 20, 16
FUZZY, FUZZY_START = (20, 12, 9), (16, 10, 7)
"""Points (of 20) a query word earns by how it matched (by typos for the fuzzy kinds)."""
_LAST = chr(0x10FFFF)


class Hit:
    """A matching entry, its score, and the spans that matched in its question and answer
    (worked out when first read, so a closed question never looks at its answer)."""

    def __init__(self, entry: FaqEntry, score: int = 0,
                 matched: Sequence[dict[str, Match]] = ()) -> None:
        self.entry, self.entry_id, self.score, self._matched = entry, entry.id, score, matched

    @cached_property
    def question_spans(self) -> tuple[tuple[int, int], ...]:
        """Where the query matched in the question."""
        return spans(self.entry.question, self._matched) if self._matched else ()

    @cached_property
    def answer_spans(self) -> tuple[tuple[int, int], ...]:
        """Where the query matched in the answer."""
        return spans(self.entry.answer, self._matched) if self._matched else ()


class _Term(NamedTuple):
    """What one query word finds: (points, entries) groups, best first and disjoint;
    all those entries; and the indexed words it matched, with how."""

    groups: tuple[tuple[int, int], ...]
    found: int
    matched: dict[str, Match]


class Results(NamedTuple):
    """What a search found: the first hits, best first, and how many entries match."""

    hits: list[Hit]
    total: int


def unfiltered(entries: Sequence[FaqEntry], limit: int | None = None) -> Results:
    """Every entry in order, without spans: what an empty query finds."""
    return Results([Hit(entry) for entry in entries[:limit]], len(entries))


class FaqIndex:
    """A search index over FAQ entries, built once; :meth:`search` runs per keystroke.

    ``nutrients`` give the tags' names and aliases; ``pages`` the titles and aliases of
    the reading pages an entry's ``see_also`` names (searched like tags: "bfs" finds the
    questions that lead to that page). Safe to search from several threads.
    """

    def __init__(self, entries: Iterable[FaqEntry], nutrients: Iterable[Nutrient] = (),
                 pages: Iterable[Page] = ()) -> None:
        self.entries = tuple(entries)
        size = len(self.entries)
        names = {n.id: " ".join([n.id, n.name, *n.aliases]) for n in nutrients}
        names.update({p.id: " ".join([p.id, p.title, *p.aliases]) for p in pages})
        tags = sorted({tag for entry in self.entries for tag in (*entry.tags, *entry.see_also)})
        tag_words = dict(zip(tags, words_per_text([names.get(t, t) for t in tags]), strict=True))
        fields = (words_per_text([e.question for e in self.entries]),
                  [set().union(*(tag_words[t] for t in (*e.tags, *e.see_also)))
                   for e in self.entries],
                  words_per_text([e.answer for e in self.entries]))
        self._postings: list[dict[str, int | tuple[int, ...]]] = []
        for per_entry in fields:
            lists: defaultdict[str, list[int]] = defaultdict(list)
            for position, words in enumerate(per_entry):
                for word in words:
                    lists[word].append(position)
            self._postings.append({word: tuple(found) if len(found) * 64 < size
                                   else to_bitset(found, size) for word, found in lists.items()})
        self._vocab = sorted(set().union(*self._postings))
        # The first n letters of every word, for typos in a word's start (cached per n).
        self._starts = lru_cache(maxsize=32)(lambda n: [known[:n] for known in self._vocab])
        self._term = lru_cache(maxsize=64)(self._term_for)

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, query: str, limit: int | None = None) -> Results:
        """The entries matching every word of ``query``, best first (at most ``limit``
        hits made). An empty or all-punctuation query finds every entry in order."""
        words = query_words(query)
        if not words:
            return unfiltered(self.entries, limit)
        terms = [self._term(word) for word in words]
        matching = -1
        for term in terms:
            matching &= term.found
        if not matching:
            return Results([], 0)
        by_score = {0: matching}  # entries by the score they have so far
        for term in terms:
            scored: defaultdict[int, int] = defaultdict(int)
            for score, bits in by_score.items():
                for points, group in term.groups:
                    if both := bits & group:
                        scored[score + points] |= both
            by_score = scored
        matched = [term.matched for term in terms]
        hits = (Hit(self.entries[p], score, matched)
                for score in sorted(by_score, reverse=True) for p in set_bits(by_score[score]))
        return Results(list(islice(hits, limit)), matching.bit_count())

    def _term_for(self, word: str) -> _Term:
        """What one query word finds (see :class:`_Term`)."""
        matches = self.matches(word)
        dense: defaultdict[int, int] = defaultdict(int)
        scattered: defaultdict[int, list[int]] = defaultdict(list)
        for found, match in matches.items():
            for weight, postings in zip(WEIGHTS, self._postings, strict=True):
                posting = postings.get(found, 0)
                if isinstance(posting, tuple):
                    scattered[match.points * weight].extend(posting)
                elif posting:
                    dense[match.points * weight] |= posting
        groups, seen = [], 0
        for points in sorted(dense.keys() | scattered.keys(), reverse=True):
            bits = (dense[points] | to_bitset(scattered[points], len(self))) & ~seen
            if bits:
                groups.append((points, bits))
                seen |= bits
        return _Term(tuple(groups), seen, matches)

    def matches(self, word: str) -> dict[str, Match]:
        """The indexed words a (folded) query word matches, and how."""
        vocab = self._vocab
        starts = vocab[bisect.bisect_left(vocab, word):bisect.bisect_left(vocab, word + _LAST)]
        found = {known: Match(EXACT) if known == word else Match(PREFIX, len(word))
                 for known in starts}
        typos = max_typos(word)
        if not typos:
            return found
        for known, typo, _ in process.extract(word, vocab, scorer=OSA.distance,
                                              score_cutoff=typos, limit=None):
            found.setdefault(known, Match(FUZZY[typo]))
        best: dict[str, tuple[int, int, int]] = {}  # word -> (typos, length off, length)
        for length in range(len(word) - typos, len(word) + typos + 1) if len(word) >= 5 else ():
            for _, typo, at in process.extract(word, self._starts(length), scorer=OSA.distance,
                                               score_cutoff=typos, limit=None):
                off = (typo, abs(length - len(word)), length)
                best[vocab[at]] = min(best.get(vocab[at], off), off)
        for known, (typo, _, length) in best.items():
            if known not in found or FUZZY_START[typo] > found[known].points:
                found[known] = Match(FUZZY_START[typo], length)
        return found
