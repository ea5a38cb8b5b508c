"""The FAQ search index: typos, "b 12", aliases, ranking, spans and scale."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from fasci_tui.content import Content
from fasci_tui.content import search as search_module
from fasci_tui.content.model import FaqEntry
from fasci_tui.content.search import (
    ANSWER,
    QUESTION,
    TAG,
    FaqIndex,
    edit_distance,
    max_typos,
    prefix_distance,
    query_tokens,
    tokenize,
)


@pytest.fixture(scope="module")
def index(content: Content) -> FaqIndex:
    return FaqIndex(content.faq, content.nutrients)


def ids(hits: list) -> list[str]:
    return [hit.entry_id for hit in hits]


def matched(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_empty_query_returns_everything_in_order_without_spans(
        index: FaqIndex, content: Content) -> None:
    for query in ("", "   ", "?!"):
        hits = index.search(query)
        assert ids(hits) == [entry.id for entry in content.faq]
        assert all(h.question_spans == () and h.answer_spans == () for h in hits)


@pytest.mark.parametrize("query", ["magnesium", "magnesum", "magensium", "MAGNESIUM", "magn"])
def test_magnesium_with_and_without_typos(index: FaqIndex, query: str) -> None:
    found = ids(index.search(query))
    assert found[:2] == ["magnesium-form-and-dose", "acid-reducers-magnesium"]  # in question
    assert set(found) == {"magnesium-form-and-dose", "acid-reducers-magnesium",
                          "most-important-nutrient", "what-electrolytes-do",
                          "diet-or-supplements", "alcohol", "medicine-cause",
                          "which-blood-tests", "percent-bars"}


@pytest.mark.parametrize("query", ["b12", "b 12", "B-12", "vitamin b12", "vitamin b 12"])
def test_b12_spellings(index: FaqIndex, content: Content, query: str) -> None:
    hits = index.search(query)
    assert hits[0].entry_id == "b12-and-twitching"
    entry = index.entry("b12-and-twitching")
    assert "B12" in matched(entry.question, hits[0].question_spans)


def test_b_12_in_text_is_found_by_b12() -> None:
    entries = [FaqEntry("x", "About vitamin B 12?", "Some b-12 facts."),
               FaqEntry("y", "About B1?", "Thiamin.")]
    hits = FaqIndex(entries).search("b12")
    assert ids(hits) == ["x"]
    assert matched(entries[0].question, hits[0].question_spans) == ["B 12"]
    assert matched(entries[0].answer, hits[0].answer_spans) == ["b-12"]


def test_vitamin_d_with_a_typo(index: FaqIndex) -> None:
    hits = index.search("vitamn d")
    assert hits[0].entry_id == "vitamin-d-and-twitching"
    entry = index.entry(hits[0].entry_id)
    assert matched(entry.question, hits[0].question_spans) == ["vitamin", "D"]


def test_aliases_reach_tagged_entries(index: FaqIndex) -> None:
    found = ids(index.search("cobalamin"))
    assert set(found) == {"b12-and-twitching", "diet-or-supplements", "which-blood-tests",
                          "metformin-b12", "b12-normal-but-short"}
    assert ids(index.search("cholecalciferol")) == ["vitamin-d-and-twitching",
                                                    "too-much-vitamin-d"]
    # Alias matches come from tags, so nothing in the text is highlighted.
    hit = index.search("cobalamin")[0]
    assert hit.question_spans == () and hit.answer_spans == ()


def test_no_match(index: FaqIndex) -> None:
    assert index.search("xyzzy") == []
    assert index.search("magnesium xyzzy") == []


def test_every_word_must_match(index: FaqIndex) -> None:
    assert ids(index.search("stress twitching")) == ["stress-and-twitching", "anxiety-all-over"]
    assert "when-to-see-a-doctor" in ids(index.search("doctor"))
    assert ids(index.search("stress doctor twitching")) == ["anxiety-all-over"]


def test_question_matches_rank_above_answer_only_matches() -> None:
    entries = [
        FaqEntry("answer-only", "Something else?", "Potassium helps here."),
        FaqEntry("in-question", "What about potassium?", "It helps."),
        FaqEntry("typo-in-question", "What about potasium?", "It helps."),
    ]
    found = ids(FaqIndex(entries).search("potassium"))
    assert found == ["in-question", "typo-in-question", "answer-only"]


def test_ties_keep_entry_order() -> None:
    entries = [FaqEntry(str(i), f"Question {i} about sleep?", "Rest.") for i in range(5)]
    assert ids(FaqIndex(entries).search("sleep")) == ["0", "1", "2", "3", "4"]


def test_spans_cover_what_matched() -> None:
    entry = FaqEntry("e", "Does magnesium help magnesium-poor diets?",
                     "Magnesium and calcium: see magnesium.")
    hits = FaqIndex([entry]).search("magn calc")
    hit = hits[0]
    # Prefix matches highlight only the typed part.
    assert matched(entry.question, hit.question_spans) == ["magn", "magn"]
    assert matched(entry.answer, hit.answer_spans) == ["Magn", "calc", "magn"]
    # A typo highlights the whole word it matched.
    hit = FaqIndex([entry]).search("calcum")[0]
    assert matched(entry.answer, hit.answer_spans) == ["calcium"]
    assert hit.question_spans == ()


def test_spans_are_sorted_and_do_not_overlap() -> None:
    entry = FaqEntry("e", "B 12 or b12 or vitamin b 12?", "b")
    hit = FaqIndex([entry]).search("b 12 vitamin b")[0]
    spans = hit.question_spans
    assert list(spans) == sorted(spans)
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert matched(entry.question, spans) == ["B 12", "b12", "vitamin", "b 12"]


def test_short_and_numeric_tokens_are_not_fuzzy() -> None:
    entries = [FaqEntry("b1", "Thiamin, B1?", "."), FaqEntry("may", "May I?", ".")]
    index = FaqIndex(entries)
    assert index.search("b12") == []
    assert index.search("mag") == []
    assert max_typos("mag") == 0 and max_typos("b12x") == 0
    assert max_typos("vitamn") == 1 and max_typos("magnesum") == 2


def test_typo_in_the_start_of_a_word_still_filters_as_you_type() -> None:
    index = FaqIndex([FaqEntry("m", "Magnesium?", ".")])
    for partial in ("m", "ma", "mag", "magn", "magne", "magnes", "magnesu", "magnesum"):
        assert ids(index.search(partial)) == ["m"], partial
    assert ids(index.search("magensi")) == ["m"]


def test_accents_are_ignored_and_offsets_kept() -> None:
    entry = FaqEntry("c", "Is café au lait OK?", "Crème brûlée too.")
    hit = FaqIndex([entry]).search("cafe brulee")[0]
    assert matched(entry.question, hit.question_spans) == ["café"]
    assert matched(entry.answer, hit.answer_spans) == ["brûlée"]


def test_tokenize_and_query_tokens() -> None:
    assert [t.text for t in tokenize("Vitamin B-12!")] == ["vitamin", "b", "12", "b12"]
    assert query_tokens("vitamin b 12 B12") == ["vitamin", "b12"]
    assert query_tokens("d3 a") == ["d3", "a"]


def test_edit_distances() -> None:
    assert edit_distance("magnesum", "magnesium", 2) == 1
    assert edit_distance("magensium", "magnesium", 1) == 1  # a swap counts once
    assert edit_distance("abc", "xyz", 2) is None
    assert edit_distance("same", "same", 0) == 0
    assert prefix_distance("vitm", "vitamin", 1) == (1, 4)
    assert prefix_distance("zzzz", "vitamin", 1) is None


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
        hits = index.search(query)
        assert hits and hits[0].entry_id == "needle", query
        assert hits[0].question_spans
    assert len(index.search("")) == 20_000
    assert index.search("a")  # a one-letter prefix matches a great many entries
    assert index.search("qqqqqqqqqq") == []


def test_hits_is_a_lazy_sequence() -> None:
    entries = [FaqEntry(f"q{i}", f"Question {i} about sleep?", "Rest.") for i in range(500)]
    index = FaqIndex(entries)
    hits = index.search("sleep")
    assert len(hits) == 500 and hits
    assert hits[0].entry_id == "q0" and hits[-1].entry_id == "q499"
    assert ids(hits[10:13]) == ["q10", "q11", "q12"]
    assert ids(hits[-2:]) == ["q498", "q499"] and ids(hits[2::-1]) == ["q2", "q1", "q0"]
    assert ids(hits) == [f"q{i}" for i in range(500)]
    assert hits == list(hits) and list(hits) == hits and hits != list(hits)[1:]
    assert "q0" in repr(hits)
    with pytest.raises(IndexError):
        hits[500]
    empty = index.search("xyzzy")
    assert len(empty) == 0 and not empty and empty == [] and list(empty) == []


def _reference_search(index: FaqIndex, query: str) -> list[tuple[str, float]]:
    """Score every entry the slow, obvious way: (id, score), best first, ties in order."""
    fields = [(QUESTION, 3.0), (TAG, 2.0), (ANSWER, 1.0)]
    found = []
    tokens = query_tokens(query)
    for position, entry in enumerate(index.entries):
        words = {QUESTION: {t.text for t in tokenize(entry.question)},
                 ANSWER: {t.text for t in tokenize(entry.answer)},
                 TAG: {t.text for tag in entry.tags for t in tokenize(tag)}}
        total = 0.0
        for token in tokens:
            matches = {index._vocab[w]: m for w, m in index.match_word(token).items()}
            best = max((m.quality * weight for flag, weight in fields
                        for word, m in matches.items() if word in words[flag]), default=None)
            if best is None:
                break
            total += best
        else:
            found.append((-round(total * 20), position, entry.id))
    return [(entry_id, -score / 20) for score, _, entry_id in sorted(found)]


@pytest.mark.parametrize("walk_limit", [8, 0])  # 0: the entry-by-entry fallback
def test_ranking_matches_scoring_every_entry(
        monkeypatch: pytest.MonkeyPatch, walk_limit: int) -> None:
    monkeypatch.setattr(search_module, "_WALK_LIMIT", walk_limit)
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
        expected = _reference_search(index, query)
        hits = index.search(query)
        assert [(h.entry_id, h.score) for h in hits] == expected, query


def test_searching_from_several_threads_agrees() -> None:
    entries = [FaqEntry(f"e{i}", f"Question {i} about sleep and magnesium?",
                        "Vitamin D and B 12.") for i in range(2000)]
    index = FaqIndex(entries)
    queries = ["s", "sl", "sle", "slep", "magnesum", "vitamin d", "b 12", "q"] * 5
    expected = {query: ids(FaqIndex(entries).search(query)) for query in set(queries)}
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda q: (q, ids(index.search(q))), queries))
    assert all(found == expected[query] for query, found in results)
