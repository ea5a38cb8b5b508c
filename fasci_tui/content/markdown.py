"""Markdown of the page model, for ``fasci-tui show --format md`` and for ``y`` (copy).

Draws the same blocks as ``content/text.py`` with Markdown's marks: ``#`` headings,
``**strong**`` and ``*em*`` runs, ``-`` lists, pipe tables, ``<address>`` links. Like the
plain text renderer it adds no words of its own. Textual-free.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from fasci_tui.content.page import (
    AnyBlock,
    Bars,
    Entry,
    Heading,
    Hint,
    Inline,
    Items,
    Links,
    Page,
    Para,
    Table,
    Title,
    percent_text,
)

_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_<>|#"})
"""Characters Markdown would read as marks."""


def escape(text: str) -> str:
    """``text`` with Markdown's special characters escaped (whitespace folded)."""
    return " ".join(text.split()).translate(_SPECIAL)


def inline_md(text: Inline | str) -> str:
    """Inline runs as Markdown: strong and alert bold, em and muted italic, addresses in
    angle brackets (a link that survives copying)."""
    if isinstance(text, str):
        return escape(text)
    out = []
    for run in text:
        words = escape(run.text)
        if not words.strip():
            out.append(words)
            continue
        lead = run.text[: len(run.text) - len(run.text.lstrip())] and " "
        tail = run.text[len(run.text.rstrip()):] and " "
        core = words.strip()
        if run.role == "url":
            core = f"<{' '.join(run.text.split())}>"
        elif run.role in ("strong", "alert"):
            core = f"**{core}**"
        elif run.role in ("em", "muted"):
            core = f"*{core}*"
        out.append(lead + core + tail)
    return "".join(out).strip()


def _title(block: AnyBlock) -> list[str]:
    assert isinstance(block, Title)
    aside = f" *{escape(block.aside)}*" if block.aside else ""
    return [f"# {escape(block.text)}{aside}", ""]


def _heading(block: AnyBlock) -> list[str]:
    assert isinstance(block, Heading)
    text = inline_md(block.text)
    return [f"**{text}**" if block.minor else f"## {text}", ""]


def _para(block: AnyBlock) -> list[str]:
    assert isinstance(block, Para)
    text = inline_md(block.text)
    if block.role in ("muted", "em") and not text.startswith("*"):
        text = f"*{text}*"
    elif block.role in ("strong", "alert") and not text.startswith("**"):
        text = f"**{text}**"
    return [text, ""]


def _items(block: AnyBlock) -> list[str]:
    assert isinstance(block, Items)
    mark = "- ⚠ " if block.mark == "!" else "- "
    return [mark + inline_md(item) for item in block.items] + [""]


def _entry(block: AnyBlock) -> list[str]:
    assert isinstance(block, Entry)
    numbered = block.mark.endswith(".") and block.mark[:-1].isdigit()
    lines = [f"{block.mark if numbered else '- ' + block.mark} {inline_md(block.text)}"]
    indent = " " * (len(block.mark) + 1 if numbered else 2)
    lines += [f"{indent}{inline_md(line)}" for line in block.body]
    return lines + [""]


def _cell(text: str) -> str:
    return escape(text) or " "


def _table(block: AnyBlock) -> list[str]:
    assert isinstance(block, Table)
    lines = ["| " + " | ".join(_cell(h) for h in block.header) + " |",
             "|" + "|".join("---" for _ in block.header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
    return lines + [""]


def _bars(block: AnyBlock) -> list[str]:
    assert isinstance(block, Bars)
    return [f"- {escape(bar.label)}: {inline_md(bar.amount)} ({percent_text(bar.percent)})"
            for bar in block.rows] + [""]


def _links(block: AnyBlock) -> list[str]:
    assert isinstance(block, Links)
    return [f"- {escape(label)}" for _target, label in block.targets] + [""]


def _hint(block: AnyBlock) -> list[str]:
    """Key hints are for the screen only."""
    return []


_RENDER: dict[type, Callable[[AnyBlock], list[str]]] = {
    Title: _title, Heading: _heading, Para: _para, Items: _items, Entry: _entry,
    Bars: _bars, Table: _table, Links: _links, Hint: _hint,
}
"""How each kind of block is written."""


def render_blocks(blocks: Iterable[AnyBlock]) -> str:
    """Blocks as Markdown (a part of a page: one FAQ answer, one table row)."""
    lines: list[str] = []
    for block in blocks:
        lines += _RENDER[type(block)](block)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def render(page: Page) -> str:
    """``page`` as Markdown."""
    blocks = page.blocks
    head: tuple[AnyBlock, ...] = () if blocks and isinstance(blocks[0], Title) else (
        Title(page.title),)
    return render_blocks((*head, *blocks))
