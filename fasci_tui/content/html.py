"""A page of blocks as one self-contained HTML file: inline CSS, no scripts, nothing
fetched, every piece of text escaped; it prints well (A4 or Letter, black on white).

The third renderer of the page model, beside :mod:`fasci_tui.content.text` and
:mod:`fasci_tui.content.markdown`; like them it adds no words of its own. No Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

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
)

STYLE = """\
body { font: 11pt/1.45 Georgia, "Times New Roman", serif; color: #111; background: #fff;
       max-width: 46em; margin: 2em auto; padding: 0 1em; }
h1 { font-size: 1.6em; margin: 0 0 .2em; }
h1 small { font-size: .55em; color: #555; font-weight: normal; margin-left: .6em; }
h2 { font-size: 1.15em; margin: 1.4em 0 .4em; border-bottom: 1px solid #999;
     page-break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .8em; font-size: .95em; }
th, td { border: 1px solid #bbb; padding: .2em .45em; text-align: left; vertical-align: top; }
th { background: #eee; }
tr, li, .bar { page-break-inside: avoid; }
.muted { color: #555; }
.alert { font-weight: bold; }
.bars td.day { white-space: nowrap; width: 11em; }
.bars td.amount { white-space: nowrap; width: 9em; }
.track { background: #eee; border: 1px solid #999; height: .8em; width: 100%; }
.fill { background: #444; height: .8em; }
ul.alert { list-style: "! "; }
.entry { margin: .3em 0; }
.entry .body { margin-left: 2.2em; color: #333; word-break: break-all; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  .fill { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: #000; text-decoration: none; }
}
"""

_ROLE_TAGS = {"strong": "strong", "em": "em"}


def inline_html(text: Inline | str) -> str:
    """Inline runs as escaped HTML: strong/em as tags, other roles as classes."""
    if isinstance(text, str):
        return escape(text)
    out = []
    for run in text:
        body = escape(run.text)
        if run.role in _ROLE_TAGS:
            tag = _ROLE_TAGS[run.role]
            out.append(f"<{tag}>{body}</{tag}>")
        elif run.role:
            out.append(f'<span class="{escape(run.role)}">{body}</span>')
        else:
            out.append(body)
    return "".join(out)


def _title(block: AnyBlock) -> str:
    assert isinstance(block, Title)
    aside = f" <small>{escape(block.aside)}</small>" if block.aside else ""
    return f"<h1>{escape(block.text)}{aside}</h1>"


def _heading(block: AnyBlock) -> str:
    assert isinstance(block, Heading)
    tag = "h3" if block.minor else "h2"
    return f"<{tag}>{inline_html(block.text)}</{tag}>"


def _para(block: AnyBlock) -> str:
    assert isinstance(block, Para)
    cls = f' class="{escape(block.role)}"' if block.role else ""
    return f"<p{cls}>{inline_html(block.text)}</p>"


def _items(block: AnyBlock) -> str:
    assert isinstance(block, Items)
    cls = ' class="alert"' if block.mark == "!" else ""
    items = "".join(f"<li>{inline_html(item)}</li>" for item in block.items)
    return f"<ul{cls}>{items}</ul>"


def _entry(block: AnyBlock) -> str:
    assert isinstance(block, Entry)
    body = "".join(f'<div class="body">{inline_html(line)}</div>' for line in block.body)
    return (f'<div class="entry">{escape(block.mark)} {inline_html(block.text)}'
            f"{body}</div>")


def _table(block: AnyBlock) -> str:
    assert isinstance(block, Table)
    head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
    rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>"
                   for row in block.rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _bars(block: AnyBlock) -> str:
    assert isinstance(block, Bars)
    rows = []
    for bar in block.rows:
        width = max(0.0, min(bar.percent, 100.0))
        rows.append(f'<tr class="bar"><td class="day">{escape(bar.label)}</td>'
                    f'<td class="amount">{inline_html(bar.amount)}</td>'
                    f'<td><div class="track"><div class="fill" style="width:{width:.0f}%">'
                    "</div></div></td></tr>")
    return f'<table class="bars"><tbody>{"".join(rows)}</tbody></table>'


def _links(block: AnyBlock) -> str:
    assert isinstance(block, Links)
    return "<ul>" + "".join(f"<li>{escape(label)}</li>" for _, label in block.targets) + "</ul>"


def _hint(block: AnyBlock) -> str:
    """Key hints are for the screen only."""
    return ""


_RENDER: dict[type, Callable[[AnyBlock], str]] = {
    Title: _title, Heading: _heading, Para: _para, Items: _items, Entry: _entry,
    Bars: _bars, Table: _table, Links: _links, Hint: _hint,
}


def render(page: Page) -> str:
    """``page`` as one self-contained HTML document."""
    blocks = page.blocks
    body = [] if blocks and isinstance(blocks[0], Title) else [_title(Title(page.title))]
    body += [_RENDER[type(block)](block) for block in blocks]
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(page.title)}</title>\n<style>\n{STYLE}</style>\n</head>\n"
            "<body>\n" + "\n".join(b for b in body if b) + "\n</body>\n</html>\n")
