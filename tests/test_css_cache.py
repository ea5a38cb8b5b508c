"""css_cache: each piece of Textual CSS is parsed once per process and variables."""

from __future__ import annotations

from typing import Any

import pytest
import textual.css.stylesheet as stylesheet_module
from textual.css.stylesheet import Stylesheet

from fasci_tui.widgets import css_cache

CSS = "Label { color: $accent; padding: 1; }"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every CSS text Textual's own parser is asked to parse (the cache emptied first)."""
    seen: list[str] = []
    original = css_cache.textual_parse

    def counting(scope: str, css: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(css)
        return original(scope, css, *args, **kwargs)

    monkeypatch.setattr(css_cache, "textual_parse", counting)
    monkeypatch.setattr(css_cache, "_parsed", {})
    return seen


def sheet(accent: str) -> Stylesheet:
    stylesheet = Stylesheet(variables={"accent": accent})
    stylesheet.add_source(CSS, read_from=("test", "CSS"))
    return stylesheet


def test_stylesheets_parse_through_the_cache() -> None:
    assert css_cache.APPLIED
    assert stylesheet_module.parse is css_cache.parse_once


def test_a_reparse_and_a_new_stylesheet_parse_nothing_again(parses: list[str]) -> None:
    first = sheet("red")
    first.parse()
    first.reparse()  # Textual's re-parse starts from an empty cache of its own
    second = sheet("red")
    second.parse()
    assert parses == [CSS]
    assert second.rules == first.rules


def test_other_variables_are_parsed_anew(parses: list[str]) -> None:
    red, blue = sheet("red"), sheet("blue")
    red.parse()
    blue.parse()
    assert parses == [CSS, CSS]
    colours = [s.rules[0].styles.color for s in (red, blue)]
    assert colours[0] != colours[1]


def test_another_textual_version_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stylesheet_module, "parse", css_cache.textual_parse)
    assert css_cache.install("9.0.0") is False
    assert stylesheet_module.parse is css_cache.textual_parse
