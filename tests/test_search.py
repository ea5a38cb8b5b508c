"""The FAQ search: typos, "b 12", aliases, ranking, spans, limits and scale.

Checks on the shipped content are written so that they hold as the FAQ grows: a typo
finds what the right spelling finds, an alias finds every entry tagged with its nutrient.
"""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from fasci_tui.content import Content
from fasci_tui.content.model import FaqEntry
from fasci_tui.content.search import WEIGHTS, FaqIndex, Hit
from fasci_tui.content.search_words import (
    fold,
    max_typos,
    query_words,
    words_of,
    words_per_text,
)


@pytest.fixture(scope="module")
def index(content: Content) -> FaqIndex:
    return FaqIndex(content.faq, content.nutrients)


def ids(hits: list[Hit]) -> list[str]:
    return [hit.entry_id for hit in hits]


def found(index: FaqIndex, query: str) -> list[str]:
    return ids(index.search(query).hits)


def matched(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in spans]


def tagged(content: Content, nutrient_id: str) -> set[str]:
    return {entry.id for entry in content.faq if nutrient_id in entry.tags}


def test_empty_query_returns_everything_in_order_without_spans(
        index: FaqIndex, content: Content) -> None:
    for query in ("", "   ", "?!"):
        results = index.search(query)
        assert ids(results.hits) == [entry.id for entry in content.faq]
        assert results.total == len(content.faq)
        assert all(h.question_spans == () and h.answer_spans == () for h in results.hits)


@pytest.mark.parametrize("query", ["magnesum", "magensium", "MAGNESIUM", "Magnésium"])
def test_magnesium_misspelt_finds_what_magnesium_finds(index: FaqIndex, content: Content,
                                                       query: str) -> None:
    expected = found(index, "magnesium")
    assert tagged(content, "magnesium") <= set(expected)
    assert found(index, query) == expected


def test_typing_magnesium_finds_it_at_every_letter(index: FaqIndex, content: Content) -> None:
    for end in range(1, len("magnesum") + 1):
        assert tagged(content, "magnesium") <= set(found(index, "magnesum"[:end])), end


@pytest.mark.parametrize("query", ["b12", "b 12", "B-12", "vitamin b12", "vitamin b 12"])
def test_b12_spellings(index: FaqIndex, content: Content, query: str) -> None:
    hits = index.search(query).hits
    assert tagged(content, "vitamin-b12") <= set(ids(hits))
    assert "B12" in matched(hits[0].entry.question, hits[0].question_spans)


def test_b_12_in_text_is_found_by_b12() -> None:
    entries = [FaqEntry("x", "About vitamin B 12?", "Some b-12 facts."),
               FaqEntry("y", "About B1?", "Thiamin.")]
    hits = FaqIndex(entries).search("b12").hits
    assert ids(hits) == ["x"]
    assert matched(entries[0].question, hits[0].question_spans) == ["B 12"]
    assert matched(entries[0].answer, hits[0].answer_spans) == ["b-12"]


def test_vitamin_d_with_a_typo_marks_the_words_not_a_d_inside_another(index: FaqIndex) -> None:
    hit = index.search("vitamn d").hits[0]
    assert "vitamin-d" in hit.entry.tags
    marks = matched(hit.entry.question, hit.question_spans)
    assert [m.lower() for m in marks] == ["vitamin", "d"]


def test_aliases_reach_tagged_entries(index: FaqIndex, content: Content) -> None:
    assert set(found(index, "cobalamin")) == tagged(content, "vitamin-b12")
    assert set(found(index, "cholecalciferol")) == tagged(content, "vitamin-d")
    # The alias is in the tags, not in the text: nothing in the text is marked.
    hit = index.search("cobalamin").hits[0]
    assert hit.question_spans == () and hit.answer_spans == ()


def test_aliases_come_from_the_nutrients_given() -> None:
    entries = [FaqEntry("e", "Is it safe?", "Yes.", ("vitamin-b12",))]
    assert found(FaqIndex(entries), "cobalamin") == []
    assert found(FaqIndex(entries), "vitamin b12") == ["e"]  # the tag's own id


def test_no_match(index: FaqIndex) -> None:
    assert index.search("xyzzy") == ([], 0)
    assert index.search("magnesium xyzzy") == ([], 0)


def test_every_word_must_match() -> None:
    entries = [FaqEntry("a", "Can stress cause twitching?", "Yes."),
               FaqEntry("b", "Does stress matter?", "Somewhat."),
               FaqEntry("c", "Is twitching common?", "Very.")]
    assert found(FaqIndex(entries), "stress twitching") == ["a"]
    assert found(FaqIndex(entries), "twitchng strss") == ["a"]


def test_question_matches_rank_above_tags_above_answers() -> None:
    entries = [
        FaqEntry("answer-only", "Something else?", "Potassium helps here."),
        FaqEntry("tag-only", "Electrolytes?", "They help.", ("potassium",)),
        FaqEntry("in-question", "What about potassium?", "It helps."),
        FaqEntry("typo-in-question", "What about potasium?", "It helps."),
    ]
    # An exact word counts more than one with a typo (exact in the tags above a typo in
    # the question).
    assert found(FaqIndex(entries), "potassium") == [
        "in-question", "tag-only", "typo-in-question", "answer-only"]


def test_ties_keep_entry_order() -> None:
    entries = [FaqEntry(str(i), f"Question {i} about sleep?", "Rest.") for i in range(5)]
    assert found(FaqIndex(entries), "sleep") == ["0", "1", "2", "3", "4"]


def test_spans_cover_what_matched() -> None:
    entry = FaqEntry("e", "Does magnesium help magnesium-poor diets?",
                     "Magnesium and calcium: see magnesium.")
    hit = FaqIndex([entry]).search("magn calc").hits[0]
    # Words matched by their start are marked only as far as the query typed.
    assert matched(entry.question, hit.question_spans) == ["magn", "magn"]
    assert matched(entry.answer, hit.answer_spans) == ["Magn", "calc", "magn"]
    # A typo marks the whole word it matched.
    hit = FaqIndex([entry]).search("calcum").hits[0]
    assert matched(entry.answer, hit.answer_spans) == ["calcium"]
    assert hit.question_spans == ()


def test_spans_are_sorted_and_do_not_overlap() -> None:
    entry = FaqEntry("e", "B 12 or b12 or vitamin b 12?", "b")
    spans = FaqIndex([entry]).search("b 12 vitamin b").hits[0].question_spans
    assert list(spans) == sorted(spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert matched(entry.question, spans) == ["B 12", "b12", "vitamin", "b 12"]


def test_short_and_numeric_words_are_not_fuzzy() -> None:
    entries = [FaqEntry("b1", "Thiamin, B1?", "."), FaqEntry("may", "May I?", ".")]
    index = FaqIndex(entries)
    assert index.search("b12").total == 0
    assert index.search("mag").total == 0
    assert max_typos("mag") == 0 and max_typos("b12x") == 0
    assert max_typos("vitamn") == 1 and max_typos("magnesum") == 2


def test_a_typo_in_the_start_of_a_word_still_filters_as_you_type() -> None:
    index = FaqIndex([FaqEntry("m", "Magnesium?", ".")])
    for partial in ("m", "ma", "mag", "magn", "magne", "magnes", "magnesu", "magnesum"):
        assert found(index, partial) == ["m"], partial
    for typo in ("magensi", "mangesi", "magnsi", "maggnesi"):  # swaps, a dropped, an extra
        assert found(index, typo) == ["m"], typo
    hit = index.search("magnesu").hits[0]
    assert matched("Magnesium?", hit.question_spans) == ["Magnesi"]


def test_accents_are_ignored_and_offsets_kept() -> None:
    entry = FaqEntry("c", "Is café au lait OK?", "Crème brûlée too.")
    hit = FaqIndex([entry]).search("cafe brulee").hits[0]
    assert matched(entry.question, hit.question_spans) == ["café"]
    assert matched(entry.answer, hit.answer_spans) == ["brûlée"]
    assert len(fold("Crème ﬁ")) == len("Crème ﬁ")


def test_words_of_text_and_query() -> None:
    assert words_of("Vitamin B-12!") == {"vitamin", "b", "12", "b12"}
    assert query_words("vitamin b 12 B12") == ["vitamin", "b12"]
    assert query_words("d3 a") == ["d3", "a"]
    assert query_words("a b12c") == ["a", "b12c"]


def test_words_per_text_reads_as_words_of_does() -> None:
    texts = ["Vitamin B-12!", "x_y z", "Café B 12", "a\0b", "", "Plain text, B 6 and b6."]
    for chunk in (1, 2, 512):  # ASCII-only chunks take the fast way, others not
        assert list(words_per_text(texts, chunk)) == [words_of(text) for text in texts]


def test_limit_caps_the_hits_not_the_count() -> None:
    entries = [FaqEntry(f"q{i}", f"Question {i} about sleep?", "Rest.") for i in range(500)]
    index = FaqIndex(entries)
    results = index.search("slep", limit=100)
    assert results.total == 500 and ids(results.hits) == [f"q{i}" for i in range(100)]
    assert len(index.search("", limit=7).hits) == 7 and index.search("", limit=7).total == 500
    assert len(index.search("sleep").hits) == 500


def test_scale_twenty_thousand_entries() -> None:
    rnd = random.Random(7)
    letters = "abcdefghijklmnoprstuvw"
    vocab = ["".join(rnd.choice(letters) for _ in range(rnd.randint(3, 10)))
             for _ in range(5000)]

    def sentence(n: int) -> str:
        return " ".join(rnd.choice(vocab) for _ in range(n))

    entries = [FaqEntry(f"e{i}", sentence(8) + "?", sentence(40)) for i in range(20_000)]
    entries[12_345] = FaqEntry("needle", "What about magnesium and vitamin B 12?", "Answer.")
    index = FaqIndex(entries)
    assert len(index) == 20_000
    for query in ("magnesum", "b 12 magnesium", "vitamn b12"):
        hits = index.search(query, limit=100).hits
        assert hits and hits[0].entry_id == "needle", query
        assert hits[0].question_spans
    assert index.search("").total == 20_000
    assert index.search("a", limit=100).total > 10_000  # a one-letter start matches many
    assert index.search("qqqqqqqqqq") == ([], 0)


def _reference(index: FaqIndex, query: str) -> list[tuple[str, int]]:
    """Score every entry the slow, obvious way: (id, score), best first, ties in order.
    (The index is given no nutrients: a tag is read by its id alone.)"""
    scored = []
    for position, entry in enumerate(index.entries):
        fields = (words_of(entry.question),
                  set().union(*map(words_of, entry.tags)),
                  words_of(entry.answer))
        total = 0
        for word in query_words(query):
            matches = index.matches(word)
            best = max((match.points * weight for weight, words in zip(WEIGHTS, fields, strict=True)
                        for known, match in matches.items() if known in words), default=None)
            if best is None:
                break
            total += best
        else:
            scored.append((-total, position, entry.id))
    return [(entry_id, -score) for score, _, entry_id in sorted(scored)]


def test_ranking_is_the_sum_of_each_word_s_best_match() -> None:
    rnd = random.Random(11)
    vocab = ["magnesium", "magnet", "vitamin", "vitamins", "sleep", "slept", "cramp",
             "cramps", "nerve", "nerves", "b", "12", "d", "calcium", "calm", "stress"]

    def text(n: int) -> str:
        return " ".join(rnd.choice(vocab) for _ in range(n))

    tags = [(), ("magnesium",), ("vitamin-d",), ("calcium", "vitamin-b12")]
    entries = [FaqEntry(f"e{i}", text(rnd.randint(1, 6)) + "?", text(rnd.randint(0, 12)),
                        rnd.choice(tags)) for i in range(300)]
    index = FaqIndex(entries)
    for query in ("magn", "magnesum", "vitamin d", "b 12", "nerve cramp sleep", "calm stres",
                  "sle", "slep crmp", "v", "magnet vitamins cramps nerves", "xyzzy"):
        hits = index.search(query).hits
        assert [(h.entry_id, h.score) for h in hits] == _reference(index, query), query


def test_searching_from_several_threads_agrees() -> None:
    entries = [FaqEntry(f"e{i}", f"Question {i} about sleep and magnesium?",
                        "Vitamin D and B 12.") for i in range(2000)]
    index = FaqIndex(entries)
    queries = ["s", "sl", "sle", "slep", "magnesum", "vitamin d", "b 12", "q"] * 5
    expected = {query: found(FaqIndex(entries), query) for query in set(queries)}
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda q: (q, found(index, q)), queries))
    assert all(hits == expected[query] for query, hits in results)
