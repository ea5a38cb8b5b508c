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
then checked with a bounded edit distance; the cost per keystroke grows with the
vocabulary and the matching entries, never with entries times words. Spans are worked
out lazily, only for the hits that are shown.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

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
_CACHE_LIMIT = 2048


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
    """The distinct tokens of ``text`` (with joined letter-number tokens), fast."""
    folded = _fold(text)
    words = set(_WORD.findall(folded))
    if any(word.isdigit() for word in words):
        words.update(letter + number for letter, number in _JOINED.findall(folded))
    return words


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


class Hit:
    """One matching FAQ entry: its id, score and the spans that matched.

    ``question_spans`` and ``answer_spans`` are sorted, non-overlapping half-open
    ranges into the entry's question and answer. They are worked out the first time
    they are read, so a search with thousands of hits stays fast.
    """

    __slots__ = ("entry_id", "score", "_entry", "_matched", "_spans")

    def __init__(self, entry_id: str, score: float, entry: FaqEntry | None = None,
                 matched: Sequence[dict[str, WordMatch]] = ()) -> None:
        self.entry_id = entry_id
        self.score = score
        self._entry = entry
        self._matched = matched
        self._spans: tuple[tuple[Span, ...], tuple[Span, ...]] | None = None

    def _all_spans(self) -> tuple[tuple[Span, ...], tuple[Span, ...]]:
        if self._spans is None:
            if self._entry is None or not self._matched:
                self._spans = ((), ())
            else:
                self._spans = (match_spans(self._entry.question, self._matched),
                               match_spans(self._entry.answer, self._matched))
        return self._spans

    @property
    def question_spans(self) -> tuple[Span, ...]:
        """Where the query matched in the question."""
        return self._all_spans()[0]

    @property
    def answer_spans(self) -> tuple[Span, ...]:
        """Where the query matched in the answer."""
        return self._all_spans()[1]

    def __repr__(self) -> str:
        return (f"Hit({self.entry_id!r}, score={self.score}, "
                f"question_spans={self.question_spans}, answer_spans={self.answer_spans})")


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


class FaqIndex:
    """A search index over FAQ entries, built once; :meth:`search` runs per keystroke.

    ``nutrients`` supplies names and aliases for the entries' tags (a tag with no
    nutrient given is indexed by its id alone).
    """

    def __init__(self, entries: Iterable[FaqEntry], nutrients: Iterable[Nutrient] = ()) -> None:
        self.entries: tuple[FaqEntry, ...] = tuple(entries)
        self._position = {entry.id: i for i, entry in enumerate(self.entries)}
        by_id = {n.id: n for n in nutrients}
        building: dict[int, defaultdict[str, list[int]]] = {
            flag: defaultdict(list) for flag in (QUESTION, ANSWER, TAG)}
        question, answer, tagged = building[QUESTION], building[ANSWER], building[TAG]
        tag_words: dict[str, set[str]] = {}
        for position, entry in enumerate(self.entries):
            for word in _index_words(entry.question):
                question[word].append(position)
            for word in _index_words(entry.answer):
                answer[word].append(position)
            words: set[str] = set()
            for tag in entry.tags:
                if tag not in tag_words:
                    nutrient = by_id.get(tag)
                    names = [tag] + ([nutrient.name, *nutrient.aliases] if nutrient else [])
                    tag_words[tag] = set().union(*(_index_words(name) for name in names))
                words |= tag_words[tag]
            for word in words:
                tagged[word].append(position)
        self._vocab: list[str] = sorted(set().union(*building.values()))
        """Every distinct word, A to Z; a word's id is its place here."""
        # For each field, for each word id: the positions of the entries holding it.
        # (Tuples, not lists: the garbage collector soon stops scanning tuples of ints.)
        self._postings: dict[int, list[tuple[int, ...]]] = {
            flag: [tuple(lists.get(word, ())) for word in self._vocab]
            for flag, lists in building.items()}
        # Positional bigrams of every word: (bigram, position) -> word ids.
        grams: defaultdict[tuple[str, int], list[int]] = defaultdict(list)
        for word_id, word in enumerate(self._vocab):
            for key in _grams(word):
                grams[key].append(word_id)
        self._grams = {key: tuple(ids) for key, ids in grams.items()}
        self._cache: dict[str, dict[int, WordMatch]] = {}
        self._everything = [Hit(entry.id, 0.0) for entry in self.entries]

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def vocabulary_size(self) -> int:
        """How many distinct words the index holds."""
        return len(self._vocab)

    def entry(self, entry_id: str) -> FaqEntry:
        """The entry with this id (KeyError when there is none)."""
        return self.entries[self._position[entry_id]]

    def search(self, query: str) -> list[Hit]:
        """The entries matching every word of ``query``, best first.

        An empty (or all-punctuation) query returns every entry in order, without spans.
        """
        tokens = query_tokens(query)
        if not tokens:
            return list(self._everything)
        per_token = [self.match_word(token) for token in tokens]
        if not all(per_token):
            return []
        scores: dict[int, float] | None = None
        for matches in sorted(per_token, key=self._cost):
            found = self._token_scores(matches)
            if scores is None:
                scores = found
            else:
                scores = {p: v + found[p] for p, v in scores.items() if p in found}
            if not scores:
                return []
        assert scores is not None
        vocab = self._vocab
        by_word = [{vocab[w]: match for w, match in matches.items()} for matches in per_token]
        order = sorted(scores)
        order.sort(key=scores.__getitem__, reverse=True)  # stable: ties keep entry order
        entries = self.entries
        return [Hit(entries[p].id, scores[p], entries[p], by_word) for p in order]

    def _cost(self, matches: dict[int, WordMatch]) -> int:
        return sum(len(lists[w]) for lists in self._postings.values() for w in matches)

    def _token_scores(self, matches: dict[int, WordMatch]) -> dict[int, float]:
        """Entry position -> the best value one query token earns there."""
        by_quality: dict[float, list[int]] = {}
        for word_id, match in matches.items():
            by_quality.setdefault(match.quality, []).append(word_id)
        layers: list[tuple[float, set[int]]] = []
        for quality, word_ids in by_quality.items():
            for flag, weight in _FIELD_WEIGHT.items():
                lists = self._postings[flag]
                positions: set[int] = set()
                for word_id in word_ids:
                    positions.update(lists[word_id])
                if positions:
                    layers.append((quality * weight, positions))
        layers.sort(key=lambda layer: layer[0])
        best: dict[int, float] = {}
        for value, positions in layers:  # lowest first, so better values overwrite
            best.update(dict.fromkeys(positions, value))
        return best

    def match_word(self, token: str) -> dict[int, WordMatch]:
        """The vocabulary words one (already folded) query token matches, by word id."""
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        found: dict[int, WordMatch] = {}
        vocab = self._vocab
        for word_id in range(bisect.bisect_left(vocab, token), len(vocab)):
            word = vocab[word_id]
            if not word.startswith(token):
                break
            exact = len(word) == len(token)
            found[word_id] = WordMatch(EXACT) if exact else WordMatch(PREFIX, len(token))
        limit = max_typos(token)
        if limit:
            self._fuzzy(token, limit, found)
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
                found[word_id] = WordMatch(FUZZY[distance] if distance else EXACT)
            elif allow_prefix and len(word) > len(token) - limit:
                close = prefix_distance(token, word, limit)
                if close is not None:
                    found[word_id] = WordMatch(FUZZY_PREFIX[max(close[0], 1)], close[1])
