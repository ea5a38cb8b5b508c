"""Typo-tolerant search over the FAQ, with the character spans that matched.

The index is built once from the entries. Every question, answer and tag is split into
lowercase word tokens; a lone letter followed by a number ("B 12", "b-12") is also
indexed as one token ("b12"), and each tagged nutrient adds its id, name and aliases as
tag tokens (so "cobalamin" finds an entry tagged ``vitamin-b12``).

A query is split the same way. Each query token matches an indexed word that

* is equal to it, or starts with it (so results filter as you type), or
* is within a small edit distance of it (insertions, deletions, substitutions and
  swaps of two neighbouring letters): 1 for tokens of 4 to 6 letters, 2 for longer
  ones. Tokens shorter than 4 characters or containing digits are never fuzzy, so
  "b12" does not find "b1" and "mag" does not find "may". Tokens of 5 or more letters
  also match the start of a longer word with a typo ("magensi" → "magnesium").

An entry matches when every query token matches one of its words. Hits are ranked by
how well and where each token matched (question above tags above answer; exact above
prefix above fuzzy), then by the entries' order.

Fuzzy candidates come from a positional bigram index over the vocabulary (the q-gram
lemma bounds how many bigrams a near word must share, so nothing is missed) and are
then checked with a bounded edit distance.

Which entries hold a word, per field, is a bitset (a Python int, bit i for entry i; a
rare word keeps a tuple of positions instead). A query token's matches become a few
disjoint "layers" of entries by the value the token earns there (cached per token, so
typing one more letter recomputes only the last word); entries matching every token
are one AND away, and since scores are sums of layer values, ranking walks the
non-empty combinations of layers instead of scoring entries one by one. The result
(:class:`Hits`) knows its length at once and makes its hits as they are read, and
spans are worked out only for the hits that are shown: with 20,000 entries a
keystroke costs about a millisecond, even when nearly every entry matches.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import ClassVar, NamedTuple, overload

from fasci_tui.content.model import FaqEntry, Nutrient

Span = tuple[int, int]
"""A half-open character range ``(start, end)`` in a question or an answer."""

QUESTION, ANSWER, TAG = 1, 2, 4
"""Bit flags: where in an entry a word occurs."""

_FIELD_WEIGHT = {QUESTION: 3.0, TAG: 2.0, ANSWER: 1.0}
"""How much a match counts by where it is: question, then tags, then answer."""

EXACT, PREFIX = 1.0, 0.8
FUZZY = {1: 0.6, 2: 0.45}
FUZZY_PREFIX = {1: 0.5, 2: 0.35}
"""Match qualities by kind (and by number of typos); a hit's score sums, over the
query's tokens, the best quality times field weight that token earns in the entry."""

MIN_FUZZY_LEN = 4
"""Query tokens shorter than this only match exactly or as a prefix."""
MIN_FUZZY_PREFIX_LEN = 5
"""Query tokens shorter than this do not match word starts with a typo."""

_WORD = re.compile(r"[^\W_]+")
_JOIN_GAP = re.compile(r"[ \t-]{1,2}")
_JOINED = re.compile(r"(?<![^\W_])([^\W\d_])[ \t-]{1,2}(\d+)(?![^\W_])")
_DIGIT = re.compile(r"\d")
_CACHE_LIMIT = 2048
_TERM_CACHE_LIMIT = 64
_WALK_LIMIT = 8
"""Ranking tries at most this many layer combinations per entry (plus 125) before it
falls back to adding up scores entry by entry (see FaqIndex._ranked)."""


def max_typos(token: str) -> int:
    """How many edits a query token may be away from a word it matches."""
    if len(token) < MIN_FUZZY_LEN or not token.isalpha():
        return 0
    return 1 if len(token) < 7 else 2


def _fold(text: str) -> str:
    """Lowercase ``text`` and drop accents, keeping every character at its offset."""
    if text.isascii():
        return text.lower()
    out = []
    for ch in text:
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        out.append(base.lower()[:1] or ch)
    return "".join(out)


class Token(NamedTuple):
    """A word found in text: its folded form and where it is.

    ``joined`` marks a lone letter and a number read as one word ("B 12" → ``b12``);
    its span covers both parts and whatever separated them.
    """

    text: str
    start: int
    end: int
    joined: bool = False


def tokenize(text: str, *, keep_parts: bool = True) -> list[Token]:
    """Split ``text`` into lowercase word tokens with their character offsets.

    A single letter followed by a number, separated by at most two spaces or hyphens,
    also yields the joined token ("b 12" → ``b12``). With ``keep_parts`` (for indexing)
    the letter and the number are kept too; without it (for queries) they are replaced
    by the joined token.
    """
    folded = _fold(text)
    words = [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]
    tokens: list[Token] = []
    i = 0
    while i < len(words):
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if (nxt is not None and len(word.text) == 1 and word.text.isalpha()
                and nxt.text.isdigit()
                and _JOIN_GAP.fullmatch(folded, word.end, nxt.start)):
            joined = Token(word.text + nxt.text, word.start, nxt.end, joined=True)
            tokens += [word, nxt, joined] if keep_parts else [joined]
            i += 2
            continue
        tokens.append(word)
        i += 1
    return tokens


def query_tokens(query: str) -> list[str]:
    """The distinct tokens of a search query, in order ("b 12 b12" → ``["b12"]``)."""
    return list(dict.fromkeys(t.text for t in tokenize(query, keep_parts=False)))


def _last_row(a: str, b: str, limit: int) -> list[int] | None:
    """The last row of the edit-distance table of ``a`` against ``b``'s prefixes.

    Entry ``j`` is the optimal-string-alignment distance from ``a`` to ``b[:j]``
    (insertions, deletions, substitutions, swaps of neighbours). None as soon as every
    entry of a row exceeds ``limit``: later rows can only be larger.
    """
    lb = len(b)
    before: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, len(a) + 1):
        ca = a[i - 1]
        cur = [i] + [0] * lb
        best = i
        for j in range(1, lb + 1):
            cb = b[j - 1]
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, before[j - 2] + 1)
            cur[j] = value
            if value < best:
                best = value
        if best > limit:
            return None
        before, prev = prev, cur
    return prev


def edit_distance(a: str, b: str, limit: int) -> int | None:
    """Edit distance between ``a`` and ``b``, or None when it is over ``limit``.

    Counts insertions, deletions, substitutions and swaps of two neighbouring
    characters (optimal string alignment); gives up early once over ``limit``.
    """
    if abs(len(a) - len(b)) > limit:
        return None
    row = _last_row(a, b, limit)
    return row[-1] if row is not None and row[-1] <= limit else None


def prefix_distance(a: str, b: str, limit: int) -> tuple[int, int] | None:
    """How close ``a`` is to some start of ``b``: ``(distance, prefix length)`` or None.

    The smallest :func:`edit_distance` from ``a`` to any prefix of ``b``; among
    equally close prefixes, the one nearest ``a`` in length.
    """
    b = b[: len(a) + limit]
    if len(b) < len(a) - limit:
        return None
    row = _last_row(a, b, limit)
    if row is None:
        return None
    found = min((d, abs(j - len(a)), j) for j, d in enumerate(row))
    return (found[0], found[2]) if found[0] <= limit else None


def _index_words(text: str) -> set[str]:
    """The distinct tokens of ``text`` (with joined letter-number tokens)."""
    folded = _fold(text)
    words = set(_WORD.findall(folded))
    if _DIGIT.search(folded):
        words.update(letter + number for letter, number in _JOINED.findall(folded))
    return words


def _ascii_fold_table() -> bytes:
    table = bytearray(b" " * 256)
    for code in range(128):
        char = chr(code)
        if char.isalnum():
            table[code] = ord(char.lower())
    table[0] = 0  # kept: it separates texts (see _words_per_text)
    return bytes(table)


_ASCII_FOLD = _ascii_fold_table()
"""ASCII letters and digits lowercased, every other byte a space (NUL kept)."""
_NOT_DIGITS = bytes(code for code in range(256) if not 48 <= code <= 57)


def _words_per_text(texts: Sequence[str], chunk: int = 512) -> Iterator[set[str]]:
    """:func:`_index_words` of each text in turn, done in bulk for the (usual) ASCII texts.

    For ASCII text the words are the runs of letters and digits, so one ``translate``
    over a chunk of texts joined by NULs, then ``split``, gives the same words several
    times faster than the regular expression. (Chunks keep the memory used small.)
    """
    for start in range(0, len(texts), chunk):
        batch = texts[start:start + chunk]
        found: list[set[str] | None] = [None] * len(batch)
        plain = [i for i, text in enumerate(batch) if text.isascii() and "\0" not in text]
        digits = False
        if plain:
            joined = "\0".join([batch[i] for i in plain]).encode("ascii")
            parts = joined.translate(_ASCII_FOLD).decode("ascii").split("\0")
            for i, part in zip(plain, parts, strict=True):
                found[i] = set(part.split())
            digits = bool(joined.translate(None, _NOT_DIGITS))
        for text, words in zip(batch, found, strict=True):
            if words is None:
                words = _index_words(text)
            elif digits and _DIGIT.search(text):
                words.update(letter + number
                             for letter, number in _JOINED.findall(text.lower()))
            yield words


def _bits(positions: Sequence[int] | Iterable[int], size: int) -> int:
    """A bitset (a Python int) with the bits at ``positions`` set; ``size`` bounds them."""
    positions = list(positions)
    if len(positions) <= 8:
        bits = 0
        for position in positions:
            bits |= 1 << position
        return bits
    digits = bytearray(b"0") * size
    for position in positions:
        digits[position] = 49  # "1"
    digits.reverse()
    return int(digits, 2)


_BYTE_BITS = tuple(tuple(i for i in range(8) if byte >> i & 1) for byte in range(256))
_NONZERO = re.compile(rb"[^\0]+")


def _positions(bits: int) -> Iterator[int]:
    """The positions of the set bits of ``bits``, lowest first."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    table = _BYTE_BITS
    for run in _NONZERO.finditer(data):
        for offset, byte in enumerate(run.group(), run.start()):
            base = offset * 8
            for i in table[byte]:
                yield base + i


def _grams(word: str, *, end: bool = True) -> list[tuple[str, int]]:
    """The word's bigrams with their positions, padded with ``^`` (and ``$``)."""
    padded = f"^{word}$" if end else f"^{word}"
    return [(padded[i:i + 2], i) for i in range(len(padded) - 1)]


@dataclass(frozen=True, slots=True)
class WordMatch:
    """How a query token matched one vocabulary word.

    ``highlight`` is how many leading characters of the word to highlight (0: all).
    """

    quality: float
    highlight: int = 0


@functools.lru_cache(maxsize=256)
def _word_match(quality: float, highlight: int = 0) -> WordMatch:
    """A shared :class:`WordMatch` (a common word prefix matches thousands of words)."""
    return WordMatch(quality, highlight)


class Hit:
    """One matching FAQ entry: its id, score and the spans that matched.

    ``question_spans`` and ``answer_spans`` are sorted, non-overlapping half-open
    ranges into the entry's question and answer. Each is worked out the first time it
    is read, so a search with thousands of hits stays fast (and a closed question
    never tokenizes its answer).
    """

    __slots__ = ("entry_id", "score", "_entry", "_matched", "_question", "_answer")

    def __init__(self, entry_id: str, score: float, entry: FaqEntry | None = None,
                 matched: Sequence[dict[str, WordMatch]] = ()) -> None:
        self.entry_id = entry_id
        self.score = score
        self._entry = entry
        self._matched = matched
        self._question: tuple[Span, ...] | None = None
        self._answer: tuple[Span, ...] | None = None

    @property
    def question_spans(self) -> tuple[Span, ...]:
        """Where the query matched in the question."""
        if self._question is None:
            self._question = (match_spans(self._entry.question, self._matched)
                              if self._entry is not None and self._matched else ())
        return self._question

    @property
    def answer_spans(self) -> tuple[Span, ...]:
        """Where the query matched in the answer."""
        if self._answer is None:
            self._answer = (match_spans(self._entry.answer, self._matched)
                            if self._entry is not None and self._matched else ())
        return self._answer

    def __repr__(self) -> str:
        return (f"Hit({self.entry_id!r}, score={self.score}, "
                f"question_spans={self.question_spans}, answer_spans={self.answer_spans})")


class Hits(Sequence[Hit]):
    """The result of a search: a read-only sequence of :class:`Hit`, best first.

    Its length (how many entries match) is known at once; the hits themselves are
    made as they are read, so showing the first 100 of 20,000 matches costs 100 hits.
    It compares equal to a list of the same hits (``index.search("xyzzy") == []``).
    Reading it from several threads is safe.
    """

    __slots__ = ("_total", "_items", "_source", "_lock")

    def __init__(self, total: int, source: Iterable[Hit], first: int = 0) -> None:
        self._total = total
        self._items: list[Hit] = []
        self._source: Iterator[Hit] | None = iter(source) if total else None
        self._lock = threading.Lock()
        if first:
            self._fill(first)

    def _fill(self, count: int) -> None:
        """Make sure the first ``count`` hits (or all, when fewer) are made."""
        if len(self._items) >= count or self._source is None:
            return
        with self._lock:
            if self._source is None:
                return
            self._items.extend(islice(self._source, max(0, count - len(self._items))))
            if len(self._items) >= self._total:
                self._source = None

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, index: int) -> Hit: ...

    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...

    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        if isinstance(index, slice):
            start, stop, step = index.indices(self._total)
            if step > 0:
                self._fill(stop)
                return self._items[start:stop:step]
            self._fill(self._total)
            return self._items[index]
        at = index + self._total if index < 0 else index
        if not 0 <= at < self._total:
            raise IndexError("hit index out of range")
        self._fill(at + 1)
        return self._items[at]

    def __iter__(self) -> Iterator[Hit]:
        at = 0
        while at < self._total:
            if at >= len(self._items):
                self._fill(at + 256)
            yield self._items[at]
            at += 1

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Hits, list, tuple)):
            return len(self) == len(other) and all(
                a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(repr(hit.entry_id) for hit in self[:5])
        more = ", …" if self._total > 5 else ""
        return f"Hits({self._total}: [{shown}{more}])"


def unfiltered(entries: Sequence[FaqEntry], first: int = 0) -> Hits:
    """Every entry, in order and without spans: what an empty query finds."""
    return Hits(len(entries), (Hit(entry.id, 0.0) for entry in entries), first)


def match_spans(text: str, matched: Sequence[dict[str, WordMatch]]) -> tuple[Span, ...]:
    """Where the query matched in ``text``: sorted, merged ``(start, end)`` ranges.

    ``matched`` holds, for each query token, the folded words it matched. For each
    token only its best matches in ``text`` are marked (so with "vitamin d" the "D"
    is marked, not the "d" that starts "does"); a word matched as a prefix is marked
    only as far as the query typed it.
    """
    tokens = tokenize(text)
    spans: list[Span] = []
    for words in matched:
        found = [(match, token) for token in tokens
                 if (match := words.get(token.text)) is not None]
        if not found:
            continue
        best = max(match.quality for match, _ in found)
        for match, token in found:
            if match.quality < best:
                continue
            end = token.end
            if match.highlight and not token.joined:
                end = min(end, token.start + match.highlight)
            spans.append((token.start, end))
    return _merge(spans)


def _merge(spans: Sequence[Span]) -> tuple[Span, ...]:
    """Sort and merge overlapping or touching spans."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


_UNITS = 20
"""Scores are added up as integers, in twentieths (every quality times every field
weight is a whole number of them), so equal scores tie exactly."""


class _Term(NamedTuple):
    """What one query token finds: entries by the best value it earns there.

    ``layers`` are ``(value, entries)`` pairs, best value first, whose bitsets do not
    overlap; ``found`` is their union; ``words`` maps each matched word to its match.
    """

    layers: tuple[tuple[int, int], ...]
    found: int
    words: dict[str, WordMatch]


_Posting = int | tuple[int, ...]
"""The entries holding a word in one field: a bitset, or (when few) their positions."""


class FaqIndex:
    """A search index over FAQ entries, built once; :meth:`search` runs per keystroke.

    ``nutrients`` supplies names and aliases for the entries' tags (a tag with no
    nutrient given is indexed by its id alone). Building it for 20,000 entries takes
    a fraction of a second, so a user interface builds a big one off its main thread.
    Searching is safe from several threads at once.
    """

    FIRST: ClassVar[int] = 200
    """How many hits :meth:`search` makes at once (the rest are made when read)."""

    def __init__(self, entries: Iterable[FaqEntry], nutrients: Iterable[Nutrient] = ()) -> None:
        self.entries: tuple[FaqEntry, ...] = tuple(entries)
        self._position = {entry.id: i for i, entry in enumerate(self.entries)}
        size = len(self.entries)
        by_id = {n.id: n for n in nutrients}
        building: dict[int, defaultdict[str, list[int]]] = {
            flag: defaultdict(list) for flag in (QUESTION, ANSWER, TAG)}
        tag_words: dict[str, set[str]] = {}

        def tags_of(entry: FaqEntry) -> set[str]:
            words: set[str] = set()
            for tag in entry.tags:
                if tag not in tag_words:
                    nutrient = by_id.get(tag)
                    names = [tag] + ([nutrient.name, *nutrient.aliases] if nutrient else [])
                    tag_words[tag] = set().union(*(_index_words(name) for name in names))
                words |= tag_words[tag]
            return words

        def post(lists: defaultdict[str, list[int]], per_entry: Iterable[set[str]]) -> None:
            for position, words in enumerate(per_entry):
                for word in words:
                    lists[word].append(position)

        # One field at a time, so that only one field's word sets are held at once.
        post(building[QUESTION], _words_per_text([entry.question for entry in self.entries]))
        post(building[ANSWER], _words_per_text([entry.answer for entry in self.entries]))
        post(building[TAG], map(tags_of, self.entries))
        self._vocab: list[str] = sorted(set().union(*building.values()))
        """Every distinct word, A to Z; a word's id is its place here."""
        # For each field, for each word id: the entries holding it, as a bitset (an
        # int, bit i for entry i) or, for a rare word, a tuple of positions (smaller).
        self._postings: dict[int, list[_Posting]] = {}
        for flag, lists in building.items():
            postings: list[_Posting] = []
            for word in self._vocab:
                positions = lists.get(word)
                if not positions:
                    postings.append(0)
                elif len(positions) * 64 < size:
                    postings.append(tuple(positions))
                else:
                    postings.append(_bits(positions, size))
            self._postings[flag] = postings
        del building
        # Positional bigrams of every word: (bigram, position) -> word ids.
        grams: defaultdict[tuple[str, int], list[int]] = defaultdict(list)
        for word_id, word in enumerate(self._vocab):
            for key in _grams(word):
                grams[key].append(word_id)
        self._grams = {key: tuple(ids) for key, ids in grams.items()}
        self._cache: dict[str, dict[int, WordMatch]] = {}
        self._terms: dict[str, _Term] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.entries)

    def entry(self, entry_id: str) -> FaqEntry:
        """The entry with this id (KeyError when there is none)."""
        return self.entries[self._position[entry_id]]

    def search(self, query: str) -> Hits:
        """The entries matching every word of ``query``, best first.

        An empty (or all-punctuation) query returns every entry in order, without spans.
        The result is a :class:`Hits` sequence: its length is the number of matches
        and its first :attr:`FIRST` hits are ready; the rest are made as they are read.
        """
        tokens = query_tokens(query)
        if not tokens:
            return unfiltered(self.entries, self.FIRST)
        terms = [self._term(token) for token in tokens]
        matching = -1  # every entry
        for term in sorted(terms, key=lambda term: term.found.bit_count()):
            matching &= term.found
            if not matching:
                return Hits(0, ())
        words = [term.words for term in terms]
        entries = self.entries
        hits = (Hit(entries[position].id, score / _UNITS, entries[position], words)
                for score, position in self._ranked(terms, matching))
        return Hits(matching.bit_count(), hits, self.FIRST)

    def _ranked(self, terms: Sequence[_Term], matching: int) -> Iterator[tuple[int, int]]:
        """``(score, position)`` of each matching entry, best first, ties in entry order.

        An entry's score is the sum over the terms of the layer value it is in, so the
        entries with one score are those in one combination of layers: walk the
        combinations (skipping empty ones), then list each score's entries in order.
        """
        groups: dict[int, int] = {}
        budget = [_WALK_LIMIT * (len(self.entries) + 125)]  # against pathological queries

        def walk(depth: int, bits: int, score: int) -> bool:
            if depth == len(terms):
                groups[score] = groups.get(score, 0) | bits
                return True
            for value, layer in terms[depth].layers:
                budget[0] -= 1
                if budget[0] < 0:
                    return False
                both = bits & layer
                if both and not walk(depth + 1, both, score + value):
                    return False
            return True

        if walk(0, matching, 0):
            for score in sorted(groups, reverse=True):
                for position in _positions(groups[score]):
                    yield score, position
            return
        # Too many combinations: add up the scores entry by entry instead.
        scores = dict.fromkeys(_positions(matching), 0)
        for term in terms:
            for value, layer in term.layers:
                for position in _positions(layer & matching):
                    scores[position] += value
        ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        for position, score in ordered:
            yield score, position

    def _term(self, token: str) -> _Term:
        """The entries ``token`` matches, layered by the value it earns in each."""
        term = self._terms.get(token)
        if term is not None:
            return term
        matches = self.match_word(token)
        by_quality: dict[float, list[int]] = {}
        for word_id, match in matches.items():
            by_quality.setdefault(match.quality, []).append(word_id)
        raw: list[tuple[int, int]] = []
        for quality, word_ids in by_quality.items():
            for flag, weight in _FIELD_WEIGHT.items():
                bits = self._union(self._postings[flag], word_ids)
                if bits:
                    raw.append((round(quality * weight * _UNITS), bits))
        raw.sort(key=lambda item: item[0], reverse=True)
        layers: list[tuple[int, int]] = []
        found = 0
        for value, bits in raw:  # best first: an entry stays in the best layer it is in
            new = bits & ~found
            if not new:
                continue
            if layers and layers[-1][0] == value:
                layers[-1] = (value, layers[-1][1] | new)
            else:
                layers.append((value, new))
            found |= new
        vocab = self._vocab
        term = _Term(tuple(layers), found, {vocab[w]: match for w, match in matches.items()})
        with self._lock:
            if len(self._terms) >= _TERM_CACHE_LIMIT:
                del self._terms[next(iter(self._terms))]
            self._terms[token] = term
        return term

    def _union(self, postings: list[_Posting], word_ids: Iterable[int]) -> int:
        """The bitset of the entries holding any of the words in one field."""
        bits = 0
        scattered: list[int] = []
        for word_id in word_ids:
            posting = postings[word_id]
            if isinstance(posting, int):
                bits |= posting
            else:
                scattered.extend(posting)
        if scattered:
            bits |= _bits(scattered, len(self.entries))
        return bits

    def match_word(self, token: str) -> dict[int, WordMatch]:
        """The vocabulary words one (already folded) query token matches, by word id."""
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        found: dict[int, WordMatch] = {}
        vocab = self._vocab
        exact, prefix = _word_match(EXACT), _word_match(PREFIX, len(token))
        for word_id in range(bisect.bisect_left(vocab, token), len(vocab)):
            word = vocab[word_id]
            if not word.startswith(token):
                break
            found[word_id] = exact if len(word) == len(token) else prefix
        limit = max_typos(token)
        if limit:
            self._fuzzy(token, limit, found)
        with self._lock:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            self._cache[token] = found
        return found

    def _fuzzy(self, token: str, limit: int, found: dict[int, WordMatch]) -> None:
        """Add the words within ``limit`` edits of ``token`` (or of its start) to ``found``."""
        allow_prefix = len(token) >= MIN_FUZZY_PREFIX_LEN
        grams = _grams(token, end=not allow_prefix)
        # q-gram lemma: an edit spoils at most 3 of the token's bigrams (a swap does),
        # and shifts the others by at most one place.
        need = len(grams) - 3 * limit
        if need > 0:
            shared: dict[int, int] = {}
            for gram, at in grams:
                near: set[int] = set()
                for pos in range(max(0, at - limit), at + limit + 1):
                    near.update(self._grams.get((gram, pos), ()))
                for word_id in near:
                    shared[word_id] = shared.get(word_id, 0) + 1
            candidates: Iterable[int] = [w for w, n in shared.items() if n >= need]
        else:  # a very short or repetitive token: check every word
            candidates = range(len(self._vocab))
        for word_id in candidates:
            if word_id in found:
                continue
            word = self._vocab[word_id]
            distance = edit_distance(token, word, limit)
            if distance is not None:
                found[word_id] = _word_match(FUZZY[distance] if distance else EXACT)
            elif allow_prefix and len(word) > len(token) - limit:
                close = prefix_distance(token, word, limit)
                if close is not None:
                    found[word_id] = _word_match(FUZZY_PREFIX[max(close[0], 1)], close[1])
