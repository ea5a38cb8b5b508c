"""Parse each piece of Textual CSS once per process, not at every re-parse.

Textual's stylesheet parses its sources again whenever it re-parses (a new screen's
CSS, the theme's variables set at start-up): a fresh ``Stylesheet`` with an empty cache
each time, so an app start tokenized the same widget CSS some ninety times (about 15 ms
of its first screen). This keeps what ``textual.css.parse.parse`` made, keyed by
everything it reads (the CSS, where it came from, its scope, whether it holds default
rules, the tie breaker, and the variables' values), and hands the same rule sets back.
Textual itself reuses rule sets the same way within one stylesheet; nothing changes
them once parsed. Under ``serve ssh`` the zygote fills the cache before it forks, so a
session's app parses no CSS at all.

Applied on import, only on the Textual version it was checked against
(:data:`~fasci_tui.widgets.textual_fixes.CHECKED_ON`), like the fixes beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import textual.css.stylesheet as stylesheet_module
from textual.css.model import RuleSet
from textual.css.parse import parse as textual_parse

from fasci_tui.widgets.textual_fixes import CHECKED_ON, installed_version

MAX_ENTRIES = 1024
"""Parsed pieces kept (a few dozen per theme in practice); past it the cache starts over."""

_parsed: dict[tuple[Any, ...], list[RuleSet]] = {}
_variables: list[tuple[dict[str, Any], int]] = []
"""The last few variable tables seen and a digest of each (a stylesheet's table is one
object for its whole life; keeping it here keeps its id from being reused)."""


def _digest(variable_tokens: dict[str, Any]) -> int:
    for table, digest in _variables:
        if table is variable_tokens:
            return digest
    digest = hash(tuple((name, tuple((token.name, token.value) for token in tokens))
                        for name, tokens in variable_tokens.items()))
    _variables.append((variable_tokens, digest))
    del _variables[:-8]
    return digest


def parse_once(scope: str, css: str, read_from: Any, variables: dict[str, str] | None = None,
               variable_tokens: dict[str, Any] | None = None, is_default_rules: bool = False,
               tie_breaker: int = 0) -> Iterable[RuleSet]:
    """``textual.css.parse.parse``, remembered: the same arguments give the same rule sets."""
    if variables is not None:  # not how the stylesheet calls it: parse as Textual would
        return textual_parse(scope, css, read_from, variables, variable_tokens,
                             is_default_rules, tie_breaker)
    key = (scope, css, read_from, is_default_rules, tie_breaker,
           _digest(variable_tokens) if variable_tokens else 0)
    rules = _parsed.get(key)
    if rules is None:
        rules = list(textual_parse(scope, css, read_from, variable_tokens=variable_tokens,
                                   is_default_rules=is_default_rules, tie_breaker=tie_breaker))
        if len(_parsed) >= MAX_ENTRIES:
            _parsed.clear()
        _parsed[key] = rules
    return _rules(rules)


def _rules(rules: list[RuleSet]) -> Iterator[RuleSet]:
    yield from rules  # a generator, as Textual's parse returns


def cached_pieces() -> int:
    """How many parsed pieces of CSS are kept."""
    return len(_parsed)


def install(version: str | None = None) -> bool:
    """Have Textual's stylesheets parse through :func:`parse_once` if ``version`` (default:
    Textual's installed one) is the checked one; True if so."""
    if (installed_version() if version is None else version) != CHECKED_ON:
        return False
    stylesheet_module.parse = parse_once  # type: ignore[assignment]
    return True


APPLIED = install()
"""True when stylesheets parse through the cache."""
