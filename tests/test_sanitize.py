"""sanitize: what may never reach a terminal from the data, and how it is removed."""

from __future__ import annotations

import pytest

from fasci_tui.content.sanitize import clean, describe, find_unsafe, first_unsafe

UNSAFE = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x7f", "\x80", "\x85", "\x9b",
          "\x9d", "\x9f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
          "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("char", UNSAFE)
def test_each_unsafe_character_is_found_and_removed(char: str) -> None:
    text = f"a{char}b"
    assert first_unsafe(text) == char
    assert find_unsafe(text) == [(1, char)]
    assert clean(text) == "ab"


def test_ordinary_text_is_left_alone() -> None:
    text = "Tabs\tand\nnewlines, accents (é, ü), a dash – and 25(OH)D stay."
    assert first_unsafe(text) is None and find_unsafe(text) == []
    assert clean(text) is text


def test_osc_sequences_lose_their_escape() -> None:
    assert clean("x\x1b]0;title\x07y\x1b]52;c;aGk=\x1b\\z") == "x]0;titley]52;c;aGk=\\z"


def test_raw_files_may_end_lines_with_cr_lf() -> None:
    assert find_unsafe("a: b\r\nc: d\r\n", raw=True) == []
    assert find_unsafe("a: b\r\n", raw=False) == [(4, "\r")]


def test_descriptions_name_the_character() -> None:
    assert describe("\x1b") == "U+001B (escape, a control character)"
    assert describe("\x9d") == "U+009D (OSC, a C1 control character)"
    assert describe("\u202e") == "U+202E (right-to-left override, a bidirectional control)"
    assert describe("\x01") == "U+0001 (a control character)"
